// Reads Calendar.sqlitedb (iOS 6 to 18): the layout first, then the calendars with their accounts and the number of
// events and reminders in each, then the items streamed in ROWID order with their people, rules and attachments.
import { writeCalendars } from './calendars.js';
import { writeEvents } from './events.js';
import { readCalendarLayout, type CalendarContext } from './layout.js';

/** Parses Calendar.sqlitedb into calendar and calendar_event. */
export async function parseCalendar(ctx: CalendarContext): Promise<void> {
  const layout = readCalendarLayout(ctx);
  await writeCalendars(ctx, layout);
  await writeEvents(ctx, layout);
}
