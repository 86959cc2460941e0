// Tests of openBackup on backups with a Manifest.db: files the manifest lists but the folder lacks (a database, a
// sidecar, a photo), rows that are folders, app group domains found by pattern, files stored flat, ctx.files.list,
// and manifests or plists that cannot be used, each a named error or warning.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { folderState } from '../kernel/testing/fixtures.js';
import { WorkFolder } from '../kernel/work-folder.js';
import { calendarPlugin } from '../plugins/calendar/plugin.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { messagesPlugin } from '../plugins/messages/plugin.js';
import { notesPlugin } from '../plugins/notes/plugin.js';
import { photosPlugin } from '../plugins/photos/plugin.js';
import { whatsappPlugin } from '../plugins/whatsapp/plugin.js';
import { openBackup } from './backup.js';
import { BackupKeys, decryptFileTo, derivePasscodeKey, parseKeybag } from './crypto.js';
import { readPlist, writeBinaryPlist } from './plist.js';
import { buildBackupFolder, sampleBackupFiles, type BackupFileSpec, type BuiltBackup } from './testing/build-backup.js';

const PLUGINS: RegisteredPlugin[] = [messagesPlugin, contactsPlugin, calendarPlugin, photosPlugin, notesPlugin, whatsappPlugin].map(
  (declaration) => ({ declaration, enabled: true, options: {} }),
);
const scratch = mkdtempSync(join(tmpdir(), 'backup-test-'));
let sample: ReturnType<typeof sampleBackupFiles>;
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let built = 0;

before(async () => {
  sample = sampleBackupFiles(join(scratch, 'sources'));
  db = await createTestDatabase('backup_open');
  env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: join(scratch, 'work'), IOS_BACKUP_LOG__LEVEL: 'warn' };
});
after(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

async function build(files: readonly BackupFileSpec[] = sample.files): Promise<BuiltBackup> {
  built += 1;
  return buildBackupFolder(join(scratch, `backup-${built}`), { layout: 'hashed', files });
}

function stored(backup: BuiltBackup, relativePath: string): string {
  const file = backup.files.find((candidate) => candidate.relativePath === relativePath);
  assert.ok(file, relativePath);
  return file.storedAt;
}

/** Runs `work` on the opened backup, then closes it and removes its work folder. */
async function withOpened<T>(root: string, work: (backup: Awaited<ReturnType<typeof openBackup>>) => Promise<T> | T, password?: string): Promise<T> {
  const folder = await WorkFolder.create(join(scratch, 'open-work'));
  try {
    const backup = await openBackup(root, folder, { plugins: PLUGINS, password: async () => password ?? null });
    try {
      return await work(backup);
    } finally {
      await backup.close();
    }
  } finally {
    await folder.remove();
  }
}

async function indexed(root: string, backupId: string): Promise<any> {
  const result = await cli(['index', root, '--backup-id', backupId, '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const plugin = (report: any, id: string) => report.plugins.find((candidate: any) => candidate.id === id);

describe('files the manifest lists but the folder lacks', () => {
  test('a database: its plugin is skipped with a warning naming the file', async () => {
    const backup = await build();
    unlinkSync(stored(backup, 'Library/AddressBook/AddressBook.sqlitedb'));
    const contacts = plugin(await indexed(backup.root, 'missing-db'), 'contacts');
    assert.equal(contacts.status, 'skipped');
    assert.deepEqual(contacts.warnings.map((warning: any) => warning.code), ['BACKUP_FILE_MISSING']);
    assert.match(contacts.warnings[0].message, /Manifest\.db lists HomeDomain\/Library\/AddressBook\/AddressBook\.sqlitedb \(file 31bb7ba8914766d4ba40d6dfb6113c8b614be442\) but the backup folder does not hold its file/);
  });

  test('a -wal sidecar: the database is read without it, with a warning, and its WAL-only rows are missing', async () => {
    const backup = await build();
    unlinkSync(stored(backup, 'Library/SMS/sms.db-wal'));
    const report = await indexed(backup.root, 'missing-wal');
    const messages = plugin(report, 'messages');
    assert.equal(messages.status, 'completed');
    assert.ok(messages.warnings.some((warning: any) => warning.code === 'BACKUP_FILE_MISSING' && /sms\.db-wal .* read without it/.test(warning.message)));
    const [row] = await db.query('SELECT count(*)::int AS n FROM message WHERE backup_id = $1 AND text = $2', ['missing-wal', sample.walOnlyMessageText]);
    assert.equal(row!.n, 0);
  });

  test('photos: their rows say absent (with their file ids) and the plugin counts the missing files in one warning', async () => {
    const backup = await build();
    const photos = backup.files.filter((file) => file.domain === 'CameraRollDomain' && file.relativePath.startsWith('Media/DCIM/'));
    assert.ok(photos.length >= 2, 'the sample holds photo files');
    for (const photo of photos.slice(0, 2)) unlinkSync(photo.storedAt);
    const report = plugin(await indexed(backup.root, 'missing-photo'), 'photos');
    const warning = report.warnings.find((candidate: any) => candidate.code === 'BACKUP_FILE_MISSING');
    assert.equal(warning?.count, 2, JSON.stringify(report.warnings));
    assert.match(warning.message, new RegExp(photos[0]!.fileId));
    const rows = await db.query('SELECT backup_relative_path, file_present, backup_file_id FROM photo_asset WHERE backup_id = $1 AND backup_relative_path = ANY($2) ORDER BY 1', [
      'missing-photo',
      photos.slice(0, 2).map((photo) => photo.relativePath),
    ]);
    assert.deepEqual(
      rows,
      photos
        .slice(0, 2)
        .map((photo) => ({ backup_relative_path: photo.relativePath, file_present: false, backup_file_id: photo.fileId }))
        .sort((a, b) => a.backup_relative_path.localeCompare(b.backup_relative_path)),
    );
  });
});

describe('encrypted backups', () => {
  const PASSWORD = 'encrypted backup test';

  test('a stored file that does not decrypt fails its plugin only (SOURCE_CORRUPT); the others are indexed', async () => {
    built += 1;
    const backup = await buildBackupFolder(join(scratch, `backup-${built}`), { layout: 'hashed', files: sample.files, encrypted: { password: PASSWORD } });
    const calendar = stored(backup, 'Library/Calendar/Calendar.sqlitedb');
    truncateSync(calendar, statSync(calendar).size - 5);
    writeFileSync(join(scratch, 'encrypted-password.txt'), PASSWORD);
    const result = await cli(['index', backup.root, '--backup-id', 'bad-cipher', '--password-file', join(scratch, 'encrypted-password.txt'), '--json'], env);
    assert.equal(result.code, 2, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(plugin(report, 'calendar').status, 'failed');
    assert.equal(plugin(report, 'calendar').errorCode, 'SOURCE_CORRUPT');
    assert.match(plugin(report, 'calendar').error, /HomeDomain\/Library\/Calendar\/Calendar\.sqlitedb: .*not a positive multiple of 16/);
    for (const id of ['contacts', 'messages', 'photos', 'notes', 'whatsapp']) assert.equal(plugin(report, id).status, 'completed', id);
    assert.deepEqual(readdirSync(join(scratch, 'work')), []);
  });

  test('an encrypted backup whose Manifest.db is plain (iOS 10.0 and 10.1, before ManifestKey) decrypts its files', async () => {
    built += 1;
    const backup = await buildBackupFolder(join(scratch, `backup-${built}`), { layout: 'hashed', files: sample.files, encrypted: { password: PASSWORD } });
    const manifestPlist = readPlist(readFileSync(join(backup.root, 'Manifest.plist')), 'Manifest.plist') as Record<string, unknown>;
    const keybag = parseKeybag(manifestPlist.BackupKeyBag as Buffer);
    const keys = BackupKeys.unlock(keybag, await derivePasscodeKey(keybag, PASSWORD));
    const plainManifest = join(scratch, `plain-manifest-${built}.db`);
    await decryptFileTo(join(backup.root, 'Manifest.db'), plainManifest, keys.unwrap(manifestPlist.ManifestKey as Buffer), 'Manifest.db');
    renameSync(plainManifest, join(backup.root, 'Manifest.db'));
    delete manifestPlist.ManifestKey;
    writeFileSync(join(backup.root, 'Manifest.plist'), writeBinaryPlist(manifestPlist));
    const files = await withOpened(backup.root, (opened) => Object.keys(opened.artifacts).sort(), PASSWORD);
    assert.deepEqual(files, ['calendar', 'contacts', 'messages', 'notes', 'photos', 'whatsapp']);
    writeFileSync(join(scratch, 'encrypted-password.txt'), PASSWORD);
    const result = await cli(['index', backup.root, '--backup-id', 'ios10-0', '--password-file', join(scratch, 'encrypted-password.txt'), '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    for (const entry of JSON.parse(result.stdout).plugins) assert.equal(entry.status, 'completed', entry.id);
  });
});

describe('symbolic links and the work directory', () => {
  test('a database that is a link out of the backup folder is not read; a link inside it is', async () => {
    const root = join(scratch, 'links');
    const outside = join(scratch, 'outside-sms.db');
    mkdirSync(join(root, 'HomeDomain/Library/SMS'), { recursive: true });
    mkdirSync(join(root, 'HomeDomain/Library/AddressBook'), { recursive: true });
    copyFileSync(sample.files.find((file) => file.relativePath === 'Library/SMS/sms.db')!.source!, outside);
    symlinkSync(outside, join(root, 'HomeDomain/Library/SMS/sms.db'));
    const book = sample.files.find((file) => file.relativePath === 'Library/AddressBook/AddressBook.sqlitedb')!.source!;
    copyFileSync(book, join(root, 'real-book.sqlitedb'));
    symlinkSync(join(root, 'real-book.sqlitedb'), join(root, 'HomeDomain/Library/AddressBook/AddressBook.sqlitedb'));
    const found = await withOpened(root, (opened) => Object.keys(opened.artifacts));
    assert.deepEqual(found, ['contacts']);
  });

  test('a work directory inside the backup folder is refused before anything is written there', async () => {
    const backup = await build();
    const before = folderState(backup.root);
    const result = await cli(['index', backup.root, '--backup-id', 'work-inside'], { ...env, IOS_BACKUP_WORK__DIR: join(backup.root, 'tmp') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the work directory .* is inside the backup folder .*: set IOS_BACKUP_WORK__DIR to a folder outside it/);
    assert.deepEqual(folderState(backup.root), before);
  });
});

describe('what the manifest says', () => {
  test('a database listed as a folder is skipped, saying so', async () => {
    const backup = await build();
    const manifest = new Database(join(backup.root, 'Manifest.db'));
    manifest.prepare("UPDATE Files SET flags = 2 WHERE relativePath = 'Library/Calendar/Calendar.sqlitedb'").run();
    manifest.close();
    const calendar = plugin(await indexed(backup.root, 'listed-as-folder'), 'calendar');
    assert.equal(calendar.status, 'skipped');
    assert.match(calendar.reason, /Manifest\.db lists HomeDomain\/Library\/Calendar\/Calendar\.sqlitedb as a folder, not a file/);
  });

  test('an app group domain of another WhatsApp build is found by the declared pattern', async () => {
    const other = 'AppDomainGroup-group.net.whatsapp.WhatsAppBeta.shared';
    const files = sample.files.map((file) => (file.domain.includes('whatsapp') ? { ...file, domain: other } : file));
    const backup = await build(files);
    const found = await withOpened(backup.root, (opened) => opened.artifacts.whatsapp?.map((file) => file.location));
    assert.deepEqual(found, [{ domain: other, relativePath: 'ChatStorage.sqlite' }]);
    const whatsapp = plugin(await indexed(backup.root, 'whatsapp-beta'), 'whatsapp');
    assert.equal(whatsapp.status, 'completed');
    assert.ok(whatsapp.warnings.some((warning: any) => warning.code === 'WHATSAPP_APP_ASSUMED'));
  });

  test('files stored flat (<id> at the top) are found through the manifest too', async () => {
    const backup = await build();
    for (const file of backup.files) renameSync(file.storedAt, join(backup.root, file.fileId));
    const report = await indexed(backup.root, 'flat-with-manifest');
    for (const entry of report.plugins) assert.equal(entry.status, 'completed', entry.id);
  });

  test('ctx.files lists every file under a folder of a domain, with its file id and size', async () => {
    const backup = await build();
    const expected = backup.files
      .filter((file) => file.domain === 'MediaDomain' && file.relativePath.startsWith('Library/SMS/Attachments/'))
      .map((file) => [file.relativePath, file.fileId, file.size])
      .sort();
    assert.ok(expected.length > 0);
    const listed = await withOpened(backup.root, (opened) =>
      [...opened.files.list('MediaDomain', 'Library/SMS/Attachments')].map((entry) => [entry.relativePath, entry.fileId, entry.size]).sort(),
    );
    assert.deepEqual(listed, expected);
    const none = await withOpened(backup.root, (opened) => [...opened.files.list('MediaDomain', 'Library/SMS/Attach')]);
    assert.deepEqual(none, [], 'a prefix of a folder name is not the folder');
  });
});

describe('manifests and plists that cannot be used', () => {
  test('a Manifest.db without a Files table is MANIFEST_INVALID', async () => {
    const backup = await build();
    const manifest = new Database(join(backup.root, 'Manifest.db'));
    manifest.exec('DROP TABLE Files');
    manifest.close();
    await assert.rejects(withOpened(backup.root, () => null), { code: 'MANIFEST_INVALID', message: 'Manifest.db has no Files table' });
  });

  test('a Manifest.db that is not SQLite in a backup that says it is not encrypted is a damaged manifest', async () => {
    const backup = await build();
    writeFileSync(join(backup.root, 'Manifest.db'), Buffer.alloc(4096, 7));
    await assert.rejects(withOpened(backup.root, () => null), {
      code: 'MANIFEST_INVALID',
      message: 'Manifest.db is not a SQLite database although Manifest.plist says the backup is not encrypted: the manifest is damaged',
    });
  });

  test('a Manifest.db that is not SQLite with no Manifest.plist is taken for encrypted, and its missing keybag named', async () => {
    const backup = await build();
    writeFileSync(join(backup.root, 'Manifest.db'), Buffer.alloc(4096, 7));
    unlinkSync(join(backup.root, 'Manifest.plist'));
    await assert.rejects(withOpened(backup.root, () => null), { code: 'BACKUP_FORMAT_INVALID', message: /encrypted but its Manifest\.plist has no BackupKeyBag/ });
  });

  test('a corrupt Status.plist is a warning on the backup; the other facts are still read', async () => {
    const backup = await build();
    writeFileSync(join(backup.root, 'Status.plist'), writeBinaryPlist({ IsFullBackup: true }).subarray(0, 20));
    const facts = await withOpened(backup.root, (opened) => ({ warnings: opened.warnings.map((warning) => warning.code), name: opened.device.deviceName }));
    assert.deepEqual(facts, { warnings: ['BACKUP_PLIST_UNREADABLE'], name: 'Test iPhone' });
    await indexed(backup.root, 'corrupt-status');
    const [row] = await db.query("SELECT warnings, device_name FROM backup WHERE id = 'corrupt-status'");
    assert.equal(row!.device_name, 'Test iPhone');
    assert.deepEqual(row!.warnings.map((warning: any) => warning.code), ['BACKUP_PLIST_UNREADABLE']);
  });
});
