// Tests of the schema-less protobuf wire reading and writing shared by the WhatsApp and Notes plugins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoMessage, ProtobufShapeError, encodeProtobuf, readProtobuf } from './protobuf.js';

describe('readProtobuf', () => {
  it('reads varint, fixed and length-delimited fields', () => {
    const bytes = Buffer.concat([
      encodeProtobuf([{ field: 1, value: 150 }, { field: 5, value: 'ABC' }]),
      Buffer.from([0x1d, 1, 2, 3, 4]),
      Buffer.from([0x21, 1, 2, 3, 4, 5, 6, 7, 8]),
    ]);
    const fields = readProtobuf(bytes);
    assert.deepEqual(
      fields?.map((field) => [field.field, field.wire, Buffer.isBuffer(field.value) ? field.value.toString('hex') : field.value]),
      [[1, 0, 150n], [5, 2, '414243'], [3, 5, '01020304'], [4, 1, '0102030405060708']],
    );
  });

  const malformed: Array<[string, Buffer]> = [
    ['field number 0', Buffer.from([0x02, 0x01, 0x41])],
    ['length past the end', Buffer.from([0x2a, 0x14, 0x41])],
    ['unterminated varint', Buffer.from([0x08, 0xff])],
    ['group wire type', Buffer.from([0x0b, 0x0c])],
    ['truncated fixed32', Buffer.from([0x0d, 1, 2])],
  ];
  for (const [label, bytes] of malformed) {
    it(`rejects ${label}`, () => assert.equal(readProtobuf(bytes), null));
  }
});

describe('ProtoMessage', () => {
  const inner = encodeProtobuf([{ field: 1, value: 7 }, { field: 2, value: 'cell' }]);
  const bytes = encodeProtobuf([
    { field: 1, value: 300 },
    { field: 2, value: 'héllo 🚀' },
    { field: 3, value: inner },
    { field: 3, value: inner },
    { field: 4, value: Buffer.from([0xff, 0x01]) },
  ]);
  const message = ProtoMessage.parse(bytes)!;

  it('reads varints, text and nested messages by field number', () => {
    assert.equal(message.uint(1), 300);
    assert.equal(message.string(2), 'héllo 🚀');
    assert.equal(message.messages(3).length, 2);
    assert.equal(message.message(3)?.string(2), 'cell');
    assert.equal(message.required(3, 'inner').uint(1), 7);
  });

  it('answers null for absent fields and throws a shape error for a nested value that is not a message', () => {
    assert.equal(message.uint(9), null);
    assert.equal(message.string(9), null);
    assert.equal(message.message(9), null);
    assert.deepEqual(message.messages(9), []);
    assert.throws(() => message.required(9, 'the note'), (error: unknown) => error instanceof ProtobufShapeError && /the note \(field 9\) is missing/.test((error as Error).message));
    assert.throws(() => message.message(4), ProtobufShapeError);
  });

  it('refuses bytes that are not protobuf', () => {
    assert.equal(ProtoMessage.parse(Buffer.from([0x2a, 0x14, 0x41])), null);
  });
});
