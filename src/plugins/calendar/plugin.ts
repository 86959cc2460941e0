// Calendar plugin declaration (Calendar.sqlitedb in HomeDomain): planned, registered disabled until built.
// The source location is the real one so backup lookups already know where the database lives.
import { unimplementedPlugin } from '../../kernel/unimplemented.js';

/** The calendar domain (not implemented yet). */
export const calendarPlugin = unimplementedPlugin('calendar', 'Calendar', {
  fileNames: ['Calendar.sqlitedb'],
  locations: [{ domain: 'HomeDomain', relativePath: 'Library/Calendar/Calendar.sqlitedb' }],
});
