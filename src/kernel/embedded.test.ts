// The embedded PostgreSQL, for real: created on first use in its own folder, shared by processes started at once,
// stopped by the last one to leave (also when one of them was killed), and chosen only when it should be.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from './config.js';
import { chooseDatabase } from './database.js';
import { embeddedState, joinEmbedded } from './embedded.js';
import { cli, start, finished } from './testing/cli.js';
import { fixturePath } from './testing/fixtures.js';
import { freePort } from './testing/services.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

/** The postmaster of a folder, when one runs (what `where` reads). */
const postmaster = (folder: string): number | null => embeddedState(folder).running?.pid ?? null;

describe('embedded PostgreSQL', () => {
  let scratch: string;
  let folder: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    // As root the server runs as `postgres`, who must traverse the scratch folder (mkdtemp makes it 0700).
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-embedded-test-'));
    chmodSync(scratch, 0o711);
    folder = join(scratch, 'pg');
    env = { IOS_BACKUP_DATABASE__URL: 'embedded', IOS_BACKUP_EMBEDDED__DIR: folder, IOS_BACKUP_REDIS__URL: 'redis://127.0.0.1:1' };
  });
  after(() => {
    const pid = postmaster(folder);
    if (pid) process.kill(pid, 'SIGINT');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('three processes started at once on a new folder: one cluster, one server, all succeed, and the last one stops it', async () => {
    const runs = [
      cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'one', '--json'], env),
      cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'two', '--json'], env),
      cli(['backups', '--json'], env),
    ];
    const results = await Promise.all(runs);
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const [one, two] = results.map((result) => JSON.parse(result.stdout));
    assert.equal(one.status, 'INDEXED');
    assert.equal(two.status, 'INDEXED');
    assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith('data')), ['data'], 'one cluster, no half-made side folder');
    assert.equal(postmaster(folder), null, 'the server stopped with its last user');
    assert.deepEqual(readdirSync(join(folder, 'clients')), []);
    assert.equal(existsSync(join(folder, 'lock')), false);
    assert.equal(statSync(join(folder, 'password')).mode & 0o077, 0, 'the password is private');
    // The data is kept: a later process sees both backups and finds a contact.
    const listed = await cli(['backups', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout).backups.map((backup: { backupId: string }) => backup.backupId).sort(), ['one', 'two']);
    const search = await cli(['search', 'Apple', '--json'], env);
    assert.equal(search.code, 0, search.stderr);
    assert.ok(JSON.parse(search.stdout).hits.length >= 2);
  });

  it('a process joining a running server uses it and leaves it running for the one that started it', async () => {
    const first = await joinEmbedded(folder);
    assert.equal(first.started, true);
    const pid = postmaster(folder);
    assert.ok(pid);
    const listed = await cli(['backups', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(postmaster(folder), pid, 'still running: this process still uses it');
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    assert.equal((await client.query('SELECT count(*)::int AS n FROM backup')).rows[0].n, 2);
    await client.end();
    first.release();
    assert.equal(postmaster(folder), null);
  });

  it('a client killed with SIGKILL is not counted: the next process to leave stops the server', async () => {
    const child = start('cli/main.js', ['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'killed'], env);
    const done = finished(child);
    const deadline = Date.now() + 60_000;
    while (readdirSync(join(folder, 'clients')).length === 0 && Date.now() < deadline) await sleep(10);
    child.kill('SIGKILL');
    await done;
    assert.ok(postmaster(folder), 'the server outlives the killed process');
    const listed = await cli(['backups', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(postmaster(folder), null, 'stopped by the next process to leave');
  });

  it('where names the embedded folder without starting it', async () => {
    const result = await cli(['where'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^database: the embedded PostgreSQL in ${folder} \\(IOS_BACKUP_DATABASE__URL=embedded\\)`));
    assert.match(result.stdout, /queue: +Redis at redis:\/\/127\.0\.0\.1:1 \(does not answer: `index` runs jobs in this process/);
    assert.equal(postmaster(folder), null);
  });

  it('with nothing configured, the default address is used when it answers and the embedded server when nothing does', async () => {
    const answering = await chooseDatabase({ ...loadConfig({}), databaseUrl: 'postgres://postgres@127.0.0.1:5432/ios_backup' }, { embedded: true });
    assert.equal(answering.kind, 'default');
    const port = await freePort();
    const config = { ...loadConfig({ IOS_BACKUP_EMBEDDED__DIR: folder }), databaseUrl: `postgres://postgres@127.0.0.1:${port}/ios_backup` };
    const fallback = await chooseDatabase(config, { embedded: true });
    try {
      assert.equal(fallback.kind, 'embedded');
      assert.match(fallback.description, new RegExp(`^the embedded PostgreSQL in ${folder} \\(nothing answers at 127\\.0\\.0\\.1:${port}\\)$`));
    } finally {
      fallback.embedded?.release();
    }
    // A command that may not fall back (the worker, enqueue) keeps the default address and fails on it.
    const strict = await chooseDatabase(config, { embedded: false });
    assert.equal(strict.kind, 'default');
  });

  it('as root, a folder the postgres user cannot reach is refused with what to do', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
    const closed = join(scratch, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const result = await cli(['backups'], { ...env, IOS_BACKUP_EMBEDDED__DIR: join(closed, 'pg') });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `ios-backup: the embedded PostgreSQL runs as the user "postgres" (it refuses root), who cannot enter ${closed}: set IOS_BACKUP_EMBEDDED__DIR to a folder it can reach, such as /var/lib/ios-backup/pg [EMBEDDED_DATABASE_FAILED]\n`,
    );
  });

  it('runs the same migrations, with the extensions the search needs available', async () => {
    const server = await joinEmbedded(folder);
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query("SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent') ORDER BY name");
      assert.deepEqual(rows.map((row) => row.name), ['pg_trgm', 'unaccent']);
      const english = await client.query("SELECT to_tsvector('english', 'purchases') @@ to_tsquery('english', 'purchase') AS stem");
      assert.equal(english.rows[0].stem, true);
      await client.end();
    } finally {
      server.release();
    }
    assert.ok(execFileSync('ls', [join(folder, 'data')]).toString().includes('PG_VERSION'));
  });
});
