// Opening evidence safely: copy a SQLite database with its -wal/-shm sidecars into a private temp folder,
// hash the original, and open the copy read-only. Nothing is ever written next to the evidence.
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { IosBackupError, SourceCorruptError, SourceUnreadableError } from './errors.js';
import type { SourceWarning } from './plugin.js';
import { inspectSchema, type SchemaInspector } from './schema.js';
import { holdFolder, type WorkFolder } from './work-folder.js';

/** Where one artifact database lives. Sidecars default to `<path>-wal` / `<path>-shm` when present. */
export interface ArtifactFile {
  path: string;
  /** Explicit WAL file (a hashed backup layout stores it under its own file id); null means "none". */
  wal?: string | null;
  shm?: string | null;
  /** Backup location the file was found at, when it came from a backup folder. */
  location?: { domain: string; relativePath: string };
  /**
   * Writes the database and its sidecars at `target`, `target-wal`, `target-shm` instead of copying `path` (an
   * encrypted backup decrypts them there). Returns the plain main file's size and SHA-256, and which sidecars exist.
   */
  materialize?(target: string): Promise<MaterializedFile>;
  /** Manifest file id of the main file, when the backup is hashed. */
  fileId?: string;
  /** Why the file cannot be read although the backup's map names it (e.g. listed but absent): the source is skipped. */
  missing?: string;
  /** Warnings about the file found while locating or decrypting it, recorded on its source. */
  warnings?: SourceWarning[];
}

/** What `ArtifactFile.materialize` wrote. */
export interface MaterializedFile {
  size: number;
  sha256: string;
  wal: boolean;
  shm: boolean;
}

/** An opened private copy of an artifact database. */
export interface OpenedSource {
  db: Database.Database;
  schema: SchemaInspector;
  /** SHA-256 (hex) of the original main database file. */
  sha256: string;
  /** Size in bytes of the original main database file. */
  size: number;
  /** Whether a WAL sidecar was copied along. */
  hasWal: boolean;
  /** Closes the database and removes the private folder (removed even when closing throws). Safe to call twice. */
  close(): Promise<void>;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Private copies made outside a job (a caller without a work folder) live in `<tmp>/ios-backup-source-<pid>-<random>`. */
export const COPY_PREFIX = 'ios-backup-source-';

/** Whether a regular file is at `path` (following links; false when nothing, a folder, or unreadable). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first `length` bytes of a file (fewer when it is shorter). */
async function leadingBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(length);
    const { bytesRead } = await handle.read(header, 0, length, 0);
    return header.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether a file starts with the SQLite header string (a plain database, not an encrypted one). */
export async function isPlainSqlite(path: string): Promise<boolean> {
  return (await leadingBytes(path, SQLITE_MAGIC.length)).equals(SQLITE_MAGIC);
}

/** Rejects files that are not SQLite, or whose header promises more pages than the file holds (a truncated copy). */
function checkHeader(path: string, header: Buffer, size: number, hasWal: boolean): void {
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new SourceCorruptError(`${basename(path)} is not a SQLite database (bad header)`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new SourceCorruptError(`${basename(path)} has an invalid page size ${rawPageSize}`);
  }
  const changeCounter = header.readUInt32BE(24);
  const pageCount = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  if (!hasWal && changeCounter === validFor && pageCount > 0 && pageCount * pageSize > size) {
    throw new SourceCorruptError(
      `${basename(path)} is truncated: its header declares ${pageCount} pages of ${pageSize} bytes (${pageCount * pageSize} bytes) but the file has ${size}`,
    );
  }
}

/** Size of the evidence file itself (SourceUnreadableError when it is missing or not a regular file). */
async function evidenceSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    return info.size;
  } catch (cause) {
    throw new SourceUnreadableError(`cannot read ${path}: ${(cause as Error).message}`, cause);
  }
}

/** Copies the file and its sidecars to `copy` (`-wal`, `-shm` beside it); hashes the original. */
async function copyEvidence(file: ArtifactFile, copy: string): Promise<MaterializedFile> {
  const size = await evidenceSize(file.path);
  const walPath = file.wal === undefined ? `${file.path}-wal` : file.wal;
  const shmPath = file.shm === undefined ? `${file.path}-shm` : file.shm;
  const wal = walPath !== null && (await isFile(walPath));
  const shm = shmPath !== null && (await isFile(shmPath));
  let sha256: string;
  try {
    sha256 = await sha256File(file.path);
  } catch (cause) {
    throw new SourceUnreadableError(`cannot read ${file.path}: ${(cause as Error).message}`, cause);
  }
  // A copy-on-write clone where the file system offers one (APFS, Btrfs, XFS): instant, and no second copy of a
  // large database to write back to disk while the job loads PostgreSQL. Elsewhere a plain copy.
  await copyFile(file.path, copy, constants.COPYFILE_FICLONE);
  if (wal) await copyFile(walPath!, `${copy}-wal`, constants.COPYFILE_FICLONE);
  if (shm) await copyFile(shmPath!, `${copy}-shm`, constants.COPYFILE_FICLONE);
  return { size, sha256, wal, shm };
}

/**
 * Copies the database (and its sidecars) into a new private folder inside `workFolder` (a folder of its own in the
 * temp folder when none is given), or has the file materialize itself there (decryption); hashes the original and
 * opens the copy read-only. Throws SourceUnreadableError when the file is missing, SourceCorruptError when it is not
 * a usable SQLite database.
 */
export async function openSource(file: ArtifactFile, workFolder?: WorkFolder): Promise<OpenedSource> {
  if (!file.materialize) await evidenceSize(file.path);
  const folder = workFolder ? await workFolder.subfolder('source') : await mkdtemp(join(tmpdir(), `${COPY_PREFIX}${process.pid}-`));
  const held = workFolder ? null : holdFolder(folder);
  let db: Database.Database | undefined;
  let evidence: { sha256: string; size: number } | undefined;
  // The private folder goes whatever happens to the connection: a close that throws (a statement still running)
  // is reported after the folder is removed, never instead of removing it.
  const close = async (): Promise<void> => {
    let failure: unknown;
    try {
      if (db?.open) db.close();
    } catch (error) {
      failure = error;
    }
    await rm(folder, { recursive: true, force: true });
    held?.release();
    if (failure !== undefined) throw failure;
  };
  try {
    const copy = join(folder, 'artifact.sqlite');
    const written = file.materialize ? await file.materialize(copy) : await copyEvidence(file, copy);
    evidence = { sha256: written.sha256, size: written.size };
    checkHeader(file.path, await leadingBytes(copy, 100), written.size, written.wal);
    try {
      // Read-only; the private folder stays writable so SQLite can rebuild a missing -shm beside the copy.
      db = new Database(copy, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (cause) {
      throw new SourceCorruptError(`${basename(file.path)} cannot be opened as SQLite: ${(cause as Error).message}`, cause);
    }
    const opened = db;
    return { db: opened, schema: inspectSchema(opened), sha256: written.sha256, size: written.size, hasWal: written.wal, close };
  } catch (error) {
    await close();
    if (error instanceof IosBackupError && evidence) error.evidence = evidence;
    throw error;
  }
}
