// What the fixture builders share about the SQLite files they write: fast pragmas while they are written, a WAL store
// closed so that its -wal and -shm stay beside it, as a device leaves them, and stable UUIDs for their rows.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Opens a database to build at `path`. With `wal`, in WAL mode with no automatic checkpoint (rows written after a
 * checkpoint live only in `-wal`); otherwise with its journal in memory. Either way without fsync: a test file.
 */
export function openBuiltDatabase(path: string, wal: boolean): Database.Database {
  const db = new Database(path);
  if (wal) {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
  } else {
    db.pragma('journal_mode = MEMORY');
  }
  db.pragma('synchronous = OFF');
  return db;
}

/**
 * Closes a built database. With `keepWal`, its `-wal` and `-shm` are kept as they are (closing the last connection
 * checkpoints the WAL into the main file and deletes it, so the three files are copied first and put back after).
 */
export function closeDatabase(db: Database.Database, path: string, keepWal: boolean): void {
  if (!keepWal) {
    db.close();
    return;
  }
  const suffixes = ['', '-wal', '-shm'].filter((suffix) => existsSync(`${path}${suffix}`));
  for (const suffix of suffixes) copyFileSync(`${path}${suffix}`, `${path}.live${suffix}`);
  db.close();
  for (const suffix of suffixes) renameSync(`${path}.live${suffix}`, `${path}${suffix}`);
}

const guidPrefixes = new Map<string, string>();

/** Upper-case UUID text derived from a name (its first group) and a row number (its last group), the same every build. */
export function deterministicGuid(name: string, serial: number): string {
  let prefix = guidPrefixes.get(name);
  if (prefix === undefined) {
    prefix = createHash('sha1').update(name).digest('hex').slice(0, 8).toUpperCase();
    guidPrefixes.set(name, prefix);
  }
  return `${prefix}-0000-4000-8000-${serial.toString(16).toUpperCase().padStart(12, '0')}`;
}
