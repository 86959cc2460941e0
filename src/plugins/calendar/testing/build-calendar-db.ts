// Test fixture builder: writes Calendar.sqlitedb files with the plain tables and columns iOS creates (modern iOS, iOS 11.2
// or the older set of the real "ios8" fixture), events stored as the device stores them (Cocoa seconds, `_float`, ROWID links).
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { COCOA_EPOCH_OFFSET_SECONDS } from '../../../kernel/time.js';
import { closeDatabase, deterministicGuid, openBuiltDatabase } from '../../../kernel/testing/built-db.js';

/**
 * Which column set to create. `ios8` is exactly the column set of the real `calendar/ios8` fixture (`_ClientVersion`
 * 108, the same columns as the iOS 6.1.6 schema dump); `ios11` the set of the iOS 11.2 dump; `modern` (iOS 13 and
 * later) the iOS 11.2 set plus `CalendarItem.conference_url_detected`, `Attachment.file_id`, the `AttachmentFile` table
 * and a declared `Identity.ROWID`.
 */
export type CalendarGeneration = 'modern' | 'ios11' | 'ios8';

/** Every generation, newest first. */
export const CALENDAR_GENERATIONS: readonly CalendarGeneration[] = ['modern', 'ios11', 'ios8'];

/** How the file is laid out, independently of what it holds. */
export interface CalendarDbLayout {
  /** Column set; `modern` by default. */
  generation?: CalendarGeneration;
  /** Tables not created; the rows meant for them are not written, but the ROWIDs that would link to them still are. */
  omitTables?: readonly string[];
  /** Columns dropped from a table's CREATE statement (with the indexes and UNIQUE constraints that name them). */
  omitColumns?: Readonly<Record<string, readonly string[]>>;
  /** Leave the file in WAL mode as a live device does: the schema in the main file, every row only in `<path>-wal`. */
  wal?: boolean;
}

/** One Store row (an account). */
export interface StoreSpec {
  name: string | null;
  /** Store.type: 0 local, 1 Exchange, 2 CalDAV (iCloud too), 3 MobileMe, 4 subscribed, 5 birthdays. */
  type: number;
  externalId?: string | null;
}

/** One Calendar row. */
export interface CalendarSpec {
  title: string | null;
  /** Index into `stores`. */
  store: number;
  /** Stored as given, e.g. `#1BADF8`. */
  color?: string | null;
  /** Calendar.type (TEXT); NULL by default, as in the real fixtures. */
  type?: string | null;
  /** Calendar.flags; 0 by default. */
  flags?: number;
  /** supported_entity_types; 4 (events) by default. */
  entityTypes?: number;
  /** Calendar.UUID; a deterministic upper-case UUID by default. */
  uuid?: string;
}

/** The Location row of an event (item_owner_id = the event's ROWID). */
export interface LocationSpec {
  title: string | null;
  /** Location.address: only the `ios11` and `modern` sets have the column; lost in `ios8`. */
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** An organizer or attendee: a Participant row, usually with an Identity row it points to. */
export interface ParticipantSpec {
  /** Identity.display_name. */
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Participant.email; Identity.address is `mailto:` + email. */
  email?: string | null;
  /** Participant.status: 0 no response (default), 1 accepted, 2 declined, 3 tentative. */
  status?: number;
  /** Participant.role; 0 by default. */
  role?: number;
  /** Participant.type; 1 (a person) by default. */
  type?: number;
  /** Participant.is_self; an attendee with it is the event's self_attendee_id. */
  isSelf?: boolean;
  /** No Identity row: identity_id 0, only Participant.email. */
  withoutIdentity?: boolean;
}

/** The Recurrence row of an event (owner_id = the event's ROWID). */
export interface RecurrenceSpec {
  /** 1 daily, 2 weekly, 3 monthly, 4 yearly. */
  frequency: number;
  /** 1 by default. */
  interval?: number;
  /** Number of occurrences; 0 (none) by default. */
  count?: number;
  /** Cocoa seconds of the last occurrence's end bound; NULL (none) by default. Also written as cached_end_date. */
  endDate?: number | null;
  /** e.g. `D=+3MO` (third Monday), `D=+1TH`. */
  specifier?: string | null;
  /** Bit (month - 1) per month: 2 is February. 0 by default. */
  byMonthMonths?: number;
}

/** An Attachment row (and, in `modern`, its AttachmentFile row holding the file name and size). */
export interface AttachmentSpec {
  filename: string | null;
  size?: number | null;
  /** MIME type, e.g. `application/pdf`. */
  format?: string | null;
  url?: string | null;
}

/** One CalendarItem row and the rows that hang off it. */
export interface EventSpec {
  summary: string | null;
  description?: string | null;
  /** Cocoa seconds as stored; for `_float` the wall-clock time read as if it were UTC. */
  start: number | null;
  /** Cocoa seconds as stored; by default start + 86399 for all-day events, start + 3600 otherwise (NULL without a start). */
  end?: number | null;
  /** Olson name or `_float`; by default `_float` for all-day events (as iOS stores them), `Europe/London` otherwise. */
  startTz?: string | null;
  /** end_tz (`ios11` and `modern` only); the start time zone by default. */
  endTz?: string | null;
  allDay?: boolean;
  /** Index into `calendars`. */
  calendar: number;
  location?: LocationSpec;
  url?: string | null;
  /** 0 none (default), 1 confirmed, 2 tentative, 3 canceled. */
  status?: number;
  /** 0 busy (default), 1 free, 2 tentative, 3 unavailable. */
  availability?: number;
  organizer?: ParticipantSpec;
  attendees?: readonly ParticipantSpec[];
  recurrence?: RecurrenceSpec;
  /** ExceptionDate.date values (Cocoa seconds of the skipped occurrences' starts). */
  exceptionDates?: readonly number[];
  /** Index into `events` of the recurring master this row is a detached occurrence of (orig_item_id). */
  detachedFrom?: number;
  /** orig_date: Cocoa seconds of the original occurrence start of a detached occurrence. */
  originalDate?: number;
  /** conference_url (`ios11` and `modern` only). */
  conferenceUrl?: string | null;
  attachments?: readonly AttachmentSpec[];
  /** 2 event (default), 3 reminder. */
  entityType?: number;
  /** CalendarItem.UUID; a deterministic upper-case UUID by default. */
  uuid?: string;
  /** creation_date in Cocoa seconds; by default one week before the start (NULL without a start). */
  created?: number | null;
  /** last_modified in Cocoa seconds; the creation date by default. */
  modified?: number | null;
  /** Raw calendar_id written instead of the index's ROWID (e.g. an orphan pointing at no calendar). */
  calendarId?: number;
}

/** Everything a calendar database holds. ROWIDs are 1-based in spec order: store i is i+1, calendar i is i+1, event i is i+1. */
export interface CalendarDbSpec {
  stores: readonly StoreSpec[];
  calendars: readonly CalendarSpec[];
  events: readonly EventSpec[];
}

/** Size of a bulk calendar database. */
export interface BulkCalendarSize {
  events: number;
  /** Calendars spread over a local, an iCloud and an Exchange store; 4 by default. */
  calendars?: number;
  /** Attendees per event (with an organizer when there are any), drawn from a pool of 500 people; 0 by default. */
  attendeesPerEvent?: number;
  /** Every n-th event recurs weekly (count 10); 0 (never) by default. */
  recurringEvery?: number;
  /** Every n-th event has a location; 0 (never) by default. */
  locatedEvery?: number;
  /** Summary of event `rowid` (1-based). Default `Event <rowid>`. */
  summary?: (rowid: number) => string;
  /** Notes of event `rowid`, or null for none. Default: `Notes for event <rowid>` on every third event. */
  description?: (rowid: number) => string | null;
}

type ColumnDefinition = readonly [name: string, type: string, generations: readonly CalendarGeneration[]];

interface IndexDefinition {
  name: string;
  columns: readonly string[];
  generations: readonly CalendarGeneration[];
}

interface TableDefinition {
  name: string;
  columns: readonly ColumnDefinition[];
  unique?: readonly string[];
  indexes?: readonly IndexDefinition[];
  generations: readonly CalendarGeneration[];
}

const EVERY: readonly CalendarGeneration[] = CALENDAR_GENERATIONS;
const IOS8: readonly CalendarGeneration[] = ['ios8'];
const IOS11_ON: readonly CalendarGeneration[] = ['modern', 'ios11'];
const MODERN: readonly CalendarGeneration[] = ['modern'];

/** `name TYPE, name TYPE` as column definitions of the given generations. */
function columns(generations: readonly CalendarGeneration[], list: string): ColumnDefinition[] {
  return list.split(',').map((definition) => {
    const [name, ...type] = definition.trim().split(' ');
    return [name!, type.join(' '), generations] as const;
  });
}

function indexes(generations: readonly CalendarGeneration[], ...list: Array<readonly [string, string]>): IndexDefinition[] {
  return list.map(([name, on]) => ({ name, columns: on.split(',').map((column) => column.trim()), generations }));
}

const ROWID = 'ROWID INTEGER PRIMARY KEY AUTOINCREMENT';

const TABLES: readonly TableDefinition[] = [
  {
    name: '_SqliteDatabaseProperties',
    columns: columns(EVERY, 'key TEXT, value TEXT'),
    unique: ['key'],
    generations: EVERY,
  },
  {
    name: 'Store',
    columns: [
      ...columns(EVERY, `${ROWID}, name TEXT, default_alarm_offset INTEGER, type INTEGER, constraint_path TEXT, disabled INTEGER, external_id TEXT, persistent_id TEXT, flags INTEGER`),
      ...columns(
        IOS11_ON,
        'creator_bundle_id TEXT, creator_code_signing_identity TEXT, only_creator_can_modify INTEGER, external_mod_tag TEXT, ' +
          'preferred_event_private_value INTEGER, strictest_event_private_value INTEGER, last_sync_error INTEGER, last_sync_start REAL, last_sync_end REAL',
      ),
    ],
    indexes: indexes(EVERY, ['StoreExternalId', 'external_id']),
    generations: EVERY,
  },
  {
    name: 'Calendar',
    columns: [
      ...columns(EVERY, `${ROWID}, store_id INTEGER, title TEXT, flags INTEGER, color TEXT`),
      ...columns(IOS11_ON, 'symbolic_color_name TEXT'),
      ...columns(
        EVERY,
        'color_is_display INTEGER, type TEXT, supported_entity_types INTEGER, external_id TEXT, external_mod_tag TEXT, external_id_tag TEXT, ' +
          'external_rep BLOB, display_order INTEGER, UUID TEXT, shared_owner_name TEXT',
      ),
      ...columns(IOS8, 'shared_owner_email TEXT'),
      ...columns(IOS11_ON, 'shared_owner_address TEXT'),
      ...columns(
        EVERY,
        'sharing_status INTEGER, sharing_invitation_response INTEGER, published_URL TEXT, is_published INTEGER, invitation_status INTEGER, ' +
          'sync_token TEXT, self_identity_id INTEGER, self_identity_email TEXT',
      ),
      ...columns(IOS11_ON, 'self_identity_phone_number TEXT'),
      ...columns(EVERY, 'owner_identity_id INTEGER, owner_identity_email TEXT'),
      ...columns(IOS11_ON, 'owner_identity_phone_number TEXT, notes TEXT, bulk_requests BLOB, subcal_account_id TEXT, push_key TEXT, digest BLOB'),
    ],
    indexes: [
      ...indexes(EVERY, ['CalendarExternalId', 'external_id'], ['CalendarStoreId', 'store_id'], ['CalendarUUID', 'UUID']),
      ...indexes(IOS11_ON, ['CalendarSelfIdentityId', 'self_identity_id']),
    ],
    generations: EVERY,
  },
  {
    name: 'CalendarItem',
    columns: [
      ...columns(EVERY, `${ROWID}, summary TEXT, location_id INTEGER`),
      ...columns(IOS11_ON, 'client_location_id INTEGER'),
      ...columns(EVERY, 'description TEXT, start_date REAL, start_tz TEXT, end_date REAL'),
      ...columns(IOS11_ON, 'end_tz TEXT'),
      ...columns(
        EVERY,
        'all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, orig_date REAL, organizer_id INTEGER, self_attendee_id INTEGER, ' +
          'status INTEGER, invitation_status INTEGER, availability INTEGER, privacy_level INTEGER, url TEXT, last_modified REAL, ' +
          'sequence_num INTEGER, birthday_id INTEGER, modified_properties INTEGER, external_tracking_status INTEGER, external_id TEXT, ' +
          'external_mod_tag TEXT, unique_identifier TEXT, external_schedule_id TEXT, external_rep BLOB, response_comment TEXT',
      ),
      ...columns(IOS11_ON, 'last_synced_response_comment TEXT'),
      ...columns(
        EVERY,
        'hidden INTEGER, has_recurrences INTEGER, has_attendees INTEGER, UUID TEXT, entity_type INTEGER, priority INTEGER, due_date REAL, ' +
          'due_tz TEXT, due_all_day INTEGER, completion_date REAL, creation_date REAL',
      ),
      ...columns(IOS8, 'conference TEXT'),
      ...columns(IOS11_ON, 'action TEXT, app_link BLOB'),
      ...columns(
        EVERY,
        'display_order INTEGER, created_by_id INTEGER, modified_by_id INTEGER, shared_item_created_date REAL, shared_item_created_tz TEXT, ' +
          'shared_item_modified_date REAL, shared_item_modified_tz TEXT, invitation_changed_properties INTEGER, default_alarm_removed INTEGER, ' +
          'phantom_master INTEGER',
      ),
      ...columns(
        IOS11_ON,
        'participation_status_modified_date REAL, calendar_scale TEXT, travel_time INTEGER, travel_advisory_behavior INTEGER, ' +
          'start_location_id INTEGER, suggested_event_info_id INTEGER, first_alert_date REAL, proposed_start_date REAL, can_forward INTEGER, ' +
          'location_prediction_state INTEGER, fired_ttl INTEGER, disallow_propose_new_time INTEGER, structured_data BLOB, ' +
          'local_structured_data BLOB, junk_status INTEGER, conference_url TEXT',
      ),
      ...columns(MODERN, 'conference_url_detected TEXT'),
    ],
    indexes: [
      ...indexes(EVERY, ['EventStatus', 'status'], ['EventHiddenEndDateStartDate', 'hidden, end_date, start_date']),
      ...indexes(IOS8, ['EventCalendarIdHiddenEndDateStartDate', 'calendar_id, hidden, end_date, start_date']),
      ...indexes(
        EVERY,
        ['EventExternalIdCalId', 'external_id, calendar_id'],
        ['EventExternalUniqueIdentifierCalId', 'unique_identifier, calendar_id'],
        ['EventUUID', 'UUID'],
        ['CalendarItemDueDate', 'due_date'],
        ['CalendarItemEntityTypeCompletionDate', 'entity_type, completion_date'],
        ['CalendarItemEntityTypeCalendarIdCompletionDateCreationDate', 'entity_type, calendar_id, completion_date, creation_date'],
        ['EventInvitationStatus', 'invitation_status'],
        ['CalendarItemOriginalItemId', 'orig_item_id'],
        ['CalendarItemOriginalDate', 'orig_date'],
      ),
    ],
    generations: EVERY,
  },
  {
    name: 'Location',
    columns: [
      ...columns(EVERY, `${ROWID}, title TEXT`),
      ...columns(IOS11_ON, 'address TEXT'),
      ...columns(EVERY, 'latitude INTEGER, longitude INTEGER'),
      ...columns(IOS11_ON, 'reference_frame INTEGER'),
      ...columns(EVERY, 'address_book_id TEXT'),
      ...columns(IOS11_ON, 'mapkit_handle BLOB'),
      ...columns(EVERY, 'radius INTEGER'),
      ...columns(IOS11_ON, 'routing TEXT, derived_from TEXT'),
      ...columns(EVERY, 'item_owner_id INTEGER, alarm_owner_id INTEGER'),
    ],
    indexes: indexes(EVERY, ['LocationOwnerItemId', 'item_owner_id']),
    generations: EVERY,
  },
  {
    name: 'Participant',
    columns: [
      ...columns(
        EVERY,
        `${ROWID}, entity_type INTEGER, type INTEGER, status INTEGER, pending_status INTEGER, role INTEGER, identity_id INTEGER, owner_id INTEGER, ` +
          'external_rep BLOB, UUID TEXT, email TEXT',
      ),
      ...columns(IOS11_ON, 'phone_number TEXT'),
      ...columns(EVERY, 'is_self INTEGER'),
      ...columns(
        IOS11_ON,
        'comment TEXT, schedule_agent INTEGER, flags INTEGER, last_modified REAL, proposed_start_date REAL, invited_by TEXT, ' +
          'proposed_start_date_status INTEGER, comment_last_modified REAL',
      ),
    ],
    indexes: [
      ...indexes(EVERY, ['ParticipantUUID', 'UUID'], ['ParticipantEntityType', 'entity_type'], ['ParticipantOwnerId', 'owner_id']),
      ...indexes(
        IOS11_ON,
        ['ParticipantIdentityId', 'identity_id'],
        ['ParticipantEmail', 'email'],
        ['ParticipantPhoneNumber', 'phone_number'],
        ['ParticipantProposedStartDate', 'proposed_start_date'],
      ),
    ],
    generations: EVERY,
  },
  {
    name: 'Identity',
    columns: [...columns(MODERN, ROWID), ...columns(EVERY, 'display_name TEXT, address TEXT, first_name TEXT, last_name TEXT')],
    unique: ['display_name', 'address', 'first_name', 'last_name'],
    generations: EVERY,
  },
  {
    name: 'Recurrence',
    columns: columns(
      EVERY,
      `${ROWID}, frequency INTEGER, interval INTEGER, week_start INTEGER, count INTEGER, cached_end_date REAL, cached_end_date_tz TEXT, ` +
        'end_date REAL, specifier TEXT, by_month_months INTEGER, owner_id INTEGER, external_id TEXT, external_mod_tag TEXT, ' +
        'external_id_tag TEXT, external_rep BLOB, UUID TEXT',
    ),
    indexes: indexes(
      EVERY,
      ['RecurrenceEndCountIndex', 'end_date, count'],
      ['RecurrenceExternalId', 'external_id'],
      ['RecurrenceOwnerIdIndex', 'owner_id'],
      ['RecurrenceUUID', 'UUID'],
    ),
    generations: EVERY,
  },
  {
    name: 'ExceptionDate',
    columns: columns(EVERY, `${ROWID}, owner_id INTEGER, date REAL, sync_order INTEGER`),
    indexes: indexes(EVERY, ['ExceptionDateOwnerId', 'owner_id']),
    generations: EVERY,
  },
  {
    name: 'Attachment',
    columns: [
      ...columns(
        EVERY,
        `${ROWID}, owner_id INTEGER, external_id TEXT, external_mod_tag TEXT, external_rep BLOB, url TEXT, UUID TEXT, data BLOB, ` +
          'format TEXT, is_binary INTEGER, filename TEXT, local_url TEXT, file_size INTEGER',
      ),
      ...columns(MODERN, 'file_id INTEGER'),
    ],
    indexes: indexes(EVERY, ['AttachmentEventId', 'owner_id'], ['AttachmentUUID', 'UUID']),
    generations: EVERY,
  },
  {
    name: 'AttachmentFile',
    columns: columns(MODERN, `${ROWID}, filename TEXT, file_size INTEGER, format TEXT, UUID TEXT, local_path TEXT`),
    generations: MODERN,
  },
];

/**
 * The tables and columns a generation creates (before any layout omissions), in `.schema` order: table name to
 * `[column, declared type]` pairs. Tables a real device has beyond these (Alarm, OccurrenceCache, the change logs) are
 * not created: nothing reads them.
 */
export function calendarTables(generation: CalendarGeneration): Record<string, Array<[string, string]>> {
  const tables: Record<string, Array<[string, string]>> = {};
  for (const table of TABLES) {
    if (!table.generations.includes(generation)) continue;
    tables[table.name] = table.columns
      .filter(([, , generations]) => generations.includes(generation))
      .map(([name, type]) => [name, type.replace(' PRIMARY KEY AUTOINCREMENT', '')]);
  }
  return tables;
}

/** `_SqliteDatabaseProperties._ClientVersion` per generation. */
const CLIENT_VERSIONS: Readonly<Record<CalendarGeneration, string>> = {
  /** The value in the real `calendar/ios8` fixture. */
  ios8: '108',
  /** No later device is in evidence: the newest value seen, from the iOS 7.1.2 backup fixture. */
  ios11: '122',
  modern: '122',
};

/** Cocoa seconds (seconds since 2001-01-01T00:00:00Z) of an ISO 8601 instant with a zone: `2016-04-15T00:00:00Z` is 482371200. */
export function cocoaSecondsOf(iso: string): number {
  const epochMs = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso) || Number.isNaN(epochMs)) {
    throw new RangeError(`not an ISO 8601 instant with a zone (Z or ±hh:mm): ${iso}`);
  }
  return epochMs / 1000 - COCOA_EPOCH_OFFSET_SECONDS;
}

/** A prepared INSERT of the wanted columns the table has; values are given for all wanted columns, in order. */
class RowInsert {
  private readonly statement: Database.Statement | null;
  private readonly kept: readonly number[];
  private readonly complete: boolean;

  constructor(db: Database.Database, table: string, present: ReadonlySet<string> | undefined, wanted: readonly string[]) {
    const kept = present ? wanted.flatMap((column, index) => (column === 'ROWID' || present.has(column) ? [index] : [])) : [];
    this.kept = kept;
    this.complete = kept.length === wanted.length;
    this.statement = present
      ? db.prepare(`INSERT INTO ${table} (${kept.map((index) => wanted[index]).join(', ')}) VALUES (${kept.map(() => '?').join(', ')})`)
      : null;
  }

  run(values: unknown[]): void {
    if (!this.statement) return;
    this.statement.run(this.complete ? values : this.kept.map((index) => values[index]));
  }
}

interface EventLinks {
  rowid: number;
  calendarId: number;
  masterRowid: number;
}

/** Prepared inserts over one calendar database being built, with ROWID counters and Identity sharing. */
class CalendarDbWriter {
  readonly db: Database.Database;
  private readonly path: string;
  private readonly generation: CalendarGeneration;
  private readonly wal: boolean;
  private readonly indexStatements: string[] = [];
  private readonly identityIds = new Map<string, number>();
  private readonly nextRowids = new Map<string, number>();
  private readonly insertProperty: RowInsert;
  private readonly insertStore: RowInsert;
  private readonly insertCalendar: RowInsert;
  private readonly insertEvent: RowInsert;
  private readonly insertLocation: RowInsert;
  private readonly insertParticipant: RowInsert;
  private readonly insertIdentity: RowInsert;
  private readonly insertRecurrence: RowInsert;
  private readonly insertExceptionDate: RowInsert;
  private readonly insertAttachment: RowInsert;
  private readonly insertAttachmentFile: RowInsert;

  constructor(path: string, layout: CalendarDbLayout) {
    this.path = path;
    this.generation = layout.generation ?? 'modern';
    this.wal = layout.wal ?? false;
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
    this.db = openBuiltDatabase(path, this.wal);
    this.db.pragma('cache_size = -65536');
    const present = this.createTables(layout);
    if (this.wal) this.db.pragma('wal_checkpoint(TRUNCATE)');
    const insert = (table: string, wanted: readonly string[]): RowInsert => new RowInsert(this.db, table, present.get(table), wanted);
    this.insertProperty = insert('_SqliteDatabaseProperties', ['key', 'value']);
    this.insertStore = insert('Store', ['ROWID', 'name', 'type', 'disabled', 'external_id', 'persistent_id', 'flags']);
    this.insertCalendar = insert('Calendar', [
      'ROWID', 'store_id', 'title', 'flags', 'color', 'type', 'supported_entity_types', 'display_order', 'UUID', 'sharing_status',
      'self_identity_id', 'owner_identity_id',
    ]);
    this.insertEvent = insert('CalendarItem', [
      'ROWID', 'summary', 'location_id', 'description', 'start_date', 'start_tz', 'end_date', 'end_tz', 'all_day', 'calendar_id',
      'orig_item_id', 'orig_date', 'organizer_id', 'self_attendee_id', 'status', 'invitation_status', 'availability', 'privacy_level',
      'url', 'last_modified', 'sequence_num', 'birthday_id', 'modified_properties', 'external_tracking_status', 'unique_identifier',
      'hidden', 'has_recurrences', 'has_attendees', 'UUID', 'entity_type', 'priority', 'creation_date', 'display_order',
      'default_alarm_removed', 'phantom_master', 'conference_url',
    ]);
    this.insertLocation = insert('Location', ['ROWID', 'title', 'address', 'latitude', 'longitude', 'radius', 'item_owner_id', 'alarm_owner_id']);
    this.insertParticipant = insert('Participant', [
      'ROWID', 'entity_type', 'type', 'status', 'pending_status', 'role', 'identity_id', 'owner_id', 'UUID', 'email', 'is_self',
    ]);
    this.insertIdentity = insert('Identity', ['ROWID', 'display_name', 'address', 'first_name', 'last_name']);
    this.insertRecurrence = insert('Recurrence', [
      'ROWID', 'frequency', 'interval', 'week_start', 'count', 'cached_end_date', 'cached_end_date_tz', 'end_date', 'specifier',
      'by_month_months', 'owner_id', 'UUID',
    ]);
    this.insertExceptionDate = insert('ExceptionDate', ['ROWID', 'owner_id', 'date']);
    this.insertAttachment = insert('Attachment', ['ROWID', 'owner_id', 'url', 'UUID', 'format', 'filename', 'file_size', 'file_id']);
    this.insertAttachmentFile = insert('AttachmentFile', ['ROWID', 'filename', 'file_size', 'format', 'UUID']);
    this.db.exec('BEGIN');
    this.insertProperty.run(['_ClientVersion', CLIENT_VERSIONS[this.generation]]);
    this.insertProperty.run(['_UniqueIdentifier', deterministicGuid(`Calendar ${path}`, 0)]);
  }

  store(rowid: number, store: StoreSpec): void {
    this.insertStore.run([rowid, store.name, store.type, 0, store.externalId ?? null, deterministicGuid('Store', rowid), 0]);
  }

  calendar(rowid: number, calendar: CalendarSpec, storeId: number): void {
    this.insertCalendar.run([
      rowid,
      storeId,
      calendar.title,
      calendar.flags ?? 0,
      calendar.color ?? null,
      calendar.type ?? null,
      calendar.entityTypes ?? 4,
      rowid - 1,
      calendar.uuid ?? deterministicGuid('Calendar', rowid),
      0,
      -1,
      -1,
    ]);
  }

  event(event: EventSpec, links: EventLinks): void {
    const { rowid } = links;
    const allDay = event.allDay ?? false;
    const startTz = event.startTz === undefined ? (allDay ? '_float' : 'Europe/London') : event.startTz;
    const end = event.end !== undefined ? event.end : event.start === null ? null : event.start + (allDay ? 86_399 : 3600);
    const created = event.created !== undefined ? event.created : event.start === null ? null : event.start - 7 * 86_400;
    const modified = event.modified !== undefined ? event.modified : created;
    const locationId = event.location ? this.location(rowid, event.location) : 0;
    const organizerId = event.organizer ? this.participant(rowid, 8, event.organizer) : 0;
    let selfAttendeeId = 0;
    for (const attendee of event.attendees ?? []) {
      const participantId = this.participant(rowid, 7, attendee);
      if (attendee.isSelf) selfAttendeeId = participantId;
    }
    if (event.recurrence) this.recurrence(rowid, event.recurrence, startTz);
    for (const date of event.exceptionDates ?? []) this.insertExceptionDate.run([this.nextRowid('ExceptionDate'), rowid, date]);
    for (const attachment of event.attachments ?? []) this.attachment(rowid, attachment);
    this.insertEvent.run([
      rowid,
      event.summary,
      locationId,
      event.description ?? null,
      event.start,
      startTz,
      end,
      event.endTz === undefined ? startTz : event.endTz,
      allDay ? 1 : 0,
      links.calendarId,
      links.masterRowid,
      event.originalDate ?? null,
      organizerId,
      selfAttendeeId,
      event.status ?? 0,
      0,
      event.availability ?? 0,
      0,
      event.url ?? null,
      modified,
      0,
      0,
      0,
      0,
      deterministicGuid('CalendarItem.unique_identifier', links.masterRowid || rowid),
      0,
      event.recurrence ? 1 : 0,
      (event.attendees?.length ?? 0) > 0 ? 1 : 0,
      event.uuid ?? deterministicGuid('CalendarItem', rowid),
      event.entityType ?? 2,
      0,
      created,
      0,
      0,
      0,
      event.conferenceUrl ?? null,
    ]);
  }

  /** Creates the indexes (after the rows: faster), commits and closes; a WAL file keeps its `-wal` and `-shm`. */
  finish(): void {
    for (const statement of this.indexStatements) this.db.exec(statement);
    this.db.exec('COMMIT');
    closeDatabase(this.db, this.path, this.wal);
  }

  /** Rolls back and closes after a failed build. */
  abandon(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }

  private createTables(layout: CalendarDbLayout): Map<string, ReadonlySet<string>> {
    const omitted = new Set(layout.omitTables ?? []);
    const present = new Map<string, ReadonlySet<string>>();
    for (const table of TABLES) {
      if (!table.generations.includes(this.generation) || omitted.has(table.name)) continue;
      const dropped = new Set(layout.omitColumns?.[table.name] ?? []);
      const kept = table.columns.filter(([name, , generations]) => generations.includes(this.generation) && !dropped.has(name));
      const has = new Set(kept.map(([name]) => name));
      const definitions = kept.map(([name, type]) => `${name} ${type}`);
      if (table.unique && table.unique.every((column) => has.has(column))) definitions.push(`UNIQUE (${table.unique.join(', ')})`);
      this.db.exec(`CREATE TABLE ${table.name} (${definitions.join(', ')})`);
      present.set(table.name, has);
      for (const index of table.indexes ?? []) {
        if (!index.generations.includes(this.generation) || !index.columns.every((column) => has.has(column))) continue;
        this.indexStatements.push(`CREATE INDEX ${index.name} on ${table.name}(${index.columns.join(', ')})`);
      }
    }
    return present;
  }

  private nextRowid(table: string): number {
    const rowid = this.nextRowids.get(table) ?? 1;
    this.nextRowids.set(table, rowid + 1);
    return rowid;
  }

  private location(eventRowid: number, location: LocationSpec): number {
    const rowid = this.nextRowid('Location');
    this.insertLocation.run([
      rowid,
      location.title,
      location.address ?? null,
      location.latitude ?? null,
      location.longitude ?? null,
      0,
      eventRowid,
      0,
    ]);
    return rowid;
  }

  private participant(eventRowid: number, entityType: 7 | 8, participant: ParticipantSpec): number {
    const rowid = this.nextRowid('Participant');
    const email = participant.email ?? null;
    const identityId = participant.withoutIdentity
      ? 0
      : this.identity(participant.name ?? null, email === null ? null : `mailto:${email}`, participant.firstName ?? null, participant.lastName ?? null);
    this.insertParticipant.run([
      rowid,
      entityType,
      participant.type ?? 1,
      participant.status ?? 0,
      0,
      participant.role ?? 0,
      identityId,
      eventRowid,
      deterministicGuid('Participant', rowid),
      email,
      participant.isSelf ? 1 : 0,
    ]);
    return rowid;
  }

  private identity(displayName: string | null, address: string | null, firstName: string | null, lastName: string | null): number {
    const key = JSON.stringify([displayName, address, firstName, lastName]);
    let rowid = this.identityIds.get(key);
    if (rowid === undefined) {
      rowid = this.nextRowid('Identity');
      this.identityIds.set(key, rowid);
      this.insertIdentity.run([rowid, displayName, address, firstName, lastName]);
    }
    return rowid;
  }

  private recurrence(eventRowid: number, recurrence: RecurrenceSpec, startTz: string | null): void {
    const rowid = this.nextRowid('Recurrence');
    const endDate = recurrence.endDate ?? null;
    this.insertRecurrence.run([
      rowid,
      recurrence.frequency,
      recurrence.interval ?? 1,
      0,
      recurrence.count ?? 0,
      endDate,
      endDate === null ? null : startTz,
      endDate,
      recurrence.specifier ?? null,
      recurrence.byMonthMonths ?? 0,
      eventRowid,
      deterministicGuid('Recurrence', rowid),
    ]);
  }

  private attachment(eventRowid: number, attachment: AttachmentSpec): void {
    const rowid = this.nextRowid('Attachment');
    const format = attachment.format ?? null;
    const filename = attachment.filename;
    const size = attachment.size ?? null;
    let fileId: number | null = null;
    if (this.generation === 'modern') {
      fileId = this.nextRowid('AttachmentFile');
      this.insertAttachmentFile.run([fileId, filename, size, format, deterministicGuid('AttachmentFile', fileId)]);
    }
    this.insertAttachment.run([
      rowid,
      eventRowid,
      attachment.url ?? null,
      deterministicGuid('Attachment', rowid),
      format,
      fileId === null ? filename : null,
      fileId === null ? size : null,
      fileId,
    ]);
  }
}

function checkIndex(kind: string, index: number, count: number, owner: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${owner}: ${kind} index ${index} is not one of the ${count} ${kind}s`);
  }
}

/**
 * Writes a Calendar.sqlitedb at `path` (replacing any file and sidecars there) in one transaction. ROWIDs are 1-based
 * in spec order: store i is ROWID i+1, calendar i is i+1, event i is i+1; Location, Participant, Identity, Recurrence,
 * ExceptionDate, Attachment and AttachmentFile rows are numbered 1, 2, ... in the order the events need them. A column
 * the generation lacks is not written (its spec value is lost, as on a device of that version). Indexes are created
 * after the rows; the delete triggers and the tables nothing reads (Alarm, OccurrenceCache, change logs) are not.
 */
export function buildCalendarDb(path: string, spec: CalendarDbSpec, layout: CalendarDbLayout = {}): void {
  const writer = new CalendarDbWriter(path, layout);
  try {
    spec.stores.forEach((store, index) => writer.store(index + 1, store));
    spec.calendars.forEach((calendar, index) => {
      checkIndex('store', calendar.store, spec.stores.length, `calendar ${index}`);
      writer.calendar(index + 1, calendar, calendar.store + 1);
    });
    spec.events.forEach((event, index) => {
      if (event.calendarId === undefined) checkIndex('calendar', event.calendar, spec.calendars.length, `event ${index}`);
      if (event.detachedFrom !== undefined) checkIndex('event', event.detachedFrom, spec.events.length, `event ${index}`);
      writer.event(event, {
        rowid: index + 1,
        calendarId: event.calendarId ?? event.calendar + 1,
        masterRowid: event.detachedFrom === undefined ? 0 : event.detachedFrom + 1,
      });
    });
  } catch (error) {
    writer.abandon();
    throw error;
  }
  writer.finish();
}

/** Stores of the sample: ROWID 1 local, 2 iCloud, 3 Exchange, 4 subscribed, 5 birthdays. */
const SAMPLE_STORES: StoreSpec[] = [
  { name: 'Default', type: 0 },
  { name: 'iCloud', type: 2, externalId: 'https://p42-caldav.icloud.com/123456789/principal/' },
  { name: 'Work Exchange', type: 1, externalId: 'AAMkADk3ZjE2NjQ0LWI5' },
  { name: 'Subscribed Calendars', type: 4, externalId: 'Subscribed Calendars' },
  { name: 'Other', type: 5 },
];

/** Calendars of the sample: ROWID 1 Home, 2 Work, 3 US Holidays, 4 Birthdays, 5 On My iPhone. */
const SAMPLE_CALENDARS: CalendarSpec[] = [
  { title: 'Home', store: 1, color: '#1BADF8' },
  { title: 'Work', store: 2, color: '#FF2968' },
  { title: 'US Holidays', store: 3, color: '#CC73E1', flags: 4105 },
  { title: 'Birthdays', store: 4, color: '#8295AF', flags: 5 },
  { title: 'On My iPhone', store: 0, color: '#63DA38' },
];

const ALICE: ParticipantSpec = { name: 'Alice Martin', firstName: 'Alice', lastName: 'Martin', email: 'alice.martin@example.com', status: 1 };
const BOB: ParticipantSpec = { name: 'Bob Chen', firstName: 'Bob', lastName: 'Chen', email: 'bob.chen@example.com', status: 1, isSelf: true };

/**
 * A small realistic calendar (ROWIDs: event i is i+1). The parser's round-trip tests assert on it, so every notable
 * event is commented with what it exercises.
 */
export const SAMPLE_CALENDAR: CalendarDbSpec = {
  stores: SAMPLE_STORES,
  calendars: SAMPLE_CALENDARS,
  events: [
    // 1: New York meeting with a located address, organizer, three attendees (one without Identity), conference and URL.
    {
      summary: 'Coffee with the design team',
      description: 'Bring the Q2 mockups.',
      start: cocoaSecondsOf('2016-04-12T10:00:00-04:00'),
      end: cocoaSecondsOf('2016-04-12T11:00:00-04:00'),
      startTz: 'America/New_York',
      calendar: 1,
      location: { title: 'Blue Bottle Coffee', address: '450 W 15th St, New York, NY 10011', latitude: 40.742, longitude: -74.0048 },
      url: 'https://example.com/agenda/design-review',
      status: 1,
      organizer: ALICE,
      attendees: [
        BOB,
        { name: 'Carol Smith', firstName: 'Carol', lastName: 'Smith', email: 'carol.smith@example.org', status: 2 },
        { email: 'dave@example.net', status: 3, withoutIdentity: true },
      ],
      conferenceUrl: 'https://meet.example.com/abc-defg-hij',
      created: cocoaSecondsOf('2016-04-01T09:12:30Z'),
      modified: cocoaSecondsOf('2016-04-02T16:45:00Z'),
    },
    // 2: floating all-day holiday on 2016-04-15: midnight UTC seconds, end + 86399, free (as the real US Holidays rows).
    {
      summary: 'Tax Day',
      start: cocoaSecondsOf('2016-04-15T00:00:00Z'),
      end: cocoaSecondsOf('2016-04-15T00:00:00Z') + 86_399,
      startTz: '_float',
      allDay: true,
      calendar: 2,
      availability: 1,
    },
    // 3: floating timed event at 09:30 wall clock in whatever zone the phone is in.
    {
      summary: 'Morning run',
      start: cocoaSecondsOf('2016-04-16T09:30:00Z'),
      end: cocoaSecondsOf('2016-04-16T10:15:00Z'),
      startTz: '_float',
      calendar: 0,
    },
    // 4: every other Monday until the end of June, with the 2016-05-02 occurrence deleted (ExceptionDate).
    {
      summary: 'Team sync',
      start: cocoaSecondsOf('2016-04-18T09:00:00+01:00'),
      end: cocoaSecondsOf('2016-04-18T09:30:00+01:00'),
      startTz: 'Europe/London',
      calendar: 1,
      recurrence: { frequency: 2, interval: 2, endDate: cocoaSecondsOf('2016-06-30T23:59:59Z') },
      exceptionDates: [cocoaSecondsOf('2016-05-02T09:00:00+01:00')],
    },
    // 5: the 2016-05-16 occurrence of event 4 detached: moved to Tuesday afternoon and renamed.
    {
      summary: 'Team sync (moved)',
      start: cocoaSecondsOf('2016-05-17T14:00:00+01:00'),
      end: cocoaSecondsOf('2016-05-17T14:30:00+01:00'),
      startTz: 'Europe/London',
      calendar: 1,
      detachedFrom: 3,
      originalDate: cocoaSecondsOf('2016-05-16T09:00:00+01:00'),
    },
    // 6: yearly, ten times.
    {
      summary: 'Anniversary dinner',
      start: cocoaSecondsOf('2016-06-04T19:30:00+01:00'),
      end: cocoaSecondsOf('2016-06-04T22:00:00+01:00'),
      startTz: 'Europe/London',
      calendar: 0,
      recurrence: { frequency: 4, count: 10 },
    },
    // 7: monthly on the first Thursday (specifier), tentative.
    {
      summary: 'Book club',
      start: cocoaSecondsOf('2016-05-05T18:00:00+01:00'),
      end: cocoaSecondsOf('2016-05-05T20:00:00+01:00'),
      startTz: 'Europe/London',
      calendar: 0,
      status: 2,
      recurrence: { frequency: 3, specifier: 'D=+1TH' },
    },
    // 8: birthday: floating all-day, yearly without end, in the Birthdays calendar.
    {
      summary: 'Emma Wilson’s Birthday',
      start: cocoaSecondsOf('2016-07-09T00:00:00Z'),
      startTz: '_float',
      allDay: true,
      calendar: 3,
      availability: 1,
      recurrence: { frequency: 4, byMonthMonths: 1 << 6 },
    },
    // 9: Tokyo dinner organised by the same Alice and attended by the same Bob as event 1 (their Identity rows are shared).
    {
      summary: 'Dinner in Shibuya',
      start: cocoaSecondsOf('2016-04-20T19:00:00+09:00'),
      end: cocoaSecondsOf('2016-04-20T21:00:00+09:00'),
      startTz: 'Asia/Tokyo',
      calendar: 0,
      location: { title: 'Shibuya Scramble Square', latitude: 35.6585, longitude: 139.7022 },
      organizer: ALICE,
      attendees: [BOB],
    },
    // 10: with a PDF attachment (on AttachmentFile in modern, on Attachment before).
    {
      summary: 'Quarterly review',
      start: cocoaSecondsOf('2016-04-21T14:00:00+01:00'),
      end: cocoaSecondsOf('2016-04-21T15:30:00+01:00'),
      startTz: 'Europe/London',
      calendar: 1,
      attachments: [{ filename: 'Q1-report.pdf', size: 248_832, format: 'application/pdf', url: 'https://files.example.com/q1-report.pdf' }],
    },
    // 11: canceled.
    {
      summary: 'Offsite planning',
      start: cocoaSecondsOf('2016-04-22T10:00:00+01:00'),
      startTz: 'Europe/London',
      calendar: 1,
      status: 3,
    },
    // 12: shown as free.
    {
      summary: 'Focus time',
      start: cocoaSecondsOf('2016-04-25T13:00:00+01:00'),
      end: cocoaSecondsOf('2016-04-25T16:00:00+01:00'),
      startTz: 'Europe/London',
      calendar: 1,
      availability: 1,
    },
    // 13: a reminder (entity_type 3) without dates in the local calendar.
    {
      summary: 'Renew passport',
      start: null,
      startTz: null,
      calendar: 4,
      entityType: 3,
      created: cocoaSecondsOf('2016-04-10T08:00:00Z'),
    },
    // 14: accented summary and an emoji in the description, in Paris time.
    {
      summary: 'Café avec Zoë',
      description: 'Croissants 🥐 et café ☕ près de l’Opéra',
      start: cocoaSecondsOf('2016-04-23T10:00:00+02:00'),
      end: cocoaSecondsOf('2016-04-23T11:00:00+02:00'),
      startTz: 'Europe/Paris',
      calendar: 0,
    },
    // 15: NULL summary.
    {
      summary: null,
      start: cocoaSecondsOf('2016-04-26T12:00:00+01:00'),
      startTz: 'Europe/London',
      calendar: 0,
    },
  ],
};

/** Writes {@link SAMPLE_CALENDAR} at `path`. */
export function buildSampleCalendarDb(path: string, layout: CalendarDbLayout = {}): void {
  buildCalendarDb(path, SAMPLE_CALENDAR, layout);
}

const BULK_STORES: StoreSpec[] = [
  { name: 'Default', type: 0 },
  { name: 'iCloud', type: 2 },
  { name: 'Work Exchange', type: 1 },
];
const BULK_ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', '_float'];
const BULK_POOL = 500;

function bulkPerson(serial: number): ParticipantSpec {
  const person = serial % BULK_POOL;
  return { name: `Person ${person}`, firstName: 'Person', lastName: String(person), email: `person${person}@example.com`, status: serial % 4 };
}

/**
 * Writes a large Calendar.sqlitedb fast (one transaction, prepared statements) for benchmarks: `events` events an hour
 * apart from 2020-01-01 over `calendars` calendars, cycling four time zones (one of them `_float`), every tenth all-day,
 * with the attendees, recurrences and locations the size asks for.
 */
export function buildBulkCalendarDb(path: string, size: BulkCalendarSize, layout: CalendarDbLayout = {}): void {
  const calendarCount = size.calendars ?? 4;
  const attendeesPerEvent = size.attendeesPerEvent ?? 0;
  const writer = new CalendarDbWriter(path, layout);
  try {
    BULK_STORES.forEach((store, index) => writer.store(index + 1, store));
    for (let index = 0; index < calendarCount; index += 1) {
      writer.calendar(index + 1, { title: `Calendar ${index + 1}`, store: index % BULK_STORES.length, color: '#1BADF8' }, (index % BULK_STORES.length) + 1);
    }
    const first = cocoaSecondsOf('2020-01-01T08:00:00Z');
    for (let rowid = 1; rowid <= size.events; rowid += 1) {
      const allDay = rowid % 10 === 0;
      const start = allDay ? first + Math.floor(rowid / 24) * 86_400 - 8 * 3600 : first + rowid * 3600;
      const attendees: ParticipantSpec[] = [];
      for (let index = 0; index < attendeesPerEvent; index += 1) attendees.push(bulkPerson(rowid * attendeesPerEvent + index + 1));
      writer.event(
        {
          summary: size.summary ? size.summary(rowid) : `Event ${rowid}`,
          description: size.description ? size.description(rowid) : rowid % 3 === 0 ? `Notes for event ${rowid}` : null,
          start,
          startTz: allDay ? '_float' : BULK_ZONES[rowid % BULK_ZONES.length]!,
          allDay,
          calendar: (rowid - 1) % calendarCount,
          location:
            size.locatedEvery && rowid % size.locatedEvery === 0
              ? { title: `Place ${rowid % 1000}`, address: `${rowid % 1000} Main St, Springfield`, latitude: 39.78 + (rowid % 100) / 1000, longitude: -89.65 }
              : undefined,
          organizer: attendeesPerEvent > 0 ? bulkPerson(rowid) : undefined,
          attendees,
          recurrence: size.recurringEvery && rowid % size.recurringEvery === 0 ? { frequency: 2, count: 10 } : undefined,
        },
        { rowid, calendarId: ((rowid - 1) % calendarCount) + 1, masterRowid: 0 },
      );
    }
  } catch (error) {
    writer.abandon();
    throw error;
  }
  writer.finish();
}
