// The notes plugin on real data: three macOS NoteStore.sqlite stores (bodies, folders, accounts, a Recently Deleted
// folder, notes marked for deletion, one password-protected note each: two with a password, one with the device
// passcode), single real bodies of every kind of formatting and tables, and the iOS 7 legacy notes.sqlite.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Row } from '../../kernel/plugin.js';
import { fixtureCopyDb, fixturePath, folderState } from '../../kernel/testing/fixtures.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { NoteBodyError, decodeNoteBody, noteContent } from './body.js';
import { notesPlugin } from './plugin.js';
import { decodeTable, tableText } from './table.js';

/** The password of the locked note of the macOS 12 and 13 stores (its hint says so). */
const FIXTURE_PASSWORD = 'tbull';

interface StoreFacts {
  notes: number;
  variant: RegExp;
  locked: number;
  /** Z_PK of the notes in Recently Deleted. */
  inRecentlyDeleted: number[];
  /** Z_PK of notes marked for deletion whose text is gone (no ZDATA, or a document with no text left). */
  erased: number[];
  /** Per Z_PK, phrases of its decoded body (tables and hashtags included). */
  phrases: Record<number, string[]>;
  /** A password opens the locked note (false: locked with the device passcode, key in the keychain). */
  decryptable: boolean;
}

const STORES: Record<string, StoreFacts> = {
  'macos-12': {
    notes: 7,
    variant: /^notestore, account ZACCOUNT4, created ZCREATIONDATE3$/,
    locked: 9,
    inRecentlyDeleted: [19],
    erased: [],
    phrases: { 10: ['This is a checklist with 3 items', 'This is a 2x2 table', 'Header 1\tHeader 2', 'Item 1\tItem 2'], 19: ['This note is deleted'] },
    decryptable: true,
  },
  'macos-13': {
    notes: 9,
    variant: /^notestore, account ZACCOUNT7, created ZCREATIONDATE3$/,
    locked: 19,
    inRecentlyDeleted: [1, 18],
    erased: [1, 18],
    phrases: { 6: ['Header 1\tHeader 2', 'bold underlined text'], 14: ['“travel” and “vacation”', '#travel', '#vacation'] },
    decryptable: true,
  },
  'macos-14': {
    notes: 8,
    variant: /^notestore, account ZACCOUNT7, created ZCREATIONDATE3$/,
    locked: 17,
    inRecentlyDeleted: [12, 16],
    erased: [16],
    phrases: { 14: ['This is a 2x2 table', 'Header 1\tHeader 2', 'bold and underlined'], 12: ['This is a deleted note'] },
    decryptable: false,
  },
};

function storePath(name: string): string {
  return fixturePath(`notes/${name}/NoteStore.sqlite`);
}

/** Where the real stores are copied before they are read here (SQLite would leave -wal/-shm beside a WAL store). */
const copies = mkdtempSync(join(tmpdir(), 'notes-store-copies-'));
after(() => rmSync(copies, { recursive: true, force: true }));

/** The note rows as the store itself has them (an independent query, on a private copy, not the plugin's). */
function sourceNotes(name: string): Array<{ pk: number; title: string | null; hasBlob: boolean; marked: number }> {
  const db = fixtureCopyDb(`notes/${name}/NoteStore.sqlite`, copies);
  try {
    return db
      .prepare(
        `SELECT n.Z_PK AS pk, n.ZTITLE1 AS title, length(d.ZDATA) > 0 AS hasBlob, n.ZMARKEDFORDELETION AS marked
         FROM ZICCLOUDSYNCINGOBJECT n LEFT JOIN ZICNOTEDATA d ON d.Z_PK = n.ZNOTEDATA
         WHERE n.Z_ENT = (SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'ICNote') ORDER BY n.Z_PK`,
      )
      .all()
      .map((row) => {
        const r = row as { pk: number; title: string | null; hasBlob: number | null; marked: number | null };
        return { pk: r.pk, title: r.title === '' ? null : r.title, hasBlob: r.hasBlob === 1, marked: r.marked ?? 0 };
      });
  } finally {
    db.close();
  }
}

function byPk(result: HarnessResult): Map<number, Row> {
  return new Map(result.tables.note!.map((row) => [Number(row.source_rowid), row]));
}

function warning(result: HarnessResult, code: string) {
  return result.warnings.find((entry) => entry.code === code);
}

describe('notes: real macOS NoteStore.sqlite stores', () => {
  for (const [name, facts] of Object.entries(STORES)) {
    describe(name, () => {
      it('indexes every note: titles as ZTITLE1, a non-empty body for every ZDATA blob except the locked and the erased ones', async () => {
        const path = storePath(name);
        const before = folderState(dirname(path));
        const result = await runPlugin(notesPlugin, path);
        assert.deepEqual(folderState(dirname(path)), before, 'the fixture folder is unchanged');
        assert.match(result.variant ?? '', facts.variant);
        const rows = byPk(result);
        const source = sourceNotes(name);
        assert.equal(source.length, facts.notes);
        assert.equal(rows.size, facts.notes);
        for (const note of source) {
          const row = rows.get(note.pk);
          assert.ok(row, `note ${note.pk} is indexed`);
          assert.equal(row.title, note.title, `note ${note.pk}: title is ZTITLE1`);
          assert.equal(row.store, 'notestore');
          assert.equal(row.account, 'On My Mac');
          assert.ok(row.created_at instanceof Date && row.modified_at instanceof Date, `note ${note.pk} has its dates`);
          if (note.pk === facts.locked) {
            assert.equal(row.password_protected, true);
            assert.equal(row.locked, true);
            assert.equal(row.body, null);
          } else if (facts.erased.includes(note.pk)) {
            assert.equal(row.body, null, `erased note ${note.pk} has no body`);
            assert.equal(row.deleted, true);
            assert.equal(row.marked_for_deletion, true);
          } else {
            assert.equal(note.hasBlob, true, `note ${note.pk} has a ZDATA blob`);
            assert.equal(typeof row.body, 'string');
            assert.ok((row.body as string).trim().length > 0, `note ${note.pk} has a decoded body`);
            assert.equal(row.locked, false);
            if (note.title) assert.ok((row.body as string).startsWith(note.title), `note ${note.pk}: the body starts with its title`);
          }
        }
        assert.equal(warning(result, facts.decryptable ? 'NOTES_LOCKED' : 'NOTES_LOCKED_BY_DEVICE')?.count, 1, 'the locked note is counted');
        if (facts.erased.length > 0) assert.equal(warning(result, 'NOTES_DELETED_WITHOUT_BODY')?.count, facts.erased.length);
        else assert.equal(warning(result, 'NOTES_DELETED_WITHOUT_BODY'), undefined);
        assert.equal(result.documents.length, facts.notes, 'one search document per note');
      });

      it('flags the notes of Recently Deleted as deleted, and keeps folder paths', async () => {
        const rows = byPk(await runPlugin(notesPlugin, storePath(name)));
        const deleted = [...rows.values()].filter((row) => row.deleted === true).map((row) => Number(row.source_rowid)).sort((a, b) => a - b);
        assert.deepEqual(deleted, facts.inRecentlyDeleted);
        for (const pk of facts.inRecentlyDeleted) assert.equal(rows.get(pk)!.folder, 'Recently Deleted');
        const buried = [...rows.values()].find((row) => /deeply buried/.test(String(row.title)));
        assert.equal(buried?.folder, 'Subsubfolder');
        assert.equal(buried?.folder_path, 'Folder2 / Subfolder / Subsubfolder');
      });

      it('decodes formatting, tables and hashtags into the body, and checklists into items', async () => {
        const rows = byPk(await runPlugin(notesPlugin, storePath(name)));
        for (const [pk, phrases] of Object.entries(facts.phrases)) {
          for (const phrase of phrases) assert.ok(String(rows.get(Number(pk))!.body).includes(phrase), `note ${pk} body has "${phrase}"`);
        }
        const formatted = [...rows.values()].find((row) => row.title === 'This note has special formatting')!;
        assert.deepEqual(
          (formatted.checklist as Array<{ text: string; done: boolean }>).map((item) => item.text),
          ['Item 1', 'Item 2', 'Item 3'],
        );
        assert.deepEqual(formatted.attachment_kinds, ['table']);
        assert.equal(formatted.attachment_count, 1);
      });

      it(facts.decryptable ? 'decrypts the locked note with its password' : 'keeps the passcode-locked note locked whatever the password', async () => {
        const result = await runPlugin(notesPlugin, storePath(name), { options: { passwords: ['not it', FIXTURE_PASSWORD] } });
        const locked = byPk(result).get(facts.locked)!;
        if (facts.decryptable) {
          assert.equal(locked.locked, false);
          assert.equal(locked.password_protected, true);
          assert.match(String(locked.body), /This is a secret!/);
          assert.equal(warning(result, 'NOTES_LOCKED'), undefined);
          assert.equal(warning(result, 'NOTES_PASSWORD_WRONG'), undefined);
        } else {
          assert.equal(locked.locked, true);
          assert.equal(warning(result, 'NOTES_LOCKED_BY_DEVICE')?.count, 1);
        }
      });
    });
  }

  it('names a wrong password per note and keeps the note locked', async () => {
    const result = await runPlugin(notesPlugin, storePath('macos-12'), { options: { passwords: ['wrong'] } });
    assert.equal(byPk(result).get(9)!.locked, true);
    const wrong = warning(result, 'NOTES_PASSWORD_WRONG');
    assert.match(wrong?.message ?? '', /note 9 \(F1A72AA5-947D-4E92-BD00-A6ACFF3C7381\)/);
    assert.doesNotMatch(JSON.stringify(result.warnings), /wrong/, 'no password is written into a warning');
  });

  it('names the attachment of macOS 14 (a PDF) by its file name', async () => {
    const rows = byPk(await runPlugin(notesPlugin, storePath('macos-14')));
    const note = rows.get(18)!;
    assert.deepEqual(note.attachments, [{ kind: 'pdf', uti: 'com.adobe.pdf', identifier: '56C3AEC1-B867-4E92-9498-B72734370AAA', name: 'bitcoin.pdf' }]);
  });

  it('finds hashtags of macOS 13 as attachments with their text', async () => {
    const note = byPk(await runPlugin(notesPlugin, storePath('macos-13'))).get(14)!;
    assert.deepEqual(note.attachment_kinds, ['hashtag']);
    assert.deepEqual((note.attachments as Array<{ name: string }>).map((entry) => entry.name), ['#travel', '#vacation']);
  });
});

describe('notes: real single bodies (gzip + protobuf)', () => {
  const bodies: Record<string, string[]> = {
    'block_quotes_gzipped.bin': ['Block quotes', 'This is a block quote', 'This is a monostyled block quote'],
    'color_formatting_gzipped.bin': ['Text colors', 'Red Bold Red italic', 'Bulleted list bullet two, red at the end', 'Subscript red'],
    'emoji_formatting_1_gzipped.bin': ['Emojis and formatting', '🚀1🚀2🕹️3💻4🖥️5🧑‍💻6👩‍💻7', '體驗看法覺得很大'],
    'emoji_formatting_2_gzipped.bin': ['Graphic Designer 💻 from Stockport, UK 📍', 'available for freelance projects'],
    'emoji_formatting_3_gzipped.bin': ['More emoji formatting', 'Underlined: underlined', '🖤 🖤'],
    'html_gzipped.bin': ['Things that mess HTML up', '<title>This should never show up</title>', 'This is body text'],
    'list_indents_gzipped.bin': ['Indents in lists', 'Indented checklist 2 checked', 'Dotted list second indent', 'Numbers list indent 2'],
    'simple_note_protobuf.bin': ['Title'],
    'simple_note_protobuf_gzipped.bin': ['Title'],
    'text_decorations_gzipped.bin': ['Bold italic body', 'Strikethrough body', 'Underline strikethrough body'],
    'url_gzipped.bin': ['Jim Nettles followed his older brother', 'Minnesota Twins', 'prostate cancer'],
    'wide_characters_gzipped.bin': ['但他還是希望', '體驗看法覺得很大', '8 character body'],
  };
  const tables: Record<string, string[][]> = {
    'table_gzipped.bin': [
      ['Row 1 Column 1', 'Row 1 Column 2'],
      ['Row 2 Column 1', 'Row 2 Column 2'],
    ],
    'table_formats_gzipped.bin': [
      ['Bold', 'Italics'],
      ['Bold italics', 'Underline'],
      ['Mixed bold italics underline', ''],
    ],
    'right_to_left_table_gzipped.bin': [
      ['اول', ''],
      ['', 'نهاية'],
    ],
  };
  const read = (file: string) => readFileSync(fixturePath(`notes/note-bodies/${file}`));

  for (const [file, phrases] of Object.entries(bodies)) {
    it(`${file} decodes to text with its visible words`, () => {
      const content = noteContent(decodeNoteBody(read(file)), () => '');
      for (const phrase of phrases) assert.ok(content.body.includes(phrase), `"${phrase}" in ${JSON.stringify(content.body.slice(0, 120))}`);
      assert.doesNotMatch(content.body, /\uFFFC/, 'no object replacement character is left');
    });
  }

  for (const [file, rows] of Object.entries(tables)) {
    it(`${file} decodes to its cells in row and column order`, () => {
      const table = decodeTable(read(file));
      assert.deepEqual(table.rows, rows);
      assert.equal(table.rightToLeft, file.startsWith('right_to_left'));
      for (const cell of rows.flat().filter((value) => value !== '')) assert.ok(tableText(table).includes(cell));
    });
  }

  it('reads checklist items with their done flag, and links', () => {
    const colors = noteContent(decodeNoteBody(read('color_formatting_gzipped.bin')), () => '');
    assert.deepEqual(colors.checklist, [
      { text: 'Checklist, unchecked, red in the middle', done: false },
      { text: 'Checklist, checked, red at the end', done: true },
    ]);
    const links = noteContent(decodeNoteBody(read('url_gzipped.bin')), () => '').links;
    assert.ok(links.includes('https://en.m.wikipedia.org/wiki/Minnesota_Twins'), links.join(' '));
  });

  it('replaces an attachment by the text the caller gives for it (a hashtag)', () => {
    const content = noteContent(decodeNoteBody(read('wide_characters_gzipped.bin')), (ref) =>
      ref.identifier === 'AE845CBB-5CD9-4A7A-9EA4-D0FA37445BD6' ? '#旅行' : '?',
    );
    assert.match(content.body, /#旅行/);
    assert.deepEqual(content.attachments, [{ identifier: 'AE845CBB-5CD9-4A7A-9EA4-D0FA37445BD6', uti: 'com.apple.notes.inlinetextattachment.hashtag' }]);
  });

  it('names what is wrong with a body that is not one', () => {
    const body = read('simple_note_protobuf_gzipped.bin');
    const cases: Array<[string, Buffer, RegExp]> = [
      ['truncated gzip', body.subarray(0, body.length - 8), /not valid gzip/],
      ['not protobuf', Buffer.from([0x2a, 0x40, 0x41]), /not protobuf/],
      ['a table given as a body', read('table_gzipped.bin'), /not a note document/],
    ];
    for (const [label, blob, message] of cases) {
      assert.throws(() => decodeNoteBody(blob), (error: unknown) => error instanceof NoteBodyError && message.test((error as Error).message), label);
    }
    assert.throws(() => decodeTable(body), NoteBodyError, 'a body given as a table');
  });
});

describe('notes: the iOS 7 legacy notes.sqlite', () => {
  it('parses as a legacy store holding no notes', async () => {
    const path = fixturePath('backups/ios7-domain-layout/HomeDomain/Library/Notes/notes.sqlite');
    const result = await runPlugin(notesPlugin, path);
    assert.equal(result.variant, 'legacy notes.sqlite');
    assert.equal(result.tables.note?.length ?? 0, 0);
    assert.deepEqual(result.warnings, []);
  });
});
