// The BullMQ path end to end on real Redis and PostgreSQL: enqueue --wait through a worker process gives the same
// result as index, two simultaneous enqueues of one backup make one job, and SIGTERM mid-job never leaves a mix.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { cli, watch, type CommandResult } from '../kernel/testing/cli.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { enqueueIndexJob, jobIdFor } from './queue.js';
import { buildSamplePhotosDb } from '../plugins/photos/testing/build-photos-db.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const REDIS_URL = process.env.IOS_BACKUP_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** An address book with many people, so a job lasts long enough to be interrupted. */
function largeAddressBook(path: string, people: number): void {
  const sqlite = new Database(path);
  sqlite.exec('CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Organization TEXT, Kind INTEGER, CreationDate INTEGER)');
  const insert = sqlite.prepare('INSERT INTO ABPerson (First, Last, Organization, Kind, CreationDate) VALUES (?, ?, ?, 0, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < people; i += 1) insert.run(`First${i}`, `Last${i}`, `Org ${i % 100}`, 400_000_000 + i);
  })();
  sqlite.close();
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('queue worker', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let scratch: string;
  let queueName: string;
  const workers: ChildProcess[] = [];

  const startWorker = async (): Promise<{ child: ChildProcess; exited: Promise<CommandResult> }> => {
    const worker = watch('queue/worker-main.js', ['--concurrency', '2'], env);
    workers.push(worker.child);
    await worker.seen('worker ready', 1);
    return { child: worker.child, exited: worker.done };
  };

  before(async () => {
    db = await createTestDatabase('worker');
    queueName = `ios-backup-test-${randomBytes(4).toString('hex')}`;
    env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_REDIS__URL: REDIS_URL, IOS_BACKUP_QUEUE__NAME: queueName, IOS_BACKUP_JOB__BACKOFF_MS: '100' };
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-worker-test-'));
  });

  after(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection: redis });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await redis.quit();
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('two simultaneous enqueues of one backup make one job', async () => {
    const args = ['enqueue', '--artifact', `contacts=${TRACY}`, '--backup-id', 'twice', '--json'];
    const [a, b] = await Promise.all([cli(args, env), cli(args, env)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const first = JSON.parse(a.stdout);
    const second = JSON.parse(b.stdout);
    assert.equal(first.jobId, 'index-backup-twice');
    assert.equal(second.jobId, first.jobId);
    assert.deepEqual([first.created, second.created].sort(), [false, true]);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection: redis });
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    await queue.close();
    await redis.quit();
    assert.equal(counts.waiting! + counts.active! + counts.delayed! + counts.prioritized!, 1);
  });

  it('says created for exactly one of two requests racing to add the same job, and hands both the stored job', async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection: redis });
    try {
      for (let round = 0; round < 5; round += 1) {
        const backupId = `race-${round}`;
        const inputs = ['first', 'second'].map((runId) => ({ backupId, artifacts: { contacts: TRACY }, runId: `${runId}-${round}` }));
        // Both pass the "is there a job already" check before either adds.
        const outcomes = await Promise.all(inputs.map((input) => enqueueIndexJob(queue, input, { attempts: 1, backoffMs: 100 })));
        assert.deepEqual(outcomes.map((outcome) => outcome.created).sort(), [false, true], `round ${round}`);
        const stored = (await queue.getJob(jobIdFor(backupId)))!.data.runId;
        for (const outcome of outcomes) assert.equal(outcome.job.data.runId, stored, `round ${round}: both follow the stored run`);
      }
    } finally {
      // Only this test's jobs go: the next test's worker would run them, and the first test's job must stay.
      for (let round = 0; round < 5; round += 1) await (await queue.getJob(jobIdFor(`race-${round}`)))?.remove();
      await queue.close();
      await redis.quit();
    }
  });

  it('enqueue --wait indexes through the worker with the same result as index, and the worker survives a failed plugin', async () => {
    const { child, exited } = await startWorker();
    const waited = await cli(['enqueue', '--artifact', `contacts=${TRACY}`, '--backup-id', 'queued', '--wait', '--json'], env);
    assert.equal(waited.code, 0, waited.stderr);
    const report = JSON.parse(waited.stdout);
    assert.equal(report.status, 'INDEXED');
    assert.deepEqual(report.plugins.find((plugin: { id: string }) => plugin.id === 'contacts').rows, { contact: 6, contact_value: 9 });
    assert.equal(report.searchDocuments, 6);
    await waitFor(async () => (await db.query("SELECT status FROM backup WHERE id = 'twice'"))[0]?.status === 'INDEXED', 'the deduplicated job');

    const corrupt = join(scratch, 'corrupt.sqlitedb');
    (await import('node:fs')).writeFileSync(corrupt, randomBytes(4096));
    const failed = await cli(['enqueue', '--artifact', `contacts=${corrupt}`, '--backup-id', 'queued-corrupt', '--wait', '--json'], env);
    assert.equal(failed.code, 2, failed.stderr);
    assert.equal(JSON.parse(failed.stdout).plugins.find((plugin: { id: string }) => plugin.id === 'contacts').status, 'failed');
    assert.equal(child.exitCode, null, 'the worker is still alive');

    const again = await cli(['enqueue', '--artifact', `contacts=${TRACY}`, '--backup-id', 'queued', '--wait', '--json'], env);
    assert.equal(again.code, 0, again.stderr);
    const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM contact WHERE backup_id = 'queued'")) as [{ n: number }];
    assert.equal(n, 6);

    child.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 0);
  });

  it('a queued backup folder records whether each photo is in the backup, as index does', async () => {
    const { child, exited } = await startWorker();
    const backup = join(scratch, 'backup-folder');
    mkdirSync(join(backup, 'CameraRollDomain', 'Media', 'DCIM', '100APPLE'), { recursive: true });
    mkdirSync(join(backup, 'CameraRollDomain', 'Media', 'PhotoData'), { recursive: true });
    writeFileSync(join(backup, 'CameraRollDomain', 'Media', 'DCIM', '100APPLE', 'IMG_0001.HEIC'), 'heic bytes');
    buildSamplePhotosDb(join(backup, 'CameraRollDomain', 'Media', 'PhotoData', 'Photos.sqlite'));
    const queued = await cli(['enqueue', backup, '--backup-id', 'queued-folder', '--wait', '--json'], env);
    assert.equal(queued.code, 0, queued.stderr);
    const direct = await cli(['index', backup, '--backup-id', 'direct-folder', '--json'], env);
    assert.equal(direct.code, 0, direct.stderr);
    const presence = (backupId: string) =>
      db.query('SELECT original_filename, file_present FROM photo_asset WHERE backup_id = $1 ORDER BY source_rowid', [backupId]);
    const fromQueue = await presence('queued-folder');
    assert.deepEqual(fromQueue, await presence('direct-folder'));
    assert.deepEqual(fromQueue.map((row) => row.file_present), [true, false, false, false, false, false, null]);
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  });

  it('SIGTERM during a job leaves the old or the new complete index, never a mix, and exits 0', async () => {
    const big = join(scratch, 'big.sqlitedb');
    largeAddressBook(big, 150_000);
    const index = await cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'interrupted', '--json'], env);
    assert.equal(index.code, 0, index.stderr);

    const { child, exited } = await startWorker();
    const enqueued = await cli(['enqueue', '--artifact', `contacts=${big}`, '--backup-id', 'interrupted', '--json'], env);
    assert.equal(enqueued.code, 0, enqueued.stderr);
    await waitFor(async () => (await db.query("SELECT status FROM backup WHERE id = 'interrupted'"))[0]?.status === 'INDEXING', 'the job to start');
    child.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 0, result.stderr);

    const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM contact WHERE backup_id = 'interrupted'")) as [{ n: number }];
    const [{ docs }] = (await db.query("SELECT count(*)::int AS docs FROM artifact_search_index WHERE backup_id = 'interrupted'")) as [{ docs: number }];
    const [backup] = await db.query("SELECT status, counts FROM backup WHERE id = 'interrupted'");
    assert.ok(n === 6 || n === 150_000, `contacts: ${n}`);
    assert.equal(docs, n);
    if (n === 150_000) assert.equal(backup!.status, 'INDEXED');
    assert.deepEqual(backup!.counts, n === 6 ? { contact: 6, contact_value: 9 } : { contact: 150_000, contact_value: 0 });
  });
});
