// The messages plugin through the real indexing job and PostgreSQL: the real fixtures land with their counts,
// a word found only inside an attributedBody is found by search, and a bad sms.db fails only this plugin.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { fixturePath, sha256Of } from '../../kernel/testing/fixtures.js';
import { searchIndex } from '../../search/search.js';
import { contactsPlugin } from '../contacts/plugin.js';
import { messagesPlugin } from './plugin.js';
import { buildIos5SmsDb } from './testing/build-sms-db.js';

const plugins: RegisteredPlugin[] = [
  { declaration: messagesPlugin, enabled: true, options: {} },
  { declaration: contactsPlugin, enabled: true, options: {} },
];
const IOS13 = fixturePath('messages/ios13-magnet-ctf/sms.db');
const VENTURA = fixturePath('messages/macos13-ventura/chat.db');
const TRACY = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');

describe('messages in an indexing job', () => {
  const test = useJobTest('messages', plugins);

  it('indexes the iOS 13 sms.db: 7 conversations, 105 messages, 7 attachments, dates in 2019-2020, twice identically', async () => {
    const sha = sha256Of(IOS13);
    const first = await test.runner.run({ backupId: 'magnet', artifacts: { messages: IOS13 } });
    const report = first.plugins.find((plugin) => plugin.id === 'messages')!;
    assert.equal(report.status, 'completed');
    assert.equal(report.rows.message_conversation, 7);
    assert.equal(report.rows.message, 105);
    assert.equal(report.rows.message_attachment, 7);
    const count = async (table: string) => Number((await test.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE backup_id = 'magnet'`))[0]!.n);
    const snapshot = async () => test.db.query("SELECT * FROM message WHERE backup_id = 'magnet' ORDER BY id");
    const once = await snapshot();
    await test.runner.run({ backupId: 'magnet', artifacts: { messages: IOS13 } });
    assert.deepEqual(await snapshot(), once);
    assert.equal(await count('message_conversation'), 7);
    assert.equal(await count('message'), 105);
    assert.equal(await count('message_attachment'), 7);
    const [range] = await test.db.query(
      "SELECT min(sent_at) AS first, max(sent_at) AS last, count(*) FILTER (WHERE sent_at IS NULL)::int AS undated FROM message WHERE backup_id = 'magnet'",
    );
    assert.equal(range!.undated, 0);
    assert.ok(range!.first >= new Date('2019-01-01T00:00:00Z'), String(range!.first));
    assert.ok(range!.last < new Date('2021-01-01T00:00:00Z'), String(range!.last));
    const dangling = await test.db.query(`
      SELECT count(*)::int AS n FROM message m
       WHERE m.backup_id = 'magnet' AND m.conversation_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM message_conversation c WHERE c.id = m.conversation_id)`);
    assert.equal(dangling[0]!.n, 0);
    assert.equal(sha256Of(IOS13), sha);
  });

  it('finds by search a word that occurs only inside an attributedBody', async () => {
    const result = await test.runner.run({ backupId: 'ventura', artifacts: { messages: VENTURA } });
    assert.equal(result.plugins.find((plugin) => plugin.id === 'messages')!.rows.message, 2);
    const [source] = await test.db.query('SELECT count(*)::int AS n FROM message WHERE backup_id = $1 AND text_source = $2', ['ventura', 'attributed-body']);
    assert.equal(source!.n, 1);
    const hits = (await searchIndex(test.orm, { text: 'iMessagedb', backupIds: ['ventura'], limit: 10 })).hits;
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.type, 'message');
    assert.match(hits[0]!.snippet, /iMessagedb test/);
  });

  for (const damage of ['truncated', 'no message table', 'iOS 5 layout'] as const) {
    it(`fails only the messages plugin on a ${damage} sms.db; contacts in the same job completes`, async () => {
      const path = join(test.folder, `${damage.replace(/ /g, '-')}.db`);
      if (damage === 'truncated') writeFileSync(path, readFileSync(IOS13).subarray(0, 20_000));
      else if (damage === 'iOS 5 layout') buildIos5SmsDb(path);
      else {
        const Database = (await import('better-sqlite3')).default;
        const sqlite = new Database(path);
        sqlite.exec('CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, guid TEXT); CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT)');
        sqlite.close();
      }
      const backupId = `bad-${damage.replace(/ /g, '-').toLowerCase()}`;
      const result = await test.runner.run({ backupId, artifacts: { messages: path, contacts: TRACY } });
      assert.equal(result.status, 'INDEXED');
      const messages = result.plugins.find((plugin) => plugin.id === 'messages')!;
      assert.equal(messages.status, 'failed');
      assert.equal(messages.errorCode, damage === 'truncated' ? 'SOURCE_CORRUPT' : 'UNSUPPORTED_SCHEMA');
      if (damage === 'iOS 5 layout') assert.match(messages.error ?? '', /iOS 5/);
      assert.equal(result.plugins.find((plugin) => plugin.id === 'contacts')!.status, 'completed');
      const [stored] = await test.db.query("SELECT status, error_code FROM artifact_source WHERE backup_id = $1 AND plugin = 'messages'", [backupId]);
      assert.deepEqual(stored, { status: 'failed', error_code: messages.errorCode });
    });
  }
});
