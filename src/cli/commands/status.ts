// `ios-backup status <backup-id>`: the backup's state, device facts and what each plugin did in its last run, in words
// (the rows read, the time, the warnings' text); --json gives the backup row and its artifact_source rows.
import { IosBackupError, InputError } from '../../kernel/errors.js';
import { isBeingIndexed } from '../../kernel/job.js';
import type { SourceRow } from '../../kernel/recorded.js';
import { deviceOf, printStatus } from '../output.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

export async function run(positionals: string[], values: Values): Promise<number> {
  const backupId = positionals[0];
  if (!backupId || positionals.length > 1) throw new InputError('status needs exactly one backup id (`ios-backup backups` lists them)');
  return withSession(values, async (app) => {
    const orm = await app.orm();
    const connection = orm.em.fork().getConnection();
    const [backup] = await connection.execute('SELECT * FROM backup WHERE id = ?', [backupId]);
    if (!backup) throw new IosBackupError('NOT_FOUND', `no backup with id "${backupId}" (\`ios-backup backups\` lists the indexed ones)`);
    const sources = await connection.execute<Array<SourceRow & Record<string, unknown>>>(
      `SELECT plugin, path, domain, relative_path, sha256, size, schema_variant, rows, warnings, status, error, error_code, duration_ms, search_documents
         FROM artifact_source WHERE backup_id = ? ORDER BY created_at, plugin`,
      [backupId],
    );
    const interrupted = backup.error_code === 'INTERRUPTED' || (backup.status === 'INDEXING' && !(await isBeingIndexed(orm, backupId)));
    if (values.json) process.stdout.write(`${JSON.stringify({ backup, device: deviceOf(backup), interrupted, sources })}\n`);
    else printStatus(backup, sources, interrupted, app.plugins);
    return 0;
  });
}
