// Row objects built from raw rows: the same keys and values as better-sqlite3's own object mode, for every value
// type and awkward column names, and an iteration left early frees the connection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { iterateRows } from './rows.js';

function sampleDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT);
    INSERT INTO t VALUES (1, 1.5, 'one', x'00ff', NULL), (9007199254740993, -0.25, 'ünï "q" 👍', x'', NULL), (3, NULL, '', NULL, 'x');`);
  return db;
}

describe('iterateRows', () => {
  const cases: Array<{ name: string; sql: string; safeIntegers?: boolean }> = [
    { name: 'every value type', sql: 'SELECT i, r, s, b, n FROM t ORDER BY rowid' },
    { name: 'big integers as BigInt when asked', sql: 'SELECT i, s FROM t ORDER BY rowid', safeIntegers: true },
    { name: 'aliases with quotes, spaces and a backslash', sql: `SELECT i AS "a ""q"" b", s AS 'x\\y', r AS "1" FROM t` },
    { name: 'equal names: the last wins', sql: 'SELECT i AS v, s AS v FROM t' },
    { name: 'no rows', sql: 'SELECT * FROM t WHERE 0' },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      const db = sampleDb();
      const statement = () => db.prepare(entry.sql).safeIntegers(entry.safeIntegers ?? false);
      const expected = statement().all();
      const actual = [...iterateRows<Record<string, unknown>>(statement())];
      assert.deepEqual(actual, expected);
      for (const [i, row] of actual.entries()) assert.deepEqual(Object.keys(row), Object.keys(expected[i] as object));
      db.close();
    });
  }

  test('leaving the loop early closes the iteration, so the connection runs the next statement', () => {
    const db = sampleDb();
    for (const row of iterateRows<{ i: number }>(db.prepare('SELECT i FROM t'))) {
      assert.equal(row.i, 1);
      break;
    }
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM t').get(), { n: 3 });
    db.close();
  });
});
