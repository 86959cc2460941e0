// Fixture builder for the legacy notes.sqlite (HomeDomain Library/Notes, iOS up to 8 and kept by later releases):
// ZNOTE rows with their HTML body in ZNOTEBODY (ZNOTE.ZBODY -> ZNOTEBODY.Z_PK, ZNOTEBODY.ZOWNER -> ZNOTE.Z_PK),
// ZNOTE.ZSTORE -> ZSTORE (ZNAME, ZACCOUNT) -> ZACCOUNT (ZNAME), ZDELETEDFLAG, Cocoa-second dates. Three schema
// generations: `ios7` (the real iOS 7 backup's notes.sqlite: no Z_MODELCACHE), `ios6` (the 6.1.6 dump: no
// ZEXTERNALSEQUENCENUMBER) and `ios11` (the 11.2 dump: ZNOTEATTACHMENT, ZDIDCHOOSETOMIGRATE). A known sample with its
// expectations (SAMPLE_LEGACY_NOTES).
import { CORE_DATA_COLUMNS, CoreDataWriter, rootEntities, type ColumnList, type EntitySpec } from '../../../kernel/testing/coredata-writer.js';
import { SeededRandom } from './note-encoding.js';

/** Which schema generation to write. */
export type LegacyNotesGeneration = 'ios6' | 'ios7' | 'ios11';

const ACCOUNT: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZTYPE', 'INTEGER'], ['ZDEFAULTSTORE', 'INTEGER'], ['ZACCOUNTIDENTIFIER', 'VARCHAR'], ['ZCONSTRAINTSPATH', 'VARCHAR'], ['ZNAME', 'VARCHAR'],
];
const NEXT_ID: ColumnList = [...CORE_DATA_COLUMNS, ['ZCOUNTER', 'INTEGER']];
const NOTE: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCONTAINSCJK', 'INTEGER'], ['ZCONTENTTYPE', 'INTEGER'], ['ZDELETEDFLAG', 'INTEGER'], ['ZEXTERNALFLAGS', 'INTEGER'],
  ['ZEXTERNALSEQUENCENUMBER', 'INTEGER'], ['ZEXTERNALSERVERINTID', 'INTEGER'], ['ZINTEGERID', 'INTEGER'], ['ZISBOOKKEEPINGENTRY', 'INTEGER'],
  ['ZBODY', 'INTEGER'], ['ZSTORE', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'], ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZAUTHOR', 'VARCHAR'],
  ['ZGUID', 'VARCHAR'], ['ZSERVERID', 'VARCHAR'], ['ZSUMMARY', 'VARCHAR'], ['ZTITLE', 'VARCHAR'],
];
const NOTE_ATTACHMENT: ColumnList = [...CORE_DATA_COLUMNS, ['ZNOTE', 'INTEGER'], ['ZCONTENTID', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'], ['ZMIMETYPE', 'VARCHAR']];
const NOTE_BODY: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZOWNER', 'INTEGER'], ['ZCONTENT', 'VARCHAR'], ['ZEXTERNALCONTENTREF', 'VARCHAR'], ['ZEXTERNALREPRESENTATION', 'BLOB'],
];
const NOTE_CHANGE: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZCHANGETYPE', 'INTEGER'], ['ZSTORE', 'INTEGER'], ['ZNOTEINTEGERIDS', 'BLOB'], ['ZNOTESERVERIDS', 'BLOB'], ['ZNOTESERVERINTIDS', 'BLOB'],
];
const PROPERTY: ColumnList = [...CORE_DATA_COLUMNS, ['ZPROPERTYKEY', 'VARCHAR'], ['ZPROPERTYVALUE', 'BLOB']];
const STORE: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZACCOUNT', 'INTEGER'], ['ZEXTERNALIDENTIFIER', 'VARCHAR'], ['ZNAME', 'VARCHAR'], ['ZSYNCANCHOR', 'VARCHAR'],
];

interface LegacyGeneration {
  tables: Readonly<Record<string, ColumnList>>;
  entities: readonly EntitySpec[];
  /** Index SQL, after the rows. */
  indexes: readonly string[];
  modelCache: boolean;
}

const SHARED_INDEXES = [
  'CREATE INDEX ZACCOUNT_ZDEFAULTSTORE_INDEX ON ZACCOUNT (ZDEFAULTSTORE)',
  'CREATE INDEX ZNOTE_ZBODY_INDEX ON ZNOTE (ZBODY)',
  'CREATE INDEX ZNOTE_ZSTORE_INDEX ON ZNOTE (ZSTORE)',
  'CREATE INDEX ZNOTEBODY_ZOWNER_INDEX ON ZNOTEBODY (ZOWNER)',
  'CREATE INDEX ZNOTECHANGE_ZSTORE_INDEX ON ZNOTECHANGE (ZSTORE)',
  'CREATE INDEX ZSTORE_ZACCOUNT_INDEX ON ZSTORE (ZACCOUNT)',
];

const IOS7: LegacyGeneration = {
  tables: { ZACCOUNT: ACCOUNT, ZNEXTID: NEXT_ID, ZNOTE: NOTE, ZNOTEBODY: NOTE_BODY, ZNOTECHANGE: NOTE_CHANGE, ZPROPERTY: PROPERTY, ZSTORE: STORE },
  entities: rootEntities('Account', 'NextId', 'Note', 'NoteBody', 'NoteChange', 'Property', 'Store'),
  indexes: [...SHARED_INDEXES, 'CREATE INDEX ZNOTE_ZINTEGERID_INDEX ON ZNOTE (ZINTEGERID)'],
  modelCache: false,
};

const IOS6: LegacyGeneration = {
  ...IOS7,
  tables: { ...IOS7.tables, ZNOTE: NOTE.filter(([name]) => name !== 'ZEXTERNALSEQUENCENUMBER') },
};

const IOS11: LegacyGeneration = {
  tables: {
    ZACCOUNT: [...CORE_DATA_COLUMNS, ['ZDIDCHOOSETOMIGRATE', 'INTEGER'], ...ACCOUNT.slice(3)],
    ZNEXTID: NEXT_ID,
    ZNOTE: NOTE,
    ZNOTEATTACHMENT: NOTE_ATTACHMENT,
    ZNOTEBODY: NOTE_BODY,
    ZNOTECHANGE: NOTE_CHANGE,
    ZPROPERTY: PROPERTY,
    ZSTORE: STORE,
  },
  entities: rootEntities('Account', 'NextId', 'Note', 'NoteAttachment', 'NoteBody', 'NoteChange', 'Property', 'Store'),
  indexes: [
    ...SHARED_INDEXES,
    'CREATE INDEX Z_Note_integerId ON ZNOTE (ZINTEGERID COLLATE BINARY ASC)',
    'CREATE INDEX ZNOTEATTACHMENT_ZNOTE_INDEX ON ZNOTEATTACHMENT (ZNOTE)',
  ],
  modelCache: true,
};

const GENERATIONS: Readonly<Record<LegacyNotesGeneration, LegacyGeneration>> = { ios6: IOS6, ios7: IOS7, ios11: IOS11 };

/** The column lists of a legacy generation's tables (for schema comparisons in tests). */
export function legacyNotesTables(generation: LegacyNotesGeneration): Readonly<Record<string, ColumnList>> {
  return GENERATIONS[generation].tables;
}

/** A notes store (ZSTORE) and the account (ZACCOUNT) holding it; accounts are shared by name. */
export interface LegacyStoreSpec {
  name: string;
  account: string;
  /** ZACCOUNT.ZACCOUNTIDENTIFIER (the local account's is `local://local/account`). */
  accountIdentifier?: string;
  /** ZACCOUNT.ZTYPE (0 for the local account). */
  accountType?: number;
  /** ZSTORE.ZEXTERNALIDENTIFIER (the local store's is `local://local/store`). */
  externalIdentifier?: string;
}

/** One legacy note. Times are Cocoa seconds. */
export interface LegacyNoteSpec {
  title: string;
  /** ZNOTEBODY.ZCONTENT: the HTML body (its first line is the title, as Notes wrote it). */
  html: string;
  /** ZSUMMARY (default: the second line of the text). */
  summary?: string;
  created: number;
  modified: number;
  /** ZDELETEDFLAG. */
  deleted?: boolean;
  author?: string | null;
  /** ZGUID (default: a seeded UUID). */
  guid?: string;
  /** Index into the stores (default 0). */
  store?: number;
  /** ZSERVERID (IMAP-synced notes). */
  serverId?: string | null;
  /** ZNOTEATTACHMENT rows (ios11 generation only). */
  attachments?: ReadonlyArray<{ filename: string; mimeType: string; contentId?: string }>;
}

/** A legacy store: notes in one store (`storeName` of `accountName`, the real local pair by default) or several. */
export interface LegacyNotesSpec {
  notes: readonly LegacyNoteSpec[];
  storeName?: string;
  accountName?: string;
  stores?: readonly LegacyStoreSpec[];
  generation?: LegacyNotesGeneration;
  omitTables?: readonly string[];
  omitColumns?: Readonly<Record<string, readonly string[]>>;
  wal?: boolean;
  seed?: number | string;
}

/** What was written. */
export interface BuiltLegacyNotes {
  generation: LegacyNotesGeneration;
  /** Z_PKs of ZNOTE rows and their ZNOTEBODY rows, in spec order. */
  notes: Array<{ pk: number; body: number | null; guid: string }>;
  stores: number[];
  accounts: Record<string, number>;
}

/** The local store and account of a real notes.sqlite. */
export const LEGACY_LOCAL_STORE: Required<LegacyStoreSpec> = {
  name: 'LOCAL_NOTES_STORE',
  account: 'On My iPhone',
  accountIdentifier: 'local://local/account',
  accountType: 0,
  externalIdentifier: 'local://local/store',
};

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The visible lines of a legacy HTML body (div, p, li and br break lines; entities decoded): ZSUMMARY's source. */
export function legacyHtmlLines(html: string): string[] {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(div|p|li|ul|ol|h\d)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;

/** Writes a legacy notes.sqlite. */
export function buildLegacyNotesDb(path: string, spec: LegacyNotesSpec): BuiltLegacyNotes {
  const generation = spec.generation ?? 'ios7';
  const model = GENERATIONS[generation];
  const random = new SeededRandom(spec.seed ?? 'legacy-notes');
  const store = new CoreDataWriter(path, {
    tables: model.tables,
    entities: model.entities,
    omitTables: spec.omitTables,
    omitColumns: spec.omitColumns,
    wal: spec.wal,
  });
  // Before iOS 8 the store had no Z_MODELCACHE table.
  if (!model.modelCache) store.db.exec('DROP TABLE Z_MODELCACHE');
  const stores: readonly LegacyStoreSpec[] =
    spec.stores ?? [{ ...LEGACY_LOCAL_STORE, name: spec.storeName ?? LEGACY_LOCAL_STORE.name, account: spec.accountName ?? LEGACY_LOCAL_STORE.account }];
  const accounts: Record<string, number> = {};
  const storePks: number[] = [];
  for (const entry of stores) {
    let account = accounts[entry.account];
    const storePk = store.nextPk('ZSTORE');
    if (account === undefined) {
      account = store.insert('ZACCOUNT', {
        ZTYPE: entry.accountType ?? 0,
        ZDEFAULTSTORE: storePk,
        ZACCOUNTIDENTIFIER: entry.accountIdentifier ?? random.uuid(),
        ZNAME: entry.account,
        ZDIDCHOOSETOMIGRATE: 0,
      });
      accounts[entry.account] = account;
    }
    storePks.push(
      store.insert('ZSTORE', {
        ZACCOUNT: account || null,
        ZEXTERNALIDENTIFIER: entry.externalIdentifier ?? `local://${random.uuid()}/store`,
        ZNAME: entry.name,
        ZSYNCANCHOR: null,
      }),
    );
  }
  const notes: BuiltLegacyNotes['notes'] = [];
  spec.notes.forEach((note, index) => {
    const pk = store.nextPk('ZNOTE');
    const body = store.has('ZNOTEBODY') ? store.nextPk('ZNOTEBODY') : null;
    const guid = note.guid ?? random.uuid();
    const lines = legacyHtmlLines(note.html);
    store.insert('ZNOTE', {
      ZCONTAINSCJK: CJK.test(note.html),
      ZCONTENTTYPE: 0,
      ZDELETEDFLAG: note.deleted ?? false,
      ZEXTERNALFLAGS: 0,
      ZEXTERNALSEQUENCENUMBER: 0,
      ZEXTERNALSERVERINTID: null,
      ZINTEGERID: 1000 + index,
      ZISBOOKKEEPINGENTRY: 0,
      ZBODY: body,
      ZSTORE: storePks[note.store ?? 0] ?? null,
      ZCREATIONDATE: note.created,
      ZMODIFICATIONDATE: note.modified,
      ZAUTHOR: note.author ?? null,
      ZGUID: guid,
      ZSERVERID: note.serverId ?? null,
      ZSUMMARY: note.summary ?? lines[1] ?? '',
      ZTITLE: note.title,
    });
    if (body !== null) store.insert('ZNOTEBODY', { ZOWNER: pk, ZCONTENT: note.html });
    for (const attachment of note.attachments ?? []) {
      store.insert('ZNOTEATTACHMENT', { ZNOTE: pk, ZCONTENTID: attachment.contentId ?? `<${random.uuid()}@notes>`, ZFILENAME: attachment.filename, ZMIMETYPE: attachment.mimeType });
    }
    notes.push({ pk, body, guid });
  });
  for (const sql of model.indexes) {
    const table = /\bON (\w+)/.exec(sql)![1]!;
    const column = /\((\w+)/.exec(sql)![1]!;
    if (store.hasColumn(table, column)) store.db.exec(sql);
  }
  store.finish();
  return { generation, notes, stores: storePks, accounts };
}

// ---------------------------------------------------------------- the sample

/** Cocoa seconds of 2013-05-10T08:00:00Z. */
export const LEGACY_BASE_TIME = 389865600;

/** Note keys of the legacy sample. */
export type SampleLegacyNoteKey = 'shopping' | 'accents' | 'markup' | 'deleted' | 'tokyo';

/** What a legacy sample note is, for assertions. */
export interface SampleLegacyNote {
  title: string;
  guid: string;
  html: string;
  summary: string;
  created: number;
  modified: number;
  deleted: boolean;
  author: string | null;
  store: string;
  account: string;
  /** The visible lines, entities decoded (`&nbsp;` as U+00A0). */
  lines: readonly string[];
  /** Body phrases found in no other note. */
  phrases: readonly string[];
}

/** The stores of the legacy sample: the real local one, and an IMAP-synced account's (identifiers illustrative). */
export const SAMPLE_LEGACY_STORES: readonly LegacyStoreSpec[] = [
  LEGACY_LOCAL_STORE,
  {
    name: 'Notes',
    account: 'Gmail',
    accountIdentifier: '9B1E4F0C-6A27-4D83-B5C2-71E0D9A8F364',
    accountType: 1,
    externalIdentifier: 'imap://ana.lima%40example.com@imap.gmail.com/Notes',
  },
];

/** A sample note's facts: its dates from its position, its store and account from `store` (an index). */
function legacy(
  index: number,
  store: number,
  fields: Omit<SampleLegacyNote, 'created' | 'modified' | 'store' | 'account' | 'author' | 'deleted'> & { deleted?: boolean; author?: string },
): SampleLegacyNote {
  const { name, account } = SAMPLE_LEGACY_STORES[store]!;
  const created = LEGACY_BASE_TIME + index * 86400;
  return { ...fields, created, modified: created + 1800, deleted: fields.deleted ?? false, author: fields.author ?? null, store: name, account };
}

/** The expected facts of {@link buildSampleLegacyNotesDb}'s store. */
export const SAMPLE_LEGACY_NOTES: Readonly<Record<SampleLegacyNoteKey, SampleLegacyNote>> = {
  shopping: legacy(0, 0, {
    title: 'Shopping list',
    guid: 'D4C3B2A1-0F9E-4D8C-B7A6-958473625101',
    html: 'Shopping list<div><br></div><div>Milk &amp; eggs</div><div>Bread&nbsp;(whole grain)</div><ul><li>Apples</li><li>Pears</li></ul>',
    summary: 'Milk & eggs',
    lines: ['Shopping list', 'Milk & eggs', 'Bread\u00a0(whole grain)', 'Apples', 'Pears'],
    phrases: ['Milk & eggs', 'whole grain', 'Pears'],
  }),
  accents: legacy(1, 0, {
    title: 'Café ideas',
    guid: 'D4C3B2A1-0F9E-4D8C-B7A6-958473625102',
    html: 'Café ideas<div>Crème brûlée, piña colada and a naïve façade.</div><div>Ask José about the smörgåsbord.</div>',
    summary: 'Crème brûlée, piña colada and a naïve façade.',
    lines: ['Café ideas', 'Crème brûlée, piña colada and a naïve façade.', 'Ask José about the smörgåsbord.'],
    phrases: ['Crème brûlée', 'smörgåsbord'],
  }),
  markup: legacy(2, 0, {
    title: 'Markup test',
    guid: 'D4C3B2A1-0F9E-4D8C-B7A6-958473625103',
    html: 'Markup test<br>Type &lt;b&gt; to make text bold &amp; keep going.<br><br>Line after a blank one',
    summary: 'Type <b> to make text bold & keep going.',
    lines: ['Markup test', 'Type <b> to make text bold & keep going.', 'Line after a blank one'],
    phrases: ['Type <b> to make text bold', 'Line after a blank one'],
    author: 'Ana Lima',
  }),
  deleted: legacy(3, 0, {
    title: 'Old alarm code',
    guid: 'D4C3B2A1-0F9E-4D8C-B7A6-958473625104',
    html: 'Old alarm code<div>Changed in April, this one is gone.</div>',
    summary: 'Changed in April, this one is gone.',
    lines: ['Old alarm code', 'Changed in April, this one is gone.'],
    phrases: ['Changed in April'],
    deleted: true,
  }),
  tokyo: legacy(4, 1, {
    title: '東京旅行',
    guid: 'D4C3B2A1-0F9E-4D8C-B7A6-958473625105',
    html: '東京旅行<div>Shinjuku at 7&nbsp;pm, 新宿駅 east exit.</div>',
    summary: 'Shinjuku at 7\u00a0pm, 新宿駅 east exit.',
    lines: ['東京旅行', 'Shinjuku at 7\u00a0pm, 新宿駅 east exit.'],
    phrases: ['新宿駅 east exit'],
  }),
};

/**
 * A small legacy store: the local store (`LOCAL_NOTES_STORE` of `On My iPhone`) with a shopping list (`<div>`,
 * `<br>`, `&nbsp;`, `&amp;`, a `<ul>` list), accented text, escaped markup with `<br>` lines, a deleted note; and an
 * IMAP account's store with a Japanese note. Facts in SAMPLE_LEGACY_NOTES.
 */
export function buildSampleLegacyNotesDb(path: string, options: { generation?: LegacyNotesGeneration; wal?: boolean } = {}): BuiltLegacyNotes & {
  keys: Record<SampleLegacyNoteKey, number>;
} {
  const keys = Object.keys(SAMPLE_LEGACY_NOTES) as SampleLegacyNoteKey[];
  const built = buildLegacyNotesDb(path, {
    ...options,
    stores: SAMPLE_LEGACY_STORES,
    notes: keys.map((key) => {
      const note = SAMPLE_LEGACY_NOTES[key];
      return {
        title: note.title,
        html: note.html,
        summary: note.summary,
        created: note.created,
        modified: note.modified,
        deleted: note.deleted,
        author: note.author,
        guid: note.guid,
        store: SAMPLE_LEGACY_STORES.findIndex((store) => store.name === note.store && store.account === note.account),
      };
    }),
  });
  const byKey = {} as Record<SampleLegacyNoteKey, number>;
  keys.forEach((key, index) => (byKey[key] = built.notes[index]!.pk));
  return { ...built, keys: byKey };
}
