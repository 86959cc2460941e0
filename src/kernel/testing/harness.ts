// Test harness: runs one plugin's parse() against one database file with an in-memory sink and returns its rows.
// Same context, source opening and search mapping as the real job; only the destination differs.
import { openSource, type ArtifactFile } from '../source.js';
import { SEARCH_TABLE, SourceContext, type ParseOutcome, type RowSink } from '../context.js';
import { sourceIdFor } from '../ids.js';
import type { BackupFiles, PluginDeclaration, Row } from '../plugin.js';
import { tablesOf } from '../tables.js';

/** What a harness run returns: every row by table, the search documents, and the parse outcome. */
export interface HarnessResult extends ParseOutcome {
  tables: Record<string, Row[]>;
  documents: Row[];
  sha256: string;
}

/** Options of a harness run. */
export interface HarnessOptions {
  backupId?: string;
  options?: Readonly<Record<string, unknown>>;
  files?: BackupFiles | null;
}

/** Collects rows in arrays. */
export class MemorySink implements RowSink {
  readonly tables: Record<string, Row[]> = {};

  write(table: string, row: Row): void {
    (this.tables[table] ??= []).push(row);
  }
}

/** Runs `plugin.parse` on `file` and returns everything it wrote. Errors from parse propagate unchanged. */
export async function runPlugin(
  plugin: PluginDeclaration<any>,
  file: string | ArtifactFile,
  harness: HarnessOptions = {},
): Promise<HarnessResult> {
  const artifact: ArtifactFile = typeof file === 'string' ? { path: file } : file;
  const backupId = harness.backupId ?? 'harness';
  const source = await openSource(artifact);
  try {
    const sink = new MemorySink();
    const tables = tablesOf(plugin.entities);
    const context = new SourceContext({
      pluginId: plugin.id,
      backupId,
      sourceId: sourceIdFor(backupId, plugin.id, artifact.path),
      db: source.db,
      schema: source.schema,
      options: { ...(plugin.defaultOptions ?? {}), ...(harness.options ?? {}) },
      location: artifact.location ?? null,
      files: harness.files ?? null,
      tables,
      search: plugin.search,
      sink,
    });
    await plugin.parse(context);
    for (const table of tables) sink.tables[table] ??= [];
    return { ...context.outcome(), tables: sink.tables, documents: sink.tables[SEARCH_TABLE] ?? [], sha256: source.sha256 };
  } finally {
    await source.close();
  }
}
