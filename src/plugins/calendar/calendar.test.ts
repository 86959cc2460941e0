// The calendar parser on real stores: the iOS 8 calendar (4 calendars, 13 events), the iOS 7 phone's 130 floating
// holidays with their yearly rules, and empty stores made from the schema dumps of iOS 6.1.6 to 11.2, each read with
// no column or table reported missing. The fixtures are only ever read through the kernel's private copy.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureCopyDb, fixturePath, folderState, schemaDumpDb } from '../../kernel/testing/fixtures.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { calendarPlugin } from './plugin.js';

const IOS8 = fixturePath('calendar/ios8/Calendar.sqlitedb');
const IOS7 = fixturePath('backups/ios7-domain-layout/HomeDomain/Library/Calendar/Calendar.sqlitedb');
const DUMPS = ['6.1.6', '9.3.5', '10.3.3', '11.2'];

let scratch: string;

/** Runs the plugin on a fixture and proves its folder was left exactly as it was. */
async function runOnFixture(fixture: string): Promise<HarnessResult> {
  const folder = dirname(fixture);
  const before = folderState(folder);
  const result = await runPlugin(calendarPlugin, fixture);
  assert.deepEqual(folderState(folder), before);
  return result;
}

describe('calendar on real stores', () => {
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'calendar-real-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads the iOS 8 store: 4 calendars with their accounts, 13 events whose summaries are CalendarItem.summary', async () => {
    const result = await runOnFixture(IOS8);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.variant, 'client 108, no Location.address, no end_tz');
    const calendars = result.tables.calendar!;
    assert.deepEqual(
      calendars.map((row) => [row.title, row.store_name, row.store_type, row.color, row.event_count]),
      [
        ['Default', 'Default', 'local', null, 0],
        ['DEFAULT_CALENDAR_NAME', 'Default', 'local', '#0E61B9', 13],
        ['Birthdays', 'Other', 'birthdays', '#8295AF', 0],
        ['Facebook Birthdays', 'Other', 'birthdays', '#8295AF', 0],
      ],
    );
    const events = result.tables.calendar_event!;
    const copy = fixtureCopyDb('calendar/ios8/Calendar.sqlitedb', scratch);
    const stored = copy.prepare('SELECT ROWID AS rowid, summary FROM CalendarItem ORDER BY ROWID').all() as Array<Record<string, unknown>>;
    copy.close();
    assert.equal(events.length, 13);
    assert.deepEqual(events.map((row) => [row.source_rowid, row.summary]), stored.map((row) => [row.rowid, row.summary]));
    assert.ok(events.every((row) => row.kind === 'event' && row.calendar_id === calendars[1]!.id && row.time_zone === 'Europe/London'));
    const first = events[0]!;
    assert.deepEqual(first.start_at, new Date('2013-03-28T12:00:00Z'));
    assert.equal(first.start_local, '2013-03-28T12:00:00');
    assert.equal(first.location_title, 'Here');
    assert.equal(first.floating, false);
    // 387233174 is 2013-04-09 20:46:14 UTC, 21:46:14 on a London clock (summer time began on 31 March).
    const late = events.find((row) => row.source_rowid === 12)!;
    assert.deepEqual(late.start_at, new Date('2013-04-09T20:46:14Z'));
    assert.equal(late.start_local, '2013-04-09T21:46:14');
    assert.equal(late.description, 'Event notes here');
    assert.deepEqual(events.map((row) => row.location_title).filter(Boolean), ['Here', 'There', 'My house']);
    assert.equal(result.documents.length, 13);
    assert.deepEqual(
      result.documents.find((doc) => doc.artifact_id === first.id),
      { ...result.documents.find((doc) => doc.artifact_id === first.id), type: 'event', title: 'Kev event', body: 'Here\nDEFAULT_CALENDAR_NAME' },
    );
  });

  it('reads the iOS 7 store: 130 floating all-day holidays in a subscribed calendar, 22 of them yearly', async () => {
    const result = await runOnFixture(IOS7);
    assert.deepEqual(result.warnings, []);
    const events = result.tables.calendar_event!;
    assert.equal(events.length, 130);
    assert.ok(events.every((row) => row.floating === true && row.all_day === true && row.time_zone === null));
    const holidays = result.tables.calendar!.find((row) => row.title === 'US Holidays')!;
    assert.deepEqual([holidays.store_type, holidays.store_name, holidays.event_count], ['subscribed', 'Subscribed Calendars', 130]);
    const taxDay = events.find((row) => row.source_rowid === 1)!;
    assert.equal(taxDay.summary, 'Tax Day');
    assert.equal(taxDay.start_local, '2016-04-15T00:00:00');
    assert.equal(taxDay.end_local, '2016-04-15T23:59:59');
    const yearly = events.filter((row) => row.recurrence_frequency !== null);
    assert.equal(yearly.length, 22);
    assert.ok(yearly.every((row) => row.recurrence_frequency === 'yearly' && row.recurrence_interval === 1 && row.recurrence_count === 21));
    const washington = events.find((row) => row.summary === 'Washington’s Birthday')!;
    assert.equal(washington.recurrence_specifier, 'D=+3MO');
    assert.equal(washington.start_local, '2005-02-21T00:00:00');
  });

  for (const version of DUMPS) {
    it(`reads an empty store of iOS ${version} (from its schema dump) with nothing reported missing`, async () => {
      const path = join(scratch, `dump-${version}.sqlitedb`);
      schemaDumpDb(`schemas/calendars/calendars_${version}.sql`, path).close();
      const result = await runPlugin(calendarPlugin, path);
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.rows, { calendar: 0, calendar_event: 0 });
      assert.match(result.variant!, /^no client version/);
    });
  }
});
