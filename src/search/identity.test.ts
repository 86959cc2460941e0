// Identity normalization: phone numbers to E.164 (with the device's region) or digits, emails lower-cased, WhatsApp
// JIDs to +digits, groups and names left out, the digit forms of a phone-number query, hostile inputs bounded; and a
// job over a builder-made backup whose Info.plist has a Phone Number storing a contact's typed number as E.164.
// Numbers are fictional: 555-01xx and +44 7700 900xxx are reserved for fiction.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openBackup } from '../backup/backup.js';
import { buildBackupFolder } from '../backup/testing/build-backup.js';
import { IndexJobRunner } from '../kernel/job.js';
import { createLogger } from '../kernel/logger.js';
import { openOrm } from '../kernel/orm.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { buildAddressBook, builtInLabel } from '../plugins/contacts/testing/build-address-book.js';
import { handlesOf, isEmailLike, MAX_HANDLE_CHARS, normalizeHandle, phoneQueryForms, regionOf } from './identity.js';

describe('regionOf', () => {
  test('the country of an international device number, the main country of its code when the number is fictional', () => {
    assert.equal(regionOf('+1 (555) 555-1234'), 'US');
    assert.equal(regionOf('+1 (555) 010-0142'), 'US');
    assert.equal(regionOf('+44 7700 900123'), 'GB');
    assert.equal(regionOf('0044 7700 900123'), 'GB');
    assert.equal(regionOf('+33 6 12 34 56 78'), 'FR');
    assert.equal(regionOf('\u202a+44 7700 900123\u202c'), 'GB');
  });

  test('null when absent, national, or not a phone number', () => {
    for (const value of [null, undefined, '', '   ', '(555) 555-1234', '5555551234', '+999 1234567', 'my phone', '+1 555 abc', '+'.repeat(300)]) {
      assert.equal(regionOf(value), null, String(value));
    }
  });
});

describe('normalizeHandle', () => {
  test('phone numbers with a country code become E.164, with or without a region', () => {
    for (const region of [null, 'US', 'GB']) {
      assert.equal(normalizeHandle('+15550102000', region), '+15550102000');
      assert.equal(normalizeHandle('+1 (555) 010-2000', region), '+15550102000');
      assert.equal(normalizeHandle('tel:+1-555-010-2000', region), '+15550102000');
      assert.equal(normalizeHandle('+44 7700 900123', region), '+447700900123');
      assert.equal(normalizeHandle('+44 (0) 7700 900123', region), '+447700900123');
      assert.equal(normalizeHandle('\u202a+44\u00a07700\u00a0900123\u202c', region), '+447700900123');
      assert.equal(normalizeHandle('0044 7700 900123', region), '+447700900123');
    }
  });

  test('national numbers become E.164 in the device region (possible, not necessarily valid)', () => {
    for (const typed of ['(555) 010-2000', '5550102000', '555-010-2000', '555.010.2000', '1-555-010-2000', '15550102000']) {
      assert.equal(normalizeHandle(typed, 'US'), '+15550102000', typed);
    }
    assert.equal(normalizeHandle('(555) 010-2000', 'us'), '+15550102000');
    assert.equal(normalizeHandle('07700 900123', 'GB'), '+447700900123');
    assert.equal(normalizeHandle('011 44 7700 900123', 'US'), '+447700900123');
  });

  test('digits only without a region, or when the region does not fit the number', () => {
    assert.equal(normalizeHandle('(555) 010-2000', null), '5550102000');
    assert.equal(normalizeHandle('555-010-2000', null), '5550102000');
    assert.equal(normalizeHandle('07700 900123', null), '07700900123');
    assert.equal(normalizeHandle('(555) 010-2000', 'ZZ'), '5550102000');
    assert.equal(normalizeHandle('447700900123', 'US'), '447700900123');
    assert.equal(normalizeHandle('12345', 'US'), '12345');
    assert.equal(normalizeHandle('12345', null), '12345');
  });

  test('too few digits, or anything but digits and separators, is not a phone number', () => {
    for (const raw of ['1234', '555', '1-800-FLOWERS', '555-0100 x42', '*86', '#31#5550102000', '+1 555 010 2000 ext 5', '555+0102000']) {
      assert.equal(normalizeHandle(raw, 'US'), null, raw);
    }
  });

  test('emails are trimmed and lower-cased, mailto: removed', () => {
    assert.equal(normalizeHandle('Someone@iCloud.com', null), 'someone@icloud.com');
    assert.equal(normalizeHandle('  someone@icloud.com ', 'US'), 'someone@icloud.com');
    assert.equal(normalizeHandle('MAILTO:Marco.Rossi@Example.COM', null), 'marco.rossi@example.com');
    assert.equal(normalizeHandle('a@b@c', null), null);
    assert.equal(normalizeHandle('@example.com', null), null);
    assert.equal(normalizeHandle('someone@', null), null);
    assert.equal(normalizeHandle('some one@example.com', null), null);
  });

  test('WhatsApp person JIDs become +digits; groups, broadcasts and hidden ids are null', () => {
    assert.equal(normalizeHandle('15550102000@s.whatsapp.net', null), '+15550102000');
    assert.equal(normalizeHandle('447700900123@s.whatsapp.net', 'US'), '+447700900123');
    assert.equal(normalizeHandle('15550102000:12@s.whatsapp.net', null), '+15550102000');
    assert.equal(normalizeHandle('15550102000@c.us', null), '+15550102000');
    for (const jid of ['15550102000-1400000000@g.us', '120363012345678901@g.us', 'status@broadcast', '1400000000@broadcast', '123456789012345@lid', 'abc@s.whatsapp.net', '1234567890123456789@s.whatsapp.net']) {
      assert.equal(normalizeHandle(jid, 'US'), null, jid);
    }
  });

  test('names and other text are null', () => {
    for (const raw of ['Marco Rossi', 'Mom', '', '   ', 'Café Sintra', 'urn:biz:12345678-1234']) {
      assert.equal(normalizeHandle(raw, 'US'), null, raw);
    }
  });

  test('hostile inputs never throw, never yield NUL, and are bounded in time', () => {
    const hostile = [
      '\u0000', '5550102000\u0000', 'a\u0000@b.com', "'; drop table message; --", '\\', '"', '(((((((', '+'.repeat(200),
      '5'.repeat(MAX_HANDLE_CHARS), '5'.repeat(MAX_HANDLE_CHARS + 1), '5'.repeat(100_000), 'x@'.repeat(50_000),
      `${'1 '.repeat(120)}`, '\ud800', '\u202e0102000-555', 'mailto:', 'tel:', '@', undefined as unknown as string, 42 as unknown as string,
    ];
    const started = Date.now();
    for (const raw of hostile) {
      for (const region of [null, 'US', 'GB', 'not a region', '\u0000']) {
        const value = normalizeHandle(raw, region);
        assert.ok(value === null || (typeof value === 'string' && !value.includes('\u0000')), JSON.stringify(value));
      }
      assert.doesNotThrow(() => phoneQueryForms(raw));
      assert.doesNotThrow(() => regionOf(raw));
      assert.doesNotThrow(() => isEmailLike(raw));
    }
    assert.equal(normalizeHandle('5'.repeat(100_000), 'US'), null);
    assert.equal(phoneQueryForms('5'.repeat(100_000)), null);
    assert.ok(Date.now() - started < 2_000, `hostile inputs took ${Date.now() - started} ms`);
  });
});

describe('handlesOf', () => {
  test('the distinct non-null handles in first-seen order', () => {
    const participants = ['(555) 010-2000', 'Marco', '+15550102000', 'Someone@iCloud.com', '15550102000@s.whatsapp.net', 'someone@icloud.com', '120363012345678901@g.us', '+44 7700 900123'];
    // Each E.164 number is followed by its national significant number, once.
    assert.deepEqual(handlesOf(participants, 'US'), ['+15550102000', '5550102000', 'someone@icloud.com', '+447700900123', '7700900123']);
    assert.deepEqual(handlesOf(participants, null), ['5550102000', '+15550102000', 'someone@icloud.com', '+447700900123', '7700900123']);
    assert.deepEqual(handlesOf([], 'US'), []);
  });

  test("a group's long participant list keeps first-seen order without repeats", () => {
    const members = Array.from({ length: 100 }, (_, i) => `1555010${String(2000 + (i % 40)).padStart(4, '0')}@s.whatsapp.net`);
    const handles = handlesOf(['120363012345678901@g.us', ...members, 'Group name'], 'US');
    assert.deepEqual(handles, Array.from({ length: 40 }, (_, i) => [`+1555010${String(2000 + i).padStart(4, '0')}`, `555010${String(2000 + i).padStart(4, '0')}`]).flat());
  });
});

describe('phoneQueryForms', () => {
  test('the digit forms of a phone-number query', () => {
    assert.deepEqual(phoneQueryForms('+1 (555) 010-2000'), ['15550102000', '5550102000']);
    assert.deepEqual(phoneQueryForms('5550102000'), ['5550102000']);
    assert.deepEqual(phoneQueryForms('555-010-2000'), ['5550102000']);
    assert.deepEqual(phoneQueryForms('(555) 010.2000'), ['5550102000']);
    assert.deepEqual(phoneQueryForms('0044 7700 900123'), ['447700900123', '7700900123']);
    assert.deepEqual(phoneQueryForms('+44 7700 900123'), ['447700900123', '7700900123']);
    assert.deepEqual(phoneQueryForms('011 44 7700 900123'), ['447700900123', '7700900123']);
    assert.deepEqual(phoneQueryForms('07700 900123'), ['07700900123', '7700900123']);
    assert.deepEqual(phoneQueryForms('\u202a+44 7700 900123\u202c'), ['447700900123', '7700900123']);
  });

  test('a 011 that is not an international prefix stays (a national number starting 011)', () => {
    assert.deepEqual(phoneQueryForms('011-222-3333'), ['0112223333', '112223333']);
  });

  test('the forms find what normalizeHandle stored, whatever the format typed or stored', () => {
    const stored = ['(555) 010-2000', '+1 555 010 2000', '15550102000@s.whatsapp.net'].flatMap((raw) => [normalizeHandle(raw, 'US'), normalizeHandle(raw, null)]);
    for (const query of ['+1 (555) 010-2000', '5550102000', '555-010-2000']) {
      const forms = phoneQueryForms(query)!;
      for (const handle of stored) assert.ok(forms.some((form) => handle!.includes(form)), `${query} finds ${handle}`);
    }
  });

  test('null when not phone-like', () => {
    for (const text of ['555-010', '123456', 'marco', '555 010 2000 x', '+', '', '555/010/2000', 'someone@icloud.com', '+1 555 010 2000+']) {
      assert.equal(phoneQueryForms(text), null, text);
    }
  });
});

describe('isEmailLike', () => {
  test('one @ with something on both sides and no spaces', () => {
    assert.equal(isEmailLike('someone@icloud.com'), true);
    assert.equal(isEmailLike('a@b'), true);
    for (const text of ['someone', '@icloud.com', 'someone@', 'a@b@c', 'some one@icloud.com', 'a@b\tc', '', 'a\u0000@b']) {
      assert.equal(isEmailLike(text), false, text);
    }
  });
});

describe('handles written by a job', () => {
  const plugins: RegisteredPlugin[] = [{ declaration: contactsPlugin, enabled: true, options: {} }];
  let db: TestDatabase;
  let orm: MikroORM;
  let runner: IndexJobRunner;
  let scratch: string;
  let addressBook: string;

  before(async () => {
    db = await createTestDatabase('identity');
    orm = await openOrm(db.url, plugins);
    scratch = mkdtempSync(join(tmpdir(), 'identity-test-'));
    runner = new IndexJobRunner({
      orm,
      plugins,
      logger: createLogger('silent'),
      workDir: join(scratch, 'work'),
      openBackup: (input, work) => openBackup(input.sourcePath!, work, { plugins, password: async () => null }),
    });
    addressBook = join(scratch, 'AddressBook.sqlitedb');
    buildAddressBook(addressBook, {
      people: [
        {
          first: 'Marco',
          last: 'Rossi',
          values: [
            { kind: 'phone', label: builtInLabel('Mobile'), value: '(555) 010-2000' },
            { kind: 'phone', label: builtInLabel('Home'), value: '07700 900123' },
            { kind: 'email', label: builtInLabel('Home'), value: 'Marco.Rossi@Example.com' },
          ],
        },
      ],
    });
  });
  after(async () => {
    await orm?.close(true);
    await db?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const handles = async (backupId: string): Promise<string[][]> =>
    (await db.query<{ handles: string[] }>('SELECT handles FROM artifact_search_index WHERE backup_id = $1 ORDER BY id', [backupId])).map((row) => row.handles);

  const backupWith = async (name: string, phoneNumber: string | null): Promise<string> => {
    const folder = join(scratch, name);
    await buildBackupFolder(folder, {
      layout: 'hashed',
      files: [{ domain: 'HomeDomain', relativePath: 'Library/AddressBook/AddressBook.sqlitedb', source: addressBook }],
      device: { phoneNumber },
    });
    return folder;
  };

  test("a backup whose Info.plist has a US Phone Number stores a contact's (555) 010-2000 as +15550102000", async () => {
    const folder = await backupWith('us', '+1 (555) 010-0142');
    const result = await runner.run({ backupId: 'identity-us', artifacts: {}, sourcePath: folder });
    assert.equal(result.status, 'INDEXED');
    assert.equal(result.plugins[0]!.status, 'completed');
    assert.deepEqual(await handles('identity-us'), [['+15550102000', '5550102000', '07700900123', 'marco.rossi@example.com']]);
  });

  test('a GB device number reads the national 07700 900123 as +447700900123 (and any national number that fits GB as GB)', async () => {
    const folder = await backupWith('gb', '+44 7700 900001');
    await runner.run({ backupId: 'identity-gb', artifacts: {}, sourcePath: folder });
    // (555) 010-2000 has a length GB numbers can have: read in the device's country, as the phone itself would dial it.
    // A search for 5550102000 still finds it (the digit forms are substrings of the handles).
    assert.deepEqual(await handles('identity-gb'), [['+445550102000', '5550102000', '+447700900123', '7700900123', 'marco.rossi@example.com']]);
  });

  test('without a Phone Number, or without a backup folder, national numbers are stored as digits', async () => {
    const folder = await backupWith('none', null);
    await runner.run({ backupId: 'identity-none', artifacts: {}, sourcePath: folder });
    await runner.run({ backupId: 'identity-map', artifacts: { contacts: addressBook } });
    for (const backupId of ['identity-none', 'identity-map']) {
      assert.deepEqual(await handles(backupId), [['5550102000', '07700900123', 'marco.rossi@example.com']], backupId);
    }
  });
});
