// What a person reads after the work: `status` in words on real fixtures (rows read, time, the warnings' text),
// `backups` listing only the domains that were read, and the summaries' one-line mentions of disabled and absent domains.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackupStatus } from '../entities/Backup.js';
import { disabledReason, NO_ARTIFACT, type IndexJobResult, type PluginReport } from '../kernel/job.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import type { SourceRow } from '../kernel/recorded.js';
import { cli } from '../kernel/testing/cli.js';
import { createTestDatabase, type TestDatabase } from '../kernel/testing/database.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { contactsPlugin } from '../plugins/contacts/plugin.js';
import { messagesPlugin } from '../plugins/messages/plugin.js';
import { notesPlugin } from '../plugins/notes/plugin.js';
import { photosPlugin } from '../plugins/photos/plugin.js';
import { whatsappPlugin } from '../plugins/whatsapp/plugin.js';
import { printIndexSummary, printStatus } from './output.js';

const SMS = fixturePath('messages/ios13-magnet-ctf/sms.db');
const LOCKED_NOTES = fixturePath('notes/macos-12/NoteStore.sqlite');
const IOS7_BACKUP = fixturePath('backups/ios7-domain-layout');

/** What `print` wrote on stdout. */
function printed(print: () => void): string {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    print();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

describe('status, backups and the index summary in words, on real fixtures', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('summary');
    env = { IOS_BACKUP_DATABASE__URL: db.url };
    for (const args of [
      ['index', '--artifact', `messages=${SMS}`, '--artifact', `notes=${LOCKED_NOTES}`, '--backup-id', 'phone', '--json'],
      ['index', IOS7_BACKUP, '--backup-id', 'ios7', '--json'],
    ]) {
      const result = await cli(args, env);
      assert.equal(result.code, 0, result.stderr);
    }
  });
  after(async () => {
    await db?.drop();
  });

  it('status says per domain what was read, how long it took, and each warning in words', async () => {
    const result = await cli(['status', 'phone'], env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'backup phone: INDEXED');
    assert.ok(lines.includes('what the index holds:'), result.stdout);
    assert.ok(lines.some((line) => /^ {2}Messages: 105 messages, 7 attachments and 7 chats read in [\d.]+ m?s; no warnings$/.test(line)), result.stdout);
    assert.ok(
      lines.some((line) =>
        /^ {2}Notes: 7 notes read in [\d.]+ m?s; 1 warning: password-protected notes were kept locked with their title only: give their password \(--notes-password, or the notes plugin option `passwords`\) to read them$/.test(line),
      ),
      result.stdout,
    );
    assert.ok(lines.includes('  not in this backup: photos, whatsapp, calendar, contacts'), result.stdout);
    assert.ok(lines.includes('  107 search documents'), result.stdout);
    assert.doesNotMatch(result.stdout, /message_conversation|NOTES_LOCKED|sha256/, 'no table names or codes for a person');
  });

  it('status lists several warnings one a line, and an empty store as empty', async () => {
    const result = await cli(['status', 'ios7'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /\n {2}Photos: 7 photos and videos read in [\d.]+ m?s; 4 warnings:\n {4}- ZGENERICASSET\.ZTRASHEDSTATE is missing: whether an asset is in Recently Deleted is unknown \(NULL\)\n {4}- ZGENERICASSET\.ZHIDDEN is missing: .*\n {4}- ZGENERICASSET\.ZFAVORITE is missing: .*\n {4}- ZGENERICASSET\.ZLATITUDE is missing: coordinates are NULL\n/,
    );
    assert.match(result.stdout, /\n {2}Calendar: 130 events and 5 calendars read in [\d.]+ m?s; no warnings\n/);
    assert.match(result.stdout, /\n {2}Contacts: read in [\d.]+ m?s, but it holds no contacts; no warnings\n/);
    assert.match(result.stdout, /\n {2}not in this backup: whatsapp\n/);
  });

  it('status --json keeps its shape: the backup row, device, interrupted and the artifact_source rows', async () => {
    const status = JSON.parse((await cli(['status', 'phone', '--json'], env)).stdout);
    assert.deepEqual(Object.keys(status), ['backup', 'device', 'interrupted', 'sources']);
    const notes = status.sources.find((source: { plugin: string }) => source.plugin === 'notes');
    assert.deepEqual(notes.warnings.map((warning: { code: string }) => warning.code), ['NOTES_LOCKED']);
    assert.deepEqual(notes.rows, { note: 7 });
  });

  it('backups lists per backup only the domains that were read, by their main count', async () => {
    const result = await cli(['backups'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ios7 .* INDEXED +\d{4}-\d\d-\d\d \d\d:\d\d +calendar 130, contacts 0, messages 2, notes 0, photos 7$/m);
    assert.match(result.stdout, /^phone .* INDEXED +\d{4}-\d\d-\d\d \d\d:\d\d +messages 105, notes 7$/m);
    assert.doesNotMatch(result.stdout, /whatsapp/);
    const listed = JSON.parse((await cli(['backups', '--json'], env)).stdout).backups.find((backup: { backupId: string }) => backup.backupId === 'phone');
    assert.deepEqual(listed.outcomes, { calendar: 'skipped', contacts: 'skipped', messages: 'completed', notes: 'completed', photos: 'skipped', whatsapp: 'skipped' });
  });

  it('the index summary: a row per domain read with its warnings in words under it, the others in one line, and where the data is', async () => {
    const result = await cli(['index', '--artifact', `notes=${LOCKED_NOTES}`, '--backup-id', 'notes-only'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^backup notes-only: INDEXED in \d+ ms, 7 search documents\nplugin +status +rows +warnings +time\nnotes +completed +note=7 +1 +[\d.]+ m?s\n {4}warning: password-protected notes were kept locked with their title only: .*\nnot in this backup: photos, whatsapp, messages, calendar, contacts\ndata: PostgreSQL at /,
    );
  });
});

describe('summaries of plugins that did not run', () => {
  const off = (declaration: RegisteredPlugin['declaration'], reason: string): RegisteredPlugin => ({ declaration, enabled: false, reason, options: {} });
  const on = (declaration: RegisteredPlugin['declaration']): RegisteredPlugin => ({ declaration, enabled: true, options: {} });
  const plugins = [off(photosPlugin, 'not available yet'), on(whatsappPlugin), on(messagesPlugin), off(notesPlugin, 'not available yet'), on(contactsPlugin)];
  const skipped = (plugin: RegisteredPlugin): PluginReport =>
    plugin.enabled
      ? { id: plugin.declaration.id, status: 'skipped', rows: {}, warnings: [], searchDocuments: 0, durationMs: 0, reason: NO_ARTIFACT, skipped: 'not-found' }
      : { id: plugin.declaration.id, status: 'skipped', rows: {}, warnings: [], searchDocuments: 0, durationMs: 0, reason: disabledReason(plugin), skipped: 'disabled' };
  const contacts: PluginReport = { id: 'contacts', status: 'completed', rows: { contact: 6, contact_value: 9 }, warnings: [], searchDocuments: 6, durationMs: 41 };

  it('index: disabled domains in one line with their reason, absent ones in another, never as table rows', () => {
    const result: IndexJobResult = {
      backupId: 'b',
      status: BackupStatus.INDEXED,
      plugins: [...plugins.slice(0, 4).map(skipped), contacts],
      searchDocuments: 6,
      durationMs: 300,
    };
    assert.equal(
      printed(() => printIndexSummary(result, { plugins, database: { description: 'the embedded PostgreSQL in /home/x/.ios-backup/pg' } })),
      [
        'backup b: INDEXED in 300 ms, 6 search documents',
        'plugin    status     rows                       warnings  time',
        'contacts  completed  contact=6 contact_value=9  0         41 ms',
        'not in this backup: whatsapp, messages',
        'not indexed: photos, notes (not available yet)',
        'data: the embedded PostgreSQL in /home/x/.ios-backup/pg',
        '',
      ].join('\n'),
    );
    // Without the registry (the demo's call), the reason comes from the report itself.
    assert.match(printed(() => printIndexSummary(result)), /\nnot indexed: photos, notes \(not available yet\)\n$/);
  });

  it('status: the same lines from the recorded sources and the registry (a disabled domain has no source row)', () => {
    const source = (plugin: string, fields: Partial<SourceRow>): SourceRow => ({
      plugin,
      status: 'skipped',
      rows: {},
      warnings: [],
      error: NO_ARTIFACT,
      error_code: null,
      search_documents: 0,
      duration_ms: 0,
      ...fields,
    });
    const sources = [
      source('whatsapp', {}),
      source('messages', { status: 'failed', error: 'messages: parse: file is not a database', error_code: 'SOURCE_CORRUPT', duration_ms: 12 }),
      source('contacts', { status: 'completed', rows: { contact: 1, contact_value: 0 }, error: null, search_documents: 1, duration_ms: 1500, warnings: [{ code: 'X', message: 'orphan values were kept', count: 3 }] }),
    ];
    const text = printed(() => printStatus({ id: 'b', status: 'INDEXED', search_documents: 1 }, sources, false, plugins));
    assert.equal(
      text,
      [
        'backup b: INDEXED',
        'what the index holds:',
        '  Messages: could not be read, so nothing of it is in the index (the other domains are): messages: parse: file is not a database; no warnings',
        '  Contacts: 1 contact read in 1.5 s; 1 warning: orphan values were kept (3 times)',
        '  not in this backup: whatsapp',
        '  not indexed: photos, notes (not available yet)',
        '  1 search document',
        'file hashes and schema variants: ios-backup status b --json',
        '',
      ].join('\n'),
    );
    assert.equal(printed(() => printStatus({ id: 'new', status: 'FAILED', error: 'wrong password' }, [], false, plugins)), 'backup new: FAILED\nerror: wrong password\nnothing is indexed for this backup yet\n');
  });
});
