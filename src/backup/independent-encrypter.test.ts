// Our decryption against an encrypter that is not ours: tools/apple-backup-encrypt.py (pure-Python AES key wrap,
// openssl for the bulk cipher) writes an encrypted backup, and only the TypeScript API reads every file back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { encrypterUnavailable, projectRoot } from '../kernel/testing/fixtures.js';
import { BackupKeys, decryptFileTo, derivePasscodeKey, parseKeybag, WrongPasswordError } from './crypto.js';
import { decodeMBFile, readPlist } from './plist.js';

const TOOL = join(projectRoot(), 'tools', 'apple-backup-encrypt.py');
const PASSWORD = 'tëst pässwörd 🔐';
const DEVICE_NAME = 'Independent iPhone';

/** The source tree: <Domain>/<relativePath> → content; a SQLite -wal sidecar is just one more file. */
const SOURCE_FILES: Record<string, Buffer> = {
  'HomeDomain/Library/Notes/empty.txt': Buffer.alloc(0),
  'HomeDomain/Library/SMS/sms.db': randomBytes(5000),
  'CameraRollDomain/Media/PhotoData/Photos.sqlite': randomBytes(70000),
  'CameraRollDomain/Media/PhotoData/Photos.sqlite-wal': randomBytes(4120),
};

const scratch = mkdtempSync(join(tmpdir(), 'independent-encrypter-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function writeSourceTree(root: string): void {
  for (const [path, content] of Object.entries(SOURCE_FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function runEncrypter(source: string, out: string): string {
  const passwordFile = join(scratch, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const run = spawnSync(
    'python3',
    [TOOL, '--source', source, '--out', out, '--password-file', passwordFile, '--dpic', '10', '--iterations', '10', '--device-name', DEVICE_NAME],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `apple-backup-encrypt.py failed: ${run.stderr}`);
  return `${run.stdout}${run.stderr}`;
}

function dictionary(value: unknown, label: string): Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${label} is a dictionary`);
  return value as Record<string, unknown>;
}

function buffer(value: unknown, label: string): Buffer {
  assert.ok(Buffer.isBuffer(value), `${label} is data`);
  return value;
}

interface FileRow {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
  file: Buffer;
}

function expectedDirectories(): string[] {
  const folders = new Set<string>();
  for (const path of Object.keys(SOURCE_FILES)) {
    const [domain, ...parts] = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) folders.add(`${domain}/${parts.slice(0, depth).join('/')}`);
  }
  return [...folders].sort();
}

test('a backup written by the independent Python encrypter decrypts, file by file, with our API', async (t) => {
  const missing = encrypterUnavailable();
  if (missing !== null) {
    t.skip(missing);
    return;
  }
  const source = join(scratch, 'source');
  const backup = join(scratch, 'backup');
  writeSourceTree(source);
  const output = runEncrypter(source, backup);
  assert.ok(!output.includes(PASSWORD), 'the encrypter never prints the password');

  const manifest = dictionary(readPlist(readFileSync(join(backup, 'Manifest.plist')), 'Manifest.plist'), 'Manifest.plist');
  assert.equal(manifest.IsEncrypted, true);
  assert.equal(dictionary(manifest.Lockdown, 'Lockdown').DeviceName, DEVICE_NAME);
  const info = dictionary(readPlist(readFileSync(join(backup, 'Info.plist')), 'Info.plist'), 'Info.plist');
  assert.equal(info['Device Name'], DEVICE_NAME);
  const status = dictionary(readPlist(readFileSync(join(backup, 'Status.plist')), 'Status.plist'), 'Status.plist');
  assert.equal(status.IsFullBackup, true);

  const keybag = parseKeybag(buffer(manifest.BackupKeyBag, 'BackupKeyBag'));
  assert.equal(keybag.dpic, 10);
  assert.equal(keybag.iterations, 10);
  assert.throws(() => BackupKeys.unlock(keybag, Buffer.alloc(32)), WrongPasswordError);
  const wrongKey = await derivePasscodeKey(keybag, PASSWORD.slice(0, -1));
  assert.throws(() => BackupKeys.unlock(keybag, wrongKey), WrongPasswordError);
  const keys = BackupKeys.unlock(keybag, await derivePasscodeKey(keybag, PASSWORD));

  const manifestKey = buffer(manifest.ManifestKey, 'ManifestKey');
  assert.equal(manifestKey.readUInt32LE(0), 4);
  const manifestDb = join(scratch, 'Manifest.db');
  await decryptFileTo(join(backup, 'Manifest.db'), manifestDb, keys.unwrap(manifestKey), 'Manifest.db');
  assert.equal(readFileSync(manifestDb).subarray(0, 16).toString('latin1'), 'SQLite format 3\u0000');

  const db = new Database(manifestDb, { readonly: true, fileMustExist: true });
  try {
    const schema = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    assert.deepEqual(schema, ['Files', 'FilesDomainIdx', 'FilesFlagsIdx', 'FilesRelativePathIdx', 'Properties']);
    const rows = db.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files').all() as FileRow[];
    for (const row of rows) {
      const id = createHash('sha1').update(`${row.domain}-${row.relativePath}`).digest('hex');
      assert.equal(row.fileID, id, `fileID of ${row.domain}-${row.relativePath}`);
    }
    const directories = rows.filter((row) => row.flags === 2).map((row) => `${row.domain}/${row.relativePath}`);
    assert.deepEqual(directories.sort(), expectedDirectories());

    const files = rows.filter((row) => row.flags === 1);
    assert.deepEqual(files.map((row) => `${row.domain}/${row.relativePath}`).sort(), Object.keys(SOURCE_FILES).sort());
    const classes = new Set<number>();
    for (const row of files) {
      const label = `${row.domain}/${row.relativePath}`;
      const record = decodeMBFile(row.file, label);
      assert.ok(record.encryptionKey !== null, `${label} has an EncryptionKey`);
      assert.equal(record.relativePath, row.relativePath);
      assert.equal(record.protectionClass, record.encryptionKey.readUInt32LE(0));
      classes.add(record.encryptionKey.readUInt32LE(0));
      const plain = join(scratch, `plain-${row.fileID}`);
      const result = await decryptFileTo(join(backup, row.fileID.slice(0, 2), row.fileID), plain, keys.unwrap(record.encryptionKey), label);
      assert.deepEqual(readFileSync(plain), SOURCE_FILES[label], `${label} decrypts byte for byte`);
      assert.equal(result.size, SOURCE_FILES[label].length);
      assert.equal(record.size, SOURCE_FILES[label].length);
      assert.equal(result.sha256, createHash('sha256').update(SOURCE_FILES[label]).digest('hex'));
    }
    assert.ok(classes.size > 1, 'the files are wrapped under more than one protection class');
  } finally {
    db.close();
  }
});
