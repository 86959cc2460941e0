// Tests of backup file lookup: manifest file ids, the domain, hashed and flat layouts, sidecars, hostile relative
// paths that must resolve to nothing, and what find/list/domainsMatching give without a manifest.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import type { BackupLocation } from '../kernel/plugin.js';
import { BackupFolder, fileIdOf, safeRelative } from './locate.js';
import { projectRoot } from '../kernel/testing/fixtures.js';

// Real path: a BackupFolder resolves its root's links (../shared may be one), so the paths it gives are real ones.
const DOMAIN_LAYOUT = realpathSync(resolve(projectRoot(), '../shared/fixtures/backups/ios7-domain-layout'));
const scratch = mkdtempSync(join(tmpdir(), 'locate-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function touch(path: string, content = 'x'): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const ADDRESS_BOOK_PATH = 'Library/AddressBook/AddressBook.sqlitedb';

/** A scratch folder-per-domain backup holding only an address book with its -wal and -shm. */
function domainBookWithSidecars(): { root: string; base: string } {
  const root = mkdtempSync(join(scratch, 'domains-'));
  const base = touch(join(root, 'HomeDomain', ADDRESS_BOOK_PATH));
  touch(`${base}-wal`);
  touch(`${base}-shm`);
  return { root, base };
}

const SMS: BackupLocation = { domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db' };
const ADDRESS_BOOK: BackupLocation = { domain: 'HomeDomain', relativePath: ADDRESS_BOOK_PATH };

describe('fileIdOf', () => {
  const ids: ReadonlyArray<[string, string, string]> = [
    ['HomeDomain', 'Library/SMS/sms.db', '3d0d7e5fb2ce288813306e4d4636395e047a3d28'],
    ['CameraRollDomain', 'Media/PhotoData/Photos.sqlite', '12b144c0bd44f2b3dffd9186d3f9c05b917cee25'],
    ['AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'ChatStorage.sqlite', '7c7fba66680ef796b916b067077cc246adacf01d'],
    ['AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared', 'ChatStorage.sqlite', '724bd3b98b18518b455a87c1f3ac3a0d189c4466'],
    ['AppDomainGroup-group.com.apple.notes', 'NoteStore.sqlite', '4f98687d8ab0d6d1a371110e6b7300f6e465bef2'],
    ['HomeDomain', 'Library/Notes/notes.sqlite', 'ca3bc056d4da0bbf88b5fb3be254f3b7147e639c'],
    ['HomeDomain', 'Library/Calendar/Calendar.sqlitedb', '2041457d5fe04d39d0ab481178355df6781e6858'],
    ['HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', '31bb7ba8914766d4ba40d6dfb6113c8b614be442'],
  ];
  for (const [domain, relativePath, id] of ids) {
    test(`${domain}-${relativePath}`, () => {
      assert.equal(fileIdOf({ domain, relativePath }), id);
    });
  }
});

describe('BackupFolder.resolve on the folder-per-domain layout (real iOS 7 extraction)', () => {
  const folder = new BackupFolder(DOMAIN_LAYOUT);
  const cases: ReadonlyArray<[BackupLocation, string | null]> = [
    [SMS, join(DOMAIN_LAYOUT, 'HomeDomain/Library/SMS/sms.db')],
    [{ domain: 'CameraRollDomain', relativePath: 'Media/PhotoData/Photos.sqlite' }, join(DOMAIN_LAYOUT, 'CameraRollDomain/Media/PhotoData/Photos.sqlite')],
    [{ domain: 'WirelessDomain', relativePath: 'Library/CallHistory/call_history.db' }, join(DOMAIN_LAYOUT, 'WirelessDomain/Library/CallHistory/call_history.db')],
    [{ domain: 'HomeDomain', relativePath: '~/Library/SMS/sms.db' }, join(DOMAIN_LAYOUT, 'HomeDomain/Library/SMS/sms.db')],
    [{ domain: 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared', relativePath: 'ChatStorage.sqlite' }, null],
    [{ domain: 'HomeDomain', relativePath: 'Library/SMS' }, null],
    [{ domain: 'CameraRollDomain', relativePath: 'Library/SMS/sms.db' }, null],
  ];
  for (const [location, expected] of cases) {
    test(`${location.domain} ${location.relativePath}`, () => {
      assert.equal(folder.resolve(location), expected);
    });
  }

  test('artifact() finds the -wal and -shm sidecars beside a database in a domain folder', () => {
    const { root, base } = domainBookWithSidecars();
    assert.deepEqual(new BackupFolder(root).artifact(ADDRESS_BOOK), { path: base, wal: `${base}-wal`, shm: `${base}-shm`, location: ADDRESS_BOOK });
  });

  test('artifact() of a database without sidecars has wal and shm null; a missing one is null', () => {
    assert.deepEqual(folder.artifact(SMS), { path: join(DOMAIN_LAYOUT, 'HomeDomain/Library/SMS/sms.db'), wal: null, shm: null, location: SMS });
    assert.equal(folder.artifact({ domain: 'AppDomainGroup-group.com.apple.notes', relativePath: 'NoteStore.sqlite' }), null);
  });
});

describe('BackupFolder on hashed layouts', () => {
  const layouts: ReadonlyArray<{ name: string; place: (root: string, id: string) => string }> = [
    { name: 'iOS 10+ (<id[0:2]>/<id>)', place: (root, id) => join(root, id.slice(0, 2), id) },
    { name: 'flat, before iOS 10 (<id>)', place: (root, id) => join(root, id) },
  ];
  for (const { name, place } of layouts) {
    test(`${name}: resolves files and their sidecars by file id`, () => {
      const root = mkdtempSync(join(scratch, 'hashed-'));
      const sms = touch(place(root, fileIdOf(SMS)));
      const wal = touch(place(root, fileIdOf({ domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db-wal' })));
      const book = touch(place(root, '31bb7ba8914766d4ba40d6dfb6113c8b614be442'));
      const folder = new BackupFolder(root);
      assert.equal(folder.resolve(SMS), sms);
      assert.equal(folder.resolve(ADDRESS_BOOK), book);
      assert.equal(folder.resolve({ domain: 'HomeDomain', relativePath: 'Library/Calendar/Calendar.sqlitedb' }), null);
      assert.deepEqual(folder.artifact(SMS), { path: sms, wal, shm: null, location: SMS });
    });
  }

  test('a relative root is made absolute', () => {
    const folder = new BackupFolder('.');
    assert.equal(folder.root, process.cwd());
  });
});

describe('hostile relative paths resolve to null', () => {
  // Layout: <scratch>/hostile/backup is the backup root; files exist where a naive join of each hostile path would land.
  const base = join(scratch, 'hostile');
  const root = join(base, 'backup');
  touch(join(base, 'etc/passwd'), 'outside');
  touch(join(root, 'x'), 'root file reached by climbing out of the domain');
  touch(join(root, 'HomeDomain/etc/passwd'), 'reached by joining an absolute path under the domain');
  touch(join(root, 'HomeDomain/Library/SMS/sms.db'), 'real');
  const folder = new BackupFolder(root);

  const hostile: ReadonlyArray<BackupLocation> = [
    { domain: 'HomeDomain', relativePath: '../../etc/passwd' },
    { domain: 'HomeDomain', relativePath: '/etc/passwd' },
    { domain: 'HomeDomain', relativePath: '~/../x' },
    { domain: 'HomeDomain', relativePath: '../x' },
    { domain: 'HomeDomain', relativePath: 'Library/../../x' },
    { domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db\u0000' },
    { domain: 'HomeDomain', relativePath: 'Library/SMS/\u0000/../sms.db' },
    { domain: 'HomeDomain', relativePath: '..' },
    { domain: 'HomeDomain', relativePath: '' },
    { domain: '..', relativePath: 'etc/passwd' },
    { domain: '../hostile', relativePath: 'etc/passwd' },
    { domain: '/etc', relativePath: 'passwd' },
    { domain: 'HomeDomain/etc', relativePath: 'passwd' },
  ];
  for (const location of hostile) {
    test(`${JSON.stringify(location.domain)} ${JSON.stringify(location.relativePath)}`, () => {
      assert.equal(folder.resolve(location), null);
      assert.equal(folder.artifact(location), null);
    });
  }

  test('the same folder still resolves a legitimate path', () => {
    assert.equal(folder.resolve(SMS), join(root, 'HomeDomain/Library/SMS/sms.db'));
  });

  const safeCases: ReadonlyArray<[string, string | null]> = [
    ['Library/SMS/sms.db', 'Library/SMS/sms.db'],
    ['~/Library/SMS/sms.db', 'Library/SMS/sms.db'],
    ['Library/./SMS/sms.db', 'Library/SMS/sms.db'],
    ['Media/DCIM/a..b/IMG_0001.JPG', 'Media/DCIM/a..b/IMG_0001.JPG'],
    ['Library\\SMS\\sms.db', 'Library/SMS/sms.db'],
    ['..\\..\\etc\\passwd', null],
    ['../../etc/passwd', null],
    ['/etc/passwd', null],
    ['~/../x', null],
    ['a\u0000b', null],
    ['', null],
  ];
  for (const [relative, expected] of safeCases) {
    test(`safeRelative(${JSON.stringify(relative)}) = ${JSON.stringify(expected)}`, () => {
      assert.equal(safeRelative(relative), expected);
    });
  }
});

describe('BackupFolder.find, list and domainsMatching (no manifest)', () => {
  test('find gives the computed file id on a hashed layout and none in a folder per domain', () => {
    const root = mkdtempSync(join(scratch, 'find-'));
    const id = fileIdOf(SMS);
    const stored = touch(join(root, id.slice(0, 2), id), 'twelve bytes');
    assert.deepEqual(new BackupFolder(root).find(SMS), { ...SMS, fileId: id, path: stored, size: 12 });
    assert.deepEqual(new BackupFolder(DOMAIN_LAYOUT).find(SMS)?.fileId, null);
    assert.equal(new BackupFolder(root).find(ADDRESS_BOOK), null);
  });

  test('list walks a folder of a domain, nested folders included, and nothing outside it', () => {
    const root = mkdtempSync(join(scratch, 'list-'));
    touch(join(root, 'MediaDomain/Library/SMS/Attachments/ab/01/IMG_1.HEIC'), 'a');
    touch(join(root, 'MediaDomain/Library/SMS/Attachments/cd/IMG_2.JPG'), 'bb');
    touch(join(root, 'MediaDomain/Library/Other/x.txt'), 'c');
    const listed = [...new BackupFolder(root).list('MediaDomain', 'Library/SMS/Attachments')].map((entry) => [entry.relativePath, entry.size]);
    assert.deepEqual(listed.sort(), [
      ['Library/SMS/Attachments/ab/01/IMG_1.HEIC', 1],
      ['Library/SMS/Attachments/cd/IMG_2.JPG', 2],
    ]);
    assert.deepEqual([...new BackupFolder(root).list('MediaDomain', '../..')], []);
    assert.deepEqual([...new BackupFolder(root).list('NoDomain', 'Library')], []);
  });

  test('domainsMatching matches folder names against a pattern, dots taken literally', () => {
    const root = mkdtempSync(join(scratch, 'domains-match-'));
    for (const name of ['AppDomainGroup-group.net.whatsapp.WhatsApp.shared', 'AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared', 'AppDomainGroup-groupXnet.whatsapp', 'HomeDomain']) {
      mkdirSync(join(root, name));
    }
    assert.deepEqual(new BackupFolder(root).domainsMatching('AppDomainGroup-group.net.whatsapp.*'), [
      'AppDomainGroup-group.net.whatsapp.WhatsApp.shared',
      'AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared',
    ]);
    assert.deepEqual(new BackupFolder(root).domainsMatching('*Domain'), ['HomeDomain']);
  });
});
