// Tables of cases for the Messages vocabulary: handle normalization, item types, balloon app types, tapbacks and
// their target prefixes, attachment backup locations, text resolution, and the builder's typedstream encoder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attachmentLocation } from './attachments.js';
import { normalizeHandle } from './handles.js';
import { appTypeName, itemTypeName } from './item-types.js';
import { isTapbackType, resolveTarget, tapbackOf } from './reactions.js';
import { resolveText, searchableText, TextTally } from './text.js';
import { decodeAttributedBody } from './typedstream.js';
import {
  defaultBodyRuns,
  encodeAttributedBody,
  FILE_TRANSFER_ATTRIBUTE,
  MESSAGE_PART_ATTRIBUTE,
  type BodyRunSpec,
} from './testing/build-sms-db.js';
import { fixtureCopyDb } from '../../kernel/testing/fixtures.js';

describe('normalizeHandle', () => {
  const cases: Array<[string | null, string | null]> = [
    ['+15183808956', '+15183808956'],
    ['+1 (518) 380-8956', '+15183808956'],
    ['518.380.8956', '5183808956'],
    ['22000', '22000'],
    ['Scripting@Schore.ORG', 'scripting@schore.org'],
    ['  friend@example.com ', 'friend@example.com'],
    ['urn:biz:ABC-123', 'urn:biz:abc-123'],
    ['', null],
    [null, null],
  ];
  for (const [raw, expected] of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(expected)}`, () => assert.equal(normalizeHandle(raw), expected));
  }
});

describe('itemTypeName', () => {
  const cases: Array<[number | null, number | null, string]> = [
    [null, null, 'normal'],
    [0, 0, 'normal'],
    [1, 0, 'participant-added'],
    [1, 1, 'participant-removed'],
    [1, 9, 'unknown-1-9'],
    [2, 0, 'group-renamed'],
    [3, 0, 'participant-left'],
    [3, 1, 'group-icon-changed'],
    [3, 2, 'group-icon-removed'],
    [3, 4, 'chat-background-changed'],
    [3, 6, 'chat-background-removed'],
    [4, 0, 'location-sharing'],
    [5, 0, 'audio-message-kept'],
    [6, 0, 'shareplay'],
    [42, 0, 'unknown-42'],
  ];
  for (const [itemType, action, expected] of cases) {
    test(`item_type ${String(itemType)} / group_action_type ${String(action)} -> ${expected}`, () =>
      assert.equal(itemTypeName(itemType, action), expected));
  }
});

describe('appTypeName', () => {
  const cases: Array<[string | null, string | null]> = [
    [null, null],
    ['', null],
    ['com.apple.messages.URLBalloonProvider', 'link-preview'],
    ['com.apple.messages.MSMessageExtensionBalloonPlugin:0000000000:com.apple.PassbookUIService.PeerPaymentMessagesExtension', 'apple-pay'],
    ['com.apple.messages.MSMessageExtensionBalloonPlugin:0000000000:com.apple.findmy.FindMyMessagesApp', 'location'],
    ['com.apple.Handwriting.HandwritingProvider', 'handwriting'],
    ['com.apple.DigitalTouchBalloonProvider', 'digital-touch'],
    ['com.apple.messages.MSMessageExtensionBalloonPlugin:ABCDE12345:com.gamepigeon.ext', 'app'],
    ['com.example.something', 'other'],
  ];
  for (const [bundle, expected] of cases) {
    test(`${JSON.stringify(bundle)} -> ${JSON.stringify(expected)}`, () => assert.equal(appTypeName(bundle), expected));
  }
});

describe('tapbacks', () => {
  const kinds = ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question', 'emoji', 'sticker'];
  kinds.forEach((kind, offset) => {
    test(`${2000 + offset} adds and ${3000 + offset} removes ${kind}`, () => {
      assert.deepEqual(tapbackOf(2000 + offset), { kind, action: 'add' });
      assert.deepEqual(tapbackOf(3000 + offset), { kind, action: 'remove' });
    });
  });
  const notTapbacks = [0, 2, 3, 1000, 1999, 2008, 2999, 3008, null];
  for (const type of notTapbacks) {
    test(`${String(type)} is not a tapback`, () => {
      assert.equal(isTapbackType(type), false);
      assert.equal(tapbackOf(type), null);
    });
  }
  const targets: Array<[string | null, { guid: string | null; part: number | null }]> = [
    ['p:0/8A4CE1D0-2F4D-44AB-A281-44EDED1A7E3A', { guid: '8A4CE1D0-2F4D-44AB-A281-44EDED1A7E3A', part: 0 }],
    ['p:12/ABC', { guid: 'ABC', part: 12 }],
    ['bp:ABC', { guid: 'ABC', part: null }],
    ['ABC', { guid: 'ABC', part: null }],
    ['', { guid: null, part: null }],
    [null, { guid: null, part: null }],
  ];
  for (const [raw, expected] of targets) {
    test(`target ${JSON.stringify(raw)}`, () => assert.deepEqual(resolveTarget(raw), expected));
  }
});

describe('attachmentLocation', () => {
  const cases: Array<[string | null, string | null]> = [
    ['~/Library/SMS/Attachments/9e/14/X/IMG_0066.HEIC', 'Library/SMS/Attachments/9e/14/X/IMG_0066.HEIC'],
    ['/var/mobile/Library/SMS/Attachments/ab/11/IMG_1.JPG', 'Library/SMS/Attachments/ab/11/IMG_1.JPG'],
    ['/private/var/mobile/Library/SMS/Attachments/ab/11/IMG_2.JPG', 'Library/SMS/Attachments/ab/11/IMG_2.JPG'],
    ['/Users/alex/Library/Messages/Attachments/4f/15/IMG_4911.heic', 'Library/Messages/Attachments/4f/15/IMG_4911.heic'],
    ['Library/SMS/Attachments/plain.jpg', 'Library/SMS/Attachments/plain.jpg'],
    ['/tmp/elsewhere.jpg', null],
    ['', null],
    [null, null],
  ];
  for (const [filename, relativePath] of cases) {
    test(`${JSON.stringify(filename)}`, () => {
      const location = attachmentLocation(filename);
      assert.deepEqual(location, relativePath === null ? null : { domain: 'MediaDomain', relativePath });
    });
  }
});

describe('resolveText', () => {
  const body = (text: string): Buffer => encodeAttributedBody(text);
  const cases: Array<{ name: string; text: string | null; body: Uint8Array | null; expected: string | null; source: string | null; mismatch?: number; malformed?: number }> = [
    { name: 'text only', text: 'hello', body: null, expected: 'hello', source: 'text' },
    { name: 'both equal', text: 'hello', body: body('hello'), expected: 'hello', source: 'text' },
    { name: 'body only', text: null, body: body('only here'), expected: 'only here', source: 'attributed-body' },
    { name: 'empty text, body', text: '', body: body('only here'), expected: 'only here', source: 'attributed-body' },
    { name: 'both differ', text: 'column', body: body('archive'), expected: 'column', source: 'text', mismatch: 1 },
    { name: 'malformed body', text: 'kept', body: Uint8Array.from([1, 2, 3]), expected: 'kept', source: 'text', malformed: 1 },
    { name: 'malformed body, no text', text: null, body: Uint8Array.from([4, 11]), expected: null, source: null, malformed: 1 },
    { name: 'nothing', text: null, body: null, expected: null, source: null },
    { name: 'body text longer than the column', text: 'hello', body: body('hello world'), expected: 'hello', source: 'text', mismatch: 1 },
    { name: 'column longer than 127 bytes, equal body', text: 'x'.repeat(300), body: body('x'.repeat(300)), expected: 'x'.repeat(300), source: 'text' },
    { name: 'column longer than 32767 bytes, differs from body', text: 'y'.repeat(40_000), body: body(`${'y'.repeat(40_000)}!`), expected: 'y'.repeat(40_000), source: 'text', mismatch: 1 },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      const tally = new TextTally();
      const resolved = resolveText(entry.text, entry.body, tally);
      assert.equal(resolved.text, entry.expected);
      assert.equal(resolved.source, entry.source);
      assert.equal(tally.mismatches, entry.mismatch ?? 0);
      assert.equal([...tally.malformed.values()].reduce((sum, count) => sum + count, 0), entry.malformed ?? 0);
    });
  }
  test('a body equal to the column still gives its mentions', () => {
    const runs: BodyRunSpec[] = [
      { length: 4, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0 } },
      { length: 3, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0, __kIMMentionConfirmedMention: '+15551230002' } },
    ];
    const resolved = resolveText('Hey Bob', encodeAttributedBody('Hey Bob', runs), new TextTally());
    assert.deepEqual(resolved, { text: 'Hey Bob', source: 'text', mentions: ['+15551230002'] });
  });
  test('searchable text drops attachment placeholders', () => {
    assert.equal(searchableText('\uFFFC\uFFFC'), null);
    assert.equal(searchableText('\uFFFCMe '), 'Me');
    assert.equal(searchableText(null), null);
  });
});

describe('typedstream encoder (builder) decodes back', () => {
  const long = 'long message with ünïcødé and emoji 👍🏻 '.repeat(900);
  const cases: Array<{ name: string; text: string; runs?: BodyRunSpec[]; mentions?: string[]; links?: string[] }> = [
    { name: 'ascii', text: 'Are we still on for lunch?' },
    { name: 'empty', text: '' },
    { name: 'emoji and accents', text: 'Ça va? 👍🏻🎉' },
    { name: 'longer than 127 bytes', text: 'x'.repeat(300) },
    { name: 'longer than 32767 bytes', text: long },
    { name: 'attachment placeholders', text: '\uFFFC\uFFFCfrom the summit', runs: defaultBodyRuns('\uFFFC\uFFFCfrom the summit', ['A-1', 'A-2']) },
    {
      name: 'mention',
      text: 'Hey Bob',
      runs: [
        { length: 4, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0 } },
        { length: 3, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0, __kIMMentionConfirmedMention: '+15551230002' } },
      ],
      mentions: ['+15551230002'],
    },
    {
      name: 'link',
      text: 'see https://example.com/a',
      runs: [
        { length: 4, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0 } },
        { length: 21, attributes: { [MESSAGE_PART_ATTRIBUTE]: 0, __kIMLinkAttributeName: { url: 'https://example.com/a' } } },
      ],
      links: ['https://example.com/a'],
    },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      const decoded = decodeAttributedBody(encodeAttributedBody(entry.text, entry.runs));
      assert.ok(decoded.ok, decoded.ok ? '' : `${decoded.code}: ${decoded.message}`);
      assert.equal(decoded.value.text, entry.text);
      assert.deepEqual(decoded.value.mentions, entry.mentions ?? []);
      assert.deepEqual(decoded.value.links, entry.links ?? []);
      const runs = entry.runs ?? defaultBodyRuns(entry.text);
      assert.equal(decoded.value.runs.reduce((sum, run) => sum + run.length, 0), entry.text.length);
      if (entry.text !== '') assert.equal(decoded.value.runs.length, runs.length);
    });
  }
  test('attachment runs carry their file transfer guid', () => {
    const decoded = decodeAttributedBody(encodeAttributedBody('\uFFFChi', defaultBodyRuns('\uFFFChi', ['GUID-1'])));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.runs[0]!.attributes[FILE_TRANSFER_ATTRIBUTE], 'GUID-1');
  });
  test('runs that do not cover the text are refused', () => {
    assert.throws(() => encodeAttributedBody('abc', [{ length: 2, attributes: {} }]), RangeError);
  });
  test('plain bodies are byte-for-byte the ones iOS 13 wrote', () => {
    const folder = mkdtempSync(join(tmpdir(), 'messages-encoder-'));
    try {
      const db = fixtureCopyDb('messages/ios13-magnet-ctf/sms.db', folder);
      const rows = db.prepare('SELECT ROWID AS rowid, text, attributedBody AS body FROM message ORDER BY ROWID').all() as Array<{
        rowid: number;
        text: string;
        body: Buffer;
      }>;
      db.close();
      let compared = 0;
      for (const row of rows) {
        const decoded = decodeAttributedBody(row.body);
        assert.ok(decoded.ok);
        const plain = decoded.value.runs.length === 1 && JSON.stringify(decoded.value.runs[0]!.attributes) === JSON.stringify({ [MESSAGE_PART_ATTRIBUTE]: 0 });
        if (!plain) continue;
        compared += 1;
        assert.ok(encodeAttributedBody(row.text).equals(row.body), `row ${row.rowid}`);
      }
      assert.equal(compared, 92);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
