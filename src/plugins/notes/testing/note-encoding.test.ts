// The notes fixture encoders and builders against the real formats: bodies read back field by field (text, UTF-16
// run lengths with emoji, paragraph styles, checklists, attachments) and compared with a real body's shape; tables
// read back by the plugin's table decoder (which reads the real tables too); locked bodies opened by the plugin's
// unlocker (which opens the real locked note too); the builders' tables, columns and entities of each
// generation compared with the real stores and schema dumps, and the sample, bulk and legacy stores' rows checked.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { ProtoMessage } from '../../../kernel/protobuf.js';
import { fixtureCopyDb, fixturePath, schemaDumpDb } from '../../../kernel/testing/fixtures.js';
import {
  buildBulkNotesDb,
  buildNotesDb,
  buildSampleNotesDb,
  notesEntities,
  notesTables,
  NOTES_GENERATIONS,
  SAMPLE_FOLDERS,
  SAMPLE_NOTES,
  type NotesGeneration,
  type SampleNoteKey,
} from './build-notes-db.js';
import { buildSampleLegacyNotesDb, legacyHtmlLines, legacyNotesTables, SAMPLE_LEGACY_NOTES, type LegacyNotesGeneration } from './build-legacy-notes-db.js';
import { NoteUnlocker } from '../crypto.js';
import { decodeTable as readTable } from '../table.js';
import {
  ATTACHMENT_CHARACTER,
  encodeNoteBody,
  encodeTable,
  encryptNoteBody,
  PARAGRAPH_STYLE_CODES,
  TABLE_DIRECTIONS,
  TABLE_KEYS,
  TABLE_TYPES,
  type NoteParagraph,
} from './note-encoding.js';

const NOTES_FIXTURES = fixturePath('notes');
const HAVE_FIXTURES = existsSync(NOTES_FIXTURES);
const NO_FIXTURES = HAVE_FIXTURES ? false : `the real fixtures (${NOTES_FIXTURES}) are absent`;
const GENERATIONS: readonly NotesGeneration[] = ['modern', 'ios11', 'ios10'];

/** Where the real stores are copied before they are opened (SQLite would leave -wal/-shm beside a WAL store). */
const copies = mkdtempSync(join(tmpdir(), 'notes-fixture-copies-'));
after(() => rmSync(copies, { recursive: true, force: true }));

/** A real store of the fixtures, opened on a private copy. */
function realStore(relative: string): Database.Database {
  return fixtureCopyDb(relative, copies);
}

// ---------------------------------------------------------------- readers used by the assertions

/** The Note message of a gzip body. */
function bodyNote(gzip: Buffer): ProtoMessage {
  const top = ProtoMessage.parse(gunzipSync(gzip));
  assert.ok(top, 'the body is protobuf');
  assert.equal(top.uint(1), 0);
  const document = top.required(2, 'document');
  assert.equal(document.uint(1), 0);
  assert.equal(document.uint(2), 0, 'document version 0');
  return document.required(3, 'note');
}

interface DecodedRun {
  text: string;
  run: ProtoMessage;
  style: ProtoMessage | null;
}

/** The text and its runs, each with its slice of the text (lengths in UTF-16 code units). */
function decodeBody(gzip: Buffer): { text: string; runs: DecodedRun[] } {
  const note = bodyNote(gzip);
  const text = note.string(2) ?? '';
  let offset = 0;
  const runs = note.messages(5).map((run) => {
    const length = run.uint(1)!;
    const slice = text.slice(offset, offset + length);
    offset += length;
    return { text: slice, run, style: run.message(2) };
  });
  assert.equal(offset, text.length, 'the runs cover the text exactly');
  return { text, runs };
}

/**
 * A table document read by the plugin's own decoder (cells by row and column, its direction), plus the key and type
 * lists the encoder must write as the real documents do.
 */
function decodeTable(gzip: Buffer): { rows: string[][]; direction: string; keys: string[]; types: string[] } {
  const { rows, rightToLeft } = readTable(gzip);
  const data = ProtoMessage.parse(gunzipSync(gzip))!.required(2, 'object').required(3, 'data');
  return {
    rows,
    direction: TABLE_DIRECTIONS[rightToLeft ? 'right-to-left' : 'left-to-right'],
    keys: data.allBytes(4).map((bytes) => bytes.toString('utf8')),
    types: data.allBytes(5).map((bytes) => bytes.toString('utf8')),
  };
}

/** Decrypts a locked body with the plugin's unlocker; throws naming why it stayed locked (a wrong password, ...). */
function decryptBody(lock: { salt: Buffer; iterations: number; wrappedKey: Buffer; iv: Buffer; tag: Buffer; data: Buffer }, password: string): Buffer {
  const result = new NoteUnlocker([password]).unlock(lock);
  if (!result.body) throw new Error(`stayed locked: ${result.reason}`);
  return result.body;
}

/** A message as a tree of (field, value) with nested messages expanded, for shape comparisons. */
function shape(bytes: Buffer, depth = 0): unknown {
  const message = ProtoMessage.parse(bytes);
  if (!message || depth > 8) return bytes.length === 16 ? '<16 bytes>' : bytes.toString('hex');
  return message.fields.map((entry) => {
    if (entry.wire !== 2) return [entry.field, String(entry.value)];
    const value = entry.value as Buffer;
    if (value.length === 16) return [entry.field, '<16 bytes>'];
    const text = value.toString('utf8');
    const printable = value.length > 0 && /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}\n\uFFFC]*$/u.test(text);
    return [entry.field, printable ? text : shape(value, depth + 1)];
  });
}

const styleOf = (run: DecodedRun) => run.style?.uint(1) ?? null;

// ---------------------------------------------------------------- bodies

describe('encodeNoteBody', () => {
  const paragraphs: NoteParagraph[] = [
    { text: 'Weekend 🎉 plans', style: 'title' },
    { text: '' },
    { spans: [{ text: 'Call ' }, { text: 'Ana', bold: true }, { text: ' now', italic: true }, { text: '!', bold: true, italic: true }] },
    { text: 'Tent', style: 'checklist', done: true },
    { text: 'Stove 🔥', style: 'checklist', indent: 1 },
    { text: 'שלום עולם', rtl: true },
    { spans: [{ text: 'See ' }, { text: 'the map', link: 'https://example.org/map', underline: true, strikethrough: true }] },
    { attachment: { identifier: 'ATT-1', uti: 'com.apple.notes.table' } },
    { text: 'quoted', blockQuote: true },
    { text: 'code', style: 'monospaced' },
    { text: 'first', style: 'numbered' },
    { text: 'dash', style: 'dashed' },
    { text: 'Heading', style: 'heading' },
    { text: 'end', style: 'dotted' },
  ];
  const body = encodeNoteBody(paragraphs, { seed: 3 });

  it('writes the whole text in Note field 2, every paragraph ending in "\\n", runs covering it in UTF-16 units', () => {
    const { text, runs } = decodeBody(body.gzip);
    assert.equal(text, body.text);
    assert.ok(text.startsWith('Weekend 🎉 plans\n\nCall Ana now!\nTent\nStove 🔥\n'));
    assert.ok(text.endsWith('end\n'));
    assert.equal(runs.reduce((sum, run) => sum + run.run.uint(1)!, 0), text.length);
    // 🔥 is two UTF-16 code units: the run counts 9 for "Stove 🔥\n" (8 code points).
    const stove = runs.find((run) => run.text.startsWith('Stove'))!;
    assert.equal(stove.run.uint(1), 9);
    assert.equal([...stove.text].length, 8);
    assert.deepEqual(body.runs.map((run) => run.text).join(''), text);
  });

  it('writes paragraph styles, checklists, indents, direction, block quotes and character formats', () => {
    const { runs } = decodeBody(body.gzip);
    const find = (start: string) => runs.find((run) => run.text.startsWith(start))!;
    assert.equal(styleOf(find('Weekend')), PARAGRAPH_STYLE_CODES.title);
    assert.equal(styleOf(find('Heading')), 1);
    assert.equal(styleOf(find('code')), 4);
    assert.equal(styleOf(find('end')), 100);
    assert.equal(styleOf(find('dash')), 101);
    assert.equal(styleOf(find('first')), 102);
    assert.equal(styleOf(find('Call')), null, 'body text has no style type');
    assert.equal(find('\n').style!.fields.length, 0, 'a blank line has an empty ParagraphStyle');
    const tent = find('Tent').style!;
    assert.equal(tent.uint(1), 103);
    assert.equal(tent.required(5, 'checklist').bytes(1)!.length, 16);
    assert.equal(tent.required(5, 'checklist').uint(2), 1);
    const stove = find('Stove').style!;
    assert.equal(stove.required(5, 'checklist').uint(2), 0);
    assert.equal(stove.uint(4), 1);
    assert.notDeepEqual(tent.required(5, 'checklist').bytes(1), stove.required(5, 'checklist').bytes(1), 'each item has its own UUID');
    assert.equal(find('שלום').style!.uint(3), 2, 'right-to-left writing direction');
    assert.equal(find('Call').style!.uint(3), 1);
    assert.equal(find('quoted').style!.uint(8), 1);
    assert.equal(find('Ana').run.uint(5), 1);
    assert.equal(find(' now').run.uint(5), 2);
    assert.equal(find('!').run.uint(5), 3);
    const link = find('the map').run;
    assert.equal(link.string(9), 'https://example.org/map');
    assert.equal(link.uint(6), 1);
    assert.equal(link.uint(7), 1);
    assert.deepEqual(body.checklist, [
      { text: 'Tent', done: true },
      { text: 'Stove 🔥', done: false },
    ]);
  });

  it('writes an attachment as one U+FFFC with a run of length 1 carrying AttachmentInfo, its "\\n" in a run of its own', () => {
    const { runs } = decodeBody(body.gzip);
    const index = runs.findIndex((run) => run.text === ATTACHMENT_CHARACTER);
    const info = runs[index]!.run.required(12, 'attachment info');
    assert.equal(runs[index]!.run.uint(1), 1);
    assert.equal(info.string(1), 'ATT-1');
    assert.equal(info.string(2), 'com.apple.notes.table');
    assert.equal(runs[index + 1]!.text, '\n');
  });

  it('is deterministic for a seed, and a gzip with the real header', () => {
    assert.deepEqual(encodeNoteBody(paragraphs, { seed: 3 }).gzip, body.gzip);
    assert.notDeepEqual(encodeNoteBody(paragraphs, { seed: 4 }).gzip, body.gzip);
    assert.deepEqual([...body.gzip.subarray(0, 10)], [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x13]);
    const last = encodeNoteBody([{ text: 'a' }, { text: 'b' }], { finalNewline: false, timestamp: 1700000000 });
    assert.equal(last.text, 'a\nb');
    assert.ok(decodeBody(last.gzip).runs.every((run) => run.run.uint(13) === 1700000000));
  });

  it('has the shape of the real simple note (same fields and values but the replica UUID)', { skip: NO_FIXTURES }, () => {
    const real = readFileSync(join(NOTES_FIXTURES, 'note-bodies/simple_note_protobuf_gzipped.bin'));
    const mine = encodeNoteBody([{ text: 'Title', style: 'title' }], { finalNewline: false });
    assert.deepEqual(shape(gunzipSync(mine.gzip)), shape(gunzipSync(real)));
  });

  it('reads real bodies with the same reader (runs cover the UTF-16 text; a checklist, an attachment)', { skip: NO_FIXTURES }, () => {
    const emoji = decodeBody(readFileSync(join(NOTES_FIXTURES, 'note-bodies/emoji_formatting_1_gzipped.bin')));
    assert.ok(emoji.text.length > [...emoji.text].length, 'the real emoji body counts UTF-16 units');
    const lists = decodeBody(readFileSync(join(NOTES_FIXTURES, 'note-bodies/list_indents_gzipped.bin')));
    assert.ok(lists.runs.some((run) => styleOf(run) === 103 && run.style!.message(5)!.bytes(1)!.length === 16));
    const wide = decodeBody(readFileSync(join(NOTES_FIXTURES, 'note-bodies/wide_characters_gzipped.bin')));
    const hashtag = wide.runs.find((run) => run.text === ATTACHMENT_CHARACTER)!;
    assert.equal(hashtag.run.required(12, 'info').string(2), 'com.apple.notes.inlinetextattachment.hashtag');
  });
});

// ---------------------------------------------------------------- tables

describe('encodeTable', () => {
  const cells = [
    ['Item', 'Q1 🚀', 'Q2', ''],
    ['Travel', '1200', '950', 'note'],
    ['', 'x', 'y', 'z'],
  ];

  it('writes the real key and type lists', () => {
    const table = decodeTable(encodeTable(cells));
    assert.deepEqual(table.keys, [...TABLE_KEYS]);
    assert.deepEqual(table.types, [...TABLE_TYPES]);
  });

  it('round-trips cell positions through the ordered sets and the cell dictionary', () => {
    const table = decodeTable(encodeTable(cells, 'left-to-right', { seed: 9 }));
    assert.deepEqual(table.rows, cells);
    assert.equal(table.direction, TABLE_DIRECTIONS['left-to-right']);
    const rtl = decodeTable(encodeTable([['اول', ''], ['', 'نهاية']], 'right-to-left'));
    assert.deepEqual(rtl.rows, [['اول', ''], ['', 'نهاية']]);
    assert.equal(rtl.direction, 'CRTableColumnDirectionRightToLeft');
    assert.deepEqual(decodeTable(encodeTable([['only']])).rows, [['only']]);
    assert.deepEqual(decodeTable(encodeTable([['a', 'b'], ['c']])).rows, [['a', 'b'], ['c', '']], 'ragged rows: missing cells are empty');
  });

  it('does not give positions away by element order (cell dictionaries out of visual order, UUIDs shuffled)', () => {
    const gzip = encodeTable(cells, 'left-to-right', { seed: 9 });
    const data = ProtoMessage.parse(gunzipSync(gzip))!.required(2, 'object').required(3, 'data');
    const notes = data
      .messages(3)
      .map((entry) => entry.message(10)?.string(2))
      .filter((text): text is string => text !== undefined && text !== null);
    assert.notDeepEqual(notes, cells.flat(), 'cells are not stored row by row');
    assert.deepEqual([...notes].sort(), cells.flat().sort());
  });

  it('decodes the real tables with the same reader, and shares their key and type lists', { skip: NO_FIXTURES }, () => {
    const real = decodeTable(readFileSync(join(NOTES_FIXTURES, 'note-bodies/table_gzipped.bin')));
    assert.deepEqual(real.rows, [
      ['Row 1 Column 1', 'Row 1 Column 2'],
      ['Row 2 Column 1', 'Row 2 Column 2'],
    ]);
    assert.deepEqual(real.keys, [...TABLE_KEYS]);
    assert.deepEqual(real.types, [...TABLE_TYPES]);
    const rtl = decodeTable(readFileSync(join(NOTES_FIXTURES, 'note-bodies/right_to_left_table_gzipped.bin')));
    assert.equal(rtl.direction, 'CRTableColumnDirectionRightToLeft');
    assert.deepEqual(rtl.rows, [['اول', ''], ['', 'نهاية']]);
  });
});

// ---------------------------------------------------------------- locked notes

describe('encryptNoteBody', () => {
  const body = encodeNoteBody([{ text: 'Secret' }, { text: 'The vault opens at noon.' }]);

  it('decrypts with the right password (PBKDF2-SHA256, AES key unwrap, AES-128-GCM) to the gzip body', () => {
    const lock = encryptNoteBody(body.gzip, 'open sesame', { iterations: 1000 });
    assert.equal(lock.salt.length, 16);
    assert.equal(lock.iv.length, 16);
    assert.equal(lock.tag.length, 16);
    assert.equal(lock.wrappedKey.length, 24);
    assert.equal(lock.iterations, 1000);
    assert.deepEqual(decryptBody(lock, 'open sesame'), body.gzip);
    assert.equal(decodeBody(decryptBody(lock, 'open sesame')).text, body.text);
    assert.notDeepEqual(lock.data.subarray(0, 2), Buffer.from([0x1f, 0x8b]));
  });

  it('fails with a wrong password', () => {
    const lock = encryptNoteBody(body.gzip, 'open sesame', { iterations: 1000 });
    assert.throws(() => decryptBody(lock, 'open sesame!'));
  });

  it('is deterministic with a seed and uses 20000 iterations by default', () => {
    const a = encryptNoteBody(body.gzip, 'pw', { seed: 5 });
    const b = encryptNoteBody(body.gzip, 'pw', { seed: 5 });
    assert.deepEqual(a, b);
    assert.equal(a.iterations, 20000);
    assert.notDeepEqual(encryptNoteBody(body.gzip, 'pw').salt, encryptNoteBody(body.gzip, 'pw').salt, 'unseeded: random');
  });

  it('matches the real scheme: the same decryption opens the macOS 12 locked note with "tbull"', { skip: NO_FIXTURES }, () => {
    const db = realStore('notes/macos-12/NoteStore.sqlite');
    try {
      const note = db.prepare('SELECT * FROM ZICCLOUDSYNCINGOBJECT WHERE ZISPASSWORDPROTECTED = 1').get() as Record<string, Buffer & number>;
      const data = db.prepare('SELECT * FROM ZICNOTEDATA WHERE Z_PK = ?').get(note.ZNOTEDATA) as Record<string, Buffer>;
      const lock = {
        salt: note.ZCRYPTOSALT,
        iterations: note.ZCRYPTOITERATIONCOUNT,
        wrappedKey: note.ZCRYPTOWRAPPEDKEY,
        iv: data.ZCRYPTOINITIALIZATIONVECTOR!,
        tag: data.ZCRYPTOTAG!,
        data: data.ZDATA!,
      };
      assert.equal(lock.wrappedKey.length, 24);
      assert.ok(decodeBody(decryptBody(lock, 'tbull')).text.length > 0);
    } finally {
      db.close();
    }
  });
});

// ---------------------------------------------------------------- builders

type Row = Record<string, unknown>;

function tableInfo(db: Database.Database, table: string): Array<[string, string]> {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string }>).map((column) => [column.name, column.type]);
}

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('Z_PRIMARYKEY', 'Z_METADATA', 'Z_MODELCACHE') ORDER BY name").all() as Array<{ name: string }>).map(
    (row) => row.name,
  );
}


describe('buildNotesDb generations', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'notes-builders-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const built = (generation: NotesGeneration, name = generation) => {
    const path = join(scratch, `${name}.sqlite`);
    if (!existsSync(path)) buildSampleNotesDb(path, { generation });
    return new Database(path, { readonly: true, fileMustExist: true });
  };

  it('modern: every table, column (in order, with its declared type) and entity of the macOS 14 store', { skip: NO_FIXTURES }, () => {
    const real = realStore('notes/macos-14/NoteStore.sqlite');
    const mine = built('modern');
    try {
      assert.deepEqual(tableNames(mine), tableNames(real));
      for (const table of tableNames(real)) assert.deepEqual(tableInfo(mine, table), tableInfo(real, table), table);
      assert.equal(tableInfo(mine, 'ZICCLOUDSYNCINGOBJECT').length, 203);
      const entities = (db: Database.Database) => db.prepare('SELECT Z_ENT, Z_NAME, Z_SUPER FROM Z_PRIMARYKEY ORDER BY Z_ENT').all();
      assert.deepEqual(entities(mine), entities(real));
    } finally {
      real.close();
      mine.close();
    }
  });

  for (const [generation, dump] of [
    ['ios11', 'schemas/notes/notes_11.2.sql'],
    ['ios10', 'schemas/notes/notes_10.3.3.sql'],
  ] as const) {
    it(`${generation}: every table and column of ${dump}`, { skip: NO_FIXTURES }, () => {
      const real = schemaDumpDb(dump);
      const mine = built(generation);
      try {
        assert.deepEqual(tableNames(mine), tableNames(real));
        for (const table of tableNames(real)) assert.deepEqual(tableInfo(mine, table), tableInfo(real, table), table);
      } finally {
        real.close();
        mine.close();
      }
    });
  }

  it('carries its own column lists (usable without the evidence folder)', () => {
    assert.equal(notesTables('modern').ZICCLOUDSYNCINGOBJECT!.length, 203);
    assert.equal(notesTables('ios11').ZICCLOUDSYNCINGOBJECT!.length, 134);
    assert.equal(notesTables('ios10').ZICCLOUDSYNCINGOBJECT!.length, 119);
    assert.ok(!notesTables('ios10').ZICCLOUDSYNCINGOBJECT!.some(([name]) => name === 'ZFOLDER'));
  });

  for (const generation of GENERATIONS) {
    it(`${generation}: Z_PRIMARYKEY numbers the entities as that release did, with Z_MAX of the root tables`, () => {
      const db = built(generation);
      try {
        const rows = db.prepare('SELECT Z_ENT, Z_NAME, Z_SUPER, Z_MAX FROM Z_PRIMARYKEY').all() as Array<{ Z_ENT: number; Z_NAME: string; Z_SUPER: number; Z_MAX: number }>;
        const byName = new Map(rows.map((row) => [row.Z_NAME, row]));
        const info = NOTES_GENERATIONS[generation];
        assert.equal(byName.get('ICNote')!.Z_ENT, info.entities.note);
        assert.equal(byName.get('ICFolder')!.Z_ENT, info.entities.folder);
        assert.equal(byName.get('ICAccount')!.Z_ENT, info.entities.account);
        assert.equal(byName.get('ICFolder')!.Z_SUPER, byName.get('ICNoteContainer')!.Z_ENT);
        assert.equal(byName.get('ICNote')!.Z_SUPER, 2);
        assert.equal(byName.get('ICNoteData')!.Z_ENT, info.entities.noteData);
        const max = (db.prepare('SELECT max(Z_PK) AS n FROM ZICCLOUDSYNCINGOBJECT').get() as { n: number }).n;
        assert.equal(byName.get('ICCloudSyncingObject')!.Z_MAX, max);
        assert.deepEqual(
          rows.map((row) => row.Z_ENT).sort((a, b) => a - b),
          notesEntities(generation).map((entity) => entity.ent).sort((a, b) => a - b),
        );
        if (generation === 'modern') {
          assert.deepEqual([info.entities.note, info.entities.folder, info.entities.account, info.entities.noteData], [11, 14, 13, 18]);
        } else {
          assert.deepEqual([info.entities.note, info.entities.folder], [8, 11]);
        }
      } finally {
        db.close();
      }
    });
  }

  for (const generation of GENERATIONS) {
    it(`${generation}: the sample's notes are where SAMPLE_NOTES says, with their bodies, flags and attachments`, () => {
      const path = join(scratch, `facts-${generation}.sqlite`);
      const sample = buildSampleNotesDb(path, { generation });
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const info = NOTES_GENERATIONS[generation];
        const cols = info.columns;
        const objects = new Map((db.prepare('SELECT * FROM ZICCLOUDSYNCINGOBJECT').all() as Row[]).map((row) => [row.Z_PK as number, row]));
        const folderOf = (note: Row): number => {
          if (cols.noteFolder) return note[cols.noteFolder] as number;
          const join = info.folderJoin!;
          return (db.prepare(`SELECT ${join.folderColumn} AS f FROM ${join.table} WHERE ${join.noteColumn} = ?`).get(note.Z_PK) as { f: number }).f;
        };
        const pathOf = (folder: number): string => {
          const row = objects.get(folder)!;
          return row.ZPARENT ? `${pathOf(row.ZPARENT as number)} / ${row.ZTITLE2}` : (row.ZTITLE2 as string);
        };
        const texts = new Map<SampleNoteKey, string>();
        for (const [key, facts] of Object.entries(sample.notes) as Array<[SampleNoteKey, (typeof sample.notes)[SampleNoteKey]]>) {
          const note = objects.get(facts.pk)!;
          assert.equal(note.Z_ENT, info.entities.note, key);
          assert.equal(note.ZIDENTIFIER, facts.identifier, key);
          assert.equal(note.ZTITLE1, facts.title, key);
          assert.equal(note[cols.noteCreated], facts.created, key);
          assert.equal(note[cols.noteModified], facts.modified, key);
          const folder = folderOf(note);
          assert.equal(objects.get(folder)!.ZTITLE2, facts.folder, key);
          assert.equal(pathOf(folder), facts.folderPath, key);
          assert.equal(objects.get(folder)!.ZFOLDERTYPE, facts.inTrash ? 1 : 0, key);
          assert.equal(objects.get(note[cols.noteAccount] as number)!.ZNAME, facts.account, key);
          assert.equal(note.ZISPINNED ?? 0, facts.pinned ? 1 : 0, key);
          assert.equal(note.ZMARKEDFORDELETION, facts.markedForDeletion ? 1 : 0, key);
          assert.equal(note.ZISPASSWORDPROTECTED, facts.locked ? 1 : 0, key);
          const data = db.prepare('SELECT * FROM ZICNOTEDATA WHERE ZNOTE = ?').get(facts.pk) as Row | undefined;
          assert.equal(data !== undefined, facts.hasBody, key);
          assert.equal(note.ZNOTEDATA ?? null, data?.Z_PK ?? null, key);
          if (!data) continue;
          let gzip = data.ZDATA as Buffer;
          if (facts.locked) {
            assert.equal(note.ZSNIPPET, null, 'a locked note has no snippet');
            const lock = {
              salt: note.ZCRYPTOSALT as Buffer,
              iterations: note.ZCRYPTOITERATIONCOUNT as number,
              wrappedKey: note.ZCRYPTOWRAPPEDKEY as Buffer,
              iv: data.ZCRYPTOINITIALIZATIONVECTOR as Buffer,
              tag: data.ZCRYPTOTAG as Buffer,
              data: gzip,
            };
            assert.deepEqual(note.ZCRYPTOINITIALIZATIONVECTOR, lock.iv, 'the IV is on the note row too');
            assert.throws(() => decryptBody(lock, 'wrong'));
            gzip = decryptBody(lock, facts.password!);
            const account = objects.get(note[cols.noteAccount] as number)!;
            assert.deepEqual(account.ZCRYPTOSALT, lock.salt, "the account carries its locked notes' salt");
            assert.equal(account.ZPASSWORDHINT, facts.passwordHint);
            assert.equal(note.ZPASSWORDHINT, facts.passwordHint);
          }
          const { text, runs } = decodeBody(gzip);
          texts.set(key, text);
          for (const phrase of facts.phrases) assert.ok(text.includes(phrase), `${key}: "${phrase}" in ${JSON.stringify(text)}`);
          const checklist = runs
            .filter((run) => styleOf(run) === 103)
            .map((run) => ({ text: run.text.replace(/\n$/, ''), done: run.style!.required(5, 'checklist').uint(2) === 1 }));
          assert.deepEqual(checklist, facts.checklist, key);
          assert.equal(note.ZHASCHECKLIST ?? (facts.checklist.length > 0 ? 1 : 0), facts.checklist.length > 0 ? 1 : 0, key);
          const refs = runs.filter((run) => run.text === ATTACHMENT_CHARACTER).map((run) => run.run.required(12, 'info'));
          const attachments = [...objects.values()].filter((row) => row.ZNOTE === facts.pk || row.ZNOTE1 === facts.pk);
          assert.equal(refs.length, facts.attachments.length, key);
          for (const ref of refs) {
            const row = attachments.find((candidate) => candidate.ZIDENTIFIER === ref.string(1));
            assert.ok(row, `${key}: attachment ${ref.string(1)} has a row`);
            assert.equal(row.ZTYPEUTI ?? row.ZTYPEUTI1, ref.string(2));
          }
          if (facts.table) {
            const row = attachments.find((candidate) => candidate.ZTYPEUTI === 'com.apple.notes.table')!;
            assert.deepEqual(decodeTable(row[cols.mergeableData] as Buffer).rows, facts.table);
            assert.equal(row.ZSUMMARY, 'Item\nQ1\nQ2\nTravel\n1200\n950\n');
          }
          for (const url of facts.urls) assert.ok(attachments.some((row) => row.ZTYPEUTI === 'public.url' && row.ZURLSTRING === url), key);
          for (const image of facts.images) {
            const row = attachments.find((candidate) => candidate.ZTYPEUTI === 'public.jpeg')!;
            assert.equal(objects.get(row.ZMEDIA as number)!.ZFILENAME, image);
            assert.equal(objects.get(row.ZMEDIA as number)!.ZATTACHMENT1, row.Z_PK);
          }
          for (const link of facts.links) assert.ok(runs.some((run) => run.run.string(9) === link), key);
          for (const hashtag of facts.hashtags) {
            if (info.entities.inlineAttachment === null) {
              assert.ok(text.includes(hashtag), 'before hashtags the tag is text');
              continue;
            }
            const inline = attachments.find((row) => row.ZALTTEXT === hashtag)!;
            assert.equal(inline.Z_ENT, info.entities.inlineAttachment);
            assert.equal(inline.ZTOKENCONTENTIDENTIFIER, hashtag.slice(1).toUpperCase());
            assert.equal(inline.ZTYPEUTI1, 'com.apple.notes.inlinetextattachment.hashtag');
            assert.ok([...objects.values()].some((row) => row.Z_ENT === info.entities.hashtag && row.ZSTANDARDIZEDCONTENT === hashtag.slice(1).toUpperCase()));
          }
        }
        for (const [key, facts] of Object.entries(sample.notes) as Array<[SampleNoteKey, { phrases: readonly string[] }]>) {
          for (const phrase of facts.phrases) {
            for (const [other, text] of texts) if (other !== key) assert.ok(!text.includes(phrase), `"${phrase}" of ${key} is also in ${other}`);
          }
        }
        assert.equal(sample.notes.pinned.pinned, generation !== 'ios10', 'iOS 10 had no pinned notes');
        if (generation === 'modern') {
          for (const [key, facts] of Object.entries(sample.notes)) {
            const { pk: _pk, noteData: _noteData, ...rest } = facts;
            assert.deepEqual(rest, SAMPLE_NOTES[key as SampleNoteKey], `the modern sample holds SAMPLE_NOTES.${key} as exported`);
          }
        }
        const trash = [...objects.values()].filter((row) => row.Z_ENT === info.entities.folder && row.ZFOLDERTYPE === 1).map((row) => row.ZIDENTIFIER);
        assert.deepEqual(trash.sort(), [SAMPLE_FOLDERS.localTrash.identifier, SAMPLE_FOLDERS.cloudTrash.identifier].sort());
      } finally {
        db.close();
      }
    });
  }

  it('leaves out tables and columns, and can leave its newest notes only in the -wal', () => {
    const path = join(scratch, 'no-data.sqlite');
    const sample = buildSampleNotesDb(path, { omitTables: ['ZICNOTEDATA'], omitColumns: { ZICCLOUDSYNCINGOBJECT: ['ZSNIPPET'] } });
    assert.ok(Object.values(sample.notes).every((note) => !note.hasBody && note.noteData === null));
    const db = new Database(path, { readonly: true });
    assert.ok(!tableNames(db).includes('ZICNOTEDATA'));
    assert.ok(!tableInfo(db, 'ZICCLOUDSYNCINGOBJECT').some(([name]) => name === 'ZSNIPPET'));
    assert.ok(!(db.prepare('SELECT Z_NAME FROM Z_PRIMARYKEY').all() as Array<{ Z_NAME: string }>).some((row) => row.Z_NAME === 'ICNoteData'));
    db.close();

    const walPath = join(scratch, 'wal.sqlite');
    const result = buildNotesDb(walPath, {
      wal: true,
      walFrom: 1,
      accounts: [{ key: 'me', name: 'On My iPhone' }],
      folders: [{ key: 'notes', title: 'Notes', account: 'me', type: 'default' }],
      notes: [
        { key: 'old', folder: 'notes', content: [{ text: 'Checkpointed' }, { text: 'in the main file' }] },
        { key: 'new', folder: 'notes', content: [{ text: 'Fresh' }, { text: 'only in the wal' }] },
      ],
    });
    assert.ok(statSync(`${walPath}-wal`).size > 0, 'the -wal holds the newest rows');
    const live = new Database(walPath, { readonly: true });
    const data = live.prepare('SELECT ZDATA FROM ZICNOTEDATA WHERE ZNOTE = ?').get(result.byKey.new!.pk) as { ZDATA: Buffer };
    assert.equal(decodeBody(data.ZDATA).text, 'Fresh\nonly in the wal\n');
    live.close();
  });
});

// ---------------------------------------------------------------- bulk

describe('buildBulkNotesDb', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'notes-bulk-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes notes of 300 to 3,000 characters, one in 20 with a table, some checklists and lists, reproducibly', () => {
    const path = join(scratch, 'bulk.sqlite');
    const summary = buildBulkNotesDb(path, { notes: 1000 });
    assert.equal(summary.notes, 1000);
    assert.equal(summary.tables, 50);
    assert.ok(summary.minLength >= 300 && summary.maxLength <= 3000, `${summary.minLength}..${summary.maxLength}`);
    assert.ok(summary.checklists > 50 && summary.lists > 50);
    assert.equal(summary.locked, 2);
    const db = new Database(path, { readonly: true });
    try {
      const info = NOTES_GENERATIONS.modern;
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      assert.equal(count(`SELECT count(*) AS n FROM ZICCLOUDSYNCINGOBJECT WHERE Z_ENT = ${info.entities.note}`), 1000);
      assert.equal(count(`SELECT count(*) AS n FROM ZICNOTEDATA`), 1000 - summary.withoutBody);
      assert.equal(count(`SELECT count(*) AS n FROM ZICCLOUDSYNCINGOBJECT WHERE ZTYPEUTI = 'com.apple.notes.table'`), 50);
      const table = db.prepare(`SELECT ZMERGEABLEDATA1 AS d FROM ZICCLOUDSYNCINGOBJECT WHERE ZTYPEUTI = 'com.apple.notes.table' LIMIT 1`).get() as { d: Buffer };
      assert.ok(decodeTable(table.d).rows.length >= 2);
      const sampleBody = db.prepare('SELECT ZDATA FROM ZICNOTEDATA d JOIN ZICCLOUDSYNCINGOBJECT n ON n.Z_PK = d.ZNOTE WHERE n.ZISPASSWORDPROTECTED = 0 LIMIT 1 OFFSET 10').get() as {
        ZDATA: Buffer;
      };
      const { text } = decodeBody(sampleBody.ZDATA);
      assert.ok(text.split(/\s+/).length > 40);
    } finally {
      db.close();
    }
    const again = join(scratch, 'again.sqlite');
    buildBulkNotesDb(again, { notes: 50 });
    const first = join(scratch, 'first.sqlite');
    buildBulkNotesDb(first, { notes: 50 });
    const bodies = (file: string) => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT ZDATA FROM ZICNOTEDATA ORDER BY Z_PK').all();
      db.close();
      return rows;
    };
    assert.deepEqual(bodies(again), bodies(first));
  });

  for (const generation of ['ios11', 'ios10'] as const) {
    it(`writes the ${generation} generation too`, () => {
      const path = join(scratch, `bulk-${generation}.sqlite`);
      buildBulkNotesDb(path, { notes: 200, generation });
      const db = new Database(path, { readonly: true });
      const info = NOTES_GENERATIONS[generation];
      const notes = (db.prepare(`SELECT count(*) AS n FROM ZICCLOUDSYNCINGOBJECT WHERE Z_ENT = ${info.entities.note}`).get() as { n: number }).n;
      assert.equal(notes, 200);
      if (info.folderJoin) assert.equal((db.prepare(`SELECT count(*) AS n FROM ${info.folderJoin.table}`).get() as { n: number }).n, 200);
      db.close();
    });
  }
});

// ---------------------------------------------------------------- legacy

describe('buildLegacyNotesDb', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'notes-legacy-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const legacySources: ReadonlyArray<readonly [LegacyNotesGeneration, string]> = [
    ['ios7', 'backups/ios7-domain-layout/HomeDomain/Library/Notes/notes.sqlite'],
    ['ios6', 'schemas/oldnotes/notes_6.1.6.sql'],
    ['ios11', 'schemas/oldnotes/notes_11.2.sql'],
  ];
  for (const [generation, source] of legacySources) {
    it(`${generation}: the tables and columns of ${source}`, { skip: NO_FIXTURES }, () => {
      const real = source.endsWith('.sql') ? schemaDumpDb(source) : realStore(source);
      const path = join(scratch, `schema-${generation}.sqlite`);
      buildSampleLegacyNotesDb(path, { generation });
      const mine = new Database(path, { readonly: true });
      try {
        const all = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
        assert.deepEqual(all(mine), all(real));
        for (const table of tableNames(real)) assert.deepEqual(tableInfo(mine, table), tableInfo(real, table), table);
        if (!source.endsWith('.sql')) {
          const entities = (db: Database.Database) => db.prepare('SELECT Z_ENT, Z_NAME, Z_SUPER FROM Z_PRIMARYKEY ORDER BY Z_ENT').all();
          assert.deepEqual(entities(mine), entities(real));
        }
      } finally {
        real.close();
        mine.close();
      }
    });
  }

  it('carries its own column lists', () => {
    assert.equal(legacyNotesTables('ios7').ZNOTE!.length, 20);
    assert.equal(legacyNotesTables('ios6').ZNOTE!.length, 19);
    assert.ok('ZNOTEATTACHMENT' in legacyNotesTables('ios11'));
  });

  it('writes the sample notes: ZNOTE -> ZNOTEBODY (both ways) -> ZSTORE -> ZACCOUNT, flags and dates', () => {
    const path = join(scratch, 'sample.sqlite');
    const built = buildSampleLegacyNotesDb(path);
    const db = new Database(path, { readonly: true });
    try {
      for (const [key, facts] of Object.entries(SAMPLE_LEGACY_NOTES)) {
        const row = db
          .prepare(
            `SELECT n.*, b.ZCONTENT, b.ZOWNER, s.ZNAME AS STORE, a.ZNAME AS ACCOUNT FROM ZNOTE n JOIN ZNOTEBODY b ON b.Z_PK = n.ZBODY
             JOIN ZSTORE s ON s.Z_PK = n.ZSTORE JOIN ZACCOUNT a ON a.Z_PK = s.ZACCOUNT WHERE n.Z_PK = ?`,
          )
          .get(built.keys[key as keyof typeof built.keys]) as Row;
        assert.equal(row.ZOWNER, row.Z_PK, key);
        assert.equal(row.ZTITLE, facts.title, key);
        assert.equal(row.ZGUID, facts.guid, key);
        assert.equal(row.ZCONTENT, facts.html, key);
        assert.equal(row.ZSUMMARY, facts.summary, key);
        assert.equal(row.ZCREATIONDATE, facts.created, key);
        assert.equal(row.ZMODIFICATIONDATE, facts.modified, key);
        assert.equal(row.ZDELETEDFLAG, facts.deleted ? 1 : 0, key);
        assert.equal(row.ZAUTHOR, facts.author, key);
        assert.equal(row.STORE, facts.store, key);
        assert.equal(row.ACCOUNT, facts.account, key);
        assert.deepEqual(legacyHtmlLines(facts.html), facts.lines, key);
        for (const phrase of facts.phrases) {
          assert.ok(facts.lines.some((line) => line.includes(phrase)), `${key}: ${phrase}`);
          for (const [other, otherFacts] of Object.entries(SAMPLE_LEGACY_NOTES)) if (other !== key) assert.ok(!otherFacts.html.includes(phrase));
        }
      }
      const html = Object.values(SAMPLE_LEGACY_NOTES).map((note) => note.html).join('');
      for (const needle of ['<div>', '<br>', '&nbsp;', '&amp;', '<ul><li>', 'é']) assert.ok(html.includes(needle), needle);
      assert.equal((db.prepare('SELECT ZCONTAINSCJK AS c FROM ZNOTE WHERE Z_PK = ?').get(built.keys.tokyo) as { c: number }).c, 1);
      const local = db.prepare("SELECT a.ZACCOUNTIDENTIFIER AS id, s.ZEXTERNALIDENTIFIER AS ext FROM ZSTORE s JOIN ZACCOUNT a ON a.Z_PK = s.ZACCOUNT WHERE s.ZNAME = 'LOCAL_NOTES_STORE'").get() as Row;
      assert.deepEqual(local, { id: 'local://local/account', ext: 'local://local/store' });
    } finally {
      db.close();
    }
  });
});
