// What went wrong, named: turns whatever a driver, the pool or a plugin threw into one of the product's errors, so the
// message a user sees, the error stored on the backup and the retry decision all come from the first real cause.
import {
  DatabaseUnavailableError,
  InfrastructureError,
  InternalError,
  IosBackupError,
  PermissionDeniedError,
  RedisUnavailableError,
  messageOf,
  oneLine,
} from './errors.js';

/** Socket-level codes that mean "the peer is not there (any more)". */
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EPIPE)$/;

/** Messages of node-postgres, knex and pg-copy-streams when the server went away; none of them carries a code. */
const PG_GONE = /connection terminated|connection ended unexpectedly|encountered a connection error and is not queryable|timeout acquiring a connection|terminating connection|the database system is (starting up|shutting down|in recovery mode)|server closed the connection unexpectedly|client was closed and is not queryable/i;

/** Messages of ioredis and BullMQ when Redis went away. */
const REDIS_GONE = /connection is closed|stream isn't writeable|reached the max retries per request|redis.*(unreachable|ECONNREFUSED)/i;

/** The error and the causes it wraps, outermost first (`cause` chains and AggregateError members). */
function chainOf(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 20) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.includes(current)) continue;
    seen.push(current);
    if (current instanceof AggregateError) queue.push(...current.errors);
    const cause = (current as { cause?: unknown }).cause;
    if (cause !== undefined) queue.push(cause);
  }
  return seen;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether PostgreSQL went away or could not be reached (as opposed to refusing a statement). */
export function isDatabaseGone(error: unknown): boolean {
  return chainOf(error).some((item) => {
    const code = codeOf(item);
    if (NETWORK_CODES.test(code) || /^(08|57P)/.test(code)) return true;
    return item instanceof Error && PG_GONE.test(item.message);
  });
}

/** Whether Redis went away or could not be reached. */
export function isRedisGone(error: unknown): boolean {
  return chainOf(error).some((item) => item instanceof Error && (REDIS_GONE.test(item.message) || item.name === 'MaxRetriesPerRequestError'));
}

/** The most specific message in the chain: a wrapper's own words are kept when they add to the cause's. */
function detailOf(error: unknown): string {
  const messages = chainOf(error)
    .map((item) => (item instanceof Error ? item.message || codeOf(item) || item.name : String(item)))
    .filter((text) => text.length > 0);
  const unique: string[] = [];
  for (const text of messages) if (!unique.some((kept) => kept.includes(text))) unique.push(text);
  return oneLine(unique.join(': ') || 'unknown error');
}

/**
 * Names a failure of the indexing job. An IosBackupError is kept as it is; a database that went away becomes
 * DATABASE_UNAVAILABLE (retryable); a refused privilege PERMISSION_DENIED; a serialization failure or deadlock
 * DATABASE_CONFLICT (retryable); a full disk or too many connections DATABASE_RESOURCES (retryable); anything else
 * INTERNAL_ERROR, which a retry would only meet again.
 */
export function nameFailure(error: unknown, during = 'the job'): IosBackupError {
  if (error instanceof IosBackupError) return error;
  const chain = chainOf(error);
  const pgCode = chain.map(codeOf).find((code) => /^[0-9A-Z]{5}$/.test(code)) ?? '';
  const detail = detailOf(error);
  if (pgCode === '42501') return new PermissionDeniedError(`PostgreSQL refused ${during}: ${detail}`, error);
  if (pgCode.startsWith('28')) return new PermissionDeniedError(`PostgreSQL refused the login: ${detail}`, error, 'DATABASE_LOGIN_REFUSED');
  if (isDatabaseGone(error)) return new DatabaseUnavailableError(`lost the connection to PostgreSQL during ${during}: ${detail}`, error);
  if (pgCode === '40001' || pgCode === '40P01') return new InfrastructureError(`PostgreSQL aborted ${during}: ${detail}`, error, 'DATABASE_CONFLICT');
  if (pgCode === '53100') {
    return new InfrastructureError(`the disk PostgreSQL writes to is full: free space there, then run the command again (${detail})`, error, 'DISK_FULL');
  }
  if (pgCode.startsWith('53')) return new InfrastructureError(`PostgreSQL is out of resources: ${detail}`, error, 'DATABASE_RESOURCES');
  if (chain.some((item) => codeOf(item) === 'ENOSPC')) {
    return new InfrastructureError(`the disk is full: free space, or point IOS_BACKUP_WORK__DIR at a bigger disk, then run the command again (${detail})`, error, 'DISK_FULL');
  }
  if (isRedisGone(error)) return new RedisUnavailableError(`lost the connection to Redis during ${during}: ${detail}`, error);
  const name = error instanceof Error && error.name !== 'Error' ? ` (${error.name})` : '';
  return new InternalError(`${oneLine(messageOf(error))}${name}`, error);
}
