// The COPY sink against a real PostgreSQL: every value kind round-trips through COPY text, rows cross batch and
// 1 MiB chunk bounds intact, an unknown column is refused, and the event loop runs while a batch is in flight.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { CopySink, type CopyTable } from './copy-sink.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

const TABLE: CopyTable = {
  name: 'sink_probe',
  columns: [
    { name: 'id', kind: 'scalar' },
    { name: 'label', kind: 'text' },
    { name: 'doc', kind: 'json' },
    { name: 'tags', kind: 'array' },
    { name: 'raw', kind: 'bytea' },
    { name: 'at', kind: 'date' },
    { name: 'flag', kind: 'scalar' },
  ],
};

const DDL = `CREATE TABLE sink_probe (id int PRIMARY KEY, label text, doc jsonb, tags text[], raw bytea, at timestamptz, flag boolean)`;

describe('COPY sink', () => {
  let db: TestDatabase;
  let client: pg.Client;

  before(async () => {
    db = await createTestDatabase('copy_sink');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(DDL);
  });

  after(async () => {
    await client?.end();
    await db?.drop();
  });

  const sinkOf = (limits?: { rows?: number; bytes?: number }): CopySink => new CopySink(client as unknown as pg.PoolClient, [TABLE], limits);

  it('round-trips every value kind, including tabs, newlines, backslashes, NUL, emoji and a value over 1 MiB', async () => {
    await client.query('TRUNCATE sink_probe');
    const long = `${'é'.repeat(700_000)}\t👍`;
    const cases = [
      { id: 1, label: 'tab\there, newline\nthere, cr\r, backslash \\ end', doc: { a: [1, 'two'] }, tags: ['x "quoted"', 'back\\slash', null], raw: Buffer.from([0, 1, 255]), at: new Date('2020-02-29T12:34:56.789Z'), flag: true },
      { id: 2, label: 'nul\u0000inside', doc: { items: ['a\u0000b'] }, tags: [], raw: null, at: new Date(Number.NaN), flag: false },
      { id: 3, label: long, doc: 'a string', tags: ['ünïcødé 🎉'], raw: Buffer.alloc(0), at: null, flag: null },
      { id: 4, label: undefined, doc: undefined, tags: undefined, raw: undefined, at: undefined, flag: undefined },
    ];
    const sink = sinkOf();
    for (const row of cases) await sink.write('sink_probe', row);
    await sink.flush();
    const rows = (await client.query('SELECT * FROM sink_probe ORDER BY id')).rows;
    assert.equal(rows.length, 4);
    assert.equal(rows[0].label, cases[0]!.label);
    assert.deepEqual(rows[0].doc, { a: [1, 'two'] });
    assert.deepEqual(rows[0].tags, ['x "quoted"', 'back\\slash', null]);
    assert.deepEqual(rows[0].raw, Buffer.from([0, 1, 255]));
    assert.equal(rows[0].at.toISOString(), '2020-02-29T12:34:56.789Z');
    assert.equal(rows[0].flag, true);
    assert.equal(rows[1].label, 'nul\uFFFDinside');
    assert.deepEqual(rows[1].doc, { items: ['a\uFFFDb'] }, 'jsonb holds no NUL either');
    assert.equal(rows[1].at, null);
    assert.equal(rows[1].flag, false);
    assert.equal(rows[2].label, long);
    assert.equal(rows[2].doc, 'a string');
    assert.deepEqual(rows[2].tags, ['ünïcødé 🎉']);
    assert.deepEqual(rows[2].raw, Buffer.alloc(0));
    assert.deepEqual(
      [rows[3].label, rows[3].doc, rows[3].tags, rows[3].raw, rows[3].at, rows[3].flag],
      [null, null, null, null, null, null],
    );
  });

  it('copies every row across many batches and chunks', async () => {
    await client.query('TRUNCATE sink_probe');
    const sink = sinkOf({ rows: 997, bytes: 256 * 1024 });
    const total = 25_000;
    for (let id = 1; id <= total; id += 1) await sink.write('sink_probe', { id, label: `row ${id} ${'x'.repeat(id % 200)}`, flag: id % 2 === 0 });
    await sink.flush();
    const [summary] = (await client.query('SELECT count(*)::int AS n, sum(id)::bigint AS s, sum(length(label))::bigint AS l FROM sink_probe')).rows;
    assert.equal(summary.n, total);
    assert.equal(Number(summary.s), (total * (total + 1)) / 2);
    let expectedLength = 0;
    for (let id = 1; id <= total; id += 1) expectedLength += `row ${id} `.length + (id % 200);
    assert.equal(Number(summary.l), expectedLength);
  });

  it('refuses a column the table does not have, naming it', async () => {
    const sink = sinkOf();
    assert.throws(() => sink.write('sink_probe', { id: 1, nosuch: 'x' }), /table sink_probe has no column nosuch/);
    assert.throws(() => sink.write('other', { id: 1 }), /no destination table other/);
    await sink.abandon();
  });

  it('lets the event loop run while a batch is in flight, so the copy goes on as the parser writes', async () => {
    await client.query('TRUNCATE sink_probe');
    const sink = sinkOf({ rows: 1000 });
    for (let id = 1; id <= 1000; id += 1) await sink.write('sink_probe', { id });
    let loopRan = false;
    setImmediate(() => {
      loopRan = true;
    });
    let writtenWhenLoopRan = -1;
    for (let id = 1001; id <= 1500; id += 1) {
      await sink.write('sink_probe', { id });
      if (loopRan && writtenWhenLoopRan < 0) writtenWhenLoopRan = id - 1000;
    }
    assert.ok(writtenWhenLoopRan > 0 && writtenWhenLoopRan <= 128, `the event loop first ran after ${writtenWhenLoopRan} rows`);
    await sink.flush();
    assert.equal((await client.query('SELECT count(*)::int AS n FROM sink_probe')).rows[0].n, 1500);
  });

  it('drops buffered rows on abandon', async () => {
    await client.query('TRUNCATE sink_probe');
    const sink = sinkOf();
    for (let id = 1; id <= 10; id += 1) await sink.write('sink_probe', { id });
    await sink.abandon();
    await sink.flush();
    assert.equal((await client.query('SELECT count(*)::int AS n FROM sink_probe')).rows[0].n, 0);
  });
});
