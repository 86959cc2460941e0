// Which document types a request may name: one with documents passes on one query, a declared type with no document
// passes (it simply finds nothing), anything else is an UNKNOWN_TYPE InputError listing the types plugins declare.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { container } from 'tsyringe';
import { configurePlugins } from '../../plugins.config.js';
import { InputError, type IosBackupError } from '../kernel/errors.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import type { SqlReader } from '../kernel/reader.js';
import { resolvePlugins } from '../kernel/registry.js';
import { USAGE } from '../cli/usage.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { useJobTest } from '../kernel/testing/job-test.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { checkTypes, declaredTypes } from './doc-types.js';

const plugins: RegisteredPlugin[] = [{ declaration: contactsPlugin, enabled: true, options: {} }];
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const VALID = 'contact, event, message, note, photo, reminder, whatsapp_message';

function unknownType(message: RegExp) {
  return (error: unknown) => error instanceof InputError && (error as IosBackupError).code === 'UNKNOWN_TYPE' && message.test(error.message);
}

describe('document types of a request', () => {
  const test = useJobTest('doc_types', plugins);
  const queries: string[] = [];
  let reader: SqlReader;

  before(async () => {
    reader = {
      rows: async (sql, params) => {
        queries.push(sql);
        return (await test.db.query(sql, params as unknown[])) as never[];
      },
    };
  });

  it('knows every type the configured plugins declare, each once and sorted', async () => {
    const registry = (() => {
      const child = container.createChildContainer();
      configurePlugins(child);
      return resolvePlugins(child);
    })();
    const declared = [...new Set(registry.flatMap((plugin) => plugin.declaration.searchTypes ?? []))].sort();
    assert.deepEqual(await declaredTypes(), declared);
    assert.equal(declared.join(', '), VALID);
    assert.ok(USAGE.includes(`--type T          document types (${VALID})`), '--help names the same types');
  });

  it('on an empty index, passes a declared type and refuses any other with the list of valid types', async () => {
    await checkTypes(reader, ['message', 'reminder']);
    await assert.rejects(checkTypes(reader, ['tweet']), unknownType(new RegExp(`^unknown type "tweet"; valid types: ${VALID}$`)));
  });

  it('passes a type with documents on one query, and refuses unknown ones after it, naming each once', async () => {
    const result = await test.runner.run({ backupId: 'tracy', artifacts: { contacts: TRACY } });
    assert.equal(result.status, 'INDEXED');
    queries.length = 0;
    await checkTypes(reader, ['contact', 'contact']);
    assert.equal(queries.length, 1, 'one query');
    await checkTypes(reader, []);
    assert.equal(queries.length, 1, 'no query for no type');
    await assert.rejects(
      checkTypes(reader, ['contact', 'tweet', 'Photo', 'tweet']),
      unknownType(new RegExp(`^unknown types "tweet", "Photo"; valid types: ${VALID}$`)),
    );
  });

  it('passes a declared type that has no document (it finds nothing), alone or beside an indexed one', async () => {
    await checkTypes(reader, ['photo']);
    await checkTypes(reader, ['contact', 'whatsapp_message', 'reminder']);
  });

  it('takes any string as a parameter: a hostile type is only unknown', async () => {
    const hostile = ["x'; DROP TABLE contact; --", '', '%', '\\', 'a"b'];
    await assert.rejects(checkTypes(reader, hostile), unknownType(/^unknown types "x'; DROP TABLE contact; --", "", "%", "\\\\", "a\\"b"; valid types: /));
    const [row] = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact');
    assert.ok(row!.n > 0, 'the contacts are still there');
  });
});
