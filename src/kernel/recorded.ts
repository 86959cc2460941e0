// A job's outcome as PostgreSQL recorded it: the backup row and its sources rebuilt into the job result shape, for a
// client whose job Redis lost (the worker finished, but the queue no longer knows the job).
import type { MikroORM } from '@mikro-orm/postgresql';
import type { BackupStatus } from '../entities/Backup.js';
import { disabledReason, NO_ARTIFACT, reportOf, type IndexJobResult, type PluginReport } from './job.js';
import type { RegisteredPlugin, SourceWarning } from './plugin.js';

/** What the backup row says of its last run. */
export interface RecordedRun {
  status: BackupStatus;
  runId: string | null;
  error: string | null;
  errorCode: string | null;
}

/** The backup's status and the run that set it; null when the backup is unknown. */
export async function recordedRun(orm: MikroORM, backupId: string): Promise<RecordedRun | null> {
  const [row] = await orm.em
    .fork()
    .getConnection()
    .execute<Array<{ status: BackupStatus; run_id: string | null; error: string | null; error_code: string | null }>>(
      'SELECT status, run_id, error, error_code FROM backup WHERE id = ?',
      [backupId],
    );
  return row ? { status: row.status, runId: row.run_id, error: row.error, errorCode: row.error_code } : null;
}

/** An artifact_source row, as far as a plugin report needs it. */
export interface SourceRow {
  plugin: string;
  status: PluginReport['status'];
  rows: Record<string, number> | null;
  warnings: SourceWarning[] | null;
  error: string | null;
  error_code: string | null;
  search_documents: number | null;
  duration_ms: number | null;
}

/** The result of the backup's last committed index, per plugin as `index --json` reports it. */
export async function recordedResult(orm: MikroORM, plugins: readonly RegisteredPlugin[], backupId: string): Promise<IndexJobResult> {
  const connection = orm.em.fork().getConnection();
  const [backup] = await connection.execute<Array<{ status: BackupStatus; search_documents: number | null }>>(
    'SELECT status, search_documents FROM backup WHERE id = ?',
    [backupId],
  );
  const sources = await connection.execute<SourceRow[]>(
    'SELECT plugin, status, rows, warnings, error, error_code, search_documents, duration_ms FROM artifact_source WHERE backup_id = ? ORDER BY created_at, id',
    [backupId],
  );
  const reports = recordedReports(plugins, sources);
  return {
    backupId,
    status: backup?.status ?? ('PENDING' as BackupStatus),
    plugins: reports,
    searchDocuments: backup?.search_documents ?? reports.reduce((sum, report) => sum + report.searchDocuments, 0),
    durationMs: reports.reduce((sum, report) => sum + report.durationMs, 0),
  };
}

/** Per registered plugin, its report rebuilt from the backup's artifact_source rows (a disabled one has none). */
export function recordedReports(plugins: readonly RegisteredPlugin[], sources: readonly SourceRow[]): PluginReport[] {
  return plugins.map((plugin): PluginReport => {
    const id = plugin.declaration.id;
    if (!plugin.enabled) return { ...reportOf(id, []), reason: disabledReason(plugin), skipped: 'disabled' };
    const mine = sources.filter((source) => source.plugin === id);
    if (mine.length === 0) return { ...reportOf(id, []), reason: NO_ARTIFACT, skipped: 'not-found' };
    const outcomes = mine.map((source): PluginReport => {
      const outcome: PluginReport = {
        id,
        status: source.status,
        rows: source.rows ?? {},
        warnings: source.warnings ?? [],
        searchDocuments: source.search_documents ?? 0,
        durationMs: source.duration_ms ?? 0,
      };
      // artifact_source keeps a failed source's error, and a skipped one's reason, in `error`.
      if (source.status === 'failed' && source.error) Object.assign(outcome, { error: source.error, errorCode: source.error_code ?? undefined });
      if (source.status === 'skipped') {
        outcome.skipped = 'not-found';
        if (source.error) outcome.reason = source.error;
      }
      return outcome;
    });
    return reportOf(id, outcomes);
  });
}
