// Tests of the whatsapp plugin on builder-made ChatStorage.sqlite files: every table round-trips with literal values,
// senders and push names resolve, search documents, reduced schemas, both app locations, and named failures.
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SourceContext } from '../../kernel/context.js';
import { openSource, sha256File } from '../../kernel/source.js';
import { tablesOf } from '../../kernel/tables.js';
import { fixturePath } from '../../kernel/testing/fixtures.js';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import type { Row } from '../../kernel/plugin.js';
import { whatsappPlugin } from './plugin.js';
import {
  ChatStorageWriter,
  SAMPLE_JIDS,
  SAMPLE_VCARD,
  buildBulkChatStorage,
  buildSampleChatStorage,
  type ChatStorageLayout,
  type OptionalChatStorageTable,
} from './testing/build-chat-storage.js';

const WHATSAPP_DOMAIN = 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared';
const BUSINESS_DOMAIN = 'AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared';
const { anna, tom, claire, group } = SAMPLE_JIDS;

const folder = mkdtempSync(join(tmpdir(), 'whatsapp-test-'));
let serial = 0;

function storePath(): string {
  serial += 1;
  return join(folder, `${serial}-ChatStorage.sqlite`);
}

function sampleStore(layout: ChatStorageLayout = {}): string {
  const path = storePath();
  buildSampleChatStorage(path, layout);
  return path;
}

function byStanza(result: HarnessResult): Map<string, Row> {
  return new Map(result.tables.whatsapp_message!.map((row) => [String(row.stanza_id), row]));
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : (value as null);
}

function codes(result: HarnessResult): string[] {
  return result.warnings.map((warning) => warning.code).sort();
}

after(() => rmSync(folder, { recursive: true, force: true }));

describe('whatsapp plugin declaration', () => {
  it('declares both app locations and a pattern for other app groups, its four tables parents first, and a message search mapper', () => {
    assert.equal(whatsappPlugin.id, 'whatsapp');
    assert.deepEqual(whatsappPlugin.source.fileNames, ['ChatStorage.sqlite']);
    assert.deepEqual(whatsappPlugin.source.locations, [
      { domain: WHATSAPP_DOMAIN, relativePath: 'ChatStorage.sqlite' },
      { domain: BUSINESS_DOMAIN, relativePath: 'ChatStorage.sqlite' },
      { domain: 'AppDomainGroup-*whatsapp*', relativePath: 'ChatStorage.sqlite' },
    ]);
    assert.deepEqual(tablesOf(whatsappPlugin.entities), [
      'whatsapp_chat',
      'whatsapp_group_member',
      'whatsapp_message',
      'whatsapp_attachment',
    ]);
    assert.deepEqual(Object.keys(whatsappPlugin.search), ['whatsapp_message']);
  });
});

describe('sample ChatStorage round trip', () => {
  let result: HarnessResult;
  let messages: Map<string, Row>;
  let chatIds: Map<string, string>;

  before(async () => {
    result = await runPlugin(whatsappPlugin, {
      path: sampleStore(),
      location: { domain: WHATSAPP_DOMAIN, relativePath: 'ChatStorage.sqlite' },
    });
    messages = byStanza(result);
    chatIds = new Map(result.tables.whatsapp_chat!.map((row) => [String(row.jid), String(row.id)]));
  });

  it('writes every row, names the variant, and warns only about the planted orphans and the encoded push name', () => {
    assert.deepEqual(result.rows, {
      whatsapp_chat: 4,
      whatsapp_group_member: 3,
      whatsapp_message: 22,
      whatsapp_attachment: 11,
    });
    assert.equal(result.variant, 'chatstorage');
    assert.deepEqual(
      result.warnings.map(({ code, count }) => [code, count]).sort(),
      [
        ['WHATSAPP_ORPHAN_ATTACHMENTS', 1],
        ['WHATSAPP_ORPHAN_MESSAGES', 1],
        ['WHATSAPP_PUSHNAME_ENCODED', 1],
      ],
    );
  });

  const chats: Array<[string, Record<string, unknown>]> = [
    [anna, { name: 'Anna Berger', kind: 'one-to-one', session_type: 0, archived: false, last_message_at: '2020-01-06T10:55:50.000Z', message_count: 13, message_counter: 13, group_created_at: null, group_creator_jid: null }],
    [group, { name: 'Climbing Crew', kind: 'group', session_type: 1, archived: true, last_message_at: '2020-01-06T10:57:30.000Z', message_count: 7, message_counter: 7, group_created_at: '2019-12-25T20:53:20.000Z', group_creator_jid: anna }],
    ['status@broadcast', { name: null, kind: 'status', session_type: 3, archived: false, last_message_at: null, message_count: 0, message_counter: 0, group_created_at: null, group_creator_jid: null }],
    ['1580000000@broadcast', { name: 'Team list', kind: 'broadcast', session_type: 2, archived: false, last_message_at: '2020-01-06T10:58:20.000Z', message_count: 1, message_counter: 1, group_created_at: null, group_creator_jid: null }],
  ];
  for (const [jid, expected] of chats) {
    it(`reads chat ${jid}`, () => {
      const row = result.tables.whatsapp_chat!.find((chat) => chat.jid === jid);
      assert.ok(row, `chat ${jid} missing`);
      const actual = Object.fromEntries(
        Object.keys(expected).map((key) => [key, key.endsWith('_at') ? iso(row[key]) : row[key]]),
      );
      assert.deepEqual(actual, expected);
      assert.equal(row.app, 'whatsapp');
    });
  }

  it('reads group members with their JID, name, push name, active and admin flags', () => {
    const members = result.tables.whatsapp_group_member!.map((row) => [row.chat_id, row.member_jid, row.name, row.push_name, row.active, row.admin]);
    const crew = chatIds.get(group);
    assert.deepEqual(members, [
      [crew, anna, 'Anna Berger', 'Anna B.', true, true],
      [crew, tom, 'Tom', 'Tommy K', true, false],
      [crew, claire, 'Claire', 'Claire D', false, false],
    ]);
  });

  const expectedMessages: Array<[string, Record<string, unknown>]> = [
    ['3A1F6C2B9D0E4A7B8C21', { kind: 'text', message_type: 0, from_me: false, sender_jid: anna, push_name: 'Anna B.', text: 'Are we still on for Saturday?', message_at: '2020-01-06T10:40:00.000Z', sent_at: null, starred: false, forwarded: false }],
    ['3EB0A1B2C3D4E5F60718', { kind: 'text', message_type: 0, from_me: true, sender_jid: null, push_name: null, text: 'Yes, 10am at the crag', message_at: '2020-01-06T10:41:00.000Z', sent_at: '2020-01-06T10:40:58.000Z', starred: true, forwarded: false }],
    ['3A1F6C2B9D0E4A7B8C22', { kind: 'image', message_type: 1, from_me: false, sender_jid: anna, text: null, message_at: '2020-01-06T10:42:00.000Z' }],
    ['3EB0A1B2C3D4E5F60719', { kind: 'video', message_type: 2, from_me: true, sender_jid: null, message_at: '2020-01-06T10:43:00.000Z', sent_at: '2020-01-06T10:42:59.000Z', forwarded: true, flags: 128 }],
    ['3A1F6C2B9D0E4A7B8C23', { kind: 'audio', message_type: 3, message_at: '2020-01-06T10:44:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C24', { kind: 'contact', message_type: 4, message_at: '2020-01-06T10:45:00.000Z' }],
    ['3EB0A1B2C3D4E5F6071A', { kind: 'location', message_type: 5, from_me: true, message_at: '2020-01-06T10:46:00.000Z', sent_at: '2020-01-06T10:46:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C25', { kind: 'link', message_type: 7, text: 'Route topo https://example.org/topo/schrammsteine', message_at: '2020-01-06T10:47:00.000Z' }],
    ['3EB0A1B2C3D4E5F6071B', { kind: 'document', message_type: 8, message_at: '2020-01-06T10:48:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C26', { kind: 'deleted', message_type: 14, text: null, message_at: '2020-01-06T10:49:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C27', { kind: 'sticker', message_type: 15, message_at: '2020-01-06T10:50:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C28', { kind: 'text', text: 'Perfect, see you there', quoted_stanza_id: '3EB0A1B2C3D4E5F60718', message_at: '2020-01-06T10:51:00.000Z' }],
    ['SYS-GROUP-CREATED-01', { kind: 'system', message_type: 6, group_event_type: 12, sender_jid: null, text: null, message_at: '2019-12-25T20:53:20.000Z' }],
    ['3A2B000000000000AA01', { kind: 'text', group_event_type: 2, sender_jid: tom, push_name: 'Tommy K', text: 'Who brings the rope?', message_at: '2020-01-06T10:51:40.000Z' }],
    ['3A2B000000000000AA02', { kind: 'image', sender_jid: claire, push_name: 'Claire D', message_at: '2020-01-06T10:52:40.000Z' }],
    ['3EB0A1B2C3D4E5F6071C', { kind: 'text', from_me: true, sender_jid: null, push_name: null, text: 'I will bring the 70m rope', sent_at: '2020-01-06T10:53:19.000Z' }],
    ['SYS-SUBJECT-01', { kind: 'system', group_event_type: 1, text: 'Climbing Crew', message_at: '2020-01-06T10:54:10.000Z' }],
    ['3A2B000000000000AA03', { kind: 'poll', message_type: 46, text: 'Saturday or Sunday?', sender_jid: anna, message_at: '2020-01-06T10:55:00.000Z' }],
    ['3A1F6C2B9D0E4A7B8C29', { kind: 'unknown-11', message_type: 11, message_at: '2020-01-06T10:55:50.000Z' }],
    ['3A99000000000000FF01', { kind: 'text', chat_id: null, sender_jid: tom, text: 'Lost message', message_at: '2020-01-06T10:56:40.000Z' }],
    ['3A2B000000000000AA04', { kind: 'text', group_member_id: null, sender_jid: tom, push_name: 'Tommy K', message_at: '2020-01-06T10:57:30.000Z' }],
    ['3EB0A1B2C3D4E5F6071D', { kind: 'text', from_me: true, text: 'Meeting moved to 8pm', message_at: '2020-01-06T10:58:20.000Z', sent_at: '2020-01-06T10:58:20.000Z' }],
  ];
  for (const [stanza, expected] of expectedMessages) {
    it(`reads message ${stanza} as ${String(expected.kind)}`, () => {
      const row = messages.get(stanza);
      assert.ok(row, `message ${stanza} missing`);
      const actual = Object.fromEntries(
        Object.keys(expected).map((key) => [key, key.endsWith('_at') ? iso(row[key]) : row[key]]),
      );
      assert.deepEqual(actual, expected);
    });
  }

  it('links messages to their chat and group messages to their member row', () => {
    assert.equal(messages.get('3A1F6C2B9D0E4A7B8C21')!.chat_id, chatIds.get(anna));
    assert.equal(messages.get('3EB0A1B2C3D4E5F6071D')!.chat_id, chatIds.get('1580000000@broadcast'));
    const tomMember = result.tables.whatsapp_group_member!.find((row) => row.member_jid === tom)!;
    const fromTom = messages.get('3A2B000000000000AA01')!;
    assert.equal(fromTom.chat_id, chatIds.get(group));
    assert.equal(fromTom.group_member_id, tomMember.id);
  });

  it('resolves a group sender to the member JID and push name, and leaves my own messages without a sender', () => {
    const groupMessage = messages.get('3A2B000000000000AA02')!;
    assert.equal(groupMessage.sender_jid, claire);
    assert.equal(groupMessage.push_name, 'Claire D');
    for (const row of result.tables.whatsapp_message!.filter((message) => message.from_me === true)) {
      assert.equal(row.sender_jid, null, `from-me message ${String(row.stanza_id)} has a sender`);
      assert.equal(row.push_name, null);
    }
  });

  const expectedAttachments: Array<[string, Record<string, unknown>]> = [
    ['3A1F6C2B9D0E4A7B8C22', { kind: 'image', local_path: `Media/${anna}/4/2/3A1F6C2B-image.jpg`, title: 'Sunset over the Elbsandstein', file_size: 245760, mime_type: 'image/jpeg', media_hash: 'x9Yt0c3JvQ2E=', latitude: null, longitude: null, duration_seconds: null, backup_domain: WHATSAPP_DOMAIN, backup_relative_path: `Message/Media/${anna}/4/2/3A1F6C2B-image.jpg` }],
    ['3EB0A1B2C3D4E5F60719', { kind: 'video', local_path: `Media/${anna}/4/2/clip.mp4`, title: null, file_size: 5242880, mime_type: 'video/mp4', duration_seconds: 14, latitude: null, longitude: null }],
    ['3A1F6C2B9D0E4A7B8C23', { kind: 'audio', file_size: 18432, mime_type: 'audio/ogg; codecs=opus', duration_seconds: 7 }],
    ['3A1F6C2B9D0E4A7B8C24', { kind: 'contact', local_path: null, vcard_name: 'Bernd Maier', vcard_string: SAMPLE_VCARD, mime_type: null, file_size: null, media_hash: null, backup_domain: null, backup_relative_path: null }],
    ['3EB0A1B2C3D4E5F6071A', { kind: 'location', title: 'Schrammsteine', latitude: 50.9187, longitude: 14.0706, vcard_name: null }],
    ['3A1F6C2B9D0E4A7B8C25', { kind: 'link', title: 'Schrammsteine topo', local_path: null }],
    ['3EB0A1B2C3D4E5F6071B', { kind: 'document', title: 'permit-2020.pdf', file_size: 88211, mime_type: 'application/pdf', backup_relative_path: `Message/Media/${anna}/4/2/permit-2020.pdf` }],
    ['3A1F6C2B9D0E4A7B8C27', { kind: 'sticker', mime_type: 'image/webp', file_size: 20480 }],
    ['3A2B000000000000AA02', { kind: 'image', title: 'Chalk bag found at the crag', backup_relative_path: `Message/Media/${group}/7/1/chalk.jpg`, media_hash: 'cGhvdG9oYXNo' }],
    ['3A1F6C2B9D0E4A7B8C29', { kind: 'unknown-11', local_path: `Media/${anna}/4/2/funny.mp4`, mime_type: 'video/mp4' }],
  ];
  for (const [stanza, expected] of expectedAttachments) {
    it(`reads the attachment of message ${stanza} (${String(expected.kind)})`, () => {
      const message = messages.get(stanza)!;
      const rows = result.tables.whatsapp_attachment!.filter((row) => row.message_id === message.id);
      assert.equal(rows.length, 1);
      const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, rows[0]![key]]));
      assert.deepEqual(actual, expected);
      assert.equal(rows[0]!.app, 'whatsapp');
    });
  }

  it('writes no attachment for a reply whose media item only carries quoted-message metadata', () => {
    const reply = messages.get('3A1F6C2B9D0E4A7B8C28')!;
    assert.equal(result.tables.whatsapp_attachment!.filter((row) => row.message_id === reply.id).length, 0);
  });

  it('keeps a media item that belongs to no message, with no message', () => {
    const orphan = result.tables.whatsapp_attachment!.find((row) => row.local_path === 'Media/orphan.jpg');
    assert.ok(orphan);
    assert.equal(orphan.message_id, null);
    assert.equal(orphan.kind, null);
    assert.equal(orphan.mime_type, 'image/jpeg');
  });

});

describe('write order', () => {
  it('writes every parent row before the rows that reference it', async () => {
    const source = await openSource({ path: sampleStore() });
    const written: Array<{ table: string; row: Row }> = [];
    try {
      const context = new SourceContext({
        pluginId: whatsappPlugin.id,
        backupId: 'order',
        sourceId: 'order-source',
        db: source.db,
        schema: source.schema,
        options: { app: 'whatsapp' as const },
        location: null,
        files: null,
        tables: tablesOf(whatsappPlugin.entities),
        search: whatsappPlugin.search,
        sink: { write: (table, row) => void written.push({ table, row }) },
      });
      await whatsappPlugin.parse(context);
    } finally {
      await source.close();
    }
    const position = new Map(written.map((entry, index) => [entry.row.id, index]));
    let references = 0;
    written.forEach((entry, index) => {
      for (const key of ['chat_id', 'group_member_id', 'message_id']) {
        const parent = entry.row[key];
        if (parent === null || parent === undefined) continue;
        references += 1;
        assert.ok((position.get(parent) ?? Infinity) < index, `${entry.table}.${key} written before its parent`);
      }
    });
    assert.equal(references, 3 + 21 + 4 + 10);
  });
});

describe('search documents', () => {
  let result: HarnessResult;
  let messages: Map<string, Row>;
  before(async () => {
    result = await runPlugin(whatsappPlugin, sampleStore(), { options: { app: 'whatsapp' } });
    messages = byStanza(result);
  });

  function documentOf(stanza: string): Row | undefined {
    const id = messages.get(stanza)!.id;
    return result.documents.find((document) => document.artifact_id === id);
  }

  it('makes one document per message with text or caption', () => {
    assert.equal(result.searchDocuments, 15);
    assert.ok(result.documents.every((document) => document.artifact_table === 'whatsapp_message' && document.type === 'whatsapp_message'));
  });

  it('finds a message by a word of its caption', () => {
    const hits = result.documents.filter((document) => String(document.body).includes('Chalk'));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.artifact_id, messages.get('3A2B000000000000AA02')!.id);
    assert.equal(hits[0]!.title, 'Climbing Crew');
    assert.deepEqual(hits[0]!.participants, [claire, 'Claire D', group]);
    assert.equal(iso(hits[0]!.occurred_at), '2020-01-06T10:52:40.000Z');
  });

  it('puts text and link title together in the body', () => {
    assert.equal(documentOf('3A1F6C2B9D0E4A7B8C25')!.body, 'Route topo https://example.org/topo/schrammsteine\nSchrammsteine topo');
  });

  const withoutDocuments = ['3A1F6C2B9D0E4A7B8C26', 'SYS-GROUP-CREATED-01', '3A1F6C2B9D0E4A7B8C23', '3A1F6C2B9D0E4A7B8C24'];
  for (const stanza of withoutDocuments) {
    it(`keeps ${stanza} as a row without a document`, () => {
      assert.ok(messages.get(stanza));
      assert.equal(documentOf(stanza), undefined);
    });
  }

  it('indexes a system message that carries text, and a message whose chat is missing', () => {
    assert.equal(documentOf('SYS-SUBJECT-01')!.body, 'Climbing Crew');
    const lost = documentOf('3A99000000000000FF01')!;
    assert.equal(lost.title, null);
    assert.deepEqual(lost.participants, [tom, 'Tommy K']);
  });

  it('titles one-to-one documents by the partner name with my messages having only the chat as participant', () => {
    const mine = documentOf('3EB0A1B2C3D4E5F60718')!;
    assert.equal(mine.title, 'Anna Berger');
    assert.deepEqual(mine.participants, [anna]);
  });
});

describe('Cocoa seconds', () => {
  const cases: Array<[string, number | null, string | null]> = [
    ['epoch plus one second', 1, '2001-01-01T00:00:01.000Z'],
    ['600000000', 600000000, '2020-01-06T10:40:00.000Z'],
    ['fractional seconds', 600000000.125, '2020-01-06T10:40:00.125Z'],
    ['year 2000 boundary of the plausible window', -31622400, '2000-01-01T00:00:00.000Z'],
    ['0 means no date', 0, null],
    ['NULL means no date', null, null],
    ['out of range', 4_000_000_000, null],
  ];
  let result: HarnessResult;
  before(async () => {
    const path = storePath();
    const store = new ChatStorageWriter(path);
    const chat = store.chat({ jid: anna, partnerName: 'Anna', sessionType: 0 });
    cases.forEach(([label, date]) => store.message({ chat, type: 0, date, text: label, stanzaId: label }));
    store.finish();
    result = await runPlugin(whatsappPlugin, path, { options: { app: 'whatsapp' } });
  });
  for (const [label, , expected] of cases) {
    it(`converts ${label}`, () => {
      assert.equal(iso(byStanza(result).get(label)!.message_at), expected);
    });
  }
  it('names the column of out-of-range values in one warning', () => {
    const warning = result.warnings.find((entry) => entry.code === 'TIME_OUT_OF_RANGE' && entry.message.startsWith('ZWAMESSAGE.ZMESSAGEDATE:'));
    assert.ok(warning, 'no warning names ZWAMESSAGE.ZMESSAGEDATE');
    assert.equal(warning.count, 1);
    assert.equal(iso(result.tables.whatsapp_message!.find((row) => row.stanza_id === 'out of range')!.message_at), null);
  });
});

describe('coordinates', () => {
  it('keeps location coordinates, and stores NULL for a 0/0 placeholder and for non-location media', async () => {
    const path = storePath();
    const store = new ChatStorageWriter(path);
    const chat = store.chat({ jid: anna, partnerName: 'Anna', sessionType: 0 });
    store.message({ chat, type: 5, date: 600000000, stanzaId: 'pin', media: { title: 'Hut', latitude: -33.8568, longitude: 151.2153 } });
    store.message({ chat, type: 5, date: 600000001, stanzaId: 'placeholder', media: { title: 'Somewhere', latitude: 0, longitude: 0 } });
    store.message({ chat, type: 5, date: 600000002, stanzaId: 'equator', media: { title: 'Equator', latitude: 0, longitude: 32.5 } });
    store.message({ chat, type: 1, date: 600000003, stanzaId: 'photo', media: { localPath: 'Media/p.jpg', latitude: 3024, longitude: 4032 } });
    store.finish();
    const result = await runPlugin(whatsappPlugin, path, { options: { app: 'whatsapp' } });
    const messages = byStanza(result);
    const coordinates = (stanza: string): unknown[] => {
      const row = result.tables.whatsapp_attachment!.find((attachment) => attachment.message_id === messages.get(stanza)!.id)!;
      return [row.latitude, row.longitude];
    };
    assert.deepEqual(coordinates('pin'), [-33.8568, 151.2153]);
    assert.deepEqual(coordinates('placeholder'), [null, null]);
    assert.deepEqual(coordinates('equator'), [0, 32.5]);
    assert.deepEqual(coordinates('photo'), [null, null]);
  });
});

describe('oddities kept as rows and counted', () => {
  it('keeps a member of a missing chat, nulls a push name with control characters and a quoted id in non-protobuf metadata', async () => {
    const path = storePath();
    const store = new ChatStorageWriter(path);
    const chat = store.chat({ jid: group, partnerName: 'Crew', sessionType: 1 });
    store.member({ chat: 9999, jid: tom, firstName: 'Tom' });
    const member = store.member({ chat, jid: claire, firstName: 'Claire' });
    store.pushName(claire, 'Cla\u0001ire');
    store.message({ chat, type: 0, date: 600000000, text: 'hello', stanzaId: 'hello', member, fromJid: group });
    store.message({ chat, type: 0, date: 600000001, text: 'bad meta', stanzaId: 'bad-meta', media: { metadata: Buffer.from([0x2a, 0xff]) } });
    store.message({ chat, type: 0, date: 600000002, text: 'bad meta too', stanzaId: 'bad-meta-2', media: { metadata: Buffer.from([0x07]) } });
    store.finish();
    const result = await runPlugin(whatsappPlugin, path, { options: { app: 'whatsapp' } });
    assert.deepEqual(
      result.warnings.map(({ code, count }) => [code, count]).sort(),
      [
        ['WHATSAPP_METADATA_UNREADABLE', 2],
        ['WHATSAPP_ORPHAN_MEMBERS', 1],
        ['WHATSAPP_PUSHNAME_UNREADABLE', 1],
      ],
    );
    const orphan = result.tables.whatsapp_group_member!.find((row) => row.member_jid === tom)!;
    assert.equal(orphan.chat_id, null);
    assert.equal(result.tables.whatsapp_group_member!.find((row) => row.member_jid === claire)!.push_name, null);
    const messages = byStanza(result);
    assert.equal(messages.get('hello')!.sender_jid, claire);
    assert.equal(messages.get('hello')!.push_name, null);
    assert.equal(messages.get('bad-meta')!.quoted_stanza_id, null);
  });
});

describe('fixture builder', () => {
  let db: Database.Database;
  before(() => {
    db = new Database(sampleStore(), { readonly: true });
  });
  after(() => db.close());

  const tables = ['ZWACHATSESSION', 'ZWAGROUPINFO', 'ZWAGROUPMEMBER', 'ZWAMEDIAITEM', 'ZWAMESSAGE', 'ZWAPROFILEPUSHNAME'];
  for (const table of tables) {
    it(`writes ${table} with the Core Data columns and an entity number Z_PRIMARYKEY agrees with`, () => {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);
      assert.deepEqual(columns.slice(0, 3), ['Z_PK', 'Z_ENT', 'Z_OPT']);
      const stats = db.prepare(`SELECT max(Z_PK) AS max, min(Z_ENT) AS ent, max(Z_ENT) AS ent2 FROM ${table}`).get() as { max: number; ent: number; ent2: number };
      const key = db.prepare('SELECT Z_ENT AS ent, Z_NAME AS name, Z_MAX AS max FROM Z_PRIMARYKEY WHERE Z_ENT = ?').get(stats.ent) as { ent: number; name: string; max: number };
      assert.equal(stats.ent, stats.ent2);
      assert.equal(`Z${key.name.toUpperCase()}`, table);
      assert.equal(key.max, stats.max);
    });
  }

  it('writes Z_METADATA with a binary plist, and Core Data relationship indexes', () => {
    const metadata = db.prepare('SELECT Z_VERSION AS version, Z_UUID AS uuid, Z_PLIST AS plist FROM Z_METADATA').get() as { version: number; uuid: string; plist: Buffer };
    assert.equal(metadata.version, 1);
    assert.match(metadata.uuid, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    assert.equal(metadata.plist.subarray(0, 8).toString('ascii'), 'bplist00');
    assert.ok(metadata.plist.includes(Buffer.from(metadata.uuid, 'ascii')));
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((row) => row.name);
    assert.ok(indexes.includes('ZWAMESSAGE_ZCHATSESSION_INDEX'));
    assert.ok(indexes.includes('ZWAMEDIAITEM_ZMESSAGE_INDEX'));
  });

  it('stores dates as Cocoa seconds and links messages and media items both ways', () => {
    const row = db.prepare("SELECT m.ZMESSAGEDATE AS date, typeof(m.ZMESSAGEDATE) AS type, m.Z_PK AS pk, mi.ZMESSAGE AS back FROM ZWAMESSAGE m JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM WHERE m.ZSTANZAID = '3A1F6C2B9D0E4A7B8C22'").get() as { date: number; type: string; pk: number; back: number };
    assert.equal(row.date, 600000120);
    assert.equal(row.back, row.pk);
    const counters = db.prepare('SELECT c.ZMESSAGECOUNTER AS counter, (SELECT count(*) FROM ZWAMESSAGE m WHERE m.ZCHATSESSION = c.Z_PK) AS n FROM ZWACHATSESSION c').all() as Array<{ counter: number; n: number }>;
    assert.ok(counters.every((chat) => chat.counter === chat.n));
  });
});

describe('reduced schemas', () => {
  const tables: Array<[OptionalChatStorageTable[], (result: HarnessResult) => void]> = [
    [['ZWAPROFILEPUSHNAME'], (result) => {
      const messages = byStanza(result);
      assert.equal(messages.get('3A2B000000000000AA01')!.push_name, null, 'encoded ZPUSHNAME must not become a name');
      assert.equal(messages.get('3A1F6C2B9D0E4A7B8C21')!.push_name, null);
      assert.equal(result.tables.whatsapp_group_member![0]!.push_name, null);
    }],
    [['ZWAGROUPMEMBER'], (result) => {
      assert.equal(result.rows.whatsapp_group_member, 0);
      const messages = byStanza(result);
      assert.equal(messages.get('3A2B000000000000AA01')!.sender_jid, null, 'a group JID is not a sender');
      assert.equal(messages.get('3A2B000000000000AA04')!.sender_jid, tom);
      assert.equal(messages.get('3A2B000000000000AA01')!.push_name, null);
    }],
    [['ZWAMEDIAITEM'], (result) => {
      assert.equal(result.rows.whatsapp_attachment, 0);
      assert.equal(byStanza(result).get('3A1F6C2B9D0E4A7B8C28')!.quoted_stanza_id, null);
      assert.equal(result.searchDocuments, 11);
    }],
    [['ZWACHATSESSION', 'ZWAGROUPINFO'], (result) => {
      assert.equal(result.rows.whatsapp_chat, 0);
      assert.ok(result.tables.whatsapp_message!.every((row) => row.chat_id === null));
      assert.equal(result.warnings.find((warning) => warning.code === 'WHATSAPP_ORPHAN_MESSAGES')!.count, 22);
    }],
    [['ZWAPROFILEPUSHNAME', 'ZWAGROUPMEMBER', 'ZWAMEDIAITEM'], (result) => {
      assert.equal(result.rows.whatsapp_attachment, 0);
      assert.equal(result.rows.whatsapp_group_member, 0);
    }],
  ];
  for (const [omitted, check] of tables) {
    it(`completes without ${omitted.join(', ')} and says so`, async () => {
      const result = await runPlugin(whatsappPlugin, sampleStore({ omitTables: omitted }), { options: { app: 'whatsapp' } });
      assert.equal(result.rows.whatsapp_message, 22);
      const missing = result.warnings.filter((warning) => warning.code === 'WHATSAPP_TABLE_MISSING').map((warning) => warning.message);
      for (const table of omitted.filter((name) => name !== 'ZWAGROUPINFO')) {
        assert.ok(missing.some((message) => message.startsWith(`table ${table} is missing`)), `no warning for ${table}`);
      }
      assert.notEqual(result.variant, 'chatstorage');
      check(result);
    });
  }

  it('reads forwarded as NULL and chat kinds from JIDs when ZFLAGS and ZSESSIONTYPE are absent', async () => {
    const result = await runPlugin(
      whatsappPlugin,
      sampleStore({ omitColumns: { ZWAMESSAGE: ['ZFLAGS'], ZWACHATSESSION: ['ZSESSIONTYPE'] } }),
      { options: { app: 'whatsapp' } },
    );
    assert.ok(result.tables.whatsapp_message!.every((row) => row.forwarded === null && row.flags === null));
    assert.deepEqual(
      result.tables.whatsapp_chat!.map((row) => [row.jid, row.kind, row.session_type]),
      [
        [anna, 'one-to-one', null],
        [group, 'group', null],
        ['status@broadcast', 'status', null],
        ['1580000000@broadcast', 'broadcast', null],
      ],
    );
    const missing = result.warnings.filter((warning) => warning.code === 'WHATSAPP_COLUMN_MISSING').map((warning) => warning.message).sort();
    assert.deepEqual(missing, [
      'ZWACHATSESSION.ZSESSIONTYPE is missing: chat kinds are derived from their JID',
      'ZWAMESSAGE.ZFLAGS is missing: forwarded is NULL',
    ]);
  });

  it('links media through ZWAMEDIAITEM.ZMESSAGE when ZWAMESSAGE.ZMEDIAITEM is absent', async () => {
    const result = await runPlugin(whatsappPlugin, sampleStore({ omitColumns: { ZWAMESSAGE: ['ZMEDIAITEM'] } }), { options: { app: 'whatsapp' } });
    const messages = byStanza(result);
    const chalk = result.tables.whatsapp_attachment!.find((row) => row.title === 'Chalk bag found at the crag')!;
    assert.equal(chalk.message_id, messages.get('3A2B000000000000AA02')!.id);
    assert.equal(chalk.kind, 'image');
    assert.equal(result.rows.whatsapp_attachment, 11);
  });
});

describe('app locations', () => {
  it('records whatsapp and whatsapp-business for the two domains of one backup, as separate sources', async () => {
    const personal = await runPlugin(whatsappPlugin, { path: sampleStore(), location: { domain: WHATSAPP_DOMAIN, relativePath: 'ChatStorage.sqlite' } });
    const business = await runPlugin(whatsappPlugin, { path: sampleStore(), location: { domain: BUSINESS_DOMAIN, relativePath: 'ChatStorage.sqlite' } });
    for (const [result, app, domain] of [[personal, 'whatsapp', WHATSAPP_DOMAIN], [business, 'whatsapp-business', BUSINESS_DOMAIN]] as const) {
      assert.ok(!codes(result).includes('WHATSAPP_APP_ASSUMED'));
      for (const table of ['whatsapp_chat', 'whatsapp_group_member', 'whatsapp_message', 'whatsapp_attachment']) {
        assert.ok(result.tables[table]!.every((row) => row.app === app), `${table} rows of ${app}`);
      }
      const withFiles = result.tables.whatsapp_attachment!.filter((row) => row.local_path !== null);
      assert.ok(withFiles.length > 0 && withFiles.every((row) => row.backup_domain === domain));
    }
    const personalIds = new Set(personal.tables.whatsapp_message!.map((row) => row.id));
    assert.ok(business.tables.whatsapp_message!.every((row) => !personalIds.has(row.id)));
  });

  const bare: Array<[string, Record<string, unknown>, string, boolean]> = [
    ['no option', {}, 'whatsapp', true],
    ['option whatsapp-business', { app: 'whatsapp-business' }, 'whatsapp-business', false],
    ['option whatsapp', { app: 'whatsapp' }, 'whatsapp', false],
  ];
  for (const [label, options, app, warned] of bare) {
    it(`uses ${app} for a bare path with ${label}`, async () => {
      const result = await runPlugin(whatsappPlugin, sampleStore(), { options });
      assert.ok(result.tables.whatsapp_message!.every((row) => row.app === app));
      assert.equal(codes(result).includes('WHATSAPP_APP_ASSUMED'), warned);
      const document = result.tables.whatsapp_attachment!.find((row) => row.kind === 'document')!;
      assert.equal(document.backup_domain, app === 'whatsapp' ? WHATSAPP_DOMAIN : BUSINESS_DOMAIN);
    });
  }

  it('warns when the backup domain is neither app group, and keeps that domain for media', async () => {
    const result = await runPlugin(whatsappPlugin, { path: sampleStore(), location: { domain: 'AppDomainGroup-group.example', relativePath: 'ChatStorage.sqlite' } });
    const warning = result.warnings.find((entry) => entry.code === 'WHATSAPP_APP_ASSUMED');
    assert.ok(warning);
    assert.match(warning.message, /AppDomainGroup-group\.example/);
    assert.equal(result.tables.whatsapp_attachment!.find((row) => row.kind === 'document')!.backup_domain, 'AppDomainGroup-group.example');
  });

  it('rejects an app option that is neither app', async () => {
    await assert.rejects(runPlugin(whatsappPlugin, sampleStore(), { options: { app: 'signal' } }), { code: 'CONFIG_INVALID' });
  });

  it('asks the backup for each media file at its app group location', async () => {
    const asked: string[] = [];
    const result = await runPlugin(
      whatsappPlugin,
      { path: sampleStore(), location: { domain: BUSINESS_DOMAIN, relativePath: 'ChatStorage.sqlite' } },
      {
        files: {
          find: (location) => {
            asked.push(`${location.domain}|${location.relativePath}`);
            return location.relativePath.endsWith('clip.mp4') ? { ...location, fileId: 'abcdef', path: '/backup/ab/abcdef', size: 10 } : null;
          },
          list: () => [][Symbol.iterator](),
        },
      },
    );
    assert.ok(asked.includes(`${BUSINESS_DOMAIN}|Message/Media/${anna}/4/2/clip.mp4`));
    const present = result.tables.whatsapp_attachment!.map((row) => [row.local_path, row.file_present]);
    assert.deepEqual(present.filter(([, value]) => value === true), [[`Media/${anna}/4/2/clip.mp4`, true]]);
    assert.deepEqual(present.filter(([path]) => path === null).map(([, value]) => value), [null, null, null]);
    const ids = result.tables.whatsapp_attachment!.filter((row) => row.backup_file_id !== null).map((row) => [row.local_path, row.backup_file_id]);
    assert.deepEqual(ids, [[`Media/${anna}/4/2/clip.mp4`, 'abcdef']]);
  });
});

describe('named failures', () => {
  it('fails with UNSUPPORTED_SCHEMA on a SQLite file without ZWAMESSAGE', async () => {
    const path = storePath();
    const db = new Database(path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\')');
    db.close();
    await assert.rejects(runPlugin(whatsappPlugin, path), { code: 'UNSUPPORTED_SCHEMA', message: /ZWAMESSAGE/ });
  });

  it('fails with UNSUPPORTED_SCHEMA on a real AddressBook database and leaves it unchanged', async () => {
    const fixture = fixturePath('contacts/ios5-tracy-phone/AddressBook.sqlitedb');
    const before = await sha256File(fixture);
    await assert.rejects(runPlugin(whatsappPlugin, fixture), { code: 'UNSUPPORTED_SCHEMA' });
    assert.equal(await sha256File(fixture), before);
  });

  it('fails with SOURCE_CORRUPT on a file that is not SQLite', async () => {
    const path = storePath();
    writeFileSync(path, Buffer.from('this is a WhatsApp export in plain text, not a database\n'.repeat(100)));
    await assert.rejects(runPlugin(whatsappPlugin, path), { code: 'SOURCE_CORRUPT' });
  });

  it('fails with SOURCE_CORRUPT on a truncated ChatStorage', async () => {
    const path = sampleStore();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(runPlugin(whatsappPlugin, path), { code: 'SOURCE_CORRUPT' });
  });

  it('fails with SOURCE_CORRUPT when message pages are damaged', async () => {
    const path = storePath();
    buildBulkChatStorage(path, { messages: 3000, mediaItems: 100, chats: 5 });
    const db = new Database(path, { readonly: true });
    const pages = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'ZWAMESSAGE' AND pagetype = 'leaf'").all() as Array<{ pageno: number }>).map((row) => row.pageno);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.close();
    assert.ok(pages.length > 10);
    const handle = openSync(path, 'r+');
    for (const page of pages.slice(3, 8)) writeSync(handle, Buffer.alloc(pageSize, 0xff), 0, pageSize, (page - 1) * pageSize);
    closeSync(handle);
    assert.ok(statSync(path).size > 0);
    await assert.rejects(runPlugin(whatsappPlugin, path, { options: { app: 'whatsapp' } }), { code: 'SOURCE_CORRUPT' });
  });
});

describe('bulk ChatStorage', () => {
  it('parses a bulk store into exactly what the builder reports', async () => {
    const path = storePath();
    const summary = buildBulkChatStorage(path, { messages: 20_000, mediaItems: 2_000, chats: 40 });
    assert.deepEqual(summary, {
      chats: 40,
      groups: 8,
      groupMembers: 64,
      pushNames: summary.pushNames,
      messages: 20_000,
      mediaItems: 2_000,
      searchableMessages: summary.searchableMessages,
    });
    const result = await runPlugin(whatsappPlugin, path, { options: { app: 'whatsapp' } });
    assert.deepEqual(result.rows, {
      whatsapp_chat: 40,
      whatsapp_group_member: 64,
      whatsapp_message: 20_000,
      whatsapp_attachment: 2_000,
    });
    assert.equal(result.searchDocuments, summary.searchableMessages);
    assert.deepEqual(result.warnings, []);
    const kinds = new Set(result.tables.whatsapp_message!.map((row) => row.kind));
    assert.deepEqual([...kinds].sort(), ['audio', 'contact', 'deleted', 'document', 'image', 'location', 'sticker', 'text', 'video']);
    const withPushNames = result.tables.whatsapp_message!.filter((row) => row.group_member_id !== null);
    assert.ok(withPushNames.length > 0 && withPushNames.every((row) => typeof row.push_name === 'string' && row.sender_jid !== null));
    assert.equal(result.tables.whatsapp_chat!.reduce((sum, row) => sum + Number(row.message_count), 0), 20_000);
  });
});
