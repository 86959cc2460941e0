// Fault injection for real: the suite's own PostgreSQL and Redis servers are stopped and restarted while jobs run, in
// process and in a worker, three times per scenario. After each: rows identical to a clean run, no backup left
// INDEXING, no private copy left behind, the worker up and taking the next job, and the error naming the real cause.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildBulkSmsDb } from '../plugins/messages/testing/build-sms-db.js';
import { watch, type CommandResult, type Watched } from '../kernel/testing/cli.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from '../kernel/testing/services.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const BACKUP = 'faults';
const REPEAT = 3;
const MESSAGES = 50_000;
/** Columns that change from run to run whatever the data (times, durations, the run's id). */
const VOLATILE = new Set(['created_at', 'updated_at', 'indexed_at', 'duration_ms', 'run_id']);

/** The one JSON document a `--json` command printed on stdout (fails when there is anything else). */
function onlyDocument(result: CommandResult): any {
  const lines = result.stdout.split('\n').filter((line) => line.length > 0);
  assert.equal(lines.length, 1, `one JSON document on stdout, got:\n${result.stdout}\nstderr:\n${result.stderr.slice(-2000)}`);
  return JSON.parse(lines[0]!);
}

describe('faults: PostgreSQL and Redis restarts', { timeout: 600_000 }, () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let idleRedis: PrivateRedis;
  let scratch: string;
  let childTmp: string;
  let env: NodeJS.ProcessEnv;
  let idleEnv: NodeJS.ProcessEnv;
  let smsDb: string;
  let worker: Watched;
  let idleWorker: Watched;
  let clean: string;
  let admin: pg.Pool;
  let idleScenario: Promise<void>;
  let nextJob = 0;
  // The idle-Redis scenario runs beside the others and needs PostgreSQL up while its command starts: scenarios that
  // stop PostgreSQL and its check of the worker take turns through this gate.
  let gate: Promise<void> = Promise.resolve();
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    const previous = gate;
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  };

  /** md5 over every row of every table of the backup, volatile columns left out. */
  const checksum = async (backupId: string): Promise<string> => {
    const client = new pg.Client({ connectionString: postgres.url('ios_backup_faults') });
    await client.connect();
    try {
      const columns = await client.query<{ table_name: string; columns: string[] }>(
        `SELECT table_name, array_agg(column_name::text ORDER BY column_name) AS columns FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN (SELECT table_name FROM information_schema.columns WHERE column_name IN ('backup_id') AND table_schema = 'public')
          GROUP BY table_name ORDER BY table_name`,
      );
      const parts: string[] = [];
      for (const { table_name: table, columns: names } of [...columns.rows, { table_name: 'backup', columns: ['id', 'status', 'error_code', 'counts', 'search_documents', 'plugins_failed'] }]) {
        const kept = names.filter((name) => !VOLATILE.has(name)).map((name) => `"${name}"`);
        const key = table === 'backup' ? 'id' : 'backup_id';
        const [row] = (
          await client.query(
            `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(row(${kept.join(', ')})::text), '' ORDER BY md5(row(${kept.join(', ')})::text)), '')) AS sum
               FROM "${table}" WHERE ${key} = $1`,
            [backupId],
          )
        ).rows;
        parts.push(`${table}:${row.n}:${row.sum}`);
      }
      return parts.join('\n');
    } finally {
      await client.end();
    }
  };

  const backupRow = async (backupId: string) =>
    (await admin.query('SELECT status, error, error_code FROM backup WHERE id = $1', [backupId])).rows[0] as
      | { status: string; error: string | null; error_code: string | null }
      | undefined;

  const leftovers = () => readdirSync(childTmp).filter((name) => name.startsWith('ios-backup-source-'));

  const cliRun = (args: string[], extra: NodeJS.ProcessEnv = env) => watch('cli/main.js', args, extra);
  /** `index` or `enqueue` of the large sms.db into the suite's backup, with --json. */
  const messagesJob = (command: 'index' | 'enqueue') => [command, '--artifact', `messages=${smsDb}`, '--backup-id', BACKUP, '--json'];

  /** Queues the large job with --wait and runs `fault` 300 ms after the worker deleted the previous rows. */
  const workerJobWithFault = async (fault: () => Promise<void>): Promise<CommandResult> => {
    const started = worker.count('"step":"deleted-previous"');
    const waiting = cliRun([...messagesJob('enqueue'), '--wait', '--timeout', '120']);
    await worker.seen('"step":"deleted-previous"', started + 1);
    await sleep(300);
    await fault();
    return waiting.done;
  };

  /** A small job through the worker: proves the worker still takes jobs. */
  const provesWorkerAlive = async (target: Watched, targetEnv: NodeJS.ProcessEnv) => {
    assert.equal(target.child.exitCode, null, `the worker is still running:\n${target.log().slice(-2000)}`);
    nextJob += 1;
    const waited = await cliRun(['enqueue', '--artifact', `contacts=${TRACY}`, '--backup-id', `next-${nextJob}`, '--wait', '--timeout', '120', '--json'], targetEnv).done;
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(onlyDocument(waited).status, 'INDEXED');
  };

  const assertAfterFault = async (what: string) => {
    assert.deepEqual(leftovers(), [], `${what}: no private copy left behind`);
    const row = await backupRow(BACKUP);
    assert.notEqual(row?.status, 'INDEXING', `${what}: no backup left INDEXING`);
  };

  before(async () => {
    [postgres, redis, idleRedis] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startPrivateRedis()]);
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-faults-'));
    childTmp = join(scratch, 'tmp');
    mkdirSync(childTmp);
    smsDb = join(scratch, 'sms.db');
    buildBulkSmsDb(smsDb, { messages: MESSAGES, chats: 500, handles: 1000, withAttributedBody: true });
    const common = {
      IOS_BACKUP_DATABASE__URL: postgres.url('ios_backup_faults'),
      IOS_BACKUP_JOB__ATTEMPTS: '40',
      IOS_BACKUP_JOB__BACKOFF_MS: '300',
      IOS_BACKUP_JOB__BACKOFF_MAX_MS: '1500',
      IOS_BACKUP_LOG__LEVEL: 'info',
      TMPDIR: childTmp,
    };
    env = { ...common, IOS_BACKUP_REDIS__URL: redis.url, IOS_BACKUP_QUEUE__NAME: 'faults' };
    idleEnv = { ...common, IOS_BACKUP_REDIS__URL: idleRedis.url, IOS_BACKUP_QUEUE__NAME: 'faults-idle' };
    const first = await cliRun(messagesJob('index')).done;
    assert.equal(first.code, 0, first.stderr);
    assert.equal(onlyDocument(first).status, 'INDEXED');
    clean = await checksum(BACKUP);
    assert.ok(Number(/^message:(\d+):/m.exec(clean)?.[1]) > MESSAGES * 0.9, clean);
    admin = new pg.Pool({ connectionString: postgres.url('ios_backup_faults'), max: 2 });
    admin.on('error', () => undefined);
    worker = watch('queue/worker-main.js', [], env);
    idleWorker = watch('queue/worker-main.js', [], idleEnv);
    await Promise.all([worker.seen('worker ready', 1), idleWorker.seen('worker ready', 1)]);

    // Redis kept down for 60 s while a worker waits, three times: on a Redis of its own, so the minutes it takes
    // run beside the other scenarios (its worker shares the PostgreSQL server, whose restarts it must ride out too).
    idleScenario = (async () => {
      for (let round = 1; round <= REPEAT; round += 1) {
        await idleRedis.stop();
        await sleep(60_000);
        assert.equal(idleWorker.child.exitCode, null, 'the worker stays up while Redis is down');
        await idleRedis.start();
        await idleWorker.seen('Redis reachable again', round, 30_000);
        await exclusive(() => provesWorkerAlive(idleWorker, idleEnv));
        assert.equal(idleWorker.count('"step":"redis-down"'), round, 'one log line per outage');
        assert.equal(idleWorker.count('"step":"redis-up"'), round, 'one log line per recovery');
      }
    })();
    idleScenario.catch(() => undefined);
  });

  after(async () => {
    for (const child of [worker?.child, idleWorker?.child]) if (child && child.exitCode === null) child.kill('SIGKILL');
    await admin?.end().catch(() => undefined);
    await Promise.all([postgres?.destroy(), redis?.destroy(), idleRedis?.destroy()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  for (const mode of ['immediate', 'fast'] as const) {
    it(`in-process index, PostgreSQL stopped (${mode}) mid-job: DATABASE_UNAVAILABLE, nothing left behind, previous index intact`, async () => {
      for (let round = 1; round <= REPEAT; round += 1) {
        const result = await exclusive(async () => {
          const job = cliRun(messagesJob('index'));
          await job.seen('"step":"deleted-previous"', 1);
          await sleep(300);
          await postgres.stop(mode);
          const done = await job.done;
          await postgres.start();
          return done;
        });
        assert.equal(result.code, 1, result.stderr.slice(-2000));
        const document = onlyDocument(result);
        assert.equal(document.error.code, 'DATABASE_UNAVAILABLE', result.stderr.slice(-2000));
        assert.match(result.stderr, /ios-backup: lost the connection to PostgreSQL during the indexing of backup faults: .* \[DATABASE_UNAVAILABLE\]\n$/);
        assert.doesNotMatch(result.stderr, /busy executing a query|TypeError|^\s+at /m);
        assert.deepEqual(leftovers(), [], 'the private copy was removed');
        // The next command to open the database records the dead run (its FAILED could not be written).
        const status = await cliRun(['status', BACKUP, '--json']).done;
        assert.equal(status.code, 0, status.stderr);
        const recorded = onlyDocument(status);
        assert.equal(recorded.backup.status, 'FAILED');
        assert.ok(['INTERRUPTED', 'DATABASE_UNAVAILABLE'].includes(recorded.backup.error_code), recorded.backup.error_code);
        assert.equal(await checksum(BACKUP).then((sum) => sum.replace(/^backup:.*$/m, '')), clean.replace(/^backup:.*$/m, ''), 'previous index intact');
        const again = await cliRun(messagesJob('index')).done;
        assert.equal(again.code, 0, again.stderr.slice(-2000));
        assert.equal(await checksum(BACKUP), clean, `round ${round}: rows identical to a clean run`);
        await assertAfterFault(`${mode} round ${round}`);
      }
    });
  }

  for (const mode of ['immediate', 'fast'] as const) {
    it(`worker job, PostgreSQL stopped (${mode}) mid-job and back 2 s later: retried to the same rows, enqueue --wait answers`, async () => {
      for (let round = 1; round <= REPEAT; round += 1) {
        const retries = worker.count('"step":"job-retry"');
        const result = await exclusive(() =>
          workerJobWithFault(async () => {
            await postgres.stop(mode);
            await sleep(2000);
            await postgres.start();
          }),
        );
        assert.equal(result.code, 0, result.stderr.slice(-2000));
        assert.equal(onlyDocument(result).status, 'INDEXED');
        await worker.seen('"step":"job-retry"', retries + 1, 1000);
        assert.match(worker.log().split('"step":"job-retry"').at(-1)!.split('\n')[0]!, /DATABASE_UNAVAILABLE/);
        assert.equal(await checksum(BACKUP), clean, `round ${round}: rows identical to a clean run`);
        await assertAfterFault(`worker ${mode} round ${round}`);
        await provesWorkerAlive(worker, env);
      }
    });
  }

  it('worker job, Redis restarted without persistence mid-job: the outcome comes from PostgreSQL, the worker goes on', async () => {
    for (let round = 1; round <= REPEAT; round += 1) {
      const lost = worker.count('"step":"job-lost"');
      const result = await workerJobWithFault(() => redis.restart());
      assert.equal(result.code, 0, result.stderr.slice(-2000));
      const document = onlyDocument(result);
      assert.equal(document.status, 'INDEXED');
      assert.equal(document.resultFrom, 'postgresql', result.stderr.slice(-3000));
      // The worker finished a job whose keys were gone: it says so in one line and the client read PostgreSQL.
      await worker.seen('"step":"job-lost"', lost + 1, 10_000);
      assert.equal(document.plugins.find((plugin: { id: string }) => plugin.id === 'messages').status, 'completed');
      assert.equal(await checksum(BACKUP), clean, `round ${round}: rows identical to a clean run`);
      await assertAfterFault(`redis mid-job round ${round}`);
      await provesWorkerAlive(worker, env);
    }
    assert.doesNotMatch(worker.log(), /^\s+at /m, 'no raw stack in the worker log');
  });

  it('Redis restarted without persistence while the worker is idle: the next job runs', async () => {
    for (let round = 1; round <= REPEAT; round += 1) {
      const recovered = worker.count('Redis reachable again');
      await redis.restart();
      await worker.seen('Redis reachable again', recovered + 1, 30_000);
      await provesWorkerAlive(worker, env);
    }
  });

  it('enqueue --wait with no worker ends at its timeout with a named error and one JSON document', async () => {
    const started = Date.now();
    const result = await cliRun(['enqueue', '--artifact', `contacts=${TRACY}`, '--backup-id', 'nobody-works', '--wait', '--timeout', '2', '--json'], {
      ...env,
      IOS_BACKUP_QUEUE__NAME: 'faults-no-worker',
    }).done;
    assert.equal(result.code, 1);
    assert.equal(onlyDocument(result).error.code, 'WAIT_TIMEOUT');
    assert.ok(Date.now() - started < 30_000);
    const down = await cliRun(['enqueue', '--artifact', `contacts=${TRACY}`, '--wait', '--json'], { ...env, IOS_BACKUP_REDIS__URL: 'redis://127.0.0.1:1' }).done;
    assert.equal(down.code, 1);
    assert.equal(onlyDocument(down).error.code, 'REDIS_UNAVAILABLE');
  });

  it('a role that may not create the database: PERMISSION_DENIED, not "cannot reach"', async () => {
    await admin.query('CREATE ROLE faults_nocreate LOGIN NOCREATEDB');
    const url = new URL(postgres.url('faults_never_created'));
    url.username = 'faults_nocreate';
    const human = await cliRun(['status', 'x'], { ...env, IOS_BACKUP_DATABASE__URL: url.toString() }).done;
    assert.equal(human.code, 1);
    assert.match(human.stderr, /^ios-backup: PostgreSQL at postgres:\/\/faults_nocreate@127\.0\.0\.1:\d+\/faults_never_created refused to create database faults_never_created: permission denied to create database .*\[PERMISSION_DENIED\]\n$/);
    assert.doesNotMatch(human.stderr, /cannot reach/);
    const json = await cliRun(['status', 'x', '--json'], { ...env, IOS_BACKUP_DATABASE__URL: url.toString() }).done;
    assert.equal(onlyDocument(json).error.code, 'PERMISSION_DENIED');
  });

  it('Redis kept down for 60 s while a worker waits, three times: it reconnects and takes the next job', async () => {
    await idleScenario;
  });
});
