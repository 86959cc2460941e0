// Opening evidence safely: copy a SQLite database with its -wal/-shm sidecars into a private temp folder,
// hash the original, and open the copy read-only. Nothing is ever written next to the evidence.
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { IosBackupError, SourceCorruptError, SourceUnreadableError } from './errors.js';
import { inspectSchema, type SchemaInspector } from './schema.js';

/** Where one artifact database lives. Sidecars default to `<path>-wal` / `<path>-shm` when present. */
export interface ArtifactFile {
  path: string;
  /** Explicit WAL file (a hashed backup layout stores it under its own file id); null means "none". */
  wal?: string | null;
  shm?: string | null;
  /** Backup location the file was found at, when it came from a backup folder. */
  location?: { domain: string; relativePath: string };
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

/** Private copies live in `<tmp>/ios-backup-source-<pid>-<random>`: the pid tells whose they are. */
const COPY_PREFIX = 'ios-backup-source-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the private copies of processes that no longer run (killed by SIGKILL, a crash, a power cut: no `finally`
 * ran). Copies of live processes are left alone. Returns the folders removed; a folder that cannot be removed is skipped.
 */
export async function sweepAbandonedCopies(folder: string = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(COPY_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(COPY_PREFIX.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    try {
      await rm(join(folder, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's folder, or already gone.
    }
  }
  return removed;
}

async function exists(path: string): Promise<boolean> {
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

async function readHeader(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    return header.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
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

/**
 * Copies the database (and its sidecars) to a private temp folder, hashes the original and opens the copy read-only.
 * Throws SourceUnreadableError when the file is missing, SourceCorruptError when it is not a usable SQLite database.
 */
export async function openSource(file: ArtifactFile): Promise<OpenedSource> {
  let size: number;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (cause) {
    throw new SourceUnreadableError(`cannot read ${file.path}: ${(cause as Error).message}`, cause);
  }
  const walPath = file.wal === undefined ? `${file.path}-wal` : file.wal;
  const shmPath = file.shm === undefined ? `${file.path}-shm` : file.shm;
  const hasWal = walPath !== null && (await exists(walPath));
  const hasShm = shmPath !== null && (await exists(shmPath));

  let sha256: string;
  try {
    sha256 = await sha256File(file.path);
  } catch (cause) {
    throw new SourceUnreadableError(`cannot read ${file.path}: ${(cause as Error).message}`, cause);
  }
  const folder = await mkdtemp(join(tmpdir(), `${COPY_PREFIX}${process.pid}-`));
  let db: Database.Database | undefined;
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
    if (failure !== undefined) throw failure;
  };
  try {
    const name = 'artifact.sqlite';
    const copy = join(folder, name);
    // A copy-on-write clone where the file system offers one (APFS, Btrfs, XFS): instant, and no second copy of a
    // large database to write back to disk while the job loads PostgreSQL. Elsewhere a plain copy.
    await copyFile(file.path, copy, constants.COPYFILE_FICLONE);
    if (hasWal) await copyFile(walPath!, `${copy}-wal`, constants.COPYFILE_FICLONE);
    if (hasShm) await copyFile(shmPath!, `${copy}-shm`, constants.COPYFILE_FICLONE);
    checkHeader(file.path, await readHeader(copy), size, hasWal);
    try {
      // Read-only; the private folder stays writable so SQLite can rebuild a missing -shm beside the copy.
      db = new Database(copy, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (cause) {
      throw new SourceCorruptError(`${basename(file.path)} cannot be opened as SQLite: ${(cause as Error).message}`, cause);
    }
    const opened = db;
    return { db: opened, schema: inspectSchema(opened), sha256, size, hasWal, close };
  } catch (error) {
    await close();
    if (error instanceof IosBackupError) error.evidence = { sha256, size };
    throw error;
  }
}
