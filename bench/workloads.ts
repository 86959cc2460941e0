// Benchmark workloads: per plugin, how to build a source database of a given size with its bulk fixture builder,
// the table whose rows are counted, and the sizes run by default. Benchmarking another plugin is one entry here.
import { buildBulkCalendarDb } from '../src/plugins/calendar/testing/build-calendar-db.js';
import { buildBulkAddressBook } from '../src/plugins/contacts/testing/build-address-book.js';
import { buildBulkSmsDb } from '../src/plugins/messages/testing/build-sms-db.js';
import { buildBulkNotesDb } from '../src/plugins/notes/testing/build-notes-db.js';
import { buildBulkPhotosDb } from '../src/plugins/photos/testing/build-photos-db.js';
import { buildBulkChatStorage } from '../src/plugins/whatsapp/testing/build-chat-storage.js';

/** A benchmark workload: which plugin, how to build a source of a given size, and the table whose rows are counted. */
export interface Workload {
  plugin: string;
  /** File name of the built source database. */
  file: string;
  /** The plugin's main table: its rows per second are the headline number. */
  mainTable: string;
  /** Sizes run when none are given on the command line. */
  defaultSizes: readonly number[];
  build(path: string, size: number): void;
}

/** Every workload, in the order `all` runs them. */
export const WORKLOADS: readonly Workload[] = [
  {
    plugin: 'contacts',
    file: 'AddressBook.sqlitedb',
    mainTable: 'contact',
    defaultSizes: [50_000, 200_000],
    build: (path, size) => void buildBulkAddressBook(path, { people: size, valuesPerPerson: 3 }),
  },
  {
    plugin: 'messages',
    file: 'sms.db',
    mainTable: 'message',
    defaultSizes: [250_000, 1_000_000],
    build: (path, size) => void buildBulkSmsDb(path, { messages: size, chats: 1000, handles: 2000, withAttributedBody: true }),
  },
  {
    plugin: 'whatsapp',
    file: 'ChatStorage.sqlite',
    mainTable: 'whatsapp_message',
    defaultSizes: [100_000, 500_000],
    build: (path, size) => void buildBulkChatStorage(path, { messages: size, mediaItems: Math.floor(size / 10), chats: 500 }),
  },
  {
    plugin: 'photos',
    file: 'Photos.sqlite',
    mainTable: 'photo_asset',
    defaultSizes: [30_000, 300_000],
    build: (path, size) => void buildBulkPhotosDb(path, { assets: size, albums: 200, membershipsPerAsset: 2 }),
  },
  {
    plugin: 'notes',
    file: 'NoteStore.sqlite',
    mainTable: 'note',
    defaultSizes: [10_000, 100_000],
    build: (path, size) => void buildBulkNotesDb(path, { notes: size, folders: 30, tableEvery: 20 }),
  },
  {
    plugin: 'calendar',
    file: 'Calendar.sqlitedb',
    mainTable: 'calendar_event',
    defaultSizes: [10_000, 100_000],
    build: (path, size) =>
      void buildBulkCalendarDb(path, { events: size, calendars: 12, attendeesPerEvent: 3, recurringEvery: 5, locatedEvery: 2 }),
  },
];

/** The workload of a plugin id; throws naming the known ones. */
export function workloadOf(plugin: string): Workload {
  const workload = WORKLOADS.find((candidate) => candidate.plugin === plugin);
  if (!workload) throw new Error(`no benchmark workload for "${plugin}" (known: ${WORKLOADS.map((w) => w.plugin).join(', ')})`);
  return workload;
}
