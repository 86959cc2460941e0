// The BullMQ worker: runs indexing jobs with the kernel's job runner. A plugin's bad data is recorded on the job's
// result; errors a retry cannot fix are unrecoverable; a database or Redis outage is retried on a capped backoff.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { openBackup } from '../backup/backup.js';
import { recoverFromDeadRuns, type App } from '../kernel/app.js';
import { oneLine } from '../kernel/errors.js';
import { isRedisGone, nameFailure } from '../kernel/failures.js';
import { IndexJobRunner, type IndexJobInput, type IndexJobResult } from '../kernel/job.js';
import { CAPPED_BACKOFF, INDEX_JOB_NAME, cappedBackoff, watchRedis } from './queue.js';
import { secretPassword } from './secrets.js';

/** How often a worker records backups whose jobs died elsewhere (see markInterrupted). */
const RECOVERY_EVERY_MS = 60_000;

/** A running worker and what it needs to stop. */
export interface RunningWorker {
  worker: Worker<IndexJobInput, IndexJobResult>;
  close(): Promise<void>;
}

/** Creates a running worker on the app's queue. */
export async function startWorker(app: App, connection: Redis, concurrency: number): Promise<RunningWorker> {
  const orm = await app.orm();
  const log = app.logger;
  // A job of a backup folder opens it as `index <folder>` does; an encrypted one's password comes from the secret the
  // job names, read here from the worker's own environment or secrets folder (never from Redis).
  const runner = new IndexJobRunner({
    orm,
    plugins: app.plugins,
    logger: log,
    workDir: app.config.workDir,
    openBackup: (input, work) =>
      openBackup(input.sourcePath!, work, {
        plugins: app.plugins,
        password: secretPassword(input.passwordSecret, app.config.secretsDir),
        requester: 'worker',
      }),
  });
  watchRedis(connection, log, 'worker');
  const worker = new Worker<IndexJobInput, IndexJobResult>(
    app.config.queueName,
    async (job: Job<IndexJobInput, IndexJobResult>) => {
      if (job.name !== INDEX_JOB_NAME) throw new UnrecoverableError(`unknown job name ${job.name}`);
      const attempt = { jobId: String(job.id), attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
      try {
        return await runner.run(job.data, attempt);
      } catch (error) {
        const failure = nameFailure(error);
        if (!failure.recoverable) throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
        throw new Error(`${failure.code}: ${failure.message}`);
      }
    },
    {
      connection,
      concurrency,
      autorun: true,
      settings: {
        backoffStrategy: (attemptsMade, type, _error, job) => {
          const base = Number((job?.opts.backoff as { delay?: number } | undefined)?.delay ?? app.config.jobBackoffMs);
          if (type !== CAPPED_BACKOFF) return base;
          return cappedBackoff(attemptsMade, base, app.config.jobBackoffMaxMs);
        },
      },
    },
  );
  worker.on('failed', (job, error) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    log.warn(
      { step: final ? 'job-failed' : 'job-retry', jobId: job?.id, backupId: job?.data.backupId, attempt: job?.attemptsMade, attempts: job?.opts.attempts, err: oneLine(error.message) },
      final ? 'job failed' : 'job attempt failed; it will be retried',
    );
  });
  const lostJobs = new Map<string, number>();
  worker.on('error', (error) => {
    if (isRedisGone(error) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT/.test(error.message)) {
      log.debug({ step: 'worker-error', err: oneLine(error.message) }, 'worker cannot reach Redis');
    } else if (/Missing (key|lock) for job/.test(error.message)) {
      // BullMQ tries moveToFinished, then moveToDelayed, on the same lost job: one line per job.
      const jobId = /for job (\S+?)\.? /.exec(error.message)?.[1] ?? error.message;
      const now = Date.now();
      if (now - (lostJobs.get(jobId) ?? 0) < 2000) return;
      lostJobs.set(jobId, now);
      if (lostJobs.size > 1000) lostJobs.delete(lostJobs.keys().next().value!);
      log.warn(
        { step: 'job-lost', err: oneLine(error.message) },
        'Redis lost the job while it ran (restarted without persistence?); the backup status in PostgreSQL holds the outcome',
      );
    } else {
      log.error({ step: 'worker-error', err: oneLine(error.message) }, 'worker error');
    }
  });
  await worker.waitUntilReady();
  // A backup whose job died in another process (or in this one, while PostgreSQL was down) is recorded here later.
  const recovery = setInterval(() => {
    recoverFromDeadRuns(orm, log, app.config.workDir).catch((error) => log.debug({ step: 'recovery', err: nameFailure(error).message }, 'recovery pass skipped'));
  }, RECOVERY_EVERY_MS);
  recovery.unref();
  return {
    worker,
    close: async () => {
      clearInterval(recovery);
      await worker.close();
    },
  };
}
