// Structured logging: pino to stderr, one JSON line per job step, never a password or message content at info.
// stdout stays free for --json output.
import { pino, type Logger } from 'pino';

/** A pino logger writing to stderr at the given level. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { service: 'ios-backup' } }, pino.destination({ fd: 2, sync: true }));
}

export type { Logger };
