// Messages plugin on real databases (iOS 7, iOS 13, macOS 13) and on broken ones: counts, exact instants,
// attributedBody text row by row, search documents, named failures. Evidence hashes are checked unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, rmSync, truncateSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import type { Row } from '../../kernel/plugin.js';
import { messagesPlugin } from './plugin.js';
import { decodeAttributedBody } from './typedstream.js';
import { MESSAGES_VARIANTS } from './layout.js';
import { fixtureCopyDb, fixturePath, sha256Of } from '../../kernel/testing/fixtures.js';
import { buildIos5SmsDb, buildSmsDb } from './testing/build-sms-db.js';

const IOS13 = fixturePath('messages/ios13-magnet-ctf/sms.db');
const MACOS13 = fixturePath('messages/macos13-ventura/chat.db');
const IOS7 = fixturePath('backups/ios7-domain-layout/HomeDomain/Library/SMS/sms.db');

const scratch = mkdtempSync(join(tmpdir(), 'messages-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the plugin on a piece of evidence and proves the file is byte-for-byte unchanged. */
async function runOnEvidence(path: string): Promise<HarnessResult> {
  const before = sha256Of(path);
  const result = await runPlugin(messagesPlugin, path);
  assert.equal(sha256Of(path), before, `${path} changed while being parsed`);
  assert.equal(result.sha256, before);
  return result;
}

/** Rows of the source `message` table, read from a private copy. */
function sourceMessages(path: string): Array<{ rowid: number; text: string | null; body: Buffer | null }> {
  const db = fixtureCopyDb(path, scratch);
  try {
    return db.prepare('SELECT ROWID AS rowid, text, attributedBody AS body FROM message ORDER BY ROWID').all() as Array<{
      rowid: number;
      text: string | null;
      body: Buffer | null;
    }>;
  } finally {
    db.close();
  }
}

function byRowid(rows: Row[]): Map<number, Row> {
  return new Map(rows.map((row) => [Number(row.source_rowid), row]));
}

function warningCodes(result: HarnessResult): string[] {
  return result.warnings.map((warning) => warning.code);
}

describe('iOS 13 sms.db (Magnet CTF)', async () => {
  const result = await runOnEvidence(IOS13);
  const messages = byRowid(result.tables.message!);

  test('counts conversations, messages and attachments as sqlite3 does', () => {
    assert.equal(result.rows.message_conversation, 7);
    assert.equal(result.rows.message, 105);
    assert.equal(result.rows.message_attachment, 7);
    assert.equal(result.rows.message_reaction, 0);
    assert.equal(result.variant, MESSAGES_VARIANTS.nanoseconds);
  });

  test('decoding attributedBody reproduces text on every one of the 105 rows', () => {
    const rows = sourceMessages(IOS13);
    assert.equal(rows.length, 105);
    for (const row of rows) {
      assert.ok(row.body, `row ${row.rowid} has an attributedBody`);
      const decoded = decodeAttributedBody(row.body);
      assert.ok(decoded.ok, `row ${row.rowid}: ${decoded.ok ? '' : decoded.message}`);
      assert.equal(decoded.value.text, row.text, `row ${row.rowid}`);
      const written = messages.get(row.rowid);
      assert.ok(written, `row ${row.rowid} written`);
      assert.equal(written.text, row.text, `row ${row.rowid} text`);
      assert.equal(written.text_source, 'text');
    }
    assert.ok(!warningCodes(result).includes('MESSAGES_TEXT_BODY_MISMATCH'));
    assert.ok(!warningCodes(result).includes('MESSAGES_ATTRIBUTED_BODY_MALFORMED'));
  });

  test('every date falls in 2019-2020, none in 1970 or 2001', () => {
    const low = Date.UTC(2019, 0, 1);
    const high = Date.UTC(2021, 0, 1);
    for (const row of result.tables.message!) {
      const sent = row.sent_at as Date;
      assert.ok(sent instanceof Date, `row ${String(row.source_rowid)} has a sent time`);
      assert.ok(sent.getTime() >= low && sent.getTime() < high, `row ${String(row.source_rowid)}: ${sent.toISOString()}`);
      for (const column of ['read_at', 'delivered_at'] as const) {
        const value = row[column] as Date | null;
        if (value === null) continue;
        assert.ok(value.getTime() >= low && value.getTime() < high, `row ${String(row.source_rowid)} ${column}: ${value.toISOString()}`);
      }
    }
    assert.ok(!warningCodes(result).includes('TIME_OUT_OF_RANGE'));
  });

  test('nanosecond and second values of the same row are both converted (decided per value)', () => {
    const row = messages.get(12)!;
    assert.equal((row.sent_at as Date).toISOString(), '2019-12-26T18:50:37.642Z');
    assert.equal((row.read_at as Date).toISOString(), new Date((599597752 + 978307200) * 1000).toISOString());
    assert.equal(row.sender, '22000');
    assert.equal(row.is_from_me, false);
    assert.equal(row.service, 'SMS');
  });

  test('conversations carry participants, counts and last message time', () => {
    const conversations = byRowid(result.tables.message_conversation!);
    const imessage = conversations.get(17)!;
    assert.equal(imessage.guid, 'iMessage;-;+15183808956');
    assert.equal(imessage.service, 'iMessage');
    assert.deepEqual(imessage.participants, ['+15183808956']);
    assert.equal(imessage.is_group, false);
    assert.equal(imessage.title, '+15183808956');
    assert.equal(imessage.message_count, 45);
    assert.equal((imessage.last_message_at as Date).toISOString(), new Date(Math.round(601340283268287232 / 1e6 + 978307200000)).toISOString());
    const expected: Record<number, number> = { 6: 3, 10: 1, 11: 2, 17: 45, 24: 4, 28: 49, 45: 1 };
    for (const [rowid, count] of Object.entries(expected)) {
      assert.equal(conversations.get(Number(rowid))!.message_count, count, `chat ${rowid}`);
    }
    const byConversation = new Map<string, number>();
    for (const message of result.tables.message!) {
      byConversation.set(String(message.conversation_id), (byConversation.get(String(message.conversation_id)) ?? 0) + 1);
    }
    for (const conversation of conversations.values()) {
      assert.equal(byConversation.get(String(conversation.id)), conversation.message_count);
    }
  });

  test('attachments keep their metadata, message and backup location', () => {
    const attachments = byRowid(result.tables.message_attachment!);
    const heic = attachments.get(3)!;
    assert.equal(heic.message_id, messages.get(34)!.id);
    assert.equal(heic.transfer_name, 'IMG_0066.HEIC');
    assert.equal(heic.mime_type, 'image/heic');
    assert.equal(heic.uti, 'public.heic');
    assert.equal(heic.total_bytes, '2160391');
    assert.equal((heic.created_at as Date).toISOString(), '2020-01-05T17:29:24.000Z');
    assert.equal(heic.backup_domain, 'MediaDomain');
    assert.equal(heic.backup_relative_path, 'Library/SMS/Attachments/9e/14/3F582393-07A0-4DB2-9211-D0A9470D1079/IMG_0066.HEIC');
    const owners = new Set(result.tables.message_attachment!.map((attachment) => attachment.message_id));
    for (const rowid of [34, 125, 127, 129, 157, 209]) assert.ok(owners.has(messages.get(rowid)!.id), `message ${rowid} owns an attachment`);
  });

  test('one search document per message with words; attachment-only rows have none', () => {
    const placeholders = result.tables.message!.filter((row) => String(row.text ?? '').replace(/\uFFFC/g, '').trim() === '');
    assert.equal(placeholders.length, 5);
    assert.equal(result.documents.length, 105 - placeholders.length);
    const document = result.documents.find((doc) => doc.artifact_id === messages.get(12)!.id)!;
    assert.equal(document.type, 'message');
    assert.equal(document.title, '22000');
    assert.match(String(document.body), /G-680228 is your Google verification code/);
    assert.deepEqual(document.participants, ['22000']);
    assert.equal((document.occurred_at as Date).toISOString(), '2019-12-26T18:50:37.642Z');
    for (const placeholder of placeholders) {
      assert.ok(!result.documents.some((doc) => doc.artifact_id === placeholder.id));
    }
  });
});

describe('macOS 13 chat.db', async () => {
  const result = await runOnEvidence(MACOS13);
  const messages = byRowid(result.tables.message!);

  test('reads both messages; the NULL-text one gets its words from attributedBody', () => {
    assert.equal(result.rows.message, 2);
    assert.equal(result.rows.message_attachment, 2);
    assert.equal(result.rows.message_conversation, 2);
    assert.equal(result.variant, MESSAGES_VARIANTS.modern);
    const bodyOnly = messages.get(1602652)!;
    assert.equal(bodyOnly.text, 'iMessagedb test: Let’s set something up ');
    assert.equal(bodyOnly.text_source, 'attributed-body');
    assert.equal((bodyOnly.sent_at as Date).toISOString(), '2023-05-17T12:22:43.581Z');
    assert.equal(messages.get(1602655)!.text, '\uFFFC\uFFFCIt’s a lovely day!');
  });

  test('a word found only inside attributedBody is in that message search document', () => {
    const rows = sourceMessages(MACOS13);
    assert.equal(rows.find((row) => row.rowid === 1602652)!.text, null);
    assert.ok(!rows.some((row) => (row.text ?? '').includes('iMessagedb')));
    const hits = result.documents.filter((doc) => String(doc.body).includes('iMessagedb'));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.artifact_id, messages.get(1602652)!.id);
    assert.deepEqual(hits[0]!.participants, ['scripting@schore.org', '+17324475860']);
  });

  test('group conversations list every member, one-to-one ones their single handle', () => {
    const conversations = byRowid(result.tables.message_conversation!);
    assert.equal(conversations.get(1441)!.is_group, true);
    assert.deepEqual(conversations.get(1441)!.participants, ['scripting@schore.org', '+17324475860']);
    assert.equal(conversations.get(2)!.is_group, false);
    assert.equal(messages.get(1602652)!.conversation_id, conversations.get(1441)!.id);
  });
});

describe('iOS 7 sms.db (domain layout)', async () => {
  const result = await runOnEvidence(IOS7);

  test('two messages with dates in seconds converted to the exact instants', () => {
    assert.equal(result.rows.message, 2);
    assert.equal(result.variant, MESSAGES_VARIANTS.original);
    const rows = byRowid(result.tables.message!);
    assert.equal((rows.get(1)!.sent_at as Date).toISOString(), '2015-11-01T21:59:14.000Z');
    assert.equal((rows.get(1)!.read_at as Date).toISOString(), '2015-11-01T22:01:25.000Z');
    assert.equal((rows.get(2)!.sent_at as Date).toISOString(), '2015-11-01T21:59:16.000Z');
    assert.equal(rows.get(1)!.delivered_at, null);
    assert.equal(rows.get(1)!.item_type, 'normal');
    assert.equal(rows.get(1)!.raw_item_type, null);
    assert.equal(rows.get(1)!.sender, '4891');
  });

  test('the conversation has its participant and both messages', () => {
    const [conversation] = result.tables.message_conversation!;
    assert.deepEqual(conversation!.participants, ['4891']);
    assert.equal(conversation!.message_count, 2);
    assert.equal(conversation!.display_name, null);
    assert.equal((conversation!.last_message_at as Date).toISOString(), '2015-11-01T21:59:16.000Z');
  });
});

describe('databases the plugin must refuse by name', () => {
  const sample = (name: string): string => {
    const path = join(scratch, name);
    buildSmsDb(path, 'ios11', {
      handles: [{ id: '+15551230001' }],
      chats: [{ guid: 'SMS;-;+15551230001', identifier: '+15551230001', service: 'SMS', members: ['+15551230001'] }],
      messages: Array.from({ length: 400 }, (_, index) => ({
        guid: `G-${index}`,
        chats: ['SMS;-;+15551230001'],
        from: '+15551230001',
        text: `message number ${index} `.repeat(8),
        service: 'SMS',
        sentAt: new Date(Date.UTC(2018, 0, 1) + index * 60_000),
      })),
    });
    return path;
  };

  const cases: Array<{ name: string; make: () => string; code: string; message?: RegExp }> = [
    {
      name: 'not SQLite at all',
      make: () => {
        const path = join(scratch, 'garbage-sms.db');
        const bytes = Buffer.alloc(8192);
        for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919) % 251;
        writeFileBytes(path, bytes);
        return path;
      },
      code: 'SOURCE_CORRUPT',
    },
    {
      name: 'truncated copy',
      make: () => {
        const path = sample('truncated-sms.db');
        truncateSync(path, Math.floor(statSync(path).size / 2));
        return path;
      },
      code: 'SOURCE_CORRUPT',
      message: /truncated/,
    },
    {
      name: 'message table pages overwritten',
      make: () => {
        const path = sample('damaged-sms.db');
        const db = new Database(path, { readonly: true });
        const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'message'").get() as { rootpage: number };
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        db.close();
        const handle = openSync(path, 'r+');
        writeSync(handle, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
        closeSync(handle);
        return path;
      },
      code: 'SQLITE_CORRUPT',
    },
    {
      name: 'message table missing',
      make: () => {
        const path = sample('no-message-sms.db');
        const db = new Database(path);
        db.pragma('foreign_keys = OFF');
        db.exec('DROP TABLE message');
        db.close();
        return path;
      },
      code: 'UNSUPPORTED_SCHEMA',
      message: /table message is missing/,
    },
    {
      name: 'iOS 5 layout',
      make: () => {
        const path = join(scratch, 'ios5-sms.db');
        buildIos5SmsDb(path);
        return path;
      },
      code: 'UNSUPPORTED_SCHEMA',
      message: /iOS 5.*msg_group/,
    },
  ];

  for (const { name, make, code, message } of cases) {
    test(`${name}: fails with ${code}`, async () => {
      const path = make();
      await assert.rejects(runPlugin(messagesPlugin, path), (error: { code?: string; message?: string }) => {
        assert.equal(error.code, code, `${name}: ${String(error.message)}`);
        if (message) assert.match(String(error.message), message);
        return true;
      });
    });
  }
});

function writeFileBytes(path: string, bytes: Buffer): void {
  const handle = openSync(path, 'w');
  writeSync(handle, bytes);
  closeSync(handle);
}

describe('a message table without some of its core columns', () => {
  test('reads what is there and names each missing column in a warning', async () => {
    const path = join(scratch, 'thin-sms.db');
    const db = new Database(path);
    db.exec(`
      CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, text TEXT, is_from_me INTEGER);
      INSERT INTO message (guid, text, is_from_me) VALUES ('T-1', 'hello from a thin table', 1), ('T-2', 'second', 0);`);
    db.close();
    const result = await runPlugin(messagesPlugin, path);
    assert.deepEqual(result.tables.message!.map((row) => [row.guid, row.text, row.sent_at]), [
      ['T-1', 'hello from a thin table', null],
      ['T-2', 'second', null],
    ]);
    const missing = result.warnings.filter((warning) => warning.code === 'MESSAGES_COLUMN_MISSING').map((warning) => warning.message);
    assert.deepEqual(missing, [
      'message.handle_id is missing: it is read as NULL on every message',
      'message.date is missing: it is read as NULL on every message',
      'message.service is missing: it is read as NULL on every message',
    ]);
    assert.ok(result.warnings.some((warning) => warning.code === 'MESSAGES_NO_CHATS'));
  });
});
