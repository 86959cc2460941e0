// End-to-end tests of the `ios-backup` command line on the real contacts fixture and a real PostgreSQL:
// the documented --json shapes, exit codes 0/1/2, idempotent re-indexing, search, status, and read-only evidence.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { cli } from '../kernel/testing/cli.js';
import { fixturePath, folderState, sha256Of } from '../kernel/testing/fixtures.js';

const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
const IOS7_BACKUP = fixturePath('backups/ios7-domain-layout');

describe('ios-backup command line', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let scratch: string;

  before(async () => {
    db = await createTestDatabase('cli');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    scratch = mkdtempSync(join(tmpdir(), 'ios-backup-cli-test-'));
  });
  after(async () => {
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('plugins --json lists the six domains, each disabled one with its reason', async () => {
    const result = await cli(['plugins', '--json'], env);
    assert.equal(result.code, 0);
    const { plugins } = JSON.parse(result.stdout) as { plugins: Array<{ id: string; enabled: boolean; reason: string | null }> };
    assert.deepEqual(plugins.map((plugin) => plugin.id).sort(), ['calendar', 'contacts', 'messages', 'notes', 'photos', 'whatsapp']);
    assert.equal(plugins.find((plugin) => plugin.id === 'contacts')!.enabled, true);
    for (const plugin of plugins.filter((p) => !p.enabled)) assert.ok(plugin.reason && plugin.reason.length > 0, plugin.id);
  });

  it('index --json on the tracy address book: INDEXED, 6 contacts, 9 values, 6 documents, twice, evidence untouched', async () => {
    const folderBefore = folderState(dirname(TRACY));
    const sha = sha256Of(TRACY);
    for (let run = 0; run < 2; run += 1) {
      const result = await cli(['index', '--artifact', `contacts=${TRACY}`, '--backup-id', 'tracy', '--json'], env);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      assert.equal(report.backupId, 'tracy');
      assert.equal(report.status, 'INDEXED');
      assert.equal(report.searchDocuments, 6);
      assert.equal(typeof report.durationMs, 'number');
      const contacts = report.plugins.find((plugin: { id: string }) => plugin.id === 'contacts');
      assert.equal(contacts.status, 'completed');
      assert.deepEqual(contacts.rows, { contact: 6, contact_value: 9 });
      assert.deepEqual(contacts.warnings, []);
      assert.equal(result.stdout.trim().split('\n').length, 1);
    }
    const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM contact WHERE backup_id = 'tracy'")) as [{ n: number }];
    assert.equal(n, 6);
    const [source] = await db.query("SELECT sha256 FROM artifact_source WHERE backup_id = 'tracy' AND plugin = 'contacts'");
    assert.equal(source!.sha256, sha);
    assert.deepEqual(folderState(dirname(TRACY)), folderBefore);
  });

  it('search finds a contact by organization and by phone, with filters', async () => {
    const found = await cli(['search', 'Apple', '--backup-id', 'tracy', '--json'], env);
    assert.equal(found.code, 0, found.stderr);
    const hits = JSON.parse(found.stdout).hits as Array<{ title: string; type: string }>;
    assert.deepEqual(hits.map((hit) => hit.title), ['Apple Inc.']);
    const phone = JSON.parse((await cli(['search', '+17038296071', '--json'], env)).stdout).hits;
    assert.equal(phone.length, 1);
    const none = JSON.parse((await cli(['search', 'Apple', '--type', 'message', '--json'], env)).stdout).hits;
    assert.deepEqual(none, []);
    const bad = await cli(['search', 'Apple', '--limit', 'lots'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--limit expects a whole number/);
  });

  it('status --json reports the backup and its sources', async () => {
    const result = await cli(['status', 'tracy', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout);
    assert.equal(status.backup.status, 'INDEXED');
    assert.equal(status.sources.find((source: { plugin: string }) => source.plugin === 'contacts').status, 'completed');
    assert.equal(status.interrupted, false);
    await db.query("UPDATE backup SET status = 'INDEXING' WHERE id = 'tracy'");
    const stale = await cli(['status', 'tracy'], env);
    assert.equal(stale.code, 0, stale.stderr);
    // The command's start records the dead job (nobody holds the backup's lock) as FAILED / INTERRUPTED.
    assert.match(stale.stdout, /backup tracy: FAILED \[INTERRUPTED\]\ninterrupted: the indexing job stopped before it finished .*the previous index is intact/);
    const recorded = JSON.parse((await cli(['status', 'tracy', '--json'], env)).stdout);
    assert.equal(recorded.interrupted, true);
    assert.equal(recorded.backup.error_code, 'INTERRUPTED');
    await db.query("UPDATE backup SET status = 'INDEXED', error = NULL, error_code = NULL WHERE id = 'tracy'");
    const unknown = await cli(['status', 'nobody'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no backup with id "nobody"/);
  });

  it('exit code 2 and a failed plugin for a corrupt file; exit 1 naming a missing one, with nothing written', async () => {
    const corrupt = join(scratch, 'AddressBook.sqlitedb');
    writeFileSync(corrupt, randomBytes(8192));
    const failed = await cli(['index', '--artifact', `contacts=${corrupt}`, '--backup-id', 'corrupt', '--json'], env);
    assert.equal(failed.code, 2, failed.stderr);
    const report = JSON.parse(failed.stdout);
    assert.equal(report.status, 'INDEXED');
    const contacts = report.plugins.find((plugin: { id: string }) => plugin.id === 'contacts');
    assert.equal(contacts.status, 'failed');
    assert.match(contacts.error, /not a SQLite database/);
    const missing = await cli(['index', '--artifact', `contacts=${join(scratch, 'absent.sqlitedb')}`, '--backup-id', 'absent', '--json'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--artifact contacts=.*absent\.sqlitedb: no such file/);
    assert.equal(JSON.parse(missing.stdout).error.code, 'INPUT_INVALID');
    assert.deepEqual(await db.query("SELECT id FROM backup WHERE id = 'absent'"), []);
  });

  it('indexes a backup folder in the folder-per-domain layout, read-only', async () => {
    const before = folderState(IOS7_BACKUP);
    const result = await cli(['index', IOS7_BACKUP, '--backup-id', 'ios7', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const contacts = JSON.parse(result.stdout).plugins.find((plugin: { id: string }) => plugin.id === 'contacts');
    assert.equal(contacts.status, 'completed');
    assert.deepEqual(contacts.rows, { contact: 0, contact_value: 0 });
    const [source] = await db.query("SELECT domain, relative_path FROM artifact_source WHERE backup_id = 'ios7' AND plugin = 'contacts'");
    assert.deepEqual(source, { domain: 'HomeDomain', relative_path: 'Library/AddressBook/AddressBook.sqlitedb' });
    assert.deepEqual(folderState(IOS7_BACKUP), before);
  });

  it('index opens password-protected notes with --notes-password-file, never printing the password', async () => {
    const store = fixturePath('notes/macos-12/NoteStore.sqlite');
    const passwords = join(scratch, 'note-passwords.txt');
    writeFileSync(passwords, 'first-guess\r\ntbull\n');
    const locked = await cli(['index', '--artifact', `notes=${store}`, '--backup-id', 'notes-locked', '--json'], env);
    assert.equal(locked.code, 0, locked.stderr);
    const lockedNotes = JSON.parse(locked.stdout).plugins.find((plugin: { id: string }) => plugin.id === 'notes');
    assert.deepEqual(lockedNotes.warnings.map((entry: { code: string }) => entry.code), ['NOTES_LOCKED']);
    const opened = await cli(['index', '--artifact', `notes=${store}`, '--backup-id', 'notes-open', '--notes-password-file', passwords, '--json'], env);
    assert.equal(opened.code, 0, opened.stderr);
    assert.deepEqual(JSON.parse(opened.stdout).plugins.find((plugin: { id: string }) => plugin.id === 'notes').warnings, []);
    assert.doesNotMatch(opened.stdout + opened.stderr, /tbull|first-guess/);
    const rows = await db.query("SELECT backup_id, locked, body FROM note WHERE password_protected AND backup_id IN ('notes-locked', 'notes-open') ORDER BY backup_id");
    assert.deepEqual(rows.map((row) => [row.backup_id, row.locked, row.body]), [
      ['notes-locked', true, null],
      ['notes-open', false, 'This note is password protected\n\nThis is a secret!'],
    ]);
  });

  it('one clear line and exit 1, no stack trace, when the input, configuration or database is wrong', async () => {
    const cases: Array<{ args: string[]; env: NodeJS.ProcessEnv; message: RegExp }> = [
      { args: ['index', '--artifact', `nosuch=${TRACY}`], env, message: /unknown plugin "nosuch"/ },
      { args: ['index', '--artifact', 'contacts'], env, message: /--artifact expects <pluginId>=<path>/ },
      { args: ['index'], env, message: /give a backup folder or at least one --artifact/ },
      { args: ['index', join(scratch, 'no-folder')], env, message: /backup folder not found/ },
      { args: ['plugins'], env: { IOS_BACKUP_WORKER__CONCURRENCY: 'many' }, message: /IOS_BACKUP_WORKER__CONCURRENCY must be a whole number/ },
      { args: ['plugins'], env: { IOS_BACKUP_DATABSE__URL: 'x' }, message: /unknown configuration variable IOS_BACKUP_DATABSE__URL/ },
      {
        args: ['index', '--artifact', `contacts=${TRACY}`],
        env: { IOS_BACKUP_DATABASE__URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
        message: /cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/,
      },
      {
        args: ['enqueue', '--artifact', `contacts=${TRACY}`],
        env: { IOS_BACKUP_REDIS__URL: 'redis://127.0.0.1:1' },
        message: /cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/,
      },
      { args: ['frobnicate'], env, message: /unknown command "frobnicate"/ },
      { args: ['index', '--artifact', `contacts=${TRACY}`, '--notes-password-file', join(scratch, 'none.txt')], env, message: /--notes-password-file: cannot read/ },
      { args: ['enqueue', '--artifact', `contacts=${TRACY}`, '--notes-password', 'x'], env, message: /enqueue does not send note passwords through the queue/ },
    ];
    for (const testCase of cases) {
      const result = await cli(testCase.args, testCase.env);
      assert.equal(result.code, 1, `${testCase.args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, testCase.message);
      assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
      assert.equal(result.stdout, '');
    }
  });
});
