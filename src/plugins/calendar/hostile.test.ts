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

/** How many distinct warnings carry this code. */
function warnings(result: HarnessResult, code: string): number {
  return warningsOf(result, code).length;
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
    assert.deepEqual(warningsOf(result, 'CALENDAR_ORPHAN_ITEM'), [], 'a missing Calendar table is named once, not once per event');
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
       UPDATE CalendarItem SET start_date = -15780182400 WHERE summary = 'Morning run';`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    assert.equal(events.get('Tax Day')!.start_at, null);
    assert.equal(events.get('Tax Day')!.start_local, null);
    assert.match(warningsOf(result, 'TIME_OUT_OF_RANGE')[0]!.message, /^CalendarItem\.start_date: .*first: row 2, raw value 1000000000000000/);
    // A birthday series starting in 1985 is a date a person entered; 1500 and 1e15 are outside 1600..2100.
    assert.equal(events.get('Emma Wilson’s Birthday')!.start_local, '1985-07-09T00:00:00');
    assert.equal(events.get('Morning run')!.start_at, null);
    assert.deepEqual(
      warningsOf(result, 'TIME_OUT_OF_RANGE').map((warning) => [warning.message.split(':')[0], warning.count]),
      [['CalendarItem.start_date', 2]],
      'both absurd starts are counted under one warning',
    );
    assert.match(warningsOf(result, 'TIME_OUT_OF_RANGE')[0]!.message, /values outside 1600\.\.2100 /);
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
       INSERT INTO Participant (entity_type, owner_id, email) VALUES (7, 'not a number', 'text@example.com');
       INSERT INTO Participant (entity_type, owner_id, email) VALUES (7, NULL, 'null@example.com'), (7, 1.5, 'half@example.com');
       INSERT INTO Attachment (owner_id, filename) VALUES (NULL, 'nobody.pdf');
       INSERT INTO ExceptionDate (owner_id, date) VALUES ('x', 500000000);`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const codes = new Set(result.warnings.map((warning) => warning.code));
    for (const code of ['CALENDAR_ORPHAN_ROW', 'CALENDAR_ORPHAN_ITEM', 'CALENDAR_MASTER_MISSING']) assert.ok(codes.has(code), code);
    // An owner that is NULL, text or a fraction belongs to no item either: SQLite sorts it outside the run of ROWIDs.
    assert.deepEqual(
      warningsOf(result, 'CALENDAR_ORPHAN_ROW').map((warning) => [warning.message.split(' ')[0], warning.count]).sort(),
      [['Attachment', 1], ['ExceptionDate', 1], ['Participant', 4], ['Recurrence', 1]],
    );
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    assert.equal(events.get('Book club')!.calendar_id, null);
    const moved = events.get('Team sync (moved)')!;
    assert.deepEqual([moved.detached, moved.original_event_id], [true, null]);
    for (const stray of ['ghost@example.com', 'text@example.com', 'null@example.com', 'half@example.com', 'nobody.pdf']) {
      assert.ok(!JSON.stringify(result.tables.calendar_event).includes(stray), stray);
    }
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

describe('calendar on rows that bend the format', () => {
  it('keeps a warning list of fixed size however many rows are damaged the same way', async () => {
    const path = damagedSample(
      'many',
      `UPDATE CalendarItem SET start_tz = 'Bad/Zone' || ROWID WHERE start_tz NOT IN ('_float');
       UPDATE CalendarItem SET orig_item_id = 5000 + ROWID WHERE summary IN ('Book club', 'Focus time', 'Offsite planning');
       INSERT INTO Recurrence (owner_id, frequency, interval) SELECT owner_id, 2, 1 FROM Recurrence;
       INSERT INTO Participant (entity_type, owner_id, email) SELECT 9, ROWID, 'resource' || ROWID || '@example.com' FROM CalendarItem;`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const byCode = Object.fromEntries(result.warnings.map((warning) => [warning.code, warnings(result, warning.code)]));
    for (const code of ['CALENDAR_TIME_ZONE_UNKNOWN', 'CALENDAR_MASTER_MISSING', 'CALENDAR_RECURRENCE_EXTRA', 'CALENDAR_PARTICIPANT_OTHER']) {
      assert.equal(byCode[code], 1, `${code} is one warning`);
    }
    assert.equal(warningsOf(result, 'CALENDAR_MASTER_MISSING')[0]!.count, 3);
    assert.equal(warningsOf(result, 'CALENDAR_RECURRENCE_EXTRA')[0]!.count, 4);
    assert.equal(warningsOf(result, 'CALENDAR_PARTICIPANT_OTHER')[0]!.count, 15);
    assert.match(warningsOf(result, 'CALENDAR_PARTICIPANT_OTHER')[0]!.message, /first: entity type 9, event row 1\)/);
  });

  it('reads tel: addresses as phones, an empty detected conference link as absent, a store-coded no-response, account addresses', async () => {
    const path = damagedSample(
      'addresses',
      `UPDATE Participant SET email = NULL, phone_number = NULL WHERE email = 'carol.smith@example.org';
       UPDATE Identity SET address = 'tel:+15551234567' WHERE display_name = 'Carol Smith';
       UPDATE Participant SET email = NULL WHERE email = 'bob.chen@example.com';
       UPDATE Participant SET status = 7, phone_number = '+44 20 7946 0000' WHERE email = 'dave@example.net';
       UPDATE CalendarItem SET conference_url_detected = '' WHERE summary = 'Coffee with the design team';
       UPDATE Calendar SET self_identity_email = 'mailto:me@icloud.com', sharing_status = 1 WHERE title = 'Home';
       UPDATE Calendar SET owner_identity_email = 'boss@example.com', sharing_status = 2 WHERE title = 'Work';`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const meeting = result.tables.calendar_event!.find((row) => row.summary === 'Coffee with the design team')!;
    const attendees = meeting.attendees as Array<{ name: string | null; email: string | null; phone: string | null; status: string }>;
    assert.deepEqual(attendees.map((attendee) => [attendee.name, attendee.email, attendee.phone, attendee.status]), [
      ['Bob Chen', 'bob.chen@example.com', null, 'accepted'],
      ['Carol Smith', null, '+15551234567', 'declined'],
      [null, 'dave@example.net', '+44 20 7946 0000', 'no-response'],
    ]);
    assert.equal(meeting.conference_url, 'https://meet.example.com/abc-defg-hij');
    const calendars = new Map(result.tables.calendar!.map((row) => [row.title, row]));
    assert.deepEqual([calendars.get('Home')!.account_email, calendars.get('Home')!.sharing], ['me@icloud.com', 'shared-by-me']);
    assert.deepEqual([calendars.get('Work')!.account_email, calendars.get('Work')!.sharing], ['boss@example.com', 'shared-with-me']);
    assert.deepEqual(result.warnings, []);
  });

  it('reads an event as floating or zoned by its start, naming an end_tz that disagrees', async () => {
    const path = damagedSample(
      'zones',
      `UPDATE CalendarItem SET end_tz = 'Europe/London' WHERE summary = 'Morning run';
       UPDATE CalendarItem SET end_tz = '_float' WHERE summary = 'Book club';
       UPDATE CalendarItem SET end_tz = 'America/New_York', end_date = end_date + 7 * 3600 WHERE summary = 'Dinner in Shibuya';`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    const run = events.get('Morning run')!;
    assert.deepEqual([run.floating, run.end_local, run.end_time_zone], [true, '2016-04-16T10:15:00', null]);
    const club = events.get('Book club')!;
    assert.deepEqual([club.floating, club.end_local, club.end_time_zone], [false, '2016-05-05T20:00:00', null]);
    // A flight: leaves Tokyo at 19:00 local (10:00 UTC) and lands nine hours later, at 15:00 on a New York clock.
    const flight = events.get('Dinner in Shibuya')!;
    assert.deepEqual([flight.time_zone, flight.end_time_zone, flight.start_local, flight.end_local], ['Asia/Tokyo', 'America/New_York', '2016-04-20T19:00:00', '2016-04-20T15:00:00']);
    assert.deepEqual(warningsOf(result, 'CALENDAR_ZONE_MIXED').map((warning) => warning.count), [2]);
  });

  it('keeps year-less birthdays (1604) and an event at the Cocoa epoch itself, and reads a reminder\'s due date', async () => {
    const path = damagedSample(
      'dates',
      `UPDATE CalendarItem SET start_date = -12511756800, end_date = NULL WHERE summary = 'Emma Wilson’s Birthday';
       UPDATE CalendarItem SET start_date = 0, end_date = 86399 WHERE summary = 'Tax Day';
       UPDATE CalendarItem SET due_date = ${Date.UTC(2016, 4, 1) / 1000 - 978_307_200}, completion_date = ${Date.UTC(2016, 4, 2, 9) / 1000 - 978_307_200}, priority = 1 WHERE summary = 'Renew passport';`,
    );
    const result = await runPlugin(calendarPlugin, path);
    const events = new Map(result.tables.calendar_event!.map((row) => [row.summary, row]));
    assert.equal(events.get('Emma Wilson’s Birthday')!.start_local, '1604-07-09T00:00:00');
    assert.deepEqual([events.get('Tax Day')!.start_local, events.get('Tax Day')!.end_local], ['2001-01-01T00:00:00', '2001-01-01T23:59:59']);
    const reminder = events.get('Renew passport')!;
    assert.deepEqual([reminder.due_at, reminder.completed_at, reminder.priority], [new Date('2016-05-01T00:00:00Z'), new Date('2016-05-02T09:00:00Z'), 1]);
    assert.deepEqual(result.documents.find((doc) => doc.title === 'Renew passport')!.occurred_at, new Date('2016-05-01T00:00:00Z'));
    assert.deepEqual(result.warnings, []);
  });

  it('keeps the organizer when Participant cannot be read by owner, and skips items whose ROWID is beyond 2^53', async () => {
    const path = damagedSample(
      'organizer',
      `INSERT INTO CalendarItem (ROWID, summary, start_date, start_tz, calendar_id, entity_type) VALUES (9007199254740993, 'Far away', 500000000, 'UTC', 1, 2);`,
      { omitColumns: { Participant: ['owner_id'] } },
    );
    const result = await runPlugin(calendarPlugin, path);
    const meeting = result.tables.calendar_event!.find((row) => row.summary === 'Coffee with the design team')!;
    assert.deepEqual([meeting.organizer_name, meeting.organizer_email, meeting.attendees], ['Alice Martin', 'alice.martin@example.com', null]);
    assert.equal(result.tables.calendar_event!.length, 15);
    assert.deepEqual(warningsOf(result, 'CALENDAR_ROWID_UNSAFE').map((warning) => warning.count), [1]);
  });

  it('treats a zone name of a megabyte as unknown without keeping it', async () => {
    const path = damagedSample('long-zone', `UPDATE CalendarItem SET start_tz = 'Europe/' || hex(zeroblob(500000)) WHERE summary = 'Focus time';`);
    const result = await runPlugin(calendarPlugin, path);
    const focus = result.tables.calendar_event!.find((row) => row.summary === 'Focus time')!;
    assert.equal(focus.start_local, null);
    assert.ok(warningsOf(result, 'CALENDAR_TIME_ZONE_UNKNOWN')[0]!.message.length < 200);
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
