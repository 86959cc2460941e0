// The notes plugin on builder-made stores of three generations (macOS 13+/iOS 16+, iOS 11, iOS 10 with its
// folder-note join table): every field of every sample note round-trips, the locked note opens with its password and
// stays locked with a wrong one, and damaged input (a corrupt body, a corrupt table, a missing column or table, absurd
// dates) is named, never a crash; the legacy notes.sqlite sample round-trips its HTML as plain text.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Row } from '../../kernel/plugin.js';
import { sha256Of } from '../../kernel/testing/fixtures.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { notesPlugin } from './plugin.js';
import { SAMPLE_LEGACY_NOTES, buildSampleLegacyNotesDb } from './testing/build-legacy-notes-db.js';
import { buildNotesDb, buildSampleNotesDb, type BuiltSampleNotes, type NotesGeneration } from './testing/build-notes-db.js';

const COCOA = 978_307_200;
const cocoa = (seconds: number) => new Date((seconds + COCOA) * 1000);
const PASSWORD = 'correct horse battery';

/** Per generation: the schema variant recorded, and the warnings of a sample run (iOS 10 has no pinning yet). */
const GENERATIONS: Record<NotesGeneration, { variant: string; warnings: string[] }> = {
  modern: { variant: 'notestore, account ZACCOUNT7, created ZCREATIONDATE3', warnings: ['NOTES_DELETED_WITHOUT_BODY'] },
  ios11: { variant: 'notestore, account ZACCOUNT2, created ZCREATIONDATE1', warnings: ['NOTES_DELETED_WITHOUT_BODY'] },
  ios10: {
    variant: 'notestore-without-zispinned, account ZACCOUNT2, created ZCREATIONDATE1, folders in Z_11NOTES',
    warnings: ['NOTES_COLUMN_MISSING', 'NOTES_DELETED_WITHOUT_BODY'],
  },
};

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ios-backup-notes-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

function byIdentifier(result: HarnessResult): Map<string, Row> {
  return new Map(result.tables.note!.map((row) => [String(row.identifier), row]));
}

function warning(result: HarnessResult, code: string) {
  return result.warnings.find((entry) => entry.code === code);
}

describe('notes: builder stores of every generation', () => {
  for (const [generation, expected] of Object.entries(GENERATIONS) as Array<[NotesGeneration, (typeof GENERATIONS)[NotesGeneration]]>) {
    describe(generation, () => {
      let path: string;
      let built: BuiltSampleNotes;
      before(() => {
        path = join(scratch, `${generation}.sqlite`);
        built = buildSampleNotesDb(path, { generation });
      });

      it('round-trips every field of every note, the evidence untouched', async () => {
        const hash = sha256Of(path);
        const result = await runPlugin(notesPlugin, path, { options: { passwords: [PASSWORD] } });
        assert.equal(sha256Of(path), hash);
        assert.equal(result.variant, expected.variant);
        const rows = byIdentifier(result);
        assert.equal(rows.size, Object.keys(built.notes).length);
        for (const [key, note] of Object.entries(built.notes)) {
          const row = rows.get(note.identifier);
          assert.ok(row, `${key} is indexed`);
          const label = `${generation} ${key}`;
          assert.equal(row.title, note.title, label);
          assert.equal(row.folder, note.folder, label);
          assert.equal(row.folder_path, note.folderPath, label);
          assert.equal(row.account, note.account, label);
          assert.deepEqual(row.created_at, cocoa(note.created), label);
          assert.deepEqual(row.modified_at, cocoa(note.modified), label);
          if (note.pinned) assert.equal(row.pinned, true, label);
          else assert.notEqual(row.pinned, true, label);
          assert.equal(row.deleted, note.inTrash || note.markedForDeletion, label);
          assert.equal(row.marked_for_deletion === true, note.markedForDeletion, label);
          assert.equal(row.password_protected, note.locked, label);
          assert.equal(row.locked, false, `${label}: the password opened it`);
          if (!note.hasBody) {
            assert.equal(row.body, null, label);
            continue;
          }
          const body = String(row.body);
          assert.ok(body.startsWith(note.title), `${label}: the body starts with the title`);
          for (const phrase of note.phrases) assert.ok(body.includes(phrase), `${label}: "${phrase}" in ${JSON.stringify(body)}`);
          for (const tag of note.hashtags) assert.ok(body.includes(tag), `${label}: hashtag ${tag}`);
          for (const url of note.urls) assert.ok(body.includes(url), `${label}: url ${url}`);
          for (const cells of note.table ?? []) assert.ok(body.includes(cells.join('\t')), `${label}: table row ${cells.join(' | ')}`);
          assert.deepEqual(row.checklist ?? [], note.checklist, label);
          assert.deepEqual(row.links ?? [], note.links, label);
          assert.deepEqual(row.attachment_kinds ?? [], [...new Set(note.attachments)], label);
          assert.equal(row.attachment_count, note.attachments.length, label);
          const names = ((row.attachments as Array<{ name: string | null }> | null) ?? []).map((entry) => entry.name);
          for (const image of note.images) assert.ok(names.includes(image), `${label}: image ${image} named`);
        }
        assert.deepEqual(result.warnings.map((entry) => entry.code).sort(), expected.warnings);
        assert.equal(result.documents.length, rows.size);
      });

      it('keeps the locked note locked without a password (counted), and with a wrong one (named)', async () => {
        const locked = built.notes.locked;
        const none = await runPlugin(notesPlugin, path);
        const noneRow = byIdentifier(none).get(locked.identifier)!;
        assert.deepEqual([noneRow.locked, noneRow.body, noneRow.title], [true, null, locked.title]);
        assert.equal(warning(none, 'NOTES_LOCKED')?.count, 1);
        const wrong = await runPlugin(notesPlugin, path, { options: { passwords: ['correct horse'] } });
        assert.equal(byIdentifier(wrong).get(locked.identifier)!.locked, true);
        assert.match(warning(wrong, 'NOTES_PASSWORD_WRONG')?.message ?? '', new RegExp(`note ${locked.pk} \\(${locked.identifier}\\)`));
        const body = byIdentifier(await runPlugin(notesPlugin, path, { options: { passwords: ['nope', PASSWORD] } })).get(locked.identifier)!.body;
        for (const phrase of locked.phrases) assert.ok(String(body).includes(phrase));
      });
    });
  }

  it('gives each note one search document: the body, then attachment names and links the body lacks, each once', async () => {
    const path = join(scratch, 'search.sqlite');
    const built = buildSampleNotesDb(path);
    const result = await runPlugin(notesPlugin, path);
    const documentOf = (key: keyof BuiltSampleNotes['notes']) => {
      const row = byIdentifier(result).get(built.notes[key].identifier)!;
      return result.documents.find((doc) => doc.artifact_id === row.id)!;
    };
    const image = documentOf('image');
    assert.equal(image.title, 'Whiteboard photo');
    assert.match(String(image.body), /Architecture sketch from Monday\.[\s\S]*\nIMG_2041\.jpeg$/);
    assert.match(String(documentOf('emoji').body), /\nhttps:\/\/example\.org\/trails\/lake$/);
    const hashtag = String(documentOf('hashtag').body);
    assert.equal(hashtag.split('#travel').length - 1, 1, `#travel once in ${JSON.stringify(hashtag)}`);
    const locked = documentOf('locked');
    assert.deepEqual([locked.title, locked.body], ['Bank details', null], 'a locked note is found by its title only');
  });

  it('reads a store left in WAL mode, its newest notes only in the -wal file', async () => {
    const path = join(scratch, 'wal.sqlite');
    const built = buildSampleNotesDb(path, { wal: true });
    assert.ok(statSync(`${path}-wal`).size > 0, 'the -wal file holds rows');
    const result = await runPlugin(notesPlugin, { path, wal: `${path}-wal`, shm: `${path}-shm` });
    assert.equal(result.tables.note!.length, Object.keys(built.notes).length);
  });
});

describe('notes: damaged builder stores', () => {
  function sample(name: string, damage: (db: Database.Database) => void, layout = {}): string {
    const path = join(scratch, `${name}.sqlite`);
    buildSampleNotesDb(path, layout);
    const db = new Database(path);
    damage(db);
    db.close();
    return path;
  }

  it('keeps a note whose body is not gzip or not a note, and a table whose cells cannot be decoded, with warnings', async () => {
    const path = sample('bodies', (db) => {
      db.exec(`UPDATE ZICNOTEDATA SET ZDATA = X'1F8B0800DEADBEEF' WHERE ZNOTE = (SELECT Z_PK FROM ZICCLOUDSYNCINGOBJECT WHERE ZTITLE1 = 'Grocery run')`);
      db.exec(`UPDATE ZICNOTEDATA SET ZDATA = X'0A0208011203414243' WHERE ZNOTE = (SELECT Z_PK FROM ZICCLOUDSYNCINGOBJECT WHERE ZTITLE1 = 'Packing list')`);
      db.exec(`UPDATE ZICCLOUDSYNCINGOBJECT SET ZMERGEABLEDATA1 = X'0102030405' WHERE ZTYPEUTI = 'com.apple.notes.table'`);
    });
    const result = await runPlugin(notesPlugin, path);
    const byTitle = new Map(result.tables.note!.map((row) => [row.title, row]));
    assert.equal(byTitle.get('Grocery run')!.body, null);
    assert.equal(byTitle.get('Packing list')!.body, null);
    const unreadable = warning(result, 'NOTES_BODY_UNREADABLE');
    assert.equal(unreadable?.count, 2);
    assert.match(unreadable?.message ?? '', /not valid gzip/);
    const table = byTitle.get('Quarterly budget')!;
    assert.match(String(table.body), /Approved by finance/);
    assert.doesNotMatch(String(table.body), /Travel/);
    assert.deepEqual(table.attachment_kinds, ['table']);
    assert.match(warning(result, 'NOTES_TABLE_UNREADABLE')?.message ?? '', /could not be decoded/);
  });

  it('names absurd dates and missing columns, and still reads the notes', async () => {
    const path = sample('columns', (db) => db.exec(`UPDATE ZICCLOUDSYNCINGOBJECT SET ZCREATIONDATE3 = 9e15 WHERE ZTITLE1 = 'Grocery run'`), {
      omitColumns: { ZICCLOUDSYNCINGOBJECT: ['ZISPINNED', 'ZSNIPPET'] },
    });
    const result = await runPlugin(notesPlugin, path, { options: { passwords: [PASSWORD] } });
    assert.equal(result.variant, 'notestore-without-zsnippet-zispinned, account ZACCOUNT7, created ZCREATIONDATE3');
    assert.match(warning(result, 'TIME_OUT_OF_RANGE')?.message ?? '', /ZICCLOUDSYNCINGOBJECT\.ZCREATIONDATE3/);
    const missing = result.warnings.filter((entry) => entry.code === 'NOTES_COLUMN_MISSING').map((entry) => entry.message);
    assert.equal(missing.length, 2, missing.join('\n'));
    const grocery = result.tables.note!.find((row) => row.title === 'Grocery run')!;
    assert.equal(grocery.created_at, null);
    assert.equal(grocery.pinned, null);
    assert.match(String(grocery.body), /ripe figs/);
  });

  it('fails a store without ZICNOTEDATA, and one whose Z_PRIMARYKEY names no ICNote, by name', async () => {
    const noData = join(scratch, 'no-data.sqlite');
    buildSampleNotesDb(noData, { omitTables: ['ZICNOTEDATA'] });
    await assert.rejects(runPlugin(notesPlugin, noData), { code: 'UNSUPPORTED_SCHEMA', message: /no ZICNOTEDATA table/ });
    const noEntity = sample('no-entity', (db) => db.exec(`DELETE FROM Z_PRIMARYKEY WHERE Z_NAME = 'ICNote'`));
    await assert.rejects(runPlugin(notesPlugin, noEntity), { code: 'UNSUPPORTED_SCHEMA', message: /names no ICNote entity/ });
  });

  it('keeps a note whose attachment row is missing, naming it', async () => {
    const path = join(scratch, 'hostile.sqlite');
    buildNotesDb(path, {
      accounts: [{ key: 'a', name: 'On My iPhone' }],
      folders: [{ key: 'f', title: 'Notes', account: 'a' }],
      notes: [
        {
          key: 'n',
          folder: 'f',
          content: [{ text: 'Ghost attachment' }, { text: 'Still here.' }, { kind: 'url', url: 'https://example.org/x', identifier: 'GHOST-ID' }],
        },
      ],
    });
    const db = new Database(path);
    db.exec(`DELETE FROM ZICCLOUDSYNCINGOBJECT WHERE ZIDENTIFIER = 'GHOST-ID'`);
    db.close();
    const result = await runPlugin(notesPlugin, path);
    const row = result.tables.note![0]!;
    assert.match(String(row.body), /Still here\./);
    assert.deepEqual(row.attachment_kinds, ['url']);
    assert.match(warning(result, 'NOTES_ATTACHMENT_MISSING')?.message ?? '', /first: note \d+/);
  });
});

describe('notes: the legacy notes.sqlite sample', () => {
  it('round-trips titles, plain-text bodies from HTML, stores, accounts, dates and the deleted flag', async () => {
    const path = join(scratch, 'notes.sqlite');
    buildSampleLegacyNotesDb(path);
    const result = await runPlugin(notesPlugin, path);
    assert.equal(result.variant, 'legacy notes.sqlite');
    assert.deepEqual(result.warnings, []);
    const rows = new Map(result.tables.note!.map((row) => [row.identifier, row]));
    assert.equal(rows.size, Object.keys(SAMPLE_LEGACY_NOTES).length);
    for (const [key, note] of Object.entries(SAMPLE_LEGACY_NOTES)) {
      const row = rows.get(note.guid)!;
      assert.equal(row.store, 'legacy');
      assert.equal(row.title, note.title, key);
      assert.equal(row.account, note.account, key);
      assert.equal(row.folder, note.store, key);
      assert.equal(row.deleted, note.deleted, key);
      assert.deepEqual(row.created_at, cocoa(note.created), key);
      assert.deepEqual(row.modified_at, cocoa(note.modified), key);
      const lines = String(row.body).split('\n').filter((line) => line.trim() !== '').map((line) => line.replace(/^- /, ''));
      assert.deepEqual(lines, note.lines.map((line) => line.replace(/\u00a0/g, ' ')), key);
      assert.doesNotMatch(String(row.body), /<div|&amp;|&nbsp;/, key);
    }
  });
});
