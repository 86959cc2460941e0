// `ios-backup backups`: every indexed backup with its device, state, last indexed time and rows per domain.
import { printBackups } from '../output.js';
import { withSession } from '../session.js';
import type { Values } from '../usage.js';

/** One listed backup. */
export interface BackupListing {
  backupId: string;
  deviceName: string | null;
  iosVersion: string | null;
  status: string;
  errorCode: string | null;
  indexedAt: string | null;
  sourcePath: string | null;
  /** Per domain, rows per table (`{"contacts": {"contact": 6, "contact_value": 9}}`). */
  rows: Record<string, Record<string, number>>;
  /** Per domain, how its last run ended: `completed`, `failed` (one source failed) or `skipped` (nothing read). */
  outcomes: Record<string, 'completed' | 'failed' | 'skipped'>;
  searchDocuments: number;
}

export async function run(_positionals: string[], values: Values): Promise<number> {
  return withSession(values, async (app) => {
    const orm = await app.orm();
    const connection = orm.em.fork().getConnection();
    const backups = await connection.execute<Array<Record<string, any>>>(
      `SELECT b.id, b.device_name, b.product_version, b.status, b.error_code, b.indexed_at, b.source_path,
              (SELECT count(*) FROM artifact_search_index s WHERE s.backup_id = b.id) AS documents
         FROM backup b ORDER BY b.indexed_at DESC NULLS LAST, b.id`,
    );
    const sources = await connection.execute<Array<Record<string, any>>>('SELECT backup_id, plugin, rows, status FROM artifact_source ORDER BY plugin');
    const listing: BackupListing[] = backups.map((backup) => {
      const rows: Record<string, Record<string, number>> = {};
      const outcomes: BackupListing['outcomes'] = {};
      for (const source of sources.filter((row) => row.backup_id === backup.id)) {
        const before = outcomes[source.plugin];
        outcomes[source.plugin] = before === 'failed' || source.status === 'failed' ? 'failed' : before === 'completed' || source.status === 'completed' ? 'completed' : 'skipped';
        const tables = (rows[source.plugin] ??= {});
        for (const [table, n] of Object.entries((source.rows ?? {}) as Record<string, number>)) tables[table] = (tables[table] ?? 0) + Number(n);
      }
      return {
        backupId: backup.id,
        deviceName: backup.device_name ?? null,
        iosVersion: backup.product_version ?? null,
        status: backup.status,
        errorCode: backup.error_code ?? null,
        indexedAt: backup.indexed_at ? new Date(backup.indexed_at).toISOString() : null,
        sourcePath: backup.source_path ?? null,
        rows,
        outcomes,
        searchDocuments: Number(backup.documents),
      };
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ backups: listing })}\n`);
    else printBackups(listing, app.plugins);
    return 0;
  });
}
