// The search engine on real data: the shared fixtures of every domain that has one (Messages, Contacts, Notes,
// Photos, Calendar, and the iOS 7 backup folder) and the demo phone made by the plugins' builders (the only WhatsApp
// store, and the only backup whose contacts are the people of its messages and chats), indexed through the command
// line. Checked: per-domain words with snippets that hold them; accents, inflections, prefixes, partial words and
// phrases; a phone number in three formats; contact names finding their messages; exclusions and filters; cursor
// pages that stay exact across a re-index; hostile input changing nothing; and the fixtures left byte-identical.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { configurePlugins } from '../../plugins.config.js';
import { buildDemoBackup } from '../demo/demo-backup.js';
import { createApp } from '../kernel/app.js';
import type { SqlReader } from '../kernel/reader.js';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath, folderState } from '../kernel/testing/fixtures.js';
import { searchIndex, searchIndexWith } from './search.js';
import type { SearchHit, SearchRequest } from './types.js';

const FIXTURES = {
  messages: fixturePath('messages/ios13-magnet-ctf/sms.db'),
  contacts: fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb'),
  notes: fixturePath('notes/macos-13/NoteStore.sqlite'),
  photos: fixturePath('photos/macos-14.6.0/Photos.sqlite'),
  calendar: fixturePath('calendar/ios8/Calendar.sqlitedb'),
};
const IOS7 = fixturePath('backups/ios7-domain-layout');

/** Folds case and accents, as a reader compares a snippet with the word searched. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

describe('search on real fixtures and the demo phone', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let reader: SqlReader;
  let scratch: string;
  const before_: Record<string, Record<string, string>> = {};

  const search = async (text: string, options: Partial<SearchRequest> = {}) => (await searchIndex(reader, { text, limit: 50, ...options })).hits;
  const idsOf = (hits: readonly SearchHit[]) => hits.map((hit) => `${hit.backupId}/${hit.artifactTable}/${hit.artifactId}`);

  before(async () => {
    db = await createTestDatabase('search');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    reader = { rows: async (sql, params = []) => (await pool.query(sql, params as unknown[])).rows };
    before_.fixtures = Object.fromEntries(Object.values(FIXTURES).map((path) => [path, JSON.stringify(folderState(join(path, '..')))]));
    before_.ios7 = folderState(IOS7);
    const env = { IOS_BACKUP_DATABASE__URL: db.url };
    const artifacts = Object.entries(FIXTURES).flatMap(([plugin, path]) => ['--artifact', `${plugin}=${path}`]);
    for (const args of [
      ['index', ...artifacts, '--backup-id', 'fixtures', '--json'],
      ['index', IOS7, '--backup-id', 'ios7', '--json'],
    ]) {
      const result = await cli(args, env);
      assert.equal(result.code, 0, result.stderr);
    }
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-search-test-'));
    const demo = await buildDemoBackup(scratch, createApp(configurePlugins, { env: {} }).plugins);
    const result = await cli(['index', demo.root, '--backup-id', 'demo', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('finds words known to be in each domain, with snippets that hold the word, highlighted', async () => {
    const cases: Array<[string, string, string]> = [
      // [type, query, word the snippet must hold]
      ['message', 'garlic', 'garlic'],
      ['contact', 'Sumtwelve', 'sumtwelve'],
      ['note', 'buried', 'buried'],
      ['photo', 'tulips', 'tulips'],
      ['event', 'Groundhog', 'groundhog'],
      ['event', 'Kev', 'kev'],
      ['whatsapp_message', 'azulejos', 'azulejos'],
    ];
    for (const [type, query, word] of cases) {
      const hits = await search(query);
      const ofType = hits.filter((hit) => hit.type === type);
      assert.ok(ofType.length > 0, `${query}: no ${type} hit among ${hits.map((hit) => hit.type).join(', ')}`);
      for (const hit of ofType) {
        assert.ok(folded(hit.snippet).includes(word), `${query}: snippet "${hit.snippet}" lacks "${word}"`);
        assert.ok(
          hit.highlights.some(([start, end]) => folded(hit.snippet.slice(start, end)).includes(word)),
          `${query}: no highlight on "${word}" in ${JSON.stringify(hit)}`,
        );
      }
    }
  });

  it('ignores accents both ways: "saute" finds "Sauté", "fruhstuck" finds "Frühstück", "São" finds "Sao"', async () => {
    const saute = await search('saute');
    assert.ok(saute.some((hit) => hit.type === 'message' && hit.snippet.includes('Sauté')), JSON.stringify(saute));
    const breakfast = await search('fruhstuck');
    assert.ok(breakfast.some((hit) => hit.type === 'photo' && hit.snippet.includes('Frühstück')), JSON.stringify(breakfast));
    const accented = await search('pastéis');
    const plain = await search('pasteis');
    assert.ok(accented.length > 0);
    assert.deepEqual(idsOf(plain), idsOf(accented));
  });

  it('meets English inflections ("onions" finds "onion", "pumpkins" finds "pumpkin") and keeps exact words of other languages', async () => {
    const onions = await search('onions');
    assert.ok(onions.some((hit) => /\bonion\b/i.test(hit.snippet)), JSON.stringify(onions.map((hit) => hit.snippet)));
    const pumpkins = await search('pumpkins');
    assert.ok(pumpkins.some((hit) => hit.type === 'photo' && /\bpumpkin\b/i.test(hit.snippet)));
    // No stop words: short words of other languages are searchable on their own.
    const de = await search('"pastéis de nata"');
    assert.ok(de.some((hit) => hit.type === 'whatsapp_message'), JSON.stringify(de));
    const obrigado = await search('Obrigado');
    assert.ok(obrigado.some((hit) => hit.type === 'whatsapp_message'));
  });

  it('prefixes: "chop*" finds "chopped", "Grou*" finds "Groundhog"', async () => {
    assert.ok((await search('chop*')).some((hit) => hit.snippet.includes('chopped')));
    assert.ok((await search('Grou*')).some((hit) => hit.type === 'event' && hit.title === 'Groundhog Day'));
  });

  it('partial words inside a body ("ofrit" finds "Sofrito") and inside names ("twelve" finds both Sumtwelve contacts)', async () => {
    const sofrito = await search('ofrit');
    assert.ok(sofrito.some((hit) => hit.type === 'message' && hit.snippet.includes('Sofrito')), JSON.stringify(sofrito));
    assert.ok(sofrito.every((hit) => folded(hit.snippet).includes('ofrit') || folded(hit.title ?? '').includes('ofrit')));
    const twelve = await search('twelve', { types: ['contact'] });
    assert.deepEqual(twelve.map((hit) => hit.title).sort(), ['Pat TeeSumTwelve', 'Tracy Sumtwelve']);
  });

  it('phrases match words in a row only', async () => {
    const phrase = await search('"black beans"');
    assert.ok(phrase.length > 0);
    for (const hit of phrase) assert.match(hit.snippet, /black beans/i);
    const reversed = await search('"beans black"');
    assert.equal(reversed.length, 0);
  });

  it('excluded words remove their documents', async () => {
    const beans = await search('beans');
    const withoutRice = await search('beans -rice');
    assert.ok(beans.length > 0);
    assert.ok(withoutRice.length < beans.length || beans.every((hit) => !/rice/i.test(hit.snippet)));
    const excluded = await search('day -easter', { backupIds: ['ios7'] });
    assert.ok(excluded.length > 0);
    assert.ok(excluded.every((hit) => !/easter/i.test(hit.title ?? '')));
  });

  it('a phone number in three formats finds the same messages, WhatsApp chats and contacts', async () => {
    for (const formats of [
      ['+1 (202) 555-0101', '2025550101', '202-555-0101'],
      ['+351 912 345 671', '912345671', '912-345-671'],
      ['+1 (703) 829-6071', '7038296071', '703-829-6071'],
    ]) {
      const results = await Promise.all(formats.map((format) => search(format, { limit: 200 })));
      assert.ok(results[0]!.length > 0, `${formats[0]}: no hit`);
      for (const [i, hits] of results.entries()) assert.deepEqual(idsOf(hits).sort(), idsOf(results[0]!).sort(), `${formats[i]} against ${formats[0]}`);
    }
    // Maya is in Messages and in a WhatsApp group; Lucas only in WhatsApp.
    const maya = await search('202-555-0101', { limit: 200 });
    assert.deepEqual([...new Set(maya.map((hit) => hit.type))].sort(), ['contact', 'message', 'whatsapp_message']);
    const lucas = await search('912 345 671', { limit: 200 });
    assert.deepEqual([...new Set(lucas.map((hit) => hit.type))].sort(), ['contact', 'whatsapp_message']);
    const terry = await search('703-829-6071');
    assert.ok(terry.some((hit) => hit.type === 'contact' && hit.title === 'Terry' && hit.highlights.length > 0), JSON.stringify(terry));
  });

  it("a contact's name finds the messages and chats of that contact's handles, and titles them with the name", async () => {
    const maya = await search('Lindqvist', { backupIds: ['demo'], limit: 200 });
    const messages = maya.filter((hit) => hit.type === 'message');
    assert.ok(messages.length >= 3, JSON.stringify(maya));
    assert.ok(messages.some((hit) => !/lindqvist/i.test(hit.snippet)), 'every message hit says the name itself');
    assert.ok(messages.some((hit) => hit.title === 'Maya Lindqvist'), JSON.stringify(messages.map((hit) => hit.title)));
    const lucas = await search('"Lucas Ferreira"', { backupIds: ['demo'], limit: 200 });
    assert.ok(lucas.some((hit) => hit.type === 'whatsapp_message' && !/ferreira/i.test(hit.snippet)), JSON.stringify(lucas));
    const participant = await search('flights', { backupIds: ['demo'], participant: 'Maya Lindqvist' });
    assert.ok(participant.some((hit) => hit.type === 'message'));
    const byPhone = await search('flights', { backupIds: ['demo'], participant: '(202) 555-0101' });
    assert.deepEqual(idsOf(byPhone), idsOf(participant));
    assert.equal((await search('flights', { backupIds: ['demo'], participant: 'Hannah Weiss' })).length, 0);
  });

  it('filters by backup, type and time range', async () => {
    const all = await search('day', { limit: 500 });
    assert.ok(new Set(all.map((hit) => hit.backupId)).size >= 2);
    const ios7 = await search('day', { backupIds: ['ios7'], limit: 500 });
    assert.ok(ios7.length > 0 && ios7.every((hit) => hit.backupId === 'ios7'));
    const events = await search('day', { types: ['event'], limit: 500 });
    assert.ok(events.length > 0 && events.every((hit) => hit.type === 'event'));
    const from = new Date('2014-01-01T00:00:00Z');
    const to = new Date('2014-12-31T23:59:59Z');
    const dated = await search('day', { types: ['event'], from, to, limit: 500 });
    assert.ok(dated.length > 0 && dated.length < events.length);
    for (const hit of dated) assert.ok(hit.occurredAt && new Date(hit.occurredAt) >= from && new Date(hit.occurredAt) <= to);
    await assert.rejects(search('day', { types: ['mesage'] }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'UNKNOWN_TYPE');
      assert.match(error.message, /valid types: .*message/);
      return true;
    });
  });

  it('ranks by relevance, then recency: a title match before a body match', async () => {
    const hits = await search('day', { backupIds: ['ios7'], limit: 500 });
    for (let i = 1; i < hits.length; i += 1) {
      const [a, b] = [hits[i - 1]!, hits[i]!];
      assert.ok(a.score > b.score || (a.score === b.score && (a.occurredAt ?? '') >= (b.occurredAt ?? '')), `${JSON.stringify(a)} before ${JSON.stringify(b)}`);
    }
    const note = await search('buried');
    assert.equal(note[0]!.title, 'This is a deeply buried note');
  });

  for (const ranges of ['estimate', 'always'] as const) {
  it(`pages with a cursor give every hit once, across windows and across a re-index of the same backup (time ranges: ${ranges})`, async () => {
    const request = { text: 'day', backupIds: ['ios7'] };
    const whole = idsOf((await searchIndexWith(reader, { ...request, limit: 1000 }, { window: 10, ranges })).hits);
    assert.ok(whole.length > 30, `${whole.length} hits`);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await searchIndexWith(reader, { ...request, limit: 7, cursor }, { window: 10, ranges });
      paged.push(...idsOf(page.hits));
      cursor = page.nextCursor;
      pages += 1;
      if (pages === 2) {
        const result = await cli(['index', IOS7, '--backup-id', 'ios7', '--json'], { IOS_BACKUP_DATABASE__URL: db.url });
        assert.equal(result.code, 0, result.stderr);
      }
    } while (cursor !== null && pages < 100);
    assert.ok(pages > 3);
    assert.deepEqual(paged, whole);
    assert.equal(new Set(paged).size, paged.length);
    // The windows only order; they lose nothing: the same set as one window holding every match.
    const single = idsOf((await searchIndex(reader, { ...request, limit: 1000 })).hits);
    assert.deepEqual([...paged].sort(), [...single].sort());
    await assert.rejects(searchIndex(reader, { ...request, limit: 7, cursor: 'not-a-cursor' }), { code: 'BAD_CURSOR' });
    const other = (await searchIndex(reader, { text: 'easter', limit: 1 })).nextCursor;
    assert.ok(other);
    await assert.rejects(searchIndex(reader, { ...request, limit: 7, cursor: other }), { code: 'BAD_CURSOR' });
  });
  }

  it('hostile input returns normally, with no error and nothing changed', async () => {
    const counts = async () =>
      (await pool.query(`SELECT (SELECT count(*) FROM message) AS m, (SELECT count(*) FROM artifact_search_index) AS d, (SELECT count(*) FROM search_term) AS t, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables`)).rows[0];
    const start = await counts();
    const big = Array.from({ length: 50_000 }, (_, i) => ['onion', "'", '"', '\\', '-', '*', '(', ')', '&', '|', '!', ':*', '<->', '%', '_'][i % 15]).join(' ');
    assert.ok(big.length >= 100_000);
    const inputs = [
      "'; drop table message; --",
      "'",
      '"',
      '"""',
      '\\',
      '\\\\\\',
      'a\u0000b',
      '\u0000',
      '-',
      '- - -',
      '-"',
      '*',
      '-*',
      ':*',
      '!',
      '&|!()<->',
      "onion & !garlic | chop:*",
      '%_%',
      '%',
      '💣🧨',
      `${'x'.repeat(100_000)}`,
      big + big,
      'a'.repeat(2000) + '*',
    ];
    for (const text of inputs) {
      const page = await searchIndex(reader, { text, limit: 20 });
      assert.ok(Array.isArray(page.hits), text.slice(0, 40));
    }
    for (const text of ['-', '"', '- - -', '*', '&|!()<->', '%', '\u0000']) {
      assert.equal((await search(text)).length, 0, `${JSON.stringify(text)} found something`);
    }
    const injected = await searchIndex(reader, { text: 'onion', participant: "'; drop table message; --", limit: 5 });
    assert.equal(injected.hits.length, 0);
    const long = await searchIndex(reader, { text: big + big, limit: 5 });
    assert.ok(long.warnings.some((warning) => /only the first/.test(warning)), JSON.stringify(long.warnings));
    assert.deepEqual(await counts(), start);
  });

  it('left every fixture byte-identical', () => {
    const now = Object.fromEntries(Object.values(FIXTURES).map((path) => [path, JSON.stringify(folderState(join(path, '..')))]));
    assert.deepEqual(now, before_.fixtures);
    assert.deepEqual(folderState(IOS7), before_.ios7);
  });
});
