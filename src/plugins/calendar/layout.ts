// What a Calendar.sqlitedb holds, decided by introspection: CalendarItem is required; the calendar, account, place,
// people, recurrence, exception and attachment tables are each used only when present with the columns that link
// them, and the columns only some versions have (end_tz, Location.address, conference URLs, AttachmentFile) are probed.
import { warnMissingColumns } from '../../kernel/coredata.js';
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import type { ParseContext } from '../../kernel/plugin.js';

/** The parse context of this plugin (it has no options). */
export type CalendarContext = ParseContext<Readonly<Record<string, unknown>>>;

export const ITEMS = 'CalendarItem';
export const CALENDARS = 'Calendar';
export const STORES = 'Store';
export const LOCATIONS = 'Location';
export const PARTICIPANTS = 'Participant';
export const IDENTITIES = 'Identity';
export const RECURRENCES = 'Recurrence';
export const EXCEPTIONS = 'ExceptionDate';
export const ATTACHMENTS = 'Attachment';
export const ATTACHMENT_FILES = 'AttachmentFile';

/** Which linked tables this store lets the parser read. */
export interface CalendarLayout {
  calendars: boolean;
  /** CalendarItem.calendar_id reaches Calendar rows (items are counted per calendar and linked to theirs). */
  calendarLinks: boolean;
  stores: boolean;
  locations: boolean;
  /** Participant rows by owner (the attendees). */
  participants: boolean;
  /** The organizer's Participant row by CalendarItem.organizer_id. */
  organizers: boolean;
  identities: boolean;
  recurrences: boolean;
  exceptions: boolean;
  attachments: boolean;
  /** Attachment.file_id -> AttachmentFile (iOS 13 and later) holds the file names and sizes. */
  attachmentFiles: boolean;
  /** The conference link columns present, in the order read: `conference_url_detected` (newer stores), `conference_url`. */
  conferenceColumns: string[];
}

/** CalendarItem columns every known version has, with what a store without one loses. */
const EXPECTED_ITEM_COLUMNS: ReadonlyArray<[string, string]> = [
  ['summary', 'titles are NULL'],
  ['description', 'notes are NULL'],
  ['start_date', 'start times are NULL'],
  ['end_date', 'end times are NULL'],
  ['start_tz', 'time zones are unknown and no event is known to be floating'],
  ['all_day', 'whether an event lasts all day is unknown (NULL)'],
  ['calendar_id', 'events are not linked to their calendars'],
  ['entity_type', 'every item is read as an event'],
  ['location_id', 'places are NULL'],
  ['organizer_id', 'organizers are NULL'],
  ['orig_item_id', 'detached occurrences of recurring events are not recognized'],
  ['orig_date', 'the original dates of detached occurrences are NULL'],
  ['creation_date', 'creation times are NULL'],
  ['last_modified', 'modification times are NULL'],
  ['unique_identifier', 'the identifiers events have on their accounts are NULL'],
  ['status', 'statuses are NULL'],
  ['availability', 'availabilities are NULL'],
  ['url', 'URLs are NULL'],
  ['UUID', 'uuids are NULL'],
];

/** Linked tables: the columns without which the table cannot be read, and what the user loses then. */
const LINKED_TABLES: ReadonlyArray<[table: string, required: readonly string[], effect: string]> = [
  [CALENDARS, [], 'events keep no calendar'],
  [STORES, [], 'calendars keep no account'],
  [LOCATIONS, [], 'events keep no place'],
  [PARTICIPANTS, ['owner_id'], 'events keep no organizer or attendees'],
  [IDENTITIES, [], 'organizers and attendees keep only the address on their participant row'],
  [RECURRENCES, ['owner_id'], 'recurring events keep no rule'],
  [EXCEPTIONS, ['owner_id', 'date'], 'deleted occurrences of recurring events are not listed'],
  [ATTACHMENTS, ['owner_id'], 'events keep no attachments'],
];

/** Columns of the linked tables, named when a present table lacks one. */
const EXPECTED_LINKED_COLUMNS: ReadonlyArray<[string, string, string]> = [
  [CALENDARS, 'title', 'calendar titles are NULL'],
  [CALENDARS, 'store_id', 'calendars keep no account'],
  [STORES, 'name', 'account names are NULL'],
  [STORES, 'type', 'account types are NULL'],
  [LOCATIONS, 'title', 'place names are NULL'],
  [LOCATIONS, 'latitude', 'coordinates are NULL'],
  [LOCATIONS, 'longitude', 'coordinates are NULL'],
  [PARTICIPANTS, 'email', 'participant addresses come only from Identity'],
  [PARTICIPANTS, 'status', 'attendee answers are NULL'],
  [PARTICIPANTS, 'identity_id', 'participant names are NULL'],
  [PARTICIPANTS, 'entity_type', 'every participant other than the organizer is read as an attendee'],
  [IDENTITIES, 'display_name', 'participant names come only from first and last names'],
  [IDENTITIES, 'address', 'participant addresses come only from the participant rows'],
  [RECURRENCES, 'frequency', 'recurrence frequencies are NULL'],
  [RECURRENCES, 'interval', 'recurrence intervals are NULL'],
  [RECURRENCES, 'end_date', 'recurrence end dates are NULL'],
  [ATTACHMENTS, 'filename', 'attachment names are NULL unless AttachmentFile has them'],
];

/** Decides the layout and the variant; a store without CalendarItem is an UnsupportedSchemaError. */
export function readCalendarLayout(ctx: CalendarContext): CalendarLayout {
  const { schema } = ctx;
  if (!schema.hasTable(ITEMS)) {
    const found = schema.tables().slice(0, 8).join(', ') || 'no tables';
    throw new UnsupportedSchemaError(`not a Calendar.sqlitedb store: it has no ${ITEMS} table (found: ${found})`);
  }
  warnMissingColumns(ctx, 'CALENDAR_COLUMN_MISSING', EXPECTED_ITEM_COLUMNS.map(([col, effect]) => [ITEMS, col, effect] as const));
  const usable = new Map<string, boolean>();
  for (const [table, required, effect] of LINKED_TABLES) {
    const lacking = required.filter((col) => !schema.hasColumn(table, col));
    if (!schema.hasTable(table)) ctx.warn('CALENDAR_TABLE_MISSING', `${table} is missing: ${effect}`);
    else if (lacking.length > 0) ctx.warn('CALENDAR_TABLE_UNREAD', `${table} has no ${lacking.join(', ')} column: ${effect}`);
    usable.set(table, schema.hasTable(table) && lacking.length === 0);
  }
  warnMissingColumns(ctx, 'CALENDAR_COLUMN_MISSING', EXPECTED_LINKED_COLUMNS);

  const attachments = usable.get(ATTACHMENTS)!;
  const layout: CalendarLayout = {
    calendars: usable.get(CALENDARS)!,
    calendarLinks: usable.get(CALENDARS)! && schema.hasColumn(ITEMS, 'calendar_id'),
    stores: usable.get(STORES)! && schema.hasColumn(CALENDARS, 'store_id'),
    locations: usable.get(LOCATIONS)! && schema.hasColumn(ITEMS, 'location_id'),
    participants: usable.get(PARTICIPANTS)!,
    organizers: schema.hasTable(PARTICIPANTS) && schema.hasColumn(ITEMS, 'organizer_id'),
    identities: usable.get(IDENTITIES)! && schema.hasColumn(PARTICIPANTS, 'identity_id'),
    recurrences: usable.get(RECURRENCES)!,
    exceptions: usable.get(EXCEPTIONS)!,
    attachments,
    attachmentFiles: attachments && schema.hasColumn(ATTACHMENTS, 'file_id') && schema.hasTable(ATTACHMENT_FILES),
    conferenceColumns: ['conference_url_detected', 'conference_url'].filter((col) => schema.hasColumn(ITEMS, col)),
  };
  ctx.setVariant(variantOf(ctx, layout));
  return layout;
}

/** `_ClientVersion` of _SqliteDatabaseProperties (the store's own schema version), or null. */
function clientVersion(ctx: CalendarContext): string | null {
  const { schema } = ctx;
  if (!schema.hasColumn('_SqliteDatabaseProperties', 'key') || !schema.hasColumn('_SqliteDatabaseProperties', 'value')) return null;
  for (const row of ctx.rows<{ value: unknown }>("SELECT value FROM _SqliteDatabaseProperties WHERE key = '_ClientVersion' LIMIT 1")) {
    return row.value === null ? null : String(row.value).slice(0, 40);
  }
  return null;
}

/** e.g. `client 108, no Location.address, no end_tz` or `client 122, AttachmentFile, conference_url_detected`. */
function variantOf(ctx: CalendarContext, layout: CalendarLayout): string {
  const { schema } = ctx;
  const version = clientVersion(ctx);
  const parts = [version === null ? 'no client version' : `client ${version}`];
  if (layout.attachmentFiles) parts.push(ATTACHMENT_FILES);
  if (layout.conferenceColumns.length > 0) parts.push(layout.conferenceColumns[0]!);
  if (layout.locations && !schema.hasColumn(LOCATIONS, 'address')) parts.push('no Location.address');
  if (!schema.hasColumn(ITEMS, 'end_tz')) parts.push('no end_tz');
  return parts.join(', ');
}
