// `ios-backup demo`: builds a made-up but realistic iPhone backup in a private temporary folder, indexes it as backup
// `demo` in this process (on the configured, default or embedded PostgreSQL), and shows what a few searches find.
import { tmpdir } from 'node:os';
import { backupRoot, openBackup } from '../../backup/backup.js';
import { buildDemoBackup, DEMO_BACKUP_ID, DEMO_SEARCHES } from '../../demo/demo-backup.js';
import { InputError } from '../../kernel/errors.js';
import { IndexJobRunner } from '../../kernel/job.js';
import { removeWorkFoldersOnSignals, WorkFolder } from '../../kernel/work-folder.js';
import { searchIndex, type SearchHit } from '../../search/search.js';
import { exitCodeOf } from '../job-input.js';
import { jsonReport, printIndexSummary, printSearch } from '../output.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

/** Hits shown per search, and how many are counted at most. */
const HITS_SHOWN = 5;
const HITS_COUNTED = 100;

export async function run(positionals: string[], values: Values): Promise<number> {
  if (positionals.length > 0) throw new InputError('demo takes no arguments: `ios-backup demo [--json]`');
  // The demo backup and the job's private copies go with the process however it ends (Ctrl-C, kill, a closed pipe).
  removeWorkFoldersOnSignals((signal) => {
    try {
      process.stderr.write(`\nios-backup: demo stopped by ${signal}; its temporary backup was removed\n`);
    } catch {
      // stderr may be the closed pipe itself.
    }
  });
  const progress = values.json ? undefined : (line: string) => process.stderr.write(`  ${line}\n`);
  return withSession(values, async (app) => {
    const folder = await WorkFolder.create(tmpdir());
    try {
      progress?.('building a demo iPhone backup (made-up people, chats, photos, notes and events)');
      const built = await buildDemoBackup(folder.path, app.plugins);
      const orm = await app.orm();
      const database = await app.database();
      const runner = new IndexJobRunner({
        orm,
        plugins: app.plugins,
        logger: app.logger,
        progress,
        workDir: app.config.workDir,
        openBackup: (job, work) => openBackup(job.sourcePath!, work, { plugins: app.plugins, password: async () => null }),
      });
      const result = await runner.run({ backupId: DEMO_BACKUP_ID, artifacts: {}, sourcePath: await backupRoot(built.root) });
      const found: Array<{ query: string; hits: SearchHit[] }> = [];
      for (const query of DEMO_SEARCHES) found.push({ query, hits: (await searchIndex(orm, { text: query, backupIds: [DEMO_BACKUP_ID], limit: HITS_COUNTED })).hits });
      const searches = found.map(({ query, hits }) => ({ query, hits: hits.slice(0, HITS_SHOWN) }));
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ summary: jsonReport(result), database: { kind: database.kind, description: database.description }, searches })}\n`);
        return exitCodeOf(result);
      }
      printIndexSummary(result);
      process.stdout.write(`data: ${database.description}\n`);
      for (const { query, hits } of found) {
        const count = hits.length >= HITS_COUNTED ? `${HITS_COUNTED}+` : String(hits.length);
        process.stdout.write(`\nsearch "${query}": ${count} hit${hits.length === 1 ? '' : 's'}${hits.length > HITS_SHOWN ? `, the first ${HITS_SHOWN}` : ''}\n`);
        printSearch({ hits: hits.slice(0, HITS_SHOWN), nextCursor: null });
      }
      process.stdout.write(
        `\nThe demo backup was temporary and is gone; its index stays as backup "${DEMO_BACKUP_ID}".\n` +
          `Search it again:   ios-backup search "tram 28" --backup-id ${DEMO_BACKUP_ID}\n` +
          'Index your own:    ios-backup index <backup-folder>\n',
      );
      return exitCodeOf(result);
    } finally {
      await folder.remove();
    }
  });
}
