// Real databases through an encrypted backup made by a tool that is not ours (tools/apple-backup-encrypt.py): the
// sms.db, AddressBook.sqlitedb, Calendar.sqlitedb, Photos.sqlite with its -wal and -shm, and NoteStore.sqlite of the
// shared fixtures come out of openBackup byte-identical, and the backup indexes as the same files unencrypted do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import { sha256File } from '../kernel/source.js';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { encrypterUnavailable, fixturePath, folderState, projectRoot } from '../kernel/testing/fixtures.js';
import { WorkFolder } from '../kernel/work-folder.js';
import { calendarPlugin } from '../plugins/calendar/plugin.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { messagesPlugin } from '../plugins/messages/plugin.js';
import { notesPlugin } from '../plugins/notes/plugin.js';
import { photosPlugin } from '../plugins/photos/plugin.js';
import { whatsappPlugin } from '../plugins/whatsapp/plugin.js';
import { openBackup } from './backup.js';

const TOOL = join(projectRoot(), 'tools', 'apple-backup-encrypt.py');
const PASSWORD = 'independent 0000 päss';

/** Backup location (`<domain>/<relativePath>`) → the real fixture stored there. */
const TREE: Record<string, string> = {
  'HomeDomain/Library/SMS/sms.db': 'messages/ios13-magnet-ctf/sms.db',
  'HomeDomain/Library/AddressBook/AddressBook.sqlitedb': 'contacts/ios5-tracy-phone/AddressBook.sqlitedb',
  'HomeDomain/Library/Calendar/Calendar.sqlitedb': 'calendar/ios8/Calendar.sqlitedb',
  'CameraRollDomain/Media/PhotoData/Photos.sqlite': 'photos/macos-15.4.1/Photos.sqlite',
  'CameraRollDomain/Media/PhotoData/Photos.sqlite-wal': 'photos/macos-15.4.1/Photos.sqlite-wal',
  'CameraRollDomain/Media/PhotoData/Photos.sqlite-shm': 'photos/macos-15.4.1/Photos.sqlite-shm',
  'AppDomainGroup-group.com.apple.notes/NoteStore.sqlite': 'notes/macos-14/NoteStore.sqlite',
};

const PLUGINS: RegisteredPlugin[] = [messagesPlugin, contactsPlugin, calendarPlugin, photosPlugin, notesPlugin, whatsappPlugin].map(
  (declaration) => ({ declaration, enabled: true, options: {} }),
);

const scratch = mkdtempSync(join(tmpdir(), 'independent-backup-'));
const plainTree = join(scratch, 'tree');
const encrypted = join(scratch, 'encrypted');
let db: TestDatabase;
let fixturesBefore: Record<string, string>;

const skip = encrypterUnavailable();

before(async () => {
  if (skip) return;
  fixturesBefore = folderState(fixturePath('.'));
  for (const [location, fixture] of Object.entries(TREE)) {
    mkdirSync(dirname(join(plainTree, location)), { recursive: true });
    copyFileSync(fixturePath(fixture), join(plainTree, location));
  }
  const passwordFile = join(scratch, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const made = spawnSync('python3', [TOOL, '--source', plainTree, '--out', encrypted, '--password-file', passwordFile, '--dpic', '10', '--iterations', '10'], {
    encoding: 'utf8',
  });
  assert.equal(made.status, 0, made.stderr);
  db = await createTestDatabase('independent_backup');
});
after(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('an encrypted backup written by an independent implementation', { skip: skip ?? false }, () => {
  test('every database and sidecar decrypts byte-identical to its original', async () => {
    const work = await WorkFolder.create(join(scratch, 'work'));
    const backup = await openBackup(encrypted, work, { plugins: PLUGINS, password: async () => PASSWORD });
    try {
      assert.equal(backup.layout, 'manifest-db');
      assert.equal(backup.device.encrypted, true);
      const seen: string[] = [];
      for (const files of Object.values(backup.artifacts)) {
        for (const file of files) {
          const name = `${file.location!.domain}/${file.location!.relativePath}`;
          const target = join(await work.subfolder('check'), 'copy.sqlite');
          const written = await file.materialize!(target);
          assert.equal(written.sha256, await sha256File(fixturePath(TREE[name]!)), name);
          assert.equal(await sha256File(target), await sha256File(fixturePath(TREE[name]!)), name);
          seen.push(name);
          for (const suffix of ['-wal', '-shm']) {
            const original = TREE[`${name}${suffix}`];
            assert.equal(written[suffix === '-wal' ? 'wal' : 'shm'], original !== undefined, `${name}${suffix}`);
            if (original) assert.equal(await sha256File(`${target}${suffix}`), await sha256File(fixturePath(original)), `${name}${suffix}`);
          }
        }
      }
      assert.deepEqual(seen.sort(), Object.keys(TREE).filter((name) => !/-(wal|shm)$/.test(name)).sort());
    } finally {
      await backup.close();
      await work.remove();
    }
  });

  test('indexes with the same rows as the same databases unencrypted, and nothing changes on disk', async () => {
    const env = { IOS_BACKUP_DATABASE__URL: db.url, IOS_BACKUP_WORK__DIR: join(scratch, 'cli-work'), IOS_BACKUP_LOG__LEVEL: 'warn' };
    writeFileSync(join(scratch, 'cli-password.txt'), PASSWORD);
    const before = folderState(encrypted);
    const fromEncrypted = await cli(['index', encrypted, '--backup-id', 'independent', '--password-file', join(scratch, 'cli-password.txt'), '--json'], env);
    assert.equal(fromEncrypted.code, 0, fromEncrypted.stderr);
    const fromPlain = await cli(['index', plainTree, '--backup-id', 'plain-tree', '--json'], env);
    assert.equal(fromPlain.code, 0, fromPlain.stderr);
    const rows = (output: string) => Object.fromEntries(JSON.parse(output).plugins.map((plugin: any) => [plugin.id, [plugin.status, plugin.rows]]));
    assert.deepEqual(rows(fromEncrypted.stdout), rows(fromPlain.stdout));
    assert.deepEqual(rows(fromEncrypted.stdout).messages, ['completed', { message_conversation: 7, message: 105, message_reaction: 0, message_attachment: 7 }]);
    assert.deepEqual(folderState(encrypted), before);
    assert.deepEqual(readdirSync(join(scratch, 'cli-work')), []);
    assert.deepEqual(folderState(fixturePath('.')), fixturesBefore, 'the shared fixtures are unchanged');
  });
});
