// What a newcomer meets: many first runs at once on a brand-new database, the common mistakes answered in one sentence
// with what to do (and a non-zero exit, no stack trace), and readers such as `head` closing the pipe.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { WRONG_PASSWORD_MESSAGE } from '../backup/crypto.js';
import { buildBackupFolder, sampleBackupFiles } from '../backup/testing/build-backup.js';
import { cli, entryPoint, type CommandResult } from '../kernel/testing/cli.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath, projectRoot } from '../kernel/testing/fixtures.js';
import { freePort } from '../kernel/testing/services.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

/** One sentence on stderr, nothing that looks like a stack trace. */
function assertOneSentence(result: CommandResult, expected: string, code = 1): void {
  assert.equal(result.code, code, result.stderr);
  assert.equal(result.stderr, `${expected}\n`);
  assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at /);
}

describe('first start on a brand-new database', () => {
  const name = `ios_backup_test_first_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;

  after(async () => {
    const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('ten index processes started at once all succeed: one creates the database, one applies the migrations', async () => {
    const env = { IOS_BACKUP_DATABASE__URL: url.toString() };
    const runs = Array.from({ length: 10 }, (_, i) => cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', `first-${i}`, '--json'], env));
    const results = await Promise.all(runs);
    for (const result of results) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).status, 'INDEXED');
    }
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const backups = await client.query('SELECT count(*)::int AS n FROM backup');
    const migrations = await client.query('SELECT name, count(*)::int AS n FROM mikro_orm_migrations GROUP BY name HAVING count(*) > 1');
    const contacts = await client.query('SELECT count(*)::int AS n FROM contact');
    await client.end();
    assert.equal(backups.rows[0].n, 10);
    assert.deepEqual(migrations.rows, [], 'each migration applied once');
    assert.equal(contacts.rows[0].n, 60);
  });
});

describe('plain words for common mistakes', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let scratch: string;
  let encrypted: string;

  before(async () => {
    db = await createTestDatabase('newcomer');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-newcomer-test-'));
    const sample = sampleBackupFiles(join(scratch, 'work'));
    encrypted = join(scratch, 'encrypted');
    await buildBackupFolder(encrypted, { layout: 'hashed', files: sample.files, encrypted: { password: 'right horse battery', iterations: 10, dpic: 10 } });
  });
  after(async () => {
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a folder that is not a backup', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const result = await cli(['index', empty], env);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`^ios-backup: ${empty} is not an iOS backup: the folder is empty\\. Looked for Manifest\\.db .* Give the folder Finder, iTunes or idevicebackup2 wrote \\(the README says where each keeps it\\), or single databases with --artifact <plugin>=<file> \\[NOT_A_BACKUP\\]\n$`),
    );
  });

  it('an encrypted backup and no password (no terminal to ask on)', async () => {
    assertOneSentence(
      await cli(['index', encrypted], env),
      'ios-backup: the backup is encrypted: give its password with --password-file FILE or --password-env NAME (or run on a terminal to be asked for it) [PASSWORD_REQUIRED]',
    );
  });

  it('a wrong password', async () => {
    assertOneSentence(await cli(['index', encrypted, '--password-env', 'GUESS'], { ...env, GUESS: 'wrong horse' }), `ios-backup: ${WRONG_PASSWORD_MESSAGE} [WRONG_PASSWORD]`);
  });

  it('a database that does not answer, with what to do', async () => {
    const port = await freePort();
    assertOneSentence(
      await cli(['index', '--artifact', `contacts=${TRACY}`], { IOS_BACKUP_DATABASE__URL: `postgres://postgres@127.0.0.1:${port}/x` }),
      `ios-backup: cannot reach PostgreSQL at postgres://postgres@127.0.0.1:${port}/x (connect ECONNREFUSED 127.0.0.1:${port}): start it, or correct IOS_BACKUP_DATABASE__URL, or unset that variable to use the embedded database [DATABASE_UNAVAILABLE]`,
    );
  });

  it('an unknown option and an unknown command', async () => {
    assertOneSentence(await cli(['index', '--pasword-file', 'x'], env), 'ios-backup: unknown option --pasword-file: `ios-backup --help` lists the options [INPUT_INVALID]');
    assertOneSentence(
      await cli(['serach', 'x'], env),
      'ios-backup: unknown command "serach": the commands are index, enqueue, search, timeline, status, backups, demo, where, plugins, migrate (`ios-backup --help`) [INPUT_INVALID]',
    );
  });

  it('a full disk where the private copies go', { skip: spawnSync('unshare', ['--mount', 'true']).status !== 0 && 'needs mount namespaces (root)' }, async () => {
    // A 64 KiB tmpfs, in a mount namespace of this test only, as the work directory: the 208 KiB address book does not fit.
    const small = join(scratch, 'small');
    mkdirSync(small);
    chmodSync(small, 0o700);
    const script = `mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"`;
    const child = spawn('unshare', ['--mount', 'sh', '-c', script, 'sh', small, process.execPath, entryPoint('cli/main.js'), 'index', '--artifact', `contacts=${TRACY}`], {
      cwd: projectRoot(),
      env: { ...process.env, ...env, IOS_BACKUP_WORK__DIR: small },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    // The job had started (its progress line comes first); the failure is its last line, in words, not a log record.
    assert.match(stderr, /\nios-backup: the disk is full: free space, or point IOS_BACKUP_WORK__DIR at a bigger disk, then run the command again \(.*ENOSPC.*\) \[DISK_FULL\]\n$/);
    assert.doesNotMatch(stderr, /^\{/m, 'no JSON log line in human output');
    assert.doesNotMatch(stderr + stdout, /\n\s+at /);
  });
});

describe('closed pipes', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('pipes');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    const indexed = await cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'tracy'], env);
    assert.equal(indexed.code, 0, indexed.stderr);
  });
  after(async () => {
    await db?.drop();
  });

  for (const args of [['status', 'tracy'], ['search', 'Apple'], ['backups'], ['plugins'], ['where'], ['status', 'tracy', '--json']]) {
    it(`${args.join(' ')} into a reader that is already gone: exit 0, nothing on stderr`, async () => {
      const child = spawn(process.execPath, [entryPoint('cli/main.js'), ...args], { cwd: projectRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the read end closes before the command writes: its first write meets EPIPE
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
    });
  }

  it('status, search and backups | head -1 exit 0 with one line and no stack trace', () => {
    for (const command of ['status tracy', 'search Apple', 'backups']) {
      const result = spawnSync('bash', ['-c', `set -o pipefail; node ${entryPoint('cli/main.js')} ${command} | head -1`], {
        cwd: projectRoot(),
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, `${command}: ${result.stderr}`);
      assert.equal(result.stdout.split('\n').filter(Boolean).length, 1, command);
      assert.equal(result.stderr, '', command);
    }
  });
});
