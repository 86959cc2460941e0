// The document types a search or timeline request may name. A type with documents in the index passes after one cheap
// query; only when some type has none are the declared types of plugins.config.ts loaded (each plugin's
// `searchTypes`): a declared type with no documents simply gives no hits, any other is an UNKNOWN_TYPE InputError.
import { InputError } from '../kernel/errors.js';
import type { SqlReader } from '../kernel/reader.js';

/** An InputError with its own stable code (`UNKNOWN_TYPE`, `BAD_CURSOR`) instead of `INPUT_INVALID`. */
export function inputError(code: string, message: string): InputError {
  return new InputError(message, undefined, code);
}

/**
 * The requested types that have no document in the index. PostgreSQL 15 cannot skip-scan the `(backup_id, type)`
 * index for a `type` alone, and a plain `EXISTS (... WHERE type = t)` reads the whole table for a type with no (or
 * few) documents. So the backups present are walked on that index (a loose index scan: one probe per backup), and
 * each (backup, type) pair is one index probe: a few milliseconds on millions of documents, whatever the type.
 */
const MISSING_TYPES_SQL = `
  WITH RECURSIVE backups(backup_id) AS (
    (SELECT backup_id FROM artifact_search_index ORDER BY backup_id LIMIT 1)
    UNION ALL
    SELECT (SELECT s.backup_id FROM artifact_search_index s WHERE s.backup_id > b.backup_id ORDER BY s.backup_id LIMIT 1)
      FROM backups b
     WHERE b.backup_id IS NOT NULL
  )
  SELECT wanted.type
    FROM unnest($1::text[]) AS wanted(type)
   WHERE NOT EXISTS (
           SELECT 1
             FROM backups b
            WHERE b.backup_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM artifact_search_index s WHERE s.backup_id = b.backup_id AND s.type = wanted.type)
         )`;

/** Every document type the plugins of plugins.config.ts declare (enabled or not), sorted, each once. */
export async function declaredTypes(): Promise<string[]> {
  await import('reflect-metadata');
  const [{ pluginEntries }, { pluginsOf }] = await Promise.all([import('../../plugins.config.js'), import('../kernel/registry.js')]);
  const types = new Set<string>();
  for (const plugin of pluginsOf(pluginEntries)) for (const type of plugin.declaration.searchTypes ?? []) types.add(type);
  return [...types].sort();
}

/** Fails with an UNKNOWN_TYPE InputError naming the valid types when a requested type is neither indexed nor declared. */
export async function checkTypes(reader: SqlReader, types: readonly string[]): Promise<void> {
  const wanted = [...new Set(types)];
  if (wanted.length === 0) return;
  const missing = (await reader.rows<{ type: string }>(MISSING_TYPES_SQL, [wanted])).map((row) => row.type);
  if (missing.length === 0) return;
  const valid = await declaredTypes();
  const unknown = wanted.filter((type) => missing.includes(type) && !valid.includes(type));
  if (unknown.length === 0) return;
  const named = unknown.map((type) => JSON.stringify(type)).join(', ');
  throw inputError('UNKNOWN_TYPE', `unknown type${unknown.length > 1 ? 's' : ''} ${named}; valid types: ${valid.join(', ')}`);
}
