// Tests of schema introspection: table listing without views or indexes, case-insensitive lookups,
// column order, missing tables, odd table names and firstColumn.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { inspectSchema, quoteIdentifier } from './schema.js';

const db = new Database(':memory:');
db.exec(`
  CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Organization TEXT);
  CREATE TABLE "we""ird table" (a INTEGER, "b c" TEXT);
  CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, date INTEGER, date_read INTEGER);
  CREATE INDEX message_date ON message(date);
  CREATE VIEW people AS SELECT First, Last FROM ABPerson;
  CREATE VIRTUAL TABLE notes_fts USING fts5(body);
`);
after(() => db.close());
const schema = inspectSchema(db);

describe('inspectSchema', () => {
  test('tables() lists tables, not views or indexes', () => {
    const tables = schema.tables();
    for (const name of ['ABPerson', 'we"ird table', 'message', 'sqlite_sequence', 'notes_fts']) {
      assert.ok(tables.includes(name), `lists ${name}`);
    }
    assert.equal(tables.includes('people'), false, 'views are excluded');
    assert.equal(tables.includes('message_date'), false, 'indexes are excluded');
  });

  test('tables() returns a copy', () => {
    const tables = schema.tables();
    tables.length = 0;
    assert.ok(schema.tables().length > 0);
  });

  const hasTableCases: ReadonlyArray<[string, boolean]> = [
    ['ABPerson', true],
    ['abperson', true],
    ['ABPERSON', true],
    ['we"ird table', true],
    ['WE"IRD TABLE', true],
    ['people', false],
    ['message_date', false],
    ['ABMultiValue', false],
    ['', false],
  ];
  for (const [table, expected] of hasTableCases) {
    test(`hasTable(${JSON.stringify(table)}) = ${expected}`, () => {
      assert.equal(schema.hasTable(table), expected);
    });
  }

  const columnCases: ReadonlyArray<[string, string[]]> = [
    ['ABPerson', ['ROWID', 'First', 'Last', 'Organization']],
    ['abperson', ['ROWID', 'First', 'Last', 'Organization']],
    ['message', ['ROWID', 'text', 'date', 'date_read']],
    ['we"ird table', ['a', 'b c']],
    ['ABMultiValue', []],
    ['people', []],
  ];
  for (const [table, expected] of columnCases) {
    test(`columns(${JSON.stringify(table)}) in declaration order`, () => {
      assert.deepEqual(schema.columns(table), expected);
    });
  }

  const hasColumnCases: ReadonlyArray<[string, string, boolean]> = [
    ['ABPerson', 'First', true],
    ['ABPerson', 'first', true],
    ['abperson', 'ORGANIZATION', true],
    ['ABPerson', 'Middle', false],
    ['message', 'date_read', true],
    ['message', 'date_delivered', false],
    ['we"ird table', 'B C', true],
    ['ABMultiValue', 'UID', false],
  ];
  for (const [table, column, expected] of hasColumnCases) {
    test(`hasColumn(${JSON.stringify(table)}, ${JSON.stringify(column)}) = ${expected}`, () => {
      assert.equal(schema.hasColumn(table, column), expected);
    });
  }

  const firstColumnCases: ReadonlyArray<[string, string[], string | null]> = [
    ['message', ['date_delivered', 'date_read', 'date'], 'date_read'],
    ['message', ['date', 'date_read'], 'date'],
    ['message', ['nope', 'never'], null],
    ['message', [], null],
    ['ABMultiValue', ['UID'], null],
    ['ABPerson', ['middle', 'Last'], 'Last'],
  ];
  for (const [table, candidates, expected] of firstColumnCases) {
    test(`firstColumn(${JSON.stringify(table)}, ${JSON.stringify(candidates)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(schema.firstColumn(table, candidates), expected);
    });
  }

  test('a table created after inspection is not seen (the inspector reads the schema once)', () => {
    const own = new Database(':memory:');
    own.exec('CREATE TABLE first_table (a)');
    const inspector = inspectSchema(own);
    own.exec('CREATE TABLE later_table (b)');
    assert.equal(inspector.hasTable('first_table'), true);
    assert.equal(inspector.hasTable('later_table'), false);
    own.close();
  });
});

describe('columnOrNull and quoteIdentifier', () => {
  const cases: Array<{ table: string; column: string; alias: string; sql: string }> = [
    { table: 'message', column: 'date', alias: 'm', sql: 'm."date"' },
    { table: 'MESSAGE', column: 'DATE', alias: 'm', sql: 'm."DATE"' },
    { table: 'message', column: 'date_edited', alias: 'm', sql: 'NULL' },
    { table: 'no_such_table', column: 'date', alias: 'x', sql: 'NULL' },
    { table: 'we"ird table', column: 'b c', alias: 't', sql: 't."b c"' },
  ];
  for (const { table, column, alias, sql } of cases) {
    test(`${table}.${column} -> ${sql}`, () => assert.equal(schema.columnOrNull(table, column, alias), sql));
  }
  test('the SQL it gives runs, and a quoted name with quotes inside selects its table', () => {
    assert.equal(quoteIdentifier('we"ird table'), '"we""ird table"');
    db.exec('INSERT INTO message (text, date) VALUES (\'hi\', 5)');
    const row = db
      .prepare(`SELECT ${schema.columnOrNull('message', 'date', 'm')} AS d, ${schema.columnOrNull('message', 'date_edited', 'm')} AS e FROM message m`)
      .get() as { d: number; e: null };
    assert.deepEqual({ ...row }, { d: 5, e: null });
    assert.deepEqual(db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier('we"ird table')}`).get(), { n: 0 });
  });
});
