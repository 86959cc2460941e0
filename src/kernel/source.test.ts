// Tests of openSource: private copies with their WAL applied, the evidence left untouched, the private folder
// removed on close and on failure, and clear errors for missing, empty, foreign and truncated files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { COPY_PREFIX, openSource, sha256File, type ArtifactFile } from './source.js';
import { holdFolder, sweepDeadFolders, WORK_FOLDER_PREFIX, WorkFolder } from './work-folder.js';
import { fixturePath, folderState } from './testing/fixtures.js';

const FIXTURES = fixturePath('');
const PHOTOS = join(FIXTURES, 'photos/macos-14.6.0/Photos.sqlite');
const ADDRESS_BOOK = join(FIXTURES, 'contacts/ios5-tracy-phone/AddressBook.sqlitedb');

// openSource makes its private folders under os.tmpdir(); pointing TMPDIR at a folder of our own lets the tests
// see every folder it leaves behind (node --test runs each file in its own process).
const scratch = mkdtempSync(join(tmpdir(), 'source-test-'));
const privateRoot = join(scratch, 'tmp');
const inputs = join(scratch, 'inputs');
mkdirSync(privateRoot);
mkdirSync(inputs);
const originalTmpdir = process.env.TMPDIR;
process.env.TMPDIR = privateRoot;
after(() => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  rmSync(scratch, { recursive: true, force: true });
});

function leftovers(): string[] {
  return readdirSync(privateRoot);
}

let serial = 0;
function inputPath(name: string): string {
  serial += 1;
  return join(inputs, `${serial}-${name}`);
}

/** A WAL-mode database with 2 rows checkpointed into the main file and 3 more only in its -wal. */
function walDatabase(): string {
  const live = inputPath('live');
  mkdirSync(live);
  const db = new Database(join(live, 'w.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('INSERT INTO t VALUES (3), (4), (5)');
  const frozen = inputPath('frozen');
  mkdirSync(frozen);
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(join(live, `w.db${suffix}`), join(frozen, `w.db${suffix}`));
  db.close();
  return join(frozen, 'w.db');
}

function plainDatabase(rows: number): string {
  const path = inputPath('plain.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE t (x INTEGER, pad TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(i, 'x'.repeat(200));
  })();
  db.close();
  return path;
}

describe('openSource on the real Photos library with its WAL', () => {
  test('applies the -wal, copies all three files privately, and changes nothing in the fixture folder', async () => {
    const folder = dirname(PHOTOS);
    const before = folderState(folder);
    assert.deepEqual(Object.keys(before), ['Photos.sqlite', 'Photos.sqlite-shm', 'Photos.sqlite-wal']);

    const source = await openSource({ path: PHOTOS });
    const copyFolder = dirname(source.db.name);
    try {
      assert.equal(dirname(copyFolder), privateRoot, 'the copy lives in a private folder under the temp dir');
      assert.notEqual(copyFolder, folder);
      assert.deepEqual(readdirSync(copyFolder).filter((name) => !name.endsWith('-journal')).sort(), [
        'artifact.sqlite',
        'artifact.sqlite-shm',
        'artifact.sqlite-wal',
      ]);
      assert.equal(source.hasWal, true);
      assert.equal(source.db.readonly, true);
      assert.equal((source.db.prepare('SELECT count(*) AS n FROM ZASSET').get() as { n: number }).n, 16);
      assert.equal((source.db.prepare('SELECT count(*) AS n FROM ACHANGE').get() as { n: number }).n, 2078, 'rows only in the WAL');
      assert.equal(source.sha256, before['Photos.sqlite']);
      assert.equal(source.size, readFileSync(PHOTOS).length);
      assert.equal(source.schema.hasTable('ZASSET'), true);
    } finally {
      await source.close();
    }
    assert.equal(existsSync(copyFolder), false, 'private folder removed on close');
    await source.close();
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(folderState(folder), before);
  });

  test('wal: null ignores the sidecar: only the checkpointed rows are seen', async () => {
    const before = folderState(dirname(PHOTOS));
    const source = await openSource({ path: PHOTOS, wal: null });
    try {
      assert.equal(source.hasWal, false);
      assert.equal((source.db.prepare('SELECT count(*) AS n FROM ACHANGE').get() as { n: number }).n, 1901);
    } finally {
      await source.close();
    }
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(folderState(dirname(PHOTOS)), before);
  });
});

describe('openSource WAL handling on a built database', () => {
  const cases: ReadonlyArray<{ name: string; file: (path: string) => ArtifactFile; rows: number; hasWal: boolean }> = [
    { name: 'sidecars found next to the file', file: (path) => ({ path }), rows: 5, hasWal: true },
    { name: 'explicit wal: null', file: (path) => ({ path, wal: null }), rows: 2, hasWal: false },
    { name: 'explicit wal: null and shm: null', file: (path) => ({ path, wal: null, shm: null }), rows: 2, hasWal: false },
    { name: 'WAL without its -shm (shm: null)', file: (path) => ({ path, shm: null }), rows: 5, hasWal: true },
    {
      name: 'sidecars stored under other names (hashed backup layout)',
      file: (path) => {
        const folder = inputPath('hashed');
        mkdirSync(folder);
        copyFileSync(path, join(folder, 'aaaa'));
        copyFileSync(`${path}-wal`, join(folder, 'bbbb'));
        copyFileSync(`${path}-shm`, join(folder, 'cccc'));
        return { path: join(folder, 'aaaa'), wal: join(folder, 'bbbb'), shm: join(folder, 'cccc') };
      },
      rows: 5,
      hasWal: true,
    },
  ];
  for (const { name, file, rows, hasWal } of cases) {
    test(name, async () => {
      const artifact = file(walDatabase());
      const evidence = dirname(artifact.path);
      const before = folderState(evidence);
      const source = await openSource(artifact);
      try {
        assert.equal(source.hasWal, hasWal);
        assert.equal((source.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, rows);
      } finally {
        await source.close();
      }
      assert.deepEqual(leftovers(), []);
      assert.deepEqual(folderState(evidence), before);
    });
  }
});

describe('openSource failures', () => {
  const truncatedCopy = (source: string, keep: number): string => {
    const path = inputPath(`truncated-${basename(source)}`);
    writeFileSync(path, readFileSync(source).subarray(0, keep));
    return path;
  };
  const cases: ReadonlyArray<{ name: string; make: () => string; code: string; message: RegExp }> = [
    { name: 'missing file', make: () => join(inputs, 'does-not-exist.sqlite'), code: 'SOURCE_UNREADABLE', message: /cannot read/ },
    { name: 'a folder', make: () => inputs, code: 'SOURCE_UNREADABLE', message: /not a regular file/ },
    {
      name: 'empty file',
      make: () => {
        const path = inputPath('empty.sqlite');
        writeFileSync(path, '');
        return path;
      },
      code: 'SOURCE_CORRUPT',
      message: /not a SQLite database/,
    },
    {
      name: 'random bytes',
      make: () => {
        const path = inputPath('random.sqlite');
        writeFileSync(path, randomBytes(16384));
        return path;
      },
      code: 'SOURCE_CORRUPT',
      message: /not a SQLite database/,
    },
    {
      name: 'SQLite header with an invalid page size',
      make: () => {
        const header = Buffer.alloc(4096);
        header.write('SQLite format 3\0', 0, 'latin1');
        header.writeUInt16BE(1000, 16);
        const path = inputPath('bad-page-size.sqlite');
        writeFileSync(path, header);
        return path;
      },
      code: 'SOURCE_CORRUPT',
      message: /invalid page size 1000/,
    },
    {
      name: 'truncated modern database (header page count larger than the file)',
      make: () => truncatedCopy(plainDatabase(500), 8192),
      code: 'SOURCE_CORRUPT',
      message: /truncated: its header declares \d+ pages of 4096 bytes .* but the file has 8192/,
    },
    {
      name: 'truncated iOS 5 address book (legacy header, schema pages missing)',
      make: () => truncatedCopy(ADDRESS_BOOK, 106496),
      code: 'SOURCE_CORRUPT',
      message: /cannot be opened as SQLite: .*malformed/,
    },
  ];
  for (const { name, make, code, message } of cases) {
    test(`${name}: ${code}`, async () => {
      const path = make();
      await assert.rejects(openSource({ path }), (error: Error & { code?: string }) => {
        assert.equal(error.code, code);
        assert.match(error.message, message);
        return true;
      });
      assert.deepEqual(leftovers(), [], 'no private folder left behind');
    });
  }

  test('the iOS 5 address book fixture itself opens and is unchanged afterwards', async () => {
    const before = folderState(dirname(ADDRESS_BOOK));
    const source = await openSource({ path: ADDRESS_BOOK });
    try {
      assert.equal(source.hasWal, false);
      assert.equal((source.db.prepare('SELECT count(*) AS n FROM ABPerson').get() as { n: number }).n, 6);
      assert.equal(source.sha256, await sha256File(ADDRESS_BOOK));
    } finally {
      await source.close();
    }
    assert.deepEqual(folderState(dirname(ADDRESS_BOOK)), before);
    assert.deepEqual(leftovers(), []);
  });
});

describe('closing a source', () => {
  test('removes the private folder even when closing throws (a statement still iterating), then reports it', async () => {
    const source = await openSource({ path: ADDRESS_BOOK });
    const folder = dirname(source.db.name);
    const rows = source.db.prepare('SELECT * FROM ABPerson').iterate();
    rows.next();
    await assert.rejects(source.close(), /busy/);
    assert.equal(existsSync(folder), false);
    rows.return?.();
    await source.close();
  });
});

describe('sweepDeadFolders', () => {
  test('removes the folders of dead processes and stale ones of this pid, keeps live ones, other machines\' ones and folders without a pid', async () => {
    const root = mkdtempSync(join(scratch, 'sweep-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const host = hostname().replace(/[^A-Za-z0-9._-]/g, '_');
    const names = [
      `ios-backup-source-${deadPid}-abc`,
      // Sharing the prefix without a pid: not named by this program (a test's mkdtemp folder, say), never removed.
      'ios-backup-source-xyz',
      'ios-backup-job-test-4h7Ks2',
      `ios-backup-job-${deadPid}@${host}-ghi`,
      // Left by an earlier process that had this pid (a container restarted as pid 1): not this process's own.
      `ios-backup-job-${process.pid}@${host}-old`,
      // Another machine sharing the work directory: its pid means nothing here.
      `ios-backup-job-${deadPid}@other-machine-xyz`,
      'unrelated-folder',
    ];
    for (const name of names) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'artifact.sqlite'), 'x');
    }
    const mine = await WorkFolder.create(root);
    const held = mkdtempSync(join(root, `ios-backup-source-${process.pid}-`));
    const hold = holdFolder(held);
    try {
      const removed = await sweepDeadFolders(root, [COPY_PREFIX, WORK_FOLDER_PREFIX]);
      assert.deepEqual(removed.sort(), [`ios-backup-job-${deadPid}@${host}-ghi`, `ios-backup-job-${process.pid}@${host}-old`, `ios-backup-source-${deadPid}-abc`].sort());
      assert.deepEqual(
        readdirSync(root).sort(),
        [basename(held), `ios-backup-job-${deadPid}@other-machine-xyz`, basename(mine.path), 'unrelated-folder', 'ios-backup-source-xyz', 'ios-backup-job-test-4h7Ks2'].sort(),
      );
    } finally {
      hold.release();
      await mine.remove();
    }
  });
});
