// End-to-end tests of real backup folders through the command line: the real iOS 7 extraction, builder-made hashed,
// flat and per-domain backups, the same backup encrypted (right and wrong password), WAL-only rows, device facts in
// `status`, folders that are not backups, symlinked folders, and that evidence never changes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath, folderState } from '../kernel/testing/fixtures.js';
import { WRONG_PASSWORD_MESSAGE } from './crypto.js';
import { buildBackupFolder, sampleBackupFiles, type BuiltBackup } from './testing/build-backup.js';

/** Domain tables compared between two indexes of the same backup (ids are deterministic from backup id and location). */
const DOMAIN_TABLES = [
  'contact', 'contact_value', 'message_conversation', 'message', 'message_reaction', 'message_attachment', 'whatsapp_chat',
  'whatsapp_group_member', 'whatsapp_message', 'whatsapp_attachment', 'photo_album', 'photo_asset', 'photo_album_asset',
  'note', 'calendar', 'calendar_event', 'artifact_search_index',
];

const scratch = mkdtempSync(join(tmpdir(), 'backup-folder-test-'));
const work = join(scratch, 'work');
const PASSWORD = 'correct horse battery staple 7f3a';
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let sample: ReturnType<typeof sampleBackupFiles>;
let plain: BuiltBackup;
let encrypted: BuiltBackup;

before(async () => {
  db = await createTestDatabase('backup_folder');
  env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: work, IOS_BACKUP_LOG__LEVEL: 'warn' };
  sample = sampleBackupFiles(join(scratch, 'sources'));
  plain = await buildBackupFolder(join(scratch, 'plain'), { layout: 'hashed', files: sample.files });
  encrypted = await buildBackupFolder(join(scratch, 'encrypted'), { layout: 'hashed', files: sample.files, encrypted: { password: PASSWORD } });
  writeFileSync(join(scratch, 'password.txt'), `${PASSWORD}\n`);
  writeFileSync(join(scratch, 'wrong.txt'), 'not the password\n');
});
after(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

async function snapshot(backupId: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of DOMAIN_TABLES) {
    tables[table] = (await db.query(`SELECT * FROM "${table}" WHERE backup_id = $1 ORDER BY id`, [backupId])).map((row) => {
      const { source_id: _ignored, ...rest } = row as Record<string, unknown>;
      return rest;
    });
  }
  return tables;
}

function workFolders(): string[] {
  try {
    return readdirSync(work);
  } catch {
    return [];
  }
}

async function indexJson(args: string[]): Promise<{ code: number | null; report: any; stderr: string }> {
  const result = await cli(['index', ...args, '--json'], env);
  return { code: result.code, report: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

describe('the real iOS 7 extraction (folder per domain)', () => {
  test('indexes every enabled domain it holds with 0 failures, and its tree is unchanged', async () => {
    const folder = fixturePath('backups/ios7-domain-layout');
    const before = folderState(folder);
    const { code, report } = await indexJson([folder]);
    assert.equal(code, 0);
    const statuses = Object.fromEntries(report.plugins.map((plugin: any) => [plugin.id, plugin.status]));
    assert.deepEqual(statuses, { photos: 'completed', whatsapp: 'skipped', messages: 'completed', notes: 'completed', calendar: 'completed', contacts: 'completed' });
    assert.deepEqual(folderState(folder), before);
    assert.deepEqual(workFolders(), []);
  });
});

describe('a builder-made hashed backup with Manifest.db', () => {
  test('indexes every enabled domain, reads the rows only in the -wal, and records which media files it holds', async () => {
    const before = folderState(plain.root);
    const { code, report } = await indexJson([plain.root, '--backup-id', 'plain-backup']);
    assert.equal(code, 0, JSON.stringify(report));
    for (const plugin of report.plugins) assert.equal(plugin.status, 'completed', `${plugin.id}: ${plugin.reason ?? plugin.error ?? ''}`);
    const [walOnly] = await db.query('SELECT count(*)::int AS n FROM message WHERE backup_id = $1 AND text = $2', ['plain-backup', sample.walOnlyMessageText]);
    assert.equal(walOnly!.n, 1, 'the newest message lives only in sms.db-wal');
    const attachments = await db.query('SELECT backup_relative_path, file_present, backup_file_id FROM message_attachment WHERE backup_id = $1', ['plain-backup']);
    const missing = attachments.find((row) => row.backup_relative_path === sample.missingAttachment.relativePath);
    assert.equal(missing?.file_present, false);
    assert.ok(attachments.some((row) => row.file_present === true && /^[0-9a-f]{40}$/.test(row.backup_file_id)), JSON.stringify(attachments));
    const photos = await db.query('SELECT file_present FROM photo_asset WHERE backup_id = $1 AND file_present', ['plain-backup']);
    assert.ok(photos.length > 0, 'some photo files are in the backup');
    assert.deepEqual(folderState(plain.root), before);
    assert.deepEqual(workFolders(), []);
  });

  test('status --json shows the device facts read from the plists', async () => {
    const result = await cli(['status', 'plain-backup', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const { device } = JSON.parse(result.stdout);
    assert.equal(device.deviceName, 'Test iPhone');
    assert.equal(device.productType, 'iPhone12,1');
    assert.equal(device.iosVersion, '17.5.1');
    assert.equal(device.buildVersion, '21F90');
    assert.equal(device.imei, '356938035643809');
    assert.equal(device.encrypted, false);
    assert.equal(device.fullBackup, true);
    assert.equal(device.layout, 'manifest-db');
    assert.match(device.lastBackupAt, /^\d{4}-\d\d-\d\dT/);
    const human = await cli(['status', 'plain-backup'], env);
    assert.match(human.stdout, /device: Test iPhone, model iPhone12,1, iOS 17\.5\.1, build 21F90/);
  });

  test('the same backup encrypted, with the right password, gives identical rows', async () => {
    const before = folderState(encrypted.root);
    const { code, report, stderr } = await indexJson([encrypted.root, '--backup-id', 'encrypted-backup', '--password-file', join(scratch, 'password.txt')]);
    assert.equal(code, 0, stderr);
    for (const plugin of report.plugins) assert.equal(plugin.status, 'completed', plugin.id);
    const again = await indexJson([plain.root, '--backup-id', 'encrypted-backup']);
    assert.equal(again.code, 0);
    const fromPlain = await snapshot('encrypted-backup');
    const decrypted = await indexJson([encrypted.root, '--backup-id', 'encrypted-backup', '--password-env', 'BACKUP_PW_TEST']);
    assert.equal(decrypted.code, 1, 'the variable is not set');
    const withEnv = await cli(['index', encrypted.root, '--backup-id', 'encrypted-backup', '--password-env', 'BACKUP_PW_TEST', '--json'], { ...env, BACKUP_PW_TEST: PASSWORD });
    assert.equal(withEnv.code, 0, withEnv.stderr);
    assert.deepEqual(await snapshot('encrypted-backup'), fromPlain);
    const [row] = await db.query("SELECT encrypted FROM backup WHERE id = 'encrypted-backup'");
    assert.equal(row!.encrypted, true);
    assert.deepEqual(folderState(encrypted.root), before);
    assert.deepEqual(workFolders(), []);
  });

  test('a wrong password is one line, exit 1, no rows written and nothing left in the work folder', async () => {
    const result = await cli(['index', encrypted.root, '--backup-id', 'wrong-password', '--password-file', join(scratch, 'wrong.txt')], env);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), `ios-backup: ${WRONG_PASSWORD_MESSAGE} [WRONG_PASSWORD]`);
    assert.deepEqual(await db.query("SELECT id FROM backup WHERE id = 'wrong-password'"), []);
    assert.deepEqual(await db.query("SELECT id FROM artifact_source WHERE backup_id = 'wrong-password'"), []);
    assert.deepEqual(workFolders(), []);
  });

  test('an encrypted backup without a password says how to give one (no terminal to ask on)', async () => {
    const result = await cli(['index', encrypted.root, '--backup-id', 'no-password'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the backup is encrypted: give its password with --password-file FILE or --password-env NAME/);
  });
});

describe('other layouts', () => {
  for (const layout of ['flat', 'domains'] as const) {
    test(`a ${layout} backup without Manifest.db indexes every enabled domain`, async () => {
      const built = await buildBackupFolder(join(scratch, `layout-${layout}`), { layout, files: sample.files });
      const { code, report } = await indexJson([built.root, '--backup-id', `layout-${layout}`]);
      assert.equal(code, 0);
      for (const plugin of report.plugins) assert.equal(plugin.status, 'completed', plugin.id);
      const [row] = await db.query('SELECT layout FROM backup WHERE id = $1', [`layout-${layout}`]);
      assert.equal(row!.layout, layout === 'domains' ? 'domain-folders' : 'flat');
    });
  }

  test('the same backup reached through a symbolic link is the same backup', async () => {
    const link = join(scratch, 'link-to-plain');
    symlinkSync(plain.root, link);
    const direct = await indexJson([plain.root]);
    const linked = await indexJson([link]);
    assert.equal(linked.report.backupId, direct.report.backupId);
  });
});

describe('folders that are not backups', () => {
  test('an empty folder: exit 1 naming what was looked for', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const result = await cli(['index', empty], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not an iOS backup: the folder is empty\. Looked for Manifest\.db .*sms\.db/);
  });

  test('a folder of unrelated files: exit 1 naming what was looked for', async () => {
    const unrelated = join(scratch, 'unrelated');
    mkdirSync(join(unrelated, 'photos'), { recursive: true });
    writeFileSync(join(unrelated, 'notes.txt'), 'hello');
    writeFileSync(join(unrelated, 'photos', 'a.jpg'), 'jpeg');
    const result = await cli(['index', unrelated, '--json'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not an iOS backup: none of its 2 entries is a backup file/);
    assert.equal(JSON.parse(result.stdout).error.code, 'NOT_A_BACKUP');
  });

  test('a missing folder and a missing --artifact file: exit 1', async () => {
    const missing = await cli(['index', join(scratch, 'no-such-folder')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /backup folder not found/);
    const artifact = await cli(['index', '--artifact', `contacts=${join(scratch, 'nothing.sqlitedb')}`], env);
    assert.equal(artifact.code, 1);
    assert.match(artifact.stderr, /--artifact contacts=.*nothing\.sqlitedb: no such file/);
  });
});
