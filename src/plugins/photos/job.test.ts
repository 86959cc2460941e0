// The photos plugin through the real indexing job and PostgreSQL: a real library and a builder store land with their
// memberships resolving, album titles and original file names are found by search, re-indexing is idempotent, and a
// store without asset tables, a corrupt store and a truncated store each fail only this plugin.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { fixturePath, folderState } from '../../kernel/testing/fixtures.js';
import { searchIndex } from '../../search/search.js';
import { contactsPlugin } from '../contacts/plugin.js';
import { photosPlugin } from './plugin.js';
import { buildSamplePhotosDb } from './testing/build-photos-db.js';

const plugins: RegisteredPlugin[] = [
  { declaration: photosPlugin, enabled: true, options: {} },
  { declaration: contactsPlugin, enabled: true, options: {} },
];
const LIBRARY = fixturePath('photos/macos-15.4.1/Photos.sqlite');
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

describe('photos in an indexing job', () => {
  const test = useJobTest('photos', plugins);
  let sample: string;

  before(() => {
    sample = join(test.folder, 'Photos.sqlite');
    buildSamplePhotosDb(sample);
  });

  it('indexes a real library with its -wal: 16 assets, 2 trashed, memberships that resolve, one NULL creation date', async () => {
    const library = fixturePath('photos/macos-15.4.1');
    const before = folderState(library);
    const result = await test.runner.run({
      backupId: 'macos15',
      artifacts: { photos: [{ path: LIBRARY, wal: `${LIBRARY}-wal`, shm: `${LIBRARY}-shm` }] },
    });
    assert.deepEqual(folderState(library), before);
    const report = result.plugins.find((plugin) => plugin.id === 'photos')!;
    assert.equal(report.status, 'completed');
    assert.deepEqual(report.rows, { photo_album: 9, photo_asset: 16, photo_album_asset: 14 });
    assert.equal(report.searchDocuments, 16);
    const [counts] = await test.db.query(`
      SELECT count(*) FILTER (WHERE trashed)::int AS trashed,
             count(*) FILTER (WHERE created_at IS NULL)::int AS undated,
             min(created_at) AS first, max(created_at) AS last
        FROM photo_asset WHERE backup_id = 'macos15'`);
    assert.equal(counts!.trashed, 2);
    assert.equal(counts!.undated, 1);
    assert.ok(counts!.first >= new Date('2015-01-01T00:00:00Z') && counts!.last < new Date('2021-01-01T00:00:00Z'));
    const [dangling] = await test.db.query(`
      SELECT count(*)::int AS n FROM photo_album_asset l
       WHERE l.backup_id = 'macos15'
         AND (NOT EXISTS (SELECT 1 FROM photo_album a WHERE a.id = l.album_id) OR NOT EXISTS (SELECT 1 FROM photo_asset p WHERE p.id = l.asset_id))`);
    assert.equal(dangling!.n, 0);
    const pumpkins = await test.db.query(`
      SELECT p.original_filename FROM photo_album a JOIN photo_album_asset l ON l.album_id = a.id JOIN photo_asset p ON p.id = l.asset_id
       WHERE a.backup_id = 'macos15' AND a.title = 'Pumpkin Farm' ORDER BY 1`);
    assert.deepEqual(pumpkins.map((row) => row.original_filename), ['Pumkins1.jpg', 'Pumkins2.jpg', 'Pumpkins3.jpg']);
    const [source] = await test.db.query("SELECT status, schema_variant, warnings FROM artifact_source WHERE backup_id = 'macos15' AND plugin = 'photos'");
    assert.equal(source!.status, 'completed');
    assert.equal(source!.schema_variant, 'zasset, memberships in Z_30ASSETS');
    assert.match(JSON.stringify(source!.warnings), /ZASSET\.ZDATECREATED.*row 13/);
  });

  it('finds assets by album title and by original file name, and re-indexes to identical rows', async () => {
    const input = { backupId: 'sample', artifacts: { photos: sample, contacts: TRACY } };
    const first = await test.runner.run(input);
    assert.equal(first.status, 'INDEXED');
    const byAlbum = (await searchIndex(test.orm, { text: 'Lisbon trip', backupIds: ['sample'], limit: 20 })).hits;
    assert.deepEqual(byAlbum.map((hit) => hit.title).sort(), ['IMG_0001.HEIC', 'IMG_0002.MOV', 'IMG_0003.HEIC']);
    assert.ok(byAlbum.every((hit) => hit.type === 'photo'));
    const byName = (await searchIndex(test.orm, { text: 'receipt-scan.jpg', backupIds: ['sample'], limit: 20 })).hits;
    assert.deepEqual(byName.map((hit) => hit.title), ['receipt-scan.jpg']);
    const byCaption = (await searchIndex(test.orm, { text: 'Alfama', backupIds: ['sample'], limit: 20 })).hits;
    assert.deepEqual(byCaption.map((hit) => hit.title), ['IMG_0001.HEIC']);

    const snapshot = async () => ({
      assets: await test.db.query("SELECT * FROM photo_asset WHERE backup_id = 'sample' ORDER BY id"),
      albums: await test.db.query("SELECT * FROM photo_album WHERE backup_id = 'sample' ORDER BY id"),
      links: await test.db.query("SELECT * FROM photo_album_asset WHERE backup_id = 'sample' ORDER BY id"),
      documents: await test.db.query("SELECT id, title, body, occurred_at FROM artifact_search_index WHERE backup_id = 'sample' AND plugin = 'photos' ORDER BY id"),
    });
    const once = await snapshot();
    assert.equal(once.assets.length, 7);
    assert.equal((await test.runner.run(input)).status, 'INDEXED');
    assert.deepEqual(await snapshot(), once);
  });

  it('stores a date column holding a BLOB or text with NUL as NULL, with a short warning PostgreSQL accepts', async () => {
    const path = join(test.folder, 'odd-dates.sqlite');
    buildSamplePhotosDb(path);
    const sqlite = new Database(path);
    sqlite.exec(`UPDATE ZASSET SET ZDATECREATED = X'00410042' WHERE Z_PK = 1;
      UPDATE ZASSET SET ZMODIFICATIONDATE = 'abc' || char(0) || 'x' WHERE Z_PK = 2;
      UPDATE ZASSET SET ZADDEDDATE = zeroblob(2000000) WHERE Z_PK = 3;`);
    sqlite.close();
    const result = await test.runner.run({ backupId: 'odd-dates', artifacts: { photos: path } });
    const report = result.plugins.find((plugin) => plugin.id === 'photos')!;
    assert.equal(report.status, 'completed', report.error ?? '');
    const [source] = await test.db.query("SELECT warnings::text AS warnings FROM artifact_source WHERE backup_id = 'odd-dates' AND plugin = 'photos'");
    assert.ok(source!.warnings.length < 2000, `warnings stay short: ${source!.warnings.length} characters`);
    assert.match(source!.warnings, /ZASSET\.ZDATECREATED.*blob of 4 bytes/);
    assert.match(source!.warnings, /ZASSET\.ZADDEDDATE.*blob of 2000000 bytes/);
    assert.match(source!.warnings, /ZASSET\.ZMODIFICATIONDATE.*abc/);
    const rows = await test.db.query("SELECT source_rowid::int AS pk, created_at, modified_at, added_at FROM photo_asset WHERE backup_id = 'odd-dates' AND source_rowid <= 3 ORDER BY 1");
    assert.deepEqual(rows.map((row) => [row.pk, row.created_at === null, row.modified_at === null, row.added_at === null]), [
      [1, true, false, false],
      [2, false, true, false],
      [3, false, false, true],
    ]);
  });

  const damages: Array<{ name: string; make: (path: string) => void; code: string }> = [
    { name: 'without asset tables', make: (path) => buildSamplePhotosDb(path, { omitTables: ['ZASSET'] }), code: 'UNSUPPORTED_SCHEMA' },
    { name: 'corrupt', make: (path) => writeFileSync(path, Buffer.alloc(16384, 0xa5)), code: 'SOURCE_CORRUPT' },
    { name: 'truncated', make: (path) => writeFileSync(path, readFileSync(LIBRARY).subarray(0, 40_960)), code: 'SOURCE_CORRUPT' },
  ];
  for (const damage of damages) {
    it(`fails only the photos plugin on a store ${damage.name}; contacts in the same job completes`, async () => {
      const path = join(test.folder, `${damage.name.replace(/ /g, '-')}.sqlite`);
      damage.make(path);
      const backupId = `bad-${damage.name.replace(/ /g, '-')}`;
      const result = await test.runner.run({ backupId, artifacts: { photos: path, contacts: TRACY } });
      assert.equal(result.status, 'INDEXED');
      const photos = result.plugins.find((plugin) => plugin.id === 'photos')!;
      assert.equal(photos.status, 'failed');
      assert.equal(photos.errorCode, damage.code);
      assert.equal(result.plugins.find((plugin) => plugin.id === 'contacts')!.status, 'completed');
      const [stored] = await test.db.query("SELECT status, error_code FROM artifact_source WHERE backup_id = $1 AND plugin = 'photos'", [backupId]);
      assert.deepEqual(stored, { status: 'failed', error_code: damage.code });
      const [rows] = await test.db.query('SELECT count(*)::int AS n FROM photo_asset WHERE backup_id = $1', [backupId]);
      assert.equal(rows!.n, 0);
    });
  }
});
