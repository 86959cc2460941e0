// Calendar plugin declaration: Calendar.sqlitedb in HomeDomain. Writes calendar and calendar_event; one search
// document per event.
import { Calendar, CalendarEvent } from '../../entities/Calendar.js';
import { definePlugin } from '../../kernel/plugin.js';
import { countEvents } from './events.js';
import { parseCalendar } from './parse.js';
import { calendarSearch } from './search.js';

/** The calendar domain. */
export const calendarPlugin = definePlugin({
  id: 'calendar',
  title: 'Calendar',
  source: {
    fileNames: ['Calendar.sqlitedb'],
    locations: [{ domain: 'HomeDomain', relativePath: 'Library/Calendar/Calendar.sqlitedb' }],
  },
  entities: [Calendar, CalendarEvent],
  parse: parseCalendar,
  search: calendarSearch,
  searchTypes: ['event', 'reminder'],
  progress: { tables: ['calendar_event'], expectedRows: countEvents },
  nouns: {
    calendar: ['calendar', 'calendars'],
    calendar_event: ['event', 'events'],
  },
  defaultOptions: {},
});
