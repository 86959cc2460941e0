// Runs the compiled command-line programs as a user would, for end-to-end tests.
// Captures exit code, stdout and stderr; environment overrides point them at a test database and queue.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from './fixtures.js';

/** Result of one command. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Path of a compiled entry point (`dist/src/cli/main.js`, `dist/src/queue/worker-main.js`). */
export function entryPoint(relative: string): string {
  return join(projectRoot(), 'dist', 'src', relative);
}

/** Starts a compiled entry point with extra environment; the caller owns the child. */
export function start(relative: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [entryPoint(relative), ...args], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for a child to exit and returns what it printed. */
export function finished(child: ChildProcess): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A running entry point whose stderr is kept, with a way to wait for a log line. */
export interface Watched {
  child: ChildProcess;
  done: Promise<CommandResult>;
  log(): string;
  /** Resolves when `text` has appeared `times` times in stderr. */
  seen(text: string, times: number, timeoutMs?: number): Promise<void>;
  count(text: string): number;
}

/** Starts a compiled entry point (see start) and keeps what it prints on stderr. */
export function watch(relative: string, args: readonly string[], env: NodeJS.ProcessEnv): Watched {
  const child = start(relative, args, env);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const done = finished(child);
  const count = (text: string) => stderr.split(text).length - 1;
  return {
    child,
    done,
    log: () => stderr,
    count,
    seen: async (text, times, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (count(text) < times) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${times} x "${text}" in:\n${stderr.slice(-3000)}`);
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${times} x "${text}":\n${stderr.slice(-3000)}`);
        await sleep(20);
      }
    },
  };
}

/** Runs `ios-backup <args>` to completion. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return finished(start('cli/main.js', args, env));
}
