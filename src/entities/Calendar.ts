// Calendar domain tables read from Calendar.sqlitedb (HomeDomain): the calendars with the account (store) holding
// them, and every CalendarItem with its place, people, recurrence and attachments.
import { Entity, ManyToOne, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** One row of Calendar, with its Store (the account: local, iCloud/CalDAV, Exchange, subscribed, birthdays). */
@Entity({ tableName: 'calendar' })
export class Calendar extends DomainRow {
  /** Calendar.UUID. */
  @Property({ type: 'text', nullable: true })
  uuid?: string | null;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** Calendar.color as stored, e.g. `#1BADF8`. */
  @Property({ type: 'text', nullable: true })
  color?: string | null;

  /** Calendar.type as stored (text the account gives it, often empty). */
  @Property({ type: 'text', nullable: true })
  type?: string | null;

  /** Store.name: the account, e.g. `iCloud`, `Default`, `Subscribed Calendars`. */
  @Property({ type: 'text', nullable: true })
  storeName?: string | null;

  /** Store.type by name: `local`, `exchange`, `caldav` (iCloud included), `mobileme`, `subscribed`, `birthdays`, or `unknown-N`. */
  @Property({ type: 'text', nullable: true })
  storeType?: string | null;

  /** Calendar.self_identity_email, else owner_identity_email: the address of the account that holds it. */
  @Property({ type: 'text', nullable: true })
  accountEmail?: string | null;

  /** Calendar.sharing_status by name: `not-shared`, `shared-by-me`, `shared-with-me`, or `unknown-N`. */
  @Property({ type: 'text', nullable: true })
  sharing?: string | null;

  /** Items of the calendar other than reminders: events (CalendarItem.entity_type 2), and items of an unknown type. */
  @Property({ type: 'integer' })
  eventCount!: number;

  /** Items of the calendar read as reminders (entity_type 3, iOS 12 and earlier kept reminders here). */
  @Property({ type: 'integer' })
  reminderCount!: number;
}

/** One CalendarItem: an event (or a reminder of an older store), detached occurrences of recurring events included. */
@Entity({ tableName: 'calendar_event' })
export class CalendarEvent extends DomainRow {
  @ManyToOne(() => Calendar, { createForeignKeyConstraint: false, fieldName: 'calendar_id', nullable: true })
  calendar?: Calendar | null;

  /** CalendarItem.UUID. */
  @Property({ type: 'text', nullable: true })
  uuid?: string | null;

  /** CalendarItem.unique_identifier: the event's identity on its account (the iCalendar UID for CalDAV). */
  @Property({ type: 'text', nullable: true })
  uniqueIdentifier?: string | null;

  /** `event` (entity_type 2), `reminder` (3), or `unknown-N`. */
  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  /** CalendarItem.description: the notes of the event. */
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** start_date (Cocoa seconds) as an instant; for a floating event, its wall-clock time read as UTC. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  startAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endAt?: Date | null;

  /** Wall-clock start in the event's own time zone (for a floating event, the stored wall clock), never the machine's. */
  @Property({ type: 'string', columnType: 'timestamp', nullable: true })
  startLocal?: string | null;

  @Property({ type: 'string', columnType: 'timestamp', nullable: true })
  endLocal?: string | null;

  /** start_tz: the event's time zone name (e.g. `Europe/London`); null for a floating event. */
  @Property({ type: 'text', nullable: true })
  timeZone?: string | null;

  /** end_tz when it differs from start_tz (a flight, say). */
  @Property({ type: 'text', nullable: true })
  endTimeZone?: string | null;

  /** start_tz `_float`: the time is the same wall clock in every zone (holidays, birthdays, most all-day events). */
  @Property({ type: 'boolean' })
  floating!: boolean;

  @Property({ type: 'boolean', nullable: true })
  allDay?: boolean | null;

  /** Location.title. */
  @Property({ type: 'text', nullable: true })
  locationTitle?: string | null;

  /** Location.address (iOS 9 and later). */
  @Property({ type: 'text', nullable: true })
  locationAddress?: string | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Property({ type: 'text', nullable: true })
  url?: string | null;

  /** conference_url_detected, else conference_url: the video call link. */
  @Property({ type: 'text', nullable: true })
  conferenceUrl?: string | null;

  /** `none`, `confirmed`, `tentative`, `canceled`, or `unknown-N`. */
  @Property({ type: 'text', nullable: true })
  status?: string | null;

  /** `busy`, `free`, `tentative`, `unavailable`, or `unknown-N`. */
  @Property({ type: 'text', nullable: true })
  availability?: string | null;

  /** The organizer's name (Identity, else the participant row). */
  @Property({ type: 'text', nullable: true })
  organizerName?: string | null;

  /** The organizer's address, without `mailto:`. */
  @Property({ type: 'text', nullable: true })
  organizerEmail?: string | null;

  /** The organizer's phone number (Participant.phone_number, or a `tel:` address). */
  @Property({ type: 'text', nullable: true })
  organizerPhone?: string | null;

  /** Attendees in Participant order: `{name, email, phone, status, self}` (status `accepted`, `declined`, ...). */
  @Property({ type: 'json', nullable: true })
  attendees?: unknown[] | null;

  @Property({ type: 'integer' })
  attendeeCount!: number;

  /** `daily`, `weekly`, `monthly`, `yearly`, or `unknown-N`; null when the event does not repeat. */
  @Property({ type: 'text', nullable: true })
  recurrenceFrequency?: string | null;

  /** Every how many periods it repeats (2 with weekly: every other week). */
  @Property({ type: 'integer', nullable: true })
  recurrenceInterval?: number | null;

  /** How many occurrences it has; null when it ends on a date or never. */
  @Property({ type: 'integer', nullable: true })
  recurrenceCount?: number | null;

  /** The date it repeats until; null when it ends after a count or never. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  recurrenceUntil?: Date | null;

  /** Recurrence.specifier as stored, e.g. `D=+3MO` (the third Monday). */
  @Property({ type: 'text', nullable: true })
  recurrenceSpecifier?: string | null;

  /** ExceptionDate rows: occurrences of a recurring event that were deleted. */
  @Property({ type: 'json', nullable: true })
  exceptionDates?: unknown[] | null;

  /** orig_item_id set: this row is one occurrence of a recurring event, changed on its own. */
  @Property({ type: 'boolean' })
  detached!: boolean;

  /** The recurring event it was detached from (its calendar_event id); null when that row is not in the store. */
  @Property({ type: 'uuid', nullable: true })
  originalEventId?: string | null;

  /** orig_date: when the occurrence was due before it was changed. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  originalStartAt?: Date | null;

  /** Attachment (and AttachmentFile) rows: `{name, size, format, url}`. */
  @Property({ type: 'json', nullable: true })
  attachments?: unknown[] | null;

  /** due_date: when a reminder is due. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  /** completion_date: when a reminder was marked done. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  /** CalendarItem.priority as stored (a reminder's, on the iCalendar scale: 0 none, 1 highest ... 9 lowest). */
  @Property({ type: 'integer', nullable: true })
  priority?: number | null;

  /** creation_date. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  /** last_modified. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  modifiedAt?: Date | null;
}
