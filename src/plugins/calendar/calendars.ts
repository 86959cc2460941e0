// Calendars of Calendar.sqlitedb with the account (Store) holding each and the number of events and reminders each
// holds (counted by SQLite in one grouped pass over CalendarItem), streamed and written before the events.
import { column, integer, joinedColumns, name, uuid } from '../../kernel/coredata.js';
import { CALENDARS, ITEMS, STORES, type CalendarContext, type CalendarLayout } from './layout.js';
import { SHARING, STORE_TYPES, nameOf } from './vocabulary.js';

/** Writes one calendar row per Calendar row, in ROWID order. */
export async function writeCalendars(ctx: CalendarContext, layout: CalendarLayout): Promise<void> {
  if (!layout.calendars) return;
  const { schema } = ctx;
  const c = (source: string, as: string) => column(schema, CALENDARS, 'c', source, as);
  const s = joinedColumns(schema, layout.stores, STORES, 's');
  const reminders = schema.hasColumn(ITEMS, 'entity_type') ? 'sum(entity_type = 3)' : '0';
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
    layout.calendarLinks ? 'n.items AS items' : '0 AS items',
    layout.calendarLinks ? 'n.reminders AS reminders' : '0 AS reminders',
  ];
  const joins = [
    layout.stores ? `LEFT JOIN ${STORES} s ON s.ROWID = c.store_id` : '',
    layout.calendarLinks
      ? `LEFT JOIN (SELECT calendar_id, count(*) AS items, ${reminders} AS reminders FROM ${ITEMS} GROUP BY calendar_id) n ON n.calendar_id = c.ROWID`
      : '',
  ];
  const report = ctx.warn.bind(ctx);
  const table = ctx.table('calendar');
  for (const record of ctx.rows<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${CALENDARS} c ${joins.join(' ')} ORDER BY c.ROWID`)) {
    const rowid = Number(record.rowid);
    const items = integer(record.items) ?? 0;
    const reminderCount = integer(record.reminders) ?? 0;
    await table.write({
      id: ctx.id('calendar', rowid),
      source_rowid: rowid,
      uuid: uuid(record.uuid),
      title: name(record.title),
      color: name(record.color),
      type: name(record.type),
      store_name: name(record.store_name),
      store_type: nameOf(STORE_TYPES, record.store_type, report),
      account_email: mailAddress(record.self_email) ?? mailAddress(record.owner_email),
      sharing: nameOf(SHARING, record.sharing, report),
      event_count: items - reminderCount,
      reminder_count: reminderCount,
    });
  }
}

/** An email address as stored, without `mailto:`; null when blank or when it is a `tel:` address. */
export function mailAddress(value: unknown): string | null {
  const address = name(value);
  if (address === null || /^tel:/i.test(address)) return null;
  const bare = address.replace(/^mailto:/i, '').trim();
  return bare === '' ? null : bare;
}

/** A phone number from a `tel:` address; null for anything else. */
export function telAddress(value: unknown): string | null {
  const address = name(value);
  if (address === null || !/^tel:/i.test(address)) return null;
  const bare = address.slice(4).trim();
  return bare === '' ? null : bare;
}

/** The ROWID a row links to: null for 0 (the stores' "none") or a non-number. */
export function link(value: unknown): number | null {
  const rowid = integer(value);
  return rowid === null || rowid === 0 ? null : rowid;
}
