// The notes plugin through the real indexing job and PostgreSQL: real stores land with their bodies, a phrase found
// only in a body (not in the title or snippet) finds its note, both sources (NoteStore.sqlite and the legacy
// notes.sqlite) of one backup land together, and a store without ZICNOTEDATA, a corrupt store and a truncated store
// each fail only this plugin.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { fixturePath, folderState } from '../../kernel/testing/fixtures.js';
import { searchIndex } from '../../search/search.js';
import { contactsPlugin } from '../contacts/plugin.js';
import { notesPlugin } from './plugin.js';

const plugins: RegisteredPlugin[] = [
  { declaration: notesPlugin, enabled: true, options: { passwords: ['tbull'] } },
  { declaration: contactsPlugin, enabled: true, options: {} },
];
const MACOS13 = fixturePath('notes/macos-13/NoteStore.sqlite');
const LEGACY = fixturePath('backups/ios7-domain-layout/HomeDomain/Library/Notes/notes.sqlite');
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

describe('notes in an indexing job', () => {
  const test = useJobTest('notes', plugins);

  it('indexes a real store and the legacy store of one backup; a phrase only in a body finds its note', async () => {
    const before = folderState(fixturePath('notes/macos-13'));
    const result = await test.runner.run({ backupId: 'macos13', artifacts: { notes: [MACOS13, LEGACY] } });
    assert.deepEqual(folderState(fixturePath('notes/macos-13')), before);
    const report = result.plugins.find((plugin) => plugin.id === 'notes')!;
    assert.equal(report.status, 'completed', report.error ?? '');
    assert.deepEqual(report.rows, { note: 9 });
    const sources = await test.db.query("SELECT status, schema_variant, rows FROM artifact_source WHERE backup_id = 'macos13' AND plugin = 'notes' ORDER BY schema_variant");
    assert.deepEqual(
      sources.map((row) => [row.status, row.schema_variant, row.rows]),
      [
        ['completed', 'legacy notes.sqlite', { note: 0 }],
        ['completed', 'notestore, account ZACCOUNT7, created ZCREATIONDATE3', { note: 9 }],
      ],
    );
    const [counts] = await test.db.query(`
      SELECT count(*) FILTER (WHERE deleted)::int AS deleted, count(*) FILTER (WHERE locked)::int AS locked,
             count(*) FILTER (WHERE password_protected)::int AS protected, count(*) FILTER (WHERE body IS NOT NULL)::int AS with_body
        FROM note WHERE backup_id = 'macos13'`);
    assert.deepEqual(counts, { deleted: 2, locked: 0, protected: 1, with_body: 7 });

    // "2x2 table" is in the body of "This note has special formatting", not in its title or its snippet.
    const [formatted] = await test.db.query("SELECT title, snippet FROM note WHERE backup_id = 'macos13' AND body LIKE '%2x2 table%'");
    assert.doesNotMatch(`${formatted!.title} ${formatted!.snippet}`, /2x2/);
    const hits = (await searchIndex(test.orm, { text: '2x2 table', backupIds: ['macos13'], limit: 10 })).hits;
    assert.deepEqual(hits.map((hit) => [hit.type, hit.title]), [['note', 'This note has special formatting']]);
    const secret = (await searchIndex(test.orm, { text: 'secret', backupIds: ['macos13'], limit: 10 })).hits;
    assert.deepEqual(secret.map((hit) => hit.title), ['This note is password protected'], 'the decrypted body is searchable');
    const cell = (await searchIndex(test.orm, { text: 'Header', backupIds: ['macos13'], limit: 10 })).hits;
    assert.deepEqual(cell.map((hit) => hit.title), ['This note has special formatting'], 'table cells are searchable');
  });

  const damages: Array<{ name: string; make: (path: string) => void; code: string; message?: RegExp }> = [
    {
      name: 'without ZICNOTEDATA',
      make: (path) => {
        copyFileSync(fixturePath('notes/macos-14/NoteStore.sqlite'), path);
        const sqlite = new Database(path);
        sqlite.exec('DROP TABLE ZICNOTEDATA');
        sqlite.close();
      },
      code: 'UNSUPPORTED_SCHEMA',
      message: /no ZICNOTEDATA table/,
    },
    { name: 'of another app', make: (path) => copyFileSync(TRACY, path), code: 'UNSUPPORTED_SCHEMA', message: /not a notes store/ },
    { name: 'corrupt', make: (path) => writeFileSync(path, Buffer.alloc(16384, 0xa5)), code: 'SOURCE_CORRUPT' },
    { name: 'truncated', make: (path) => writeFileSync(path, readFileSync(MACOS13).subarray(0, 40_960)), code: 'SOURCE_CORRUPT' },
  ];
  for (const damage of damages) {
    it(`fails only the notes plugin on a store ${damage.name}; contacts in the same job completes`, async () => {
      const path = join(test.folder, `${damage.name.replace(/ /g, '-')}.sqlite`);
      damage.make(path);
      const backupId = `bad-${damage.name.replace(/ /g, '-')}`;
      const result = await test.runner.run({ backupId, artifacts: { notes: path, contacts: TRACY } });
      assert.equal(result.status, 'INDEXED');
      const notes = result.plugins.find((plugin) => plugin.id === 'notes')!;
      assert.equal(notes.status, 'failed');
      assert.equal(notes.errorCode, damage.code);
      if (damage.message) assert.match(notes.error ?? '', damage.message);
      assert.equal(result.plugins.find((plugin) => plugin.id === 'contacts')!.status, 'completed');
      const [rows] = await test.db.query('SELECT count(*)::int AS n FROM note WHERE backup_id = $1', [backupId]);
      assert.equal(rows!.n, 0);
    });
  }
});
