// Indexing job against a real PostgreSQL: re-indexing is idempotent, missing files are skipped, a plugin's bad data
// fails only that plugin (others keep their rows), and a bug rolls the whole job back leaving the previous index.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { IndexJobRunner, INTERRUPTED_MESSAGE, isBeingIndexed, markInterrupted, type IndexJobInput, type IndexJobResult } from './job.js';
import { createLogger } from './logger.js';
import { openOrm } from './orm.js';
import type { RegisteredPlugin } from './plugin.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';
import { probePlugin, TEST_PROBE_DDL } from './testing/probe-plugin.js';
import { fixturePath } from './testing/fixtures.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

function registered(declaration: RegisteredPlugin['declaration'], enabled = true): RegisteredPlugin {
  return enabled ? { declaration, enabled, options: {} } : { declaration, enabled, reason: 'switched off for the test', options: {} };
}

const plugins: RegisteredPlugin[] = [
  registered(probePlugin('probe', 'rows')),
  registered(probePlugin('probe-refuses', 'data-error')),
  registered(probePlugin('probe-bug', 'bug')),
  registered(probePlugin('probe-refused-value', 'refused-value')),
  registered(probePlugin('probe-duplicate-id', 'duplicate-id')),
  registered(probePlugin('probe-stops-reading', 'bug-while-reading')),
  registered(probePlugin('probe-bad-row', 'data-error-while-reading')),
  registered(probePlugin('probe-off', 'rows'), false),
  registered(contactsPlugin),
];

/** The job reached INDEXED with one plugin failed (its error matching, with its code when given) and another completed. */
function assertOnlyFailed(
  result: IndexJobResult,
  expected: { failed: string; error: RegExp; code?: string; completed: string },
): void {
  assert.equal(result.status, 'INDEXED');
  const failed = result.plugins.find((plugin) => plugin.id === expected.failed)!;
  assert.equal(failed.status, 'failed');
  if (expected.code !== undefined) assert.equal(failed.errorCode, expected.code);
  assert.match(failed.error ?? '', expected.error);
  assert.equal(result.plugins.find((plugin) => plugin.id === expected.completed)!.status, 'completed');
}

describe('indexing job', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let runner: IndexJobRunner;
  let folder: string;

  const probeDb = (name: string, rows: number): string => {
    const path = join(folder, name);
    const sqlite = new Database(path);
    sqlite.exec('CREATE TABLE probe (label TEXT)');
    const insert = sqlite.prepare('INSERT INTO probe (label) VALUES (?)');
    sqlite.transaction(() => {
      for (let i = 1; i <= rows; i += 1) insert.run(`label ${i}\twith tab\\ and newline\n and quote " and nul-free`);
    })();
    sqlite.close();
    return path;
  };

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.query(sql, params))[0]!.n);

  before(async () => {
    db = await createTestDatabase('job');
    orm = await openOrm(db.url, plugins);
    await db.query(TEST_PROBE_DDL);
    runner = new IndexJobRunner({ orm, plugins, logger: createLogger('silent') });
    folder = mkdtempSync(join(tmpdir(), 'ios-backup-job-test-'));
  });

  after(async () => {
    await orm?.close(true);
    await db?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('indexes contacts and re-indexing gives identical rows, never duplicates', async () => {
    const before = createHash('sha256').update(readFileSync(TRACY)).digest('hex');
    const input: IndexJobInput = { backupId: 'tracy', artifacts: { contacts: TRACY } };
    const first = await runner.run(input);
    assert.equal(first.status, 'INDEXED');
    const contacts = first.plugins.find((plugin) => plugin.id === 'contacts')!;
    assert.equal(contacts.status, 'completed');
    assert.deepEqual(contacts.rows, { contact: 6, contact_value: 9 });
    assert.equal(first.searchDocuments, 6);
    const snapshot = async () => ({
      contacts: await db.query("SELECT * FROM contact WHERE backup_id = 'tracy' ORDER BY id"),
      values: await db.query("SELECT * FROM contact_value WHERE backup_id = 'tracy' ORDER BY id"),
      documents: await db.query("SELECT id, title, body, occurred_at, participants FROM artifact_search_index WHERE backup_id = 'tracy' ORDER BY id"),
    });
    const once = await snapshot();
    const second = await runner.run(input);
    assert.deepEqual(second.plugins.find((plugin) => plugin.id === 'contacts')!.rows, { contact: 6, contact_value: 9 });
    assert.deepEqual(await snapshot(), once);
    assert.equal(once.contacts.length, 6);
    assert.equal(once.values.length, 9);
    assert.equal(once.documents.length, 6);
    const [source] = await db.query("SELECT sha256, size, status, schema_variant, rows FROM artifact_source WHERE backup_id = 'tracy' AND plugin = 'contacts'");
    assert.equal(source!.sha256, before);
    assert.equal(source!.status, 'completed');
    assert.equal(source!.schema_variant, 'addressbook-client-33');
    assert.deepEqual(source!.rows, { contact: 6, contact_value: 9 });
    assert.equal(createHash('sha256').update(readFileSync(TRACY)).digest('hex'), before);
    const [backup] = await db.query("SELECT status, counts, search_documents, indexed_at FROM backup WHERE id = 'tracy'");
    assert.equal(backup!.status, 'INDEXED');
    assert.deepEqual(backup!.counts, { contact: 6, contact_value: 9 });
    assert.ok(backup!.indexed_at instanceof Date);
  });

  it('refreshes the planner statistics of the tables it loaded', async () => {
    const statistics = await db.query(
      "SELECT relname, reltuples FROM pg_class WHERE relname IN ('contact', 'contact_value', 'artifact_search_index') ORDER BY relname",
    );
    assert.deepEqual(statistics.map((row) => row.relname), ['artifact_search_index', 'contact', 'contact_value']);
    for (const row of statistics) assert.ok(Number(row.reltuples) >= 6, `${row.relname}: reltuples ${row.reltuples}`);
  });

  it('loads into bulk tables that carry no foreign key and only the indexes a query uses', async () => {
    const bulk = ['artifact_search_index', 'contact', 'contact_value', 'message_conversation', 'message', 'message_reaction', 'message_attachment', 'whatsapp_chat', 'whatsapp_group_member', 'whatsapp_message', 'whatsapp_attachment'];
    const constraints = await db.query(
      "SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)",
      [bulk],
    );
    assert.deepEqual(constraints, []);
    const indexes = await db.query('SELECT tablename, indexname FROM pg_indexes WHERE tablename = ANY($1) ORDER BY tablename, indexname', [bulk]);
    const expected = bulk.flatMap((table) =>
      table === 'artifact_search_index'
        ? [
            'artifact_search_index_backup_id_type_index',
            'artifact_search_index_contact_handles',
            'artifact_search_index_contact_names',
            'artifact_search_index_handles_index',
            'artifact_search_index_pkey',
            'artifact_search_index_search_vector_index',
            'artifact_search_index_sort_at_id_index',
          ]
        : [`${table}_backup_id_index`, `${table}_pkey`],
    );
    assert.deepEqual(indexes.map((row) => row.indexname).sort(), expected.sort());
  });

  it('records a plugin without artifact, or with a missing file, as skipped and still reaches INDEXED', async () => {
    const result = await runner.run({ backupId: 'missing', artifacts: { contacts: join(folder, 'nope.sqlitedb') } });
    assert.equal(result.status, 'INDEXED');
    const contacts = result.plugins.find((plugin) => plugin.id === 'contacts')!;
    assert.equal(contacts.status, 'skipped');
    assert.match(contacts.reason ?? '', /file not found/);
    assert.equal(result.plugins.find((plugin) => plugin.id === 'probe')!.status, 'skipped');
    assert.equal(result.plugins.find((plugin) => plugin.id === 'probe-off')!.status, 'skipped');
    const sources = await db.query("SELECT plugin, status, error FROM artifact_source WHERE backup_id = 'missing' ORDER BY plugin");
    assert.deepEqual(sources.map((s) => [s.plugin, s.status]), [
      ['contacts', 'skipped'],
      ['probe', 'skipped'],
      ['probe-bad-row', 'skipped'],
      ['probe-bug', 'skipped'],
      ['probe-duplicate-id', 'skipped'],
      ['probe-refused-value', 'skipped'],
      ['probe-refuses', 'skipped'],
      ['probe-stops-reading', 'skipped'],
    ]);
  });

  for (const damage of ['random bytes', 'truncated copy'] as const) {
    it(`fails only the plugin whose file is ${damage}; another plugin's rows in the same job are kept`, async () => {
      const broken = join(folder, `broken-${damage.replace(' ', '-')}.sqlitedb`);
      if (damage === 'random bytes') writeFileSync(broken, randomBytes(64 * 1024));
      else writeFileSync(broken, readFileSync(TRACY).subarray(0, Math.floor(readFileSync(TRACY).length / 2)));
      const probe = probeDb(`probe-${damage.replace(' ', '-')}.sqlite`, 12_345);
      const backupId = `broken-${damage.replace(' ', '-')}`;
      const result = await runner.run({ backupId, artifacts: { contacts: broken, probe } });
      assertOnlyFailed(result, {
        failed: 'contacts',
        code: 'SOURCE_CORRUPT',
        error: damage === 'random bytes' ? /not a SQLite database/ : /truncated/,
        completed: 'probe',
      });
      assert.equal(await count('SELECT count(*) AS n FROM test_probe WHERE backup_id = $1', [backupId]), 12_345);
      assert.equal(await count("SELECT count(*) AS n FROM artifact_search_index WHERE backup_id = $1 AND plugin = 'probe'", [backupId]), 12_345);
      assert.equal(await count('SELECT count(*) AS n FROM contact WHERE backup_id = $1', [backupId]), 0);
      const [failed] = await db.query("SELECT status, error, error_code, sha256 FROM artifact_source WHERE backup_id = $1 AND plugin = 'contacts'", [backupId]);
      assert.equal(failed!.status, 'failed');
      assert.equal(failed!.error_code, 'SOURCE_CORRUPT');
      assert.equal(failed!.sha256, createHash('sha256').update(readFileSync(broken)).digest('hex'));
      const [label] = await db.query('SELECT label FROM test_probe WHERE backup_id = $1 AND source_rowid = 1', [backupId]);
      assert.equal(label!.label, 'label 1\twith tab\\ and newline\n and quote " and nul-free');
    });
  }

  it("records a plugin's unsupported schema as failed with its code and goes on", async () => {
    const probe = probeDb('probe-refused.sqlite', 3);
    const result = await runner.run({ backupId: 'refused', artifacts: { 'probe-refuses': probe, contacts: TRACY } });
    assertOnlyFailed(result, {
      failed: 'probe-refuses',
      code: 'UNSUPPORTED_SCHEMA',
      error: /probe-refuses: parse: probe refuses this source/,
      completed: 'contacts',
    });
    assert.equal(await count("SELECT count(*) AS n FROM contact WHERE backup_id = 'refused'"), 6);
  });

  it('records a value PostgreSQL refuses during COPY as a failed plugin, with none of its rows, and goes on', async () => {
    const probe = probeDb('probe-refused-value.sqlite', 12_000);
    const result = await runner.run({ backupId: 'refused-value', artifacts: { 'probe-refused-value': probe, probe, contacts: TRACY } });
    assertOnlyFailed(result, { failed: 'probe-refused-value', error: /invalid input syntax for type uuid/, completed: 'probe' });
    assert.equal(await count("SELECT count(*) AS n FROM test_probe WHERE backup_id = 'refused-value'"), 12_000);
    assert.equal(await count("SELECT count(*) AS n FROM contact WHERE backup_id = 'refused-value'"), 6);
    assert.equal(
      await count("SELECT count(*) AS n FROM artifact_search_index WHERE backup_id = 'refused-value' AND plugin = 'probe-refused-value'"),
      0,
    );
  });

  it('records two rows of one source under the same id as a failed plugin (the source repeats a key), and goes on', async () => {
    const probe = probeDb('probe-duplicate-id.sqlite', 10);
    const result = await runner.run({ backupId: 'duplicate-id', artifacts: { 'probe-duplicate-id': probe, contacts: TRACY } });
    assertOnlyFailed(result, { failed: 'probe-duplicate-id', error: /duplicate key value violates unique constraint/, completed: 'contacts' });
    assert.equal(await count("SELECT count(*) AS n FROM test_probe WHERE backup_id = 'duplicate-id'"), 0);
  });

  it('rolls the whole job back on a bug: status FAILED, previous index untouched, error rethrown', async () => {
    const probe = probeDb('probe-before-bug.sqlite', 10);
    const ok = await runner.run({ backupId: 'buggy', artifacts: { contacts: TRACY, probe } });
    assert.equal(ok.status, 'INDEXED');
    await assert.rejects(
      runner.run({ backupId: 'buggy', artifacts: { contacts: TRACY, probe, 'probe-bug': probe } }),
      /probe bug/,
    );
    const [backup] = await db.query("SELECT status, error, error_code, counts FROM backup WHERE id = 'buggy'");
    assert.equal(backup!.status, 'FAILED');
    assert.match(backup!.error, /probe bug/);
    assert.equal(backup!.error_code, 'INTERNAL_ERROR');
    assert.equal(await count("SELECT count(*) AS n FROM contact WHERE backup_id = 'buggy'"), 6);
    assert.equal(await count("SELECT count(*) AS n FROM test_probe WHERE backup_id = 'buggy'"), 10);
    const [bugSource] = await db.query("SELECT status, error FROM artifact_source WHERE backup_id = 'buggy' AND plugin = 'probe-bug'");
    assert.deepEqual(bugSource, { status: 'skipped', error: 'no artifact for this plugin in the job' });
  });

  /** Private copies this process left in the temp folder (their names carry the pid). */
  const ownCopies = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`ios-backup-source-${process.pid}-`));

  it('a bug thrown while a statement iterates: that error (not a close failure) is reported, the copy removed', async () => {
    const probe = probeDb('probe-stops.sqlite', 5);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const watched = new IndexJobRunner({ orm, plugins, logger });
    await assert.rejects(watched.run({ backupId: 'stops-reading', artifacts: { 'probe-stops-reading': probe } }), (error: Error & { code?: string }) => {
      assert.match(error.message, /probe bug while reading row 2 \(RangeError\)/);
      assert.doesNotMatch(error.message, /busy|connection/);
      assert.equal(error.code, 'INTERNAL_ERROR');
      return true;
    });
    assert.deepEqual(ownCopies(), []);
    // The statement still iterating was ended before closing: the source closed cleanly, no secondary failure.
    assert.deepEqual(lines.filter((line) => line.includes('close-source')), []);
    const [backup] = await db.query("SELECT status, error_code FROM backup WHERE id = 'stops-reading'");
    assert.deepEqual(backup, { status: 'FAILED', error_code: 'INTERNAL_ERROR' });
  });

  it('a data error thrown while a statement iterates fails that plugin only, and its copy is removed', async () => {
    const probe = probeDb('probe-bad-row.sqlite', 5);
    const result = await runner.run({ backupId: 'bad-row', artifacts: { 'probe-bad-row': probe, contacts: TRACY } });
    assertOnlyFailed(result, { failed: 'probe-bad-row', code: 'UNSUPPORTED_SCHEMA', error: /probe found a row it cannot read/, completed: 'contacts' });
    assert.deepEqual(ownCopies(), []);
  });

  it('records a backup left INDEXING by a dead job as FAILED / INTERRUPTED, never one whose job holds the lock', async () => {
    await db.query("UPDATE backup SET status = 'INDEXING' WHERE id IN ('tracy', 'bad-row')");
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['ios-backup:tracy']);
      assert.deepEqual(await markInterrupted(orm), ['bad-row']);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const rows = await db.query("SELECT id, status, error, error_code FROM backup WHERE id IN ('tracy', 'bad-row') ORDER BY id");
    assert.deepEqual(rows, [
      { id: 'bad-row', status: 'FAILED', error: INTERRUPTED_MESSAGE, error_code: 'INTERRUPTED' },
      { id: 'tracy', status: 'INDEXING', error: null, error_code: null },
    ]);
    assert.equal(await count("SELECT count(*) AS n FROM contact WHERE backup_id = 'bad-row'"), 6, 'the previous index is kept');
    assert.deepEqual(await markInterrupted(orm), ['tracy']);
    await db.query("UPDATE backup SET status = 'INDEXED', error = NULL, error_code = NULL WHERE id IN ('tracy', 'bad-row')");
  });

  it('tells a backup being indexed (its advisory lock is held) from one whose job was interrupted', async () => {
    assert.equal(await isBeingIndexed(orm, 'tracy'), false);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['ios-backup:tracy']);
      assert.equal(await isBeingIndexed(orm, 'tracy'), true);
      assert.equal(await isBeingIndexed(orm, 'other'), false);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    assert.equal(await isBeingIndexed(orm, 'tracy'), false);
  });

  it('refuses bad input before writing anything', async () => {
    await assert.rejects(runner.run({ backupId: 'x', artifacts: { nosuch: TRACY } }), { code: 'INPUT_INVALID' });
    await assert.rejects(runner.run({ backupId: '../etc', artifacts: {} }), { code: 'INPUT_INVALID' });
    assert.equal(await count("SELECT count(*) AS n FROM backup WHERE id IN ('x', '../etc')"), 0);
  });
});
