// Decoder for Apple's typedstream archives (NSArchiver "streamtyped" serialization).
// Extracts the plain text and attribute runs of the NSAttributedString stored in Messages' attributedBody.

/** A contiguous range of the decoded text sharing one attribute dictionary. */
export interface AttributedRun {
  /** Offset of the run in UTF-16 code units of {@link DecodedAttributedBody.text}. */
  start: number;
  /** Length of the run in UTF-16 code units. */
  length: number;
  /** The run's attributes, converted to plain values (strings, numbers, byte arrays, records, arrays). */
  attributes: Record<string, unknown>;
}

/** The content of a decoded attributedBody. */
export interface DecodedAttributedBody {
  /** The attributed string's plain text. */
  text: string;
  /** Attribute runs in text order; empty when the archive holds a plain NSString. */
  runs: AttributedRun[];
  /** Distinct `__kIMMentionConfirmedMention` values (handles), in order of first appearance. */
  mentions: string[];
  /** Distinct `__kIMLinkAttributeName` values (URLs), in order of first appearance. */
  links: string[];
}

/** Error codes reported by {@link decodeAttributedBody}. */
export type DecodeErrorCode =
  | 'TYPEDSTREAM_BAD_HEADER'
  | 'TYPEDSTREAM_TRUNCATED'
  | 'TYPEDSTREAM_MALFORMED'
  | 'TYPEDSTREAM_NO_STRING';

/** Outcome of {@link decodeAttributedBody}: the decoded body, or an error code with a human-readable message. */
export type DecodeResult =
  | { ok: true; value: DecodedAttributedBody }
  | { ok: false; code: DecodeErrorCode; message: string };

/** Attribute key whose value is the handle of a confirmed mention. */
export const MENTION_ATTRIBUTE = '__kIMMentionConfirmedMention';
/** Attribute key whose value is a link URL. */
export const LINK_ATTRIBUTE = '__kIMLinkAttributeName';

const STREAMER_VERSION = 4;
const SIGNATURE_LITTLE_ENDIAN = 'streamtyped';
const SIGNATURE_BIG_ENDIAN = 'typedstream';

const TAG_INT16 = -127;
const TAG_INT32 = -126;
const TAG_FLOAT = -125;
const TAG_NEW = -124;
const TAG_NIL = -123;
const TAG_END = -122;
const FIRST_REFERENCE = -110;

/**
 * The integer a little-endian (`streamtyped`) archive writes before a byte string of `length` bytes: one byte below
 * 128, else the int16 or int32 tag and the value.
 */
export function byteStringLengthPrefix(length: number): Buffer {
  if (length <= 0x7f) return Buffer.from([length]);
  if (length <= 0x7fff) return Buffer.from([TAG_INT16 & 0xff, length & 0xff, (length >> 8) & 0xff]);
  const prefix = Buffer.alloc(5);
  prefix[0] = TAG_INT32 & 0xff;
  prefix.writeInt32LE(length, 1);
  return prefix;
}

const MAX_OBJECT_DEPTH = 128;
const MAX_TYPE_DEPTH = 32;
const MAX_TABLE_SIZE = 1 << 20;
const MAX_CONVERT_DEPTH = 64;

class DecodeFailure extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type TypeNode =
  | { kind: 'scalar'; char: string }
  | { kind: 'array'; count: number; element: TypeNode }
  | { kind: 'struct'; name: string; fields: TypeNode[] };

interface ArchivedClass {
  kind: 'class';
  name: string;
  version: number;
  superclass: ArchivedClass | null;
}

interface TypedGroup {
  encoding: string;
  values: Value[];
}

interface ArchivedObject {
  kind: 'object';
  cls: ArchivedClass | null;
  groups: TypedGroup[];
}

interface CStringEntry {
  kind: 'cstring';
  value: string | null;
}

type TableEntry = ArchivedObject | ArchivedClass | CStringEntry;

type Value = number | string | null | Uint8Array | TableEntry | Value[];

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

class TypedStreamReader {
  private pos = 0;
  private littleEndian = true;
  private readonly view: DataView;
  private readonly sharedStrings: string[] = [];
  private readonly parsedEncodings = new Map<string, TypeNode[]>();
  private readonly table: TableEntry[] = [];
  private steps = 0;
  private readonly maxSteps: number;
  private depth = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxSteps = bytes.length * 8 + 4096;
  }

  readHeader(): void {
    const expected = [STREAMER_VERSION, SIGNATURE_LITTLE_ENDIAN.length];
    for (let i = 0; i < expected.length; i++) {
      if (this.pos >= this.bytes.length) this.truncated('header');
      if (this.bytes[this.pos] !== expected[i]) {
        throw new DecodeFailure('TYPEDSTREAM_BAD_HEADER', `unexpected header byte 0x${this.bytes[this.pos].toString(16)} at ${this.pos}`);
      }
      this.pos++;
    }
    const available = Math.min(SIGNATURE_LITTLE_ENDIAN.length, this.bytes.length - this.pos);
    let signature = '';
    for (let i = 0; i < available; i++) signature += String.fromCharCode(this.bytes[this.pos + i]);
    if (!SIGNATURE_LITTLE_ENDIAN.startsWith(signature) && !SIGNATURE_BIG_ENDIAN.startsWith(signature)) {
      throw new DecodeFailure('TYPEDSTREAM_BAD_HEADER', 'signature is neither "streamtyped" nor "typedstream"');
    }
    if (available < SIGNATURE_LITTLE_ENDIAN.length) this.truncated('header');
    this.pos += available;
    this.littleEndian = signature === SIGNATURE_LITTLE_ENDIAN;
    try {
      this.readInteger(false);
    } catch (error) {
      if (error instanceof DecodeFailure && error.code === 'TYPEDSTREAM_MALFORMED') {
        throw new DecodeFailure('TYPEDSTREAM_BAD_HEADER', 'invalid system version');
      }
      throw error;
    }
  }

  readRootGroup(): TypedGroup {
    return this.readGroup();
  }

  private truncated(what: string): never {
    throw new DecodeFailure('TYPEDSTREAM_TRUNCATED', `unexpected end of data while reading ${what} at offset ${this.pos}`);
  }

  private malformed(message: string): never {
    throw new DecodeFailure('TYPEDSTREAM_MALFORMED', `${message} at offset ${this.pos}`);
  }

  private step(): void {
    if (++this.steps > this.maxSteps) this.malformed('decoding step budget exceeded');
  }

  private need(count: number, what: string): void {
    if (count > this.bytes.length - this.pos) this.truncated(what);
  }

  private signedByte(): number {
    this.need(1, 'byte');
    return this.view.getInt8(this.pos++);
  }

  private peekByte(): number {
    this.need(1, 'byte');
    return this.view.getInt8(this.pos);
  }

  private take(count: number, what: string): Uint8Array {
    if (count < 0) this.malformed(`negative length ${count} for ${what}`);
    this.need(count, what);
    const slice = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return slice;
  }

  private integerFromHead(head: number, unsigned: boolean): number {
    if (head === TAG_INT16) {
      this.need(2, 'int16');
      const value = unsigned ? this.view.getUint16(this.pos, this.littleEndian) : this.view.getInt16(this.pos, this.littleEndian);
      this.pos += 2;
      return value;
    }
    if (head === TAG_INT32) {
      this.need(4, 'int32');
      const value = unsigned ? this.view.getUint32(this.pos, this.littleEndian) : this.view.getInt32(this.pos, this.littleEndian);
      this.pos += 4;
      return value;
    }
    if (head >= FIRST_REFERENCE) return unsigned ? head & 0xff : head;
    return this.malformed(`unexpected tag 0x${(head & 0xff).toString(16)} where an integer was expected`);
  }

  private readInteger(unsigned: boolean): number {
    return this.integerFromHead(this.signedByte(), unsigned);
  }

  private readFloat(double: boolean): number {
    const head = this.signedByte();
    if (head !== TAG_FLOAT) return this.integerFromHead(head, false);
    const size = double ? 8 : 4;
    this.need(size, 'floating-point value');
    const value = double ? this.view.getFloat64(this.pos, this.littleEndian) : this.view.getFloat32(this.pos, this.littleEndian);
    this.pos += size;
    return value;
  }

  private referenceIndex(head: number): number {
    return this.integerFromHead(head, false) - FIRST_REFERENCE;
  }

  private register<T extends TableEntry>(entry: T): T {
    if (this.table.length >= MAX_TABLE_SIZE) this.malformed('object table too large');
    this.table.push(entry);
    return entry;
  }

  private lookup(index: number): TableEntry {
    if (index < 0 || index >= this.table.length) this.malformed(`object reference ${index} out of range`);
    return this.table[index];
  }

  private readSharedString(): string | null {
    const head = this.signedByte();
    if (head === TAG_NIL) return null;
    if (head === TAG_NEW) {
      const length = this.readInteger(false);
      const value = utf8.decode(this.take(length, 'shared string'));
      if (this.sharedStrings.length >= MAX_TABLE_SIZE) this.malformed('shared string table too large');
      this.sharedStrings.push(value);
      return value;
    }
    const index = this.referenceIndex(head);
    if (index < 0 || index >= this.sharedStrings.length) this.malformed(`shared string reference ${index} out of range`);
    return this.sharedStrings[index];
  }

  private readClass(): ArchivedClass | null {
    let first: ArchivedClass | null = null;
    let previous: ArchivedClass | null = null;
    for (;;) {
      this.step();
      const head = this.signedByte();
      let current: ArchivedClass | null;
      let done = true;
      if (head === TAG_NIL) {
        current = null;
      } else if (head === TAG_NEW) {
        const name = this.readSharedString();
        if (name === null) this.malformed('class without a name');
        const version = this.readInteger(false);
        current = this.register<ArchivedClass>({ kind: 'class', name, version, superclass: null });
        done = false;
      } else {
        const entry = this.lookup(this.referenceIndex(head));
        if (entry.kind !== 'class') this.malformed('class reference points to a non-class entry');
        current = entry;
      }
      if (previous) previous.superclass = current;
      else first = current;
      if (done || !current) return first;
      previous = current;
    }
  }

  private readObject(): ArchivedObject | TableEntry | null {
    const head = this.signedByte();
    if (head === TAG_NIL) return null;
    if (head !== TAG_NEW) return this.lookup(this.referenceIndex(head));
    const object = this.register<ArchivedObject>({ kind: 'object', cls: null, groups: [] });
    object.cls = this.readClass();
    if (!object.cls) this.malformed('object without a class');
    if (++this.depth > MAX_OBJECT_DEPTH) this.malformed('objects nested too deeply');
    for (;;) {
      this.step();
      if (this.peekByte() === TAG_END) {
        this.pos++;
        break;
      }
      object.groups.push(this.readGroup());
    }
    this.depth--;
    return object;
  }

  private readCString(): CStringEntry | null {
    const head = this.signedByte();
    if (head === TAG_NIL) return null;
    if (head === TAG_NEW) return this.register<CStringEntry>({ kind: 'cstring', value: this.readSharedString() });
    const entry = this.lookup(this.referenceIndex(head));
    if (entry.kind !== 'cstring') this.malformed('C string reference points to a non-string entry');
    return entry;
  }

  private readGroup(): TypedGroup {
    const encoding = this.readSharedString();
    if (encoding === null || encoding.length === 0) this.malformed('missing type encoding');
    const types = this.parseEncoding(encoding);
    const values = types.map((type) => this.readValue(type));
    return { encoding, values };
  }

  private readValue(type: TypeNode): Value {
    this.step();
    if (type.kind === 'array') {
      if (type.element.kind === 'scalar' && (type.element.char === 'c' || type.element.char === 'C')) {
        return this.take(type.count, 'byte array');
      }
      const minimum = minimumSize(type.element);
      if (minimum > 0 && type.count > (this.bytes.length - this.pos) / minimum) this.truncated('array');
      const items: Value[] = [];
      for (let i = 0; i < type.count; i++) items.push(this.readValue(type.element));
      return items;
    }
    if (type.kind === 'struct') return type.fields.map((field) => this.readValue(field));
    switch (type.char) {
      case 'c':
      case 's':
      case 'i':
      case 'l':
      case 'q':
        return this.readInteger(false);
      case 'C':
      case 'S':
      case 'I':
      case 'L':
      case 'Q':
      case 'B':
        return this.readInteger(true);
      case 'f':
        return this.readFloat(false);
      case 'd':
        return this.readFloat(true);
      case '+':
        return this.take(this.readInteger(false), 'byte string');
      case '*':
        return this.readCString();
      case '%':
      case ':':
        return this.readSharedString();
      case '#':
        return this.readClass();
      case '@':
        return this.readObject();
      default:
        return this.malformed(`unsupported type '${type.char}'`);
    }
  }

  private parseEncoding(encoding: string): TypeNode[] {
    const cached = this.parsedEncodings.get(encoding);
    if (cached) return cached;
    const cursor = { at: 0 };
    const types: TypeNode[] = [];
    while (cursor.at < encoding.length) types.push(this.parseType(encoding, cursor, 0));
    this.parsedEncodings.set(encoding, types);
    return types;
  }

  private parseType(encoding: string, cursor: { at: number }, depth: number): TypeNode {
    if (depth > MAX_TYPE_DEPTH) this.malformed('type encoding nested too deeply');
    while (cursor.at < encoding.length && 'rnNoORV'.includes(encoding[cursor.at])) cursor.at++;
    if (cursor.at >= encoding.length) this.malformed(`incomplete type encoding "${encoding}"`);
    const char = encoding[cursor.at++];
    if (char === '[') {
      const digitsPattern = /\d+/y;
      digitsPattern.lastIndex = cursor.at;
      const digits = digitsPattern.exec(encoding);
      if (!digits) this.malformed(`array without a count in "${encoding}"`);
      cursor.at = digitsPattern.lastIndex;
      const count = Number(digits[0]);
      if (!Number.isSafeInteger(count)) this.malformed(`array count too large in "${encoding}"`);
      const element = this.parseType(encoding, cursor, depth + 1);
      if (encoding[cursor.at] !== ']') this.malformed(`unterminated array in "${encoding}"`);
      cursor.at++;
      return { kind: 'array', count, element };
    }
    if (char === '{') {
      const namePattern = /[^=}]*/y;
      namePattern.lastIndex = cursor.at;
      const name = namePattern.exec(encoding)?.[0] ?? '';
      cursor.at = namePattern.lastIndex;
      if (cursor.at >= encoding.length) this.malformed(`unterminated struct in "${encoding}"`);
      const fields: TypeNode[] = [];
      if (encoding[cursor.at] === '=') {
        cursor.at++;
        while (cursor.at < encoding.length && encoding[cursor.at] !== '}') fields.push(this.parseType(encoding, cursor, depth + 1));
      }
      if (encoding[cursor.at] !== '}') this.malformed(`unterminated struct in "${encoding}"`);
      cursor.at++;
      return { kind: 'struct', name, fields };
    }
    if ('cCsSiIlLqQBfd+*%:#@'.includes(char)) return { kind: 'scalar', char };
    return this.malformed(`unsupported type encoding character '${char}' in "${encoding}"`);
  }
}

function minimumSize(type: TypeNode): number {
  if (type.kind === 'scalar') return 1;
  if (type.kind === 'array') return type.count === 0 ? 0 : minimumSize(type.element) > 0 ? 1 : 0;
  return type.fields.some((field) => minimumSize(field) > 0) ? 1 : 0;
}

function classChain(object: ArchivedObject): string[] {
  const names: string[] = [];
  for (let cls = object.cls; cls && names.length < 64; cls = cls.superclass) names.push(cls.name);
  return names;
}

function isKindOf(entry: unknown, className: string): entry is ArchivedObject {
  return isArchivedObject(entry) && classChain(entry).includes(className);
}

function isArchivedObject(entry: unknown): entry is ArchivedObject {
  return typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === 'object' && 'groups' in entry;
}

function flatValues(object: ArchivedObject): Value[] {
  return object.groups.flatMap((group) => group.values);
}

function stringContent(object: ArchivedObject): string | null {
  for (const group of object.groups) {
    if (group.encoding === '+' && group.values[0] instanceof Uint8Array) return utf8.decode(group.values[0]);
  }
  return null;
}

class PlainConverter {
  private readonly done = new Map<ArchivedObject, unknown>();
  private readonly active = new Set<ArchivedObject>();

  convert(value: Value | undefined, depth = 0): unknown {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' || typeof value === 'string') return value;
    if (value instanceof Uint8Array) return new Uint8Array(value);
    if (Array.isArray(value)) return depth > MAX_CONVERT_DEPTH ? null : value.map((item) => this.convert(item, depth + 1));
    if (value.kind === 'cstring') return value.value;
    if (value.kind === 'class') return { $class: value.name };
    if (this.done.has(value)) return this.done.get(value);
    if (this.active.has(value) || depth > MAX_CONVERT_DEPTH) return null;
    this.active.add(value);
    const result = this.convertObject(value, depth);
    this.active.delete(value);
    this.done.set(value, result);
    return result;
  }

  private convertObject(object: ArchivedObject, depth: number): unknown {
    const chain = classChain(object);
    const values = flatValues(object);
    if (chain.includes('NSString')) return stringContent(object);
    if (chain.includes('NSAttributedString')) {
      const inner = object.groups[0]?.values[0];
      return isArchivedObject(inner) ? this.convert(inner, depth + 1) : null;
    }
    if (chain.includes('NSNumber')) return this.convert(values[1], depth + 1);
    if (chain.includes('NSURL')) return this.convertUrl(values, depth);
    if (chain.includes('NSDictionary')) {
      const record: Record<string, unknown> = {};
      for (let i = 1; i + 1 < values.length; i += 2) {
        const key = this.convert(values[i], depth + 1);
        record[typeof key === 'string' ? key : String(key)] = this.convert(values[i + 1], depth + 1);
      }
      return record;
    }
    if (chain.includes('NSArray') || chain.includes('NSSet')) return values.slice(1).map((item) => this.convert(item, depth + 1));
    if (chain.includes('NSData')) {
      const bytes = values.find((item) => item instanceof Uint8Array);
      return bytes instanceof Uint8Array ? new Uint8Array(bytes) : null;
    }
    return { $class: chain[0] ?? null, values: values.map((item) => this.convert(item, depth + 1)) };
  }

  private convertUrl(values: Value[], depth: number): string | null {
    const parts = values.map((item) => this.convert(item, depth + 1)).filter((item): item is string => typeof item === 'string');
    const relative = parts.at(-1);
    if (relative === undefined) return null;
    const base = parts.length > 1 ? parts[0] : undefined;
    if (base === undefined) return relative;
    try {
      return new URL(relative, base).href;
    } catch {
      return relative;
    }
  }
}

function describeAttributedString(root: ArchivedObject): DecodedAttributedBody {
  const stringObject = root.groups[0]?.values[0];
  const text = isKindOf(stringObject, 'NSString') ? stringContent(stringObject) : null;
  if (text === null) throw new DecodeFailure('TYPEDSTREAM_NO_STRING', 'attributed string has no string content');
  const converter = new PlainConverter();
  const dictionaries = new Map<number, Record<string, unknown>>();
  const runs: AttributedRun[] = [];
  let start = 0;
  for (let i = 1; i < root.groups.length; i++) {
    const group = root.groups[i];
    const [index, length] = group.values;
    if (group.values.length !== 2 || typeof index !== 'number' || typeof length !== 'number') continue;
    const next = root.groups[i + 1];
    if (!dictionaries.has(index) && next?.encoding === '@' && isKindOf(next.values[0], 'NSDictionary')) {
      const converted = converter.convert(next.values[0]);
      dictionaries.set(index, typeof converted === 'object' && converted !== null ? (converted as Record<string, unknown>) : {});
      i++;
    }
    const clamped = Math.max(0, Math.min(length, text.length - start));
    if (clamped > 0) runs.push({ start, length: clamped, attributes: dictionaries.get(index) ?? {} });
    start += clamped;
  }
  return { text, runs, mentions: collect(runs, MENTION_ATTRIBUTE), links: collect(runs, LINK_ATTRIBUTE) };
}

function collect(runs: AttributedRun[], key: string): string[] {
  const seen = new Set<string>();
  for (const run of runs) {
    const value = run.attributes[key];
    if (typeof value === 'string' && value.length > 0) seen.add(value);
  }
  return [...seen];
}

/**
 * Decodes an attributedBody blob. Never throws, whatever the input (including empty, random, truncated buffers).
 *
 * The blob must be a typedstream archive ("streamtyped" little-endian, or "typedstream" big-endian) whose first
 * value is an NSAttributedString (its text and attribute runs are returned) or an NSString (text only, no runs).
 * An input that ends inside the header, including an empty one, yields `TYPEDSTREAM_TRUNCATED`.
 */
export function decodeAttributedBody(blob: Uint8Array): DecodeResult {
  try {
    if (!(blob instanceof Uint8Array)) {
      return { ok: false, code: 'TYPEDSTREAM_BAD_HEADER', message: 'input is not a byte array' };
    }
    const reader = new TypedStreamReader(blob);
    reader.readHeader();
    const root = reader.readRootGroup();
    const value = root.encoding === '@' ? root.values[0] : undefined;
    if (isKindOf(value, 'NSAttributedString')) return { ok: true, value: describeAttributedString(value) };
    if (isKindOf(value, 'NSString')) {
      const text = stringContent(value);
      if (text !== null) return { ok: true, value: { text, runs: [], mentions: [], links: [] } };
    }
    return { ok: false, code: 'TYPEDSTREAM_NO_STRING', message: 'archive does not start with an attributed string' };
  } catch (error) {
    if (error instanceof DecodeFailure) return { ok: false, code: error.code, message: error.message };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'TYPEDSTREAM_MALFORMED', message: `internal decoder error: ${message}` };
  }
}
