// Apple property lists (XML and binary) and the NSKeyedArchiver MBFile records of Manifest.db, read and written.
// The one module that imports the plist libraries: the rest of the code sees plain values, Buffer, Date and PlistUid.
import { createHash, randomBytes } from 'node:crypto';
import createBinaryPlist from 'bplist-creator';
import { parseBuffer as parseBinaryPlist, setMaxObjectCount, UID as LibraryUid } from 'bplist-parser';
import { build as buildXmlPlist, parse as parseXmlPlist } from 'plist';
import { IosBackupError, messageOf } from '../kernel/errors.js';

/** A property list is malformed, of an unsupported kind, or not shaped as expected; the message names the file. */
export class PlistError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('PLIST_INVALID', message, { cause });
  }
}

/** A binary plist UID: the reference NSKeyedArchiver uses to point into `$objects`. */
export interface PlistUid {
  readonly uid: number;
}

class Uid implements PlistUid {
  readonly uid: number;

  constructor(uid: number) {
    this.uid = uid;
    Object.freeze(this);
  }
}

/** A UID value for the writers (a plain `{ uid }` object is written as a dictionary, never as a UID). */
export function plistUid(uid: number): PlistUid {
  if (!Number.isSafeInteger(uid) || uid < 0 || uid > 0xffffffff) {
    throw new PlistError(`a plist UID must be an integer from 0 to 2^32-1, not ${String(uid)}`);
  }
  return new Uid(uid);
}

/** True for the UIDs readPlist returns and plistUid makes. */
export function isPlistUid(value: unknown): value is PlistUid {
  return value instanceof Uid;
}

/** Largest object count of a binary plist we read (the parser's own default, 32768, is too small for a big Manifest.plist). */
const MAX_BINARY_OBJECTS = 1_000_000;
/** Largest number of values a binary plist may expand to once its shared references are followed. */
const MAX_EXPANDED_VALUES = 2_000_000;
const BINARY_MAGIC = 'bplist00';
const TRAILER_SIZE = 32;

setMaxObjectCount(MAX_BINARY_OBJECTS);

/**
 * XML ("<?xml"/"<plist") or binary ("bplist00") by the leading bytes; dates → Date, data → Buffer, integers → number
 * (bigint only beyond 2^53), UIDs → PlistUid (in XML, Apple's `{CF$UID: n}` dictionaries). Throws PlistError for
 * anything else or a malformed document (never a raw library error). `label` names the file in messages.
 */
export function readPlist(data: Buffer, label: string): unknown {
  if (!Buffer.isBuffer(data)) throw new PlistError(`${label}: not a property list (no bytes given)`);
  const format = formatOf(data);
  if (format === 'binary') return readBinary(data, label);
  if (format === 'xml') return readXml(data, label);
  throw new PlistError(`${label}: not a property list (${describeStart(data)})`);
}

function formatOf(data: Buffer): 'binary' | 'xml' | null {
  if (data.subarray(0, 8).toString('latin1') === BINARY_MAGIC) return 'binary';
  const start = data.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<?xml') || start.startsWith('<plist') || start.startsWith('<!DOCTYPE plist')) return 'xml';
  return null;
}

function describeStart(data: Buffer): string {
  if (data.length === 0) return 'the file is empty';
  if (data.subarray(0, 6).toString('latin1') === 'bplist') {
    return `binary plist version "${data.subarray(6, 8).toString('latin1')}" is not supported`;
  }
  return `it starts with bytes ${data.subarray(0, 8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary reading: the layout is checked first (bplist-parser reads past a truncated file's end without a word),
// then the library decodes and its output is converted to this module's values.

interface BinaryLayout {
  offsetSize: number;
  refSize: number;
  objectCount: number;
  topObject: number;
  tableOffset: number;
}

function readBinary(data: Buffer, label: string): unknown {
  const layout = binaryLayoutOf(data, label);
  const refs = objectReferences(data, layout, label);
  checkExpansion(refs, layout.topObject, label);
  let decoded: unknown;
  try {
    decoded = parseBinaryPlist(data)[0];
  } catch (error) {
    throw new PlistError(`${label}: malformed binary plist: ${messageOf(error)}`, error);
  }
  return fromBinaryValue(decoded, label);
}

function binaryLayoutOf(data: Buffer, label: string): BinaryLayout {
  if (data.length < BINARY_MAGIC.length + 1 + TRAILER_SIZE) {
    throw new PlistError(`${label}: truncated binary plist (${data.length} bytes, shorter than header and trailer)`);
  }
  const trailer = data.subarray(data.length - TRAILER_SIZE);
  const layout = {
    offsetSize: trailer[6]!,
    refSize: trailer[7]!,
    objectCount: safeNumber(trailer.readBigUInt64BE(8)),
    topObject: safeNumber(trailer.readBigUInt64BE(16)),
    tableOffset: safeNumber(trailer.readBigUInt64BE(24)),
  };
  const sizes = [1, 2, 4, 8];
  if (!sizes.includes(layout.offsetSize) || !sizes.includes(layout.refSize)) {
    throw new PlistError(`${label}: malformed binary plist trailer (truncated or damaged file)`);
  }
  if (layout.objectCount < 1 || layout.objectCount > MAX_BINARY_OBJECTS || layout.topObject >= layout.objectCount) {
    throw new PlistError(`${label}: malformed binary plist trailer (object count ${layout.objectCount}, top ${layout.topObject})`);
  }
  const tableEnd = layout.tableOffset + layout.objectCount * layout.offsetSize;
  if (layout.tableOffset <= BINARY_MAGIC.length || tableEnd > data.length - TRAILER_SIZE) {
    throw new PlistError(`${label}: binary plist offset table lies outside the file (truncated or damaged file)`);
  }
  return layout;
}

function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function readUnsigned(data: Buffer, offset: number, size: number): number {
  if (size === 8) return safeNumber(data.readBigUInt64BE(offset));
  return data.readUIntBE(offset, size);
}

interface BinaryObject {
  kind: number;
  /** Where the content starts (after the marker and any extended length) and its declared count. */
  start: number;
  count: number;
  refs: number[];
}

/** The references of every object, after checking that each object lies inside the object area. */
function objectReferences(data: Buffer, layout: BinaryLayout, label: string): number[][] {
  const objects: BinaryObject[] = [];
  for (let index = 0; index < layout.objectCount; index++) {
    const offset = readUnsigned(data, layout.tableOffset + index * layout.offsetSize, layout.offsetSize);
    if (offset < BINARY_MAGIC.length || offset >= layout.tableOffset) {
      throw new PlistError(`${label}: binary plist object ${index} lies outside the object area`);
    }
    objects.push(objectAt(data, offset, layout, label, index));
  }
  checkDictionaryKeys(data, objects, label);
  return objects.map((object) => object.refs);
}

function objectAt(data: Buffer, offset: number, layout: BinaryLayout, label: string, index: number): BinaryObject {
  const marker = data[offset]!;
  const kind = marker >> 4;
  const info = marker & 0x0f;
  const fail = (what: string): never => {
    throw new PlistError(`${label}: binary plist object ${index} ${what}`);
  };
  let start = offset + 1;
  let count = info;
  if (info === 0x0f && [0x4, 0x5, 0x6, 0xa, 0xc, 0xd].includes(kind)) {
    const lengthMarker = data[start];
    if (lengthMarker === undefined || lengthMarker >> 4 !== 0x1 || (lengthMarker & 0x0f) > 3) fail('has a malformed length');
    const lengthSize = 1 << (lengthMarker! & 0x0f);
    if (start + 1 + lengthSize > layout.tableOffset) fail('runs past the object area');
    count = readUnsigned(data, start + 1, lengthSize);
    start += 1 + lengthSize;
  }
  const span = objectSpan(kind, info, count, layout.refSize) ?? fail(`has an unknown type marker 0x${marker.toString(16)}`);
  if (start + span > layout.tableOffset) fail('runs past the object area (truncated or damaged file)');
  const refs: number[] = [];
  if (kind === 0xa || kind === 0xc || kind === 0xd) {
    for (let position = start; position < start + span; position += layout.refSize) {
      const ref = readUnsigned(data, position, layout.refSize);
      if (ref >= layout.objectCount) fail(`refers to object ${ref}, past the last one`);
      refs.push(ref);
    }
  }
  return { kind, start, count, refs };
}

/** Bytes after the marker (and extended length) that an object of this kind occupies; null for an unknown marker. */
function objectSpan(kind: number, info: number, count: number, refSize: number): number | null {
  switch (kind) {
    case 0x0:
      return [0x0, 0x8, 0x9, 0xf].includes(info) ? 0 : null;
    case 0x1:
      return info <= 4 ? 1 << info : null;
    case 0x2:
      return info === 2 || info === 3 ? 1 << info : null;
    case 0x3:
      return info === 3 ? 8 : null;
    case 0x4:
    case 0x5:
      return count;
    case 0x6:
      return count * 2;
    case 0x8:
      return info + 1;
    case 0xa:
    case 0xc:
      return count * refSize;
    case 0xd:
      return count * 2 * refSize;
    default:
      return null;
  }
}

/** Dictionary keys must be strings, and never "__proto__" (the parser would assign it to the prototype). */
function checkDictionaryKeys(data: Buffer, objects: BinaryObject[], label: string): void {
  objects.forEach((object, index) => {
    if (object.kind !== 0xd) return;
    for (const key of object.refs.slice(0, object.count)) {
      const keyObject = objects[key]!;
      if (keyObject.kind !== 0x5 && keyObject.kind !== 0x6) {
        throw new PlistError(`${label}: binary plist dictionary ${index} has a key that is not a string`);
      }
      if (keyTextOf(data, keyObject) === '__proto__') {
        throw new PlistError(`${label}: binary plist dictionary ${index} has a "__proto__" key`);
      }
    }
  });
}

function keyTextOf(data: Buffer, key: BinaryObject): string {
  if (key.kind === 0x5) return data.toString('latin1', key.start, key.start + key.count);
  return Buffer.from(data.subarray(key.start, key.start + key.count * 2)).swap16().toString('utf16le');
}

/** Refuses reference cycles and documents whose shared references expand past MAX_EXPANDED_VALUES values. */
function checkExpansion(refs: number[][], top: number, label: string): void {
  const expanded = new Array<number>(refs.length).fill(-1);
  const onPath = new Uint8Array(refs.length);
  const stack: Array<{ index: number; next: number }> = [{ index: top, next: 0 }];
  onPath[top] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const children = refs[frame.index]!;
    if (frame.next < children.length) {
      const child = children[frame.next++]!;
      if (onPath[child] === 1) throw new PlistError(`${label}: binary plist object ${child} contains itself`);
      if (expanded[child] === -1) {
        onPath[child] = 1;
        stack.push({ index: child, next: 0 });
      }
      continue;
    }
    let total = 1;
    for (const child of children) total = Math.min(total + expanded[child]!, MAX_EXPANDED_VALUES + 1);
    if (total > MAX_EXPANDED_VALUES) {
      throw new PlistError(`${label}: binary plist expands to more than ${MAX_EXPANDED_VALUES} values`);
    }
    expanded[frame.index] = total;
    onPath[frame.index] = 0;
    stack.pop();
  }
}

function fromBinaryValue(value: unknown, label: string): unknown {
  if (value instanceof LibraryUid) {
    if (!Number.isSafeInteger(value.UID) || value.UID > 0xffffffff) throw new PlistError(`${label}: binary plist UID ${value.UID} is out of range`);
    return plistUid(value.UID);
  }
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map((item) => fromBinaryValue(item, label));
  if (value instanceof Date) return checkedDate(value, label);
  if (typeof value === 'bigint') return normalizedInteger(value);
  if (value === null || value === undefined) {
    throw new PlistError(`${label}: binary plist holds a null object, which property lists do not have`);
  }
  if (typeof value === 'object') return fromBinaryDictionary(value, label);
  return value;
}

function fromBinaryDictionary(value: object, label: string): Record<string, unknown> {
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    throw new PlistError(`${label}: binary plist dictionary has a "__proto__" key`);
  }
  const dictionary: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) dictionary[key] = fromBinaryValue(item, label);
  return dictionary;
}

function checkedDate(value: Date, label: string): Date {
  if (Number.isNaN(value.getTime())) throw new PlistError(`${label}: property list holds an invalid date`);
  return value;
}

function normalizedInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

// ---------------------------------------------------------------------------------------------------------------
// XML reading: the `plist` package over xmldom. xmldom reports recoverable errors (content after </plist>, bad
// entities) on console.error instead of throwing, so they are collected during the synchronous parse and refused.

const XML_BIG_INTEGER = /<integer>\s*([+-]?\d{16,})\s*<\/integer>/g;

function readXml(data: Buffer, label: string): unknown {
  const marker = `\u{F8FF}bigint-${randomBytes(8).toString('hex')}:`;
  const text = data.toString('utf8').replace(/^\uFEFF/, '').replace(XML_BIG_INTEGER, `<string>${marker}$1</string>`);
  const problems: string[] = [];
  const originalError = console.error;
  let decoded: unknown;
  console.error = (...args: unknown[]) => {
    problems.push(args.map(String).join(' '));
  };
  try {
    decoded = parseXmlPlist(text);
  } catch (error) {
    throw new PlistError(`${label}: malformed XML plist: ${firstLine(messageOf(error))}`, error);
  } finally {
    console.error = originalError;
  }
  const fatal = problems.find((problem) => !problem.startsWith('[xmldom warning]'));
  if (fatal !== undefined) {
    throw new PlistError(`${label}: malformed XML plist: ${firstLine(fatal.replace(/^\[xmldom \w+\]\s*/, ''))}`);
  }
  return fromXmlValue(decoded, marker, label);
}

function fromXmlValue(value: unknown, marker: string, label: string): unknown {
  if (typeof value === 'string') return value.startsWith(marker) ? normalizedInteger(BigInt(value.slice(marker.length))) : value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map((item) => fromXmlValue(item, marker, label));
  if (value instanceof Date) return checkedDate(value, label);
  if (value === null || value === undefined) throw new PlistError(`${label}: XML plist holds an empty value`);
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'CF$UID' && Number.isSafeInteger(entries[0]![1])) {
      return plistUid(entries[0]![1] as number);
    }
    const dictionary: Record<string, unknown> = {};
    for (const [key, item] of entries) dictionary[key] = fromXmlValue(item, marker, label);
    return dictionary;
  }
  return value;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Writing. Values are checked and converted first so the libraries never see a shape they would misread.
// A JS number that is an integer is written as <integer>; reals are the non-integral numbers.

interface LibraryUidEntry {
  bplistOverride: true;
  type: 'UID';
  value: number;
}

/** A binary plist (bplist00) of `value`; undefined dictionary values are left out. PlistError for what cannot be written. */
export function writeBinaryPlist(value: unknown): Buffer {
  const input = toWritable(value, '$', new Set(), binaryLeaf);
  try {
    return createBinaryPlist(input as object);
  } catch (error) {
    throw new PlistError(`cannot write binary plist: ${messageOf(error)}`, error);
  }
}

/** An XML plist of `value` (dates to the second, as Apple writes them; UIDs as `{CF$UID: n}`). PlistError for what cannot be written. */
export function writeXmlPlist(value: unknown): Buffer {
  const input = toWritable(value, '$', new Set(), xmlLeaf);
  try {
    return Buffer.from(buildXmlPlist(input as Parameters<typeof buildXmlPlist>[0]), 'utf8');
  } catch (error) {
    throw new PlistError(`cannot write XML plist: ${messageOf(error)}`, error);
  }
}

/** Converts a leaf (anything but an array or a plain dictionary); undefined when it is not a leaf. */
type LeafWriter = (value: unknown, path: string) => unknown;

function binaryLeaf(value: unknown, path: string): unknown {
  if (isPlistUid(value)) return { bplistOverride: true, type: 'UID', value: value.uid } satisfies LibraryUidEntry;
  if (typeof value === 'bigint' && (value < -(2n ** 63n) || value >= 2n ** 64n)) {
    throw new PlistError(`cannot write plist: integer at ${path} does not fit 64 bits`);
  }
  return commonLeaf(value, path);
}

function xmlLeaf(value: unknown, path: string): unknown {
  if (isPlistUid(value)) return { 'CF$UID': value.uid };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PlistError(`cannot write XML plist: ${value} at ${path} is not finite`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return BigInt(value);
    if (Object.is(value, -0)) return 0;
  }
  return commonLeaf(value, path);
}

function commonLeaf(value: unknown, path: string): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return normalizedInteger(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new PlistError(`cannot write plist: invalid date at ${path}`);
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function toWritable(value: unknown, path: string, open: Set<object>, leaf: LeafWriter): unknown {
  const converted = leaf(value, path);
  if (converted !== undefined) return converted;
  if (value === null || value === undefined) throw new PlistError(`cannot write plist: ${String(value)} at ${path}`);
  if (typeof value !== 'object') throw new PlistError(`cannot write plist: a ${typeof value} at ${path}`);
  if (open.has(value)) throw new PlistError(`cannot write plist: ${path} contains itself`);
  open.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, index) => toWritable(item, `${path}[${index}]`, open, leaf));
    return writableDictionary(value as Record<string, unknown>, path, open, leaf);
  } finally {
    open.delete(value);
  }
}

function writableDictionary(value: Record<string, unknown>, path: string, open: Set<object>, leaf: LeafWriter): Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new PlistError(`cannot write plist: ${path} is a ${prototype?.constructor?.name ?? 'object'}, not a plain dictionary`);
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  checkUnambiguous(entries, path);
  const dictionary: Record<string, unknown> = {};
  for (const [key, item] of entries) dictionary[key] = toWritable(item, `${path}.${key}`, open, leaf);
  return dictionary;
}

/** Dictionaries the libraries would take for something else: `{UID: n}`, `{CF$UID: n}`, a `bplistOverride` key. */
function checkUnambiguous(entries: Array<[string, unknown]>, path: string): void {
  const numeric = (item: unknown): boolean => typeof item === 'number' || typeof item === 'bigint';
  const only = entries.length === 1 ? entries[0]! : null;
  if (only !== null && (only[0] === 'UID' || only[0] === 'CF$UID') && numeric(only[1])) {
    throw new PlistError(`cannot write plist: dictionary ${path} with the single key ${only[0]} would read back as a UID`);
  }
  if (entries.some(([key]) => key === 'bplistOverride')) {
    throw new PlistError(`cannot write plist: dictionary ${path} has the reserved key bplistOverride`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// MBFile records of Manifest.db `Files.file`.

/** An MBFile record of Manifest.db `Files.file` (NSKeyedArchiver binary plist: $top.root → object, UIDs resolved through $objects). */
export interface MBFileRecord {
  size: number | null;
  mode: number | null;
  protectionClass: number | null;
  lastModified: Date | null;
  birth: Date | null;
  inode: number | null;
  /** 4-byte LE class + wrapped key, from EncryptionKey (a UID to an object with NS.data, or data directly); null when absent */
  encryptionKey: Buffer | null;
  relativePath: string | null;
  target: string | null;
}

interface KeyedArchive {
  objects: unknown[];
  root: Record<string, unknown>;
}

/**
 * Throws PlistError when the blob is not a keyed archive of an MBFile-shaped object (root object whose `$class`
 * names MBFile). Accepts integer timestamps (seconds since 1970, as Apple writes them), reals and dates too.
 */
export function decodeMBFile(blob: Buffer, label: string): MBFileRecord {
  const archive = keyedArchiveOf(readPlist(blob, label), label);
  const className = classNameOf(archive, label);
  if (className !== 'MBFile') throw new PlistError(`${label}: keyed archive root is a ${className}, not an MBFile`);
  const field = (key: string): unknown => resolved(archive, archive.root[key], label);
  return {
    size: integerOf(field('Size')),
    mode: integerOf(field('Mode')),
    protectionClass: integerOf(field('ProtectionClass')),
    lastModified: timestampOf(field('LastModified')),
    birth: timestampOf(field('Birth')),
    inode: integerOf(field('InodeNumber')),
    encryptionKey: encryptionKeyOf(field('EncryptionKey'), archive, label),
    relativePath: stringOf(field('RelativePath')),
    target: stringOf(field('Target')),
  };
}

function isDictionary(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlistUid(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}

function keyedArchiveOf(value: unknown, label: string): KeyedArchive {
  const notArchive = (why: string): never => {
    throw new PlistError(`${label}: not an NSKeyedArchiver archive (${why})`);
  };
  if (!isDictionary(value)) return notArchive('the top level is not a dictionary');
  if (value.$archiver !== 'NSKeyedArchiver') return notArchive('no $archiver "NSKeyedArchiver"');
  const objects = value.$objects;
  if (!Array.isArray(objects)) return notArchive('no $objects array');
  const top = value.$top;
  if (!isDictionary(top) || !isPlistUid(top.root)) return notArchive('no $top.root reference');
  const root = objects[top.root.uid];
  if (!isDictionary(root)) return notArchive(`$top.root refers to object ${top.root.uid}, which is not a dictionary`);
  return { objects, root };
}

function classNameOf(archive: KeyedArchive, label: string): string {
  const reference = archive.root.$class;
  if (!isPlistUid(reference)) throw new PlistError(`${label}: keyed archive root object has no $class`);
  const description = archive.objects[reference.uid];
  if (!isDictionary(description) || typeof description.$classname !== 'string') {
    throw new PlistError(`${label}: keyed archive $class ${reference.uid} is not a class description`);
  }
  return description.$classname;
}

/** A UID followed into $objects ("$null" becomes null); any other value as it is. */
function resolved(archive: KeyedArchive, value: unknown, label: string): unknown {
  if (!isPlistUid(value)) return value ?? null;
  if (value.uid >= archive.objects.length) {
    throw new PlistError(`${label}: keyed archive refers to object ${value.uid} of ${archive.objects.length}`);
  }
  const target = archive.objects[value.uid];
  return target === '$null' ? null : target;
}

function integerOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function timestampOf(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function encryptionKeyOf(value: unknown, archive: KeyedArchive, label: string): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  if (isDictionary(value)) {
    const data = resolved(archive, value['NS.data'], label);
    if (Buffer.isBuffer(data)) return data;
  }
  throw new PlistError(`${label}: MBFile EncryptionKey is neither data nor an NSData object`);
}

/** Apple's regular-file mode (-rw-r--r--) and directory mode (drwxr-xr-x). */
const REGULAR_FILE_MODE = 0o100644;
/** Fixed default timestamp of encoded records, so fixtures are byte-for-byte reproducible. */
const DEFAULT_FILE_TIME = new Date('2024-06-01T12:00:00Z');
/** File protection class used when none is given: NSFileProtectionCompleteUntilFirstUserAuthentication. */
const DEFAULT_PROTECTION_CLASS = 3;

/** The fields encodeMBFile writes. */
export interface MBFileSpec {
  relativePath: string;
  size: number;
  mode?: number;
  protectionClass?: number;
  encryptionKey?: Buffer | null;
  lastModified?: Date;
  birth?: Date;
  inode?: number;
}

/**
 * Inverse of decodeMBFile, for fixture builders: an archive shaped like a real one ($version 100000, $archiver
 * NSKeyedArchiver, $top {root: UID 1}, $objects ["$null", MBFile, relative path, (EncryptionKey NSMutableData,
 * its class,) MBFile class]). Timestamps are written as integer seconds since 1970.
 */
export function encodeMBFile(record: MBFileSpec): Buffer {
  checkSpec(record);
  const seconds = (date: Date | undefined): number => Math.floor((date ?? DEFAULT_FILE_TIME).getTime() / 1000);
  const mbFile: Record<string, unknown> = {
    $class: null,
    RelativePath: plistUid(2),
    Size: record.size,
    LastModified: seconds(record.lastModified),
    Birth: seconds(record.birth ?? record.lastModified),
    LastStatusChange: seconds(record.lastModified),
    Mode: record.mode ?? REGULAR_FILE_MODE,
    InodeNumber: record.inode ?? defaultInode(record.relativePath),
    UserID: 501,
    GroupID: 501,
    ProtectionClass: record.protectionClass ?? DEFAULT_PROTECTION_CLASS,
    Flags: 0,
  };
  const objects: unknown[] = ['$null', mbFile, record.relativePath];
  if (record.encryptionKey) {
    mbFile.EncryptionKey = plistUid(objects.length);
    objects.push({ 'NS.data': record.encryptionKey, $class: plistUid(objects.length + 1) });
    objects.push({ $classname: 'NSMutableData', $classes: ['NSMutableData', 'NSData', 'NSObject'] });
  }
  mbFile.$class = plistUid(objects.length);
  objects.push({ $classname: 'MBFile', $classes: ['MBFile', 'NSObject'] });
  return writeBinaryPlist({ $version: 100000, $archiver: 'NSKeyedArchiver', $top: { root: plistUid(1) }, $objects: objects });
}

function checkSpec(record: MBFileSpec): void {
  const counts: Array<[string, unknown]> = [['size', record.size], ['mode', record.mode], ['protectionClass', record.protectionClass], ['inode', record.inode]];
  for (const [name, value] of counts) {
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 0)) {
      throw new PlistError(`cannot encode MBFile: ${name} must be a non-negative integer, not ${String(value)}`);
    }
  }
  if (typeof record.relativePath !== 'string') throw new PlistError('cannot encode MBFile: relativePath must be a string');
}

/** A stable, plausible inode number for a path (real ones are device inode numbers). */
function defaultInode(relativePath: string): number {
  return 100_000 + createHash('sha1').update(relativePath).digest().readUInt32BE(0) % 10_000_000;
}
