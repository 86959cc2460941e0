// The private working folder of one job: every copy of evidence (plain or decrypted) lives inside it, mode 0700,
// and it goes when the job ends in any way the process can see. Folders of processes that died (SIGKILL) are swept.
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Job folders are `<workDir>/ios-backup-job-<pid>@<host>-<random>`: the pid and the host name tell whose they are (a
 * work directory shared by machines or containers holds folders of pids that mean nothing here).
 */
export const WORK_FOLDER_PREFIX = 'ios-backup-job-';

/** This machine's name as it appears in folder names (letters, digits, '.', '_' and '-' only). */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'host';
}

/** Folders of this process not yet removed: what a signal handler must remove before the process goes. */
const live = new Set<string>();

/** One job's private folder. */
export class WorkFolder {
  private counter = 0;

  private constructor(readonly path: string) {}

  /** Creates a private folder under `parent` (created too, mode 0700, when missing). */
  static async create(parent: string = tmpdir()): Promise<WorkFolder> {
    await mkdir(parent, { recursive: true, mode: 0o700 });
    const path = await mkdtemp(join(parent, `${WORK_FOLDER_PREFIX}${process.pid}@${hostTag()}-`));
    live.add(path);
    await chmod(path, 0o700);
    return new WorkFolder(path);
  }

  /** A new empty folder inside this one, e.g. for one source's copy. */
  async subfolder(name: string): Promise<string> {
    this.counter += 1;
    const path = join(this.path, `${this.counter}-${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}`);
    await mkdir(path, { mode: 0o700 });
    return path;
  }

  /** Removes the folder and everything in it. Safe to call twice. */
  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
    live.delete(this.path);
  }
}

/**
 * Counts a private folder made outside a WorkFolder (a copy opened without a job) as this process's: removed at exit
 * and on signals like a job's folder, never swept while held. `release` when it is removed.
 */
export function holdFolder(path: string): { release(): void } {
  live.add(path);
  return { release: () => void live.delete(path) };
}

/** Removes every folder of this process at once: for exit and signal handlers, where nothing asynchronous runs. */
export function removeLiveWorkFoldersSync(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }); // retried: a copy in flight may add a file (ENOTEMPTY)
    } catch {
      // Nothing more can be done while exiting; the next start sweeps it (the pid is dead by then).
    }
    live.delete(path);
  }
}

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a folder must be left alone: it belongs to a running process, to another machine, or it is not named
 * `<prefix><pid>[@<host>]-...` at all (someone else's folder that happens to share the prefix, never ours to remove).
 */
function mayBeInUse(parent: string, name: string, prefix: string): boolean {
  const match = /^(\d+)(?:@([A-Za-z0-9._-]+))?-/.exec(name.slice(prefix.length));
  if (!match) return true;
  const pid = Number(match[1]);
  // Another machine's folder: its own starts sweep it (its pids mean nothing here).
  if (match[2] !== undefined && match[2] !== hostTag()) return true;
  // This process's own pid: in use only when this process made it now (a restarted container is pid 1 again).
  if (pid === process.pid) return live.has(join(parent, name));
  return pid > 0 && isAlive(pid);
}

/**
 * Removes the folders under `parent` whose names start with one of `prefixes` followed by `<pid>[@<host>]-`, left by a
 * process of this machine that no longer runs (killed by SIGKILL, a crash, a power cut: no handler ran), or by an
 * earlier process that had this one's pid. Folders of live processes and of other machines stay. Returns the names
 * removed; one that cannot be removed is skipped.
 */
export async function sweepDeadFolders(parent: string, prefixes: readonly string[] = [WORK_FOLDER_PREFIX]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const prefix = prefixes.find((candidate) => name.startsWith(candidate));
    if (prefix === undefined || mayBeInUse(parent, name, prefix)) continue;
    try {
      await rm(join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's folder, or already gone.
    }
  }
  return removed;
}

const EXIT_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
let exitHook = false;
let signalHooks = false;

/** Makes the process remove its work folders when it exits (process.exit, or the end of the event loop). */
export function removeWorkFoldersAtExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', removeLiveWorkFoldersSync);
}

/**
 * For a command that runs a job itself: also on SIGINT/SIGTERM/SIGHUP (then exit 128+n, as the default handler
 * would) and when stdout or stderr is closed under it (EPIPE: a reader such as `head` went away; exit 0), the work
 * folders go before the process does. `onSignal` runs first (e.g. one line to say the job was stopped).
 */
export function removeWorkFoldersOnSignals(onSignal?: (signal: string) => void): void {
  removeWorkFoldersAtExit();
  if (signalHooks) return;
  signalHooks = true;
  for (const [signal, code] of Object.entries(EXIT_SIGNALS)) {
    process.on(signal, () => {
      try {
        onSignal?.(signal);
      } finally {
        removeLiveWorkFoldersSync();
        process.exit(code);
      }
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      removeLiveWorkFoldersSync();
      process.exit(error.code === 'EPIPE' ? 0 : 1);
    });
  }
}
