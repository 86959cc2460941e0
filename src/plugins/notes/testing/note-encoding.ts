// Encoders of the Notes formats, for fixture builders and tests: a note body (ZICNOTEDATA.ZDATA, gzip of the
// NoteStoreProto: the text, its topotext substrings and version vector, and attribute runs with paragraph styles,
// checklists, fonts, links and attachment references), a table attachment's mergeable data (ZMERGEABLEDATA1, gzip of
// the CRDT document: ordered sets of row and column UUIDs and a column -> row -> cell-note dictionary) and the lock
// of a password-protected note (PBKDF2-SHA256 key, RFC 3394 key wrap, AES-128-GCM body), shaped as Notes writes them.
// Everything random (checklist and table UUIDs, salts, keys) comes from a seeded generator, so builds reproduce.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeProtobuf, type EncodedField } from '../../../kernel/protobuf.js';

// ---------------------------------------------------------------- seeded randomness

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  // FNV-1a over the UTF-16 code units.
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A small deterministic generator (sfc32 seeded through splitmix32): same seed, same sequence. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string = 1) {
    let state = hashSeed(seed);
    const split = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let round = 0; round < 12; round += 1) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** An integer in [min, max] (both included). */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** `length` random bytes. */
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let offset = 0; offset < length; offset += 4) {
      const word = this.uint32();
      for (let k = 0; k < 4 && offset + k < length; k += 1) out[offset + k] = (word >>> (8 * k)) & 0xff;
    }
    return out;
  }

  /** A version-4 UUID's 16 bytes. */
  uuidBytes(): Buffer {
    const bytes = this.bytes(16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return bytes;
  }

  /** A version-4 UUID string in upper case, as Notes writes ZIDENTIFIER. */
  uuid(): string {
    return uuidString(this.uuidBytes());
  }
}

/** `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX` (upper case) of 16 bytes. */
export function uuidString(bytes: Buffer): string {
  const hex = bytes.toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------- gzip

/**
 * gzip as Notes writes it: Node's deflate stream with the header's OS byte set to 0x13 like the real bodies
 * (`1f8b 0800 00000000 00 13`); the byte is outside the checksum, any gunzip reads it.
 */
export function notesGzip(bytes: Buffer): Buffer {
  const out = gzipSync(bytes);
  out[9] = 0x13;
  return out;
}

// ---------------------------------------------------------------- note bodies

/** The paragraph styles of ParagraphStyle.style_type (field 1); `body` is the absence of the field. */
export type ParagraphStyleName = 'title' | 'heading' | 'subheading' | 'body' | 'monospaced' | 'dotted' | 'dashed' | 'numbered' | 'checklist';

/** ParagraphStyle field 1 per style (body text writes no field 1). */
export const PARAGRAPH_STYLE_CODES: Readonly<Record<Exclude<ParagraphStyleName, 'body'>, number>> = {
  title: 0,
  heading: 1,
  subheading: 2,
  monospaced: 4,
  dotted: 100,
  dashed: 101,
  numbered: 102,
  checklist: 103,
};

/** What a U+FFFC character of the text stands for: the attachment row's ZIDENTIFIER and its type UTI. */
export interface AttachmentRef {
  identifier: string;
  uti: string;
}

/** Character formatting of a run. */
export interface TextFormat {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  /** AttributeRun field 9: the text is a link to this URL. */
  link?: string;
  /** AttributeRun field 3 (Font.font_name), e.g. `.ArabicUIText-Regular` on Arabic text. */
  font?: string;
}

/** A piece of a paragraph: formatted text, or one attachment (a U+FFFC with a run of length 1). */
export type Span = (TextFormat & { text: string }) | { attachment: AttachmentRef };

/**
 * One paragraph of a note. Give `text` (one run, formatted by the paragraph's own TextFormat fields), `spans`
 * (several runs) or `attachment` (a paragraph holding one attachment). Every paragraph ends with "\n", which belongs
 * to its last text run (after an attachment it is a run of its own), except the last one with `finalNewline: false`.
 */
export interface NoteParagraph extends TextFormat {
  text?: string;
  spans?: readonly Span[];
  attachment?: AttachmentRef;
  /** Default `body`. */
  style?: ParagraphStyleName;
  /** Checklist items: ticked. */
  done?: boolean;
  /** ParagraphStyle field 4 (list nesting), 0 = none. */
  indent?: number;
  /** ParagraphStyle field 8. */
  blockQuote?: boolean;
  /** Right-to-left writing direction (ParagraphStyle field 3 = 2; left-to-right text has 1). */
  rtl?: boolean;
  /** ParagraphStyle field 2 (NSTextAlignment: 0 left, 1 center, 2 right, 3 justified). */
  alignment?: number;
}

/** Options of {@link encodeNoteBody}. */
export interface NoteBodyOptions {
  /** End the last paragraph with "\n" too (default true; real notes often lack it). */
  finalNewline?: boolean;
  /** AttributeRun field 13 on every run (Unix seconds of the edit), as recent Notes writes; omitted by default. */
  timestamp?: number;
  /** Source of checklist and replica UUIDs (default: seeded with the text, so equal input gives equal bytes). */
  random?: SeededRandom;
  seed?: number | string;
}

/** One attribute run as encoded (for tests and summaries). */
export interface EncodedRun {
  /** UTF-16 code units. */
  length: number;
  text: string;
  style: ParagraphStyleName;
  attachment?: AttachmentRef;
}

/** An encoded body: the note text, the runs, the NoteStoreProto bytes and their gzip (ZDATA). */
export interface EncodedNoteBody {
  text: string;
  runs: EncodedRun[];
  proto: Buffer;
  gzip: Buffer;
  /** The checklist items, in order. */
  checklist: Array<{ text: string; done: boolean }>;
}

/** The object replacement character standing for an attachment in note text. */
export const ATTACHMENT_CHARACTER = '\uFFFC';

/** UTF-16 length of a string (what AttributeRun.length counts: an emoji outside the BMP is 2). */
export function utf16Length(text: string): number {
  return text.length;
}

/** Weight (AttributeRun field 5): 1 bold, 2 italic, 3 bold italic. */
function weightOf(format: TextFormat): number | null {
  if (format.bold && format.italic) return 3;
  if (format.bold) return 1;
  if (format.italic) return 2;
  return null;
}

/** Encoded ParagraphStyle messages without checklist, by their fields (bulk builds reuse a handful). */
const styleCache = new Map<string, Buffer>();

/** A paragraph's ParagraphStyle (AttributeRun field 2), shared by all its runs. */
function paragraphStyleMessage(paragraph: NoteParagraph, checklistUuid: Buffer | null, blank: boolean): Buffer {
  const style = paragraph.style ?? 'body';
  // A blank body line carries an empty ParagraphStyle, as in the real bodies.
  if (style === 'body' && blank && !paragraph.blockQuote && !paragraph.indent && paragraph.alignment === undefined && !paragraph.rtl) {
    return Buffer.alloc(0);
  }
  if (style !== 'checklist') {
    const key = `${style}|${paragraph.alignment}|${paragraph.rtl ? 2 : 1}|${paragraph.indent ?? 0}|${paragraph.blockQuote ? 1 : 0}`;
    let cached = styleCache.get(key);
    if (!cached) {
      cached = encodeParagraphStyle(paragraph, null);
      styleCache.set(key, cached);
    }
    return cached;
  }
  return encodeParagraphStyle(paragraph, checklistUuid);
}

function encodeParagraphStyle(paragraph: NoteParagraph, checklistUuid: Buffer | null): Buffer {
  const style = paragraph.style ?? 'body';
  const fields: EncodedField[] = [];
  if (style !== 'body') fields.push({ field: 1, value: PARAGRAPH_STYLE_CODES[style] });
  if (paragraph.alignment !== undefined) fields.push({ field: 2, value: paragraph.alignment });
  fields.push({ field: 3, value: paragraph.rtl ? 2 : 1 });
  if (paragraph.indent) fields.push({ field: 4, value: paragraph.indent });
  if (style === 'checklist' && checklistUuid) {
    fields.push({ field: 5, value: encodeProtobuf([{ field: 1, value: checklistUuid }, { field: 2, value: paragraph.done ? 1 : 0 }]) });
  }
  if (paragraph.blockQuote) fields.push({ field: 8, value: 1 });
  return encodeProtobuf(fields);
}

function runMessage(length: number, style: Buffer, format: TextFormat, attachment: AttachmentRef | undefined, timestamp: number | undefined): Buffer {
  const fields: EncodedField[] = [{ field: 1, value: length }, { field: 2, value: style }];
  if (format.font) fields.push({ field: 3, value: encodeProtobuf([{ field: 1, value: format.font }]) });
  const weight = weightOf(format);
  if (weight !== null) fields.push({ field: 5, value: weight });
  if (format.underline) fields.push({ field: 6, value: 1 });
  if (format.strikethrough) fields.push({ field: 7, value: 1 });
  if (format.link) fields.push({ field: 9, value: format.link });
  if (attachment) fields.push({ field: 12, value: encodeProtobuf([{ field: 1, value: attachment.identifier }, { field: 2, value: attachment.uti }]) });
  if (timestamp !== undefined) fields.push({ field: 13, value: timestamp });
  return encodeProtobuf(fields);
}

/** A topotext position {1 replica, 2 clock}. */
function charId(replica: number, clock: number): Buffer {
  return encodeProtobuf([{ field: 1, value: replica }, { field: 2, value: clock }]);
}

/** The start substring (pointing to the next) and the end sentinel of every topotext. */
const START_SUBSTRING = encodeProtobuf([{ field: 1, value: charId(0, 0) }, { field: 2, value: 0 }, { field: 3, value: charId(0, 0) }, { field: 5, value: 1 }]);
const END_SUBSTRING = encodeProtobuf([{ field: 1, value: charId(0, 0xffffffff) }, { field: 2, value: 0 }, { field: 3, value: charId(0, 0xffffffff) }]);

/**
 * Note fields 3 and 4 in their minimal real shape (`simple_note_protobuf_gzipped.bin`): a start substring, one
 * substring covering the text, the end sentinel, and a version vector of one replica; an empty text has only the two
 * sentinels and no version vector.
 */
function topotextFields(length: number, replica: Buffer): EncodedField[] {
  const fields: EncodedField[] = [{ field: 3, value: START_SUBSTRING }];
  if (length > 0) {
    fields.push({ field: 3, value: encodeProtobuf([{ field: 1, value: charId(1, 0) }, { field: 2, value: length }, { field: 3, value: charId(1, 0) }, { field: 5, value: 2 }]) });
  }
  fields.push({ field: 3, value: END_SUBSTRING });
  if (length > 0) {
    const clock = (value: number) => encodeProtobuf([{ field: 1, value }]);
    fields.push({ field: 4, value: encodeProtobuf([{ field: 1, value: encodeProtobuf([{ field: 1, value: replica }, { field: 2, value: clock(length) }, { field: 2, value: clock(1) }]) }]) });
  }
  return fields;
}

/** A Note message (field 2 text, 3 substrings, 4 version vector, 5 runs) from its text and encoded runs. */
function noteMessage(text: string, runs: readonly Buffer[], replica: Buffer): Buffer {
  return encodeProtobuf([{ field: 2, value: text }, ...topotextFields(utf16Length(text), replica), ...runs.map((value) => ({ field: 5, value }))]);
}

interface Piece {
  text: string;
  format: TextFormat;
  attachment?: AttachmentRef;
}

function piecesOf(paragraph: NoteParagraph): Piece[] {
  if (paragraph.attachment) return [{ text: ATTACHMENT_CHARACTER, format: {}, attachment: paragraph.attachment }];
  if (paragraph.spans) {
    return paragraph.spans
      .map((span): Piece => ('attachment' in span ? { text: ATTACHMENT_CHARACTER, format: {}, attachment: span.attachment } : { text: span.text, format: span }))
      .filter((piece) => piece.text.length > 0);
  }
  const text = paragraph.text ?? '';
  return text.length > 0 ? [{ text, format: paragraph }] : [];
}

/** The Note message (not wrapped, not compressed) of some paragraphs, with their text, runs and checklist. */
export function encodeNoteMessage(paragraphs: readonly NoteParagraph[], options: NoteBodyOptions = {}): Omit<EncodedNoteBody, 'proto' | 'gzip'> & { note: Buffer } {
  const finalNewline = options.finalNewline ?? true;
  const textParts: string[] = [];
  const runs: EncodedRun[] = [];
  const encodedRuns: Buffer[] = [];
  const checklist: Array<{ text: string; done: boolean }> = [];
  const random =
    options.random ??
    new SeededRandom(options.seed ?? paragraphs.map((paragraph) => paragraph.text ?? paragraph.spans?.map((span) => ('text' in span ? span.text : '')).join('') ?? '').join('\n'));
  const replica = random.uuidBytes();
  paragraphs.forEach((paragraph, index) => {
    const pieces = piecesOf(paragraph);
    const newline = index < paragraphs.length - 1 || finalNewline;
    const style = paragraph.style ?? 'body';
    const checklistUuid = style === 'checklist' ? random.uuidBytes() : null;
    const styleBytes = paragraphStyleMessage(paragraph, checklistUuid, pieces.length === 0);
    if (style === 'checklist') checklist.push({ text: pieces.map((piece) => piece.text).join(''), done: paragraph.done ?? false });
    const emit = (text: string, format: TextFormat, attachment?: AttachmentRef) => {
      if (text.length === 0) return;
      textParts.push(text);
      runs.push({ length: utf16Length(text), text, style, ...(attachment ? { attachment } : {}) });
      encodedRuns.push(runMessage(utf16Length(text), styleBytes, format, attachment, options.timestamp));
    };
    pieces.forEach((piece, pieceIndex) => {
      const last = pieceIndex === pieces.length - 1;
      // The paragraph's "\n" joins its last text run; an attachment run stays exactly one character long.
      const text = last && newline && !piece.attachment ? `${piece.text}\n` : piece.text;
      emit(text, piece.format, piece.attachment);
    });
    if (newline && (pieces.length === 0 || pieces[pieces.length - 1]!.attachment)) emit('\n', {});
  });
  const text = textParts.join('');
  return { text, runs, checklist, note: noteMessage(text, encodedRuns, replica) };
}

/** Wraps a Note message into NoteStoreProto {1: 0, 2: Document {1: 0, 2: version 0, 3: Note}}. */
export function wrapNoteStoreProto(note: Buffer): Buffer {
  const document = encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: 0 }, { field: 3, value: note }]);
  return encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: document }]);
}

/**
 * A note body as ZICNOTEDATA.ZDATA holds it: the text (paragraphs joined, each ending in "\n"; the first line is the
 * title), the runs covering it exactly (lengths in UTF-16 code units), and gzip(NoteStoreProto).
 */
export function encodeNoteBody(paragraphs: readonly NoteParagraph[], options: NoteBodyOptions = {}): EncodedNoteBody {
  const { note, ...rest } = encodeNoteMessage(paragraphs, options);
  const proto = wrapNoteStoreProto(note);
  return { ...rest, proto, gzip: notesGzip(proto) };
}

// ---------------------------------------------------------------- tables

/** The key strings of a table document (MergableDataObjectData field 4), in the real order. */
export const TABLE_KEYS = ['identity', 'crTableColumnDirection', 'self', 'crRows', 'UUIDIndex', 'crColumns', 'cellColumns'] as const;

/** The type strings of a table document (MergableDataObjectData field 5), in the real order. */
export const TABLE_TYPES = [
  'com.apple.CRDT.NSNumber',
  'com.apple.CRDT.NSString',
  'com.apple.CRDT.NSUUID',
  'com.apple.CRDT.CRTuple',
  'com.apple.CRDT.CRRegisterMultiValueLeast',
  'com.apple.CRDT.CRRegisterMultiValue',
  'com.apple.CRDT.CRTree',
  'com.apple.CRDT.CRTreeNode',
  'com.apple.CRDT.NSData',
  'com.apple.notes.ICCloudSyncingObjectActivityEvent',
  'com.apple.notes.ICFastSyncSelectionState',
  'com.apple.notes.CRTable',
  'com.apple.notes.ICTable',
] as const;

/** Column direction of a table. */
export type TableDirection = 'left-to-right' | 'right-to-left';

/** The `crTableColumnDirection` strings. */
export const TABLE_DIRECTIONS: Readonly<Record<TableDirection, string>> = {
  'left-to-right': 'CRTableColumnDirectionLeftToRight',
  'right-to-left': 'CRTableColumnDirectionRightToLeft',
};

/** The identity value every real table carries. */
const TABLE_IDENTITY = '00000000-0000-0000-0000-000000000000';

const keyIndex = (key: (typeof TABLE_KEYS)[number]) => TABLE_KEYS.indexOf(key);
const typeIndex = (type: (typeof TABLE_TYPES)[number]) => TABLE_TYPES.indexOf(type);

/** ObjectID {6: object index}. */
const objectRef = (index: number) => encodeProtobuf([{ field: 6, value: index }]);

/** Options of {@link encodeTable}. */
export interface TableOptions {
  random?: SeededRandom;
  seed?: number | string;
  /** AttributeRun field 13 on the cell runs (Unix seconds). */
  timestamp?: number;
}

/** A table document (MergableDataProto) being assembled: objects referred to by position, UUIDs by index. */
class TableDocument {
  readonly objects: Buffer[] = [];
  readonly uuids: Buffer[] = [];

  /** Appends an object (or a placeholder to fill with `set`); returns its index. */
  add(entry: Buffer = Buffer.alloc(0)): number {
    this.objects.push(entry);
    return this.objects.length - 1;
  }

  set(index: number, entry: Buffer): void {
    this.objects[index] = entry;
  }

  uuid(bytes: Buffer): number {
    this.uuids.push(bytes);
    return this.uuids.length - 1;
  }

  /** A UUID object: CustomMap of type NSUUID with `UUIDIndex` -> ObjectID {2: index into the UUID list}. */
  uuidObject(uuidIndex: number): number {
    const entry = encodeProtobuf([{ field: 1, value: keyIndex('UUIDIndex') }, { field: 2, value: encodeProtobuf([{ field: 2, value: uuidIndex }]) }]);
    return this.add(encodeProtobuf([{ field: 13, value: encodeProtobuf([{ field: 1, value: typeIndex('com.apple.CRDT.NSUUID') }, { field: 3, value: entry }]) }]));
  }
}

/** A Dictionary element {1 key ObjectID, 2 value ObjectID, 3 timestamp}. */
function dictionaryElement(key: number, value: number): Buffer {
  const stamp = encodeProtobuf([{ field: 1, value: charId(0, 1) }]);
  return encodeProtobuf([{ field: 1, value: objectRef(key) }, { field: 2, value: objectRef(value) }, { field: 3, value: stamp }]);
}

function dictionary(elements: ReadonlyArray<readonly [number, number]>): Buffer {
  return encodeProtobuf(elements.map(([key, value]) => ({ field: 1, value: dictionaryElement(key, value) })));
}

/**
 * Writes an ordered set of `count` elements (rows or columns) into the document; returns the set's object index and,
 * per position, the UUID index of the element's identity (what cells refer to). Like Notes: the ordering array holds
 * one UUID per position, and the contents dictionary maps each of those to the element's own identity UUID.
 */
function orderedSet(doc: TableDocument, count: number, random: SeededRandom, replica: Buffer): { object: number; identities: number[] } {
  const object = doc.add();
  const identityUuids = Array.from({ length: count }, () => random.uuidBytes());
  const orderingUuids = Array.from({ length: count }, () => random.uuidBytes());
  // The UUID list order is not the visual order: identities are listed last position first.
  const identities = new Array<number>(count);
  const orderings = new Array<number>(count);
  for (let position = count - 1; position >= 0; position -= 1) identities[position] = doc.uuid(identityUuids[position]!);
  for (let position = 0; position < count; position += 1) orderings[position] = doc.uuid(orderingUuids[position]!);
  const identityObjects: number[] = [];
  const orderingObjects: number[] = [];
  for (let position = 0; position < count; position += 1) {
    identityObjects.push(doc.uuidObject(identities[position]!));
    orderingObjects.push(doc.uuidObject(orderings[position]!));
  }
  const arrayNote = encodeProtobuf([
    { field: 2, value: ATTACHMENT_CHARACTER.repeat(count) },
    ...topotextFields(count, replica).filter((field) => field.field === 3),
    ...Array.from({ length: count }, () => ({ field: 5, value: encodeProtobuf([{ field: 1, value: 1 }]) })),
  ]);
  const attachments = orderingUuids.map((uuid, position) => ({ field: 2, value: encodeProtobuf([{ field: 1, value: position }, { field: 2, value: uuid }]) }));
  const array = encodeProtobuf([{ field: 1, value: arrayNote }, ...attachments]);
  // Contents: ordering UUID object -> identity UUID object, listed in reverse so element order tells nothing.
  const contents = dictionary(orderingObjects.map((ordering, position) => [ordering, identityObjects[position]!] as const).reverse());
  const elements = dictionary(orderingObjects.map((ordering) => [ordering, ordering] as const));
  const ordering = encodeProtobuf([{ field: 1, value: array }, { field: 2, value: contents }]);
  doc.set(object, encodeProtobuf([{ field: 16, value: encodeProtobuf([{ field: 1, value: ordering }, { field: 2, value: elements }]) }]));
  return { object, identities };
}

/**
 * A table attachment's ZMERGEABLEDATA1: gzip of MergableDataProto {1: 0, 2: {1: 0, 2: 0, 3: MergableDataObjectData}}
 * whose root object (CustomMap of type `com.apple.notes.ICTable`) points to the `crRows` and `crColumns` ordered sets,
 * the `cellColumns` dictionary (column UUID -> row UUID -> cell note) and the `crTableColumnDirection` register.
 * `rows[r][c]` is the text of the cell at row r, column c (rows may be ragged: missing cells are empty). The
 * dictionaries list columns and rows out of visual order and refer to them through fresh UUID objects, as real
 * documents do, so a reader has to follow the UUIDs.
 */
export function encodeTable(rows: ReadonlyArray<readonly string[]>, direction: TableDirection = 'left-to-right', options: TableOptions = {}): Buffer {
  return notesGzip(encodeTableProto(rows, direction, options));
}

/** {@link encodeTable} without the gzip. */
export function encodeTableProto(rows: ReadonlyArray<readonly string[]>, direction: TableDirection = 'left-to-right', options: TableOptions = {}): Buffer {
  const random = options.random ?? new SeededRandom(options.seed ?? rows.map((row) => row.join('\t')).join('\n'));
  const rowCount = rows.length;
  const columnCount = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const doc = new TableDocument();
  const replica = random.uuidBytes();
  doc.uuid(replica);

  const root = doc.add();
  const register = doc.add();
  const directionString = doc.add(
    encodeProtobuf([
      {
        field: 13,
        value: encodeProtobuf([
          { field: 1, value: typeIndex('com.apple.CRDT.NSString') },
          { field: 3, value: encodeProtobuf([{ field: 1, value: keyIndex('self') }, { field: 2, value: encodeProtobuf([{ field: 4, value: TABLE_DIRECTIONS[direction] }]) }]) },
        ]),
      },
    ]),
  );
  // RegisterLatest {1: timestamp, 2: contents ObjectID}.
  doc.set(register, encodeProtobuf([{ field: 1, value: encodeProtobuf([{ field: 1, value: charId(0, 1) }, { field: 2, value: objectRef(directionString) }]) }]));
  const rowSet = orderedSet(doc, rowCount, random, replica);
  const columnSet = orderedSet(doc, columnCount, random, replica);

  const cellColumns = doc.add();
  const columnElements: Array<readonly [number, number]> = [];
  // Columns last to first, and each column's rows rotated by one: positions come from the UUIDs only.
  for (let column = columnCount - 1; column >= 0; column -= 1) {
    const columnDictionary = doc.add();
    const rowElements: Array<readonly [number, number]> = [];
    for (let step = 0; step < rowCount; step += 1) {
      const row = (step + 1) % rowCount;
      const text = rows[row]![column] ?? '';
      const runs = text.length > 0 ? [runMessage(utf16Length(text), encodeProtobuf([{ field: 3, value: 1 }]), {}, undefined, options.timestamp)] : [];
      const cell = doc.add(encodeProtobuf([{ field: 10, value: noteMessage(text, runs, replica) }]));
      const rowKey = doc.uuidObject(rowSet.identities[row]!);
      rowElements.push([rowKey, cell]);
    }
    doc.set(columnDictionary, encodeProtobuf([{ field: 6, value: dictionary(rowElements) }]));
    const columnKey = doc.uuidObject(columnSet.identities[column]!);
    columnElements.push([columnKey, columnDictionary]);
  }
  doc.set(cellColumns, encodeProtobuf([{ field: 6, value: dictionary(columnElements) }]));

  const mapEntry = (key: (typeof TABLE_KEYS)[number], value: Buffer) => ({ field: 3, value: encodeProtobuf([{ field: 1, value: keyIndex(key) }, { field: 2, value }]) });
  doc.set(
    root,
    encodeProtobuf([
      {
        field: 13,
        value: encodeProtobuf([
          { field: 1, value: typeIndex('com.apple.notes.ICTable') },
          mapEntry('identity', encodeProtobuf([{ field: 4, value: TABLE_IDENTITY }])),
          mapEntry('crTableColumnDirection', objectRef(register)),
          mapEntry('crRows', objectRef(rowSet.object)),
          mapEntry('crColumns', objectRef(columnSet.object)),
          mapEntry('cellColumns', objectRef(cellColumns)),
        ]),
      },
    ]),
  );

  const versionVector = encodeProtobuf([{ field: 1, value: charId(0, doc.objects.length) }]);
  const data = encodeProtobuf([
    { field: 1, value: versionVector },
    ...doc.objects.map((value) => ({ field: 3, value })),
    ...TABLE_KEYS.map((value) => ({ field: 4, value })),
    ...TABLE_TYPES.map((value) => ({ field: 5, value })),
    ...doc.uuids.map((value) => ({ field: 6, value })),
  ]);
  const object = encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: 0 }, { field: 3, value: data }]);
  return encodeProtobuf([{ field: 1, value: 0 }, { field: 2, value: object }]);
}

/** The text Notes keeps in a table attachment's ZSUMMARY: every cell, row by row, each followed by "\n". */
export function tableSummary(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map((cell) => `${cell}\n`).join('')).join('');
}

// ---------------------------------------------------------------- locked notes

/** The columns of a locked note (ZCRYPTO* of the note row and its ZICNOTEDATA row) and the encrypted ZDATA. */
export interface EncryptedNoteBody {
  /** ZCRYPTOSALT (16 bytes). */
  salt: Buffer;
  /** ZCRYPTOITERATIONCOUNT. */
  iterations: number;
  /** ZCRYPTOWRAPPEDKEY: RFC 3394 wrap of the note key (24 bytes). */
  wrappedKey: Buffer;
  /** ZCRYPTOINITIALIZATIONVECTOR (16 bytes). */
  iv: Buffer;
  /** ZCRYPTOTAG (16 bytes). */
  tag: Buffer;
  /** ZDATA: AES-128-GCM of the gzip body. */
  data: Buffer;
  /** The unwrapped note key (for tests). */
  key: Buffer;
}

/** Options of {@link encryptNoteBody}. */
export interface EncryptOptions {
  /** PBKDF2 iterations (default 20000, as Notes). */
  iterations?: number;
  /** The account's salt (default: 16 new bytes). */
  salt?: Buffer;
  /** Key-encryption key already derived for this password and salt (skips PBKDF2). */
  kek?: Buffer;
  /** Source of salt, note key and IV; without it and `seed`, they come from crypto.randomBytes. */
  random?: SeededRandom;
  seed?: number | string;
}

/** The RFC 3394 default initial value Notes' key wrap uses. */
export const KEY_WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

/** PBKDF2-HMAC-SHA256(password, salt, iterations) -> 16-byte key-encryption key. */
export function deriveKeyEncryptionKey(password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(password, salt, iterations, 16, 'sha256');
}

/**
 * Locks a gzip body as Notes does: kek = PBKDF2-SHA256(password, salt, iterations, 16 bytes); a fresh 16-byte note
 * key wrapped with the kek (RFC 3394, `id-aes128-wrap`); the body AES-128-GCM-encrypted under the note key with a
 * 16-byte IV, its tag kept apart.
 */
export function encryptNoteBody(gzip: Buffer, password: string, options: EncryptOptions = {}): EncryptedNoteBody {
  const random = options.random ?? (options.seed !== undefined ? new SeededRandom(options.seed) : null);
  const bytes = (length: number) => (random ? random.bytes(length) : randomBytes(length));
  const iterations = options.iterations ?? 20000;
  const salt = options.salt ?? bytes(16);
  const kek = options.kek ?? deriveKeyEncryptionKey(password, salt, iterations);
  const key = bytes(16);
  const iv = bytes(16);
  const wrap = createCipheriv('id-aes128-wrap', kek, KEY_WRAP_IV);
  const wrappedKey = Buffer.concat([wrap.update(key), wrap.final()]);
  const gcm = createCipheriv('aes-128-gcm', key, iv);
  const data = Buffer.concat([gcm.update(gzip), gcm.final()]);
  return { salt, iterations, wrappedKey, iv, tag: gcm.getAuthTag(), data, key };
}
