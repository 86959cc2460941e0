// Locating the shared fixtures and the project root from compiled tests, and proving evidence stays untouched:
// tests hash a fixture or a whole folder before and after a run and compare.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json above this file. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root (folder with package.json) not found');
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file under ../shared/fixtures/. */
export function fixturePath(relative: string): string {
  return resolve(projectRoot(), '..', 'shared', 'fixtures', relative);
}

/** SHA-256 (hex) of a file's content. */
export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Hash of every file below a folder, by relative path: equal states mean nothing was added, removed or changed. */
export function folderState(folder: string): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), relative);
      else state[relative] = sha256Of(join(dir, entry.name));
    }
  };
  walk(folder, '');
  return state;
}

/**
 * An empty database made from a `.schema` dump under ../shared/fixtures/schemas/, at `path` (`:memory:` by default).
 * The statements SQLite refuses to run (`sqlite_sequence`, `sqlite_stat1`, which it creates itself) are left out.
 */
export function schemaDumpDb(relative: string, path = ':memory:'): Database.Database {
  const sql = readFileSync(fixturePath(relative), 'utf8').replace(/^CREATE TABLE sqlite_(?:sequence|stat1)\b[^;]*;/gm, '');
  const db = new Database(path);
  db.exec(sql);
  return db;
}

let copies = 0;

/**
 * A fixture database (its path under ../shared/fixtures/, or an absolute path) opened on a private copy in `folder`,
 * with its `-wal`/`-shm` when it has them: opening the fixture itself would leave sidecars beside it, since SQLite
 * creates them for a WAL database even read-only. Each call makes its own copy.
 */
export function fixtureCopyDb(fixture: string, folder: string): Database.Database {
  const source = isAbsolute(fixture) ? fixture : fixturePath(fixture);
  copies += 1;
  const copy = join(folder, `fixture-${copies}-${basename(source)}`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(source + suffix)) copyFileSync(source + suffix, copy + suffix);
  }
  return new Database(copy, { fileMustExist: true });
}

/**
 * Why the independent encrypter (tools/apple-backup-encrypt.py) cannot run here, or null when it can: it needs
 * python3 and the openssl command line. Its tests skip with this reason rather than pass without running.
 */
export function encrypterUnavailable(): string | null {
  for (const [command, args] of [['python3', ['--version']], ['openssl', ['version']]] as const) {
    if (spawnSync(command, args, { stdio: 'ignore' }).status !== 0) return `${command} is not on this machine`;
  }
  return null;
}
