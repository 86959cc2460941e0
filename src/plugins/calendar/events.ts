// Events of Calendar.sqlitedb streamed in ROWID order with their calendar, place and organizer joined in the same
// query; their attendees, recurrence rule, deleted occurrences and attachments come from cursors walking those tables
// in owner order beside them. Times are instants in UTC plus the wall clock of the event's own zone (floating ones
// kept as stored).
import { shownValue } from '../../kernel/context.js';
import { SortedChildCursor } from '../../kernel/cursor.js';
import { column, flag, int32, integer, joinedColumns, name, position, positive, text, uuid } from '../../kernel/coredata.js';
import { sourceRowCount, type Row, type SourceView } from '../../kernel/plugin.js';
import { DEVICE_TIME_WINDOW, ENTERED_TIME_WINDOW, type TimeWindow } from '../../kernel/time.js';
import { link, mailAddress, telAddress } from './calendars.js';
import {
  ATTACHMENTS,
  ATTACHMENT_FILES,
  CALENDARS,
  EXCEPTIONS,
  IDENTITIES,
  ITEMS,
  LOCATIONS,
  PARTICIPANTS,
  RECURRENCES,
  type CalendarContext,
  type CalendarLayout,
} from './layout.js';
import {
  ATTENDEE_ENTITY,
  ATTENDEE_STATUSES,
  AVAILABILITIES,
  EVENT_STATUSES,
  FREQUENCIES,
  ITEM_KINDS,
  nameOf,
  type UnknownValueReporter,
} from './vocabulary.js';
import { FLOATING_ZONE, WallClock } from './wall-clock.js';

/** Most attendees, attachments or deleted occurrences listed on one event (the counts keep the rest). */
export const MAX_LISTED = 10_000;

/** The dates of an event that has a zone: a person entered them, and a raw 0 is 2001-01-01 itself. */
const ZONED_EVENT_WINDOW: TimeWindow = { ...ENTERED_TIME_WINDOW, zeroIsDate: true };

/** ROWIDs a JavaScript number holds exactly (ids and child keys are built from them). */
const SAFE_ROWIDS = `BETWEEN ${-Number.MAX_SAFE_INTEGER} AND ${Number.MAX_SAFE_INTEGER}`;

/** What an event row carries to its search document besides its own columns. */
export interface EventSearchExtra {
  calendar: string | null;
}

/** One attendee as stored in calendar_event.attendees. */
export interface Attendee {
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string | null;
  self: boolean | null;
}

/** One attachment as stored in calendar_event.attachments. */
export interface EventAttachment {
  name: string | null;
  size: number | null;
  format: string | null;
  url: string | null;
}

/** A row as read from the source, by the names of its select list. */
type SourceRow = Record<string, unknown>;

/** The name of a person from an Identity (display name, else first and last name), else null. */
function personName(display: unknown, first: unknown, last: unknown): string | null {
  return name(display) ?? name([name(first), name(last)].filter((part) => part !== null).join(' '));
}

/** A person's email and phone from what their Participant row and Identity hold (`mailto:` and `tel:` addresses). */
function reachOf(email: unknown, phone: unknown, address: unknown): { email: string | null; phone: string | null } {
  return {
    email: mailAddress(email) ?? mailAddress(address),
    phone: name(phone) ?? telAddress(email) ?? telAddress(address),
  };
}

function itemSelect(ctx: CalendarContext, layout: CalendarLayout): string[] {
  const { schema } = ctx;
  const ci = (source: string, as: string) => column(schema, ITEMS, 'ci', source, as);
  const conference = layout.conferenceColumns.map((col) => `NULLIF(ci.${col}, '')`);
  const l = joinedColumns(schema, layout.locations, LOCATIONS, 'l');
  const o = joinedColumns(schema, layout.organizers, PARTICIPANTS, 'o');
  const oi = joinedColumns(schema, layout.organizers && layout.identities, IDENTITIES, 'oi');
  return [
    'ci.ROWID AS rowid',
    ci('UUID', 'uuid'),
    ci('unique_identifier', 'unique_identifier'),
    ci('entity_type', 'entity_type'),
    ci('summary', 'summary'),
    ci('description', 'description'),
    ci('start_date', 'start'),
    ci('end_date', 'end'),
    ci('start_tz', 'start_tz'),
    ci('end_tz', 'end_tz'),
    ci('all_day', 'all_day'),
    ci('calendar_id', 'calendar_id'),
    layout.calendarLinks ? 'cal.ROWID AS calendar_rowid' : 'NULL AS calendar_rowid',
    layout.calendarLinks ? column(schema, CALENDARS, 'cal', 'title', 'calendar_title') : 'NULL AS calendar_title',
    ci('url', 'url'),
    conference.length > 0 ? `COALESCE(${conference.join(', ')}, NULL) AS conference_url` : 'NULL AS conference_url',
    ci('status', 'status'),
    ci('availability', 'availability'),
    ci('organizer_id', 'organizer_id'),
    ci('orig_item_id', 'orig_item_id'),
    ci('orig_date', 'orig_date'),
    ci('due_date', 'due'),
    ci('completion_date', 'completed'),
    ci('priority', 'priority'),
    ci('creation_date', 'created'),
    ci('last_modified', 'modified'),
    schema.hasColumn(ITEMS, 'orig_item_id')
      ? `CASE WHEN ci.orig_item_id <> 0 THEN (SELECT 1 FROM ${ITEMS} m WHERE m.ROWID = ci.orig_item_id) END AS master_present`
      : 'NULL AS master_present',
    l('title', 'location_title'),
    l('address', 'location_address'),
    l('latitude', 'latitude'),
    l('longitude', 'longitude'),
    o('email', 'organizer_email'),
    o('phone_number', 'organizer_phone'),
    oi('display_name', 'organizer_display'),
    oi('first_name', 'organizer_first'),
    oi('last_name', 'organizer_last'),
    oi('address', 'organizer_address'),
  ];
}

function itemJoins(ctx: CalendarContext, layout: CalendarLayout): string {
  const joins: string[] = [];
  if (layout.calendarLinks) joins.push(`LEFT JOIN ${CALENDARS} cal ON cal.ROWID = ci.calendar_id`);
  if (layout.locations) joins.push(`LEFT JOIN ${LOCATIONS} l ON l.ROWID = ci.location_id`);
  if (layout.organizers) {
    joins.push(`LEFT JOIN ${PARTICIPANTS} o ON o.ROWID = ci.organizer_id`);
    if (layout.identities) joins.push(`LEFT JOIN ${IDENTITIES} oi ON oi.rowid = o.identity_id`);
  }
  return joins.join(' ');
}

/** The warning for rows of a child table that belong to no item (an owner that is not an item's ROWID). */
function warnOrphans(ctx: CalendarContext, table: string, count: number): void {
  ctx.warn('CALENDAR_ORPHAN_ROW', `${table} rows whose owner_id is no ${ITEMS} ROWID were skipped`, count, table);
}

/**
 * A cursor over a child table's rows sorted by owner_id. SQLite orders NULL owners before every number and text or
 * BLOB owners after them, so those reach no item, like a number no item has, and are named with the orphans.
 */
function ownedCursor(ctx: CalendarContext, table: string, alias: string, select: string, from: string): SortedChildCursor<SourceRow> {
  const owner = `${alias}.owner_id`;
  const sql = `SELECT ${alias}.ROWID AS rowid, ${owner} AS owner, ${select} FROM ${from} ORDER BY ${owner}, ${alias}.ROWID`;
  return new SortedChildCursor<SourceRow>(ctx.rows<SourceRow>(sql), (row) => Number(row.owner), () => warnOrphans(ctx, table, 1));
}

/** The child tables of the events, each walked in owner order beside them; null where the store lacks the table. */
class EventChildren {
  readonly participants: SortedChildCursor<SourceRow> | null;
  readonly recurrences: SortedChildCursor<SourceRow> | null;
  readonly exceptions: SortedChildCursor<SourceRow> | null;
  readonly attachments: SortedChildCursor<SourceRow> | null;

  constructor(ctx: CalendarContext, layout: CalendarLayout) {
    const { schema } = ctx;
    const list = (table: string, alias: string, columns: ReadonlyArray<[string, string]>) =>
      columns.map(([source, as]) => column(schema, table, alias, source, as)).join(', ');
    const i = joinedColumns(schema, layout.identities, IDENTITIES, 'i');
    this.participants = layout.participants
      ? ownedCursor(
          ctx,
          PARTICIPANTS,
          'p',
          [
            list(PARTICIPANTS, 'p', [
              ['entity_type', 'entity_type'],
              ['status', 'status'],
              ['email', 'email'],
              ['phone_number', 'phone'],
              ['is_self', 'is_self'],
            ]),
            i('display_name', 'display_name'),
            i('first_name', 'first_name'),
            i('last_name', 'last_name'),
            i('address', 'address'),
          ].join(', '),
          `${PARTICIPANTS} p ${layout.identities ? `LEFT JOIN ${IDENTITIES} i ON i.rowid = p.identity_id` : ''}`,
        )
      : null;
    this.recurrences = layout.recurrences
      ? ownedCursor(
          ctx,
          RECURRENCES,
          'r',
          list(RECURRENCES, 'r', [
            ['frequency', 'frequency'],
            ['interval', 'interval'],
            ['count', 'count'],
            ['end_date', 'end_date'],
            ['specifier', 'specifier'],
          ]),
          `${RECURRENCES} r`,
        )
      : null;
    this.exceptions = layout.exceptions ? ownedCursor(ctx, EXCEPTIONS, 'e', 'e.date AS date', `${EXCEPTIONS} e`) : null;
    const f = joinedColumns(schema, layout.attachmentFiles, ATTACHMENT_FILES, 'f');
    this.attachments = layout.attachments
      ? ownedCursor(
          ctx,
          ATTACHMENTS,
          'a',
          [
            list(ATTACHMENTS, 'a', [
              ['filename', 'filename'],
              ['file_size', 'file_size'],
              ['format', 'format'],
              ['url', 'url'],
            ]),
            f('filename', 'file_filename'),
            f('file_size', 'file_file_size'),
            f('format', 'file_format'),
          ].join(', '),
          `${ATTACHMENTS} a ${layout.attachmentFiles ? `LEFT JOIN ${ATTACHMENT_FILES} f ON f.ROWID = a.file_id` : ''}`,
        )
      : null;
  }

  finish(): void {
    for (const cursor of [this.participants, this.recurrences, this.exceptions, this.attachments]) cursor?.finish();
  }
}

/** How many calendar_event rows writeEvents will write: the CalendarItem rows with a safe ROWID; null without the table. */
export function countEvents(source: SourceView): number | null {
  return sourceRowCount(source, ITEMS, `ROWID ${SAFE_ROWIDS}`);
}

/** Reads every item and writes its calendar_event row. */
export async function writeEvents(ctx: CalendarContext, layout: CalendarLayout): Promise<void> {
  for (const row of ctx.rows<{ n: unknown }>(`SELECT count(*) AS n FROM ${ITEMS} WHERE ROWID NOT ${SAFE_ROWIDS}`)) {
    const count = integer(row.n) ?? 0;
    if (count > 0) ctx.warn('CALENDAR_ROWID_UNSAFE', `${ITEMS} rows whose ROWID is beyond 2^53 (no row of a real store) were skipped`, count);
  }
  const rows = ctx.rows<SourceRow>(
    `SELECT ${itemSelect(ctx, layout).join(', ')} FROM ${ITEMS} ci ${itemJoins(ctx, layout)} WHERE ci.ROWID ${SAFE_ROWIDS} ORDER BY ci.ROWID`,
  );
  const children = new EventChildren(ctx, layout);
  const reader = new EventReader(ctx, children);
  const events = ctx.table('calendar_event');
  for (const record of rows) {
    const rowid = Number(record.rowid);
    const calendar = integer(record.calendar_rowid);
    if (layout.calendarLinks && calendar === null && link(record.calendar_id) !== null) {
      ctx.warn('CALENDAR_ORPHAN_ITEM', `${ITEMS} rows whose calendar_id matches no Calendar row were kept without a calendar (first: row ${rowid})`, 1, 'calendar_id');
    }
    const row = reader.row(rowid, record, calendar === null ? null : ctx.id('calendar', calendar));
    await events.write(row, { calendar: name(record.calendar_title) } satisfies EventSearchExtra);
  }
  children.finish();
}

/** Builds calendar_event rows: the item's own columns, its times in its zone, and what the child cursors hold for it. */
class EventReader {
  private readonly clock = new WallClock();
  private readonly report: UnknownValueReporter;

  constructor(
    private readonly ctx: CalendarContext,
    private readonly children: EventChildren,
  ) {
    this.report = ctx.warn.bind(ctx);
  }

  row(rowid: number, record: SourceRow, calendarId: string | null): Row {
    const { ctx, report } = this;
    const time = (raw: unknown, source: string, window: TimeWindow) =>
      ctx.time(raw as number | null, 'cocoa-seconds', `${ITEMS}.${source}`, rowid, window);
    const startZone = name(record.start_tz);
    const floating = startZone === FLOATING_ZONE;
    const endZone = this.endZone(rowid, startZone, name(record.end_tz));
    const window = startZone === null ? ENTERED_TIME_WINDOW : ZONED_EVENT_WINDOW;
    const start = time(record.start, 'start_date', window);
    const end = time(record.end, 'end_date', window);
    const organizerId = link(record.organizer_id);
    const original = link(record.orig_item_id);
    if (original !== null && record.master_present === null) {
      ctx.warn('CALENDAR_MASTER_MISSING', `detached occurrences whose recurring event is not in ${ITEMS} keep no link to it (first: row ${rowid})`, 1, 'orig_item_id');
    }
    const attendees = this.attendees(rowid, organizerId);
    const organizer = reachOf(record.organizer_email, record.organizer_phone, record.organizer_address);
    const [latitude, longitude] = position(record.latitude, record.longitude);
    return {
      id: ctx.id('calendar_event', rowid),
      source_rowid: rowid,
      calendar_id: calendarId,
      uuid: uuid(record.uuid),
      unique_identifier: name(record.unique_identifier),
      kind: nameOf(ITEM_KINDS, record.entity_type, report) ?? 'event',
      summary: text(record.summary),
      description: text(record.description),
      start_at: start,
      end_at: end,
      start_local: this.local(start, startZone),
      end_local: this.local(end, endZone),
      time_zone: floating ? null : startZone,
      end_time_zone: endZone !== startZone && endZone !== FLOATING_ZONE ? endZone : null,
      floating,
      all_day: flag(record.all_day),
      location_title: name(record.location_title),
      location_address: name(record.location_address),
      latitude,
      longitude,
      url: name(record.url),
      conference_url: name(record.conference_url),
      status: nameOf(EVENT_STATUSES, record.status, report),
      availability: nameOf(AVAILABILITIES, record.availability, report),
      organizer_name: personName(record.organizer_display, record.organizer_first, record.organizer_last),
      organizer_email: organizer.email,
      organizer_phone: organizer.phone,
      attendees: attendees.listed.length > 0 ? attendees.listed : null,
      attendee_count: attendees.total,
      ...this.recurrence(rowid),
      exception_dates: this.exceptionDates(rowid),
      detached: original !== null,
      original_event_id: original !== null && record.master_present !== null ? ctx.id('calendar_event', original) : null,
      original_start_at: original !== null ? time(record.orig_date, 'orig_date', ENTERED_TIME_WINDOW) : null,
      attachments: this.attachments(rowid),
      due_at: time(record.due, 'due_date', ENTERED_TIME_WINDOW),
      completed_at: time(record.completed, 'completion_date', DEVICE_TIME_WINDOW),
      priority: int32(record.priority, () => this.warnOutOfRange(`${ITEMS}.priority`, rowid)),
      created_at: time(record.created, 'creation_date', DEVICE_TIME_WINDOW),
      modified_at: time(record.modified, 'last_modified', DEVICE_TIME_WINDOW),
    };
  }

  /**
   * The zone the end is read in: end_tz, else start_tz. An event is floating or not as a whole, so when the two
   * disagree on it the end is read as the start says, and that is named.
   */
  private endZone(rowid: number, startZone: string | null, endTz: string | null): string | null {
    if (endTz === null || startZone === null) return endTz ?? startZone;
    if ((endTz === FLOATING_ZONE) === (startZone === FLOATING_ZONE)) return endTz;
    this.ctx.warn('CALENDAR_ZONE_MIXED', `events whose start_tz and end_tz disagree on floating time were read as their start_tz says (first: row ${rowid})`, 1, 'end_tz');
    return startZone;
  }

  /** The wall clock of an instant in the named zone; null (and named once) when the zone is unknown. */
  private local(instant: Date | null, zone: string | null): string | null {
    if (instant === null || zone === null) return null;
    const local = this.clock.local(instant, zone);
    if (local !== undefined) return local;
    this.ctx.warn('CALENDAR_TIME_ZONE_UNKNOWN', `time zones no zone database knows have no wall-clock times (first: ${shownValue(zone)})`, 1, 'start_tz');
    return null;
  }

  private warnOutOfRange(source: string, rowid: number): void {
    this.ctx.warn('CALENDAR_VALUE_OUT_OF_RANGE', `${source}: values beyond 32 bits were stored as NULL (first: event row ${rowid})`, 1, source);
  }

  private listed(cursor: SortedChildCursor<SourceRow> | null, rowid: number, what: string): SourceRow[] {
    if (cursor === null) return [];
    const taken = cursor.takeAtMost(rowid, MAX_LISTED);
    if (taken.total > MAX_LISTED) this.warnCut(rowid, what);
    return taken.rows;
  }

  private warnCut(rowid: number, what: string): void {
    this.ctx.warn('CALENDAR_LIST_CUT', `events with more than ${MAX_LISTED} ${what} list the first ${MAX_LISTED} (first: row ${rowid})`, 1, what);
  }

  private attendees(rowid: number, organizerId: number | null): { listed: Attendee[]; total: number } {
    const { ctx, report } = this;
    const listed: Attendee[] = [];
    const cursor = this.children.participants;
    if (cursor === null) return { listed, total: 0 };
    // One row more than listed, for the organizer's own; rows beyond are not classified and count as attendees.
    const participants = cursor.takeAtMost(rowid, MAX_LISTED + 1);
    let total = participants.total - participants.rows.length;
    for (const row of participants.rows) {
      if (integer(row.rowid) === organizerId) continue;
      const entity = integer(row.entity_type);
      if (entity !== null && entity !== ATTENDEE_ENTITY) {
        ctx.warn('CALENDAR_PARTICIPANT_OTHER', `participants that are neither an attendee (entity type ${ATTENDEE_ENTITY}) nor the event's organizer were not read (first: entity type ${entity}, event row ${rowid})`, 1, 'entity_type');
        continue;
      }
      total += 1;
      if (listed.length === MAX_LISTED) continue;
      listed.push({
        name: personName(row.display_name, row.first_name, row.last_name),
        ...reachOf(row.email, row.phone, row.address),
        status: nameOf(ATTENDEE_STATUSES, row.status, report),
        self: flag(row.is_self),
      });
    }
    if (total > listed.length) this.warnCut(rowid, 'attendees');
    return { listed, total };
  }

  private recurrence(rowid: number): Row {
    const rules = this.children.recurrences?.takeAtMost(rowid, 1) ?? { rows: [], total: 0 };
    const rule = rules.rows[0];
    if (rules.total > 1) {
      this.ctx.warn('CALENDAR_RECURRENCE_EXTRA', `events with more than one recurrence rule were stored with their first (first: row ${rowid})`, rules.total - 1, RECURRENCES);
    }
    if (rule === undefined) {
      return { recurrence_frequency: null, recurrence_interval: null, recurrence_count: null, recurrence_until: null, recurrence_specifier: null };
    }
    return {
      recurrence_frequency: nameOf(FREQUENCIES, rule.frequency, this.report),
      recurrence_interval: int32(rule.interval, () => this.warnOutOfRange(`${RECURRENCES}.interval`, rowid)),
      recurrence_count: positive(int32(rule.count, () => this.warnOutOfRange(`${RECURRENCES}.count`, rowid))),
      recurrence_until: this.ctx.time(rule.end_date as number | null, 'cocoa-seconds', `${RECURRENCES}.end_date`, Number(rule.rowid), ENTERED_TIME_WINDOW),
      recurrence_specifier: name(rule.specifier),
    };
  }

  private exceptionDates(rowid: number): Date[] | null {
    const dates: Date[] = [];
    for (const row of this.listed(this.children.exceptions, rowid, 'deleted occurrences')) {
      const date = this.ctx.time(row.date as number | null, 'cocoa-seconds', `${EXCEPTIONS}.date`, rowid, ENTERED_TIME_WINDOW);
      if (date !== null) dates.push(date);
    }
    return dates.length > 0 ? dates : null;
  }

  private attachments(rowid: number): EventAttachment[] | null {
    const listed: EventAttachment[] = [];
    for (const row of this.listed(this.children.attachments, rowid, 'attachments')) {
      listed.push({
        name: name(row.file_filename) ?? name(row.filename),
        size: positive(row.file_file_size) ?? positive(row.file_size),
        format: name(row.file_format) ?? name(row.format),
        url: name(row.url),
      });
    }
    return listed.length > 0 ? listed : null;
  }
}
