// Every plugin's progress measure against what its parse really writes: on real fixtures and builder-made sources,
// the rows it expects before the parse are exactly the rows written to its measured tables (a wrong total is a wrong ETA).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { container } from 'tsyringe';
import { configurePlugins } from '../../plugins.config.js';
import { expectedRowsOf } from '../kernel/job.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import { resolvePlugins } from '../kernel/registry.js';
import { openSource } from '../kernel/source.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { runPlugin } from '../kernel/testing/harness.js';
import { buildSampleCalendarDb } from './calendar/testing/build-calendar-db.js';
import { buildBulkAddressBook } from './contacts/testing/build-address-book.js';
import { buildBulkSmsDb } from './messages/testing/build-sms-db.js';
import { buildSampleLegacyNotesDb } from './notes/testing/build-legacy-notes-db.js';
import { buildSampleNotesDb } from './notes/testing/build-notes-db.js';
import { buildSamplePhotosDb } from './photos/testing/build-photos-db.js';
import { buildBulkChatStorage, buildSampleChatStorage } from './whatsapp/testing/build-chat-storage.js';

const registry: RegisteredPlugin[] = (() => {
  const child = container.createChildContainer();
  configurePlugins(child);
  return resolvePlugins(child);
})();

/** One source of one plugin: a fixture's path under ../shared/fixtures, or a builder writing into `path`. */
interface Case {
  plugin: string;
  name: string;
  fixture?: string;
  build?: (path: string) => void;
}

const IOS7 = 'backups/ios7-domain-layout';

const CASES: Case[] = [
  { plugin: 'messages', name: 'iOS 13 sms.db', fixture: 'messages/ios13-magnet-ctf/sms.db' },
  { plugin: 'messages', name: 'macOS 13 chat.db', fixture: 'messages/macos13-ventura/chat.db' },
  { plugin: 'messages', name: 'iOS 7 sms.db', fixture: `${IOS7}/HomeDomain/Library/SMS/sms.db` },
  { plugin: 'messages', name: 'bulk sms.db with reactions', build: (path) => void buildBulkSmsDb(path, { messages: 3000, chats: 12, handles: 12, reactionEvery: 7 }) },
  { plugin: 'whatsapp', name: 'sample ChatStorage', build: (path) => buildSampleChatStorage(path) },
  { plugin: 'whatsapp', name: 'bulk ChatStorage', build: (path) => void buildBulkChatStorage(path, { messages: 2500, mediaItems: 300, chats: 20 }) },
  { plugin: 'contacts', name: 'iOS 5 address book', fixture: 'contacts/ios5-tracy-phone/AddressBook.sqlitedb' },
  { plugin: 'contacts', name: 'iOS 7 address book', fixture: `${IOS7}/HomeDomain/Library/AddressBook/AddressBook.sqlitedb` },
  { plugin: 'contacts', name: 'bulk address book', build: (path) => void buildBulkAddressBook(path, { people: 1500, valuesPerPerson: 2 }) },
  { plugin: 'photos', name: 'macOS 12 library', fixture: 'photos/macos-12.0.1/Photos.sqlite' },
  { plugin: 'photos', name: 'macOS 14 library', fixture: 'photos/macos-14.6.0/Photos.sqlite' },
  { plugin: 'photos', name: 'macOS 15 library', fixture: 'photos/macos-15.4.1/Photos.sqlite' },
  { plugin: 'photos', name: 'iOS 7 library', fixture: `${IOS7}/CameraRollDomain/Media/PhotoData/Photos.sqlite` },
  { plugin: 'photos', name: 'sample library', build: (path) => void buildSamplePhotosDb(path) },
  { plugin: 'notes', name: 'macOS 12 NoteStore', fixture: 'notes/macos-12/NoteStore.sqlite' },
  { plugin: 'notes', name: 'macOS 13 NoteStore', fixture: 'notes/macos-13/NoteStore.sqlite' },
  { plugin: 'notes', name: 'macOS 14 NoteStore', fixture: 'notes/macos-14/NoteStore.sqlite' },
  { plugin: 'notes', name: 'iOS 7 notes.sqlite', fixture: `${IOS7}/HomeDomain/Library/Notes/notes.sqlite` },
  { plugin: 'notes', name: 'sample NoteStore', build: (path) => void buildSampleNotesDb(path) },
  { plugin: 'notes', name: 'sample legacy notes.sqlite', build: (path) => void buildSampleLegacyNotesDb(path) },
  { plugin: 'calendar', name: 'iOS 8 calendar', fixture: 'calendar/ios8/Calendar.sqlitedb' },
  { plugin: 'calendar', name: 'iOS 7 calendar', fixture: `${IOS7}/HomeDomain/Library/Calendar/Calendar.sqlitedb` },
  { plugin: 'calendar', name: 'sample calendar', build: (path) => buildSampleCalendarDb(path) },
];

describe('progress measures: the rows expected are the rows written', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-progress-test-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('covers every registered plugin', () => {
    assert.deepEqual([...new Set(CASES.map((testCase) => testCase.plugin))].sort(), registry.map((plugin) => plugin.declaration.id).sort());
  });

  CASES.forEach((testCase, index) => {
    it(`${testCase.plugin}: ${testCase.name}`, async () => {
      const plugin = registry.find((entry) => entry.declaration.id === testCase.plugin)!;
      const measure = plugin.declaration.progress!;
      assert.ok(measure, 'declares a progress measure');
      let path: string;
      if (testCase.fixture) path = fixturePath(testCase.fixture);
      else {
        path = join(scratch, `source-${index}.sqlite`);
        testCase.build!(path);
      }
      const source = await openSource({ path });
      let expected: number | null;
      try {
        expected = expectedRowsOf(plugin, { db: source.db, schema: source.schema, options: plugin.options, location: null });
      } finally {
        await source.close();
      }
      const result = await runPlugin(plugin.declaration, path, { options: plugin.options });
      const written = measure.tables.reduce((sum, table) => sum + (result.rows[table] ?? 0), 0);
      assert.notEqual(expected, null, 'the count is known');
      assert.equal(expected, written, `expected rows of ${measure.tables.join(' + ')}`);
    });
  });

  it('an unreadable count is unknown (null), never an error or a guess', () => {
    const plugin = registry.find((entry) => entry.declaration.id === 'messages')!;
    const broken = { db: { prepare: () => { throw new Error('file is not a database'); } }, schema: { hasTable: () => true }, options: {}, location: null };
    assert.equal(expectedRowsOf(plugin, broken as never), null);
    const noTable = { db: null, schema: { hasTable: () => false }, options: {}, location: null };
    assert.equal(expectedRowsOf(plugin, noTable as never), null);
    const undeclared = { ...plugin, declaration: { ...plugin.declaration, progress: undefined } };
    assert.equal(expectedRowsOf(undeclared, noTable as never), null);
  });
});
