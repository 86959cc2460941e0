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
