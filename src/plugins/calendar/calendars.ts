// Calendars of Calendar.sqlitedb with the account (Store) holding each: read first (a small table), counted while the
// events stream, and written last with the number of events and reminders each one holds.
import { column, integer, name, uuid } from '../../kernel/coredata.js';
import type { Row } from '../../kernel/plugin.js';
import { CALENDARS, STORES, type CalendarContext, type CalendarLayout } from './layout.js';
import { SHARING, STORE_TYPES, nameOf } from './vocabulary.js';

/** A calendar to write, as the events need it; the counts grow while the events are read. */
export interface CalendarEntry {
  id: string;
  title: string | null;
  row: Row;
  events: number;
  reminders: number;
}

/** Reads every calendar with its store, by ROWID (not written yet: see writeCalendars). */
export function readCalendars(ctx: CalendarContext, layout: CalendarLayout): Map<number, CalendarEntry> {
  const calendars = new Map<number, CalendarEntry>();
  if (!layout.calendars) return calendars;
  const { schema } = ctx;
  const c = (source: string, as: string) => column(schema, CALENDARS, 'c', source, as);
  const s = (source: string, as: string) => (layout.stores ? column(schema, STORES, 's', source, as) : `NULL AS ${as}`);
  const select = [
    'c.ROWID AS rowid',
    c('UUID', 'uuid'),
    c('title', 'title'),
    c('color', 'color'),
    c('type', 'type'),
    c('sharing_status', 'sharing'),
    c('self_identity_email', 'self_email'),
    c('owner_identity_email', 'owner_email'),
    s('name', 'store_name'),
    s('type', 'store_type'),
  ];
  const join = layout.stores ? `LEFT JOIN ${STORES} s ON s.ROWID = c.store_id` : '';
  const report = ctx.warn.bind(ctx);
  for (const record of ctx.rows<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${CALENDARS} c ${join} ORDER BY c.ROWID`)) {
    const rowid = Number(record.rowid);
    const id = ctx.id('calendar', rowid);
    const title = name(record.title);
    const row: Row = {
      id,
      source_rowid: rowid,
      uuid: uuid(record.uuid),
      title,
      color: name(record.color),
      type: name(record.type),
      store_name: name(record.store_name),
      store_type: nameOf(STORE_TYPES, record.store_type, report),
      account_email: mailAddress(record.self_email) ?? mailAddress(record.owner_email),
      sharing: nameOf(SHARING, record.sharing, report),
    };
    calendars.set(rowid, { id, title, row, events: 0, reminders: 0 });
  }
  return calendars;
}

/** Writes the calendar rows with the number of events and reminders the event walk counted. */
export async function writeCalendars(ctx: CalendarContext, calendars: ReadonlyMap<number, CalendarEntry>): Promise<void> {
  const table = ctx.table('calendar');
  for (const calendar of calendars.values()) {
    await table.write({ ...calendar.row, event_count: calendar.events, reminder_count: calendar.reminders });
  }
}

/** An address as stored (`mailto:` and `tel:` prefixes removed); null when blank. */
export function mailAddress(value: unknown): string | null {
  const address = name(value);
  if (address === null) return null;
  const bare = address.replace(/^(?:mailto|tel):/i, '').trim();
  return bare === '' ? null : bare;
}

/** The ROWID a row links to: null for 0 (the stores' "none") or a non-number. */
export function link(value: unknown): number | null {
  const rowid = integer(value);
  return rowid === null || rowid === 0 ? null : rowid;
}
