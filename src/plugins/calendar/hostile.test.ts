// The calendar plugin on stores that are well-formed but damaged or absurd: linked tables and columns missing, times
// outside any plausible range, zone names no zone database knows, coded values no version uses, 64-bit rule numbers,
// rows pointing at nothing, NUL bytes and BLOBs in text columns, and one event with more attendees than are listed.
// Each is read with a named warning (or, through PostgreSQL, lands without failing the COPY); none is a crash.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RegisteredPlugin, SourceWarning } from '../../kernel/plugin.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { MAX_LISTED } from './events.js';
import { calendarPlugin } from './plugin.js';
import { buildSampleCalendarDb, type CalendarDbLayout } from './testing/build-calendar-db.js';

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ios-backup-calendar-hostile-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The sample built with `layout`, then changed by `damage` (SQL run on the built store). */
function damagedSample(name: string, damage: string, layout: CalendarDbLayout = {}): string {
  const path = join(scratch, `${name}.sqlitedb`);
  buildSampleCalendarDb(path, layout);
  const db = new Database(path);
  db.exec(damage);
  db.close();
  return path;
}

function warningsOf(result: HarnessResult, code: string): SourceWarning[] {
  return result.warnings.filter((warning) => warning.code === code);
}

const MEETING = "(SELECT ROWID FROM CalendarItem WHERE summary = 'Coffee with the design team')";

describe('calendar on damaged and absurd stores', () => {
  it('reads the events of a store whose linked tables are all missing, naming each table and what it costs', async () => {
    const omitTables = ['Calendar', 'Store', 'Location', 'Participant', 'Identity', 'Recurrence', 'ExceptionDate', 'Attachment', 'AttachmentFile'];
    const path = damagedSample('bare', '', { omitTables });
    const result = await runPlugin(calendarPlugin, path);
    assert.equal(result.tables.calendar_event!.length, 15);
    assert.equal(result.rows.calendar, 0);
    assert.deepEqual(
      warningsOf(result, 'CALENDAR_TABLE_MISSING').map((warning) => warning.message.split(' ')[0]),
      ['Calendar', 'Store', 'Location', 'Participant', 'Identity', 'Recurrence', 'ExceptionDate', 'Attachment'],
    );
    const meeting = result.tables.calendar_event!.find((row) => row.summary === 'Coffee with the design team')!;
    assert.deepEqual([meeting.calendar_id, meeting.location_title, meeting.organizer_name, meeting.attendees, meeting.start_local], [null, null, null, null, '2016-04-12T10:00:00']);
  });

  it('reads a store whose CalendarItem lacks columns as NULL, each named once with what it costs', async () => {
    const path = damagedSample('columns', '', { omitColumns: { CalendarItem: ['start_tz', 'entity_type', 'summary'], Participant: ['owner_id'] } });
    const result = await runPlugin(calendarPlugin, path);
    assert.equal(result.tables.calendar_event!.length, 15);
    const missing = warningsOf(result, 'CALENDAR_COLUMN_MISSING').map((warning) => warning.message);
    assert.ok(missing.includes('CalendarItem.start_tz is missing: time zones are unknown and no event is known to be floating'));
    assert.ok(missing.includes('CalendarItem.entity_type is missing: every item is read as an event'));
    assert.ok(missing.some((message) => message.startsWith('CalendarItem.summary is missing')));
    assert.deepEqual(warningsOf(result, 'CALENDAR_TABLE_UNREAD').map((warning) => warning.message), [
      'Participant has no owner_id column: events keep no organizer or attendees',
    ]);
    assert.ok(result.tables.calendar_event!.every((row) => row.summary === null && row.kind === 'event' && row.floating === false && row.start_local === null));
  });

  it('names absurd times, unknown zones, unknown codes and 64-bit rule numbers, and keeps the rest of each row', async () => {
    const path = damagedSample(
      'absurd',
      `UPDATE CalendarItem SET start_date = 1e15 WHERE summary = 'Tax Day';
       UPDATE CalendarItem SET start_tz = 'Mars/Olympus_Mons' WHERE summary = 'Focus time';
       UPDATE CalendarItem SET start_tz = 'GMT+0530' WHERE summary = 'Book club';
       UPDATE CalendarItem SET status = 9, availability = 77 WHERE summary = 'Offsite planning';
       UPDATE Store SET type = 42 WHERE name = 'iCloud';
       UPDATE Recurrence SET frequency = 7, interval = 99999999999, count = -5 WHERE owner_id = (SELECT ROWID FROM CalendarItem WHERE summary = 'Anniversary dinner');
       UPDATE Participant SET status = 12 WHERE email = 'carol.smith@example.org';
       UPDATE CalendarItem SET start_date = -488592000 WHERE summary = 'Emma Wilson’s Birthday';
       UPDATE CalendarItem SET start_date = -4733596800 WHERE summary = 'Morning run';`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    assert.equal(events.get('Tax Day')!.start_at, null);
    assert.equal(events.get('Tax Day')!.start_local, null);
    assert.match(warningsOf(result, 'TIME_OUT_OF_RANGE')[0]!.message, /^CalendarItem\.start_date: .*first: row 2, raw value 1000000000000000/);
    // A birthday series starting in 1985 is a date a person entered; 1851 is outside 1900..2100.
    assert.equal(events.get('Emma Wilson’s Birthday')!.start_local, '1985-07-09T00:00:00');
    assert.equal(events.get('Morning run')!.start_at, null);
    assert.match(warningsOf(result, 'TIME_OUT_OF_RANGE')[0]!.message, /^CalendarItem\.start_date: values outside 1900\.\.2100 /);
    const focus = events.get('Focus time')!;
    assert.deepEqual([focus.time_zone, focus.start_local], ['Mars/Olympus_Mons', null]);
    assert.deepEqual(focus.start_at, new Date('2016-04-25T12:00:00Z'));
    assert.match(warningsOf(result, 'CALENDAR_TIME_ZONE_UNKNOWN')[0]!.message, /"Mars\/Olympus_Mons"/);
    assert.equal(events.get('Book club')!.start_local, '2016-05-05T22:30:00', 'GMT+0530 is read as a fixed offset');
    assert.deepEqual([events.get('Offsite planning')!.status, events.get('Offsite planning')!.availability], ['unknown-9', 'unknown-77']);
    assert.equal(result.tables.calendar!.find((row) => row.title === 'Home')!.store_type, 'unknown-42');
    const anniversary = events.get('Anniversary dinner')!;
    assert.deepEqual([anniversary.recurrence_frequency, anniversary.recurrence_interval, anniversary.recurrence_count], ['unknown-7', null, null]);
    assert.equal((events.get('Coffee with the design team')!.attendees as Array<{ status: string }>)[1]!.status, 'unknown-12');
    assert.deepEqual(
      warningsOf(result, 'CALENDAR_VALUE_UNKNOWN').map((warning) => warning.message.split(':')[0]).sort(),
      ['CalendarItem.availability', 'CalendarItem.status', 'Participant.status', 'Recurrence.frequency', 'Store.type'],
    );
    assert.match(warningsOf(result, 'CALENDAR_VALUE_OUT_OF_RANGE')[0]!.message, /^Recurrence\.interval: values beyond 32 bits/);
  });

  it('names rows that point at nothing: orphan participants, an unknown calendar, a detached occurrence without its series', async () => {
    const path = damagedSample(
      'orphans',
      `INSERT INTO Participant (entity_type, owner_id, email, status) VALUES (7, 9999, 'ghost@example.com', 1);
       INSERT INTO Recurrence (owner_id, frequency, interval) VALUES (9998, 2, 1);
       UPDATE CalendarItem SET calendar_id = 77 WHERE summary = 'Book club';
       UPDATE CalendarItem SET orig_item_id = 5000 WHERE summary = 'Team sync (moved)';
       INSERT INTO Participant (entity_type, owner_id, email) VALUES (7, 'not a number', 'text@example.com');`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const codes = new Set(result.warnings.map((warning) => warning.code));
    for (const code of ['CALENDAR_ORPHAN_ROW', 'CALENDAR_ORPHAN_ITEM', 'CALENDAR_MASTER_MISSING']) assert.ok(codes.has(code), code);
    assert.deepEqual(warningsOf(result, 'CALENDAR_ORPHAN_ROW').map((warning) => [warning.message.split(' ')[0], warning.count]), [['Participant', 1], ['Recurrence', 1]]);
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    assert.equal(events.get('Book club')!.calendar_id, null);
    const moved = events.get('Team sync (moved)')!;
    assert.deepEqual([moved.detached, moved.original_event_id], [true, null]);
    assert.ok(!JSON.stringify(result.tables.calendar_event).includes('ghost@example.com'));
  });

  it(`lists ${MAX_LISTED} attendees of an event with more, counting them all`, async () => {
    const path = damagedSample(
      'crowd',
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MAX_LISTED + 5})
       INSERT INTO Participant (entity_type, owner_id, email, status) SELECT 7, ${MEETING}, 'guest' || i || '@example.com', 1 FROM n;`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const meeting = result.tables.calendar_event!.find((row) => row.summary === 'Coffee with the design team')!;
    assert.equal((meeting.attendees as unknown[]).length, MAX_LISTED);
    assert.equal(meeting.attendee_count, MAX_LISTED + 5 + 3);
    assert.match(warningsOf(result, 'CALENDAR_LIST_CUT')[0]!.message, new RegExp(`more than ${MAX_LISTED} attendees list the first ${MAX_LISTED} \\(first: row 1\\)`));
    const other = result.tables.calendar_event!.find((row) => row.summary === 'Dinner in Shibuya')!;
    assert.equal(other.attendee_count, 1, 'the next event keeps its own attendees');
  });
});

describe('calendar text damage through PostgreSQL', () => {
  const plugins: RegisteredPlugin[] = [{ declaration: calendarPlugin, enabled: true, options: {} }];
  const test = useJobTest('calendar_hostile', plugins);

  it('stores NUL bytes, BLOB text and control characters without failing the COPY', async () => {
    const path = damagedSample(
      'text',
      `UPDATE CalendarItem SET summary = 'Tab\tand' || char(0) || 'NUL', description = CAST('blob notes' AS BLOB) WHERE summary = 'Tax Day';
       UPDATE Participant SET email = 'nul' || char(0) || '@example.com' WHERE email = 'dave@example.net';
       UPDATE Location SET title = 'Back\\slash' || char(10) || 'line' WHERE title = 'Blue Bottle Coffee';`,
    );
    const result = await test.runner.run({ backupId: 'text', artifacts: { calendar: path } });
    assert.equal(result.plugins[0]!.status, 'completed', result.plugins[0]!.error ?? '');
    const [holiday] = await test.db.query("SELECT summary, description FROM calendar_event WHERE backup_id = 'text' AND summary LIKE 'Tab%'");
    assert.deepEqual(holiday, { summary: 'Tab\tand\uFFFDNUL', description: 'blob notes' });
    const [meeting] = await test.db.query("SELECT location_title, attendees FROM calendar_event WHERE backup_id = 'text' AND summary = 'Coffee with the design team'");
    assert.equal(meeting!.location_title, 'Back\\slash\nline');
    assert.equal((meeting!.attendees as Array<{ email: string }>)[2]!.email, 'nul\uFFFD@example.com');
  });
});
