// The whatsapp plugin through the real indexing job and PostgreSQL: WhatsApp and WhatsApp Business found in one
// backup are two sources of one job, each row records its app, references resolve, and re-indexing is idempotent.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { IndexJobInput } from '../../kernel/job.js';
import type { RegisteredPlugin } from '../../kernel/plugin.js';
import { useJobTest } from '../../kernel/testing/job-test.js';
import { APP_DOMAINS } from './kinds.js';
import { whatsappPlugin } from './plugin.js';
import { ChatStorageWriter, buildSampleChatStorage } from './testing/build-chat-storage.js';

const plugins: RegisteredPlugin[] = [{ declaration: whatsappPlugin, enabled: true, options: {} }];

describe('whatsapp in an indexing job', () => {
  const test = useJobTest('whatsapp', plugins);
  let input: IndexJobInput;

  before(() => {
    const personal = join(test.folder, 'personal-ChatStorage.sqlite');
    buildSampleChatStorage(personal);
    const business = join(test.folder, 'business-ChatStorage.sqlite');
    const store = new ChatStorageWriter(business);
    const customer = store.chat({ jid: '4930901820@s.whatsapp.net', partnerName: 'Bakery customer', sessionType: 0 });
    store.message({ chat: customer, type: 0, date: 600100000, fromJid: '4930901820@s.whatsapp.net', text: 'Is the sourdough ready?', stanzaId: 'B1' });
    store.message({
      chat: customer, type: 1, date: 600100060, fromMe: true, sentDate: 600100060, stanzaId: 'B2',
      media: { localPath: 'Media/4930901820@s.whatsapp.net/b/loaf.jpg', title: 'Fresh sourdough loaf', fileSize: 2048, vcardString: 'image/jpeg' },
    });
    store.finish();
    input = {
      backupId: 'two-apps',
      artifacts: {
        whatsapp: [
          { path: personal, location: { domain: APP_DOMAINS.whatsapp, relativePath: 'ChatStorage.sqlite' } },
          { path: business, location: { domain: APP_DOMAINS['whatsapp-business'], relativePath: 'ChatStorage.sqlite' } },
        ],
      },
    };
  });

  it('indexes both apps of one backup as two sources, each row with its app', async () => {
    const result = await test.runner.run(input);
    assert.equal(result.status, 'INDEXED');
    const report = result.plugins.find((plugin) => plugin.id === 'whatsapp')!;
    assert.equal(report.status, 'completed');
    assert.deepEqual(report.rows, { whatsapp_chat: 5, whatsapp_group_member: 3, whatsapp_message: 24, whatsapp_attachment: 12 });
    assert.equal(report.searchDocuments, 17);

    const sources = await test.db.query("SELECT id, domain, status, schema_variant FROM artifact_source WHERE backup_id = 'two-apps' ORDER BY domain");
    assert.deepEqual(sources.map((source) => [source.domain, source.status, source.schema_variant]), [
      [APP_DOMAINS.whatsapp, 'completed', 'chatstorage'],
      [APP_DOMAINS['whatsapp-business'], 'completed', 'chatstorage'],
    ]);
    for (const table of ['whatsapp_chat', 'whatsapp_message', 'whatsapp_attachment']) {
      const byApp = await test.db.query(
        `SELECT t.app, s.domain, count(*)::int AS n FROM ${table} t JOIN artifact_source s ON s.id = t.source_id WHERE t.backup_id = 'two-apps' GROUP BY 1, 2 ORDER BY 1`,
      );
      assert.deepEqual(
        byApp.map((row) => [row.app, row.domain]),
        [['whatsapp', APP_DOMAINS.whatsapp], ['whatsapp-business', APP_DOMAINS['whatsapp-business']]],
        table,
      );
    }
  });

  it('stores references that resolve, times in UTC, and searchable captions of both apps', async () => {
    const dangling = await test.db.query(`
      SELECT (SELECT count(*) FROM whatsapp_message m WHERE m.chat_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM whatsapp_chat c WHERE c.id = m.chat_id))::int AS messages,
             (SELECT count(*) FROM whatsapp_attachment a WHERE a.message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM whatsapp_message m WHERE m.id = a.message_id))::int AS attachments,
             (SELECT count(*) FROM whatsapp_group_member g WHERE g.chat_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM whatsapp_chat c WHERE c.id = g.chat_id))::int AS members`);
    assert.deepEqual(dangling[0], { messages: 0, attachments: 0, members: 0 });
    const [message] = await test.db.query("SELECT to_char(message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS at, app FROM whatsapp_message WHERE stanza_id = 'B1'");
    assert.deepEqual(message, { at: '2020-01-07T14:26:40', app: 'whatsapp-business' });
    const hits = await test.db.query(
      "SELECT d.title, m.app FROM artifact_search_index d JOIN whatsapp_message m ON m.id::text = d.artifact_id WHERE d.search_vector @@ plainto_tsquery('simple', $1) ORDER BY m.app",
      ['sourdough loaf'],
    );
    assert.deepEqual(hits, [{ title: 'Bakery customer', app: 'whatsapp-business' }]);
    const chalk = await test.db.query("SELECT count(*)::int AS n FROM artifact_search_index WHERE search_vector @@ plainto_tsquery('simple', 'chalk')");
    assert.equal(chalk[0]!.n, 1);
  });

  it('gives identical rows when the same backup is indexed again', async () => {
    const snapshot = async () => ({
      messages: await test.db.query("SELECT * FROM whatsapp_message WHERE backup_id = 'two-apps' ORDER BY id"),
      attachments: await test.db.query("SELECT * FROM whatsapp_attachment WHERE backup_id = 'two-apps' ORDER BY id"),
      documents: await test.db.query("SELECT id, title, body, participants FROM artifact_search_index WHERE backup_id = 'two-apps' ORDER BY id"),
    });
    const once = await snapshot();
    const again = await test.runner.run(input);
    assert.equal(again.status, 'INDEXED');
    assert.deepEqual(await snapshot(), once);
    assert.equal(once.messages.length, 24);
  });
});
