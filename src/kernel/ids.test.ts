// Deterministic ids: the same source, table and key give the same UUID; different ones never collide in practice,
// and integer keys take the cheap path without losing the UUID layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RowIds, sourceIdFor, stableUuid } from './ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('stable ids', () => {
  it('gives a version-5 layout UUID, the same for the same parts', () => {
    assert.match(stableUuid('a', 1), UUID);
    assert.equal(stableUuid('a', 1), stableUuid('a', 1));
    assert.notEqual(stableUuid('a', 1), stableUuid('a', 2));
    assert.notEqual(stableUuid('ab', 'c'), stableUuid('a', 'bc'));
    assert.equal(sourceIdFor('b', 'contacts', 'x'), sourceIdFor('b', 'contacts', 'x'));
    assert.notEqual(sourceIdFor('b', 'contacts', 'x'), sourceIdFor('c', 'contacts', 'x'));
  });

  it('row ids are deterministic per source and table, unique per key, and valid UUIDs on both paths', () => {
    const ids = new RowIds(sourceIdFor('b', 'messages', 'sms.db'));
    const again = new RowIds(sourceIdFor('b', 'messages', 'sms.db'));
    const other = new RowIds(sourceIdFor('b2', 'messages', 'sms.db'));
    const cases: Array<Array<string | number | bigint>> = [[0], [1], [2], [255], [2 ** 53 - 1], [-1], [1.5], ['guid-1'], [7n], [1, 2]];
    const seen = new Set<string>();
    for (const key of cases) {
      const id = ids.id('message', key);
      assert.match(id, UUID, JSON.stringify(key.map(String)));
      assert.equal(again.id('message', key), id);
      assert.notEqual(other.id('message', key), id);
      assert.notEqual(ids.id('message_attachment', key), id);
      assert.ok(!seen.has(id), `unique for ${key.map(String).join(',')}`);
      seen.add(id);
    }
    assert.equal(ids.id('message', [1]).endsWith('8000-000000000001'), true);
  });
});
