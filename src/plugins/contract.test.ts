// Contract test over the plugin registry built by plugins.config.ts: ids match folders, every enabled plugin has
// a test, a fixture builder, entities with table names, a search mapper, the document types it emits and a progress
// measure over its own tables.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { container } from 'tsyringe';
import { configurePlugins, pluginEntries } from '../../plugins.config.js';
import { RegistryError } from '../kernel/errors.js';
import { registerPlugins, resolvePlugins, validateRegistry } from '../kernel/registry.js';
import { tablesOf } from '../kernel/tables.js';
import { unimplementedPlugin } from '../kernel/unimplemented.js';
import { projectRoot } from '../kernel/testing/fixtures.js';
import { runPlugin } from '../kernel/testing/harness.js';
import { buildSampleCalendarDb } from './calendar/testing/build-calendar-db.js';
import { buildBulkAddressBook } from './contacts/testing/build-address-book.js';
import { buildBulkSmsDb } from './messages/testing/build-sms-db.js';
import { buildSampleNotesDb } from './notes/testing/build-notes-db.js';
import { buildSamplePhotosDb } from './photos/testing/build-photos-db.js';
import { buildSampleChatStorage } from './whatsapp/testing/build-chat-storage.js';

const pluginsDir = join(projectRoot(), 'src', 'plugins');
const registry = (() => {
  const child = container.createChildContainer();
  configurePlugins(child);
  return resolvePlugins(child);
})();

/** A builder-made source per plugin whose search documents, between them, have every type the plugin declares. */
const SAMPLE_SOURCES: Readonly<Record<string, (path: string) => void>> = {
  calendar: (path) => buildSampleCalendarDb(path), // events and a reminder
  contacts: (path) => void buildBulkAddressBook(path, { people: 20, valuesPerPerson: 2 }),
  messages: (path) => void buildBulkSmsDb(path, { messages: 60, chats: 3, handles: 4, reactionEvery: 7 }),
  notes: (path) => void buildSampleNotesDb(path),
  photos: (path) => void buildSamplePhotosDb(path),
  whatsapp: (path) => buildSampleChatStorage(path),
};

describe('plugin registry contract', () => {
  let folder: string | undefined;
  const scratch = () => (folder ??= mkdtempSync(join(tmpdir(), 'ios-backup-contract-test-')));
  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('registers the six domains in plugins.config.ts order', () => {
    assert.deepEqual(
      registry.map((plugin) => plugin.declaration.id),
      pluginEntries.map((entry) => entry.plugin.id),
    );
    assert.deepEqual(registry.map((plugin) => plugin.declaration.id).sort(), ['calendar', 'contacts', 'messages', 'notes', 'photos', 'whatsapp']);
  });

  for (const plugin of registry) {
    const id = plugin.declaration.id;
    it(`${id}: has its folder with plugin.ts and declares where its source lives`, () => {
      assert.ok(existsSync(join(pluginsDir, id, 'plugin.ts')), `src/plugins/${id}/plugin.ts`);
      assert.ok(plugin.declaration.source.fileNames.length > 0);
      assert.ok(plugin.declaration.source.locations.length > 0);
      if (!plugin.enabled) assert.ok(plugin.reason && plugin.reason.trim().length > 0, 'a disabled plugin says why');
    });
    if (!plugin.enabled) continue;
    it(`${id}: has a test, a fixture builder, entities with table names and a search mapper over its own tables`, () => {
      const files = readdirSync(join(pluginsDir, id));
      assert.ok(files.some((file) => file.endsWith('.test.ts')), 'a test next to the plugin');
      const builders = existsSync(join(pluginsDir, id, 'testing')) ? readdirSync(join(pluginsDir, id, 'testing')) : [];
      assert.ok(builders.some((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')), 'a fixture builder in testing/');
      assert.ok(plugin.declaration.entities.length > 0, 'owns entities');
      const tables = tablesOf(plugin.declaration.entities);
      const mapped = Object.keys(plugin.declaration.search);
      assert.ok(mapped.length > 0, 'maps rows to search documents');
      for (const table of mapped) assert.ok(tables.includes(table), `search mapper table ${table} is one of its entities`);
    });
    it(`${id}: declares the document types its search mapper emits, and emits only those`, async () => {
      const declared = plugin.declaration.searchTypes;
      assert.ok(declared && declared.length > 0, 'declares searchTypes');
      assert.equal(new Set(declared).size, declared.length, 'each type once');
      for (const type of declared) assert.match(type, /^[a-z][a-z0-9_]*$/, `type "${type}" is a lower-case word`);
      const build = SAMPLE_SOURCES[id];
      assert.ok(build, `a sample source for ${id} in SAMPLE_SOURCES`);
      const path = join(scratch(), `${id}.sqlite`);
      build(path);
      const result = await runPlugin(plugin.declaration, path, { options: plugin.options });
      const emitted = new Set(result.documents.map((document) => document.type as string));
      assert.ok(result.documents.length > 0, 'the sample source gives documents');
      for (const type of emitted) assert.ok(declared.includes(type), `emitted type "${type}" is declared in searchTypes`);
      assert.deepEqual([...declared].sort(), [...emitted].sort(), 'the sample source gives every declared type');
    });
    it(`${id}: measures its progress on its own tables and names every table in words`, () => {
      const tables = tablesOf(plugin.declaration.entities);
      const measure = plugin.declaration.progress;
      assert.ok(measure, 'declares a progress measure (the rows expected of its main source table)');
      assert.ok(measure.tables.length > 0);
      for (const table of measure.tables) assert.ok(tables.includes(table), `progress table ${table} is one of its entities`);
      const nouns = plugin.declaration.nouns ?? {};
      assert.deepEqual(Object.keys(nouns).sort(), [...tables].sort(), 'a noun for each of its tables');
      for (const [one, many] of Object.values(nouns)) assert.ok(one.trim() && many.trim() && one !== many, `${one} / ${many}`);
    });
  }

  it('refuses duplicate ids, ids that are not kebab-case, and a disabled plugin without a reason', () => {
    const source = { fileNames: ['x.db'], locations: [{ domain: 'HomeDomain', relativePath: 'x.db' }] };
    const child = container.createChildContainer();
    registerPlugins(child, [{ plugin: unimplementedPlugin('alpha', 'Alpha', source), enabled: true }]);
    assert.throws(
      () => registerPlugins(child, [{ plugin: unimplementedPlugin('alpha', 'Again', source), enabled: true }]),
      (error: unknown) => error instanceof RegistryError && /duplicate plugin id "alpha"/.test(error.message),
    );
    const cases = [
      { id: 'Bad_Id', enabled: true, reason: undefined, message: /not kebab-case/ },
      { id: 'quiet', enabled: false, reason: ' ', message: /disabled without a reason/ },
    ];
    for (const testCase of cases) {
      assert.throws(
        () => validateRegistry([{ declaration: unimplementedPlugin(testCase.id, 'x', source), enabled: testCase.enabled, reason: testCase.reason, options: {} }]),
        testCase.message,
      );
    }
  });

  it('makes an unimplemented plugin refuse to parse with a named error', async () => {
    const placeholder = unimplementedPlugin('planned', 'Planned', { fileNames: ['planned.db'], locations: [] });
    await assert.rejects(placeholder.parse({} as never), { code: 'NOT_IMPLEMENTED' });
  });
});
