// `ios-backup timeline` as a user meets it, on a real fixture and builder-made sources indexed through the CLI:
// `--json` prints {entries, nextCursor} in time order; pages followed through --cursor give the unpaged list; the
// filters (repeated and comma-separated --type, repeated --backup-id, --from/--to); the piped table with no escape byte
// and its `more:` line on stderr; an unknown type, a bad cursor and stray words refused in one sentence.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { buildSampleCalendarDb } from '../plugins/calendar/testing/build-calendar-db.js';
import { buildSampleChatStorage } from '../plugins/whatsapp/testing/build-chat-storage.js';
import type { TimelineEntry, TimelinePage } from '../search/types.js';
import { localShortTime } from './output.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const ENTRY_KEYS = ['type', 'artifactTable', 'artifactId', 'backupId', 'plugin', 'title', 'summary', 'occurredAt', 'participants'];

describe('timeline on the command line', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let folder: string;

  const json = async (args: readonly string[]): Promise<TimelinePage> => {
    const result = await cli(['timeline', ...args, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    return JSON.parse(result.stdout) as TimelinePage;
  };

  before(async () => {
    db = await createTestDatabase('timeline_cli');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    folder = mkdtempSync(join(tmpdir(), 'ios-backup-timeline-cli-test-'));
    buildSampleCalendarDb(join(folder, 'Calendar.sqlitedb'));
    buildSampleChatStorage(join(folder, 'ChatStorage.sqlite'));
    for (const args of [
      ['index', '--artifact', `calendar=${join(folder, 'Calendar.sqlitedb')}`, '--artifact', `whatsapp=${join(folder, 'ChatStorage.sqlite')}`, '--backup-id', 'phone', '--json'],
      ['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'tracy', '--json'],
    ]) {
      const result = await cli(args, env);
      assert.equal(result.code, 0, result.stderr);
    }
  });
  after(async () => {
    await db?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('--json: {entries, nextCursor}, every dated document in time order', async () => {
    const page = await json(['--limit', '1000']);
    assert.deepEqual(Object.keys(page), ['entries', 'nextCursor']);
    assert.equal(page.nextCursor, null);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM artifact_search_index WHERE occurred_at IS NOT NULL')) as [{ n: number }];
    assert.equal(page.entries.length, n);
    for (const entry of page.entries) assert.deepEqual(Object.keys(entry), ENTRY_KEYS);
    for (let i = 1; i < page.entries.length; i++) assert.ok(page.entries[i - 1]!.occurredAt <= page.entries[i]!.occurredAt);
    assert.deepEqual([...new Set(page.entries.map((entry) => entry.type))].sort(), ['contact', 'event', 'whatsapp_message']);
  });

  it('pages through --cursor to the unpaged list', async () => {
    const unpaged = (await json(['--limit', '1000'])).entries;
    const paged: TimelineEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TimelinePage = await json(['--limit', '9', ...(cursor ? ['--cursor', cursor] : [])]);
      paged.push(...page.entries);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 100);
    assert.equal(pages, Math.ceil(unpaged.length / 9));
    assert.deepEqual(paged, unpaged);
  });

  it('filters by repeated or comma-separated types, repeated backup ids and a time range', async () => {
    const all = (await json(['--limit', '1000'])).entries;
    const events = await json(['--type', 'event', '--limit', '1000']);
    assert.deepEqual(events.entries, all.filter((entry) => entry.type === 'event'));
    const two = await json(['--type', 'event,contact', '--limit', '1000']);
    assert.deepEqual(two.entries, all.filter((entry) => entry.type === 'event' || entry.type === 'contact'));
    assert.deepEqual((await json(['--type', 'event', '--type', 'contact', '--limit', '1000'])).entries, two.entries);
    assert.deepEqual((await json(['--backup-id', 'tracy', '--limit', '1000'])).entries, all.filter((entry) => entry.backupId === 'tracy'));
    assert.deepEqual((await json(['--backup-id', 'tracy', '--backup-id', 'phone', '--limit', '1000'])).entries, all);
    const middle = all[Math.floor(all.length / 2)]!.occurredAt;
    const last = all.at(-3)!.occurredAt;
    const ranged = await json(['--from', middle, '--to', last, '--limit', '1000']);
    assert.deepEqual(ranged.entries, all.filter((entry) => entry.occurredAt >= middle && entry.occurredAt <= last));
    assert.deepEqual((await json(['--type', 'reminder'])).entries, [], 'a declared type with nothing dated');
  });

  it('piped: a table (time, type, title, summary) with no escape byte, and the next page on stderr', async () => {
    const result = await cli(['timeline', '--limit', '5', '--type', 'whatsapp_message,event'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes('\u001b') && !result.stderr.includes('\u001b'));
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^time +type +title +summary$/);
    assert.equal(lines.length, 6);
    for (const line of lines.slice(1)) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d {2}(event|whatsapp_message) /);
    const more = /^more: ios-backup timeline --type whatsapp_message,event --limit 5 --cursor ([A-Za-z0-9_-]+)\n$/.exec(result.stderr);
    assert.ok(more, result.stderr);
    const next = await cli(['timeline', '--limit', '5', '--type', 'whatsapp_message,event', '--cursor', more[1]!], env);
    assert.equal(next.code, 0, next.stderr);
    const expected = (await json(['--limit', '10', '--type', 'whatsapp_message,event'])).entries.slice(5);
    const times = next.stdout.trimEnd().split('\n').slice(1).map((line) => line.slice(0, 16));
    assert.deepEqual(times, expected.map((entry) => localShortTime(entry.occurredAt)));
    const empty = await cli(['timeline', '--backup-id', 'nobody'], env);
    assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, 'no dated entry\n', '']);
  });

  it('refuses an unknown type with the valid ones, a bad cursor, stray words and a bad limit, in one sentence', async () => {
    const unknown = await cli(['timeline', '--type', 'event,tweet'], env);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, '');
    assert.equal(unknown.stderr, 'ios-backup: unknown type "tweet"; valid types: contact, event, message, note, photo, reminder, whatsapp_message [UNKNOWN_TYPE]\n');
    const withJson = await cli(['timeline', '--type', 'tweet', '--json'], env);
    assert.equal(JSON.parse(withJson.stdout).error.code, 'UNKNOWN_TYPE');
    const bad = await cli(['timeline', '--cursor', 'eyJ0IjoxfQ'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^ios-backup: the cursor is not one a timeline page gave.*\[BAD_CURSOR\]\n$/);
    const words = await cli(['timeline', 'yesterday'], env);
    assert.equal(words.code, 1);
    assert.match(words.stderr, /timeline takes no words/);
    const limit = await cli(['timeline', '--limit', '5000'], env);
    assert.equal(limit.code, 1);
    assert.match(limit.stderr, /--limit expects a whole number from 1 to 1000, got "5000"/);
    const status = await cli(['status', 'phone'], env);
    assert.equal(status.code, 0, 'other commands are untouched');
    const index = await cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'a', '--backup-id', 'b'], env);
    assert.equal(index.code, 1);
    assert.match(index.stderr, /--backup-id is given 2 times; this command takes one \[INPUT_INVALID\]/);
  });

  it('is in --help', async () => {
    const help = await cli(['--help'], env);
    assert.match(help.stdout, /ios-backup timeline \[--backup-id ID\] \[--from D\] \[--to D\] \[--type T\] \[--limit N\] \[--cursor C\] \[--json\]/);
    assert.match(help.stdout, /ios-backup search <query> .*--participant P.*--cursor C/);
  });
});
