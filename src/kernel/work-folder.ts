// The private working folder of one job: every copy of evidence (plain or decrypted) lives inside it, mode 0700,
// and it goes when the job ends in any way the process can see. Folders of processes that died (SIGKILL) are swept.
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Job folders are `<workDir>/ios-backup-job-<pid>-<random>`: the pid tells whose they are. */
export const WORK_FOLDER_PREFIX = 'ios-backup-job-';

/** Folders of this process not yet removed: what a signal handler must remove before the process goes. */
const live = new Set<string>();

/** One job's private folder. */
export class WorkFolder {
  private counter = 0;

  private constructor(readonly path: string) {}

  /** Creates a private folder under `parent` (created too, mode 0700, when missing). */
  static async create(parent: string = tmpdir()): Promise<WorkFolder> {
    await mkdir(parent, { recursive: true, mode: 0o700 });
    const path = await mkdtemp(join(parent, `${WORK_FOLDER_PREFIX}${process.pid}-`));
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

/** Removes every folder of this process at once: for exit and signal handlers, where nothing asynchronous runs. */
export function removeLiveWorkFoldersSync(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting; the next start sweeps it (the pid is dead by then).
    }
    live.delete(path);
  }
}

/** The folders of this process still on disk (tests). */
export function liveWorkFolders(): string[] {
  return [...live];
}

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
 * Removes the folders under `parent` whose names start with one of `prefixes` followed by `<pid>-` of a process
 * that no longer runs (killed by SIGKILL, a crash, a power cut: no handler ran). Folders of live processes stay.
 * Returns the names removed; one that cannot be removed is skipped.
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
    if (prefix === undefined) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
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
