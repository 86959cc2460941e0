// Tests of the device facts of a backup folder: plists from our writers and from Python's plistlib, the Lockdown
// and Status.plist fallbacks, wrong types, and missing, oversized or damaged plists that become warnings.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { folderState } from '../kernel/testing/fixtures.js';
import { BACKUP_PLIST_UNREADABLE, deviceInfoOf, MAX_BACKUP_PLIST_BYTES, readBackupPlists, type BackupPlists, type DeviceInfo } from './device.js';
import { writeBinaryPlist, writeXmlPlist } from './plist.js';

const NO_PYTHON = spawnSync('python3', ['-c', 'import plistlib'], { encoding: 'utf8' }).status === 0 ? false : 'python3 with plistlib is not installed on this machine';

const scratch = mkdtempSync(join(tmpdir(), 'device-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const LAST_BACKUP = new Date('2024-06-01T09:30:00Z');
const STATUS_DATE = new Date('2024-06-01T09:45:00Z');

const INFO = {
  'Device Name': '  Zoë’s iPhone  ',
  'Product Type': 'iPhone12,1',
  'Product Version': '17.5.1',
  'Build Version': '21F90',
  'Serial Number': 'F2LXK0ABCDEF',
  'Unique Identifier': '00008030-001A2B3C4D5E6F70',
  'Target Identifier': 'ignored-when-unique-identifier-is-there',
  IMEI: '356938035643809',
  'Phone Number': '+1 (555) 010-0199',
  'Last Backup Date': LAST_BACKUP,
  'iTunes Version': '12.13',
};

const MANIFEST = {
  IsEncrypted: false,
  WasPasscodeSet: true,
  Version: '10.0',
  Lockdown: { DeviceName: 'Lockdown name', ProductType: 'iPhone9,3', ProductVersion: '10.3.3', BuildVersion: '14G60', SerialNumber: 'LOCKDOWNSERIAL', UniqueDeviceID: 'lockdown-udid' },
};

const STATUS = { IsFullBackup: true, BackupState: 'new', SnapshotState: 'finished', Date: STATUS_DATE, Version: '3.3' };

const FULL_FACTS: DeviceInfo = {
  deviceName: 'Zoë’s iPhone',
  productType: 'iPhone12,1',
  productVersion: '17.5.1',
  buildVersion: '21F90',
  serialNumber: 'F2LXK0ABCDEF',
  udid: '00008030-001A2B3C4D5E6F70',
  imei: '356938035643809',
  phoneNumber: '+1 (555) 010-0199',
  lastBackupAt: LAST_BACKUP,
  encrypted: false,
  fullBackup: true,
  passcodeSet: true,
};

/** A backup folder holding the given plist files (bytes by name). */
function backupFolder(files: Record<string, Buffer>): string {
  const root = mkdtempSync(join(scratch, 'backup-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, name), bytes);
  return root;
}

function plistsOf(parts: Partial<Omit<BackupPlists, 'warnings'>>): BackupPlists {
  return { info: null, manifest: null, status: null, warnings: [], ...parts };
}

describe('readBackupPlists', () => {
  test('reads XML Info.plist and binary Manifest/Status plists written by our writer, and changes nothing', async () => {
    const root = backupFolder({ 'Info.plist': writeXmlPlist(INFO), 'Manifest.plist': writeBinaryPlist(MANIFEST), 'Status.plist': writeBinaryPlist(STATUS) });
    const before = folderState(root);
    const plists = await readBackupPlists(root);
    assert.deepEqual(plists.warnings, []);
    assert.equal(plists.info?.['Product Type'], 'iPhone12,1');
    assert.deepEqual(plists.manifest?.Lockdown, MANIFEST.Lockdown);
    assert.equal(plists.status?.SnapshotState, 'finished');
    assert.deepEqual(deviceInfoOf(plists), FULL_FACTS);
    assert.deepEqual(folderState(root), before);
  });

  test('reads plists written independently by Python plistlib', { skip: NO_PYTHON }, () => {
    const root = mkdtempSync(join(scratch, 'python-'));
    execFileSync('python3', ['-c', `
import plistlib, datetime, sys, os
root = sys.argv[1]
info = {'Device Name': 'Py Phone', 'Product Type': 'iPhone15,2', 'Product Version': '16.4', 'Build Version': '20E247',
        'Serial Number': 'PYSERIAL', 'Target Identifier': '00008120-PYTHON', 'IMEI': '352099001761481',
        'Last Backup Date': datetime.datetime(2023, 4, 5, 6, 7, 8)}
manifest = {'IsEncrypted': True, 'WasPasscodeSet': False, 'BackupKeyBag': b'\\x00' * 8, 'Version': '10.0',
            'Lockdown': {'DeviceName': 'ignored', 'UniqueDeviceID': 'ignored'}}
status = {'IsFullBackup': False, 'Date': datetime.datetime(2023, 4, 5, 6, 9, 0), 'SnapshotState': 'finished'}
with open(os.path.join(root, 'Info.plist'), 'wb') as f: plistlib.dump(info, f, fmt=plistlib.FMT_XML)
with open(os.path.join(root, 'Manifest.plist'), 'wb') as f: plistlib.dump(manifest, f, fmt=plistlib.FMT_BINARY)
with open(os.path.join(root, 'Status.plist'), 'wb') as f: plistlib.dump(status, f, fmt=plistlib.FMT_BINARY)
`, root]);
    return readBackupPlists(root).then((plists) => {
      assert.deepEqual(plists.warnings, []);
      assert.ok(Buffer.isBuffer(plists.manifest?.BackupKeyBag));
      assert.deepEqual(deviceInfoOf(plists), {
        deviceName: 'Py Phone',
        productType: 'iPhone15,2',
        productVersion: '16.4',
        buildVersion: '20E247',
        serialNumber: 'PYSERIAL',
        udid: '00008120-PYTHON',
        imei: '352099001761481',
        phoneNumber: null,
        lastBackupAt: new Date('2023-04-05T06:07:08Z'),
        encrypted: true,
        fullBackup: false,
        passcodeSet: false,
      });
    });
  });

  test('a folder without plists gives nulls and no warnings', async () => {
    const plists = await readBackupPlists(backupFolder({}));
    assert.deepEqual(plists, { info: null, manifest: null, status: null, warnings: [] });
    assert.deepEqual(deviceInfoOf(plists), Object.fromEntries(Object.keys(FULL_FACTS).map((key) => [key, null])));
  });

  test('a corrupt Status.plist is a warning and the other facts still read', async () => {
    const status = writeBinaryPlist(STATUS);
    const root = backupFolder({ 'Info.plist': writeXmlPlist(INFO), 'Manifest.plist': writeBinaryPlist(MANIFEST), 'Status.plist': status.subarray(0, status.length - 12) });
    const plists = await readBackupPlists(root);
    assert.equal(plists.status, null);
    assert.equal(plists.warnings.length, 1);
    assert.equal(plists.warnings[0]!.code, BACKUP_PLIST_UNREADABLE);
    assert.match(plists.warnings[0]!.message, /^Status\.plist: .*binary plist/);
    assert.deepEqual(deviceInfoOf(plists), { ...FULL_FACTS, fullBackup: null });
  });

  const unusable: Array<{ name: string; make: (root: string) => void; pattern: RegExp }> = [
    { name: 'an Info.plist that is an array', make: (root) => writeFileSync(join(root, 'Info.plist'), writeXmlPlist(['a'])), pattern: /^Info\.plist: its top level is not a dictionary/ },
    { name: 'an Info.plist of JSON', make: (root) => writeFileSync(join(root, 'Info.plist'), '{"Device Name": "x"}'), pattern: /^Info\.plist: not a property list/ },
    { name: 'an Info.plist with garbage after </plist>', make: (root) => writeFileSync(join(root, 'Info.plist'), Buffer.concat([writeXmlPlist(INFO), Buffer.from('<<junk')])), pattern: /^Info\.plist: malformed XML plist/ },
    { name: 'an Info.plist that is a folder', make: (root) => mkdirSync(join(root, 'Info.plist')), pattern: /^Info\.plist: not a regular file/ },
    {
      name: 'an Info.plist larger than 64 MiB',
      make: (root) => {
        writeFileSync(join(root, 'Info.plist'), writeXmlPlist(INFO));
        truncateSync(join(root, 'Info.plist'), MAX_BACKUP_PLIST_BYTES + 1);
      },
      pattern: /^Info\.plist: 67108865 bytes, larger than the 67108864-byte limit/,
    },
  ];
  for (const { name, make, pattern } of unusable) {
    test(`${name} is null plus a warning`, async () => {
      const root = backupFolder({ 'Manifest.plist': writeBinaryPlist(MANIFEST) });
      make(root);
      const plists = await readBackupPlists(root);
      assert.equal(plists.info, null);
      assert.equal(plists.warnings.length, 1);
      assert.equal(plists.warnings[0]!.code, BACKUP_PLIST_UNREADABLE);
      assert.match(plists.warnings[0]!.message, pattern);
      assert.equal(deviceInfoOf(plists).deviceName, 'Lockdown name');
    });
  }
});

describe('deviceInfoOf', () => {
  test('Manifest.plist Lockdown fills what Info.plist lacks', () => {
    assert.deepEqual(deviceInfoOf(plistsOf({ manifest: MANIFEST })), {
      deviceName: 'Lockdown name',
      productType: 'iPhone9,3',
      productVersion: '10.3.3',
      buildVersion: '14G60',
      serialNumber: 'LOCKDOWNSERIAL',
      udid: 'lockdown-udid',
      imei: null,
      phoneNumber: null,
      lastBackupAt: null,
      encrypted: false,
      fullBackup: null,
      passcodeSet: true,
    });
  });

  test('Target Identifier when Unique Identifier is missing; Status.plist Date when Last Backup Date is', () => {
    const info = { 'Target Identifier': ' target-udid ', 'Device Name': 'Phone' };
    const facts = deviceInfoOf(plistsOf({ info, manifest: MANIFEST, status: STATUS }));
    assert.equal(facts.udid, 'target-udid');
    assert.equal(facts.lastBackupAt?.getTime(), STATUS_DATE.getTime());
  });

  test('values of the wrong type are ignored and blank strings are null', () => {
    const info = { 'Device Name': '   ', 'Product Type': 12, 'Serial Number': ['x'], 'Last Backup Date': '2024-06-01', IMEI: '', 'Phone Number': { n: 1 } };
    const manifest = { IsEncrypted: 'yes', WasPasscodeSet: 1, Lockdown: 'not a dictionary' };
    const status = { IsFullBackup: 'true', Date: 1717234200 };
    assert.deepEqual(deviceInfoOf(plistsOf({ info, manifest, status })), Object.fromEntries(Object.keys(FULL_FACTS).map((key) => [key, null])));
  });

  test('a blank Info.plist value falls back to Lockdown', () => {
    const facts = deviceInfoOf(plistsOf({ info: { 'Device Name': ' ', 'Product Version': 17 }, manifest: MANIFEST }));
    assert.equal(facts.deviceName, 'Lockdown name');
    assert.equal(facts.productVersion, '10.3.3');
  });
});
