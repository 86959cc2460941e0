// Tests of SortedChildCursor: children grouped by parent key, children without a parent reported as skipped,
// finish() draining and closing the source, lazy reading, and bigint keys.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SortedChildCursor } from './cursor.js';

interface Child {
  key: number;
  name: string;
}

/** One merge-join scenario: parent keys in order, children sorted by key, what each parent gets and what is skipped. */
interface MergeCase {
  name: string;
  parents: number[];
  children: Child[];
  taken: Record<number, string[]>;
  skipped: string[];
}

const child = (key: number, name: string): Child => ({ key, name });

const CASES: readonly MergeCase[] = [
  {
    name: 'children grouped by key, a parent without children, a trailing child without parent',
    parents: [1, 2, 3],
    children: [child(1, 'a'), child(1, 'b'), child(2, 'c'), child(4, 'd')],
    taken: { 1: ['a', 'b'], 2: ['c'], 3: [] },
    skipped: ['d'],
  },
  {
    name: 'children before the first parent are skipped',
    parents: [5, 6],
    children: [child(0, 'zero'), child(3, 'three'), child(5, 'five')],
    taken: { 5: ['five'], 6: [] },
    skipped: ['zero', 'three'],
  },
  {
    name: 'children between two parents are skipped',
    parents: [1, 3],
    children: [child(1, 'one'), child(2, 'two-a'), child(2, 'two-b'), child(3, 'three')],
    taken: { 1: ['one'], 3: ['three'] },
    skipped: ['two-a', 'two-b'],
  },
  {
    name: 'no children',
    parents: [1, 2],
    children: [],
    taken: { 1: [], 2: [] },
    skipped: [],
  },
  {
    name: 'no parents: every child is skipped by finish',
    parents: [],
    children: [child(1, 'x'), child(2, 'y')],
    taken: {},
    skipped: ['x', 'y'],
  },
  {
    name: 'negative keys and gaps',
    parents: [-3, 10, 1000],
    children: [child(-3, 'm'), child(10, 'n'), child(999, 'o'), child(1000, 'p'), child(1000, 'q')],
    taken: { [-3]: ['m'], 10: ['n'], 1000: ['p', 'q'] },
    skipped: ['o'],
  },
];

describe('SortedChildCursor merge-join', () => {
  for (const { name, parents, children, taken, skipped } of CASES) {
    test(name, () => {
      const seenSkipped: string[] = [];
      const cursor = new SortedChildCursor(children, (row) => row.key, (row) => seenSkipped.push(row.name));
      const actual: Record<number, string[]> = {};
      for (const parent of parents) actual[parent] = cursor.take(parent).map((row) => row.name);
      cursor.finish();
      assert.deepEqual(actual, taken);
      assert.deepEqual(seenSkipped, skipped);
    });
  }

  test('takeAtMost keeps the first rows of a key, counts them all, and leaves the next key intact', () => {
    const rows = [child(1, 'a'), child(1, 'b'), child(1, 'c'), child(1, 'd'), child(2, 'e')];
    const cursor = new SortedChildCursor(rows, (row) => row.key);
    const first = cursor.takeAtMost(1, 2);
    assert.deepEqual([first.rows.map((row) => row.name), first.total], [['a', 'b'], 4]);
    const second = cursor.takeAtMost(2, 2);
    assert.deepEqual([second.rows.map((row) => row.name), second.total], [['e'], 1]);
    assert.deepEqual(cursor.takeAtMost(3, 2), { rows: [], total: 0 });
  });

  test('without onSkipped, orphan children are dropped silently', () => {
    const cursor = new SortedChildCursor([child(1, 'a'), child(2, 'b'), child(3, 'c')], (row) => row.key);
    assert.deepEqual(cursor.take(2).map((row) => row.name), ['b']);
    cursor.finish();
    assert.deepEqual(cursor.take(3), []);
  });

  test('take after finish returns nothing', () => {
    const cursor = new SortedChildCursor([child(1, 'a')], (row) => row.key);
    cursor.finish();
    assert.deepEqual(cursor.take(1), []);
  });
});

describe('SortedChildCursor streaming', () => {
  function* counted(rows: Child[], pulls: { count: number; closed: boolean }): Generator<Child> {
    try {
      for (const row of rows) {
        pulls.count += 1;
        yield row;
      }
    } finally {
      pulls.closed = true;
    }
  }

  test('reads one row ahead at most', () => {
    const pulls = { count: 0, closed: false };
    const rows = [child(1, 'a'), child(1, 'b'), child(2, 'c'), child(3, 'd'), child(4, 'e')];
    const cursor = new SortedChildCursor(counted(rows, pulls), (row) => row.key);
    assert.equal(pulls.count, 1, 'the constructor reads the first row only');
    cursor.take(1);
    assert.equal(pulls.count, 3, 'rows of key 1 plus the first row of the next key');
    cursor.take(2);
    assert.equal(pulls.count, 4);
  });

  test('finish passes the untaken rows to onSkipped and ends the source', () => {
    const pulls = { count: 0, closed: false };
    const rows = [child(1, 'a'), child(2, 'b'), child(3, 'c')];
    const skipped: string[] = [];
    const cursor = new SortedChildCursor(counted(rows, pulls), (row) => row.key, (row) => skipped.push(row.name));
    cursor.take(1);
    cursor.finish();
    assert.equal(pulls.closed, true);
    assert.deepEqual(skipped, ['b', 'c']);
  });

  test('merge-joins a better-sqlite3 statement iterator and releases the statement', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE phone (id INTEGER PRIMARY KEY, person_id INTEGER, number TEXT);
      INSERT INTO person VALUES (1, 'Ann'), (2, 'Bob'), (4, 'Dee');
      INSERT INTO phone (person_id, number) VALUES (4, 'd1'), (1, 'a1'), (3, 'orphan'), (1, 'a2'), (4, 'd2');
    `);
    const phones = db.prepare('SELECT person_id, number FROM phone ORDER BY person_id, id').iterate() as IterableIterator<{
      person_id: number;
      number: string;
    }>;
    const skipped: string[] = [];
    const cursor = new SortedChildCursor(phones, (row) => row.person_id, (row) => skipped.push(row.number));
    const joined: Record<string, string[]> = {};
    for (const person of db.prepare('SELECT id, name FROM person ORDER BY id').iterate() as IterableIterator<{ id: number; name: string }>) {
      joined[person.name] = cursor.take(person.id).map((row) => row.number);
    }
    cursor.finish();
    assert.deepEqual(joined, { Ann: ['a1', 'a2'], Bob: [], Dee: ['d1', 'd2'] });
    assert.deepEqual(skipped, ['orphan']);
    db.exec('DROP TABLE phone');
    db.close();
  });

  test('bigint keys match number parent keys', () => {
    const rows = [
      { key: 1n, name: 'a' },
      { key: 2n, name: 'b' },
      { key: 2n, name: 'c' },
      { key: 9007199254740993n, name: 'big' },
    ];
    const cursor = new SortedChildCursor(rows, (row) => row.key);
    assert.deepEqual(cursor.take(1).map((row) => row.name), ['a']);
    assert.deepEqual(cursor.take(2).map((row) => row.name), ['b', 'c']);
    assert.deepEqual(cursor.take(9007199254740993n).map((row) => row.name), ['big']);
  });
});
