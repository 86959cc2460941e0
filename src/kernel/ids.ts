// Deterministic identifiers: the same backup, source and source row always get the same UUID,
// so re-indexing a backup reproduces identical rows instead of new ones.
import { createHash } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-1) over the given parts joined by NUL. */
export function stableUuid(...parts: Array<string | number | bigint>): string {
  const digest = createHash('sha1').update(parts.map(String).join('\u0000')).digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of an artifact_source row: one per backup, plugin and source location (or path when no location). */
export function sourceIdFor(backupId: string, pluginId: string, sourceKey: string): string {
  return stableUuid('artifact_source', backupId, pluginId, sourceKey);
}

/**
 * Row ids of one source, per table. An integer key (a ROWID / Z_PK, the common case) gets a cheap id: the first 8
 * bytes of a name-based UUID of (source, table) followed by the integer, so the id stays deterministic and unique
 * within the table without hashing every row. Any other key falls back to {@link stableUuid}.
 */
export class RowIds {
  private readonly sourceId: string;
  private readonly prefixes = new Map<string, string>();

  constructor(sourceId: string) {
    this.sourceId = sourceId;
  }

  id(table: string, key: ReadonlyArray<string | number | bigint>): string {
    const only = key.length === 1 ? key[0] : undefined;
    if (typeof only === 'number' && Number.isSafeInteger(only) && only >= 0) {
      let prefix = this.prefixes.get(table);
      if (prefix === undefined) {
        prefix = stableUuid(this.sourceId, table, 'integer-keys').replace(/-/g, '').slice(0, 16);
        this.prefixes.set(table, prefix);
      }
      const tail = `8${only.toString(16).padStart(15, '0')}`;
      return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}-${prefix.slice(12, 16)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
    }
    return stableUuid(this.sourceId, table, ...key);
  }
}
