// Calendar search mapper: one document per event (or reminder), titled by its summary, with its notes, place,
// organizer, attendees and calendar in the body and its people as participants, dated by its start (a reminder's
// by its due date when it has no start).
import { distinctTexts, presentText, type Row, type SearchDocument, type SearchMapper } from '../../kernel/plugin.js';
import type { Attendee, EventSearchExtra } from './events.js';

/** `Name <address>`, or whichever of the two is known. */
function person(name: unknown, email: unknown): string | null {
  const shown = presentText(name);
  const address = presentText(email);
  if (shown && address) return `${shown} <${address}>`;
  return shown ?? address;
}

function eventDocument(row: Row, extra: unknown): SearchDocument {
  const calendar = (extra as EventSearchExtra | undefined)?.calendar ?? null;
  const attendees = (row.attendees as Attendee[] | null) ?? [];
  const people = [person(row.organizer_name, row.organizer_email), ...attendees.map((attendee) => person(attendee.name, attendee.email))];
  const lines = distinctTexts([row.description, row.location_title, row.location_address, ...people, calendar]);
  return {
    type: row.kind === 'reminder' ? 'reminder' : 'event',
    title: presentText(row.summary),
    body: lines.length > 0 ? lines.join('\n') : null,
    occurredAt: (row.start_at as Date | null) ?? (row.due_at as Date | null) ?? null,
    participants: distinctTexts([
      row.organizer_name,
      row.organizer_email,
      row.organizer_phone,
      ...attendees.flatMap((attendee) => [attendee.name, attendee.email, attendee.phone]),
    ]),
  };
}

/** Maps `calendar_event` rows to documents; calendars have none of their own. */
export const calendarSearch: SearchMapper = { calendar_event: eventDocument };
