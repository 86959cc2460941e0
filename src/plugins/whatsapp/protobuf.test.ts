// Tests of the ChatStorage protobuf readings behind quoted replies (ZWAMEDIAITEM.ZMETADATA) and push names (plain text vs the
// base64 protobuf of 2025+ builds), plus the message and chat kind tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatKind, messageKind } from './kinds.js';
import { encodeProtobuf } from '../../kernel/protobuf.js';
import { isEncodedProtobuf, quotedStanzaId, readPushName } from './protobuf.js';

describe('quotedStanzaId', () => {
  const cases: Array<[string, unknown, { stanzaId: string | null; readable: boolean }]> = [
    ['field 5 of a reply', encodeProtobuf([{ field: 5, value: '3EB0A1B2C3D4E5F60718' }, { field: 6, value: '4915112345678@s.whatsapp.net' }]), { stanzaId: '3EB0A1B2C3D4E5F60718', readable: true }],
    ['field 5 after other fields', encodeProtobuf([{ field: 1, value: 7 }, { field: 3, value: 'preview' }, { field: 5, value: 'ABCDEF0123' }]), { stanzaId: 'ABCDEF0123', readable: true }],
    ['no field 5', encodeProtobuf([{ field: 3, value: 'description' }]), { stanzaId: null, readable: true }],
    ['field 5 that is not an id', encodeProtobuf([{ field: 5, value: 'two words' }]), { stanzaId: null, readable: true }],
    ['not protobuf', Buffer.from([0x2a, 0x40, 0x41]), { stanzaId: null, readable: false }],
    ['NULL', null, { stanzaId: null, readable: true }],
    ['text instead of a blob', 'text', { stanzaId: null, readable: true }],
  ];
  for (const [label, blob, expected] of cases) {
    it(`reads ${label}`, () => assert.deepEqual(quotedStanzaId(blob), expected));
  }
});

describe('readPushName', () => {
  const encoded = encodeProtobuf([{ field: 1, value: 'Tommy K' }, { field: 2, value: 1 }]).toString('base64');
  const cases: Array<[string, unknown, { name: string | null; rejected: string | null }]> = [
    ['a plain name', 'Anna B.', { name: 'Anna B.', rejected: null }],
    ['a name with spaces around it', '  Tom  ', { name: 'Tom', rejected: null }],
    ['an 8-letter name that is valid base64', 'Jonathan', { name: 'Jonathan', rejected: null }],
    ['a 12-letter name that is valid base64', 'Maximilianus', { name: 'Maximilianus', rejected: null }],
    ['a name with emoji', 'Claire 🧗', { name: 'Claire 🧗', rejected: null }],
    ['base64 protobuf of a 2025+ build', encoded, { name: null, rejected: 'encoded' }],
    ['a blob', Buffer.from([0x0a, 0x03, 0x41, 0x42, 0x43]), { name: null, rejected: 'encoded' }],
    ['control characters', 'Tom\u0001\u0002', { name: null, rejected: 'unreadable' }],
    ['an empty string', '', { name: null, rejected: null }],
    ['NULL', null, { name: null, rejected: null }],
  ];
  for (const [label, raw, expected] of cases) {
    it(`reads ${label}`, () => assert.deepEqual(readPushName(raw), expected));
  }

  it('recognizes base64 protobuf only when the decoded bytes parse', () => {
    assert.equal(isEncodedProtobuf(encoded), true);
    assert.equal(isEncodedProtobuf('QUJDREVGR0g='), false);
  });
});

describe('kinds', () => {
  const messageKinds: Array<[number | null, string]> = [
    [0, 'text'], [1, 'image'], [2, 'video'], [3, 'audio'], [4, 'contact'], [5, 'location'], [6, 'system'],
    [7, 'link'], [8, 'document'], [14, 'deleted'], [15, 'sticker'], [46, 'poll'], [10, 'unknown-10'], [11, 'unknown-11'],
    [99, 'unknown-99'], [null, 'unknown'],
  ];
  for (const [type, kind] of messageKinds) {
    it(`maps ZMESSAGETYPE ${String(type)} to ${kind}`, () => assert.equal(messageKind(type), kind));
  }

  const chatKinds: Array<[number | null, string | null, string]> = [
    [0, '4915112345678@s.whatsapp.net', 'one-to-one'],
    [1, '120363025246125486@g.us', 'group'],
    [2, '1580000000@broadcast', 'broadcast'],
    [3, 'status@broadcast', 'status'],
    [7, 'x@s.whatsapp.net', 'unknown-7'],
    [null, '120363025246125486@g.us', 'group'],
    [null, 'status@broadcast', 'status'],
    [null, '1580000000@broadcast', 'broadcast'],
    [null, '4915112345678@s.whatsapp.net', 'one-to-one'],
  ];
  for (const [type, jid, kind] of chatKinds) {
    it(`maps ZSESSIONTYPE ${String(type)} with ${String(jid)} to ${kind}`, () => assert.equal(chatKind(type, jid), kind));
  }
});
