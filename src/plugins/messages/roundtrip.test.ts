// Round trip over builder-made sms.db files of every generation (iOS 6, 9, 10, 11, modern): each message, reaction,
// edit flag, group event and attachment written comes back with the right values; plus the bulk writer's shape.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runPlugin, type HarnessResult } from '../../kernel/testing/harness.js';
import type { Row } from '../../kernel/plugin.js';
import { normalizeHandle } from './handles.js';
import { appTypeName, itemTypeName } from './item-types.js';
import { MESSAGES_VARIANTS } from './layout.js';
import { messagesPlugin } from './plugin.js';
import { resolveTarget, tapbackOf } from './reactions.js';
import {
  buildBulkSmsDb,
  buildSmsDb,
  MESSAGE_PART_ATTRIBUTE,
  SMS_DB_GENERATIONS,
  smsDbFeatures,
  type SmsDbFeatures,
  type SmsDbGeneration,
  type SmsFixtureSpec,
  type SmsMessageSpec,
} from './testing/build-sms-db.js';

const scratch = mkdtempSync(join(tmpdir(), 'messages-roundtrip-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const T0 = Date.UTC(2016, 5, 1, 10, 0, 0);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

const ALICE = '+15551230001';
const BOB = '+15551230002';
const CAROL = 'Carol@Example.COM';
const SHORT_CODE = '40404';
const ONE_TO_ONE = 'iMessage;-;+15551230001';
const GROUP = 'iMessage;+;chat482901';
const SMS_CHAT = 'SMS;-;40404';
const SECOND_ONE_TO_ONE = 'iMessage;-;Carol@Example.COM';
const ALL_CHATS = [ONE_TO_ONE, GROUP, SMS_CHAT, SECOND_ONE_TO_ONE];
const BODY_ONLY_WORD = 'quetzalcoatlus';
const APPLE_PAY = 'com.apple.messages.MSMessageExtensionBalloonPlugin:0000000000:com.apple.PassbookUIService.PeerPaymentMessagesExtension';
const LINK_PREVIEW = 'com.apple.messages.URLBalloonProvider';

const spec: SmsFixtureSpec = {
  handles: [{ id: ALICE }, { id: BOB }, { id: CAROL }, { id: SHORT_CODE, service: 'SMS' }],
  chats: [
    { guid: ONE_TO_ONE, identifier: ALICE, service: 'iMessage', members: [ALICE] },
    { guid: GROUP, identifier: 'chat482901', service: 'iMessage', members: [ALICE, BOB, CAROL], displayName: 'Ski Trip' },
    { guid: SMS_CHAT, identifier: SHORT_CODE, service: 'SMS', members: [SHORT_CODE] },
    { guid: SECOND_ONE_TO_ONE, identifier: CAROL, service: 'iMessage', members: [CAROL] },
  ],
  messages: [
    { guid: 'M-PLAIN', chats: [ONE_TO_ONE], from: ALICE, text: 'Are we still on for lunch?', service: 'iMessage', sentAt: at(0), readAt: at(2) },
    { guid: 'M-MINE', chats: [ONE_TO_ONE], from: null, text: 'Yes, 12:30 at the usual place', service: 'iMessage', sentAt: at(3), deliveredAt: at(4) },
    { guid: 'M-BODY-ONLY', chats: [ONE_TO_ONE], from: ALICE, text: null, bodyText: `Saw a ${BODY_ONLY_WORD} skeleton today`, service: 'iMessage', sentAt: at(5) },
    { guid: 'M-DIFFERS', chats: [ONE_TO_ONE], from: ALICE, text: 'text column wins', bodyText: 'archived body says otherwise', service: 'iMessage', sentAt: at(6) },
    { guid: 'M-MALFORMED', chats: [ONE_TO_ONE], from: ALICE, text: 'body is junk', rawBody: Uint8Array.from([4, 11, 0x73, 0x74, 1, 2, 3]), service: 'iMessage', sentAt: at(7) },
    {
      guid: 'M-PHOTOS',
      chats: [GROUP],
      from: BOB,
      text: '\uFFFC\uFFFCfrom the summit',
      service: 'iMessage',
      sentAt: at(10),
      attachments: [
        { guid: 'A-1', filename: '~/Library/SMS/Attachments/0a/10/A-1/IMG_0001.HEIC', transferName: 'IMG_0001.HEIC', mimeType: 'image/heic', uti: 'public.heic', totalBytes: 2_160_391, createdAt: at(10) },
        { guid: 'A-2', filename: '/var/mobile/Library/SMS/Attachments/0b/11/A-2/clip.mov', transferName: 'clip.mov', mimeType: 'video/quicktime', uti: 'com.apple.quicktime-movie', totalBytes: 9_000_000, createdAt: at(10), isOutgoing: false },
      ],
    },
    {
      guid: 'M-MENTION',
      chats: [GROUP],
      from: CAROL,
      text: 'Hey Bob',
      bodyRuns: [
        { length: 4, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0 } },
        { length: 3, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0, __kIMMentionConfirmedMention: BOB } },
      ],
      service: 'iMessage',
      sentAt: at(11),
    },
    { guid: 'E-RENAME', chats: [GROUP], from: ALICE, text: null, service: 'iMessage', sentAt: at(12), itemType: 2, groupTitle: 'Ski Trip' },
    { guid: 'E-ADD', chats: [GROUP], from: ALICE, text: null, service: 'iMessage', sentAt: at(13), itemType: 1, groupActionType: 0, otherHandle: CAROL },
    { guid: 'E-REMOVE', chats: [GROUP], from: null, text: null, service: 'iMessage', sentAt: at(14), itemType: 1, groupActionType: 1, otherHandle: BOB },
    { guid: 'E-LEAVE', chats: [GROUP], from: CAROL, text: null, service: 'iMessage', sentAt: at(15), itemType: 3, groupActionType: 0 },
    { guid: 'R-LOVE', chats: [ONE_TO_ONE], from: ALICE, text: 'Loved “Yes, 12:30 at the usual place”', service: 'iMessage', sentAt: at(16), tapback: { type: 2000, target: 'p:0/M-MINE' } },
    { guid: 'R-UNLIKE', chats: [ONE_TO_ONE], from: null, text: 'Removed a like from “Are we still on for lunch?”', service: 'iMessage', sentAt: at(17), tapback: { type: 3001, target: 'p:0/M-PLAIN' } },
    { guid: 'R-BALLOON', chats: [GROUP], from: ALICE, text: 'Emphasized an image', service: 'iMessage', sentAt: at(18), tapback: { type: 2004, target: 'bp:M-PHOTOS' } },
    { guid: 'R-PART', chats: [GROUP], from: BOB, text: 'Laughed at an image', service: 'iMessage', sentAt: at(19), tapback: { type: 2003, target: 'p:1/M-PHOTOS' } },
    { guid: 'R-MISSING', chats: [ONE_TO_ONE], from: ALICE, text: 'Questioned a message', service: 'iMessage', sentAt: at(20), tapback: { type: 2005, target: 'p:0/NOT-IN-THIS-DATABASE' } },
    { guid: 'R-EMOJI', chats: [GROUP], from: CAROL, text: 'Reacted 🎿 to “Hey Bob”', service: 'iMessage', sentAt: at(21), tapback: { type: 2006, target: 'p:0/M-MENTION', emoji: '🎿' } },
    {
      guid: 'R-STICKER',
      chats: [GROUP],
      from: BOB,
      text: null,
      bodyText: null,
      service: 'iMessage',
      sentAt: at(22),
      tapback: { type: 2007, target: 'p:0/M-MENTION' },
      attachments: [{ guid: 'A-STICKER', filename: '~/Library/SMS/StickerCache/A-STICKER/sticker.heic', transferName: 'sticker.heic', mimeType: 'image/heic', uti: 'public.heic', totalBytes: 12_000, createdAt: at(22), isSticker: true }],
    },
    { guid: 'M-LINK', chats: [ONE_TO_ONE], from: ALICE, text: 'https://example.com/trail-map', balloonBundleId: LINK_PREVIEW, service: 'iMessage', sentAt: at(23) },
    { guid: 'M-PAY', chats: [ONE_TO_ONE], from: null, text: '\uFFFC', bodyText: null, balloonBundleId: APPLE_PAY, service: 'iMessage', sentAt: at(24) },
    { guid: 'M-REPLY', chats: [ONE_TO_ONE], from: ALICE, text: 'Replying to lunch: make it 1pm', threadOriginatorGuid: 'M-PLAIN', service: 'iMessage', sentAt: at(25) },
    { guid: 'M-EDITED', chats: [ONE_TO_ONE], from: null, text: 'See you at 1pm (edited)', editedAt: at(27), service: 'iMessage', sentAt: at(26) },
    { guid: 'M-UNSENT', chats: [ONE_TO_ONE], from: null, text: null, bodyText: null, retractedAt: at(29), service: 'iMessage', sentAt: at(28) },
    { guid: 'M-SMS', chats: [SMS_CHAT], from: SHORT_CODE, text: 'Your code is 398-029', service: 'SMS', sentAt: at(30), readAt: at(31) },
    { guid: 'M-ORPHAN', chats: [], from: CAROL, text: 'sent into the void', service: 'iMessage', sentAt: at(32) },
    { guid: 'M-TWO-CHATS', chats: [SECOND_ONE_TO_ONE, GROUP], from: CAROL, text: 'posted in two places', service: 'iMessage', sentAt: at(33) },
    { guid: 'M-DELETED', chats: [], recoverable: { chat: SECOND_ONE_TO_ONE, deletedAt: at(40) }, from: CAROL, text: 'oops, deleted', service: 'iMessage', sentAt: at(34) },
  ],
  unjoinedAttachments: [
    { guid: 'A-LOOSE', filename: '~/Library/SMS/Attachments/ff/15/A-LOOSE/lost.jpg', transferName: 'lost.jpg', mimeType: 'image/jpeg', uti: 'public.jpeg', totalBytes: 1234, createdAt: at(35) },
  ],
};

const VARIANT_OF: Record<SmsDbGeneration, string> = {
  ios6: MESSAGES_VARIANTS.original,
  ios9: MESSAGES_VARIANTS.itemTypes,
  ios10: MESSAGES_VARIANTS.tapbacks,
  ios11: MESSAGES_VARIANTS.nanoseconds,
  modern: MESSAGES_VARIANTS.modern,
};

function writable(message: SmsMessageSpec, features: SmsDbFeatures): boolean {
  if (message.tapback) return features.tapbacks;
  if ((message.itemType ?? 0) !== 0) return features.groupEvents;
  return true;
}

/** The chat a message should land in: the first of its chats in chat order, else its recoverable chat. */
function expectedChat(message: SmsMessageSpec): string | null {
  const joined = [...message.chats].sort((a, b) => ALL_CHATS.indexOf(a) - ALL_CHATS.indexOf(b));
  return joined[0] ?? message.recoverable?.chat ?? null;
}

function expectedText(message: SmsMessageSpec): { text: string | null; source: string | null } {
  if (message.text !== null && message.text !== '') return { text: message.text, source: 'text' };
  const body = message.rawBody ? null : message.bodyText === undefined ? message.text : message.bodyText;
  if (body) return { text: body, source: 'attributed-body' };
  return { text: message.text, source: null };
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : (value as null));
const isoOf = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function indexBy(rows: Row[], key: string): Map<unknown, Row> {
  return new Map(rows.map((row) => [row[key], row]));
}

for (const generation of SMS_DB_GENERATIONS) {
  describe(`builder round trip: ${generation}`, async () => {
    const features = smsDbFeatures(generation);
    const path = join(scratch, `${generation}-sms.db`);
    const built = buildSmsDb(path, generation, spec);
    const result: HarnessResult = await runPlugin(messagesPlugin, path);
    const written = spec.messages.filter((message) => writable(message, features));
    const plain = written.filter((message) => !message.tapback);
    const reactionsWritten = written.filter((message) => message.tapback);
    const messages = indexBy(result.tables.message!, 'guid');
    const conversations = indexBy(result.tables.message_conversation!, 'guid');
    const conversationGuid = new Map(result.tables.message_conversation!.map((row) => [row.id, row.guid]));
    const messageGuid = new Map(result.tables.message!.map((row) => [row.id, row.guid]));

    test('detects the generation and writes only what its schema can hold', () => {
      assert.equal(result.variant, VARIANT_OF[generation]);
      assert.deepEqual(
        built.skipped.sort(),
        spec.messages.filter((message) => !writable(message, features)).map((message) => message.guid).sort(),
      );
      assert.equal(result.rows.message, plain.length);
      assert.equal(result.rows.message_reaction, reactionsWritten.length);
      assert.equal(result.rows.message_conversation, spec.chats.length);
    });

    test('every message comes back with its values', () => {
      for (const message of plain) {
        const row = messages.get(message.guid);
        assert.ok(row, `${message.guid} written`);
        const label = `${generation} ${message.guid}`;
        assert.equal(row.source_rowid, built.messageRowids.get(message.guid), label);
        assert.equal(conversationGuid.get(row.conversation_id) ?? null, expectedChat(message), `${label} conversation`);
        assert.equal(row.is_from_me, message.from === null, label);
        assert.equal(row.sender, message.from === null ? null : normalizeHandle(message.from), `${label} sender`);
        assert.equal(row.service, message.service, label);
        const text = expectedText(message);
        assert.equal(row.text, text.text, `${label} text`);
        assert.equal(row.text_source, text.source, `${label} text source`);
        assert.equal(iso(row.sent_at), isoOf(message.sentAt), `${label} sent`);
        assert.equal(iso(row.read_at), isoOf(message.readAt), `${label} read`);
        assert.equal(iso(row.delivered_at), isoOf(message.deliveredAt), `${label} delivered`);
        const itemType = message.itemType ?? 0;
        assert.equal(row.item_type, itemTypeName(itemType, message.groupActionType ?? 0), `${label} item type`);
        assert.equal(row.raw_item_type, features.groupEvents ? itemType : null, label);
        assert.equal(row.group_title, features.groupEvents ? (message.groupTitle ?? null) : null, label);
        assert.equal(row.other_handle, features.groupEvents ? normalizeHandle(message.otherHandle) : null, `${label} other handle`);
        const bundle = features.tapbacks ? (message.balloonBundleId ?? null) : null;
        assert.equal(row.balloon_bundle_id, bundle, label);
        assert.equal(row.app_type, appTypeName(bundle), label);
        assert.equal(row.thread_originator_guid, features.replies ? (message.threadOriginatorGuid ?? null) : null, `${label} reply`);
        assert.equal(row.is_edited, features.edits && Boolean(message.editedAt), `${label} edited`);
        assert.equal(iso(row.edited_at), features.edits ? isoOf(message.editedAt) : null, label);
        assert.equal(row.is_unsent, features.edits && Boolean(message.retractedAt), `${label} unsent`);
        assert.equal(iso(row.unsent_at), features.edits ? isoOf(message.retractedAt) : null, label);
        const deleted = features.recoverable && message.recoverable !== undefined;
        assert.equal(row.is_recently_deleted, deleted, `${label} recently deleted`);
        assert.equal(iso(row.deleted_at), deleted ? isoOf(message.recoverable!.deletedAt) : null, label);
      }
    });

    test('group events are typed and carry their title or handle', () => {
      if (!features.groupEvents) {
        assert.ok(!result.tables.message!.some((row) => row.item_type !== 'normal'));
        return;
      }
      assert.equal(messages.get('E-RENAME')!.item_type, 'group-renamed');
      assert.equal(messages.get('E-RENAME')!.group_title, 'Ski Trip');
      assert.equal(messages.get('E-ADD')!.item_type, 'participant-added');
      assert.equal(messages.get('E-ADD')!.other_handle, 'carol@example.com');
      assert.equal(messages.get('E-REMOVE')!.item_type, 'participant-removed');
      assert.equal(messages.get('E-REMOVE')!.other_handle, BOB);
      assert.equal(messages.get('E-LEAVE')!.item_type, 'participant-left');
    });

    test('mentions in the body are normalized handles', () => {
      assert.deepEqual(messages.get('M-MENTION')!.mentions, [BOB]);
      assert.deepEqual(messages.get('M-PLAIN')!.mentions, []);
    });

    test('reactions attach to their targets, with prefixes resolved', () => {
      const reactions = indexBy(result.tables.message_reaction!, 'guid');
      for (const message of reactionsWritten) {
        const row = reactions.get(message.guid);
        assert.ok(row, `${message.guid} written as a reaction`);
        const label = `${generation} ${message.guid}`;
        const tapback = tapbackOf(message.tapback!.type)!;
        const target = resolveTarget(message.tapback!.target);
        assert.equal(row.kind, tapback.kind, label);
        assert.equal(row.action, tapback.action, label);
        assert.equal(row.raw_type, message.tapback!.type, label);
        assert.equal(row.target_guid, target.guid, label);
        assert.equal(row.target_part, target.part, label);
        assert.equal(row.raw_target_guid, message.tapback!.target, label);
        const targetRow = messages.get(target.guid);
        assert.equal(row.message_id, targetRow ? targetRow.id : null, `${label} target`);
        assert.equal(conversationGuid.get(row.conversation_id), expectedChat(message), label);
        assert.equal(row.sender, message.from === null ? null : normalizeHandle(message.from), label);
        assert.equal(row.is_from_me, message.from === null, label);
        assert.equal(iso(row.reacted_at), isoOf(message.sentAt), label);
        assert.equal(row.emoji, features.emojiTapbacks ? (message.tapback!.emoji ?? null) : null, label);
        assert.ok(!messages.has(message.guid), `${label} is not a message`);
      }
      if (features.tapbacks) {
        assert.equal(reactions.get('R-LOVE')!.message_id, messages.get('M-MINE')!.id);
        assert.equal(reactions.get('R-UNLIKE')!.action, 'remove');
        assert.equal(reactions.get('R-BALLOON')!.target_part, null);
        assert.equal(reactions.get('R-PART')!.target_part, 1);
        assert.equal(reactions.get('R-MISSING')!.message_id, null);
        assert.equal(reactions.get('R-MISSING')!.target_guid, 'NOT-IN-THIS-DATABASE');
      } else {
        assert.equal(result.tables.message_reaction!.length, 0);
      }
    });

    test('attachments keep metadata, owner and backup location', () => {
      const attachments = indexBy(result.tables.message_attachment!, 'guid');
      const expected = written.flatMap((message) => (message.attachments ?? []).map((attachment) => ({ message, attachment })));
      assert.equal(result.rows.message_attachment, expected.length + spec.unjoinedAttachments!.length);
      for (const { message, attachment } of expected) {
        const row = attachments.get(attachment.guid);
        assert.ok(row, `${attachment.guid} written`);
        const label = `${generation} ${attachment.guid}`;
        if (message.tapback) {
          const reaction = result.tables.message_reaction!.find((candidate) => candidate.guid === message.guid)!;
          assert.equal(row.reaction_id, reaction.id, label);
          assert.equal(messageGuid.get(row.message_id), resolveTarget(message.tapback.target).guid, label);
        } else {
          assert.equal(row.reaction_id, null, label);
          assert.equal(messageGuid.get(row.message_id), message.guid, label);
        }
        assert.equal(row.filename, attachment.filename, label);
        assert.equal(row.transfer_name, features.transferName ? attachment.transferName : null, label);
        assert.equal(row.total_bytes, features.transferName ? String(attachment.totalBytes) : null, label);
        assert.equal(row.mime_type, attachment.mimeType, label);
        assert.equal(row.uti, attachment.uti, label);
        assert.equal(iso(row.created_at), isoOf(attachment.createdAt), label);
        assert.equal(row.backup_domain, 'MediaDomain', label);
        assert.equal(row.backup_relative_path, attachment.filename!.replace(/^(~|\/var\/mobile)\//, ''), label);
      }
      const loose = attachments.get('A-LOOSE')!;
      assert.equal(loose.message_id, null);
      assert.equal(loose.backup_relative_path, 'Library/SMS/Attachments/ff/15/A-LOOSE/lost.jpg');
    });

    test('conversations have normalized participants, titles, counts and last times', () => {
      for (const chat of spec.chats) {
        const row = conversations.get(chat.guid);
        assert.ok(row, chat.guid);
        const participants = chat.members.map((member) => normalizeHandle(member));
        assert.deepEqual(row.participants, participants, chat.guid);
        const displayName = features.displayName ? (chat.displayName ?? null) : null;
        assert.equal(row.display_name, displayName, chat.guid);
        assert.equal(row.title, displayName ?? participants.join(', '), chat.guid);
        assert.equal(row.is_group, chat.members.length > 1, chat.guid);
        assert.equal(row.service, chat.service, chat.guid);
        const assigned = plain.filter((message) => expectedChat(message) === chat.guid);
        assert.equal(row.message_count, assigned.length, `${chat.guid} count`);
        const last = assigned.reduce<number | null>((max, message) => Math.max(max ?? 0, message.sentAt.getTime()), null);
        assert.equal(iso(row.last_message_at), last === null ? null : new Date(last).toISOString(), `${chat.guid} last`);
      }
      assert.deepEqual(conversations.get(GROUP)!.participants, [ALICE, BOB, 'carol@example.com']);
    });

    test('warnings count orphans, several chats, missing targets, text disagreements and bad bodies', () => {
      const counts = new Map(result.warnings.map((warning) => [warning.code, warning.count]));
      const orphans = plain.filter((message) => expectedChat(message) === null).length;
      assert.equal(counts.get('MESSAGES_ORPHANS'), orphans);
      assert.equal(counts.get('MESSAGES_IN_SEVERAL_CHATS'), 1);
      assert.equal(counts.get('MESSAGES_REACTION_TARGET_MISSING'), features.tapbacks ? 1 : undefined);
      assert.equal(counts.get('MESSAGES_TEXT_BODY_MISMATCH'), 1);
      assert.equal(counts.get('MESSAGES_ATTRIBUTED_BODY_MALFORMED'), 1);
      assert.match(result.warnings.find((warning) => warning.code === 'MESSAGES_ATTRIBUTED_BODY_MALFORMED')!.message, /TYPEDSTREAM_/);
      assert.equal(counts.get('MESSAGES_ORPHAN_ATTACHMENTS'), 1);
      assert.equal(counts.get('TIME_OUT_OF_RANGE'), undefined);
      assert.equal(messages.get('M-ORPHAN')!.conversation_id, null);
    });

    test('search documents: one per message with words, none for reactions or empty system rows', () => {
      const withWords = plain.filter((message) => (expectedText(message).text ?? '').replace(/\uFFFC/g, '').trim() !== '');
      assert.equal(result.documents.length, withWords.length);
      const documented = new Set(result.documents.map((doc) => doc.artifact_id));
      for (const guid of ['E-RENAME', 'E-ADD', 'E-REMOVE', 'E-LEAVE', 'M-PAY', 'M-UNSENT']) {
        if (messages.has(guid)) assert.ok(!documented.has(messages.get(guid)!.id), `${guid} has no document`);
      }
      assert.ok(result.documents.every((doc) => doc.artifact_table === 'message'));
      const hits = result.documents.filter((doc) => String(doc.body).includes(BODY_ONLY_WORD));
      assert.equal(hits.length, 1);
      assert.equal(hits[0]!.artifact_id, messages.get('M-BODY-ONLY')!.id);
      const group = result.documents.find((doc) => doc.artifact_id === messages.get('M-PHOTOS')!.id)!;
      assert.equal(group.title, features.displayName ? 'Ski Trip' : `${ALICE}, ${BOB}, carol@example.com`);
      assert.equal(group.body, 'from the summit');
      assert.deepEqual(group.participants, [BOB, ALICE, 'carol@example.com']);
      assert.equal(iso(group.occurred_at), at(10).toISOString());
    });
  });
}

describe('bulk builder', async () => {
  const path = join(scratch, 'bulk-sms.db');
  const summary = buildBulkSmsDb(path, { messages: 3000, chats: 25, handles: 40, withAttributedBody: true, reactionEvery: 30, attachmentEvery: 20 });
  const result = await runPlugin(messagesPlugin, path);

  test('writes what its summary says, in the modern layout', () => {
    assert.equal(result.variant, MESSAGES_VARIANTS.modern);
    assert.equal(summary.messages + summary.reactions, 3000);
    assert.equal(result.rows.message, summary.messages);
    assert.equal(result.rows.message_reaction, summary.reactions);
    assert.equal(result.rows.message_attachment, summary.attachments);
    assert.equal(result.rows.message_conversation, 25);
    assert.deepEqual(result.warnings, []);
  });

  test('body-only rows get their words from attributedBody and every reaction finds its target', () => {
    const fromBody = result.tables.message!.filter((row) => row.text_source === 'attributed-body');
    assert.equal(fromBody.length, summary.bodyOnly);
    assert.ok(fromBody.every((row) => typeof row.text === 'string' && /#\d+$/.test(row.text)));
    assert.ok(result.tables.message_reaction!.every((row) => row.message_id !== null && row.kind === 'like'));
    const total = result.tables.message_conversation!.reduce((sum, row) => sum + Number(row.message_count), 0);
    assert.equal(total, summary.messages);
    assert.equal(result.documents.length, summary.messages);
  });
});
