// Test fixture builder: writes AddressBook.sqlitedb files with the tables and columns iOS creates (modern iOS or the
// iOS 5 column set), people and multi-values stored as the device stores them (Cocoa seconds, label and entry-key tables).
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { deterministicGuid } from '../../../kernel/testing/built-db.js';
import { COCOA_EPOCH_OFFSET_SECONDS as COCOA_EPOCH_SECONDS } from '../../../kernel/time.js';

/**
 * Which column set to create: `modern` is ABPerson as recent iOS declares it (guid, PhonemeData, ... WallpaperURI),
 * ABMultiValue with its guid, ABStore with guid; `ios5` is the column set of the real iOS 5 fixture.
 */
export type AddressBookColumns = 'modern' | 'ios5';

/** Multi-value kinds the builder knows by name. */
export type MultiValueKind = 'phone' | 'email' | 'address' | 'url' | 'im' | 'related_name' | 'social_profile' | 'date';

/** ABMultiValue.property number of each named kind. */
export const PROPERTY_NUMBERS: Readonly<Record<MultiValueKind, number>> = {
  phone: 3,
  email: 4,
  address: 5,
  date: 12,
  im: 13,
  url: 22,
  related_name: 23,
  social_profile: 46,
};

/** `Mobile` becomes `_$!<Mobile>!$_`, the way iOS stores its built-in labels. */
export function builtInLabel(name: string): string {
  return `_$!<${name}>!$_`;
}

/** One ABMultiValue row (with its ABMultiValueEntry parts when it is a dictionary value). */
export interface MultiValueSpec {
  /** Named kind; ignored when `property` is given. */
  kind?: MultiValueKind;
  /** Raw ABMultiValue.property, for properties the builder has no name for. */
  property?: number;
  /** Label exactly as stored in ABMultiValueLabel (`_$!<Mobile>!$_`, or a custom label such as `Burner`); null for none. */
  label?: string | null;
  /** ABMultiValue.value; dictionary values (address, IM, social profile) usually leave it NULL. */
  value?: string | null;
  /** For `date` values: a calendar date `YYYY-MM-DD`, stored as Cocoa seconds of that day at midnight UTC. */
  date?: string;
  /** ABMultiValueEntry parts keyed by their ABMultiValueEntryKey (`Street`, `City`, `ZIP`, `service`, `username`, ...). */
  entries?: Readonly<Record<string, string>>;
  /** Explicit ABMultiValue.UID; by default UIDs are 1, 2, 3, ... in spec order (people first, then orphans). */
  uid?: number;
}

/** A multi-value whose record_id matches no ABPerson row (or is NULL). */
export interface OrphanValueSpec extends MultiValueSpec {
  recordId: number | null;
}

/** An instant to store in CreationDate / ModificationDate: a Date (whole Cocoa seconds) or a raw stored number. */
export type StoredInstant = Date | number | null;

/** One ABPerson row and its multi-values. */
export interface PersonSpec {
  /** Explicit ROWID; by default the next one after the previous person. */
  rowid?: number;
  prefix?: string | null;
  first?: string | null;
  middle?: string | null;
  last?: string | null;
  suffix?: string | null;
  nickname?: string | null;
  organization?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  note?: string | null;
  /** ABPerson.Kind: 0 person (default), 1 organization. */
  kind?: 'person' | 'organization';
  /** Calendar date `YYYY-MM-DD` (year 1604 is iOS's "no year"), stored as TEXT Cocoa seconds of midnight UTC. */
  birthday?: string | null;
  /** ABPerson.CreationDate: a Date becomes whole Cocoa seconds; a number is stored as given (out-of-range tests). */
  created?: StoredInstant;
  modified?: StoredInstant;
  values?: readonly MultiValueSpec[];
}

/** Everything an address book holds. */
export interface AddressBookSpec {
  /** Column set; `modern` by default. */
  columns?: AddressBookColumns;
  /**
   * `_SqliteDatabaseProperties._ClientVersion`; null leaves the key out. Defaults: `33` for the iOS 5 set (the value in
   * the real iOS 5 fixture), `52` for the modern set (the newest value in evidence, from the iOS 7 fixture).
   */
  clientVersion?: string | null;
  people: readonly PersonSpec[];
  orphans?: readonly OrphanValueSpec[];
  /** Tables not to create (e.g. `ABMultiValue`); rows meant for them are not written. */
  omitTables?: readonly string[];
}

/** Size of a bulk address book. */
export interface BulkAddressBookSize {
  people: number;
  valuesPerPerson: number;
  columns?: AddressBookColumns;
  /**
   * Person `rowid` (1-based) with its multi-values, in place of the default `First<n> Last<n>` with `valuesPerPerson`
   * generated values; each person's values are written right after the person.
   */
  person?: (rowid: number) => PersonSpec;
}

/** What a bulk build wrote. */
export interface BulkAddressBookSummary {
  people: number;
  values: number;
  entries: number;
}

interface TableDefinition {
  name: string;
  ddl: string;
  indexes?: readonly string[];
}

const AB_PERSON_COMMON =
  'ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT, MiddlePhonetic TEXT, ' +
  'LastPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, JobTitle TEXT, ' +
  'Nickname TEXT, Prefix TEXT, Suffix TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER, ModificationDate INTEGER, ' +
  'CompositeNameFallback TEXT, ExternalIdentifier TEXT, ExternalModificationTag TEXT, ExternalUUID TEXT, StoreID INTEGER, ' +
  'DisplayName TEXT, ExternalRepresentation BLOB, FirstSortSection TEXT, LastSortSection TEXT, ' +
  'FirstSortLanguageIndex INTEGER DEFAULT 2147483647, LastSortLanguageIndex INTEGER DEFAULT 2147483647, ' +
  'PersonLink INTEGER DEFAULT -1, ImageURI TEXT, IsPreferredName INTEGER DEFAULT 1';

const AB_PERSON_MODERN_EXTRA =
  'guid TEXT NOT NULL DEFAULT (ab_generate_guid()), PhonemeData TEXT, AlternateBirthday TEXT, MapsData TEXT, ' +
  'FirstPronunciation TEXT, MiddlePronunciation TEXT, LastPronunciation TEXT, OrganizationPhonetic TEXT, ' +
  'OrganizationPronunciation TEXT, PreviousFamilyName TEXT, PreferredLikenessSource TEXT, PreferredPersonaIdentifier TEXT, ' +
  'PreferredChannel TEXT, DowntimeWhitelist TEXT, ImageType TEXT, ImageHash BLOB, MemojiMetadata BLOB, Wallpaper BLOB, ' +
  'DisplayFlags INTEGER, WatchWallpaperImageData BLOB, WallpaperMetadata BLOB, ImageBackgroundColorsData BLOB, ' +
  'SensitiveContentConfiguration BLOB, WallpaperURI TEXT, UNIQUE(guid)';

const PERSON_INDEXES = [
  'CREATE INDEX ABFirstSortIndex on ABPerson(FirstSortLanguageIndex, FirstSortSection, FirstSort)',
  'CREATE INDEX ABLastSortIndex on ABPerson(LastSortLanguageIndex, LastSortSection, LastSort)',
  'CREATE INDEX ABFirstSortStoreIndex on ABPerson(StoreID, FirstSortLanguageIndex, FirstSortSection, FirstSort)',
  'CREATE INDEX ABLastSortStoreIndex on ABPerson(StoreID, LastSortLanguageIndex, LastSortSection, LastSort)',
  'CREATE INDEX ABPersonPersonLinkIndex on ABPerson(PersonLink)',
  'CREATE INDEX ABPreferredFirstSortIndex on ABPerson(IsPreferredName, FirstSortLanguageIndex, FirstSortSection, FirstSort)',
  'CREATE INDEX ABPreferredLastSortIndex on ABPerson(IsPreferredName, LastSortLanguageIndex, LastSortSection, LastSort)',
];

const MULTI_VALUE_INDEXES = [
  'CREATE INDEX ABMultiValueRecordIDIndex on ABMultiValue(record_id)',
  'CREATE INDEX ABMultiValueLabelIndex ON ABMultiValue(label)',
  'CREATE INDEX ABMultiValuePropertyValueIndex ON ABMultiValue(property, value COLLATE NOCASE)',
];

function tableDefinitions(columns: AddressBookColumns): TableDefinition[] {
  const modern = columns === 'modern';
  return [
    { name: '_SqliteDatabaseProperties', ddl: 'CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key))' },
    {
      name: 'ABStore',
      ddl: modern
        ? 'CREATE TABLE ABStore (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, ExternalIdentifier TEXT, Type INTEGER, ' +
          'ConstraintsPath TEXT, ExternalModificationTag TEXT, ExternalSyncTag TEXT, StoreInternalIdentifier TEXT, ' +
          'AccountID INTEGER DEFAULT -1,Enabled INTEGER DEFAULT 1, SyncData BLOB, MeIdentifier INTEGER DEFAULT -1, ' +
          'Capabilities INTEGER DEFAULT 0, guid TEXT NOT NULL DEFAULT (ab_generate_guid()), LastSyncDate TEXT, ' +
          'ProviderIdentifier TEXT, ProviderMetadata BLOB, UNIQUE(StoreInternalIdentifier), UNIQUE(guid))'
        : 'CREATE TABLE ABStore (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, ExternalIdentifier TEXT, Type INTEGER, ' +
          'ConstraintsPath TEXT, ExternalModificationTag TEXT, StoreInternalIdentifier TEXT, AccountIdentifier TEXT, ' +
          'Enabled INTEGER DEFAULT 1, UNIQUE(StoreInternalIdentifier))',
    },
    {
      name: 'ABPerson',
      ddl: `CREATE TABLE ABPerson (${AB_PERSON_COMMON}${modern ? `, ${AB_PERSON_MODERN_EXTRA}` : ''})`,
      indexes: modern
        ? [
            ...PERSON_INDEXES,
            'CREATE INDEX ABPersonExternalUUIDIndex on ABPerson(ExternalUUID)',
            'CREATE INDEX ABPersonExternalIdentifierIndex on ABPerson(ExternalIdentifier)',
          ]
        : PERSON_INDEXES,
    },
    {
      name: 'ABPersonChanges',
      ddl: 'CREATE TABLE ABPersonChanges (record INTEGER, type INTEGER, Image INTEGER, ExternalIdentifier TEXT, StoreID INTEGER)',
    },
    {
      name: 'ABPersonLink',
      ddl:
        'CREATE TABLE ABPersonLink (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, PreferredImagePersonID INTEGER DEFAULT -1, ' +
        'PreferredNamePersonID INTEGER DEFAULT -1)',
    },
    {
      name: 'ABPersonSearchKey',
      ddl: modern
        ? 'CREATE TABLE ABPersonSearchKey (person_id INTEGER, SearchKey BLOB, NameOnlySearchKey BLOB, UNIQUE(person_id))'
        : 'CREATE TABLE ABPersonSearchKey (person_id INTEGER, value BLOB, UNIQUE(person_id))',
    },
    ...(modern
      ? [
          {
            name: 'ABPersonBasicChanges',
            ddl: 'CREATE TABLE ABPersonBasicChanges (record INTEGER PRIMARY KEY, type INTEGER, sequenceNumber INTEGER)',
          },
        ]
      : []),
    {
      name: 'ABGroup',
      ddl:
        'CREATE TABLE ABGroup (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, ExternalIdentifier TEXT, StoreID INTEGER, ' +
        'ExternalModificationTag TEXT, ExternalRepresentation BLOB, ExternalUUID TEXT)',
    },
    {
      name: 'ABGroupChanges',
      ddl: 'CREATE TABLE ABGroupChanges (record INTEGER, type INTEGER, ExternalIdentifier TEXT, StoreID INTEGER)',
    },
    ...(modern
      ? [
          {
            name: 'ABAccount',
            ddl: 'CREATE TABLE ABAccount (ROWID INTEGER PRIMARY KEY, AccountIdentifier TEXT, Flags INTEGER, DefaultSourceID INTEGER)',
          },
        ]
      : []),
    {
      name: 'ABGroupMembers',
      ddl:
        'CREATE TABLE ABGroupMembers (UID INTEGER PRIMARY KEY, group_id INTEGER, member_type INTEGER, member_id INTEGER, ' +
        'UNIQUE(group_id, member_type, member_id))',
    },
    {
      name: 'ABMultiValue',
      ddl: modern
        ? 'CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, ' +
          'label INTEGER, value TEXT, guid TEXT DEFAULT (ab_generate_guid()), UNIQUE(guid))'
        : 'CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, ' +
          'label INTEGER, value TEXT)',
      indexes: MULTI_VALUE_INDEXES,
    },
    { name: 'ABMultiValueLabel', ddl: 'CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value))' },
    {
      name: 'ABMultiValueEntry',
      ddl: 'CREATE TABLE ABMultiValueEntry (parent_id INTEGER, key INTEGER, value TEXT, UNIQUE(parent_id, key))',
      indexes: ['CREATE INDEX ABMultiValueEntryKeyIndex ON ABMultiValueEntry(key)'],
    },
    { name: 'ABMultiValueEntryKey', ddl: 'CREATE TABLE ABMultiValueEntryKey (value TEXT, UNIQUE(value))' },
    {
      name: 'ABPhoneLastFour',
      ddl: 'CREATE TABLE ABPhoneLastFour (multivalue_id INTEGER PRIMARY KEY, value TEXT)',
      indexes: ['CREATE INDEX ABPhoneLastFourIndex ON ABPhoneLastFour(value)'],
    },
    {
      name: 'ABPersonMultiValueDeletes',
      ddl: 'CREATE TABLE ABPersonMultiValueDeletes (record_id INTEGER, property_id INTEGER, identifier INTEGER)',
    },
    {
      name: 'FirstSortSectionCount',
      ddl:
        'CREATE TABLE FirstSortSectionCount(LanguageIndex, Section TEXT, StoreID, number, UNIQUE(LanguageIndex, Section, StoreID))',
    },
    {
      name: 'LastSortSectionCount',
      ddl:
        'CREATE TABLE LastSortSectionCount(LanguageIndex, Section TEXT, StoreID, number, UNIQUE(LanguageIndex, Section, StoreID))',
    },
    {
      name: 'FirstSortSectionCountTotal',
      ddl:
        'CREATE TABLE FirstSortSectionCountTotal(LanguageIndex, Section TEXT, Type INT, number, UNIQUE(LanguageIndex, Section, Type))',
    },
    {
      name: 'LastSortSectionCountTotal',
      ddl:
        'CREATE TABLE LastSortSectionCountTotal(LanguageIndex, Section TEXT, Type INT, number, UNIQUE(LanguageIndex, Section, Type))',
    },
    {
      name: 'ABRecent',
      ddl: 'CREATE TABLE ABRecent(date INTEGER, name, property INTEGER, value)',
      indexes: ['CREATE INDEX ABRecent_value_index ON ABRecent(property, value)', 'CREATE INDEX ABRecent_date_index ON ABRecent(property, date)'],
    },
  ];
}

/** Whole Cocoa seconds of an instant, as ABPerson.CreationDate / ModificationDate hold them. */
export function cocoaSecondsOf(instant: Date): number {
  return Math.floor(instant.getTime() / 1000) - COCOA_EPOCH_SECONDS;
}

/** `YYYY-MM-DD` to the TEXT iOS stores for a birthday or a date multi-value: Cocoa seconds of midnight UTC. */
export function storedCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const midnight = new Date(0);
  midnight.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (midnight.toISOString().slice(0, 10) !== date) throw new RangeError(`no such calendar date: ${date}`);
  return (midnight.getTime() / 1000 - COCOA_EPOCH_SECONDS).toFixed(6);
}

function storedInstant(instant: StoredInstant | undefined): number | null {
  if (instant === undefined || instant === null) return null;
  return instant instanceof Date ? cocoaSecondsOf(instant) : instant;
}

function propertyOf(value: MultiValueSpec): number {
  if (value.property !== undefined) return value.property;
  if (value.kind === undefined) throw new RangeError('a multi-value needs a kind or a property number');
  return PROPERTY_NUMBERS[value.kind];
}

/** Prepared inserts over one address book being built, with label and entry-key interning. */
class AddressBookWriter {
  private readonly db: Database.Database;
  private readonly modern: boolean;
  private readonly present: ReadonlySet<string>;
  private readonly labelIds = new Map<string, number>();
  private readonly entryKeyIds = new Map<string, number>();
  private readonly identifiers = new Map<string, number>();
  private readonly insertPerson: Database.Statement | null;
  private readonly insertValue: Database.Statement | null;
  private readonly insertLabel: Database.Statement | null;
  private readonly insertEntryKey: Database.Statement | null;
  private readonly insertEntry: Database.Statement | null;
  private readonly insertLastFour: Database.Statement | null;
  private nextUid = 1;
  entriesWritten = 0;

  constructor(db: Database.Database, columns: AddressBookColumns, present: ReadonlySet<string>) {
    this.db = db;
    this.modern = columns === 'modern';
    this.present = present;
    const personColumns = [
      'ROWID', 'First', 'Last', 'Middle', 'Organization', 'Department', 'Note', 'Kind', 'Birthday', 'JobTitle', 'Nickname',
      'Prefix', 'Suffix', 'CreationDate', 'ModificationDate', 'StoreID', ...(this.modern ? ['guid'] : []),
    ];
    this.insertPerson = this.prepareIf(
      'ABPerson',
      `INSERT INTO ABPerson (${personColumns.join(', ')}) VALUES (${personColumns.map(() => '?').join(', ')})`,
    );
    this.insertValue = this.prepareIf(
      'ABMultiValue',
      this.modern
        ? 'INSERT INTO ABMultiValue (UID, record_id, property, identifier, label, value, guid) VALUES (?, ?, ?, ?, ?, ?, ?)'
        : 'INSERT INTO ABMultiValue (UID, record_id, property, identifier, label, value) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertLabel = this.prepareIf('ABMultiValueLabel', 'INSERT INTO ABMultiValueLabel (value) VALUES (?)');
    this.insertEntryKey = this.prepareIf('ABMultiValueEntryKey', 'INSERT INTO ABMultiValueEntryKey (value) VALUES (?)');
    this.insertEntry = this.prepareIf('ABMultiValueEntry', 'INSERT INTO ABMultiValueEntry (parent_id, key, value) VALUES (?, ?, ?)');
    this.insertLastFour = this.prepareIf('ABPhoneLastFour', 'INSERT INTO ABPhoneLastFour (multivalue_id, value) VALUES (?, ?)');
  }

  person(rowid: number, person: PersonSpec): void {
    this.insertPerson?.run(
      rowid,
      person.first ?? null,
      person.last ?? null,
      person.middle ?? null,
      person.organization ?? null,
      person.department ?? null,
      person.note ?? null,
      person.kind === 'organization' ? 1 : 0,
      person.birthday ? storedCalendarDate(person.birthday) : null,
      person.jobTitle ?? null,
      person.nickname ?? null,
      person.prefix ?? null,
      person.suffix ?? null,
      storedInstant(person.created),
      storedInstant(person.modified),
      0,
      ...(this.modern ? [`${deterministicGuid('ABPerson', rowid)}:ABPerson`] : []),
    );
  }

  value(recordId: number | null, value: MultiValueSpec): number {
    const uid = value.uid ?? this.nextUid;
    this.nextUid = Math.max(this.nextUid, uid + 1);
    if (!this.insertValue) return uid;
    const property = propertyOf(value);
    const identifierKey = `${String(recordId)}/${property}`;
    const identifier = this.identifiers.get(identifierKey) ?? 0;
    this.identifiers.set(identifierKey, identifier + 1);
    const stored = value.date !== undefined ? storedCalendarDate(value.date) : (value.value ?? null);
    const label = value.label === undefined || value.label === null ? null : this.labelId(value.label);
    this.insertValue.run(
      uid,
      recordId,
      property,
      identifier,
      label,
      stored,
      ...(this.modern ? [deterministicGuid('ABMultiValue', uid)] : []),
    );
    if (property === PROPERTY_NUMBERS.phone && stored !== null && this.insertLastFour) {
      const digits = stored.replace(/\D/g, '');
      if (digits !== '') this.insertLastFour.run(uid, digits.slice(-4));
    }
    if (value.entries && this.insertEntry) {
      for (const [key, part] of Object.entries(value.entries)) {
        this.insertEntry.run(uid, this.entryKeyId(key), part);
        this.entriesWritten += 1;
      }
    }
    return uid;
  }

  private labelId(label: string): number | null {
    if (!this.insertLabel) return null;
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = Number(this.insertLabel.run(label).lastInsertRowid);
      this.labelIds.set(label, id);
    }
    return id;
  }

  private entryKeyId(key: string): number | null {
    if (!this.insertEntryKey) return null;
    let id = this.entryKeyIds.get(key);
    if (id === undefined) {
      id = Number(this.insertEntryKey.run(key).lastInsertRowid);
      this.entryKeyIds.set(key, id);
    }
    return id;
  }

  private prepareIf(table: string, sql: string): Database.Statement | null {
    return this.present.has(table) ? this.db.prepare(sql) : null;
  }
}

function createAddressBook(
  path: string,
  columns: AddressBookColumns,
  clientVersion: string | null,
  omitTables: readonly string[],
): { db: Database.Database; writer: AddressBookWriter; createIndexes: () => void } {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  const db = new Database(path);
  db.pragma('cache_size = -65536');
  const omitted = new Set(omitTables);
  const present = new Set<string>();
  const indexes: string[] = [];
  for (const table of tableDefinitions(columns)) {
    if (omitted.has(table.name)) continue;
    db.exec(table.ddl);
    indexes.push(...(table.indexes ?? []));
    present.add(table.name);
  }
  const createIndexes = (): void => {
    for (const index of indexes) db.exec(index);
  };
  if (present.has('_SqliteDatabaseProperties')) {
    const property = db.prepare('INSERT INTO _SqliteDatabaseProperties (key, value) VALUES (?, ?)');
    if (clientVersion !== null) property.run('_ClientVersion', clientVersion);
    property.run('_UniqueIdentifier', deterministicGuid(`AddressBook ${path}`, 0));
    property.run('PersonLinkerVersion', '9');
  }
  if (present.has('ABStore')) {
    if (columns === 'modern') {
      db.prepare('INSERT INTO ABStore (ROWID, Type, StoreInternalIdentifier, guid) VALUES (0, 0, ?, ?)').run(
        'local',
        deterministicGuid('ABStore', 0),
      );
    } else {
      db.prepare('INSERT INTO ABStore (ROWID, Type, StoreInternalIdentifier) VALUES (0, 0, ?)').run('local');
    }
  }
  return { db, writer: new AddressBookWriter(db, columns, present), createIndexes };
}

/**
 * Writes an AddressBook.sqlitedb at `path` (replacing any file there) holding the given people and multi-values.
 * The file is left in rollback-journal mode with no sidecars; indexes are created after the rows are loaded. Not created:
 * the FTS table (it needs Apple's tokenizer) and the sort-section triggers, neither of which a reader uses.
 */
export function buildAddressBook(path: string, spec: AddressBookSpec): void {
  const columns = spec.columns ?? 'modern';
  const clientVersion = spec.clientVersion === undefined ? (columns === 'modern' ? '52' : '33') : spec.clientVersion;
  const { db, writer, createIndexes } = createAddressBook(path, columns, clientVersion, spec.omitTables ?? []);
  try {
    db.transaction(() => {
      let nextRowid = 1;
      const rowids: number[] = [];
      for (const person of spec.people) {
        const rowid = person.rowid ?? nextRowid;
        nextRowid = Math.max(nextRowid, rowid + 1);
        rowids.push(rowid);
        writer.person(rowid, person);
      }
      spec.people.forEach((person, index) => {
        for (const value of person.values ?? []) writer.value(rowids[index]!, value);
      });
      for (const orphan of spec.orphans ?? []) writer.value(orphan.recordId, orphan);
      createIndexes();
    })();
  } finally {
    db.close();
  }
}

const BULK_LABELS = ['Mobile', 'Home', 'Work', 'iPhone', 'Main', 'Other'].map(builtInLabel);

/**
 * Writes a large modern address book fast (one transaction, prepared statements) for benchmarks:
 * `people` people, each with `valuesPerPerson` multi-values cycling phone, email, address (with entry parts), URL.
 */
export function buildBulkAddressBook(path: string, size: BulkAddressBookSize): BulkAddressBookSummary {
  const columns = size.columns ?? 'modern';
  const { db, writer, createIndexes } = createAddressBook(path, columns, columns === 'modern' ? '52' : '33', []);
  const created = new Date(Date.UTC(2020, 0, 1));
  let values = 0;
  try {
    db.transaction(() => {
      const personOf = size.person;
      if (personOf) {
        for (let rowid = 1; rowid <= size.people; rowid += 1) {
          const person = personOf(rowid);
          writer.person(rowid, person);
          for (const value of person.values ?? []) {
            writer.value(rowid, value);
            values += 1;
          }
        }
        createIndexes();
        return;
      }
      for (let rowid = 1; rowid <= size.people; rowid += 1) {
        writer.person(rowid, {
          first: `First${rowid}`,
          last: `Last${rowid}`,
          organization: rowid % 10 === 0 ? `Company ${rowid}` : null,
          created: new Date(created.getTime() + rowid * 1000),
          modified: new Date(created.getTime() + rowid * 2000),
        });
      }
      for (let rowid = 1; rowid <= size.people; rowid += 1) {
        for (let index = 0; index < size.valuesPerPerson; index += 1) {
          const label = BULK_LABELS[(rowid + index) % BULK_LABELS.length]!;
          const serial = String(rowid * 100 + index).padStart(7, '0');
          switch (index % 4) {
            case 0:
              writer.value(rowid, { kind: 'phone', label, value: `+1 (555) ${serial.slice(0, 3)}-${serial.slice(3)}` });
              break;
            case 1:
              writer.value(rowid, { kind: 'email', label, value: `person${rowid}.${index}@example.com` });
              break;
            case 2:
              writer.value(rowid, {
                kind: 'address',
                label,
                entries: { Street: `${rowid} Main St`, City: 'Springfield', State: 'IL', ZIP: '62701', Country: 'United States', CountryCode: 'us' },
              });
              break;
            default:
              writer.value(rowid, { kind: 'url', label: builtInLabel('HomePage'), value: `https://example.com/${rowid}/${index}` });
          }
          values += 1;
        }
      }
      createIndexes();
    })();
  } finally {
    db.close();
  }
  return { people: size.people, values, entries: writer.entriesWritten };
}
