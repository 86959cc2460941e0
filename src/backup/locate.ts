// File lookup in backup folders without a Manifest.db: the hashed layouts found by computed file id (<id[0:2]>/<id>,
// or flat <id> before iOS 10) and the folder-per-domain layout of extraction tools. Hostile paths resolve to nothing.
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { BackupFileEntry, BackupFiles, BackupLocation } from '../kernel/plugin.js';
import type { ArtifactFile } from '../kernel/source.js';

/** Manifest file id of a backup location: sha1("<domain>-<relativePath>"), lower-case hex. */
export function fileIdOf(location: BackupLocation): string {
  return createHash('sha1').update(`${location.domain}-${location.relativePath}`).digest('hex');
}

/** Size of the regular file at `path`, or null when there is none. */
export function fileSize(path: string): number | null {
  try {
    const info = statSync(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

/**
 * Whether `path` is a regular file whose real place (symbolic links resolved) is inside `root`, itself a real path:
 * a link inside a backup that leads out of it (to another case's files, say) is never read as this backup's file.
 */
export function insideRoot(root: string, path: string): boolean {
  try {
    const real = realpathSync(path);
    return real.startsWith(root + sep) && statSync(real).isFile();
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

/** A domain name usable as one folder name (no separator, no climbing), or null. */
function safeDomain(domain: string): string | null {
  const safe = safeRelative(domain);
  return safe === null || safe.includes(sep) ? null : safe;
}

/** Whether a declared domain is a pattern (`*` matches any run of characters, nothing else is special), e.g. `AppDomainGroup-*whatsapp*`. */
export function isDomainPattern(domain: string): boolean {
  return domain.includes('*');
}

/** A domain pattern as a regular expression over whole domain names. */
export function domainPatternOf(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/** Which layout a folder without a manifest has, judged by where the located files were found. */
export type FolderLayout = 'hashed' | 'flat' | 'domain-folders';

/** File lookup over one backup folder that has no Manifest.db. */
export class BackupFolder implements BackupFiles {
  readonly root: string;

  constructor(root: string) {
    const absolute = resolve(root);
    try {
      this.root = realpathSync(absolute);
    } catch {
      this.root = absolute;
    }
  }

  /** Where the file at a location is stored, with the layout it was found in, or null. */
  private place(location: BackupLocation): { path: string; layout: FolderLayout; fileId: string | null } | null {
    const relative = safeRelative(location.relativePath);
    const domain = safeDomain(location.domain);
    if (relative === null || domain === null) return null;
    const id = fileIdOf({ domain: location.domain, relativePath: relative.split(sep).join('/') });
    const candidates: Array<{ path: string; layout: FolderLayout; fileId: string | null }> = [
      { path: join(this.root, id.slice(0, 2), id), layout: 'hashed', fileId: id },
      { path: join(this.root, id), layout: 'flat', fileId: id },
      { path: join(this.root, domain, relative), layout: 'domain-folders', fileId: null },
    ];
    return candidates.find((candidate) => insideRoot(this.root, candidate.path)) ?? null;
  }

  /** Absolute path of the file at that location, or null when the folder does not hold it. */
  resolve(location: BackupLocation): string | null {
    return this.place(location)?.path ?? null;
  }

  /** The layout the file at a location was found in, or null when it is not there. */
  layoutOf(location: BackupLocation): FolderLayout | null {
    return this.place(location)?.layout ?? null;
  }

  find(location: BackupLocation): BackupFileEntry | null {
    const place = this.place(location);
    if (place === null) return null;
    return { domain: location.domain, relativePath: location.relativePath, fileId: place.fileId, path: place.path, size: fileSize(place.path) };
  }

  /** Files under a folder of a domain: only the folder-per-domain layout can be listed without a manifest. */
  *list(domain: string, folder: string): IterableIterator<BackupFileEntry> {
    const safeFolder = safeRelative(folder);
    const safe = safeDomain(domain);
    if (safe === null || safeFolder === null) return;
    const base = join(this.root, safe, safeFolder);
    let entries;
    try {
      entries = readdirSync(base, { recursive: true, withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name);
      const relativePath = `${safeFolder.split(sep).join('/')}/${path.slice(base.length + 1).split(sep).join('/')}`;
      yield { domain, relativePath, fileId: null, path, size: fileSize(path) };
    }
  }

  /** Domains matching a pattern: the folder names of a folder-per-domain layout (hashed folders hide their domains). */
  domainsMatching(pattern: string): string[] {
    const regex = domainPatternOf(pattern);
    let names: string[];
    try {
      names = readdirSync(this.root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch {
      return [];
    }
    return names.filter((name) => regex.test(name)).sort();
  }

  /** The database at a location with its sidecars, or null when the folder does not hold it. */
  artifact(location: BackupLocation): ArtifactFile | null {
    const path = this.resolve(location);
    if (path === null) return null;
    const sidecar = (suffix: string): string | null =>
      this.resolve({ domain: location.domain, relativePath: `${location.relativePath}${suffix}` });
    return { path, wal: sidecar('-wal'), shm: sidecar('-shm'), location };
  }
}
