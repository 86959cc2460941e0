// Round trip of builder-made Calendar.sqlitedb stores (modern, iOS 11 and iOS 8 shapes) through the parser: every
// field of the sample comes back (places, people, rules, detached occurrences, attachments, zones and floating times),
// minus exactly what the older shapes do not store, and search documents carry the people and places.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Row } from '../../kernel/plugin.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { calendarPlugin } from './plugin.js';
import { buildSampleCalendarDb, type CalendarGeneration } from './testing/build-calendar-db.js';

const GENERATIONS: readonly CalendarGeneration[] = ['modern', 'ios11', 'ios8'];
const VARIANTS: Record<CalendarGeneration, string> = {
  modern: 'client 122, AttachmentFile, conference_url_detected',
  ios11: 'client 122, conference_url',
  ios8: 'client 108, no Location.address, no end_tz',
};

/** The sample's events by summary. */
function bySummary(result: HarnessResult): Map<string | null, Row> {
  return new Map(result.tables.calendar_event!.map((row) => [row.summary as string | null, row]));
}

describe('calendar round trip of builder-made stores', () => {
  let scratch: string;
  const results = new Map<CalendarGeneration, HarnessResult>();
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'calendar-roundtrip-'));
    for (const generation of GENERATIONS) {
      const path = join(scratch, `${generation}.sqlitedb`);
      buildSampleCalendarDb(path, { generation });
      results.set(generation, await runPlugin(calendarPlugin, path));
    }
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const generation of GENERATIONS) {
    it(`${generation}: calendars with their accounts and the number of events and reminders in each`, () => {
      const result = results.get(generation)!;
      assert.deepEqual(result.warnings, []);
      assert.equal(result.variant, VARIANTS[generation]);
      assert.deepEqual(
        result.tables.calendar!.map((row) => [row.title, row.store_name, row.store_type, row.event_count, row.reminder_count]),
        [
          ['Home', 'iCloud', 'caldav', 6, 0],
          ['Work', 'Work Exchange', 'exchange', 6, 0],
          ['US Holidays', 'Subscribed Calendars', 'subscribed', 1, 0],
          ['Birthdays', 'Other', 'birthdays', 1, 0],
          ['On My iPhone', 'Default', 'local', 0, 1],
        ],
      );
      assert.equal(result.tables.calendar_event!.length, 15);
      assert.equal(result.documents.length, 15);
    });

    it(`${generation}: a time-zoned meeting keeps its instant, its New York wall clock, place, people and links`, () => {
      const result = results.get(generation)!;
      const meeting = bySummary(result).get('Coffee with the design team')!;
      const home = result.tables.calendar!.find((row) => row.title === 'Work')!;
      assert.deepEqual(
        {
          calendar: meeting.calendar_id,
          kind: meeting.kind,
          description: meeting.description,
          start: meeting.start_at,
          end: meeting.end_at,
          startLocal: meeting.start_local,
          endLocal: meeting.end_local,
          zone: meeting.time_zone,
          floating: meeting.floating,
          allDay: meeting.all_day,
          place: [meeting.location_title, meeting.location_address, meeting.latitude, meeting.longitude],
          url: meeting.url,
          conference: meeting.conference_url,
          status: meeting.status,
          availability: meeting.availability,
          organizer: [meeting.organizer_name, meeting.organizer_email],
          attendees: meeting.attendees,
          attendeeCount: meeting.attendee_count,
          created: meeting.created_at,
          modified: meeting.modified_at,
        },
        {
          calendar: home.id,
          kind: 'event',
          description: 'Bring the Q2 mockups.',
          start: new Date('2016-04-12T14:00:00Z'),
          end: new Date('2016-04-12T15:00:00Z'),
          startLocal: '2016-04-12T10:00:00',
          endLocal: '2016-04-12T11:00:00',
          zone: 'America/New_York',
          floating: false,
          allDay: false,
          place: ['Blue Bottle Coffee', generation === 'ios8' ? null : '450 W 15th St, New York, NY 10011', 40.742, -74.0048],
          url: 'https://example.com/agenda/design-review',
          conference: generation === 'ios8' ? null : 'https://meet.example.com/abc-defg-hij',
          status: 'confirmed',
          availability: 'busy',
          organizer: ['Alice Martin', 'alice.martin@example.com'],
          attendees: [
            { name: 'Bob Chen', email: 'bob.chen@example.com', phone: null, status: 'accepted', self: true },
            { name: 'Carol Smith', email: 'carol.smith@example.org', phone: null, status: 'declined', self: false },
            { name: null, email: 'dave@example.net', phone: null, status: 'tentative', self: false },
          ],
          attendeeCount: 3,
          created: new Date('2016-04-01T09:12:30Z'),
          modified: new Date('2016-04-02T16:45:00Z'),
        },
      );
    });

    it(`${generation}: floating events keep their stored wall clock; zoned ones show their own zone's`, () => {
      const events = bySummary(results.get(generation)!);
      const taxDay = events.get('Tax Day')!;
      assert.deepEqual(
        [taxDay.floating, taxDay.all_day, taxDay.time_zone, taxDay.start_local, taxDay.end_local, taxDay.availability],
        [true, true, null, '2016-04-15T00:00:00', '2016-04-15T23:59:59', 'free'],
      );
      assert.deepEqual(taxDay.start_at, new Date('2016-04-15T00:00:00Z'));
      const run = events.get('Morning run')!;
      assert.deepEqual([run.floating, run.all_day, run.start_local, run.end_local], [true, false, '2016-04-16T09:30:00', '2016-04-16T10:15:00']);
      const tokyo = events.get('Dinner in Shibuya')!;
      assert.deepEqual([tokyo.time_zone, tokyo.start_local, tokyo.start_at], ['Asia/Tokyo', '2016-04-20T19:00:00', new Date('2016-04-20T10:00:00Z')]);
      assert.deepEqual([tokyo.location_title, tokyo.latitude, tokyo.longitude], ['Shibuya Scramble Square', 35.6585, 139.7022]);
      assert.deepEqual(tokyo.attendees, [{ name: 'Bob Chen', email: 'bob.chen@example.com', phone: null, status: 'accepted', self: true }]);
      const paris = events.get('Café avec Zoë')!;
      assert.deepEqual([paris.time_zone, paris.start_local, paris.description], ['Europe/Paris', '2016-04-23T10:00:00', 'Croissants 🥐 et café ☕ près de l’Opéra']);
      const birthday = events.get('Emma Wilson’s Birthday')!;
      assert.deepEqual([birthday.floating, birthday.all_day, birthday.start_local, birthday.recurrence_frequency], [true, true, '2016-07-09T00:00:00', 'yearly']);
    });

    it(`${generation}: recurrence rules, a deleted occurrence and a detached occurrence linked to its series`, () => {
      const events = bySummary(results.get(generation)!);
      const rule = (row: Row) => [row.recurrence_frequency, row.recurrence_interval, row.recurrence_count, row.recurrence_until, row.recurrence_specifier];
      const sync = events.get('Team sync')!;
      assert.deepEqual(rule(sync), ['weekly', 2, null, new Date('2016-06-30T23:59:59Z'), null]);
      assert.deepEqual(sync.exception_dates, [new Date('2016-05-02T08:00:00Z')]);
      assert.equal(sync.detached, false);
      const moved = events.get('Team sync (moved)')!;
      assert.deepEqual(
        [moved.detached, moved.original_event_id, moved.original_start_at, moved.start_local, rule(moved)],
        [true, sync.id, new Date('2016-05-16T08:00:00Z'), '2016-05-17T14:00:00', [null, null, null, null, null]],
      );
      assert.deepEqual(rule(events.get('Anniversary dinner')!), ['yearly', 1, 10, null, null]);
      const club = events.get('Book club')!;
      assert.deepEqual([...rule(club), club.status], ['monthly', 1, null, null, 'D=+1TH', 'tentative']);
      assert.deepEqual(rule(events.get('Focus time')!), [null, null, null, null, null]);
    });

    it(`${generation}: attachments, statuses, a reminder and an event without a summary`, () => {
      const events = bySummary(results.get(generation)!);
      assert.deepEqual(events.get('Quarterly review')!.attachments, [
        { name: 'Q1-report.pdf', size: 248_832, format: 'application/pdf', url: 'https://files.example.com/q1-report.pdf' },
      ]);
      assert.equal(events.get('Offsite planning')!.status, 'canceled');
      assert.equal(events.get('Focus time')!.availability, 'free');
      const reminder = events.get('Renew passport')!;
      assert.deepEqual([reminder.kind, reminder.start_at, reminder.start_local, reminder.floating], ['reminder', null, null, false]);
      assert.deepEqual(reminder.created_at, new Date('2016-04-10T08:00:00Z'));
      const untitled = events.get(null)!;
      assert.deepEqual([untitled.start_local, untitled.time_zone], ['2016-04-26T12:00:00', 'Europe/London']);
    });

    it(`${generation}: search documents carry the place, the organizer and the attendees`, () => {
      const result = results.get(generation)!;
      const meeting = bySummary(result).get('Coffee with the design team')!;
      const document = result.documents.find((doc) => doc.artifact_id === meeting.id)!;
      assert.equal(document.type, 'event');
      assert.equal(document.title, 'Coffee with the design team');
      assert.deepEqual(document.occurred_at, new Date('2016-04-12T14:00:00Z'));
      const body = document.body as string;
      for (const expected of ['Bring the Q2 mockups.', 'Blue Bottle Coffee', 'Alice Martin <alice.martin@example.com>', 'Carol Smith <carol.smith@example.org>', 'dave@example.net', 'Work']) {
        assert.ok(body.includes(expected), `body has ${expected}: ${body}`);
      }
      assert.deepEqual(document.participants, ['Alice Martin', 'alice.martin@example.com', 'Bob Chen', 'bob.chen@example.com', 'Carol Smith', 'carol.smith@example.org', 'dave@example.net']);
      const reminder = result.documents.find((doc) => doc.title === 'Renew passport')!;
      assert.equal(reminder.type, 'reminder');
    });
  }
});
