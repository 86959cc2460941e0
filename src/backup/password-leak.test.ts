// The backup password appears nowhere: not in PostgreSQL, not in Redis (a queued job names a secret the worker
// holds), not in any log line or output of `index`, `enqueue`, `status`, `search` or the worker, at every log level.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { cli, watch, type CommandResult } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { buildBackupFolder, sampleBackupFiles, type BuiltBackup } from './testing/build-backup.js';

const REDIS_URL = process.env.IOS_BACKUP_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const scratch = mkdtempSync(join(tmpdir(), 'password-leak-test-'));
const work = join(scratch, 'work');
/** Unique enough that any occurrence is a leak; the password adds a space and quotes, which JSON would escape. */
const CANARY = `pw-${randomBytes(6).toString('hex')}`;
const PASSWORD = `${CANARY} "leak canary"`;
const queueName = `ios-backup-test-${randomBytes(4).toString('hex')}`;
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let backup: BuiltBackup;
const outputs: CommandResult[] = [];

async function run(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  const result = await cli(args, { ...env, ...extra });
  outputs.push(result);
  return result;
}

before(async () => {
  db = await createTestDatabase('password_leak');
  env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: work, IOS_BACKUP_LOG__LEVEL: 'trace', IOS_BACKUP_REDIS__URL: REDIS_URL, IOS_BACKUP_QUEUE__NAME: queueName };
  const sample = sampleBackupFiles(join(scratch, 'sources'));
  backup = await buildBackupFolder(join(scratch, 'encrypted'), { layout: 'hashed', files: sample.files, encrypted: { password: PASSWORD } });
  writeFileSync(join(scratch, 'password.txt'), `${PASSWORD}\n`);
});
after(async () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const keys = await redis.keys(`bull:${queueName}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every value of every key of the test's queue, as text. */
async function redisContents(): Promise<string> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const parts: string[] = [];
    for (const key of await redis.keys(`bull:${queueName}:*`)) {
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      parts.push(key);
    }
    return parts.join('\n');
  } finally {
    await redis.quit();
  }
}

/** Every row of every table of the test database, as text. */
async function postgresContents(): Promise<string> {
  const tables = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
  const parts: string[] = [];
  for (const { table_name: name } of tables) {
    for (const row of await db.query(`SELECT t::text AS text FROM "${name}" t`)) parts.push(row.text);
  }
  assert.ok(parts.length > 100, 'the index holds rows');
  return parts.join('\n');
}

describe('the backup password', () => {
  test('is in no output, log, PostgreSQL row or Redis key, from index or from a queued job', async () => {
    const indexed = await run(['index', backup.root, '--backup-id', 'leak-index', '--password-file', join(scratch, 'password.txt')]);
    assert.equal(indexed.code, 0, indexed.stderr);
    assert.match(indexed.stderr, /"step":"opened"/, 'trace-level logs were captured');
    const fromEnv = await run(['index', backup.root, '--backup-id', 'leak-env', '--password-env', 'LEAK_TEST_PASSWORD', '--json'], { LEAK_TEST_PASSWORD: PASSWORD });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const wrong = await run(['index', backup.root, '--backup-id', 'leak-wrong', '--password-env', 'LEAK_TEST_PASSWORD'], { LEAK_TEST_PASSWORD: `${PASSWORD}x` });
    assert.equal(wrong.code, 1);

    const worker = watch('queue/worker-main.js', [], { ...env, IOS_BACKUP_SECRET_LEAKTEST: PASSWORD });
    try {
      await worker.seen('worker ready', 1);
      const refused = await run(['enqueue', backup.root, '--backup-id', 'leak-queue', '--password-file', join(scratch, 'password.txt')]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /--password-secret NAME/);
      const typedInstead = await run(['enqueue', backup.root, '--backup-id', 'leak-queue', '--password-secret', PASSWORD]);
      assert.equal(typedInstead.code, 1, 'a password given where a secret name belongs is refused (and not repeated)');
      const queued = await run(['enqueue', backup.root, '--backup-id', 'leak-queue', '--password-secret', 'LEAKTEST', '--wait', '--json']);
      assert.equal(queued.code, 0, queued.stderr);
      assert.equal(JSON.parse(queued.stdout).status, 'INDEXED');
      const unknown = await run(['enqueue', backup.root, '--backup-id', 'leak-unknown', '--password-secret', 'NOSUCH', '--wait', '--json']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no password secret "NOSUCH"/);
      outputs.push(await run(['status', 'leak-queue', '--json']), await run(['search', 'the', '--json']));
      const redis = await redisContents();
      assert.match(redis, /LEAKTEST/, 'the job names its secret');
      assert.ok(!redis.includes(CANARY), 'Redis holds the password');
    } finally {
      worker.child.kill('SIGTERM');
      outputs.push(await worker.done);
    }
    await sleep(10);
    assert.ok(!(await postgresContents()).includes(CANARY), 'PostgreSQL holds the password');
    for (const output of outputs) {
      assert.ok(!output.stdout.includes(CANARY) && !output.stderr.includes(CANARY), 'an output holds the password');
    }
    assert.deepEqual(readdirSync(work), []);
  });
});
