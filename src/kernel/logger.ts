// Structured logging: pino to stderr, one JSON line per job step, never a password or message content at info.
// stdout stays free for --json output.
import { format } from 'node:util';
import { pino, type Logger } from 'pino';

/** A pino logger writing to stderr at the given level. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'ios-backup' } }, pino.destination({ fd: 2, sync: true }));
}

/**
 * Sends what libraries print with console.* to the structured log at debug (on stderr), so stdout holds only the
 * program's own output: one JSON document with `--json`.
 */
export function captureConsole(logger: Logger): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[method] = (...args: unknown[]) => logger.debug({ console: method }, format(...args));
  }
}

export type { Logger };
