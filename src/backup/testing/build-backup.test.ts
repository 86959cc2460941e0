// Tests of the backup folder builder: the hashed layout's Manifest.db (real schema, one row per file and folder, MBFile
// sizes), sms.db rows that only its -wal holds, the flat and per-domain layouts, the plists read back as device facts,
// and encrypted backups that decrypt with their password to the very sources.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { InputError } from '../../kernel/errors.js';
import { fixturePath } from '../../kernel/testing/fixtures.js';
import { BackupKeys, decryptFileTo, derivePasscodeKey, parseKeybag, WrongPasswordError } from '../crypto.js';
import { deviceInfoOf, readBackupPlists } from '../device.js';
import { decodeMBFile, readPlist } from '../plist.js';
import { fileIdOf } from '../locate.js';
import { buildBackupFolder, DEFAULT_DEVICE, sampleBackupFiles, type BackupFileSpec, type BuiltBackup, type ManifestFileRow } from './build-backup.js';

const scratch = mkdtempSync(join(tmpdir(), 'build-backup-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const SQLITE_MAGIC = 'SQLite format 3\u0000';
let copies = 0;

/** A private copy of a database file (with the sidecars named) opened read-only. */
function openCopy(path: string, sidecars: { wal?: string; shm?: string } = {}): Database.Database {
  const copy = join(scratch, `copy-${++copies}.db`);
  copyFileSync(path, copy);
  if (sidecars.wal) copyFileSync(sidecars.wal, `${copy}-wal`);
  if (sidecars.shm) copyFileSync(sidecars.shm, `${copy}-shm`);
  return new Database(copy, { readonly: true });
}

function bytesOf(spec: BackupFileSpec): Buffer {
  return spec.source !== undefined ? readFileSync(spec.source) : spec.data!;
}

function specOf(files: readonly BackupFileSpec[], domain: string, relativePath: string): BackupFileSpec {
  const spec = files.find((file) => file.domain === domain && file.relativePath === relativePath);
  assert.ok(spec, `${domain}/${relativePath} is a sample file`);
  return spec;
}

function manifestRows(manifestDb: string): ManifestFileRow[] {
  const db = openCopy(manifestDb);
  try {
    return db.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files ORDER BY domain, relativePath').all() as ManifestFileRow[];
  } finally {
    db.close();
  }
}

/** The newest message text of an sms.db opened from copies of the given files. */
function smsTexts(main: string, wal?: string): string[] {
  const db = openCopy(main, wal ? { wal } : {});
  try {
    return db.prepare('SELECT text FROM message ORDER BY date').pluck().all() as string[];
  } finally {
    db.close();
  }
}

let sample: ReturnType<typeof sampleBackupFiles>;
before(() => {
  sample = sampleBackupFiles(join(scratch, 'work'));
});

describe('sampleBackupFiles', () => {
  test('holds each plugin database at its declared location, with sidecars and media', () => {
    const locations = sample.files.map((file) => `${file.domain}/${file.relativePath}`);
    for (const expected of [
      'HomeDomain/Library/SMS/sms.db',
      'HomeDomain/Library/SMS/sms.db-wal',
      'HomeDomain/Library/SMS/sms.db-shm',
      'HomeDomain/Library/AddressBook/AddressBook.sqlitedb',
      'HomeDomain/Library/Calendar/Calendar.sqlitedb',
      'CameraRollDomain/Media/PhotoData/Photos.sqlite',
      'AppDomainGroup-group.com.apple.notes/NoteStore.sqlite',
      'AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite',
    ]) {
      assert.ok(locations.includes(expected), `${expected} is in the sample`);
    }
    assert.ok(locations.some((location) => location.startsWith('CameraRollDomain/Media/DCIM/')), 'photo asset files');
    assert.ok(locations.some((location) => location.startsWith('AppDomainGroup-group.net.whatsapp.WhatsApp.shared/Message/Media/')), 'WhatsApp media');
    assert.ok(!locations.includes(`${sample.missingAttachment.domain}/${sample.missingAttachment.relativePath}`), 'the missing attachment has no file');
  });

  test('every SMS attachment is listed in sms.db; the files exist but for the missing one', () => {
    const sms = specOf(sample.files, 'HomeDomain', 'Library/SMS/sms.db');
    const db = openCopy(sms.source!, { wal: `${sms.source}-wal` });
    const filenames = db.prepare('SELECT filename FROM attachment ORDER BY ROWID').pluck().all() as string[];
    db.close();
    assert.equal(filenames.length, 3);
    const relativePaths = filenames.map((filename) => filename.replace(/^~\//, ''));
    assert.ok(relativePaths.includes(sample.missingAttachment.relativePath));
    assert.equal(sample.missingAttachment.domain, 'MediaDomain');
    for (const relativePath of relativePaths.filter((path) => path !== sample.missingAttachment.relativePath)) {
      assert.ok(sample.files.some((file) => file.domain === 'MediaDomain' && file.relativePath === relativePath), relativePath);
    }
  });

  test('photo and WhatsApp media are named by their database rows', () => {
    const photos = specOf(sample.files, 'CameraRollDomain', 'Media/PhotoData/Photos.sqlite');
    const db = openCopy(photos.source!);
    const assets = db.prepare("SELECT 'Media/' || ZDIRECTORY || '/' || ZFILENAME FROM ZASSET").pluck().all() as string[];
    db.close();
    const mediaFiles = sample.files.filter((file) => file.domain === 'CameraRollDomain' && file.relativePath.startsWith('Media/DCIM/'));
    assert.ok(mediaFiles.length > 0);
    for (const file of mediaFiles) assert.ok(assets.includes(file.relativePath), file.relativePath);
    const chats = specOf(sample.files, 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'ChatStorage.sqlite');
    const store = openCopy(chats.source!);
    const paths = store.prepare("SELECT 'Message/' || ZMEDIALOCALPATH FROM ZWAMEDIAITEM WHERE ZMEDIALOCALPATH IS NOT NULL").pluck().all() as string[];
    store.close();
    for (const file of sample.files.filter((candidate) => candidate.relativePath.startsWith('Message/'))) assert.ok(paths.includes(file.relativePath), file.relativePath);
  });
});

describe('hashed layout', () => {
  let built: BuiltBackup;
  before(async () => {
    built = await buildBackupFolder(join(scratch, 'hashed'), { layout: 'hashed', files: sample.files });
  });

  test('Manifest.db has exactly the real iOS 11.2 schema', () => {
    const dump = readFileSync(fixturePath('schemas/manifest-db/manifestdb_11.2.sql'), 'utf8')
      .split(';')
      .map((statement) => statement.trim())
      .filter((statement) => statement !== '');
    const db = openCopy(join(built.root, 'Manifest.db'));
    const schema = db.prepare('SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid').pluck().all() as string[];
    db.close();
    assert.deepEqual(schema, dump);
  });

  test('every file has its Files row (flags 1), is stored at <id[0:2]>/<id> with its source bytes, and its MBFile Size is right', () => {
    const rows = new Map(manifestRows(join(built.root, 'Manifest.db')).map((row) => [row.fileID, row]));
    assert.equal(built.files.length, sample.files.length);
    for (const spec of sample.files) {
      const fileId = fileIdOf({ domain: spec.domain, relativePath: spec.relativePath });
      const row = rows.get(fileId);
      assert.ok(row, `row of ${spec.domain}/${spec.relativePath}`);
      assert.deepEqual([row.domain, row.relativePath, row.flags], [spec.domain, spec.relativePath, 1]);
      const stored = join(built.root, fileId.slice(0, 2), fileId);
      assert.deepEqual(readFileSync(stored), bytesOf(spec), `${spec.relativePath} stored as is`);
      const record = decodeMBFile(row.file, spec.relativePath);
      assert.equal(record.size, bytesOf(spec).length);
      assert.equal(record.relativePath, spec.relativePath);
      assert.equal(record.protectionClass, 3);
      assert.equal(record.encryptionKey, null);
      const entry = built.files.find((file) => file.fileId === fileId);
      assert.deepEqual(entry, { domain: spec.domain, relativePath: spec.relativePath, fileId, storedAt: stored, size: bytesOf(spec).length });
    }
  });

  test('the fileIDs of the plugin databases are the ones real backups use', () => {
    const ids = new Set(built.files.map((file) => file.fileId));
    for (const id of ['3d0d7e5fb2ce288813306e4d4636395e047a3d28', '12b144c0bd44f2b3dffd9186d3f9c05b917cee25', '7c7fba66680ef796b916b067077cc246adacf01d', '4f98687d8ab0d6d1a371110e6b7300f6e465bef2', '2041457d5fe04d39d0ab481178355df6781e6858', '31bb7ba8914766d4ba40d6dfb6113c8b614be442']) {
      assert.ok(ids.has(id), id);
    }
  });

  test('parent folders have flags 2 rows with a directory MBFile, and no other rows exist', () => {
    const rows = manifestRows(join(built.root, 'Manifest.db'));
    const folders = rows.filter((row) => row.flags === 2);
    const expected = new Set<string>();
    for (const spec of sample.files) {
      const parts = spec.relativePath.split('/');
      for (let depth = 0; depth < parts.length; depth++) expected.add(`${spec.domain}/${parts.slice(0, depth).join('/')}`);
    }
    assert.deepEqual(new Set(folders.map((row) => `${row.domain}/${row.relativePath}`)), expected);
    for (const row of folders) {
      assert.equal(row.fileID, fileIdOf({ domain: row.domain, relativePath: row.relativePath }));
      assert.equal(decodeMBFile(row.file, row.relativePath).mode, 0o40755);
    }
    assert.equal(rows.length, folders.length + sample.files.length);
  });

  test("sms.db's main file alone lacks the WAL-only message; with its -wal it has it", () => {
    const id = (suffix: string): string => {
      const fileId = fileIdOf({ domain: 'HomeDomain', relativePath: `Library/SMS/sms.db${suffix}` });
      return join(built.root, fileId.slice(0, 2), fileId);
    };
    assert.equal(readFileSync(id('')).subarray(0, 16).toString('latin1'), SQLITE_MAGIC);
    const mainOnly = smsTexts(id(''));
    assert.ok(mainOnly.length > 0);
    assert.ok(!mainOnly.includes(sample.walOnlyMessageText));
    const withWal = smsTexts(id(''), id('-wal'));
    assert.equal(withWal.at(-1), sample.walOnlyMessageText, 'the newest message');
    assert.equal(withWal.length, mainOnly.length + 1);
  });

  test('plists: XML Info.plist, binary Manifest.plist (Version 10.0, Lockdown) and Status.plist (finished), default device facts', async () => {
    assert.equal(readFileSync(join(built.root, 'Info.plist')).subarray(0, 5).toString(), '<?xml');
    assert.equal(readFileSync(join(built.root, 'Manifest.plist')).subarray(0, 8).toString(), 'bplist00');
    assert.equal(readFileSync(join(built.root, 'Status.plist')).subarray(0, 8).toString(), 'bplist00');
    const plists = await readBackupPlists(built.root);
    assert.deepEqual(plists.warnings, []);
    assert.equal(plists.manifest?.Version, '10.0');
    assert.equal(plists.manifest?.IsEncrypted, false);
    assert.equal((plists.manifest?.Lockdown as Record<string, unknown>).ProductType, 'iPhone12,1');
    assert.equal(plists.status?.SnapshotState, 'finished');
    assert.equal(plists.status?.BackupState, 'new');
    assert.deepEqual(deviceInfoOf(plists), { ...DEFAULT_DEVICE, encrypted: false });
    assert.equal(built.password, null);
  });
});

describe('flat and domain layouts', () => {
  test('flat: files at <id> at the top, no Manifest.db', async () => {
    const built = await buildBackupFolder(join(scratch, 'flat'), { layout: 'flat', files: sample.files });
    assert.equal(existsSync(join(built.root, 'Manifest.db')), false);
    for (const spec of sample.files) {
      const fileId = fileIdOf({ domain: spec.domain, relativePath: spec.relativePath });
      assert.deepEqual(readFileSync(join(built.root, fileId)), bytesOf(spec), spec.relativePath);
      assert.equal(existsSync(join(built.root, fileId.slice(0, 2), fileId)), false);
    }
    assert.equal(deviceInfoOf(await readBackupPlists(built.root)).deviceName, 'Test iPhone');
  });

  test('domains: files at <Domain>/<relativePath>, no Manifest.db', async () => {
    const built = await buildBackupFolder(join(scratch, 'domains'), { layout: 'domains', files: sample.files });
    assert.equal(existsSync(join(built.root, 'Manifest.db')), false);
    for (const spec of sample.files) {
      const stored = join(built.root, spec.domain, ...spec.relativePath.split('/'));
      assert.deepEqual(readFileSync(stored), bytesOf(spec), spec.relativePath);
      assert.equal(built.files.find((file) => file.relativePath === spec.relativePath && file.domain === spec.domain)?.storedAt, stored);
    }
  });

  test('the given device facts read back through device.ts; a null fact is left out', async () => {
    const device = {
      deviceName: 'Field Phone',
      productType: 'iPhone15,3',
      productVersion: '16.7.8',
      buildVersion: '20H343',
      serialNumber: 'FIELD0SERIAL',
      udid: '00008110-000A1B2C3D4E5F60',
      imei: null,
      phoneNumber: '+49 151 0000000',
      lastBackupAt: new Date('2023-12-24T18:00:00Z'),
      fullBackup: false,
      passcodeSet: false,
    };
    const built = await buildBackupFolder(join(scratch, 'device'), { layout: 'domains', files: [{ domain: 'HomeDomain', relativePath: 'Library/x.txt', data: Buffer.from('x') }], device });
    const plists = await readBackupPlists(built.root);
    assert.deepEqual(deviceInfoOf(plists), { ...device, encrypted: false });
    assert.equal('IMEI' in plists.info!, false);
  });

  test('plists: false writes none', async () => {
    const built = await buildBackupFolder(join(scratch, 'bare'), { layout: 'hashed', files: [{ domain: 'HomeDomain', relativePath: 'a.txt', data: Buffer.from('a') }], plists: false });
    for (const name of ['Info.plist', 'Manifest.plist', 'Status.plist']) assert.equal(existsSync(join(built.root, name)), false, name);
    assert.equal(existsSync(join(built.root, 'Manifest.db')), true);
  });

  const refused: Array<{ name: string; options: Parameters<typeof buildBackupFolder>[1] }> = [
    { name: 'an encrypted flat backup', options: { layout: 'flat', files: [], encrypted: { password: 'x' } } },
    { name: 'a path climbing out of its domain', options: { layout: 'domains', files: [{ domain: 'HomeDomain', relativePath: '../escape', data: Buffer.from('x') }] } },
    { name: 'an absolute path', options: { layout: 'hashed', files: [{ domain: 'HomeDomain', relativePath: '/etc/passwd', data: Buffer.from('x') }] } },
    { name: 'the same file twice', options: { layout: 'hashed', files: [{ domain: 'HomeDomain', relativePath: 'a', data: Buffer.from('x') }, { domain: 'HomeDomain', relativePath: 'a', data: Buffer.from('y') }] } },
    { name: 'a file with both source and data', options: { layout: 'hashed', files: [{ domain: 'HomeDomain', relativePath: 'a', data: Buffer.from('x'), source: '/dev/null' }] } },
  ];
  for (const { name, options } of refused) {
    test(`refuses ${name} with an InputError`, async () => {
      await assert.rejects(buildBackupFolder(join(scratch, `refused-${copies++}`), options), InputError);
    });
  }
});

describe('encrypted hashed layout', () => {
  const password = 'correct horse battery staple';
  let built: BuiltBackup;
  let files: BackupFileSpec[];
  before(async () => {
    files = [...sample.files, { domain: 'HomeDomain', relativePath: 'Library/Preferences/com.apple.test.plist', data: Buffer.alloc(32, 7), protectionClass: 4 }];
    built = await buildBackupFolder(join(scratch, 'encrypted'), { layout: 'hashed', files, encrypted: { password, iterations: 3, dpic: 5 } });
  });

  test('Manifest.db is not plain SQLite and stored files differ from their sources', () => {
    assert.equal(built.password, password);
    assert.notEqual(readFileSync(join(built.root, 'Manifest.db')).subarray(0, 16).toString('latin1'), SQLITE_MAGIC);
    for (const file of built.files) {
      const spec = specOf(files, file.domain, file.relativePath);
      const stored = readFileSync(file.storedAt);
      assert.notDeepEqual(stored, bytesOf(spec), file.relativePath);
      assert.equal(stored.length % 16, 0);
      assert.equal(stored.length, (Math.floor(file.size / 16) + 1) * 16, 'AES-CBC with PKCS#7 padding');
      assert.equal(file.size, bytesOf(spec).length);
    }
  });

  test('Manifest.plist says IsEncrypted and holds BackupKeyBag and a class-4 ManifestKey', async () => {
    const plists = await readBackupPlists(built.root);
    assert.equal(plists.manifest?.IsEncrypted, true);
    assert.ok(Buffer.isBuffer(plists.manifest?.BackupKeyBag));
    const manifestKey = plists.manifest?.ManifestKey as Buffer;
    assert.ok(Buffer.isBuffer(manifestKey));
    assert.equal(manifestKey.length, 44);
    assert.equal(manifestKey.readUInt32LE(0), 4);
    assert.equal(deviceInfoOf(plists).encrypted, true);
  });

  test('decrypting with the password gives back Manifest.db and every source; MBFile Size is the plaintext size', async () => {
    const manifest = readPlist(readFileSync(join(built.root, 'Manifest.plist')), 'Manifest.plist') as Record<string, Buffer>;
    const keybag = parseKeybag(manifest.BackupKeyBag!);
    assert.equal(keybag.iterations, 3);
    assert.equal(keybag.dpic, 5);
    const keys = BackupKeys.unlock(keybag, await derivePasscodeKey(keybag, password));
    const plainManifest = join(scratch, 'decrypted-Manifest.db');
    await decryptFileTo(join(built.root, 'Manifest.db'), plainManifest, keys.unwrap(manifest.ManifestKey!), 'Manifest.db');
    const rows = new Map(manifestRows(plainManifest).map((row) => [row.fileID, row]));
    for (const file of built.files) {
      const spec = specOf(files, file.domain, file.relativePath);
      const record = decodeMBFile(rows.get(file.fileId)!.file, file.relativePath);
      assert.equal(record.size, bytesOf(spec).length);
      assert.equal(record.protectionClass, spec.protectionClass ?? 3);
      assert.ok(record.encryptionKey);
      assert.equal(record.encryptionKey.readUInt32LE(0), record.protectionClass);
      const plain = join(scratch, `decrypted-${file.fileId}`);
      await decryptFileTo(file.storedAt, plain, keys.unwrap(record.encryptionKey), file.relativePath);
      assert.deepEqual(readFileSync(plain), bytesOf(spec), file.relativePath);
      assert.equal(statSync(plain).size, file.size);
    }
  });

  test('the decrypted sms.db still has its newest message only in the -wal', async () => {
    const manifest = readPlist(readFileSync(join(built.root, 'Manifest.plist')), 'Manifest.plist') as Record<string, Buffer>;
    const keybag = parseKeybag(manifest.BackupKeyBag!);
    const keys = BackupKeys.unlock(keybag, await derivePasscodeKey(keybag, password));
    const plainManifest = join(scratch, 'decrypted-Manifest-2.db');
    await decryptFileTo(join(built.root, 'Manifest.db'), plainManifest, keys.unwrap(manifest.ManifestKey!), 'Manifest.db');
    const rows = new Map(manifestRows(plainManifest).map((row) => [row.relativePath, row]));
    const decrypt = async (relativePath: string): Promise<string> => {
      const row = rows.get(relativePath)!;
      const target = join(scratch, `sms-${copies++}`);
      const fileId = row.fileID;
      await decryptFileTo(join(built.root, fileId.slice(0, 2), fileId), target, keys.unwrap(decodeMBFile(row.file, relativePath).encryptionKey!), relativePath);
      return target;
    };
    const main = await decrypt('Library/SMS/sms.db');
    const wal = await decrypt('Library/SMS/sms.db-wal');
    assert.ok(!smsTexts(main).includes(sample.walOnlyMessageText));
    assert.equal(smsTexts(main, wal).at(-1), sample.walOnlyMessageText);
  });

  test('a wrong password fails to unlock the keybag', async () => {
    const manifest = readPlist(readFileSync(join(built.root, 'Manifest.plist')), 'Manifest.plist') as Record<string, Buffer>;
    const keybag = parseKeybag(manifest.BackupKeyBag!);
    const wrongKey = await derivePasscodeKey(keybag, 'not the password');
    assert.throws(() => BackupKeys.unlock(keybag, wrongKey), WrongPasswordError);
  });
});
