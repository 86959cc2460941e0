// Tests for the typedstream attributedBody decoder.
// Covers real Messages fixtures, round-trips through a test-only encoder, and hostile inputs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureCopyDb } from '../../kernel/testing/fixtures.js';
import { decodeAttributedBody, type DecodeResult, type DecodedAttributedBody } from './typedstream.js';

interface MessageRow {
  rowid: number;
  text: string | null;
  attributedBody: Buffer | null;
}

function readMessages(relativePath: string): MessageRow[] {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'typedstream-test-'));
  const db = fixtureCopyDb(`messages/${relativePath}`, tempDir);
  try {
    return db.prepare('SELECT ROWID AS rowid, text, attributedBody FROM message ORDER BY ROWID').all() as MessageRow[];
  } finally {
    db.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function expectOk(result: DecodeResult, label: string): DecodedAttributedBody {
  if (!result.ok) assert.fail(`${label}: expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

const ERROR_CODES = new Set(['TYPEDSTREAM_BAD_HEADER', 'TYPEDSTREAM_TRUNCATED', 'TYPEDSTREAM_MALFORMED', 'TYPEDSTREAM_NO_STRING']);

function assertWellFormed(result: DecodeResult, label: string): void {
  if (!result.ok) {
    assert.ok(ERROR_CODES.has(result.code), `${label}: unknown code ${String(result.code)}`);
    assert.equal(typeof result.message, 'string', label);
    return;
  }
  const { text, runs, mentions, links } = result.value;
  assert.equal(typeof text, 'string', label);
  assert.ok(Array.isArray(runs) && Array.isArray(mentions) && Array.isArray(links), label);
  let expectedStart = 0;
  for (const run of runs) {
    assert.equal(run.start, expectedStart, `${label}: runs are contiguous`);
    assert.ok(run.length > 0 && run.start + run.length <= text.length, `${label}: run within text`);
    assert.equal(typeof run.attributes, 'object', label);
    expectedStart += run.length;
  }
}

function decodeNoThrow(bytes: Uint8Array, label: string): DecodeResult {
  let result: DecodeResult | undefined;
  assert.doesNotThrow(() => {
    result = decodeAttributedBody(bytes);
  }, label);
  assert.ok(result, label);
  assertWellFormed(result, label);
  return result;
}

function totalRunLength(body: DecodedAttributedBody): number {
  return body.runs.reduce((sum, run) => sum + run.length, 0);
}

type ClassChain = ReadonlyArray<readonly [string, number]>;

const CHAINS = {
  mutableAttributedString: [['NSMutableAttributedString', 0], ['NSAttributedString', 0], ['NSObject', 0]],
  attributedString: [['NSAttributedString', 0], ['NSObject', 0]],
  mutableString: [['NSMutableString', 1], ['NSString', 1], ['NSObject', 0]],
  string: [['NSString', 1], ['NSObject', 0]],
  dictionary: [['NSDictionary', 0], ['NSObject', 0]],
  number: [['NSNumber', 0], ['NSValue', 0], ['NSObject', 0]],
  url: [['NSURL', 0], ['NSObject', 0]],
  array: [['NSArray', 0], ['NSObject', 0]],
} satisfies Record<string, ClassChain>;

/** Test-only stand-in for an NSValue holding an NSRange. */
class TestRange {
  constructor(
    readonly location: number,
    readonly length: number,
  ) {}
}

/** Test-only stand-in for an object of an unknown class archiving a fixed-size C array. */
class TestShorts {
  constructor(readonly values: [number, number, number]) {}
}

interface TestRun {
  length: number;
  attributes: Record<string, unknown>;
}

/** Test-only typedstream writer producing NSAttributedString archives the way NSArchiver lays them out. */
class TestArchiver {
  private readonly out: number[] = [];
  private readonly sharedStrings = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly stringObjects = new Map<string, number>();
  private readonly cStrings = new Map<string, number>();
  private readonly objects = new Map<object, number>();
  private tableSize = 0;

  constructor(private readonly bigEndian = false) {
    this.out.push(4, 11, ...Buffer.from(bigEndian ? 'typedstream' : 'streamtyped', 'latin1'));
    this.integer(1000);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  integer(value: number): void {
    if (value >= -110 && value <= 127) {
      this.out.push(value & 0xff);
    } else if (value >= -32768 && value <= 32767) {
      this.out.push(0x81, ...this.fixed(value, 2));
    } else {
      this.out.push(0x82, ...this.fixed(value, 4));
    }
  }

  private fixed(value: number, size: 2 | 4): number[] {
    const buffer = Buffer.alloc(size);
    if (size === 2) {
      if (this.bigEndian) buffer.writeInt16BE(value);
      else buffer.writeInt16LE(value);
    } else if (this.bigEndian) buffer.writeInt32BE(value);
    else buffer.writeInt32LE(value);
    return [...buffer];
  }

  private reference(index: number): void {
    this.integer(index - 110);
  }

  private newEntry(): number {
    return this.tableSize++;
  }

  sharedString(value: string): void {
    const known = this.sharedStrings.get(value);
    if (known !== undefined) return this.reference(known);
    const encoded = Buffer.from(value, 'utf8');
    this.out.push(0x84);
    this.integer(encoded.length);
    this.out.push(...encoded);
    this.sharedStrings.set(value, this.sharedStrings.size);
  }

  private classChain(chain: ClassChain): void {
    for (const [name, version] of chain) {
      const known = this.classes.get(name);
      if (known !== undefined) return this.reference(known);
      this.out.push(0x84);
      this.classes.set(name, this.newEntry());
      this.sharedString(name);
      this.integer(version);
    }
    this.out.push(0x85);
  }

  private byteString(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.sharedString('+');
    this.integer(encoded.length);
    for (const byte of encoded) this.out.push(byte);
  }

  private cString(value: string): void {
    const known = this.cStrings.get(value);
    if (known !== undefined) return this.reference(known);
    this.out.push(0x84);
    this.cStrings.set(value, this.newEntry());
    this.sharedString(value);
  }

  objectGroup(value: unknown): void {
    this.sharedString('@');
    this.object(value);
  }

  private object(value: unknown): void {
    if (typeof value === 'string') {
      const known = this.stringObjects.get(value);
      if (known !== undefined) return this.reference(known);
      this.out.push(0x84);
      this.stringObjects.set(value, this.newEntry());
      this.classChain(CHAINS.string);
      this.byteString(value);
      this.out.push(0x86);
      return;
    }
    if (value === null) {
      this.out.push(0x85);
      return;
    }
    if (typeof value !== 'number' && typeof value !== 'object') throw new Error(`cannot archive ${typeof value}`);
    if (typeof value === 'object') {
      const known = this.objects.get(value);
      if (known !== undefined) return this.reference(known);
      this.objects.set(value, this.tableSize);
    }
    this.out.push(0x84);
    this.newEntry();
    if (typeof value === 'number') {
      const type = Number.isInteger(value) ? 'q' : 'd';
      this.classChain(CHAINS.number);
      this.sharedString('*');
      this.cString(type);
      this.sharedString(type);
      if (type === 'q') {
        this.integer(value);
      } else {
        const buffer = Buffer.alloc(8);
        if (this.bigEndian) buffer.writeDoubleBE(value);
        else buffer.writeDoubleLE(value);
        this.out.push(0x83, ...buffer);
      }
    } else if (value instanceof TestRange) {
      this.classChain([['NSValue', 0], ['NSObject', 0]]);
      this.sharedString('*');
      this.cString('{_NSRange=QQ}');
      this.sharedString('{_NSRange=QQ}');
      this.integer(value.location);
      this.integer(value.length);
    } else if (value instanceof TestShorts) {
      this.classChain([['TestShorts', 3], ['NSObject', 0]]);
      this.sharedString('[3s]');
      for (const item of value.values) this.integer(item);
    } else if (value instanceof URL) {
      this.classChain(CHAINS.url);
      this.sharedString('c');
      this.integer(0);
      this.objectGroup(value.href);
    } else if (Array.isArray(value)) {
      this.classChain(CHAINS.array);
      this.sharedString('i');
      this.integer(value.length);
      for (const item of value) this.objectGroup(item);
    } else {
      const entries = Object.entries(value);
      this.classChain(CHAINS.dictionary);
      this.sharedString('i');
      this.integer(entries.length);
      for (const [key, item] of entries) {
        this.objectGroup(key);
        this.objectGroup(item);
      }
    }
    this.out.push(0x86);
  }

  attributedString(text: string, runs: TestRun[], mutable = true): this {
    this.sharedString('@');
    this.out.push(0x84);
    this.newEntry();
    this.classChain(mutable ? CHAINS.mutableAttributedString : CHAINS.attributedString);
    this.sharedString('@');
    this.out.push(0x84);
    this.newEntry();
    this.classChain(mutable ? CHAINS.mutableString : CHAINS.string);
    this.byteString(text);
    this.out.push(0x86);
    const dictionaryIndex = new Map<object, number>();
    for (const run of runs) {
      const known = dictionaryIndex.get(run.attributes);
      const index = known ?? dictionaryIndex.size + 1;
      dictionaryIndex.set(run.attributes, index);
      this.sharedString('iI');
      this.integer(index);
      this.integer(run.length);
      if (known === undefined) this.objectGroup(run.attributes);
    }
    this.out.push(0x86);
    return this;
  }
}

function archive(text: string, runs: TestRun[], options: { bigEndian?: boolean; mutable?: boolean } = {}): Uint8Array {
  return new TestArchiver(options.bigEndian).attributedString(text, runs, options.mutable).bytes();
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => Array.from(part)));
}

const HEADER = concat([4, 11], Buffer.from('streamtyped', 'latin1'), [0x81, 0xe8, 0x03]);

const smsRows = readMessages('ios13-magnet-ctf/sms.db');
const chatRows = readMessages('macos13-ventura/chat.db');

test('iOS 13 sms.db: decoded text equals the text column on all 105 rows', () => {
  assert.equal(smsRows.length, 105);
  for (const row of smsRows) {
    assert.ok(row.attributedBody && row.text !== null, `row ${row.rowid} has text and attributedBody`);
    const body = expectOk(decodeAttributedBody(row.attributedBody), `row ${row.rowid}`);
    assert.equal(body.text, row.text, `row ${row.rowid}`);
    assert.equal(totalRunLength(body), body.text.length, `row ${row.rowid}: runs cover the text`);
    assertWellFormed({ ok: true, value: body }, `row ${row.rowid}`);
    const parts = body.runs.map((run) => run.attributes.__kIMMessagePartAttributeName);
    assert.ok(parts.length > 0, `row ${row.rowid}: has runs`);
    parts.forEach((part, i) => {
      assert.equal(typeof part, 'number', `row ${row.rowid}: run ${i} has a part index`);
      if (i > 0) assert.ok((part as number) >= (parts[i - 1] as number), `row ${row.rowid}: part indices ascend`);
    });
  }
});

test('iOS 13 sms.db: links, one-time codes and file transfer attributes', () => {
  const byText = (needle: string): DecodedAttributedBody => {
    const row = smsRows.find((candidate) => candidate.text?.includes(needle));
    assert.ok(row?.attributedBody, needle);
    return expectOk(decodeAttributedBody(row.attributedBody), needle);
  };

  const chess = byText('awesome Chess game');
  assert.deepEqual(chess.links, ['https://zynga.my/2rSayHx']);
  assert.deepEqual(chess.mentions, []);
  const linkRun = chess.runs.find((run) => run.attributes.__kIMLinkAttributeName !== undefined);
  assert.ok(linkRun);
  assert.equal(chess.text.slice(linkRun.start, linkRun.start + linkRun.length), 'https://zynga.my/2rSayHx');

  const whatsapp = byText('Your WhatsApp code');
  assert.deepEqual(whatsapp.links, ['http://v.whatsapp.com/398029']);
  const urlRun = whatsapp.runs.find((run) => run.attributes.__kIMLinkAttributeName !== undefined);
  assert.ok(urlRun);
  assert.equal(whatsapp.text.slice(urlRun.start, urlRun.start + urlRun.length), 'v.whatsapp.com/398029');
  const codeRun = whatsapp.runs.find((run) => run.attributes.__kIMOneTimeCodeAttributeName !== undefined);
  assert.ok(codeRun);
  assert.deepEqual(codeRun.attributes.__kIMOneTimeCodeAttributeName, { displayCode: '398-029', code: '398029' });
  assert.equal(whatsapp.text.slice(codeRun.start, codeRun.start + codeRun.length), '398-029');
  const detected = codeRun.attributes.__kIMDataDetectedAttributeName;
  assert.ok(detected instanceof Uint8Array);
  assert.equal(Buffer.from(detected.subarray(0, 8)).toString('latin1'), 'bplist00');
  assert.equal(detected.length, 554);

  const attachments = smsRows.filter((row) => row.text === '\uFFFC\uFFFC');
  assert.equal(attachments.length, 1);
  const twoFiles = expectOk(decodeAttributedBody(attachments[0].attributedBody!), 'two attachments');
  assert.deepEqual(
    twoFiles.runs.map((run) => [run.start, run.length, run.attributes.__kIMFileTransferGUIDAttributeName, run.attributes.__kIMMessagePartAttributeName]),
    [
      [0, 1, '3F582393-07A0-4DB2-9211-D0A9470D1079', 0],
      [1, 1, 'D98C451D-FDE9-4BD9-8BB6-DC4BF0B84881', 1],
    ],
  );
});

test('macOS 13 chat.db: text-less row decodes from attributedBody, the other matches text', () => {
  assert.equal(chatRows.length, 2);
  const withoutText = chatRows.filter((row) => row.text === null);
  const withText = chatRows.filter((row) => row.text !== null);
  assert.equal(withoutText.length, 1);
  assert.equal(withText.length, 1);

  const recovered = expectOk(decodeAttributedBody(withoutText[0].attributedBody!), 'NULL-text row');
  assert.equal(recovered.text, 'iMessagedb test: Let\u2019s set something up ');
  assert.deepEqual(recovered.runs, [{ start: 0, length: 40, attributes: { __kIMMessagePartAttributeName: 0 } }]);

  const body = expectOk(decodeAttributedBody(withText[0].attributedBody!), 'text row');
  assert.equal(body.text, withText[0].text);
  assert.equal(body.text, '\uFFFC\uFFFCIt\u2019s a lovely day!');
  assert.deepEqual(body.runs, [
    {
      start: 0,
      length: 1,
      attributes: {
        __kIMFileTransferGUIDAttributeName: 'D7CEBAED-9844-4B25-B841-F7748EA3BCAD',
        __kIMBaseWritingDirectionAttributeName: -1,
        __kIMMessagePartAttributeName: 0,
      },
    },
    {
      start: 1,
      length: 1,
      attributes: {
        __kIMFileTransferGUIDAttributeName: 'B5C4912D-2401-4844-946D-473B0FCFF212',
        __kIMBaseWritingDirectionAttributeName: -1,
        __kIMMessagePartAttributeName: 1,
      },
    },
    { start: 2, length: 18, attributes: { __kIMBaseWritingDirectionAttributeName: -1, __kIMMessagePartAttributeName: 2 } },
  ]);
});

test('round-trips emoji, non-BMP characters and multi-run bodies with a mention and a link', () => {
  const text = 'héllo 👋🏽 𝄞 日本語';
  const single = expectOk(decodeAttributedBody(archive(text, [{ length: text.length, attributes: { __kIMMessagePartAttributeName: 0 } }])), 'emoji');
  assert.equal(single.text, text);
  assert.deepEqual(single.runs, [{ start: 0, length: text.length, attributes: { __kIMMessagePartAttributeName: 0 } }]);

  const part0 = { __kIMMessagePartAttributeName: 0 };
  const mention = { __kIMMessagePartAttributeName: 0, __kIMMentionConfirmedMention: '+15555550123' };
  const link = { __kIMMessagePartAttributeName: 0, __kIMLinkAttributeName: new URL('https://example.com/😀?q=1') };
  const lead = 'Hey 👋🏽 ';
  const who = '@Zoë 𝄞';
  const middle = ' look: ';
  const url = 'https://example.com/😀?q=1';
  const tail = ' 日本語 ✅';
  const multiText = lead + who + middle + url + tail;
  const body = expectOk(
    decodeAttributedBody(
      archive(multiText, [
        { length: lead.length, attributes: part0 },
        { length: who.length, attributes: mention },
        { length: middle.length, attributes: part0 },
        { length: url.length, attributes: link },
        { length: tail.length, attributes: part0 },
      ]),
    ),
    'multi-run',
  );
  assert.equal(body.text, multiText);
  assert.deepEqual(body.mentions, ['+15555550123']);
  assert.deepEqual(body.links, ['https://example.com/%F0%9F%98%80?q=1']);
  assert.deepEqual(
    body.runs.map((run) => body.text.slice(run.start, run.start + run.length)),
    [lead, who, middle, url, tail],
  );
  assert.deepEqual(body.runs[1].attributes, mention);
  assert.deepEqual(body.runs[2].attributes, part0);
  assert.equal(body.runs[3].attributes.__kIMLinkAttributeName, 'https://example.com/%F0%9F%98%80?q=1');
});

test('round-trips nested values, floats, large integers, long strings and the big-endian variant', () => {
  const attributes = {
    nested: { list: ['a', 'b', 'a'], depth: { value: 2.5 } },
    big: 70000,
    negative: -40000,
    small: -5,
    byte: 200,
  };
  const long = 'x'.repeat(200) + '🎉'.repeat(20000);
  for (const bigEndian of [false, true]) {
    for (const mutable of [false, true]) {
      const label = `bigEndian=${bigEndian} mutable=${mutable}`;
      const body = expectOk(decodeAttributedBody(archive(long, [{ length: long.length, attributes }], { bigEndian, mutable })), label);
      assert.equal(body.text, long, label);
      assert.deepEqual(body.runs, [{ start: 0, length: long.length, attributes }], label);
    }
  }
  const structured = expectOk(
    decodeAttributedBody(archive('ab', [{ length: 2, attributes: { range: new TestRange(3, 300), shorts: new TestShorts([1, -2, 30000]) } }])),
    'structs and arrays',
  );
  assert.deepEqual(structured.runs[0].attributes, {
    range: { $class: 'NSValue', values: ['{_NSRange=QQ}', [3, 300]] },
    shorts: { $class: 'TestShorts', values: [[1, -2, 30000]] },
  });
  const empty = expectOk(decodeAttributedBody(archive('', [])), 'empty string');
  assert.equal(empty.text, '');
  assert.deepEqual(empty.runs, []);
  const bom = expectOk(decodeAttributedBody(archive('\uFEFFbom', [])), 'leading BOM');
  assert.equal(bom.text, '\uFEFFbom');
});

test('a plain NSString root decodes to text without runs', () => {
  const writer = new TestArchiver();
  writer.objectGroup('just a string ☕');
  assert.deepEqual(expectOk(decodeAttributedBody(writer.bytes()), 'NSString root'), {
    text: 'just a string ☕',
    runs: [],
    mentions: [],
    links: [],
  });
});

test('non-string roots and nil give TYPEDSTREAM_NO_STRING', () => {
  const numberRoot = new TestArchiver();
  numberRoot.objectGroup(42);
  assert.equal(decodeNoThrow(numberRoot.bytes(), 'number root').ok, false);
  assert.deepEqual(pickCode(decodeAttributedBody(numberRoot.bytes())), 'TYPEDSTREAM_NO_STRING');
  assert.equal(pickCode(decodeAttributedBody(concat(HEADER, [0x84, 0x01, 0x40, 0x85]))), 'TYPEDSTREAM_NO_STRING');
  assert.equal(pickCode(decodeAttributedBody(concat(HEADER, [0x84, 0x01, 0x69, 0x05]))), 'TYPEDSTREAM_NO_STRING');
});

function pickCode(result: DecodeResult): string {
  return result.ok ? 'ok' : result.code;
}

test('bad headers', () => {
  const valid = archive('hi', []);
  const wrongVersion = Uint8Array.from(valid);
  wrongVersion[0] = 3;
  const wrongSignature = Uint8Array.from(valid);
  wrongSignature[5] = 0x41;
  assert.equal(pickCode(decodeAttributedBody(wrongVersion)), 'TYPEDSTREAM_BAD_HEADER');
  assert.equal(pickCode(decodeAttributedBody(wrongSignature)), 'TYPEDSTREAM_BAD_HEADER');
  assert.equal(pickCode(decodeAttributedBody(Buffer.from('bplist00\u00d4\u0001\u0002', 'latin1'))), 'TYPEDSTREAM_BAD_HEADER');
  assert.equal(pickCode(decodeAttributedBody(concat([4, 11], Buffer.from('streamtyped', 'latin1'), [0x84]))), 'TYPEDSTREAM_BAD_HEADER');
});

test('empty input and every truncation prefix of real blobs give TYPEDSTREAM_TRUNCATED', () => {
  assert.equal(pickCode(decodeNoThrow(new Uint8Array(0), 'empty')), 'TYPEDSTREAM_TRUNCATED');
  const samples = [
    smsRows.find((row) => row.text?.includes('Your WhatsApp code'))!.attributedBody!,
    smsRows.find((row) => row.text === '\uFFFC\uFFFC')!.attributedBody!,
    ...chatRows.map((row) => row.attributedBody!),
  ];
  for (const blob of samples) {
    expectOk(decodeAttributedBody(blob), 'full blob');
    for (let length = 0; length < blob.length; length++) {
      const result = decodeNoThrow(blob.subarray(0, length), `prefix ${length}/${blob.length}`);
      assert.equal(pickCode(result), 'TYPEDSTREAM_TRUNCATED', `prefix ${length}/${blob.length}`);
    }
  }
});

test('huge declared lengths and counts are rejected without allocating', () => {
  const hugeString = concat(HEADER, [0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x08], Buffer.from('NSString'), [0x01, 0x85, 0x84, 0x01, 0x2b, 0x82, 0xff, 0xff, 0xff, 0x7f, 0x41]);
  assert.equal(pickCode(decodeNoThrow(hugeString, 'huge + length')), 'TYPEDSTREAM_TRUNCATED');
  const negativeString = concat(HEADER, [0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x08], Buffer.from('NSString'), [0x01, 0x85, 0x84, 0x01, 0x2b, 0x82, 0x00, 0x00, 0x00, 0x80]);
  assert.equal(pickCode(decodeNoThrow(negativeString, 'negative + length')), 'TYPEDSTREAM_MALFORMED');
  const hugeShared = concat(HEADER, [0x84, 0x82, 0xff, 0xff, 0xff, 0x7f, 0x40]);
  assert.equal(pickCode(decodeNoThrow(hugeShared, 'huge shared string')), 'TYPEDSTREAM_TRUNCATED');
  const hugeByteArray = concat(HEADER, [0x84, 0x0d], Buffer.from('[2147483647c]'), [0x00]);
  assert.equal(pickCode(decodeNoThrow(hugeByteArray, 'huge byte array')), 'TYPEDSTREAM_TRUNCATED');
  const hugeIntArray = concat(HEADER, [0x84, 0x0d], Buffer.from('[2147483647i]'), [0x00]);
  assert.equal(pickCode(decodeNoThrow(hugeIntArray, 'huge int array')), 'TYPEDSTREAM_TRUNCATED');
  const emptyStructs = concat(HEADER, [0x84, 0x10], Buffer.from('[2147483647{e=}]'));
  assert.equal(pickCode(decodeNoThrow(emptyStructs, 'array of empty structs')), 'TYPEDSTREAM_MALFORMED');

  const whatsapp = smsRows.find((row) => row.text?.includes('Your WhatsApp code'))!.attributedBody!;
  const marker = Buffer.from([0x84, 0x01, 0x2b, 0x81, 0x89, 0x00]);
  const at = Buffer.from(whatsapp).indexOf(marker);
  assert.ok(at > 0);
  const patched = Uint8Array.from(whatsapp);
  patched.set([0x82, 0xff, 0xff, 0xff], at + 3);
  assert.equal(pickCode(decodeNoThrow(patched, 'patched real blob')), 'TYPEDSTREAM_TRUNCATED');
});

test('deep nesting, bad references and self-references are handled', () => {
  const nested: number[] = [0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x01, 0x41, 0x00, 0x85];
  for (let i = 0; i < 20000; i++) nested.push(0x92, 0x84, 0x93);
  assert.equal(pickCode(decodeNoThrow(concat(HEADER, nested), 'deep objects')), 'TYPEDSTREAM_MALFORMED');

  const deepType = '[1'.repeat(5000) + 'c' + ']'.repeat(5000);
  const deepTypeBlob = concat(HEADER, [0x84, 0x81, deepType.length & 0xff, deepType.length >> 8], Buffer.from(deepType));
  assert.equal(pickCode(decodeNoThrow(deepTypeBlob, 'deep type')), 'TYPEDSTREAM_MALFORMED');

  assert.equal(pickCode(decodeNoThrow(concat(HEADER, [0xa0]), 'dangling shared string reference')), 'TYPEDSTREAM_MALFORMED');
  assert.equal(pickCode(decodeNoThrow(concat(HEADER, [0x84, 0x01, 0x40, 0xa0]), 'dangling object reference')), 'TYPEDSTREAM_MALFORMED');
  assert.equal(pickCode(decodeNoThrow(concat(HEADER, [0x84, 0x01, 0x3f, 0x00]), 'unknown type')), 'TYPEDSTREAM_MALFORMED');

  const selfReferencing = [
    ...[0x84, 0x01, 0x40, 0x84, 0x84, 0x84, 0x12],
    ...Buffer.from('NSAttributedString'),
    ...[0x00, 0x84, 0x84, 0x08],
    ...Buffer.from('NSObject'),
    ...[0x00, 0x85, 0x92, 0x84, 0x84, 0x84, 0x08],
    ...Buffer.from('NSString'),
    ...[0x01, 0x94, 0x84, 0x01, 0x2b, 0x02, 0x68, 0x69, 0x86],
    ...[0x84, 0x02, 0x69, 0x49, 0x01, 0x02],
    ...[0x92, 0x84, 0x84, 0x84, 0x0c],
    ...Buffer.from('NSDictionary'),
    ...[0x00, 0x94, 0x84, 0x01, 0x69, 0x01, 0x92, 0x95, 0x92, 0x97, 0x86, 0x86],
  ];
  const cyclic = expectOk(decodeAttributedBody(concat(HEADER, selfReferencing)), 'self-referencing dictionary');
  assert.equal(cyclic.text, 'hi');
  assert.deepEqual(cyclic.runs, [{ start: 0, length: 2, attributes: { hi: null } }]);
});

test('seeded random and mutated inputs never throw', () => {
  const random = mulberry32(0x5eed);
  const randomBytes = (length: number): number[] => Array.from({ length }, () => Math.floor(random() * 256));
  const started = Date.now();
  for (let i = 0; i < 2000; i++) {
    const length = Math.floor(random() * 400);
    const body = randomBytes(length);
    decodeNoThrow(Uint8Array.from(body), `random ${i}`);
    decodeNoThrow(concat(HEADER, body), `random after header ${i}`);
  }
  const seeds = [...smsRows.slice(0, 20), ...chatRows].map((row) => row.attributedBody!);
  for (let i = 0; i < 2000; i++) {
    const mutated = Uint8Array.from(seeds[i % seeds.length]);
    const flips = 1 + Math.floor(random() * 4);
    for (let f = 0; f < flips; f++) {
      const position = HEADER.length + Math.floor(random() * (mutated.length - HEADER.length));
      mutated[position] = Math.floor(random() * 256);
    }
    decodeNoThrow(mutated, `mutation ${i}`);
  }
  assert.ok(Date.now() - started < 20000, 'fuzzing finishes quickly');
});

test('non-Uint8Array input is reported, not thrown', () => {
  const result = decodeNoThrow(null as unknown as Uint8Array, 'null input');
  assert.equal(pickCode(result), 'TYPEDSTREAM_BAD_HEADER');
});
