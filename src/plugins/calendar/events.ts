// Events of Calendar.sqlitedb streamed in ROWID order with their place and organizer joined in the same query; their
// attendees, recurrence rule, deleted occurrences and attachments come from cursors walking those tables in owner
// order beside them. Times are instants in UTC plus the wall clock of the event's own zone (floating ones kept as stored).
import { SortedChildCursor } from '../../kernel/cursor.js';
import { column, flag, int32, integer, name, position, positive, text, uuid } from '../../kernel/coredata.js';
import type { Row } from '../../kernel/plugin.js';
import { ENTERED_TIME_WINDOW, type TimeWindow } from '../../kernel/time.js';
import { link, mailAddress, type CalendarEntry } from './calendars.js';
import {
  ATTACHMENTS,
  ATTACHMENT_FILES,
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

type Record_ = Record<string, unknown>;

/** The name of a person from an Identity (display name, else first and last name), else null. */
function personName(display: unknown, first: unknown, last: unknown): string | null {
  return name(display) ?? name([name(first), name(last)].filter((part) => part !== null).join(' '));
}

function itemSelect(ctx: CalendarContext, layout: CalendarLayout): string[] {
  const { schema } = ctx;
  const ci = (source: string, as: string) => column(schema, ITEMS, 'ci', source, as);
  const l = (source: string, as: string) => (layout.locations ? column(schema, LOCATIONS, 'l', source, as) : `NULL AS ${as}`);
  const organizer = layout.participants && schema.hasColumn(ITEMS, 'organizer_id');
  const o = (source: string, as: string) => (organizer ? column(schema, PARTICIPANTS, 'o', source, as) : `NULL AS ${as}`);
  const oi = (source: string, as: string) =>
    organizer && layout.identities ? column(schema, IDENTITIES, 'oi', source, as) : `NULL AS ${as}`;
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
    ci('url', 'url'),
    layout.conferenceColumns.length > 0
      ? `COALESCE(${layout.conferenceColumns.map((col) => `ci.${col}`).join(', ')}, NULL) AS conference_url`
      : 'NULL AS conference_url',
    ci('status', 'status'),
    ci('availability', 'availability'),
    ci('organizer_id', 'organizer_id'),
    ci('orig_item_id', 'orig_item_id'),
    ci('orig_date', 'orig_date'),
    ci('creation_date', 'created'),
    ci('last_modified', 'modified'),
    schema.hasColumn(ITEMS, 'orig_item_id')
      ? `(SELECT 1 FROM ${ITEMS} m WHERE m.ROWID = ci.orig_item_id) AS master_present`
      : 'NULL AS master_present',
    l('title', 'location_title'),
    l('address', 'location_address'),
    l('latitude', 'latitude'),
    l('longitude', 'longitude'),
    o('email', 'organizer_email'),
    oi('display_name', 'organizer_display'),
    oi('first_name', 'organizer_first'),
    oi('last_name', 'organizer_last'),
    oi('address', 'organizer_address'),
  ];
}

function itemJoins(ctx: CalendarContext, layout: CalendarLayout): string {
  const joins: string[] = [];
  if (layout.locations) joins.push(`LEFT JOIN ${LOCATIONS} l ON l.ROWID = ci.location_id`);
  if (layout.participants && ctx.schema.hasColumn(ITEMS, 'organizer_id')) {
    joins.push(`LEFT JOIN ${PARTICIPANTS} o ON o.ROWID = ci.organizer_id`);
    if (layout.identities) joins.push(`LEFT JOIN ${IDENTITIES} oi ON oi.rowid = o.identity_id`);
  }
  return joins.join(' ');
}

/** A cursor over `sql`'s rows keyed by their integer `owner`, sorted; rows of owners that are not items are named. */
function ownedCursor(ctx: CalendarContext, table: string, sql: string): SortedChildCursor<Record_> {
  return new SortedChildCursor<Record_>(ctx.rows<Record_>(sql), (row) => Number(row.owner), () =>
    ctx.warn('CALENDAR_ORPHAN_ROW', `${table} rows whose owner_id matches no ${ITEMS} row were skipped`, 1, table),
  );
}

/** The child tables of the events, each walked in owner order beside them; null where the store lacks the table. */
class EventChildren {
  readonly participants: SortedChildCursor<Record_> | null;
  readonly recurrences: SortedChildCursor<Record_> | null;
  readonly exceptions: SortedChildCursor<Record_> | null;
  readonly attachments: SortedChildCursor<Record_> | null;

  constructor(ctx: CalendarContext, layout: CalendarLayout) {
    const { schema } = ctx;
    const owned = (alias: string) => `WHERE typeof(${alias}.owner_id) = 'integer' ORDER BY ${alias}.owner_id, ${alias}.ROWID`;
    const p = (source: string, as: string) => column(schema, PARTICIPANTS, 'p', source, as);
    const i = (source: string, as: string) => (layout.identities ? column(schema, IDENTITIES, 'i', source, as) : `NULL AS ${as}`);
    this.participants = layout.participants
      ? ownedCursor(
          ctx,
          PARTICIPANTS,
          `SELECT p.ROWID AS rowid, p.owner_id AS owner, ${[
            p('entity_type', 'entity_type'),
            p('status', 'status'),
            p('email', 'email'),
            p('phone_number', 'phone'),
            p('is_self', 'is_self'),
            i('display_name', 'display_name'),
            i('first_name', 'first_name'),
            i('last_name', 'last_name'),
            i('address', 'address'),
          ].join(', ')} FROM ${PARTICIPANTS} p ${layout.identities ? `LEFT JOIN ${IDENTITIES} i ON i.rowid = p.identity_id` : ''} ${owned('p')}`,
        )
      : null;
    const r = (source: string, as: string) => column(schema, RECURRENCES, 'r', source, as);
    this.recurrences = layout.recurrences
      ? ownedCursor(
          ctx,
          RECURRENCES,
          `SELECT r.ROWID AS rowid, r.owner_id AS owner, ${[r('frequency', 'frequency'), r('interval', 'interval'), r('count', 'count'), r('end_date', 'end_date'), r('specifier', 'specifier')].join(', ')} FROM ${RECURRENCES} r ${owned('r')}`,
        )
      : null;
    this.exceptions = layout.exceptions
      ? ownedCursor(ctx, EXCEPTIONS, `SELECT e.owner_id AS owner, e.date AS date FROM ${EXCEPTIONS} e ${owned('e')}`)
      : null;
    const a = (source: string, as: string) => column(schema, ATTACHMENTS, 'a', source, as);
    const f = (source: string, as: string) => (layout.attachmentFiles ? column(schema, ATTACHMENT_FILES, 'f', source, as) : `NULL AS ${as}`);
    this.attachments = layout.attachments
      ? ownedCursor(
          ctx,
          ATTACHMENTS,
          `SELECT a.ROWID AS rowid, a.owner_id AS owner, ${[
            a('filename', 'filename'),
            a('file_size', 'file_size'),
            a('format', 'format'),
            a('url', 'url'),
            f('filename', 'file_filename'),
            f('file_size', 'file_file_size'),
            f('format', 'file_format'),
          ].join(', ')} FROM ${ATTACHMENTS} a ${layout.attachmentFiles ? `LEFT JOIN ${ATTACHMENT_FILES} f ON f.ROWID = a.file_id` : ''} ${owned('a')}`,
        )
      : null;
  }

  finish(): void {
    for (const cursor of [this.participants, this.recurrences, this.exceptions, this.attachments]) cursor?.finish();
  }
}

/** Reads every item and writes its calendar_event row, counting each calendar's events and reminders on its entry. */
export async function writeEvents(ctx: CalendarContext, layout: CalendarLayout, calendars: ReadonlyMap<number, CalendarEntry>): Promise<void> {
  const rows = ctx.rows<Record_>(`SELECT ${itemSelect(ctx, layout).join(', ')} FROM ${ITEMS} ci ${itemJoins(ctx, layout)} ORDER BY ci.ROWID`);
  const children = new EventChildren(ctx, layout);
  const reader = new EventReader(ctx, children);
  const events = ctx.table('calendar_event');
  for (const record of rows) {
    const rowid = Number(record.rowid);
    const calendarRowid = link(record.calendar_id);
    const calendar = calendarRowid === null ? undefined : calendars.get(calendarRowid);
    if (calendarRowid !== null && calendar === undefined) {
      ctx.warn('CALENDAR_ORPHAN_ITEM', `${ITEMS} rows whose calendar_id matches no Calendar row were kept without a calendar (first: row ${rowid})`, 1, 'calendar_id');
    }
    const row = reader.row(rowid, record, calendar?.id ?? null);
    if (calendar && row.kind === 'reminder') calendar.reminders += 1;
    else if (calendar) calendar.events += 1;
    await events.write(row, { calendar: calendar?.title ?? null } satisfies EventSearchExtra);
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

  row(rowid: number, record: Record_, calendarId: string | null): Row {
    const { ctx, report } = this;
    const time = (raw: unknown, source: string, window?: TimeWindow) => ctx.time(raw as number | null, 'cocoa-seconds', `${ITEMS}.${source}`, rowid, window);
    const startZone = name(record.start_tz);
    const endZone = name(record.end_tz) ?? startZone;
    // An event's dates are entered by a person: a birthday or a yearly series may start long before 1990.
    const start = time(record.start, 'start_date', ENTERED_TIME_WINDOW);
    const end = time(record.end, 'end_date', ENTERED_TIME_WINDOW);
    const floating = startZone === FLOATING_ZONE;
    const organizerId = link(record.organizer_id);
    const original = link(record.orig_item_id);
    if (original !== null && record.master_present === null) {
      ctx.warn('CALENDAR_MASTER_MISSING', `detached occurrences whose recurring event is not in ${ITEMS} keep no link to it (first: row ${rowid})`);
    }
    const attendees = this.attendees(rowid, organizerId);
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
      organizer_email: mailAddress(record.organizer_email) ?? mailAddress(record.organizer_address),
      attendees: attendees.listed.length > 0 ? attendees.listed : null,
      attendee_count: attendees.total,
      ...this.recurrence(rowid),
      exception_dates: this.exceptionDates(rowid),
      detached: original !== null,
      original_event_id: original !== null && record.master_present !== null ? ctx.id('calendar_event', original) : null,
      original_start_at: original !== null ? time(record.orig_date, 'orig_date', ENTERED_TIME_WINDOW) : null,
      attachments: this.attachments(rowid),
      created_at: time(record.created, 'creation_date'),
      modified_at: time(record.modified, 'last_modified'),
    };
  }

  /** The wall clock of an instant in the named zone; null (and named once) when the zone is unknown. */
  private local(instant: Date | null, zone: string | null): string | null {
    if (instant === null || zone === null) return null;
    const local = this.clock.local(instant, zone);
    if (local !== undefined) return local;
    this.ctx.warn('CALENDAR_TIME_ZONE_UNKNOWN', `time zones no zone database knows have no wall-clock times (first: ${JSON.stringify(zone.slice(0, 40))})`);
    return null;
  }

  private listed(cursor: SortedChildCursor<Record_> | null, rowid: number, what: string): { rows: Record_[]; total: number } {
    if (cursor === null) return { rows: [], total: 0 };
    const taken = cursor.takeAtMost(rowid, MAX_LISTED);
    if (taken.total > MAX_LISTED) this.warnCut(rowid, what);
    return taken;
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
        ctx.warn('CALENDAR_PARTICIPANT_OTHER', `participants of entity type ${entity} that are not an event's organizer were not read as attendees`, 1, `entity ${entity}`);
        continue;
      }
      total += 1;
      if (listed.length === MAX_LISTED) continue;
      listed.push({
        name: personName(row.display_name, row.first_name, row.last_name),
        email: mailAddress(row.email) ?? mailAddress(row.address),
        phone: name(row.phone),
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
      this.ctx.warn('CALENDAR_RECURRENCE_EXTRA', `events with more than one recurrence rule were stored with their first (first: row ${rowid})`);
    }
    const bounded = (raw: unknown, source: string) =>
      int32(raw, () =>
        this.ctx.warn('CALENDAR_VALUE_OUT_OF_RANGE', `${RECURRENCES}.${source}: values beyond 32 bits were stored as NULL (first: event row ${rowid})`, 1, source),
      );
    return {
      recurrence_frequency: rule ? nameOf(FREQUENCIES, rule.frequency, this.report) : null,
      recurrence_interval: rule ? bounded(rule.interval, 'interval') : null,
      recurrence_count: rule ? positive(bounded(rule.count, 'count')) : null,
      recurrence_until: rule
        ? this.ctx.time(rule.end_date as number | null, 'cocoa-seconds', `${RECURRENCES}.end_date`, Number(rule.rowid), ENTERED_TIME_WINDOW)
        : null,
      recurrence_specifier: rule ? name(rule.specifier) : null,
    };
  }

  private exceptionDates(rowid: number): Date[] | null {
    const dates: Date[] = [];
    for (const row of this.listed(this.children.exceptions, rowid, 'deleted occurrences').rows) {
      const date = this.ctx.time(row.date as number | null, 'cocoa-seconds', `${EXCEPTIONS}.date`, rowid, ENTERED_TIME_WINDOW);
      if (date !== null) dates.push(date);
    }
    return dates.length > 0 ? dates : null;
  }

  private attachments(rowid: number): EventAttachment[] | null {
    const listed: EventAttachment[] = [];
    for (const row of this.listed(this.children.attachments, rowid, 'attachments').rows) {
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

