// Test-only private PostgreSQL and Redis servers on free ports of 127.0.0.1, which fault-injection tests stop and restart.
// Each server lives in its own temporary folder; destroy() or, failing that, the process exit hook removes both.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const HOST = '127.0.0.1';
const PG_ROOT = '/usr/lib/postgresql';
const LOG_TAIL_LINES = 25;

/**
 * Server options for speed that still keep every acknowledged commit across a server crash (only an OS crash could lose
 * data). synchronous_commit stays on: off, a stop('immediate') or SIGKILL drops commits of the last ~200 ms (measured:
 * 1000 committed rows gone), and with fsync off its gain is nil. A test may still pass `synchronous_commit: 'off'`.
 */
const PG_FAST_SETTINGS: Record<string, string> = { fsync: 'off', full_page_writes: 'off' };

/** Why a private server could not be started, stopped or cleaned up; the message ends with the server log's last lines when there is one. */
export class PrivateServiceError extends Error {
  /** Stable identifier of this error family. */
  readonly code = 'PRIVATE_SERVICE';

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PrivateServiceError';
  }
}

/** A private PostgreSQL server (trust auth, superuser `postgres`) that a test may stop and start at will. */
export interface PrivatePostgres {
  port: number;
  /** Data folder (`<os.tmpdir()>/ios-backup-private-pg-*\/data`); its log is `<dataDir>/log`. */
  readonly dataDir: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> (trust auth, superuser "postgres"). */
  url(database?: string): string;
  /** pg_ctl stop -m <mode>; resolves when the server is down (port refuses connections). Already down: resolves at once. */
  stop(mode: 'immediate' | 'fast' | 'smart'): Promise<void>;
  /** Starts it again on the same port and data folder; resolves when it accepts connections (SELECT 1 works). Already up: resolves at once. */
  start(): Promise<void>;
  /** Whether it accepts connections now. */
  isUp(): Promise<boolean>;
  /** Stops it (immediate) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/** A private Redis server without persistence that a test may kill and start afresh. */
export interface PrivateRedis {
  port: number;
  /** Temporary folder of the server (`<os.tmpdir()>/ios-backup-private-redis-*`), holding its log `redis.log`. */
  readonly dir: string;
  /** redis://127.0.0.1:<port> */
  url: string;
  /** Kills the server (SIGKILL of its pid): everything in memory is lost. Already down: resolves at once. */
  stop(): Promise<void>;
  /** Starts a fresh empty server on the same port, no persistence (--save "" --appendonly no). Resolves when PING answers. Already up: resolves at once. */
  start(): Promise<void>;
  /** stop() then start(): a restart without persistence (all keys lost). */
  restart(): Promise<void>;
  /** Whether it answers PING now. */
  isUp(): Promise<boolean>;
  /** Kills it and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/** A free TCP port on 127.0.0.1: bound on port 0, read, then released. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new PrivateServiceError('could not read a free port'))));
    });
  });
}

// ---------------------------------------------------------------- cleanup at process exit

interface LiveServer {
  /** Stops the server and removes its folder, synchronously (runs inside process.on('exit')). */
  killSync(): void;
}

const live = new Set<LiveServer>();
let hooksInstalled = false;
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killAllSync(): void {
  for (const server of [...live]) {
    live.delete(server);
    try {
      server.killSync();
    } catch {
      // Best effort while the process is going away.
    }
  }
}

function onExitSignal(signal: NodeJS.Signals): void {
  killAllSync();
  // Alone on this signal: restore its default action (termination) and raise it again.
  if (process.listenerCount(signal) === 1) {
    for (const each of EXIT_SIGNALS) process.removeListener(each, onExitSignal);
    process.kill(process.pid, signal);
  }
}

function register(server: LiveServer): void {
  live.add(server);
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of EXIT_SIGNALS) process.on(signal, onExitSignal);
}

// ---------------------------------------------------------------- small shared mechanics

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, details?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const extra = details ? await details() : '';
      throw new PrivateServiceError(`timed out after ${timeoutMs} ms waiting until ${what}${extra}`);
    }
    await sleep(50);
  }
}

/** True when nothing listens on the port (the connection is refused). */
function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (refused: boolean) => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

async function logTail(file: string, fromOffset = 0): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return '';
  }
  const fresh = text.slice(fromOffset).trim();
  const lines = (fresh || text.trim()).split('\n').slice(-LOG_TAIL_LINES);
  return lines.length && lines[0] ? `\n--- last lines of ${file} ---\n${lines.join('\n')}` : '';
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Whether `pid` is a live process (not a zombie) whose command line contains `marker` (so a reused pid does not count). */
function processAlive(pid: number, marker: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return state !== 'Z' && state !== 'X' && commandLine.includes(marker);
  } catch {
    if (existsSync('/proc/self/stat')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

// ---------------------------------------------------------------- PostgreSQL

interface OsUser {
  uid: number;
  gid: number;
}

let postgresUser: OsUser | null | undefined;

/** The `postgres` OS user when this process is root (initdb, pg_ctl and postgres refuse to run as root), otherwise null. */
function pgRunAs(): OsUser | null {
  if (postgresUser !== undefined) return postgresUser;
  if (process.getuid?.() !== 0) return (postgresUser = null);
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return (postgresUser = { uid, gid });
  } catch (error) {
    throw new PrivateServiceError('running as root, but there is no "postgres" OS user to run initdb/pg_ctl as', error);
  }
}

let pgBinDir: string | undefined;

/** The bin folder of the highest PostgreSQL version under /usr/lib/postgresql. */
function pgBin(): string {
  if (pgBinDir) return pgBinDir;
  let versions: string[] = [];
  try {
    versions = readdirSync(PG_ROOT).filter((name) => existsSync(path.join(PG_ROOT, name, 'bin', 'pg_ctl')));
  } catch {
    // Reported below.
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  if (!versions[0]) throw new PrivateServiceError(`no PostgreSQL installation with bin/pg_ctl found under ${PG_ROOT}`);
  return (pgBinDir = path.join(PG_ROOT, versions[0], 'bin'));
}

/** Environment for the PostgreSQL tools, without PG* variables that would point them elsewhere. */
function pgEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  env.LC_ALL = 'C';
  return env;
}

function pgSpawnOptions(cwd: string) {
  const user = pgRunAs();
  return { cwd, env: pgEnv(), ...(user ? { uid: user.uid, gid: user.gid } : {}) };
}

function runPgTool(tool: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<string> {
  const file = path.join(pgBin(), tool);
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...pgSpawnOptions(cwd), timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const output = `${stderr}\n${stdout}`.trim();
      reject(new PrivateServiceError(`${tool} ${args.join(' ')} failed (${error.code ?? error.signal ?? error.message}): ${output}`, error));
    });
  });
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

class PostgresServer implements PrivatePostgres {
  private destroyed = false;
  private readonly logFile: string;

  constructor(
    public port: number,
    private readonly rootDir: string,
    readonly dataDir: string,
    private readonly settings: Record<string, string>,
  ) {
    this.logFile = path.join(dataDir, 'log');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@${HOST}:${this.port}/${encodeURIComponent(database)}`;
  }

  async isUp(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  async start(): Promise<void> {
    this.assertAlive('start');
    if (this.postmasterPid() !== null) {
      await waitFor(`PostgreSQL on port ${this.port} accepts connections`, 60_000, () => this.isUp(), () => logTail(this.logFile));
      return;
    }
    await this.removeStaleLock();
    const offset = await fileSize(this.logFile);
    const options = [
      '-p', String(this.port),
      '-c', `listen_addresses=${HOST}`,
      '-c', `unix_socket_directories=${this.dataDir}`,
      ...Object.entries({ ...PG_FAST_SETTINGS, ...this.settings }).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    ];
    try {
      await runPgTool('pg_ctl', ['-D', this.dataDir, '-o', options.map(shellQuote).join(' '), '-l', this.logFile, '-w', '-t', '60', 'start'], this.rootDir);
      await waitFor(`PostgreSQL on port ${this.port} answers SELECT 1`, 30_000, () => this.isUp());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new PrivateServiceError(`PostgreSQL on port ${this.port} did not start: ${message}${await logTail(this.logFile, offset)}`, error);
    }
  }

  async stop(mode: 'immediate' | 'fast' | 'smart'): Promise<void> {
    this.assertAlive('stop');
    if (this.postmasterPid() === null) {
      await this.removeStaleLock();
    } else {
      try {
        await runPgTool('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], this.rootDir);
      } catch (error) {
        // The server may have gone away between the check and the signal.
        if (this.postmasterPid() !== null) {
          const message = error instanceof Error ? error.message : String(error);
          throw new PrivateServiceError(`PostgreSQL on port ${this.port} did not stop (-m ${mode}): ${message}${await logTail(this.logFile)}`, error);
        }
      }
    }
    await waitFor(`port ${this.port} refuses connections after PostgreSQL stopped`, 30_000, () => portRefuses(this.port));
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    try {
      if (this.postmasterPid() !== null) await this.stop('immediate');
    } finally {
      this.destroyed = true;
      live.delete(this);
      await rm(this.rootDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  killSync(): void {
    if (this.postmasterPid() !== null) {
      spawnSync(path.join(pgBin(), 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], {
        ...pgSpawnOptions(this.rootDir),
        stdio: 'ignore',
        timeout: 35_000,
      });
    }
    this.destroyed = true;
    rmSync(this.rootDir, { recursive: true, force: true });
  }

  /** Pid of the running postmaster of this data folder, or null when none runs (no pid file, or its pid is dead). */
  private postmasterPid(): number | null {
    const lines = this.pidFileLines();
    if (!lines) return null;
    const pid = Number(lines[0]);
    return processAlive(pid, this.dataDir) ? pid : null;
  }

  private pidFileLines(): string[] | null {
    try {
      return readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n');
    } catch {
      return null;
    }
  }

  /**
   * After the postmaster died without cleaning up: waits until its orphaned children have left the shared-memory
   * segment it recorded (so two servers never share the data folder), then removes postmaster.pid and the socket lock.
   */
  private async removeStaleLock(): Promise<void> {
    const lines = this.pidFileLines();
    if (!lines) return;
    const shmId = Number((lines[6] ?? '').trim().split(/\s+/)[1]);
    if (Number.isInteger(shmId) && existsSync('/proc/sysvipc/shm')) {
      await waitFor(`the dead PostgreSQL's children detach from shared memory segment ${shmId}`, 30_000, async () => {
        const row = readFileSync('/proc/sysvipc/shm', 'utf8')
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .find((fields) => Number(fields[1]) === shmId);
        return !row || Number(row[6]) === 0;
      });
    }
    for (const name of ['postmaster.pid', `.s.PGSQL.${this.port}.lock`, `.s.PGSQL.${this.port}`]) {
      try {
        unlinkSync(path.join(this.dataDir, name));
      } catch {
        // Not there.
      }
    }
  }

  private assertAlive(action: string): void {
    if (this.destroyed) throw new PrivateServiceError(`cannot ${action} PostgreSQL on port ${this.port}: it was destroyed`);
  }
}

/**
 * Creates a PostgreSQL cluster in a new `ios-backup-private-pg-*` folder under os.tmpdir() (initdb, trust auth, locale C,
 * fsync and full_page_writes off) and starts it on a free port of 127.0.0.1. `settings` become extra `-c key=value`
 * server options and override those defaults.
 * As root, the tools run as the `postgres` OS user, which then owns the folder.
 */
export async function startPrivatePostgres(options: { settings?: Record<string, string> } = {}): Promise<PrivatePostgres> {
  const settings = options.settings ?? {};
  for (const key of Object.keys(settings)) {
    if (!/^[a-z_][a-z0-9_.]*$/i.test(key)) throw new PrivateServiceError(`invalid PostgreSQL setting name ${JSON.stringify(key)}`);
  }
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'ios-backup-private-pg-'));
  const dataDir = path.join(rootDir, 'data');
  let server: PostgresServer | undefined;
  try {
    const user = pgRunAs();
    if (user) await chown(rootDir, user.uid, user.gid);
    await runPgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], rootDir);
    server = new PostgresServer(await freePort(), rootDir, dataDir, settings);
    register(server);
    // The free port may be taken between probing and binding: then try another one.
    for (let attempt = 1; ; attempt++) {
      try {
        await server.start();
        return server;
      } catch (error) {
        const taken = error instanceof Error && /could not (bind|create listen socket)|address already in use/i.test(error.message);
        if (!taken || attempt >= 3) throw error;
        server.port = await freePort();
      }
    }
  } catch (error) {
    if (server) await server.destroy().catch(() => {});
    else await rm(rootDir, { recursive: true, force: true });
    throw error instanceof PrivateServiceError ? error : new PrivateServiceError(`could not create a private PostgreSQL: ${String(error)}`, error);
  }
}

// ---------------------------------------------------------------- Redis

/** Sends an inline PING and resolves true on +PONG. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

type SpawnOutcome = { ok: true } | { ok: false; addressInUse: boolean; message: string };

class RedisServer implements PrivateRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private destroyed = false;
  private readonly logFile: string;

  constructor(
    public port: number,
    readonly dir: string,
  ) {
    this.logFile = path.join(dir, 'redis.log');
  }

  get url(): string {
    return `redis://${HOST}:${this.port}`;
  }

  isUp(): Promise<boolean> {
    return this.running() ? redisPing(this.port) : Promise.resolve(false);
  }

  start(): Promise<void> {
    return this.launch(10_000);
  }

  /** Starts the server, retrying for `retryMs` while the port is still held ("address already in use"). */
  async launch(retryMs: number): Promise<void> {
    this.assertAlive('start');
    if (this.running()) {
      await waitFor(`Redis on port ${this.port} answers PING`, 10_000, () => redisPing(this.port));
      return;
    }
    const deadline = Date.now() + retryMs;
    for (;;) {
      const outcome = await this.spawnOnce();
      if (outcome.ok) return;
      if (!outcome.addressInUse || Date.now() > deadline) throw new PrivateServiceError(outcome.message);
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    this.assertAlive('stop');
    await this.kill();
    await waitFor(`port ${this.port} refuses connections after Redis stopped`, 10_000, () => portRefuses(this.port));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    try {
      await this.kill();
    } finally {
      await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  killSync(): void {
    if (this.running()) this.child?.kill('SIGKILL');
    this.destroyed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (child && this.running()) {
      child.ref();
      child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** Spawns one redis-server and waits until it answers PING or exits. */
  private async spawnOnce(): Promise<SpawnOutcome> {
    const offset = await fileSize(this.logFile);
    const logFd = openSync(this.logFile, 'a');
    let child: ChildProcess;
    let spawnError: Error | undefined;
    try {
      child = spawn(
        'redis-server',
        ['--port', String(this.port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', this.dir],
        { stdio: ['ignore', logFd, logFd], detached: false, cwd: this.dir },
      );
    } finally {
      closeSync(logFd);
    }
    this.child = child;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (error) => {
        spawnError = error;
        resolve();
      });
    });
    // A test process must be able to end while the server runs; the exit hook then kills it.
    child.unref();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (spawnError || !this.running()) break;
      if ((await redisPing(this.port)) && this.running()) return { ok: true };
      await sleep(50);
    }
    if (this.running()) {
      await this.kill();
      return { ok: false, addressInUse: false, message: `Redis on port ${this.port} did not answer PING within 15 s${await logTail(this.logFile, offset)}` };
    }
    await this.exited;
    const tail = await logTail(this.logFile, offset);
    const why = spawnError ? `could not run redis-server: ${spawnError.message}` : `redis-server exited (${child.exitCode ?? child.signalCode})`;
    return { ok: false, addressInUse: /address already in use/i.test(tail), message: `Redis on port ${this.port} did not start: ${why}${tail}` };
  }

  private assertAlive(action: string): void {
    if (this.destroyed) throw new PrivateServiceError(`cannot ${action} Redis on port ${this.port}: it was destroyed`);
  }
}

/**
 * Starts a redis-server child process (no persistence, bound to 127.0.0.1) on a free port, with its own
 * `ios-backup-private-redis-*` folder under os.tmpdir(). Resolves when PING answers.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ios-backup-private-redis-'));
  const server = new RedisServer(await freePort(), dir);
  register(server);
  try {
    // The free port may be taken between probing and binding: then try another one.
    for (let attempt = 1; ; attempt++) {
      try {
        await server.launch(0);
        return server;
      } catch (error) {
        const taken = error instanceof Error && /address already in use/i.test(error.message);
        if (!taken || attempt >= 3) throw error;
        server.port = await freePort();
      }
    }
  } catch (error) {
    await server.destroy().catch(() => {});
    throw error;
  }
}
