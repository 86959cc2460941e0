// The photos plugin on real Photos.sqlite stores (three macOS libraries with their -wal, an iOS 7 camera roll, the
// .schema dumps of iOS 6 to 11) and on builder-made stores of three generations: every field, album membership through
// join tables of different names, the -wal applied, files looked up in a backup folder, and bad input named.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BackupFolder } from '../../backup/locate.js';
import type { Row } from '../../kernel/plugin.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import { fixturePath, folderState } from '../../kernel/testing/fixtures.js';
import { photosPlugin } from './plugin.js';
import { PhotosDbWriter, SAMPLE_BASE_TIME, buildSamplePhotosDb, type PhotosDbLayout } from './testing/build-photos-db.js';

const MACOS = ['macos-12.0.1', 'macos-14.6.0', 'macos-15.4.1'] as const;
const IOS7 = fixturePath('backups/ios7-domain-layout/CameraRollDomain/Media/PhotoData/Photos.sqlite');
const COCOA = 978_307_200;
const cocoa = (seconds: number) => new Date((seconds + COCOA) * 1000);

function macosLibrary(name: string) {
  const path = fixturePath(`photos/${name}/Photos.sqlite`);
  return { path, wal: `${path}-wal`, shm: `${path}-shm` };
}

/** Album title -> sorted original file names of its assets. */
function membership(result: HarnessResult): Record<string, string[]> {
  const assets = new Map(result.tables.photo_asset!.map((row) => [row.id, row]));
  const albums = new Map(result.tables.photo_album!.map((row) => [row.id, row]));
  const byAlbum: Record<string, string[]> = {};
  for (const link of result.tables.photo_album_asset!) {
    const album = albums.get(link.album_id)!;
    const asset = assets.get(link.asset_id);
    assert.ok(asset, 'a membership points to a written asset');
    const key = `${album.title}${album.trashed ? ' (trashed)' : ''}`;
    (byAlbum[key] ??= []).push(String(asset.original_filename ?? asset.filename));
  }
  for (const list of Object.values(byAlbum)) list.sort();
  return byAlbum;
}

function byFile(result: HarnessResult, original: string): Row {
  const row = result.tables.photo_asset!.find((asset) => asset.original_filename === original);
  assert.ok(row, original);
  return row;
}

const codes = (result: HarnessResult) => result.warnings.map((warning) => warning.code);

describe('photos plugin', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'photos-test-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const name of MACOS) {
    it(`reads the ${name} library with its -wal: 16 assets, 2 trashed, album membership, plausible creation dates`, async () => {
      const library = macosLibrary(name);
      const folder = fixturePath(`photos/${name}`);
      const before = folderState(folder);
      const result = await runPlugin(photosPlugin, library);
      assert.deepEqual(folderState(folder), before, 'the fixture folder is unchanged');
      const joinTable = { 'macos-12.0.1': 'Z_27ASSETS', 'macos-14.6.0': 'Z_29ASSETS', 'macos-15.4.1': 'Z_30ASSETS' }[name];
      assert.equal(result.variant, `zasset, memberships in ${joinTable}`);
      const assets = result.tables.photo_asset!;
      assert.equal(assets.length, 16);
      assert.equal(result.searchDocuments, 16);
      assert.equal(assets.filter((asset) => asset.trashed === true).length, 2);
      assert.deepEqual(assets.filter((asset) => asset.trashed).map((asset) => asset.original_filename).sort(), ['IMG_1064.jpeg', 'wedding_edited.jpg']);

      const albums = membership(result);
      assert.deepEqual(albums['Pumpkin Farm'], ['Pumkins1.jpg', 'Pumkins2.jpg', 'Pumpkins3.jpg']);
      assert.deepEqual(albums['Raw'], ['DSC03584.dng', 'IMG_1994.JPG', 'IMG_1997.JPG', 'IMG_2000.JPG']);
      assert.deepEqual(albums['AlbumInFolder'], ['IMG_4547.jpg', 'wedding.jpg']);
      assert.equal(result.tables.photo_album_asset!.length, 14);
      const inFolder = result.tables.photo_album!.find((album) => album.title === 'AlbumInFolder')!;
      assert.equal(inFolder.folder_path, 'Folder1 / SubFolder2');
      assert.equal(result.tables.photo_album!.some((album) => album.title === 'progress-sync'), false, 'smart albums are not user albums');

      // One creation date is 123456789012345 in these libraries: NULL with a warning naming the column and the row.
      const undated = assets.filter((asset) => asset.created_at === null);
      assert.deepEqual(undated.map((asset) => asset.original_filename), ['IMG_1693.tif']);
      for (const asset of assets) {
        if (asset.created_at === null) continue;
        const at = asset.created_at as Date;
        assert.ok(at >= new Date('2015-01-01T00:00:00Z') && at < new Date('2021-01-01T00:00:00Z'), `${asset.original_filename}: ${at.toISOString()}`);
      }
      const warning = result.warnings.find((w) => w.code === 'TIME_OUT_OF_RANGE' && w.message.startsWith('ZASSET.ZDATECREATED'));
      assert.ok(warning, JSON.stringify(result.warnings));
      assert.match(warning.message, /row 13, raw value 123456789012345/);

      const park = byFile(result, 'St James Park.jpg');
      assert.equal(park.title, "St. James's Park");
      // The macOS 15 library rebuilt its moments without titles in its -wal, so no place is known there; its main
      // file alone still has the old titled moment, which proves the -wal was applied.
      assert.equal(park.place, name === 'macos-15.4.1' ? null : 'London');
      if (name === 'macos-15.4.1') {
        const alone = join(scratch, 'macos-15.4.1-main-file-only.sqlite');
        copyFileSync(library.path, alone);
        const withoutWal = await runPlugin(photosPlugin, alone);
        assert.equal(byFile(withoutWal, 'St James Park.jpg').place, 'London');
      }
      assert.ok(Math.abs((park.latitude as number) - 51.50357167) < 1e-6);
      assert.equal(byFile(result, 'Tulips.jpg').latitude, null, '-180 is no location');
      assert.equal(byFile(result, 'Tulips.jpg').caption, 'Wedding tulips');
      const elder = byFile(result, 'IMG_4547.jpg');
      assert.deepEqual([elder.time_zone_name, elder.time_zone_offset_seconds], ['Australia/Adelaide', 34200]);
      assert.equal(byFile(result, 'wedding.jpg').favorite, true);
      assert.equal(byFile(result, 'Pumpkins4.jpg').hidden, true);
      // A file referenced outside the library (absolute ZDIRECTORY) has no backup location.
      assert.equal(byFile(result, 'Pumpkins4.jpg').backup_relative_path, null);
      assert.equal(byFile(result, 'IMG_3092.heic').backup_relative_path, 'Media/7/7783E8E6-9CAC-40F3-BE22-81FB7051C266.heic');
      assert.ok(assets.every((asset) => asset.file_present === null), 'no backup folder: file presence unknown');
    });
  }

  it('reads the iOS 7 camera roll: 7 ZGENERICASSET rows with BLOB uuids and DCIM locations', async () => {
    const result = await runPlugin(photosPlugin, IOS7);
    const assets = result.tables.photo_asset!;
    assert.equal(assets.length, 7);
    assert.match(result.variant ?? '', /^zgenericasset/);
    assert.deepEqual(assets.map((asset) => asset.backup_relative_path), [1, 2, 3, 4, 5, 6, 7].map((n) => `Media/DCIM/100APPLE/IMG_000${n}.PNG`));
    assert.equal(assets[0]!.uuid, 'A6B56D7F-65FD-4B37-8663-3BC1B952E355');
    assert.equal((assets[0]!.created_at as Date).toISOString(), '2015-11-01T22:02:21.000Z');
    assert.ok(assets.every((asset) => asset.kind === 'photo' && asset.uniform_type_identifier === 'public.png'));
    assert.ok(assets.every((asset) => asset.trashed === null && asset.favorite === null), 'iOS 7 has no trash or favorites: unknown');
    assert.ok(codes(result).includes('PHOTOS_COLUMN_MISSING'));
  });

  for (const version of ['6.1.6', '9.3.5', '10.3.3', '11.2']) {
    it(`parses an empty store made from the iOS ${version} .schema dump`, async () => {
      const path = join(scratch, `schema-${version}.sqlite`);
      const db = new Database(path);
      for (const statement of readFileSync(fixturePath(`schemas/photos/photos_${version}.sql`), 'utf8').split(/;\s*\n/)) {
        try {
          db.exec(statement);
        } catch {
          // sqlite_sequence / sqlite_stat1 cannot be created by hand (the fixtures README says to ignore them).
        }
      }
      db.close();
      const result = await runPlugin(photosPlugin, path);
      assert.equal(result.tables.photo_asset!.length, 0);
      assert.match(result.variant ?? '', /^zgenericasset/);
      // The dumps carry no Z_PRIMARYKEY rows: the join table cannot be identified, and that is said.
      assert.ok(codes(result).includes('PHOTOS_ALBUM_MEMBERSHIP_UNREAD'), JSON.stringify(result.warnings));
    });
  }

  it('round-trips every field of a builder-made modern store', async () => {
    const path = join(scratch, 'modern.sqlite');
    const sample = buildSamplePhotosDb(path);
    const result = await runPlugin(photosPlugin, path);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.variant, 'zasset, memberships in Z_30ASSETS');
    const photo = result.tables.photo_asset!.find((row) => Number(row.source_rowid) === sample.assets.photo)!;
    const { id, source_rowid, backup_id, source_id, ...fields } = photo;
    assert.ok(id && source_rowid && backup_id && source_id);
    const t = SAMPLE_BASE_TIME;
    assert.deepEqual(fields, {
      uuid: '5E1C07A2-3A1B-4F0E-9C7D-0A1B2C3D4E5F',
      kind: 'photo',
      kind_code: 0,
      kind_subtype: 0,
      uniform_type_identifier: 'public.heic',
      original_filename: 'IMG_0001.HEIC',
      filename: 'IMG_0001.HEIC',
      directory: 'DCIM/100APPLE',
      width: 4032,
      height: 3024,
      duration_seconds: null,
      created_at: cocoa(t),
      added_at: cocoa(t + 60),
      modified_at: cocoa(t + 120),
      trashed_at: null,
      time_zone_name: 'Europe/Lisbon',
      time_zone_offset_seconds: 3600,
      latitude: 38.7139,
      longitude: -9.1334,
      favorite: true,
      hidden: false,
      trashed: false,
      title: 'Tram 28 at dusk',
      caption: 'The yellow tram climbing to Alfama',
      place: 'Lisbon',
      backup_domain: 'CameraRollDomain',
      backup_relative_path: 'Media/DCIM/100APPLE/IMG_0001.HEIC',
      file_present: null,
      backup_file_id: null,
    });
    const kinds = Object.fromEntries(result.tables.photo_asset!.map((row) => [row.original_filename, row.kind]));
    assert.deepEqual(kinds, {
      'IMG_0001.HEIC': 'photo',
      'IMG_0002.MOV': 'video',
      'IMG_0003.HEIC': 'live-photo',
      'IMG_0004.PNG': 'screenshot',
      'IMG_0005.JPG': 'photo',
      'receipt-scan.jpg': 'photo',
      'scan-1998.tiff': 'photo',
    });
    const video = byFile(result, 'IMG_0002.MOV');
    assert.equal(video.duration_seconds, 12.5);
    const trashed = byFile(result, 'IMG_0005.JPG');
    assert.deepEqual([trashed.trashed, trashed.trashed_at], [true, cocoa(t + 172800)]);
    assert.equal(byFile(result, 'receipt-scan.jpg').hidden, true);
    assert.equal(byFile(result, 'IMG_0003.HEIC').latitude, null);
    assert.equal(byFile(result, 'scan-1998.tiff').backup_relative_path, null);

    const albums = Object.fromEntries(result.tables.photo_album!.map((row) => [row.title, [row.kind, row.folder_path, row.trashed, row.asset_count]]));
    assert.deepEqual(albums, {
      'Lisbon trip': ['album', 'Travel / 2023', false, 3],
      Family: ['album', null, false, 2],
      'Old drafts': ['album', null, true, 1],
      'Shared with Ana': ['shared', null, false, 1],
    });
    const trip = result.tables.photo_album!.find((row) => row.title === 'Lisbon trip')!;
    assert.deepEqual(trip.created_at, cocoa(t - 86400));
    // The key-asset relationship (Z_29KEYASSETS) links the screenshot to the trip, but it is not membership.
    assert.deepEqual(membership(result), {
      'Lisbon trip': ['IMG_0001.HEIC', 'IMG_0002.MOV', 'IMG_0003.HEIC'],
      Family: ['IMG_0001.HEIC', 'receipt-scan.jpg'],
      'Old drafts (trashed)': ['IMG_0004.PNG'],
      'Shared with Ana': ['IMG_0002.MOV'],
    });

    // A membership traces back to its row of the join table the variant names.
    assert.deepEqual(result.tables.photo_album_asset!.map((row) => Number(row.source_rowid)).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
    const document = result.documents.find((doc) => doc.artifact_id === photo.id)!;
    assert.equal(document.type, 'photo');
    assert.equal(document.title, 'IMG_0001.HEIC');
    assert.equal(document.body, 'Tram 28 at dusk\nThe yellow tram climbing to Alfama\nLisbon trip\nFamily\nLisbon');
    assert.deepEqual(document.occurred_at, cocoa(t));
  });

  const layouts: Array<{ name: string; layout: PhotosDbLayout; joinTable: string }> = [
    { name: 'modern store, Album entity 27', layout: { albumEntity: 27 }, joinTable: 'Z_27ASSETS' },
    { name: 'modern store, Album entity 30', layout: { albumEntity: 30 }, joinTable: 'Z_30ASSETS' },
    { name: 'ZGENERICASSET store (iOS 9-13, macOS 10.15)', layout: { generation: 'generic' }, joinTable: 'Z_20ASSETS' },
    { name: 'iOS 7 store', layout: { generation: 'ios7' }, joinTable: 'Z_11ASSETS' },
  ];
  for (const { name, layout, joinTable } of layouts) {
    it(`reads album membership through ${joinTable} in a ${name}`, async () => {
      const path = join(scratch, `${joinTable}-${layout.generation ?? 'modern'}.sqlite`);
      const sample = buildSamplePhotosDb(path, layout);
      assert.equal(sample.joinTable, joinTable);
      const result = await runPlugin(photosPlugin, path);
      const trashedKey = layout.generation === 'ios7' ? 'Old drafts' : 'Old drafts (trashed)';
      assert.deepEqual(membership(result), {
        'Lisbon trip': ['IMG_0001.HEIC', 'IMG_0002.MOV', 'IMG_0003.HEIC'],
        Family: ['IMG_0001.HEIC', 'receipt-scan.jpg'],
        [trashedKey]: ['IMG_0004.PNG'],
        'Shared with Ana': ['IMG_0002.MOV'],
      });
      const photo = byFile(result, 'IMG_0001.HEIC');
      assert.equal(photo.uuid, '5E1C07A2-3A1B-4F0E-9C7D-0A1B2C3D4E5F');
      assert.deepEqual(photo.created_at, cocoa(SAMPLE_BASE_TIME));
      assert.equal(byFile(result, 'IMG_0002.MOV').duration_seconds, 12.5);
      if (layout.generation === 'ios7') {
        assert.deepEqual([photo.favorite, photo.trashed, photo.latitude, photo.title], [null, null, null, null]);
      } else {
        assert.deepEqual([photo.favorite, photo.trashed, photo.latitude, photo.title, photo.caption], [true, false, 38.7139, 'Tram 28 at dusk', 'The yellow tram climbing to Alfama']);
        assert.equal(byFile(result, 'IMG_0005.JPG').trashed, true);
      }
    });
  }

  it('reads rows that live only in the -wal (copied with the store) and fewer from the main file alone', async () => {
    const folder = join(scratch, 'wal');
    mkdirSync(folder);
    const path = join(folder, 'Photos.sqlite');
    const store = new PhotosDbWriter(path, { wal: true });
    for (let n = 1; n <= 3; n += 1) store.asset({ filename: `IMG_000${n}.HEIC` });
    store.checkpoint();
    const album = store.album({ title: 'Written after the checkpoint' });
    for (let n = 4; n <= 5; n += 1) store.addToAlbum(album, store.asset({ filename: `IMG_000${n}.HEIC` }));
    store.finish();
    assert.ok(statSync(`${path}-wal`).size > 0, 'the store keeps a -wal');
    const before = folderState(folder);
    const withWal = await runPlugin(photosPlugin, { path, wal: `${path}-wal`, shm: `${path}-shm` });
    assert.deepEqual(folderState(folder), before, 'the store and its sidecars are unchanged');
    assert.equal(withWal.tables.photo_asset!.length, 5);
    assert.deepEqual(membership(withWal), { 'Written after the checkpoint': ['IMG_0004.HEIC', 'IMG_0005.HEIC'] });
    const alone = join(scratch, 'main-file-only.sqlite');
    copyFileSync(path, alone);
    const withoutWal = await runPlugin(photosPlugin, alone);
    assert.equal(withoutWal.tables.photo_asset!.length, 3);
    assert.equal(withoutWal.tables.photo_album!.length, 0);
  });

  it('records whether each original is in the backup folder, and unknown (NULL) without a folder', async () => {
    const backup = join(scratch, 'backup');
    const media = join(backup, 'CameraRollDomain', 'Media', 'DCIM', '100APPLE');
    mkdirSync(media, { recursive: true });
    writeFileSync(join(media, 'IMG_0001.HEIC'), 'heic bytes');
    const path = join(backup, 'CameraRollDomain', 'Media', 'PhotoData', 'Photos.sqlite');
    mkdirSync(join(backup, 'CameraRollDomain', 'Media', 'PhotoData'));
    buildSamplePhotosDb(path);
    const result = await runPlugin(photosPlugin, path, { files: new BackupFolder(backup) });
    const present = Object.fromEntries(result.tables.photo_asset!.map((row) => [row.original_filename, row.file_present]));
    assert.deepEqual(present, {
      'IMG_0001.HEIC': true,
      'IMG_0002.MOV': false,
      'IMG_0003.HEIC': false,
      'IMG_0004.PNG': false,
      'IMG_0005.JPG': false,
      'receipt-scan.jpg': false,
      'scan-1998.tiff': null,
    });
    const ids = result.tables.photo_asset!.map((row) => row.backup_file_id);
    assert.ok(ids.every((id) => id === null), 'a folder per domain has no file ids');
    const unknown = await runPlugin(photosPlugin, path);
    assert.ok(unknown.tables.photo_asset!.every((row) => row.file_present === null));
  });

  it('stores absurd dates as NULL with a warning naming the column and the row', async () => {
    const path = join(scratch, 'absurd.sqlite');
    const store = new PhotosDbWriter(path);
    store.asset({ filename: 'fine.HEIC', created: 700000000 });
    const bad = store.asset({ filename: 'bad.HEIC', created: 123456789012345, modified: -4e12, added: 1e300 });
    store.finish();
    const result = await runPlugin(photosPlugin, path);
    const row = result.tables.photo_asset!.find((asset) => asset.filename === 'bad.HEIC')!;
    assert.deepEqual([row.created_at, row.modified_at, row.added_at], [null, null, null]);
    const messages = result.warnings.filter((w) => w.code === 'TIME_OUT_OF_RANGE').map((w) => w.message);
    assert.equal(messages.length, 3);
    for (const column of ['ZDATECREATED', 'ZMODIFICATIONDATE', 'ZADDEDDATE']) {
      assert.ok(messages.some((message) => message.startsWith(`ZASSET.${column}:`) && message.includes(`row ${bad}`)), `${column}: ${messages}`);
    }
    assert.ok(result.tables.photo_asset!.find((asset) => asset.filename === 'fine.HEIC')!.created_at instanceof Date);
  });

  it('keeps an unknown ZKIND as unknown-N, refuses paths that leave the media folder, and says so', async () => {
    const path = join(scratch, 'odd.sqlite');
    const store = new PhotosDbWriter(path);
    store.asset({ filename: 'future.bin', kindCode: 7 });
    store.asset({ directory: 'DCIM/../../../private/var', filename: 'escape.jpg' });
    store.finish();
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_asset![0]!.kind, 'unknown-7');
    assert.equal(result.tables.photo_asset![1]!.backup_relative_path, null);
    assert.deepEqual(codes(result).sort(), ['PHOTOS_KIND_UNKNOWN', 'PHOTOS_PATH_UNSAFE']);
  });

  it('keeps albums without members and says why when Z_PRIMARYKEY names no entities', async () => {
    const path = join(scratch, 'no-primary-key.sqlite');
    buildSamplePhotosDb(path, { emptyPrimaryKey: true });
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_asset!.length, 7);
    assert.equal(result.tables.photo_album!.length, 4);
    assert.equal(result.tables.photo_album_asset!.length, 0);
    assert.deepEqual(codes(result), ['PHOTOS_ALBUM_MEMBERSHIP_UNREAD']);
  });

  it('links additional attributes through their ZASSET column when the asset table has no ZADDITIONALATTRIBUTES', async () => {
    const path = join(scratch, 'back-link.sqlite');
    buildSamplePhotosDb(path, { generation: 'generic', omitColumns: { ZGENERICASSET: ['ZADDITIONALATTRIBUTES'] } });
    const result = await runPlugin(photosPlugin, path);
    assert.deepEqual(result.warnings, []);
    assert.equal(byFile(result, 'receipt-scan.jpg').filename, 'IMG_0006.JPG');
    assert.equal(byFile(result, 'IMG_0001.HEIC').caption, 'The yellow tram climbing to Alfama');
  });

  const signals: Array<{ name: string; layout?: PhotosDbLayout; spec: Parameters<PhotosDbWriter['asset']>[0]; kind: string }> = [
    { name: 'ZKINDSUBTYPE 2 alone', spec: { kindSubtype: 2, playbackStyle: 1 }, kind: 'live-photo' },
    { name: 'ZPLAYBACKSTYLE 3 alone', spec: { kindSubtype: 0, playbackStyle: 3 }, kind: 'live-photo' },
    { name: 'ZKINDSUBTYPE 10 alone', spec: { kindSubtype: 10, detectedScreenshot: false }, kind: 'screenshot' },
    { name: 'ZISDETECTEDSCREENSHOT alone', spec: { kindSubtype: 0, detectedScreenshot: true }, kind: 'screenshot' },
    { name: 'ZKINDSUBTYPE 2 in a store without ZPLAYBACKSTYLE (iOS 9-10)', layout: { generation: 'generic', omitColumns: { ZGENERICASSET: ['ZPLAYBACKSTYLE'] } }, spec: { kindSubtype: 2 }, kind: 'live-photo' },
    { name: 'ZKINDSUBTYPE 10 in an iOS 7 store', layout: { generation: 'ios7' }, spec: { kindSubtype: 10 }, kind: 'screenshot' },
    { name: 'a video whatever its subtype', spec: { kind: 'video', kindSubtype: 101 }, kind: 'video' },
    { name: 'no signal', spec: { kindSubtype: 0, playbackStyle: 1, detectedScreenshot: false }, kind: 'photo' },
  ];
  for (const signal of signals) {
    it(`detects the kind from ${signal.name}: ${signal.kind}`, async () => {
      const path = join(scratch, `kind-${signals.indexOf(signal)}.sqlite`);
      const store = new PhotosDbWriter(path, signal.layout);
      store.asset({ filename: 'one.HEIC', ...signal.spec });
      store.finish();
      const result = await runPlugin(photosPlugin, path);
      assert.equal(result.tables.photo_asset![0]!.kind, signal.kind);
    });
  }

  it('reads a membership listed twice once, and names memberships of assets that are not in the store', async () => {
    const path = join(scratch, 'damaged-join.sqlite');
    const sample = buildSamplePhotosDb(path);
    const db = new Database(path);
    db.exec(`CREATE TABLE copied AS SELECT * FROM ${sample.joinTable};
      DROP TABLE ${sample.joinTable};
      CREATE TABLE ${sample.joinTable} AS SELECT * FROM copied UNION ALL SELECT * FROM copied;
      DROP TABLE copied;
      INSERT INTO ${sample.joinTable} (Z_30ALBUMS, Z_3ASSETS) VALUES (${sample.albums.family}, 999);`);
    db.close();
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_album_asset!.length, 7);
    assert.equal(new Set(result.tables.photo_album_asset!.map((row) => row.id)).size, 7);
    assert.equal(result.tables.photo_album!.find((album) => album.title === 'Family')!.asset_count, 2);
    assert.deepEqual(codes(result).sort(), ['PHOTOS_DUPLICATE_MEMBERSHIP', 'PHOTOS_ORPHAN_MEMBERSHIP']);
  });

  it('reads an asset with two attribute rows once, from the first, and says so', async () => {
    const path = join(scratch, 'two-attributes.sqlite');
    buildSamplePhotosDb(path, { generation: 'generic', omitColumns: { ZGENERICASSET: ['ZADDITIONALATTRIBUTES'] } });
    const db = new Database(path);
    db.exec("INSERT INTO ZADDITIONALASSETATTRIBUTES (Z_PK, Z_ENT, Z_OPT, ZASSET, ZORIGINALFILENAME) VALUES (100, 1, 1, 1, 'second.HEIC')");
    db.close();
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_asset!.length, 7);
    assert.equal(result.tables.photo_asset![0]!.original_filename, 'IMG_0001.HEIC');
    assert.deepEqual(codes(result), ['PHOTOS_DUPLICATE_ATTRIBUTES']);
  });

  it('stores integers beyond 32 bits as NULL with a warning, not a failed store', async () => {
    const path = join(scratch, 'huge.sqlite');
    const store = new PhotosDbWriter(path);
    store.asset({ filename: 'huge.HEIC', width: 3_000_000_000, height: 1e300, timeZoneOffset: -5_000_000_000 });
    store.asset({ filename: 'wider.HEIC', width: 4_000_000_000 });
    store.finish();
    const result = await runPlugin(photosPlugin, path);
    const row = result.tables.photo_asset![0]!;
    assert.deepEqual([row.width, row.height, row.time_zone_offset_seconds], [null, null, null]);
    assert.equal(result.warnings.filter((w) => w.code === 'PHOTOS_VALUE_OUT_OF_RANGE').length, 3);
    // One warning per column, counting its rows and naming the first.
    const width = result.warnings.find((w) => w.message.startsWith('ZASSET.ZWIDTH'))!;
    assert.deepEqual([width.message, width.count], ['ZASSET.ZWIDTH: values beyond 32 bits were stored as NULL (first: row 1)', 2]);
  });

  it('keeps assets of another entity than Asset (iOS 7 wallpapers) and names them', async () => {
    const path = join(scratch, 'wallpaper.sqlite');
    buildSamplePhotosDb(path, { generation: 'ios7' });
    const db = new Database(path);
    db.exec('UPDATE ZGENERICASSET SET Z_ENT = 19 WHERE Z_PK IN (6, 7)');
    db.close();
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_asset!.length, 7);
    const warning = result.warnings.find((w) => w.code === 'PHOTOS_OTHER_ENTITY');
    assert.deepEqual([warning?.message, warning?.count], ['ZGENERICASSET rows of WallpaperAsset (not Asset) were kept as assets', 2]);
  });

  it('reads assets without the optional tables, naming what is lost', async () => {
    const path = join(scratch, 'bare.sqlite');
    buildSamplePhotosDb(path, { omitTables: ['ZADDITIONALASSETATTRIBUTES', 'ZASSETDESCRIPTION', 'ZMOMENT', 'ZGENERICALBUM'] });
    const result = await runPlugin(photosPlugin, path);
    assert.equal(result.tables.photo_asset!.length, 7);
    assert.ok(result.tables.photo_asset!.every((row) => row.original_filename === null && row.place === null));
    assert.equal(result.documents[0]!.title, 'IMG_0001.HEIC', 'the stored file name titles the document');
    assert.deepEqual(codes(result), ['PHOTOS_TABLE_MISSING', 'PHOTOS_TABLE_MISSING']);
  });

  const failures: Array<{ name: string; make: () => string; code: string; message?: RegExp }> = [
    {
      name: 'a store with neither asset table',
      make: () => {
        const path = join(scratch, 'no-assets.sqlite');
        buildSamplePhotosDb(path, { omitTables: ['ZASSET'] });
        return path;
      },
      code: 'UNSUPPORTED_SCHEMA',
      message: /neither ZASSET .* nor ZGENERICASSET/,
    },
    {
      name: 'a file that is not SQLite',
      make: () => {
        const path = join(scratch, 'garbage.sqlite');
        writeFileSync(path, Buffer.alloc(8192, 0x5a));
        return path;
      },
      code: 'SOURCE_CORRUPT',
    },
    {
      name: 'a truncated copy of a real library',
      make: () => {
        const path = join(scratch, 'truncated.sqlite');
        writeFileSync(path, readFileSync(macosLibrary('macos-15.4.1').path).subarray(0, 40_960));
        return path;
      },
      code: 'SOURCE_CORRUPT',
      message: /truncated/,
    },
  ];
  for (const failure of failures) {
    it(`refuses ${failure.name} with ${failure.code}`, async () => {
      const path = failure.make();
      await assert.rejects(runPlugin(photosPlugin, path), (error: { code?: string; message?: string }) => {
        assert.equal(error.code, failure.code);
        if (failure.message) assert.match(error.message ?? '', failure.message);
        return true;
      });
      assert.ok(existsSync(path));
    });
  }
});
