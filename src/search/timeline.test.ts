// The timeline on a test database with builder-made and real sources indexed through the job: time order with ties by
// id, the backup / type / time filters, pages that concatenate to the unpaged list (also across a re-index of the same
// backup), summaries from the start of a huge body, bad cursors, and the (sort_at, id) index serving the keyset.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { IosBackupError, InputError } from '../kernel/errors.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import type { SqlReader } from '../kernel/reader.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { useJobTest } from '../kernel/testing/job-test.js';
import { calendarPlugin } from '../plugins/calendar/plugin.js';
import { buildSampleCalendarDb } from '../plugins/calendar/testing/build-calendar-db.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { photosPlugin } from '../plugins/photos/plugin.js';
import { buildSamplePhotosDb } from '../plugins/photos/testing/build-photos-db.js';
import { whatsappPlugin } from '../plugins/whatsapp/plugin.js';
import { buildSampleChatStorage } from '../plugins/whatsapp/testing/build-chat-storage.js';
import { decodeTimelineCursor, encodeTimelineCursor, SUMMARY_LENGTH, timeline } from './timeline.js';
import type { TimelineEntry, TimelineRequest } from './types.js';

const plugins: RegisteredPlugin[] = [calendarPlugin, whatsappPlugin, photosPlugin, contactsPlugin].map((declaration) => ({ declaration, enabled: true, options: {} }));
const IOS8_CALENDAR = fixturePath('calendar/ios8/Calendar.sqlitedb');
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

const key = (entry: TimelineEntry) => `${entry.backupId}/${entry.artifactTable}/${entry.artifactId}`;

/** Every page of a request, concatenated, and how many pages it took. */
async function allPages(reader: SqlReader, request: TimelineRequest, between?: (page: number) => Promise<void>): Promise<{ entries: TimelineEntry[]; pages: number }> {
  const entries: TimelineEntry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await timeline(reader, { ...request, cursor });
    assert.ok(page.entries.length <= request.limit);
    if (page.nextCursor !== null) assert.equal(page.entries.length, request.limit, 'only the last page is short');
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages += 1;
    if (cursor !== null) await between?.(pages);
  } while (cursor !== null);
  return { entries, pages };
}

function isBadCursor(error: unknown): boolean {
  return error instanceof InputError && (error as IosBackupError).code === 'BAD_CURSOR' && /cursor/.test(error.message) && /\.|:/.test(error.message);
}

describe('timeline', () => {
  const test = useJobTest('timeline', plugins);
  let reader: SqlReader;
  let phone: Record<string, string>;

  before(async () => {
    reader = { rows: async (sql, params) => (await test.db.query(sql, params as unknown[])) as never[] };
    phone = { calendar: join(test.folder, 'Calendar.sqlitedb'), whatsapp: join(test.folder, 'ChatStorage.sqlite'), photos: join(test.folder, 'Photos.sqlite') };
    buildSampleCalendarDb(phone.calendar!);
    buildSampleChatStorage(phone.whatsapp!);
    buildSamplePhotosDb(phone.photos!);
    for (const job of [
      { backupId: 'phone', artifacts: phone },
      { backupId: 'old', artifacts: { calendar: IOS8_CALENDAR, contacts: TRACY } },
    ]) {
      const result = await test.runner.run(job);
      assert.equal(result.status, 'INDEXED');
      for (const id of Object.keys(job.artifacts)) {
        const report = result.plugins.find((entry) => entry.id === id)!;
        assert.equal(report.status, 'completed', `${id}: ${report.error ?? ''}`);
      }
    }
  });

  it('lists every dated document oldest first, ties by id, with a one-line summary of its body', async () => {
    const expected = await test.db.query<{ id: string; artifact_id: string; body: string | null }>(
      'SELECT id, artifact_id, body FROM artifact_search_index WHERE occurred_at IS NOT NULL ORDER BY occurred_at, id',
    );
    const [undated] = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM artifact_search_index WHERE occurred_at IS NULL');
    assert.ok(expected.length > 40, `${expected.length} dated documents`);
    assert.ok(undated!.n > 0, 'some documents are undated (and left out)');
    const page = await timeline(test.orm, { limit: 1000 });
    assert.equal(page.nextCursor, null);
    assert.deepEqual(page.entries.map((entry) => entry.artifactId), expected.map((row) => row.artifact_id));
    for (let i = 1; i < page.entries.length; i++) assert.ok(page.entries[i - 1]!.occurredAt <= page.entries[i]!.occurredAt, 'in time order');
    const types = new Set(page.entries.map((entry) => entry.type));
    for (const type of ['event', 'whatsapp_message', 'photo', 'contact']) assert.ok(types.has(type), `has ${type}`);
    page.entries.forEach((entry, i) => {
      assert.ok(entry.summary.length <= SUMMARY_LENGTH && !/\s\s|\n/.test(entry.summary), entry.summary);
      const body = (expected[i]!.body ?? '').replace(/\s+/g, ' ').trim();
      if (body.length <= SUMMARY_LENGTH) assert.equal(entry.summary, body);
      else assert.ok(body.startsWith(entry.summary.slice(0, -1)) && entry.summary.endsWith('…'));
      assert.match(entry.occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(Array.isArray(entry.participants) && entry.plugin && entry.backupId && entry.artifactTable);
    });
  });

  it('filters by backups, types and a time range, bounds included', async () => {
    const all = (await timeline(reader, { limit: 1000 })).entries;
    const times = all.map((entry) => entry.occurredAt);
    const from = new Date(times[Math.floor(times.length / 4)]!);
    const to = new Date(times[Math.floor((times.length * 3) / 4)]!);
    const cases: Array<[TimelineRequest, (entry: TimelineEntry) => boolean]> = [
      [{ limit: 1000, backupIds: ['old'] }, (entry) => entry.backupId === 'old'],
      [{ limit: 1000, backupIds: ['old', 'phone'] }, () => true],
      [{ limit: 1000, types: ['photo', 'whatsapp_message'] }, (entry) => entry.type === 'photo' || entry.type === 'whatsapp_message'],
      [{ limit: 1000, from }, (entry) => new Date(entry.occurredAt) >= from],
      [{ limit: 1000, to }, (entry) => new Date(entry.occurredAt) <= to],
      [
        { limit: 1000, backupIds: ['phone'], types: ['event'], from, to },
        (entry) => entry.backupId === 'phone' && entry.type === 'event' && new Date(entry.occurredAt) >= from && new Date(entry.occurredAt) <= to,
      ],
      [{ limit: 1000, backupIds: ['nobody'] }, () => false],
    ];
    for (const [request, wanted] of cases) {
      const got = (await timeline(reader, request)).entries;
      assert.deepEqual(got.map(key), all.filter(wanted).map(key), JSON.stringify(request));
    }
    assert.ok((await timeline(reader, { limit: 1000, from, to })).entries.some((entry) => entry.occurredAt === from.toISOString()), 'from is included');
    assert.ok((await timeline(reader, { limit: 1000, from, to })).entries.some((entry) => entry.occurredAt === to.toISOString()), 'to is included');
    assert.deepEqual((await timeline(reader, { limit: 1000, types: ['reminder'], backupIds: ['nobody'] })).entries, [], 'a declared type with nothing: no entry');
  });

  it('pages concatenate to the unpaged list, whatever the page size and filters', async () => {
    for (const request of [{}, { backupIds: ['phone'] }, { types: ['event'] }, { types: ['event', 'contact'], backupIds: ['old'] }] as Array<Partial<TimelineRequest>>) {
      const unpaged = (await timeline(reader, { ...request, limit: 1000 })).entries;
      for (const limit of [1, 7, 50]) {
        if (limit === 1 && unpaged.length > 200) continue;
        const { entries, pages } = await allPages(reader, { ...request, limit });
        assert.deepEqual(entries, unpaged, `${JSON.stringify(request)} by ${limit}`);
        assert.equal(pages, Math.max(1, Math.ceil(unpaged.length / limit)));
      }
    }
  });

  it('goes on where it stopped while the same backup is re-indexed: no entry twice, none skipped', async () => {
    const unpaged = (await timeline(reader, { limit: 1000 })).entries;
    let reindexed = 0;
    const { entries } = await allPages(reader, { limit: 8 }, async (page) => {
      if (page % 2 === 1) {
        const result = await test.runner.run({ backupId: page % 4 === 1 ? 'phone' : 'old', artifacts: page % 4 === 1 ? phone : { calendar: IOS8_CALENDAR, contacts: TRACY } });
        assert.equal(result.status, 'INDEXED');
        reindexed += 1;
      }
    });
    assert.ok(reindexed >= 2, `${reindexed} re-indexes between pages`);
    assert.equal(new Set(entries.map(key)).size, entries.length, 'no entry twice');
    assert.deepEqual(entries, unpaged);
  });

  it('summarizes a huge body from its start, and keeps ties in id order across pages', async () => {
    const [source] = await test.db.query<{ id: string }>("SELECT id FROM artifact_source WHERE backup_id = 'phone' LIMIT 1");
    const huge = `${'word '.repeat(100)}\n\n${'x'.repeat(2_000_000)}`;
    const at = '2001-02-03T04:05:06.789123Z'; // microseconds: the cursor keeps them
    const ids = ['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    for (const id of ids) {
      await test.db.query(
        `INSERT INTO artifact_search_index (id, backup_id, source_id, plugin, type, artifact_table, artifact_id, title, body, occurred_at, participants)
         VALUES ($1, 'huge', $2, 'notes', 'note', 'note', $3, 'big', $4, $5, '{}')`,
        [id, source!.id, id, huge, at],
      );
    }
    try {
      const first = await timeline(reader, { limit: 2, backupIds: ['huge'] });
      assert.deepEqual(first.entries.map((entry) => entry.artifactId), [ids[1], ids[2]]);
      assert.equal(first.entries[0]!.summary.length, SUMMARY_LENGTH);
      assert.ok(first.entries[0]!.summary.startsWith('word word') && first.entries[0]!.summary.endsWith('…'));
      assert.equal(first.entries[0]!.occurredAt, '2001-02-03T04:05:06.789Z');
      assert.equal(decodeTimelineCursor(first.nextCursor!).t, at);
      const second = await timeline(reader, { limit: 2, backupIds: ['huge'], cursor: first.nextCursor });
      assert.deepEqual(second.entries.map((entry) => entry.artifactId), [ids[0]]);
      assert.equal(second.nextCursor, null);
    } finally {
      await test.db.query("DELETE FROM artifact_search_index WHERE backup_id = 'huge'");
    }
  });

  it('refuses a cursor it did not give with BAD_CURSOR, and a bad limit or an unknown type in a sentence', async () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor!',
      'AAAA',
      json({ t: '2020-01-01T00:00:00.000000Z' }),
      json({ t: '2020-13-45T00:00:00Z', id: '00000000-0000-4000-8000-000000000001' }),
      json({ t: '2020-01-01T00:00:00Z', id: "x'; drop table backup; --" }),
      json({ t: 1, id: 2 }),
      json(null),
      'x'.repeat(10_000),
    ]) {
      await assert.rejects(timeline(reader, { limit: 5, cursor }), isBadCursor, cursor.slice(0, 40));
    }
    const good = encodeTimelineCursor({ t: '2020-01-01T00:00:00.000000Z', id: '00000000-0000-4000-8000-000000000001' });
    assert.ok((await timeline(reader, { limit: 5, cursor: good })).entries.every((entry) => entry.occurredAt >= '2020-01-01'));
    for (const limit of [0, 1001, 1.5]) await assert.rejects(timeline(reader, { limit }), (error: unknown) => error instanceof InputError && /limit/.test((error as Error).message));
    await assert.rejects(timeline(reader, { limit: 5, types: ['event', 'tweet'] }), (error: unknown) => (error as IosBackupError).code === 'UNKNOWN_TYPE' && /"tweet"/.test((error as Error).message));
    const [{ n }] = (await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM backup')) as [{ n: number }];
    assert.equal(n, 2, 'nothing changed');
  });

  it('walks the (sort_at, id) index for a page and for the page after a cursor, with no sort', async () => {
    const explain = async (sql: string, params: unknown[]) => JSON.stringify(await test.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
    // The planner of a tiny table reads it whole: the plan is checked on 200,000 more documents, removed afterwards.
    const [source] = await test.db.query<{ id: string }>("SELECT id FROM artifact_source WHERE backup_id = 'phone' LIMIT 1");
    await test.db.query(
      `INSERT INTO artifact_search_index (id, backup_id, source_id, plugin, type, artifact_table, artifact_id, title, body, occurred_at, participants)
       SELECT gen_random_uuid(), 'bulk', $1, 'notes', 'note', 'note', i::text, 'n' || i, 'body ' || i, timestamptz '2015-01-01' + i * interval '1 minute', '{}'
         FROM generate_series(1, 200000) AS i`,
      [source!.id],
    );
    try {
      await test.db.query('ANALYZE artifact_search_index');
      const captured: Array<{ sql: string; params: unknown[] }> = [];
      const spy: SqlReader = {
        rows: async (sql, params = []) => {
          captured.push({ sql, params: [...params] });
          return reader.rows(sql, params);
        },
      };
      const first = await timeline(spy, { limit: 50 });
      await timeline(spy, { limit: 50, cursor: first.nextCursor, from: new Date('2014-01-01') });
      for (const { sql, params } of captured) {
        const plan = await explain(sql, params);
        assert.match(plan, /artifact_search_index_sort_at_id_index/, plan);
        assert.doesNotMatch(plan, /"Node Type":"Sort"/, plan);
      }
    } finally {
      await test.db.query("DELETE FROM artifact_search_index WHERE backup_id = 'bulk'");
    }
  });
});
