// The Calendar.sqlitedb fixture builder against the real files: each generation's tables, columns and indexes compared
// with private copies of the real iOS fixture and the iOS 11.2 schema dump, then the sample's and the bulk builder's rows.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fixtureCopyDb, fixturePath, folderState, schemaDumpDb } from '../../../kernel/testing/fixtures.js';
import {
  buildBulkCalendarDb,
  buildCalendarDb,
  buildSampleCalendarDb,
  CALENDAR_GENERATIONS,
  calendarTables,
  cocoaSecondsOf,
  SAMPLE_CALENDAR,
  type CalendarGeneration,
} from './build-calendar-db.js';

const FIXTURES = fixturePath('');
const IOS8_CALENDAR = 'calendar/ios8/Calendar.sqlitedb';
const IOS7_CALENDAR = 'backups/ios7-domain-layout/HomeDomain/Library/Calendar/Calendar.sqlitedb';
const IOS11_DUMP = 'schemas/calendars/calendars_11.2.sql';
const HAVE_FIXTURES = existsSync(fixturePath(IOS8_CALENDAR)) && existsSync(fixturePath(IOS11_DUMP));
const NO_FIXTURES = HAVE_FIXTURES ? false : `the real calendar fixtures (${FIXTURES}) are absent`;
const FIXTURE_STATE = HAVE_FIXTURES ? folderState(FIXTURES) : {};

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'calendar-builder-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

type ColumnInfo = [name: string, type: string, pk: number, notnull: number, dflt: unknown];

function tableInfo(db: Database.Database, table: string): ColumnInfo[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string; pk: number; notnull: number; dflt_value: unknown }>).map(
    (column) => [column.name, column.type, column.pk, column.notnull, column.dflt_value],
  );
}

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

function indexNames(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA index_list(${table})`).all() as Array<{ name: string }>).map((row) => row.name).sort();
}

function built(generation: CalendarGeneration, name: string = generation): Database.Database {
  const path = join(scratch, `${name}.sqlitedb`);
  buildSampleCalendarDb(path, { generation });
  return new Database(path, { readonly: true, fileMustExist: true });
}

type Row = Record<string, unknown>;

function rows(db: Database.Database, sql: string, ...parameters: unknown[]): Row[] {
  return db.prepare(sql).all(...parameters) as Row[];
}

function eventIndex(summary: string | null): number {
  const index = SAMPLE_CALENDAR.events.findIndex((event) => event.summary === summary);
  assert.ok(index >= 0, `the sample has an event "${String(summary)}"`);
  return index;
}

describe('cocoaSecondsOf', () => {
  it('counts seconds from 2001-01-01T00:00:00Z and needs a zone', () => {
    assert.equal(cocoaSecondsOf('2001-01-01T00:00:00Z'), 0);
    assert.equal(cocoaSecondsOf('2016-04-15T00:00:00Z'), 482_371_200);
    assert.equal(cocoaSecondsOf('2016-04-12T10:00:00-04:00'), cocoaSecondsOf('2016-04-12T14:00:00Z'));
    assert.throws(() => cocoaSecondsOf('2016-04-15T00:00:00'), RangeError);
    assert.throws(() => cocoaSecondsOf('not a date Z'), RangeError);
  });
});

describe('buildCalendarDb generations', () => {
  for (const [generation, reference, open] of [
    ['ios8', IOS8_CALENDAR, (relative: string) => fixtureCopyDb(relative, scratch)],
    ['ios11', IOS11_DUMP, schemaDumpDb],
  ] as const) {
    it(`${generation}: the tables, columns and indexes of ${reference}`, { skip: NO_FIXTURES }, () => {
      const real = open(reference);
      const mine = built(generation);
      try {
        const tables = tableNames(mine);
        assert.deepEqual(tables, Object.keys(calendarTables(generation)).sort());
        for (const table of tables) {
          assert.deepEqual(tableInfo(mine, table), tableInfo(real, table), table);
          assert.deepEqual(indexNames(mine, table), indexNames(real, table), `${table} indexes`);
        }
      } finally {
        real.close();
        mine.close();
      }
    });
  }

  it('modern: the iOS 11.2 set plus conference_url_detected, Attachment.file_id, AttachmentFile and a declared Identity.ROWID', { skip: NO_FIXTURES }, () => {
    const real = schemaDumpDb(IOS11_DUMP);
    const mine = built('modern');
    try {
      const additions: Record<string, (columns: ColumnInfo[]) => ColumnInfo[]> = {
        CalendarItem: (columns) => [...columns, ['conference_url_detected', 'TEXT', 0, 0, null]],
        Attachment: (columns) => [...columns, ['file_id', 'INTEGER', 0, 0, null]],
        Identity: (columns) => [['ROWID', 'INTEGER', 1, 0, null], ...columns],
      };
      const tables = tableNames(mine);
      assert.deepEqual(tables, [...Object.keys(calendarTables('ios11')), 'AttachmentFile'].sort());
      for (const table of tables.filter((name) => name !== 'AttachmentFile')) {
        const expected = tableInfo(real, table);
        assert.deepEqual(tableInfo(mine, table), additions[table]?.(expected) ?? expected, table);
        assert.deepEqual(indexNames(mine, table), indexNames(real, table), `${table} indexes`);
      }
      assert.deepEqual(tableInfo(mine, 'AttachmentFile'), [
        ['ROWID', 'INTEGER', 1, 0, null],
        ['filename', 'TEXT', 0, 0, null],
        ['file_size', 'INTEGER', 0, 0, null],
        ['format', 'TEXT', 0, 0, null],
        ['UUID', 'TEXT', 0, 0, null],
        ['local_path', 'TEXT', 0, 0, null],
      ]);
    } finally {
      real.close();
      mine.close();
    }
  });

  it('writes _ClientVersion and _UniqueIdentifier, in rollback-journal mode without sidecars', () => {
    for (const generation of CALENDAR_GENERATIONS) {
      const db = built(generation, `properties-${generation}`);
      try {
        const properties = Object.fromEntries(rows(db, 'SELECT key, value FROM _SqliteDatabaseProperties').map((row) => [row.key, row.value]));
        assert.equal(properties._ClientVersion, generation === 'ios8' ? '108' : '122');
        assert.match(String(properties._UniqueIdentifier), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
        assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
      } finally {
        db.close();
      }
      assert.ok(!existsSync(join(scratch, `properties-${generation}.sqlitedb-wal`)));
    }
  });
});

describe('SAMPLE_CALENDAR', () => {
  it('numbers stores, calendars and events 1, 2, ... in spec order', () => {
    const db = built('modern', 'order');
    try {
      assert.deepEqual(rows(db, 'SELECT ROWID, name, type FROM Store ORDER BY ROWID'), SAMPLE_CALENDAR.stores.map((store, index) => ({ ROWID: index + 1, name: store.name, type: store.type })));
      assert.deepEqual(
        rows(db, 'SELECT ROWID, title, store_id FROM Calendar ORDER BY ROWID'),
        SAMPLE_CALENDAR.calendars.map((calendar, index) => ({ ROWID: index + 1, title: calendar.title, store_id: calendar.store + 1 })),
      );
      assert.deepEqual(
        rows(db, 'SELECT ROWID, summary, calendar_id FROM CalendarItem ORDER BY ROWID'),
        SAMPLE_CALENDAR.events.map((event, index) => ({ ROWID: index + 1, summary: event.summary, calendar_id: event.calendar + 1 })),
      );
    } finally {
      db.close();
    }
  });

  it('stores a floating all-day event as midnight UTC seconds with _float, as the real iOS 7 holidays are', { skip: NO_FIXTURES }, () => {
    const db = built('modern', 'floating');
    const real = fixtureCopyDb(IOS7_CALENDAR, scratch);
    try {
      const taxDay = rows(db, 'SELECT start_date, start_tz, end_date, end_tz, all_day, availability FROM CalendarItem WHERE summary = ?', 'Tax Day')[0]!;
      const midnight = cocoaSecondsOf('2016-04-15T00:00:00Z');
      assert.deepEqual(taxDay, { start_date: midnight, start_tz: '_float', end_date: midnight + 86_399, end_tz: '_float', all_day: 1, availability: 1 });
      const realTaxDay = rows(real, 'SELECT start_date, start_tz, end_date, all_day, availability FROM CalendarItem WHERE summary = ? AND start_date = ?', 'Tax Day', midnight);
      assert.deepEqual(realTaxDay, [{ start_date: midnight, start_tz: '_float', end_date: midnight + 86_399, all_day: 1, availability: 1 }]);
      const run = rows(db, 'SELECT start_date, start_tz, all_day FROM CalendarItem WHERE summary = ?', 'Morning run')[0]!;
      assert.deepEqual(run, { start_date: cocoaSecondsOf('2016-04-16T09:30:00Z'), start_tz: '_float', all_day: 0 });
    } finally {
      db.close();
      real.close();
    }
  });

  it('links the organizer and attendees to the event, their Identity rows and the self attendee', () => {
    for (const generation of CALENDAR_GENERATIONS) {
      const db = built(generation, `people-${generation}`);
      try {
        const meeting = eventIndex('Coffee with the design team') + 1;
        const event = rows(db, 'SELECT organizer_id, self_attendee_id, has_attendees FROM CalendarItem WHERE ROWID = ?', meeting)[0]!;
        assert.equal(event.has_attendees, 1, generation);
        const people = rows(
          db,
          `SELECT p.ROWID, p.entity_type, p.status, p.email, p.is_self, p.identity_id, i.display_name, i.address, i.first_name, i.last_name
             FROM Participant p LEFT JOIN Identity i ON i.rowid = p.identity_id WHERE p.owner_id = ? ORDER BY p.ROWID`,
          meeting,
        );
        const organizer = people.find((person) => person.ROWID === event.organizer_id)!;
        assert.deepEqual(
          { ...organizer, ROWID: undefined, identity_id: undefined },
          {
            ROWID: undefined,
            identity_id: undefined,
            entity_type: 8,
            status: 1,
            email: 'alice.martin@example.com',
            is_self: 0,
            display_name: 'Alice Martin',
            address: 'mailto:alice.martin@example.com',
            first_name: 'Alice',
            last_name: 'Martin',
          },
        );
        const attendees = people.filter((person) => person.entity_type === 7);
        assert.deepEqual(
          attendees.map((person) => [person.display_name, person.email, person.status, person.is_self]),
          [
            ['Bob Chen', 'bob.chen@example.com', 1, 1],
            ['Carol Smith', 'carol.smith@example.org', 2, 0],
            [null, 'dave@example.net', 3, 0],
          ],
        );
        assert.equal(attendees[2]!.identity_id, 0, 'the email-only attendee has no Identity row');
        assert.equal(event.self_attendee_id, attendees[0]!.ROWID);
        const solo = rows(db, 'SELECT has_attendees, organizer_id FROM CalendarItem WHERE summary = ?', 'Morning run')[0]!;
        assert.deepEqual(solo, { has_attendees: 0, organizer_id: 0 });
      } finally {
        db.close();
      }
    }
  });

  it('shares one Identity row between the same person in two events', () => {
    for (const generation of CALENDAR_GENERATIONS) {
      const db = built(generation, `identities-${generation}`);
      try {
        assert.deepEqual(
          rows(db, 'SELECT display_name FROM Identity ORDER BY rowid').map((row) => row.display_name),
          ['Alice Martin', 'Bob Chen', 'Carol Smith'],
        );
        const alice = rows(db, "SELECT DISTINCT identity_id FROM Participant WHERE email = 'alice.martin@example.com'");
        assert.equal(alice.length, 1, generation);
        assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM Participant WHERE identity_id = ?', alice[0]!.identity_id)[0]!.n, 2);
      } finally {
        db.close();
      }
    }
  });

  it('writes recurrences, exception dates and the detached occurrence pointing at its master', () => {
    const db = built('ios11', 'recurrence');
    try {
      const master = eventIndex('Team sync') + 1;
      const moved = eventIndex('Team sync (moved)') + 1;
      assert.deepEqual(rows(db, 'SELECT frequency, interval, count, end_date, specifier FROM Recurrence WHERE owner_id = ?', master), [
        { frequency: 2, interval: 2, count: 0, end_date: cocoaSecondsOf('2016-06-30T23:59:59Z'), specifier: null },
      ]);
      assert.deepEqual(rows(db, 'SELECT date FROM ExceptionDate WHERE owner_id = ?', master), [{ date: cocoaSecondsOf('2016-05-02T08:00:00Z') }]);
      const [masterRow, movedRow] = [master, moved].map((rowid) => rows(db, 'SELECT * FROM CalendarItem WHERE ROWID = ?', rowid)[0]!);
      assert.equal(masterRow!.has_recurrences, 1);
      assert.equal(movedRow!.has_recurrences, 0);
      assert.equal(movedRow!.orig_item_id, master);
      assert.equal(movedRow!.orig_date, cocoaSecondsOf('2016-05-16T08:00:00Z'));
      assert.equal(movedRow!.unique_identifier, masterRow!.unique_identifier, 'a detached occurrence keeps its master iCalendar UID');
      assert.equal(masterRow!.orig_item_id, 0);
      assert.equal(masterRow!.orig_date, null);
      assert.deepEqual(
        rows(db, 'SELECT r.frequency, r.count, r.specifier, r.by_month_months FROM Recurrence r JOIN CalendarItem e ON e.ROWID = r.owner_id WHERE e.summary IN (?, ?, ?) ORDER BY r.ROWID', 'Anniversary dinner', 'Book club', 'Emma Wilson’s Birthday'),
        [
          { frequency: 4, count: 10, specifier: null, by_month_months: 0 },
          { frequency: 3, count: 0, specifier: 'D=+1TH', by_month_months: 0 },
          { frequency: 4, count: 0, specifier: null, by_month_months: 64 },
        ],
      );
    } finally {
      db.close();
    }
  });

  it('writes a column only where the generation has it: address, end_tz, conference URL, attachment file', () => {
    const locations = (generation: CalendarGeneration) => {
      const db = built(generation, `columns-${generation}`);
      try {
        const meeting = eventIndex('Coffee with the design team') + 1;
        const review = eventIndex('Quarterly review') + 1;
        return {
          location: rows(db, 'SELECT * FROM Location WHERE item_owner_id = ?', meeting)[0]!,
          event: rows(db, 'SELECT * FROM CalendarItem WHERE ROWID = ?', meeting)[0]!,
          attachment: rows(db, 'SELECT * FROM Attachment WHERE owner_id = ?', review)[0]!,
          file: tableNames(db).includes('AttachmentFile') ? rows(db, 'SELECT * FROM AttachmentFile') : null,
        };
      } finally {
        db.close();
      }
    };
    const ios8 = locations('ios8');
    assert.equal(ios8.location.title, 'Blue Bottle Coffee');
    assert.equal(ios8.location.latitude, 40.742);
    assert.equal(ios8.location.longitude, -74.0048);
    assert.ok(!('address' in ios8.location));
    assert.ok(!('end_tz' in ios8.event) && !('conference_url' in ios8.event));
    assert.equal(ios8.event.start_tz, 'America/New_York');
    assert.deepEqual([ios8.attachment.filename, ios8.attachment.file_size, ios8.attachment.format], ['Q1-report.pdf', 248_832, 'application/pdf']);
    assert.equal(ios8.file, null);

    const ios11 = locations('ios11');
    assert.equal(ios11.location.address, '450 W 15th St, New York, NY 10011');
    assert.equal(ios11.event.end_tz, 'America/New_York');
    assert.equal(ios11.event.conference_url, 'https://meet.example.com/abc-defg-hij');
    assert.equal(ios11.attachment.filename, 'Q1-report.pdf');
    assert.ok(!('file_id' in ios11.attachment));

    const modern = locations('modern');
    assert.equal(modern.event.conference_url, 'https://meet.example.com/abc-defg-hij');
    assert.equal(modern.event.conference_url_detected, null);
    assert.deepEqual([modern.attachment.filename, modern.attachment.file_size, modern.attachment.url], [null, null, 'https://files.example.com/q1-report.pdf']);
    assert.equal(modern.file!.length, 1);
    assert.equal(modern.file![0]!.ROWID, modern.attachment.file_id);
    assert.deepEqual([modern.file![0]!.filename, modern.file![0]!.file_size, modern.file![0]!.format], ['Q1-report.pdf', 248_832, 'application/pdf']);
  });

  it('keeps text as given: accents, emoji, a NULL summary, a reminder without dates', () => {
    const db = built('modern', 'text');
    try {
      const cafe = rows(db, 'SELECT summary, description, start_tz FROM CalendarItem WHERE ROWID = ?', eventIndex('Café avec Zoë') + 1)[0]!;
      assert.deepEqual(cafe, { summary: 'Café avec Zoë', description: 'Croissants 🥐 et café ☕ près de l’Opéra', start_tz: 'Europe/Paris' });
      assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM CalendarItem WHERE summary IS NULL')[0]!.n, 1);
      const reminder = rows(db, 'SELECT entity_type, start_date, end_date, calendar_id FROM CalendarItem WHERE ROWID = ?', eventIndex('Renew passport') + 1)[0]!;
      assert.deepEqual(reminder, { entity_type: 3, start_date: null, end_date: null, calendar_id: 5 });
      assert.deepEqual(
        rows(db, 'SELECT summary, status, availability FROM CalendarItem WHERE summary IN (?, ?, ?) ORDER BY ROWID', 'Book club', 'Offsite planning', 'Focus time'),
        [
          { summary: 'Book club', status: 2, availability: 0 },
          { summary: 'Offsite planning', status: 3, availability: 0 },
          { summary: 'Focus time', status: 0, availability: 1 },
        ],
      );
    } finally {
      db.close();
    }
  });
});

describe('buildCalendarDb layouts', () => {
  it('leaves out tables and columns, and writes raw calendar ids', () => {
    const path = join(scratch, 'hostile.sqlitedb');
    buildCalendarDb(
      path,
      {
        stores: [{ name: 'Default', type: 0 }],
        calendars: [{ title: 'Home', store: 0 }],
        events: [
          { summary: 'Located', start: 0, calendar: 0, location: { title: 'Somewhere', address: 'lost' }, organizer: { name: 'Ann', email: 'ann@example.com' } },
          { summary: 'Orphan', start: 3600, calendar: 0, calendarId: 99 },
        ],
      },
      { generation: 'ios11', omitTables: ['Identity', 'Recurrence'], omitColumns: { Location: ['address', 'latitude'], CalendarItem: ['end_tz'] } },
    );
    const db = new Database(path, { readonly: true });
    try {
      const tables = tableNames(db);
      assert.ok(!tables.includes('Identity') && !tables.includes('Recurrence'));
      const locationColumns = tableInfo(db, 'Location').map(([name]) => name);
      assert.ok(!locationColumns.includes('address') && !locationColumns.includes('latitude'));
      assert.ok(!tableInfo(db, 'CalendarItem').some(([name]) => name === 'end_tz'));
      assert.deepEqual(rows(db, 'SELECT title FROM Location'), [{ title: 'Somewhere' }]);
      assert.deepEqual(rows(db, 'SELECT identity_id, email FROM Participant'), [{ identity_id: 1, email: 'ann@example.com' }]);
      assert.deepEqual(rows(db, 'SELECT summary, calendar_id FROM CalendarItem ORDER BY ROWID'), [
        { summary: 'Located', calendar_id: 1 },
        { summary: 'Orphan', calendar_id: 99 },
      ]);
    } finally {
      db.close();
    }
  });

  it('drops an index and a UNIQUE constraint whose column is omitted', () => {
    const path = join(scratch, 'no-email.sqlitedb');
    buildSampleCalendarDb(path, { omitColumns: { Participant: ['email'], Identity: ['address'] } });
    const db = new Database(path, { readonly: true });
    try {
      assert.ok(!indexNames(db, 'Participant').includes('ParticipantEmail'));
      assert.deepEqual(indexNames(db, 'Identity'), []);
      assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM Identity')[0]!.n, 3);
    } finally {
      db.close();
    }
  });

  it('wal: keeps the schema in the main file and every row only in the -wal, as a live device', () => {
    const path = join(scratch, 'live.sqlitedb');
    buildSampleCalendarDb(path, { wal: true });
    assert.ok(statSync(`${path}-wal`).size > 0);
    const header = readFileSync(path).subarray(18, 20);
    assert.deepEqual([...header], [2, 2], 'the header says WAL');
    const mainOnly = join(scratch, 'main-only.sqlitedb');
    copyFileSync(path, mainOnly);
    const stale = new Database(mainOnly, { readonly: true });
    const live = new Database(path, { readonly: true });
    try {
      assert.equal(rows(stale, 'SELECT COUNT(*) AS n FROM CalendarItem')[0]!.n, 0);
      assert.equal(rows(live, 'SELECT COUNT(*) AS n FROM CalendarItem')[0]!.n, SAMPLE_CALENDAR.events.length);
    } finally {
      stale.close();
      live.close();
    }
  });

  it('replaces an existing file and rejects an index that points nowhere', () => {
    const path = join(scratch, 'replaced.sqlitedb');
    buildSampleCalendarDb(path);
    buildCalendarDb(path, { stores: [{ name: 'Default', type: 0 }], calendars: [{ title: 'Home', store: 0 }], events: [] });
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM CalendarItem')[0]!.n, 0);
    } finally {
      db.close();
    }
    assert.throws(
      () => buildCalendarDb(path, { stores: [], calendars: [{ title: 'Home', store: 0 }], events: [] }),
      (error: unknown) => error instanceof RangeError && /store index 0/.test(error.message),
    );
    assert.throws(
      () => buildCalendarDb(path, { stores: [{ name: 'Default', type: 0 }], calendars: [{ title: 'Home', store: 0 }], events: [{ summary: 'x', start: 0, calendar: 3 }] }),
      RangeError,
    );
  });
});

describe('buildBulkCalendarDb', () => {
  it('writes exactly N events with the attendees, recurrences and locations asked for', () => {
    const path = join(scratch, 'bulk.sqlitedb');
    buildBulkCalendarDb(path, { events: 2000, calendars: 12, attendeesPerEvent: 3, recurringEvery: 5, locatedEvery: 2 });
    const db = new Database(path, { readonly: true });
    try {
      const count = (table: string) => rows(db, `SELECT COUNT(*) AS n FROM ${table}`)[0]!.n;
      assert.equal(count('CalendarItem'), 2000);
      assert.equal(count('Calendar'), 12);
      assert.equal(count('Participant'), 2000 * 4);
      assert.equal(count('Location'), 1000);
      assert.equal(count('Recurrence'), 400);
      assert.equal(count('Identity'), 500);
      assert.deepEqual(rows(db, 'SELECT MIN(calendar_id) AS low, MAX(calendar_id) AS high FROM CalendarItem'), [{ low: 1, high: 12 }]);
    } finally {
      db.close();
    }
  });

  it('writes the older generations too', () => {
    const path = join(scratch, 'bulk-ios8.sqlitedb');
    buildBulkCalendarDb(path, { events: 300, attendeesPerEvent: 1, locatedEvery: 3 }, { generation: 'ios8' });
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM CalendarItem')[0]!.n, 300);
      assert.equal(rows(db, 'SELECT COUNT(*) AS n FROM Location')[0]!.n, 100);
    } finally {
      db.close();
    }
  });
});

describe('the shared fixtures', () => {
  it('are unchanged: nothing was added, removed or modified', { skip: NO_FIXTURES }, () => {
    assert.deepEqual(folderState(FIXTURES), FIXTURE_STATE);
  });
});
