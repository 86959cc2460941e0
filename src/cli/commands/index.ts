// `ios-backup index`: one job in this process (no Redis), on the configured or the embedded PostgreSQL. On a terminal
// it draws a bar per source (src/cli/progress.ts), then prints the summary table and where the data is.
import { openBackup } from '../../backup/backup.js';
import { commandLinePassword } from '../../backup/password.js';
import { IndexJobRunner, validateJobInput } from '../../kernel/job.js';
import { removeWorkFoldersOnSignals } from '../../kernel/work-folder.js';
import { withNotesPasswords } from '../args.js';
import { exitCodeOf, jobInput, notesPasswords } from '../job-input.js';
import { jsonReport, printIndexSummary } from '../output.js';
import { jobProgress } from '../progress.js';
import { stepTime } from '../units.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

export async function run(positionals: string[], values: Values): Promise<number> {
  // A job run here keeps private copies of evidence: they go with the process however it ends (Ctrl-C, kill, a
  // closed pipe), and the previous index stays intact (the job's transaction rolls back with the connection).
  removeWorkFoldersOnSignals((signal) => {
    try {
      process.stderr.write(`\nios-backup: stopped by ${signal}; the private copies were removed and the previous index is intact\n`);
    } catch {
      // stderr may be the closed pipe itself.
    }
  });
  return withSession(values, async (app) => {
    const input = await jobInput(positionals, values);
    validateJobInput(input, app.plugins);
    const plugins = withNotesPasswords(app.plugins, await notesPasswords(values));
    const password = commandLinePassword({ file: values['password-file'] as string | undefined, env: values['password-env'] as string | undefined });
    const orm = await app.orm();
    const display = jobProgress({ json: Boolean(values.json) });
    const runner = new IndexJobRunner({
      orm,
      plugins,
      logger: app.logger,
      progress: display.progress,
      onEvent: display.onEvent,
      workDir: app.config.workDir,
      openBackup: (job, work) => openBackup(job.sourcePath!, work, { plugins, password }),
    });
    let result;
    try {
      result = await runner.run(input);
    } finally {
      display.stop(result ? `backup ${result.backupId}: ${result.status} in ${stepTime(result.durationMs)}` : undefined);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(jsonReport(result))}\n`);
    else printIndexSummary(result, { database: await app.database(), plugins });
    return exitCodeOf(result);
  });
}
