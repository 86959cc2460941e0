// Naming failures: what node-postgres, knex and ioredis throw when a service goes away or refuses, named with a code
// and a retry decision, on one line; and the capped backoff of queued jobs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cappedBackoff } from '../queue/queue.js';
import { SourceCorruptError } from './errors.js';
import { isDatabaseGone, nameFailure } from './failures.js';

/** An error as node-postgres builds it from a server message. */
function serverError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

describe('nameFailure', () => {
  it('names a database that went away as DATABASE_UNAVAILABLE, retryable', () => {
    const cases: Error[] = [
      serverError('terminating connection due to administrator command', '57P01'),
      serverError('the database system is shutting down', '57P03'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      new Error('rollback failed', { cause: serverError('terminating connection due to administrator command', '57P01') }),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''),
    ];
    for (const error of cases) {
      const failure = nameFailure(error);
      assert.equal(failure.code, 'DATABASE_UNAVAILABLE', error.message);
      assert.equal(failure.recoverable, true);
      assert.equal(isDatabaseGone(error), true);
      assert.equal(failure.cause, error);
    }
  });

  it('names refusals that a retry cannot fix, and keeps the cause on one line', () => {
    const denied = nameFailure(serverError('permission denied to create database', '42501'), 'creating the database');
    assert.equal(denied.code, 'PERMISSION_DENIED');
    assert.equal(denied.recoverable, false);
    assert.equal(denied.message, 'PostgreSQL refused creating the database: permission denied to create database');
    const login = nameFailure(serverError('password authentication failed for user "x"', '28P01'));
    assert.equal(login.code, 'DATABASE_LOGIN_REFUSED');
    assert.doesNotMatch(login.message, /cannot reach/);
    const bug = nameFailure(new TypeError('cannot read properties of undefined\n  reading "x"'));
    assert.equal(bug.code, 'INTERNAL_ERROR');
    assert.equal(bug.recoverable, false);
    assert.equal(bug.message, 'cannot read properties of undefined reading "x" (TypeError)');
  });

  it('names conflicts and exhausted resources as retryable, Redis as REDIS_UNAVAILABLE, and keeps named errors', () => {
    assert.equal(nameFailure(serverError('deadlock detected', '40P01')).code, 'DATABASE_CONFLICT');
    const pgDiskFull = nameFailure(serverError('could not extend file: No space left on device', '53100'));
    assert.equal(pgDiskFull.code, 'DISK_FULL');
    assert.match(pgDiskFull.message, /^the disk PostgreSQL writes to is full: free space there, then run the command again/);
    assert.equal(pgDiskFull.recoverable, true);
    assert.equal(nameFailure(serverError('out of memory', '53200')).code, 'DATABASE_RESOURCES');
    assert.equal(nameFailure(serverError('too many connections', '53300')).recoverable, true);
    const localDiskFull = nameFailure(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    assert.equal(localDiskFull.code, 'DISK_FULL');
    assert.match(localDiskFull.message, /^the disk is full: free space, or point IOS_BACKUP_WORK__DIR at a bigger disk/);
    const redis = nameFailure(new Error('Connection is closed.'));
    assert.equal(redis.code, 'REDIS_UNAVAILABLE');
    assert.equal(redis.recoverable, true);
    const named = new SourceCorruptError('sms.db is not a SQLite database');
    assert.equal(nameFailure(named), named);
  });
});

describe('cappedBackoff', () => {
  it('doubles from the base delay up to the cap, and spans minutes with the defaults', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => cappedBackoff(n, 5000, 60_000)), [5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
    assert.equal(cappedBackoff(1000, 5000, 60_000), 60_000);
    // 10 attempts: 9 waits between them.
    const total = Array.from({ length: 9 }, (_, i) => cappedBackoff(i + 1, 5000, 60_000)).reduce((a, b) => a + b, 0);
    assert.ok(total >= 5 * 60_000, `${total} ms of retries`);
  });
});
