// Finds artifact databases inside a backup folder: the hashed Finder/iTunes layout (<id[0:2]>/<id>, or flat <id>
// before iOS 10) and the folder-per-domain layout of extraction tools. Builds the job's artifact map from it.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { InputError } from '../kernel/errors.js';
import type { BackupFiles, BackupLocation, RegisteredPlugin } from '../kernel/plugin.js';
import type { ArtifactFile } from '../kernel/source.js';

/** Manifest file id of a backup location: sha1("<domain>-<relativePath>"), lower-case hex. */
export function fileIdOf(location: BackupLocation): string {
  return createHash('sha1').update(`${location.domain}-${location.relativePath}`).digest('hex');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Refuses relative paths that are absolute or climb out of their root (`..`), whatever the source database says. */
export function safeRelative(relativePath: string): string | null {
  const cleaned = relativePath.replace(/^~\//, '').replace(/\\/g, '/');
  if (cleaned === '' || isAbsolute(cleaned) || cleaned.includes('\u0000')) return null;
  const normalized = normalize(cleaned);
  if (normalized === '..' || normalized.startsWith(`..${sep}`) || normalized.split(sep).includes('..')) return null;
  return normalized;
}

/** File lookup over one backup folder, whatever its layout. */
export class BackupFolder implements BackupFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  resolve(location: BackupLocation): string | null {
    const relative = safeRelative(location.relativePath);
    const domain = safeRelative(location.domain);
    if (relative === null || domain === null || domain.includes(sep)) return null;
    const id = fileIdOf({ domain: location.domain, relativePath: relative.split(sep).join('/') });
    const candidates = [join(this.root, id.slice(0, 2), id), join(this.root, id), join(this.root, domain, relative)];
    for (const candidate of candidates) {
      if (!candidate.startsWith(this.root + sep)) continue;
      if (isFile(candidate)) return candidate;
    }
    return null;
  }

  /** The database at a location with its sidecars, or null when the backup does not hold it. */
  artifact(location: BackupLocation): ArtifactFile | null {
    const path = this.resolve(location);
    if (path === null) return null;
    const sidecar = (suffix: string): string | null =>
      this.resolve({ domain: location.domain, relativePath: `${location.relativePath}${suffix}` });
    return { path, wal: sidecar('-wal'), shm: sidecar('-shm'), location };
  }
}

/** Checks the folder is a readable backup we can index (not encrypted: decryption is not supported yet). */
export async function checkBackupFolder(root: string): Promise<void> {
  let info;
  try {
    info = statSync(root);
  } catch {
    throw new InputError(`backup folder not found: ${root}`);
  }
  if (!info.isDirectory()) throw new InputError(`not a folder: ${root}`);
  const manifestDb = join(root, 'Manifest.db');
  if (isFile(manifestDb)) {
    const handle = await open(manifestDb, 'r');
    const header = Buffer.alloc(16);
    try {
      await handle.read(header, 0, 16, 0);
    } finally {
      await handle.close();
    }
    if (header.toString('latin1') !== 'SQLite format 3\u0000') {
      throw new InputError(`${root} is an encrypted backup (Manifest.db is not plain SQLite): decryption is not supported yet`);
    }
  }
}

/** The artifact map of a backup folder: for each given plugin, every declared location the backup holds. */
export function artifactMapOf(folder: BackupFolder, plugins: readonly RegisteredPlugin[]): Record<string, ArtifactFile[]> {
  const map: Record<string, ArtifactFile[]> = {};
  for (const plugin of plugins) {
    const found = plugin.declaration.source.locations
      .map((location) => folder.artifact(location))
      .filter((file): file is ArtifactFile => file !== null);
    if (found.length > 0) map[plugin.declaration.id] = found;
  }
  return map;
}
