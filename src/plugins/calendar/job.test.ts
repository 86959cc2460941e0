// The calendar plugin through the real indexing job and PostgreSQL: the real stores land whole, an attendee's name or
// a place finds its event, re-indexing gives identical rows, and a store without CalendarItem, another app's store, a
// corrupt store and a truncated store each fail only this plugin while the rest of the job completes.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { fixturePath, folderState } from '../../kernel/testing/fixtures.js';
import { searchIndex } from '../../search/search.js';
import { contactsPlugin } from '../contacts/plugin.js';
import { calendarPlugin } from './plugin.js';
import { buildSampleCalendarDb } from './testing/build-calendar-db.js';

const plugins: RegisteredPlugin[] = [
  { declaration: calendarPlugin, enabled: true, options: {} },
  { declaration: contactsPlugin, enabled: true, options: {} },
];
const IOS8 = fixturePath('calendar/ios8/Calendar.sqlitedb');
const IOS7 = fixturePath('backups/ios7-domain-layout/HomeDomain/Library/Calendar/Calendar.sqlitedb');
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

describe('calendar in an indexing job', () => {
  const test = useJobTest('calendar', plugins);
  let sample: string;

  before(() => {
    sample = join(test.folder, 'Calendar.sqlitedb');
    buildSampleCalendarDb(sample);
  });

  for (const store of [
    { backupId: 'ios8', path: IOS8, rows: { calendar: 4, calendar_event: 13 }, variant: 'client 108, no Location.address, no end_tz' },
    { backupId: 'ios7', path: IOS7, rows: { calendar: 5, calendar_event: 130 }, variant: 'client 122, no end_tz' },
  ]) {
    it(`indexes the real ${store.backupId} store whole and leaves its folder untouched`, async () => {
      const folder = dirname(store.path);
      const before = folderState(folder);
      const result = await test.runner.run({ backupId: store.backupId, artifacts: { calendar: store.path } });
      assert.deepEqual(folderState(folder), before);
      const report = result.plugins.find((plugin) => plugin.id === 'calendar')!;
      assert.equal(report.status, 'completed', report.error ?? '');
      assert.deepEqual(report.rows, store.rows);
      assert.equal(report.searchDocuments, store.rows.calendar_event);
      const [source] = await test.db.query('SELECT schema_variant, warnings FROM artifact_source WHERE backup_id = $1', [store.backupId]);
      assert.deepEqual([source!.schema_variant, source!.warnings], [store.variant, []]);
      const [dangling] = await test.db.query(
        'SELECT count(*)::int AS n FROM calendar_event e WHERE e.backup_id = $1 AND NOT EXISTS (SELECT 1 FROM calendar c WHERE c.id = e.calendar_id)',
        [store.backupId],
      );
      assert.equal(dangling!.n, 0);
    });
  }

  it('keeps the holidays of the iOS 7 store on their calendar dates in PostgreSQL', async () => {
    const rows = await test.db.query(
      "SELECT start_local::text AS local, start_at, floating FROM calendar_event WHERE backup_id = 'ios7' AND summary = 'Tax Day' ORDER BY start_local",
    );
    assert.ok(rows.length > 1);
    assert.ok(rows.every((row) => row.floating === true && /^\d{4}-04-1[5-8] 00:00:00$/.test(row.local)));
    assert.ok(rows.some((row) => row.local === '2016-04-15 00:00:00' && (row.start_at as Date).toISOString() === '2016-04-15T00:00:00.000Z'));
  });

  it('finds events by an attendee, an organizer, a place and an address; re-indexing gives identical rows', async () => {
    const first = await test.runner.run({ backupId: 'sample', artifacts: { calendar: sample, contacts: TRACY } });
    assert.equal(first.status, 'INDEXED');
    const titles = async (text: string) =>
      (await searchIndex(test.orm, { text, backupIds: ['sample'], limit: 20 })).hits.map((hit) => [hit.type, hit.title]).sort();
    assert.deepEqual(await titles('Carol Smith'), [['event', 'Coffee with the design team']]);
    assert.deepEqual(await titles('Bob Chen'), [['event', 'Coffee with the design team'], ['event', 'Dinner in Shibuya']]);
    assert.deepEqual(await titles('Alice Martin'), [['event', 'Coffee with the design team'], ['event', 'Dinner in Shibuya']]);
    assert.deepEqual(await titles('dave@example.net'), [['event', 'Coffee with the design team']]);
    assert.deepEqual(await titles('Shibuya Scramble Square'), [['event', 'Dinner in Shibuya']]);
    assert.deepEqual(await titles('450 W 15th St'), [['event', 'Coffee with the design team']]);
    assert.deepEqual(await titles('passport'), [['reminder', 'Renew passport']]);
    const snapshot = async () =>
      test.db.query("SELECT id, summary, start_local::text AS local, attendees, calendar_id FROM calendar_event WHERE backup_id = 'sample' ORDER BY id");
    const before = await snapshot();
    const again = await test.runner.run({ backupId: 'sample', artifacts: { calendar: sample, contacts: TRACY } });
    assert.equal(again.status, 'INDEXED');
    assert.deepEqual(await snapshot(), before);
    assert.equal(before.length, 15);
  });

  const damages: Array<{ name: string; make: (path: string) => void; code: string; message?: RegExp }> = [
    {
      name: 'without CalendarItem',
      make: (path) => {
        buildSampleCalendarDb(path);
        const sqlite = new Database(path);
        sqlite.exec('DROP TABLE CalendarItem');
        sqlite.close();
      },
      code: 'UNSUPPORTED_SCHEMA',
      message: /no CalendarItem table/,
    },
    { name: 'of another app', make: (path) => writeFileSync(path, readFileSync(TRACY)), code: 'UNSUPPORTED_SCHEMA', message: /not a Calendar\.sqlitedb store/ },
    { name: 'corrupt', make: (path) => writeFileSync(path, Buffer.alloc(16384, 0xa5)), code: 'SOURCE_CORRUPT' },
    { name: 'truncated', make: (path) => writeFileSync(path, readFileSync(IOS7).subarray(0, 40_960)), code: 'SOURCE_CORRUPT' },
  ];
  for (const damage of damages) {
    it(`fails only the calendar plugin on a store ${damage.name}; contacts in the same job completes`, async () => {
      const path = join(test.folder, `${damage.name.replace(/ /g, '-')}.sqlitedb`);
      damage.make(path);
      const backupId = `bad-${damage.name.replace(/ /g, '-')}`;
      const result = await test.runner.run({ backupId, artifacts: { calendar: path, contacts: TRACY } });
      assert.equal(result.status, 'INDEXED');
      const calendar = result.plugins.find((plugin) => plugin.id === 'calendar')!;
      assert.equal(calendar.status, 'failed');
      assert.equal(calendar.errorCode, damage.code);
      if (damage.message) assert.match(calendar.error ?? '', damage.message);
      assert.equal(result.plugins.find((plugin) => plugin.id === 'contacts')!.status, 'completed');
      const [rows] = await test.db.query('SELECT count(*)::int AS n FROM calendar_event WHERE backup_id = $1', [backupId]);
      assert.equal(rows!.n, 0);
    });
  }
});
