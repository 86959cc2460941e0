// Tests of `ios-backup demo`: on a test database (every enabled domain indexed with rows and no warning, every search
// with hits, a second run replacing the first with the same rows), and on a bare machine (no IOS_BACKUP_* variable,
// nothing listening on the PostgreSQL and Redis ports): `npm run demo` on the embedded PostgreSQL, which is stopped after.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pluginEntries } from '../../plugins.config.js';
import { embeddedState } from '../kernel/embedded.js';
import { cli, type CommandResult } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { projectRoot } from '../kernel/testing/fixtures.js';
import { freePort } from '../kernel/testing/services.js';
import { DEMO_SEARCHES } from './demo-backup.js';

const ENABLED = pluginEntries.filter((entry) => entry.enabled).map((entry) => entry.plugin.id);

interface DemoReport {
  summary: {
    backupId: string;
    status: string;
    searchDocuments: number;
    plugins: Array<{ id: string; status: string; rows: Record<string, number>; warnings: unknown[] }>;
  };
  database: { kind: string; description: string };
  searches: Array<{ query: string; hits: Array<{ backupId: string; plugin: string; type: string; title: string | null }> }>;
}

/** The blocks of human output after each `search "<query>"` header, by query. */
function searchBlocks(stdout: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const part of stdout.split('\nsearch "').slice(1)) {
    const query = part.slice(0, part.indexOf('"'));
    blocks.set(query, part.slice(part.indexOf('\n') + 1).split('\n\n')[0]!);
  }
  return blocks;
}

/** Every search of the demo printed its table: the header, then at least one hit line (`<type>  <time>  <title>  <snippet>`). */
function assertHitsPrinted(stdout: string): void {
  const blocks = searchBlocks(stdout);
  assert.deepEqual([...blocks.keys()], [...DEMO_SEARCHES], stdout);
  for (const [query, block] of blocks) {
    assert.match(block, /^type +time +title +snippet$/m, `hits of "${query}":\n${block}`);
    assert.match(block, /^[a-z_]+ {2,}\d{4}-\d\d-\d\d \d\d:\d\d {2,}\S.* {2,}\S/m, `hits of "${query}":\n${block}`);
  }
}

/** Names of what the demo (and its job) left in a temp folder. */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.startsWith('ios-backup-'));
}

describe('ios-backup demo on a test database', () => {
  let db: TestDatabase;
  let scratch: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('demo');
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-demo-test-'));
    env = { IOS_BACKUP_DATABASE__URL: db.url, TMPDIR: scratch };
  });
  after(async () => {
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  let first: DemoReport;

  it('--json: every enabled domain indexed with rows and no warning, every search with hits, all domains among them', async () => {
    const result = await cli(['demo', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim().split('\n').length, 1, 'one JSON document');
    first = JSON.parse(result.stdout) as DemoReport;
    assert.equal(first.summary.backupId, 'demo');
    assert.equal(first.summary.status, 'INDEXED');
    assert.deepEqual(first.database, { kind: 'configured', description: `PostgreSQL at ${db.url}` });
    assert.deepEqual(first.summary.plugins.map((plugin) => plugin.id).filter((id) => ENABLED.includes(id)), ENABLED);
    for (const id of ENABLED) {
      const plugin = first.summary.plugins.find((candidate) => candidate.id === id)!;
      assert.equal(plugin.status, 'completed', id);
      assert.deepEqual(plugin.warnings, [], id);
      const [mainTable, rows] = Object.entries(plugin.rows)[0]!;
      assert.ok(rows > 0, `${id}: ${mainTable} has rows`);
    }
    assert.deepEqual(first.searches.map((search) => search.query), [...DEMO_SEARCHES]);
    for (const search of first.searches) {
      assert.ok(search.hits.length > 0, `"${search.query}" finds something`);
      for (const hit of search.hits) assert.equal(hit.backupId, 'demo');
    }
    const domainsFound = new Set(first.searches.flatMap((search) => search.hits.map((hit) => hit.plugin)));
    assert.deepEqual([...domainsFound].sort(), [...ENABLED].sort(), 'the searches between them reach every enabled domain');
    assert.deepEqual(leftovers(scratch), [], 'the demo backup and the job folder are removed');
  });

  it('a second run (human output) replaces the first with the same rows and prints the summary, the database and the hits', async () => {
    const result = await cli(['demo'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^backup demo: INDEXED in \d+ ms, \d+ search documents$/m);
    for (const id of ENABLED) assert.match(result.stdout, new RegExp(`^${id} +completed +\\S+=[1-9]`, 'm'), `${id} row in the summary`);
    assert.ok(result.stdout.includes(`data: PostgreSQL at ${db.url}\n`), result.stdout);
    assertHitsPrinted(result.stdout);
    assert.match(result.stderr, /building a demo iPhone backup/);
    const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM artifact_search_index WHERE backup_id = 'demo'")) as [{ n: number }];
    assert.equal(n, first.summary.searchDocuments, 'one set of documents, not two');
    const [{ backups }] = (await db.query('SELECT count(*)::int AS backups FROM backup')) as [{ backups: number }];
    assert.equal(backups, 1);
    const again = JSON.parse((await cli(['demo', '--json'], env)).stdout) as DemoReport;
    const rowsOf = (report: DemoReport) => report.summary.plugins.map(({ id, rows }) => ({ id, rows }));
    assert.deepEqual(rowsOf(again), rowsOf(first), 'the same rows every run');
    assert.deepEqual(again.searches, first.searches, 'the same hits every run');
    assert.deepEqual(leftovers(scratch), []);
  });

  it('refuses arguments', async () => {
    const result = await cli(['demo', 'extra'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /demo takes no arguments/);
  });
});

/** Whether this process may run a command in a network namespace of its own (root, or unprivileged user namespaces). */
const UNSHARE = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;

const BARE_MACHINE = UNSHARE
  ? 'npm run demo with no IOS_BACKUP_* variable, in a network namespace where nothing listens on 5432 or 6379'
  : 'npm run demo with IOS_BACKUP_DATABASE__URL=embedded and Redis on a closed port (unshare --net is not permitted here)';

/** Runs a command to completion with exactly this environment. */
function runWith(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const child = spawn(command, args, { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ios-backup demo on a bare machine', () => {
  let home: string;

  before(() => {
    // As root the embedded server runs as `postgres`, who must be able to traverse the folder.
    home = mkdtempSync(join(tmpdir(), 'ios-backup-demo-bare-'));
    chmodSync(home, 0o755);
    for (const name of ['home', 'tmp']) mkdirSync(join(home, name), { mode: 0o755 });
  });
  after(() => {
    const server = embeddedState(join(home, 'pg')).running?.pid ?? null;
    if (server !== null) process.kill(server, 'SIGTERM'); // only when the test failed: the server it started
    rmSync(home, { recursive: true, force: true });
  });

  it(BARE_MACHINE, { timeout: 180_000 }, async () => {
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('IOS_BACKUP_')));
    Object.assign(env, { HOME: join(home, 'home'), TMPDIR: join(home, 'tmp'), IOS_BACKUP_EMBEDDED__DIR: join(home, 'pg') });
    let result: CommandResult;
    if (UNSHARE) {
      result = await runWith('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec npm run --silent demo'], env);
    } else {
      Object.assign(env, { IOS_BACKUP_DATABASE__URL: 'embedded', IOS_BACKUP_REDIS__URL: `redis://127.0.0.1:${await freePort()}` });
      result = await runWith('npm', ['run', '--silent', 'demo'], env);
    }
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const reason = UNSHARE ? 'nothing answers at 127.0.0.1:5432' : 'IOS_BACKUP_DATABASE__URL=embedded';
    assert.ok(result.stdout.includes(`data: the embedded PostgreSQL in ${join(home, 'pg')} (${reason})\n`), result.stdout);
    for (const id of ENABLED) assert.match(result.stdout, new RegExp(`^${id} +completed +\\S+=[1-9]`, 'm'), `${id} row in the summary`);
    assertHitsPrinted(result.stdout);
    assert.equal(embeddedState(join(home, 'pg')).running?.pid ?? null, null, 'the embedded server is stopped when the demo ends');
    assert.ok(!existsSync(join(home, 'pg', 'data', 'postmaster.pid')), 'postmaster.pid is gone');
    assert.deepEqual(leftovers(join(home, 'tmp')), [], 'the demo backup and the job folder are removed');
  });
});
