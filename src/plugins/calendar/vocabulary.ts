// The coded values of Calendar.sqlitedb by name: account (Store) types, item kinds, event status and availability,
// attendee answers, recurrence frequencies, calendar sharing. A value outside a table is kept as `unknown-N` and named.
import { integer } from '../../kernel/coredata.js';

/** A coded column: its values by name, and what the warning about an unlisted value calls the column. */
export interface Vocabulary {
  /** Warning subject, e.g. `Store.type`. */
  column: string;
  names: ReadonlyMap<number, string>;
}

function vocabulary(column: string, entries: ReadonlyArray<[number, string]>): Vocabulary {
  return { column, names: new Map(entries) };
}

/** Store.type: the kind of account (the same numbering as EventKit's source types). */
export const STORE_TYPES = vocabulary('Store.type', [
  [0, 'local'],
  [1, 'exchange'],
  [2, 'caldav'],
  [3, 'mobileme'],
  [4, 'subscribed'],
  [5, 'birthdays'],
]);

/** CalendarItem.entity_type: events, and the reminders iOS 12 and earlier kept in the same table. */
export const ITEM_KINDS = vocabulary('CalendarItem.entity_type', [
  [2, 'event'],
  [3, 'reminder'],
]);

/** CalendarItem.status. */
export const EVENT_STATUSES = vocabulary('CalendarItem.status', [
  [0, 'none'],
  [1, 'confirmed'],
  [2, 'tentative'],
  [3, 'canceled'],
]);

/** CalendarItem.availability: how the event shows in free/busy. */
export const AVAILABILITIES = vocabulary('CalendarItem.availability', [
  [-1, 'not-supported'],
  [0, 'busy'],
  [1, 'free'],
  [2, 'tentative'],
  [3, 'unavailable'],
]);

/**
 * Participant.status: an attendee's answer, as forensic tools read it on real iOS 12 to 18 stores (7 is a second
 * "no response"). The store's own numbering, not EventKit's. No fixture here has a participant to confirm it.
 */
export const ATTENDEE_STATUSES = vocabulary('Participant.status', [
  [0, 'no-response'],
  [1, 'accepted'],
  [2, 'declined'],
  [3, 'tentative'],
  [7, 'no-response'],
]);

/** Recurrence.frequency. */
export const FREQUENCIES = vocabulary('Recurrence.frequency', [
  [1, 'daily'],
  [2, 'weekly'],
  [3, 'monthly'],
  [4, 'yearly'],
]);

/** Calendar.sharing_status. */
export const SHARING = vocabulary('Calendar.sharing_status', [
  [0, 'not-shared'],
  [1, 'shared-by-me'],
  [2, 'shared-with-me'],
]);

/** Participant.entity_type of an attendee (the organizer's row has its own type and is reached by organizer_id). */
export const ATTENDEE_ENTITY = 7;

/** Receives one note per unlisted value; the context counts them under one warning per column. */
export type UnknownValueReporter = (code: string, message: string, count: number, subject: string) => void;

/** The name of a coded value; null when absent, `unknown-N` (reported) when the table does not list it. */
export function nameOf(vocab: Vocabulary, raw: unknown, report: UnknownValueReporter): string | null {
  const code = integer(raw);
  if (code === null) return null;
  const known = vocab.names.get(code);
  if (known !== undefined) return known;
  report('CALENDAR_VALUE_UNKNOWN', `${vocab.column}: values without a known meaning were kept as unknown-<value> (first: ${code})`, 1, vocab.column);
  return `unknown-${code}`;
}
