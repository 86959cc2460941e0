// Tests of the contacts plugin: the real iOS 5 and iOS 7 address books, builder-made books in both column sets,
// bad input, and the label / phone / email vocabulary.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import type { Row } from '../../kernel/plugin.js';
import { humanLabel, normalizeEmail, normalizePhone } from './labels.js';
import { contactsPlugin } from './plugin.js';
import { buildAddressBook, builtInLabel, type AddressBookColumns, type AddressBookSpec } from './testing/build-address-book.js';
import { fixturePath, folderState, sha256Of } from '../../kernel/testing/fixtures.js';

const FIXTURES = fixturePath('');
const IOS5_BOOK = join(FIXTURES, 'contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const IOS7_BOOK = join(FIXTURES, 'backups/ios7-domain-layout/HomeDomain/Library/AddressBook/AddressBook.sqlitedb');

const scratch = mkdtempSync(join(tmpdir(), 'contacts-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let scratchSerial = 0;
function scratchPath(name: string): string {
  scratchSerial += 1;
  return join(scratch, `${scratchSerial}-${name}`);
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  assert.ok(value instanceof Date, `expected a Date, got ${String(value)}`);
  return value.toISOString();
}

function contactByRowid(result: HarnessResult, rowid: number): Row {
  const row = result.tables.contact!.find((contact) => Number(contact.source_rowid) === rowid);
  assert.ok(row, `contact with source_rowid ${rowid}`);
  return row;
}

function valuesOf(result: HarnessResult, contactId: string | null): Row[] {
  return result.tables
    .contact_value!.filter((value) => value.contact_id === contactId)
    .sort((a, b) => Number(a.source_rowid) - Number(b.source_rowid));
}

function documentOf(result: HarnessResult, contact: Row): Row {
  const document = result.documents.find((doc) => doc.artifact_id === contact.id);
  assert.ok(document, `search document of contact ${String(contact.id)}`);
  return document;
}

/** Contact columns compared field by field. */
interface ExpectedContact {
  rowid: number;
  display_name: string | null;
  prefix?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  suffix?: string | null;
  nickname?: string | null;
  organization?: string | null;
  department?: string | null;
  job_title?: string | null;
  note?: string | null;
  kind: 'person' | 'organization';
  birthday: string | null;
  created_at: string | null;
  modified_at: string | null;
}

/** Contact value columns compared field by field, in source_rowid order. */
interface ExpectedValue {
  uid: number;
  kind: string;
  label: string | null;
  raw_label: string | null;
  value: string | null;
  normalized: string | null;
  parts: Record<string, string> | null;
}

function assertContact(result: HarnessResult, expected: ExpectedContact, label: string): Row {
  const row = contactByRowid(result, expected.rowid);
  const actual = {
    display_name: row.display_name,
    prefix: row.prefix,
    first_name: row.first_name,
    middle_name: row.middle_name,
    last_name: row.last_name,
    suffix: row.suffix,
    nickname: row.nickname,
    organization: row.organization,
    department: row.department,
    job_title: row.job_title,
    note: row.note,
    kind: row.kind,
    birthday: row.birthday,
    created_at: iso(row.created_at),
    modified_at: iso(row.modified_at),
  };
  const { rowid: _rowid, ...fields } = expected;
  const wanted = {
    prefix: null,
    first_name: null,
    middle_name: null,
    last_name: null,
    suffix: null,
    nickname: null,
    organization: null,
    department: null,
    job_title: null,
    note: null,
    ...fields,
  };
  assert.deepEqual(actual, wanted, `${label}: contact ${expected.rowid}`);
  return row;
}

function assertValues(rows: Row[], expected: readonly ExpectedValue[], label: string): void {
  const actual = rows.map((row) => ({
    uid: Number(row.source_rowid),
    kind: row.kind,
    label: row.label,
    raw_label: row.raw_label,
    value: row.value,
    normalized: row.normalized,
    parts: row.parts,
  }));
  assert.deepEqual(actual, expected, label);
}

describe('real iOS 5 address book (tracy phone)', () => {
  test('reads 6 contacts, 9 values, 6 documents with concrete values, and leaves the evidence untouched', async () => {
    const folder = dirname(IOS5_BOOK);
    const before = folderState(folder);
    const hashBefore = sha256Of(IOS5_BOOK);

    const result = await runPlugin(contactsPlugin, IOS5_BOOK);

    assert.deepEqual(result.rows, { contact: 6, contact_value: 9 });
    assert.equal(result.tables.contact!.length, 6);
    assert.equal(result.tables.contact_value!.length, 9);
    const kinds: Record<string, number> = {};
    for (const value of result.tables.contact_value!) kinds[String(value.kind)] = (kinds[String(value.kind)] ?? 0) + 1;
    assert.deepEqual(kinds, { phone: 4, email: 2, address: 2, url: 1 });
    assert.equal(result.searchDocuments, 6);
    assert.equal(result.documents.length, 6);
    assert.equal(result.variant, 'addressbook-client-33');
    assert.deepEqual(result.warnings, []);

    const apple = assertContact(
      result,
      {
        rowid: 3,
        display_name: 'Apple Inc.',
        organization: 'Apple Inc.',
        kind: 'organization',
        birthday: null,
        created_at: '2012-06-12T19:28:50.000Z',
        modified_at: '2012-06-12T19:28:51.000Z',
      },
      'ios5',
    );
    assertValues(
      valuesOf(result, apple.id as string),
      [
        { uid: 1, kind: 'phone', label: 'main', raw_label: '_$!<Main>!$_', value: '1-800-MY-APPLE', normalized: '18006927753', parts: null },
        {
          uid: 2,
          kind: 'address',
          label: 'work',
          raw_label: '_$!<Work>!$_',
          value: '1 Infinite Loop, Cupertino, CA, 95014, United States',
          normalized: null,
          parts: { country: 'United States', street: '1 Infinite Loop', zip: '95014', city: 'Cupertino', countryCode: 'us', state: 'CA' },
        },
        { uid: 3, kind: 'url', label: 'homepage', raw_label: '_$!<HomePage>!$_', value: 'http://www.apple.com', normalized: null, parts: null },
      ],
      'Apple Inc. values',
    );

    const tracy = assertContact(
      result,
      {
        rowid: 2,
        display_name: 'Tracy Sumtwelve',
        first_name: 'Tracy',
        last_name: 'Sumtwelve',
        kind: 'person',
        birthday: null,
        created_at: '2012-06-12T19:28:50.000Z',
        modified_at: '2012-06-12T19:28:52.000Z',
      },
      'ios5',
    );
    assertValues(
      valuesOf(result, tracy.id as string),
      [
        {
          uid: 4,
          kind: 'email',
          label: 'home',
          raw_label: '_$!<Home>!$_',
          value: 'tracysumtwelve@gmail.com',
          normalized: 'tracysumtwelve@gmail.com',
          parts: null,
        },
        {
          uid: 5,
          kind: 'address',
          label: 'home',
          raw_label: '_$!<Home>!$_',
          value: 'DC, United States',
          normalized: null,
          parts: { country: 'United States', countryCode: 'us', state: 'DC' },
        },
      ],
      'Tracy values',
    );

    const pat = contactByRowid(result, 1);
    assert.equal(iso(pat.created_at), '2012-06-12T19:28:50.000Z');
    assert.equal(pat.display_name, 'Pat TeeSumTwelve');

    const appleDocument = documentOf(result, apple);
    assert.equal(appleDocument.type, 'contact');
    assert.equal(appleDocument.title, 'Apple Inc.');
    assert.match(String(appleDocument.body), /Apple Inc\./);
    assert.match(String(appleDocument.body), /1-800-MY-APPLE/);
    assert.equal(documentOf(result, tracy).title, 'Tracy Sumtwelve');
    assert.match(String(documentOf(result, tracy).body), /tracysumtwelve@gmail\.com/);
    for (const contact of result.tables.contact!) assert.equal(contact.backup_id, 'harness');

    assert.equal(result.sha256, hashBefore);
    assert.equal(sha256Of(IOS5_BOOK), hashBefore);
    assert.deepEqual(folderState(folder), before);
  });
});

describe('real iOS 7 backup address book (no people)', () => {
  test('completes with 0 rows and no error, and leaves the backup folder untouched', async () => {
    const folder = dirname(IOS7_BOOK);
    const before = folderState(folder);
    const result = await runPlugin(contactsPlugin, IOS7_BOOK);
    assert.deepEqual(result.rows, { contact: 0, contact_value: 0 });
    assert.deepEqual(result.tables.contact, []);
    assert.deepEqual(result.tables.contact_value, []);
    assert.equal(result.searchDocuments, 0);
    assert.equal(result.variant, 'addressbook-client-52');
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(folderState(folder), before);
  });
});

const BUILT_SPEC: Omit<AddressBookSpec, 'columns'> = {
  people: [
    {
      prefix: 'Dr.',
      first: 'Jane',
      middle: 'Q.',
      last: 'Appleseed',
      suffix: 'Jr.',
      nickname: 'JJ',
      organization: 'Acme Corp',
      department: 'R&D',
      jobTitle: 'Chief Tinkerer',
      note: 'Met at WWDC; likes tea',
      birthday: '1975-03-14',
      created: new Date('2019-05-04T10:20:30Z'),
      modified: new Date('2023-11-02T08:09:10Z'),
      values: [
        { kind: 'phone', label: builtInLabel('Mobile'), value: '+1 (555) 010-9999' },
        { kind: 'phone', label: builtInLabel('HomeFAX'), value: '555-0100 x42' },
        { kind: 'phone', label: 'Burner', value: '1-800-MY-APPLE' },
        { kind: 'email', label: builtInLabel('Work'), value: 'Jane.Appleseed@Example.COM' },
        {
          kind: 'address',
          label: builtInLabel('Home'),
          entries: { Street: '1 Main St', City: 'Springfield', State: 'IL', ZIP: '62701', Country: 'United States', CountryCode: 'us' },
        },
        { kind: 'url', label: builtInLabel('HomePage'), value: 'https://jane.example' },
        { kind: 'im', label: builtInLabel('Work'), entries: { service: 'Skype', username: 'jane.q' } },
        { kind: 'social_profile', label: null, entries: { service: 'twitter', username: 'janeq', url: 'http://twitter.com/janeq' } },
        { kind: 'related_name', label: builtInLabel('Spouse'), value: 'John Appleseed' },
        { kind: 'date', label: builtInLabel('Anniversary'), date: '2001-09-08' },
        { property: 99, label: null, value: 'mystery' },
      ],
    },
    {
      kind: 'organization',
      organization: 'Widget Works',
      created: new Date('2020-02-29T12:00:00Z'),
      values: [
        { kind: 'phone', label: builtInLabel('Main'), value: '+44 20 7946 0958' },
        { kind: 'email', label: null, value: 'Sales@Widget.example' },
      ],
    },
    { rowid: 5, first: 'Terry', birthday: '1604-07-04', created: new Date('2012-06-12T19:28:50Z') },
  ],
  orphans: [
    { recordId: 999, kind: 'phone', label: builtInLabel('iPhone'), value: '+15550001111' },
    { recordId: null, kind: 'email', label: builtInLabel('Other'), value: 'Lost@Example.com' },
  ],
};

const BUILT_CONTACTS: ReadonlyArray<{ contact: ExpectedContact; values: ExpectedValue[] }> = [
  {
    contact: {
      rowid: 1,
      display_name: 'Dr. Jane Q. Appleseed Jr.',
      prefix: 'Dr.',
      first_name: 'Jane',
      middle_name: 'Q.',
      last_name: 'Appleseed',
      suffix: 'Jr.',
      nickname: 'JJ',
      organization: 'Acme Corp',
      department: 'R&D',
      job_title: 'Chief Tinkerer',
      note: 'Met at WWDC; likes tea',
      kind: 'person',
      birthday: '1975-03-14',
      created_at: '2019-05-04T10:20:30.000Z',
      modified_at: '2023-11-02T08:09:10.000Z',
    },
    values: [
      { uid: 1, kind: 'phone', label: 'mobile', raw_label: '_$!<Mobile>!$_', value: '+1 (555) 010-9999', normalized: '+15550109999', parts: null },
      { uid: 2, kind: 'phone', label: 'home fax', raw_label: '_$!<HomeFAX>!$_', value: '555-0100 x42', normalized: '5550100', parts: null },
      { uid: 3, kind: 'phone', label: 'Burner', raw_label: 'Burner', value: '1-800-MY-APPLE', normalized: '18006927753', parts: null },
      {
        uid: 4,
        kind: 'email',
        label: 'work',
        raw_label: '_$!<Work>!$_',
        value: 'Jane.Appleseed@Example.COM',
        normalized: 'jane.appleseed@example.com',
        parts: null,
      },
      {
        uid: 5,
        kind: 'address',
        label: 'home',
        raw_label: '_$!<Home>!$_',
        value: '1 Main St, Springfield, IL, 62701, United States',
        normalized: null,
        parts: { street: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'United States', countryCode: 'us' },
      },
      { uid: 6, kind: 'url', label: 'homepage', raw_label: '_$!<HomePage>!$_', value: 'https://jane.example', normalized: null, parts: null },
      {
        uid: 7,
        kind: 'im',
        label: 'work',
        raw_label: '_$!<Work>!$_',
        value: 'jane.q (Skype)',
        normalized: null,
        parts: { service: 'Skype', username: 'jane.q' },
      },
      {
        uid: 8,
        kind: 'social_profile',
        label: null,
        raw_label: null,
        value: 'janeq (twitter)',
        normalized: null,
        parts: { service: 'twitter', username: 'janeq', url: 'http://twitter.com/janeq' },
      },
      { uid: 9, kind: 'related_name', label: 'spouse', raw_label: '_$!<Spouse>!$_', value: 'John Appleseed', normalized: null, parts: null },
      { uid: 10, kind: 'date', label: 'anniversary', raw_label: '_$!<Anniversary>!$_', value: '2001-09-08', normalized: null, parts: null },
      { uid: 11, kind: 'property-99', label: null, raw_label: null, value: 'mystery', normalized: null, parts: null },
    ],
  },
  {
    contact: {
      rowid: 2,
      display_name: 'Widget Works',
      organization: 'Widget Works',
      kind: 'organization',
      birthday: null,
      created_at: '2020-02-29T12:00:00.000Z',
      modified_at: null,
    },
    values: [
      { uid: 12, kind: 'phone', label: 'main', raw_label: '_$!<Main>!$_', value: '+44 20 7946 0958', normalized: '+442079460958', parts: null },
      { uid: 13, kind: 'email', label: null, raw_label: null, value: 'Sales@Widget.example', normalized: 'sales@widget.example', parts: null },
    ],
  },
  {
    contact: {
      rowid: 5,
      display_name: 'Terry',
      first_name: 'Terry',
      kind: 'person',
      birthday: '1604-07-04',
      created_at: '2012-06-12T19:28:50.000Z',
      modified_at: null,
    },
    values: [],
  },
];

const BUILT_ORPHANS: ExpectedValue[] = [
  { uid: 14, kind: 'phone', label: 'iphone', raw_label: '_$!<iPhone>!$_', value: '+15550001111', normalized: '+15550001111', parts: null },
  { uid: 15, kind: 'email', label: 'other', raw_label: '_$!<Other>!$_', value: 'Lost@Example.com', normalized: 'lost@example.com', parts: null },
];

const COLUMN_SETS: ReadonlyArray<{ columns: AddressBookColumns; variant: string; guid: boolean }> = [
  { columns: 'modern', variant: 'addressbook-client-52', guid: true },
  { columns: 'ios5', variant: 'addressbook-client-33', guid: false },
];

describe('builder-made address books', () => {
  for (const set of COLUMN_SETS) {
    test(`${set.columns} column set: every person and multi-value comes back`, async () => {
      const path = scratchPath(`${set.columns}.sqlitedb`);
      buildAddressBook(path, { ...BUILT_SPEC, columns: set.columns });
      const check = new Database(path, { readonly: true });
      const personColumns = (check.prepare('PRAGMA table_info(ABPerson)').all() as Array<{ name: string }>).map((c) => c.name);
      check.close();
      assert.equal(personColumns.includes('guid'), set.guid, 'ABPerson.guid present only in the modern set');
      assert.equal(personColumns.includes('PhonemeData'), set.guid, 'ABPerson.PhonemeData present only in the modern set');

      const result = await runPlugin(contactsPlugin, path);
      assert.equal(result.variant, set.variant);
      assert.deepEqual(result.rows, { contact: 3, contact_value: 15 });

      for (const { contact, values } of BUILT_CONTACTS) {
        const row = assertContact(result, contact, set.columns);
        assertValues(valuesOf(result, row.id as string), values, `${set.columns}: values of contact ${contact.rowid}`);
      }
      assertValues(valuesOf(result, null), BUILT_ORPHANS, `${set.columns}: orphan values`);
      for (const orphan of valuesOf(result, null)) assert.equal(orphan.contact_id, null);

      assert.deepEqual(
        result.warnings.map((warning) => ({ code: warning.code, count: warning.count })),
        [{ code: 'CONTACTS_ORPHAN_VALUES', count: 2 }],
      );

      assert.equal(result.documents.length, 3);
      const jane = contactByRowid(result, 1);
      const janeDocument = documentOf(result, jane);
      assert.equal(janeDocument.type, 'contact');
      assert.equal(janeDocument.artifact_table, 'contact');
      assert.equal(janeDocument.title, 'Dr. Jane Q. Appleseed Jr.');
      for (const part of ['Acme Corp', '+1 (555) 010-9999', '555-0100 x42', '1-800-MY-APPLE', 'Jane.Appleseed@Example.COM', 'Met at WWDC; likes tea']) {
        assert.ok(String(janeDocument.body).includes(part), `document body contains ${part}`);
      }
      assert.equal(iso(janeDocument.occurred_at), '2023-11-02T08:09:10.000Z');
      const widgetDocument = documentOf(result, contactByRowid(result, 2));
      assert.equal(widgetDocument.title, 'Widget Works');
      assert.ok(String(widgetDocument.body).includes('+44 20 7946 0958'));
      assert.ok(String(widgetDocument.body).includes('Sales@Widget.example'));
      assert.equal(iso(widgetDocument.occurred_at), '2020-02-29T12:00:00.000Z');
      assert.equal(documentOf(result, contactByRowid(result, 5)).title, 'Terry');
    });
  }

  test('ids are deterministic: the same book parsed twice gives the same ids', async () => {
    const path = scratchPath('twice.sqlitedb');
    buildAddressBook(path, { ...BUILT_SPEC, columns: 'modern' });
    const first = await runPlugin(contactsPlugin, path);
    const second = await runPlugin(contactsPlugin, path);
    assert.deepEqual(
      first.tables.contact_value!.map((row) => [row.id, row.contact_id]),
      second.tables.contact_value!.map((row) => [row.id, row.contact_id]),
    );
    assert.equal(new Set(first.tables.contact_value!.map((row) => row.id)).size, 15);
  });
});

describe('bad and unusual input', () => {
  const truncatedFixture = (fraction: number): string => {
    const bytes = readFileSync(IOS5_BOOK);
    const path = scratchPath(`truncated-${fraction}.sqlitedb`);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
    return path;
  };
  const rejections: ReadonlyArray<{ name: string; make: () => string; code: string }> = [
    {
      name: 'random bytes',
      make: () => {
        const path = scratchPath('random.sqlitedb');
        writeFileSync(path, randomBytes(8192));
        return path;
      },
      code: 'SOURCE_CORRUPT',
    },
    { name: 'real fixture truncated to half', make: () => truncatedFixture(0.5), code: 'SOURCE_CORRUPT' },
    { name: 'real fixture missing its last page', make: () => truncatedFixture(1 - 4096 / 212992), code: 'SOURCE_CORRUPT' },
    {
      name: 'SQLite file that is not an address book',
      make: () => {
        const path = scratchPath('other.sqlite');
        const db = new Database(path);
        db.exec('CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT); INSERT INTO message (text) VALUES (\'hi\')');
        db.close();
        return path;
      },
      code: 'UNSUPPORTED_SCHEMA',
    },
    {
      name: 'address book without ABPerson',
      make: () => {
        const path = scratchPath('no-person.sqlitedb');
        buildAddressBook(path, { people: [], omitTables: ['ABPerson'] });
        return path;
      },
      code: 'UNSUPPORTED_SCHEMA',
    },
  ];
  for (const { name, make, code } of rejections) {
    test(`${name} rejects with ${code}`, async () => {
      await assert.rejects(runPlugin(contactsPlugin, make()), { code });
    });
  }

  test('ABPerson without ABMultiValue completes with a CONTACTS_NO_MULTIVALUES warning', async () => {
    const path = scratchPath('no-multivalue.sqlitedb');
    buildAddressBook(path, {
      omitTables: ['ABMultiValue'],
      people: [{ first: 'Solo', last: 'Person', values: [{ kind: 'phone', label: builtInLabel('Mobile'), value: '555' }] }],
    });
    const result = await runPlugin(contactsPlugin, path);
    assert.deepEqual(result.rows, { contact: 1, contact_value: 0 });
    assert.equal(contactByRowid(result, 1).display_name, 'Solo Person');
    assert.deepEqual(
      result.warnings.map((warning) => warning.code),
      ['CONTACTS_NO_MULTIVALUES'],
    );
  });

  test('an out-of-range CreationDate becomes null with one TIME_OUT_OF_RANGE warning naming the column', async () => {
    const path = scratchPath('out-of-range.sqlitedb');
    buildAddressBook(path, {
      people: [
        { first: 'Far', last: 'Future', created: 9e15, modified: new Date('2021-01-01T00:00:00Z') },
        { first: 'Also', last: 'Far', created: 9e15, modified: 0 },
      ],
    });
    const result = await runPlugin(contactsPlugin, path);
    assert.equal(contactByRowid(result, 1).created_at, null);
    assert.equal(iso(contactByRowid(result, 1).modified_at), '2021-01-01T00:00:00.000Z');
    assert.equal(contactByRowid(result, 2).created_at, null);
    assert.equal(contactByRowid(result, 2).modified_at, null);
    const timeWarnings = result.warnings.filter((warning) => warning.code === 'TIME_OUT_OF_RANGE');
    assert.equal(timeWarnings.length, 1, 'one aggregated warning; ModificationDate 0 is "no date", not out of range');
    assert.match(timeWarnings[0]!.message, /ABPerson\.CreationDate/);
    assert.equal(timeWarnings[0]!.count, 2);
  });

  test('a book without _ClientVersion is read with the unknown-version variant', async () => {
    const path = scratchPath('no-version.sqlitedb');
    buildAddressBook(path, { clientVersion: null, people: [{ first: 'Ann' }] });
    const result = await runPlugin(contactsPlugin, path);
    assert.equal(result.variant, 'addressbook-unknown-version');
    assert.equal(result.rows.contact, 1);
  });
});

describe('labels.ts', () => {
  const humanLabels: ReadonlyArray<[string | null | undefined, string | null]> = [
    ['_$!<Mobile>!$_', 'mobile'],
    ['_$!<HomeFAX>!$_', 'home fax'],
    ['_$!<WorkFAX>!$_', 'work fax'],
    ['_$!<OtherFAX>!$_', 'other fax'],
    ['_$!<HomePage>!$_', 'homepage'],
    ['_$!<iPhone>!$_', 'iphone'],
    ['_$!<Main>!$_', 'main'],
    ['_$!<Anniversary>!$_', 'anniversary'],
    ['Burner', 'Burner'],
    ['my Work Phone', 'my Work Phone'],
    ['', null],
    [null, null],
    [undefined, null],
  ];
  for (const [raw, expected] of humanLabels) {
    test(`humanLabel(${JSON.stringify(raw)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(humanLabel(raw), expected);
    });
  }

  const phones: ReadonlyArray<[string | null | undefined, string | null]> = [
    ['1-800-MY-APPLE', '18006927753'],
    ['1-800-my-apple', '18006927753'],
    ['+1 (555) 010-9999', '+15550109999'],
    ['  +44 20 7946 0958  ', '+442079460958'],
    ['+1 (555) 010-9999 ext. 42', '+15550109999'],
    ['555-0100 x42', '5550100'],
    ['555-0100;1234', '5550100'],
    ['555-0100,,2', '5550100'],
    ['() - .', null],
    ['n/a', null],
    ['', null],
    [null, null],
  ];
  for (const [raw, expected] of phones) {
    test(`normalizePhone(${JSON.stringify(raw)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizePhone(raw), expected);
    });
  }

  const emails: ReadonlyArray<[string | null | undefined, string | null]> = [
    ['Tracy@Example.COM', 'tracy@example.com'],
    ['  someone@example.org \n', 'someone@example.org'],
    ['   ', null],
    ['', null],
    [null, null],
    [undefined, null],
  ];
  for (const [raw, expected] of emails) {
    test(`normalizeEmail(${JSON.stringify(raw)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeEmail(raw), expected);
    });
  }
});
