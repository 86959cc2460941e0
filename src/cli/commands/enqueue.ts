// `ios-backup enqueue`: hands the job to the worker fleet through Redis; `--wait` follows it to its outcome.
import { randomUUID } from 'node:crypto';
import { checkBackupFolder, PasswordRequiredError } from '../../backup/backup.js';
import { InputError } from '../../kernel/errors.js';
import { validateJobInput, type IndexJobInput } from '../../kernel/job.js';
import { connectRedis, enqueueIndexJob, openQueue } from '../../queue/queue.js';
import { waitForOutcome } from '../../queue/wait.js';
import { parseLimit } from '../args.js';
import { exitCodeOf, jobInput } from '../job-input.js';
import { jsonReport, printIndexSummary } from '../output.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

export async function run(positionals: string[], values: Values): Promise<number> {
  if (values['notes-password'] !== undefined || values['notes-password-file'] !== undefined) {
    throw new InputError('enqueue does not send note passwords through the queue (Redis would keep them): set them in the notes options of plugins.config.ts on the workers, or use index');
  }
  if (values['password-file'] !== undefined || values['password-env'] !== undefined) {
    throw new InputError('enqueue does not send backup passwords through the queue (Redis would keep them): give --password-secret NAME, a secret the workers hold (see the README)');
  }
  // The workers read the configured PostgreSQL: an embedded one of this process would be another database.
  return withSession(values, async (app) => {
    const parsed = await jobInput(positionals, values);
    const secret = values['password-secret'] as string | undefined;
    if (parsed.sourcePath) {
      const { encrypted } = await checkBackupFolder(parsed.sourcePath, app.plugins);
      if (encrypted && secret === undefined) throw new PasswordRequiredError('enqueue');
    }
    const input = { ...parsed, runId: randomUUID(), ...(secret !== undefined ? { passwordSecret: secret } : {}) };
    validateJobInput(input, app.plugins);
    const timeoutMs = values.timeout === undefined ? app.config.waitTimeoutMs : parseLimit('--timeout', values.timeout as string, 0, 7 * 86_400) * 1000;
    // PostgreSQL first: waiting reads the outcome there when Redis cannot tell it.
    const orm = values.wait ? await app.orm() : null;
    const connection = await connectRedis(app.config);
    const queue = openQueue(app.config.queueName, connection);
    const options = { attempts: app.config.jobAttempts, backoffMs: app.config.jobBackoffMs };
    try {
      const { job, created } = await enqueueIndexJob(queue, input, options);
      if (!values.json) process.stderr.write(`${created ? 'queued' : 'already queued'}: job ${job.id} for backup ${input.backupId}\n`);
      if (!orm) {
        if (values.json) process.stdout.write(`${JSON.stringify({ backupId: input.backupId, jobId: job.id, created })}\n`);
        return 0;
      }
      const followed = { ...input, runId: (job.data as IndexJobInput).runId ?? input.runId };
      const { result, from } = await waitForOutcome({
        queue,
        orm,
        plugins: app.plugins,
        input: followed,
        enqueue: options,
        timeoutMs,
        logger: app.logger,
        notify: values.json ? undefined : (line) => process.stderr.write(`  ${line}\n`),
      });
      if (values.json) process.stdout.write(`${JSON.stringify({ ...jsonReport(result), resultFrom: from })}\n`);
      else {
        if (from === 'postgresql') process.stderr.write('  the queue lost the job after it ran; this outcome was read from PostgreSQL\n');
        printIndexSummary(result);
      }
      return exitCodeOf(result);
    } finally {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    }
  }, { embedded: false });
}
