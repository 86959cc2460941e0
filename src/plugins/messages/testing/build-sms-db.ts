// Fixture builder for Messages: writes sms.db files of several iOS generations from real schema dumps (iOS 6, 9, 10,
// 11) and the real macOS 13 chat.db schema (modern), with typedstream attributedBody blobs, plus a fast bulk writer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { fixtureCopyDb, fixturePath } from '../../../kernel/testing/fixtures.js';
import { COCOA_EPOCH_OFFSET_SECONDS } from '../../../kernel/time.js';
import { byteStringLengthPrefix } from '../typedstream.js';

/** The sms.db generations the builder can write. */
export type SmsDbGeneration = 'ios6' | 'ios9' | 'ios10' | 'ios11' | 'modern';

/** Every generation, oldest first. */
export const SMS_DB_GENERATIONS: readonly SmsDbGeneration[] = ['ios6', 'ios9', 'ios10', 'ios11', 'modern'];

/** What a generation's schema can hold; fields a generation lacks are not written. */
export interface SmsDbFeatures {
  /** `message.date*` are Cocoa nanoseconds (iOS 11+) rather than seconds. */
  nanoseconds: boolean;
  /** `item_type`, `group_action_type`, `group_title`, `other_handle` (iOS 8+). */
  groupEvents: boolean;
  /** `chat.display_name`. */
  displayName: boolean;
  /** `attachment.transfer_name` and `total_bytes`. */
  transferName: boolean;
  /** `associated_message_*` (tapbacks) and `balloon_bundle_id` (iOS 10+). */
  tapbacks: boolean;
  /** `thread_originator_guid` (iOS 14+). */
  replies: boolean;
  /** `date_edited` / `date_retracted` (iOS 16+). */
  edits: boolean;
  /** `chat_recoverable_message_join` (iOS 16+). */
  recoverable: boolean;
  /** `associated_message_emoji` (iOS 17+). */
  emojiTapbacks: boolean;
}

/** A handle (an address the device talked to). */
export interface SmsHandleSpec {
  /** `handle.id` as Messages stores it, e.g. `+15551230001` or `friend@example.com`. */
  id: string;
  service?: string;
}

/** A conversation. */
export interface SmsChatSpec {
  guid: string;
  identifier: string;
  service: string;
  /** Handle ids of the members (not the device owner). */
  members: string[];
  /** Group title; written where the schema has `chat.display_name`. */
  displayName?: string | null;
  /** 43 for a group, 45 for one-to-one (default: 43 when more than one member). */
  style?: number;
}

/** One attachment of a message (or an attachment joined to nothing). */
export interface SmsAttachmentSpec {
  guid: string;
  filename: string | null;
  transferName?: string | null;
  mimeType?: string | null;
  uti?: string | null;
  totalBytes?: number;
  createdAt?: Date | null;
  isOutgoing?: boolean;
  isSticker?: boolean;
}

/** A run of the archived attributed string, in UTF-16 code units, with its attributes. */
export interface BodyRunSpec {
  length: number;
  /** Values: a number (NSNumber), a string (NSString), or `{ url }` (NSURL). */
  attributes: Record<string, number | string | { url: string }>;
}

/** A reaction row's tapback. */
export interface SmsTapbackSpec {
  /** `associated_message_type`: 2000-2007 add, 3000-3007 remove. */
  type: number;
  /** `associated_message_guid` exactly as stored, with its `p:N/` or `bp:` prefix. */
  target: string;
  emoji?: string;
}

/** One `message` row. */
export interface SmsMessageSpec {
  guid: string;
  /** Chat guids the message is joined to; empty for an orphan of chat_message_join. */
  chats: string[];
  /** Handle id of the sender; null when the device owner sent it. */
  from: string | null;
  /** `message.text`. */
  text: string | null;
  /** Text archived in attributedBody; defaults to `text`; null writes no attributedBody. */
  bodyText?: string | null;
  /** Attribute runs of the body (default: one run per attachment placeholder and per text stretch). */
  bodyRuns?: BodyRunSpec[];
  /** Raw attributedBody bytes (e.g. a malformed blob), overriding bodyText. */
  rawBody?: Uint8Array;
  service: string;
  sentAt: Date;
  readAt?: Date | null;
  deliveredAt?: Date | null;
  itemType?: number;
  groupActionType?: number;
  groupTitle?: string | null;
  /** Handle id the group event is about (participant added or removed). */
  otherHandle?: string | null;
  balloonBundleId?: string | null;
  threadOriginatorGuid?: string | null;
  editedAt?: Date | null;
  retractedAt?: Date | null;
  tapback?: SmsTapbackSpec;
  attachments?: SmsAttachmentSpec[];
  /** Deleted into "Recently Deleted": joined through chat_recoverable_message_join instead of chat_message_join. */
  recoverable?: { chat: string; deletedAt: Date };
}

/** The content of a builder-made database. */
export interface SmsFixtureSpec {
  handles: SmsHandleSpec[];
  chats: SmsChatSpec[];
  messages: SmsMessageSpec[];
  /** Attachments joined to no message. */
  unjoinedAttachments?: SmsAttachmentSpec[];
}

/** What the builder wrote. */
export interface BuiltSmsDb {
  path: string;
  generation: SmsDbGeneration;
  features: SmsDbFeatures;
  /** ROWID of each written message row, by guid. */
  messageRowids: Map<string, number>;
  /** Guids of messages the generation cannot hold (tapbacks before iOS 10, group events before iOS 8): not written. */
  skipped: string[];
}

const FEATURES: Readonly<Record<SmsDbGeneration, SmsDbFeatures>> = {
  ios6: { nanoseconds: false, groupEvents: false, displayName: false, transferName: false, tapbacks: false, replies: false, edits: false, recoverable: false, emojiTapbacks: false },
  ios9: { nanoseconds: false, groupEvents: true, displayName: true, transferName: true, tapbacks: false, replies: false, edits: false, recoverable: false, emojiTapbacks: false },
  ios10: { nanoseconds: false, groupEvents: true, displayName: true, transferName: true, tapbacks: true, replies: false, edits: false, recoverable: false, emojiTapbacks: false },
  ios11: { nanoseconds: true, groupEvents: true, displayName: true, transferName: true, tapbacks: true, replies: false, edits: false, recoverable: false, emojiTapbacks: false },
  modern: { nanoseconds: true, groupEvents: true, displayName: true, transferName: true, tapbacks: true, replies: true, edits: true, recoverable: true, emojiTapbacks: true },
};

/** The features of a generation. */
export function smsDbFeatures(generation: SmsDbGeneration): SmsDbFeatures {
  return FEATURES[generation];
}

// ---------------------------------------------------------------------------------------------------------------
// typedstream encoder (NSArchiver "streamtyped", as Messages writes attributedBody)

const TAG_INT16 = 0x81;
const TAG_INT32 = 0x82;
const TAG_NEW = 0x84;
const TAG_NIL = 0x85;
const TAG_END = 0x86;
const REFERENCE_BASE = -110;
const SYSTEM_VERSION = 1000;

interface ArchivedClassSpec {
  name: string;
  version: number;
  superclass: ArchivedClassSpec | null;
}

const NS_OBJECT: ArchivedClassSpec = { name: 'NSObject', version: 0, superclass: null };
const NS_STRING: ArchivedClassSpec = { name: 'NSString', version: 1, superclass: NS_OBJECT };
const NS_MUTABLE_STRING: ArchivedClassSpec = { name: 'NSMutableString', version: 1, superclass: NS_STRING };
const NS_ATTRIBUTED_STRING: ArchivedClassSpec = { name: 'NSAttributedString', version: 0, superclass: NS_OBJECT };
const NS_MUTABLE_ATTRIBUTED_STRING: ArchivedClassSpec = { name: 'NSMutableAttributedString', version: 0, superclass: NS_ATTRIBUTED_STRING };
const NS_DICTIONARY: ArchivedClassSpec = { name: 'NSDictionary', version: 0, superclass: NS_OBJECT };
const NS_VALUE: ArchivedClassSpec = { name: 'NSValue', version: 0, superclass: NS_OBJECT };
const NS_NUMBER: ArchivedClassSpec = { name: 'NSNumber', version: 0, superclass: NS_VALUE };
const NS_URL: ArchivedClassSpec = { name: 'NSURL', version: 0, superclass: NS_OBJECT };

/** Writes one typedstream archive: shared strings, one object table (objects, classes, C strings), little-endian ints. */
class TypedStreamEncoder {
  private buffer = Buffer.allocUnsafe(256);
  private size = 0;
  private readonly sharedStrings = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly cStrings = new Map<string, number>();
  private objectCount = 0;

  constructor() {
    this.byte(4);
    this.bytes('streamtyped');
    this.integer(SYSTEM_VERSION);
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  /** Bytes written so far. */
  get offset(): number {
    return this.size;
  }

  private reserve(extra: number): void {
    if (this.size + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.size + extra));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.size++] = value & 0xff;
  }

  /** A length-prefixed UTF-8 byte string. */
  private bytes(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.integer(length);
    this.reserve(length);
    this.size += this.buffer.write(value, this.size, 'utf8');
  }

  integer(value: number): void {
    if (value >= REFERENCE_BASE && value <= 127) {
      this.byte(value);
    } else if (value >= -0x8000 && value <= 0x7fff) {
      this.byte(TAG_INT16);
      this.byte(value);
      this.byte(value >> 8);
    } else {
      this.byte(TAG_INT32);
      this.byte(value);
      this.byte(value >> 8);
      this.byte(value >> 16);
      this.byte(value >>> 24);
    }
  }

  end(): void {
    this.byte(TAG_END);
  }

  sharedString(value: string): void {
    const known = this.sharedStrings.get(value);
    if (known !== undefined) {
      this.integer(known + REFERENCE_BASE);
      return;
    }
    this.byte(TAG_NEW);
    this.bytes(value);
    this.sharedStrings.set(value, this.sharedStrings.size);
  }

  /** A type group's encoding string (`@`, `i`, `iI`, `+`, ...). */
  type(encoding: string): void {
    this.sharedString(encoding);
  }

  cString(value: string): void {
    const known = this.cStrings.get(value);
    if (known !== undefined) {
      this.integer(known + REFERENCE_BASE);
      return;
    }
    this.byte(TAG_NEW);
    this.cStrings.set(value, this.objectCount++);
    this.sharedString(value);
  }

  private archivedClass(spec: ArchivedClassSpec | null): void {
    if (spec === null) {
      this.byte(TAG_NIL);
      return;
    }
    const known = this.classes.get(spec.name);
    if (known !== undefined) {
      this.integer(known + REFERENCE_BASE);
      return;
    }
    this.byte(TAG_NEW);
    this.classes.set(spec.name, this.objectCount++);
    this.sharedString(spec.name);
    this.integer(spec.version);
    this.archivedClass(spec.superclass);
  }

  /** A new object of `spec`; `content` writes its encodeWithCoder: groups. */
  object(spec: ArchivedClassSpec, content: () => void): void {
    this.byte(TAG_NEW);
    this.objectCount += 1;
    this.archivedClass(spec);
    content();
    this.end();
  }

  /** A type group holding one object. */
  objectGroup(spec: ArchivedClassSpec, content: () => void): void {
    this.type('@');
    this.object(spec, content);
  }

  /** An NSString object; `onText` learns where its length-prefixed bytes start and end. */
  string(value: string, spec: ArchivedClassSpec = NS_STRING, onText?: (start: number, end: number) => void): void {
    this.objectGroup(spec, () => {
      this.type('+');
      const start = this.size;
      this.bytes(value);
      onText?.(start, this.size);
    });
  }

  number(value: number): void {
    this.objectGroup(NS_NUMBER, () => {
      this.type('*');
      this.cString('i');
      this.type('i');
      this.integer(value);
    });
  }

  url(value: string): void {
    this.objectGroup(NS_URL, () => {
      this.type('c');
      this.integer(0);
      this.string(value);
    });
  }

  dictionary(entries: Array<[string, number | string | { url: string }]>): void {
    this.objectGroup(NS_DICTIONARY, () => {
      this.type('i');
      this.integer(entries.length);
      for (const [key, value] of entries) {
        this.string(key);
        if (typeof value === 'number') this.number(value);
        else if (typeof value === 'string') this.string(value);
        else this.url(value.url);
      }
    });
  }
}

/** Attribute key naming the message part a run belongs to. */
export const MESSAGE_PART_ATTRIBUTE = '__kIMMessagePartAttributeName';
/** Attribute key of a run that stands for an attachment (its value is the attachment guid). */
export const FILE_TRANSFER_ATTRIBUTE = '__kIMFileTransferGUIDAttributeName';

/** Default runs: each U+FFFC placeholder is its own part carrying the next attachment guid, text between is one part. */
export function defaultBodyRuns(text: string, attachmentGuids: readonly string[] = []): BodyRunSpec[] {
  const runs: BodyRunSpec[] = [];
  let part = 0;
  let pending = 0;
  let attachment = 0;
  for (const char of text) {
    if (char === '\uFFFC') {
      if (pending > 0) runs.push({ length: pending, attributes: { [MESSAGE_PART_ATTRIBUTE]: part++ } });
      pending = 0;
      const guid = attachmentGuids[attachment++];
      runs.push({
        length: 1,
        attributes: guid ? { [FILE_TRANSFER_ATTRIBUTE]: guid, [MESSAGE_PART_ATTRIBUTE]: part++ } : { [MESSAGE_PART_ATTRIBUTE]: part++ },
      });
    } else {
      pending += char.length;
    }
  }
  if (pending > 0 || runs.length === 0) runs.push({ length: pending, attributes: { [MESSAGE_PART_ATTRIBUTE]: part } });
  return runs;
}

/** Bytes of the archive before the text's length prefix (the same for every body). */
let archivePrefix: Buffer | null = null;
/** Bytes after the text, by runs: the tables the tail refers to do not depend on the text itself. */
const archiveTails = new Map<string, Buffer>();
const MAX_CACHED_TAILS = 10_000;

function lengthPrefixedText(text: string): Buffer {
  const encoded = Buffer.from(text, 'utf8');
  return Buffer.concat([byteStringLengthPrefix(encoded.length), encoded]);
}

/**
 * Archives an NSMutableAttributedString the way Messages does (typedstream, NSMutableString text, `iI` runs with
 * attribute dictionaries; a dictionary equal to an earlier one is referenced by its index instead of written again).
 * The bytes around the text are remembered per run layout, so bulk builds splice instead of re-encoding.
 */
export function encodeAttributedBody(text: string, runs: readonly BodyRunSpec[] = defaultBodyRuns(text)): Buffer {
  const covered = runs.reduce((sum, run) => sum + run.length, 0);
  if (covered !== text.length) {
    throw new RangeError(`attribute runs cover ${covered} UTF-16 units but the text has ${text.length}`);
  }
  const key = JSON.stringify(runs);
  const tail = archiveTails.get(key);
  if (tail && archivePrefix) return Buffer.concat([archivePrefix, lengthPrefixedText(text), tail]);

  const stream = new TypedStreamEncoder();
  let textStart = 0;
  let textEnd = 0;
  stream.objectGroup(NS_MUTABLE_ATTRIBUTED_STRING, () => {
    stream.string(text, NS_MUTABLE_STRING, (start, end) => {
      textStart = start;
      textEnd = end;
    });
    const seen = new Map<string, number>();
    for (const run of runs) {
      const entries = Object.entries(run.attributes);
      const signature = JSON.stringify(entries);
      const known = seen.get(signature);
      const index = known ?? seen.size + 1;
      stream.type('iI');
      stream.integer(index);
      stream.integer(run.length);
      if (known === undefined) {
        seen.set(signature, index);
        stream.dictionary(entries);
      }
    }
  });
  const archive = Buffer.from(stream.finish());
  archivePrefix ??= Buffer.from(archive.subarray(0, textStart));
  if (archiveTails.size >= MAX_CACHED_TAILS) archiveTails.clear();
  archiveTails.set(key, Buffer.from(archive.subarray(textEnd)));
  return archive;
}

// ---------------------------------------------------------------------------------------------------------------
// schemas

const SCHEMA_DUMPS: Readonly<Record<Exclude<SmsDbGeneration, 'modern'>, string>> = {
  ios6: 'iOS6.1.6.sql',
  ios9: 'iOS9.2.1.sql',
  ios10: 'iOS10.2.sql',
  ios11: 'iOS11.2.sql',
};

/** Columns and tables added to the macOS 13 schema when it lacks them (iOS 16-18 features). */
const MODERN_ADDITIONS: ReadonlyArray<{ table: string; column?: string; sql: string }> = [
  { table: 'message', column: 'date_edited', sql: 'ALTER TABLE message ADD COLUMN date_edited INTEGER DEFAULT 0' },
  { table: 'message', column: 'date_retracted', sql: 'ALTER TABLE message ADD COLUMN date_retracted INTEGER DEFAULT 0' },
  { table: 'message', column: 'thread_originator_guid', sql: 'ALTER TABLE message ADD COLUMN thread_originator_guid TEXT' },
  { table: 'message', column: 'associated_message_emoji', sql: 'ALTER TABLE message ADD COLUMN associated_message_emoji TEXT' },
  {
    table: 'chat_recoverable_message_join',
    sql: 'CREATE TABLE chat_recoverable_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, delete_date INTEGER, ck_sync_state INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id), CHECK (delete_date != 0))',
  },
];

/** Statements of a `.schema` dump: comments dropped, split at the `;` that ends each statement. */
function dumpStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

interface SchemaStatements {
  tables: string[];
  /** Indexes and triggers (created after the data by the bulk writer). */
  rest: string[];
}

let modernSchema: SchemaStatements | null = null;

/**
 * The macOS 13 chat.db schema, read from a private copy of the real database (never opened in place). The copy is
 * made in a folder inside `scratch` (the folder of the database being built), so whatever removes that folder removes
 * it too, even when a signal ends the process before the copy's own removal.
 */
function readModernSchema(scratch: string): SchemaStatements {
  if (modernSchema) return modernSchema;
  const folder = mkdtempSync(join(scratch, 'sms-schema-'));
  try {
    const db = fixtureCopyDb('messages/macos13-ventura/chat.db', folder);
    try {
      const rows = db
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        .all() as Array<{ type: string; name: string; sql: string }>;
      modernSchema = {
        tables: rows.filter((row) => row.type === 'table').map((row) => row.sql),
        rest: rows.filter((row) => row.type !== 'table').map((row) => row.sql),
      };
      return modernSchema;
    } finally {
      db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function schemaOf(generation: SmsDbGeneration, scratch: string): SchemaStatements {
  if (generation === 'modern') return readModernSchema(scratch);
  const sql = readFileSync(fixturePath(`schemas/messages/${SCHEMA_DUMPS[generation]}`), 'utf8');
  const statements = dumpStatements(sql);
  return {
    tables: statements.filter((statement) => /^CREATE\s+TABLE/i.test(statement)),
    rest: statements.filter((statement) => !/^CREATE\s+TABLE/i.test(statement)),
  };
}

function execute(db: Database.Database, statement: string): void {
  try {
    db.exec(statement);
  } catch (error) {
    if (/sqlite_sequence|sqlite_stat1/i.test(statement)) return;
    throw error;
  }
}

function applyModernAdditions(db: Database.Database): void {
  for (const addition of MODERN_ADDITIONS) {
    const tableExists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(addition.table) !== undefined;
    if (addition.column === undefined) {
      if (!tableExists) db.exec(addition.sql);
      continue;
    }
    const columns = (db.prepare(`PRAGMA table_info("${addition.table}")`).all() as Array<{ name: string }>).map((c) => c.name);
    if (!columns.includes(addition.column)) db.exec(addition.sql);
  }
}

/** Creates the schema of a generation in an empty database; `deferIndexes` leaves indexes and triggers for later. */
function createSchema(db: Database.Database, path: string, generation: SmsDbGeneration, deferIndexes: boolean): string[] {
  const schema = schemaOf(generation, dirname(path));
  for (const statement of schema.tables) execute(db, statement);
  if (generation === 'modern') applyModernAdditions(db);
  if (deferIndexes) return schema.rest;
  for (const statement of schema.rest) execute(db, statement);
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// rows

/** Inserts rows through prepared statements, keeping only the columns the table has. */
class RowInserter {
  private readonly columns = new Map<string, Set<string>>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  has(table: string, column?: string): boolean {
    const columns = this.columnsOf(table);
    return column === undefined ? columns.size > 0 : columns.has(column);
  }

  insert(table: string, values: Record<string, unknown>): number {
    const columns = this.columnsOf(table);
    const keys = Object.keys(values).filter((key) => columns.has(key) && values[key] !== undefined);
    const signature = `${table}\u0000${keys.join(',')}`;
    let statement = this.statements.get(signature);
    if (!statement) {
      statement = this.db.prepare(
        keys.length === 0
          ? `INSERT INTO "${table}" DEFAULT VALUES`
          : `INSERT INTO "${table}" (${keys.map((key) => `"${key}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      );
      this.statements.set(signature, statement);
    }
    const args = keys.map((key) => {
      const value = values[key];
      return typeof value === 'boolean' ? (value ? 1 : 0) : value;
    });
    return Number(statement.run(...args).lastInsertRowid);
  }

  private columnsOf(table: string): Set<string> {
    let columns = this.columns.get(table);
    if (!columns) {
      columns = new Set((this.db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name));
      this.columns.set(table, columns);
    }
    return columns;
  }
}

/** Raw Cocoa seconds of an instant (whole seconds). */
export function cocoaSecondsOf(date: Date): number {
  return Math.round(date.getTime() / 1000) - COCOA_EPOCH_OFFSET_SECONDS;
}

/** Raw Cocoa nanoseconds of an instant (millisecond precision). */
export function cocoaNanosecondsOf(date: Date): bigint {
  return (BigInt(date.getTime()) - BigInt(COCOA_EPOCH_OFFSET_SECONDS) * 1000n) * 1_000_000n;
}

function rawDate(date: Date | null | undefined, nanoseconds: boolean): number | bigint | undefined {
  if (date === null || date === undefined) return undefined;
  return nanoseconds ? cocoaNanosecondsOf(date) : cocoaSecondsOf(date);
}

function accountOf(service: string): string {
  return service === 'SMS' ? 'p:+15550000000' : 'e:owner@example.com';
}

function insertAttachment(rows: RowInserter, attachment: SmsAttachmentSpec): number {
  return rows.insert('attachment', {
    guid: attachment.guid,
    original_guid: attachment.guid,
    created_date: attachment.createdAt ? cocoaSecondsOf(attachment.createdAt) : 0,
    start_date: 0,
    filename: attachment.filename,
    uti: attachment.uti ?? null,
    mime_type: attachment.mimeType ?? null,
    transfer_state: 5,
    is_outgoing: attachment.isOutgoing ?? false,
    transfer_name: attachment.transferName ?? null,
    total_bytes: attachment.totalBytes ?? 0,
    is_sticker: attachment.isSticker ?? false,
  });
}

function bodyOf(message: SmsMessageSpec): Uint8Array | null {
  if (message.rawBody) return message.rawBody;
  const bodyText = message.bodyText === undefined ? message.text : message.bodyText;
  if (bodyText === null) return null;
  const runs = message.bodyRuns ?? defaultBodyRuns(bodyText, (message.attachments ?? []).map((attachment) => attachment.guid));
  return encodeAttributedBody(bodyText, runs);
}

/** Writes `spec` into a new database at `path` with the schema of `generation`. */
export function buildSmsDb(path: string, generation: SmsDbGeneration, spec: SmsFixtureSpec): BuiltSmsDb {
  const features = smsDbFeatures(generation);
  const db = new Database(path);
  const messageRowids = new Map<string, number>();
  const skipped: string[] = [];
  try {
    createSchema(db, path, generation, false);
    const rows = new RowInserter(db);
    const ns = features.nanoseconds;
    db.transaction(() => {
      const handles = new Map<string, number>();
      for (const handle of spec.handles) {
        const digits = handle.id.replace(/\D/g, '');
        handles.set(
          handle.id,
          rows.insert('handle', {
            id: handle.id,
            country: 'us',
            service: handle.service ?? 'iMessage',
            uncanonicalized_id: handle.id.includes('@') ? null : digits,
          }),
        );
      }
      const chats = new Map<string, { rowid: number; spec: SmsChatSpec }>();
      for (const chat of spec.chats) {
        const group = (chat.style ?? (chat.members.length > 1 ? 43 : 45)) === 43;
        const rowid = rows.insert('chat', {
          guid: chat.guid,
          style: chat.style ?? (group ? 43 : 45),
          state: 3,
          account_id: '00000000-0000-4000-8000-000000000001',
          chat_identifier: chat.identifier,
          service_name: chat.service,
          room_name: group ? chat.identifier : null,
          account_login: accountOf(chat.service),
          is_archived: 0,
          display_name: chat.displayName ?? null,
          original_group_id: chat.guid,
          group_id: chat.guid,
        });
        chats.set(chat.guid, { rowid, spec: chat });
        for (const member of chat.members) {
          const handle = handles.get(member);
          if (handle === undefined) throw new RangeError(`chat ${chat.guid}: unknown member handle ${member}`);
          rows.insert('chat_handle_join', { chat_id: rowid, handle_id: handle });
        }
      }
      for (const message of spec.messages) {
        if (message.tapback && !features.tapbacks) {
          skipped.push(message.guid);
          continue;
        }
        if ((message.itemType ?? 0) !== 0 && !features.groupEvents) {
          skipped.push(message.guid);
          continue;
        }
        const firstChat = chats.get(message.recoverable?.chat ?? message.chats[0] ?? '');
        const oneToOneMember = firstChat && firstChat.spec.members.length === 1 ? firstChat.spec.members[0] : undefined;
        const counterpart = message.from ?? oneToOneMember;
        const handleId = counterpart === undefined ? 0 : (handles.get(counterpart) ?? 0);
        if (counterpart !== undefined && handleId === 0) throw new RangeError(`message ${message.guid}: unknown handle ${counterpart}`);
        const fromMe = message.from === null;
        const rowid = rows.insert('message', {
          guid: message.guid,
          text: message.text,
          handle_id: handleId,
          service: message.service,
          account: accountOf(message.service),
          account_guid: '00000000-0000-4000-8000-000000000001',
          attributedBody: bodyOf(message),
          version: 10,
          date: rawDate(message.sentAt, ns),
          date_read: rawDate(message.readAt, ns) ?? 0,
          date_delivered: rawDate(message.deliveredAt, ns) ?? 0,
          is_delivered: 1,
          is_finished: 1,
          is_from_me: fromMe,
          is_read: fromMe ? 0 : message.readAt ? 1 : 0,
          is_sent: fromMe ? 1 : 0,
          item_type: message.itemType ?? 0,
          group_action_type: message.groupActionType ?? 0,
          group_title: message.groupTitle ?? null,
          other_handle: message.otherHandle ? (handles.get(message.otherHandle) ?? 0) : 0,
          associated_message_guid: message.tapback?.target ?? null,
          associated_message_type: message.tapback?.type ?? 0,
          associated_message_emoji: message.tapback?.emoji ?? null,
          balloon_bundle_id: message.balloonBundleId ?? null,
          thread_originator_guid: message.threadOriginatorGuid ?? null,
          thread_originator_part: message.threadOriginatorGuid ? '0:0:1' : null,
          date_edited: rawDate(message.editedAt, ns) ?? 0,
          date_retracted: rawDate(message.retractedAt, ns) ?? 0,
          cache_has_attachments: (message.attachments ?? []).length > 0,
          cache_roomnames: firstChat && firstChat.spec.members.length > 1 ? firstChat.spec.identifier : null,
        });
        messageRowids.set(message.guid, rowid);
        const recoverable = message.recoverable && features.recoverable ? message.recoverable : null;
        const joined = recoverable ? [] : message.recoverable ? [message.recoverable.chat] : message.chats;
        for (const chatGuid of joined) {
          const chat = chats.get(chatGuid);
          if (!chat) throw new RangeError(`message ${message.guid}: unknown chat ${chatGuid}`);
          rows.insert('chat_message_join', { chat_id: chat.rowid, message_id: rowid, message_date: rawDate(message.sentAt, ns) });
        }
        if (recoverable) {
          const chat = chats.get(recoverable.chat);
          if (!chat) throw new RangeError(`message ${message.guid}: unknown chat ${recoverable.chat}`);
          rows.insert('chat_recoverable_message_join', {
            chat_id: chat.rowid,
            message_id: rowid,
            delete_date: rawDate(recoverable.deletedAt, ns),
          });
        }
        for (const attachment of message.attachments ?? []) {
          const attachmentRowid = insertAttachment(rows, attachment);
          rows.insert('message_attachment_join', { message_id: rowid, attachment_id: attachmentRowid });
        }
      }
      for (const attachment of spec.unjoinedAttachments ?? []) insertAttachment(rows, attachment);
    })();
  } finally {
    db.close();
  }
  return { path, generation, features, messageRowids, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// iOS 5 layout and bulk databases

/**
 * Writes an iOS 5 sms.db (msg_group, group_member, msg_pieces, madrid_* tables and the old message table with
 * madrid_* columns), from public descriptions of that layout. The messages plugin must refuse it by name.
 */
export function buildIos5SmsDb(path: string): void {
  const db = new Database(path);
  try {
    db.exec(`
      CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));
      CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT, date INTEGER, text TEXT, flags INTEGER,
        replace INTEGER, svc_center TEXT, group_id INTEGER, association_id INTEGER, height INTEGER, UIFlags INTEGER,
        version INTEGER, subject TEXT, country TEXT, headers BLOB, recipients BLOB, read INTEGER,
        madrid_attributedBody BLOB, madrid_handle TEXT, madrid_version INTEGER, madrid_guid TEXT, madrid_type INTEGER,
        madrid_roomname TEXT, madrid_service TEXT, madrid_account TEXT, madrid_account_guid TEXT, madrid_flags INTEGER,
        madrid_attachmentInfo BLOB, madrid_url TEXT, madrid_error INTEGER, is_madrid INTEGER, madrid_date_read INTEGER,
        madrid_date_delivered INTEGER);
      CREATE TABLE msg_group (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER, newest_message INTEGER,
        unread_count INTEGER, hash INTEGER);
      CREATE TABLE group_member (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER, address TEXT, country TEXT);
      CREATE TABLE msg_pieces (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, message_id INTEGER, data BLOB, part_id INTEGER,
        preview_part INTEGER, content_type TEXT, height INTEGER, version INTEGER, flags INTEGER, content_loc TEXT, headers BLOB);
      CREATE TABLE madrid_attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, attachment_guid TEXT, created_date INTEGER,
        start_date INTEGER, filename TEXT, uti_type TEXT, mime_type TEXT, transfer_state INTEGER, is_incoming INTEGER,
        message_id INTEGER);
      CREATE TABLE madrid_chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, style INTEGER, state INTEGER, account_id TEXT,
        properties BLOB, chat_identifier TEXT, service_name TEXT, guid TEXT, room_name TEXT, account_login TEXT,
        participants BLOB);
    `);
    db.prepare('INSERT INTO msg_group (type, newest_message, unread_count, hash) VALUES (0, 1, 0, 12345)').run();
    db.prepare("INSERT INTO group_member (group_id, address, country) VALUES (1, '+15551230001', 'us')").run();
    db.prepare("INSERT INTO message (address, date, text, flags, group_id, read) VALUES ('+15551230001', 1325419200, 'hello from 2012', 2, 1, 1)").run();
  } finally {
    db.close();
  }
}

/** Multi-row INSERT for bulk writing: rows are sent `BATCH_ROWS` at a time through one prepared statement. */
class BatchedInsert {
  private static readonly BATCH_ROWS = 64;
  private readonly full: Database.Statement;
  private readonly single: Database.Statement;
  private readonly pending: unknown[] = [];
  private readonly width: number;

  constructor(db: Database.Database, head: string, tuple: string) {
    this.width = (tuple.match(/\?/g) ?? []).length;
    this.full = db.prepare(`${head} ${Array.from({ length: BatchedInsert.BATCH_ROWS }, () => tuple).join(', ')}`);
    this.single = db.prepare(`${head} ${tuple}`);
  }

  add(...values: unknown[]): void {
    this.pending.push(...values);
    if (this.pending.length === this.width * BatchedInsert.BATCH_ROWS) {
      this.full.run(...this.pending);
      this.pending.length = 0;
    }
  }

  flush(): void {
    for (let start = 0; start < this.pending.length; start += this.width) {
      this.single.run(...this.pending.slice(start, start + this.width));
    }
    this.pending.length = 0;
  }
}

/** Size and shape of a bulk database. */
export interface BulkSmsOptions {
  messages: number;
  chats: number;
  handles: number;
  /** Archive every message's text in attributedBody, and leave `text` NULL on every other row (as iOS 16+ does). */
  withAttributedBody?: boolean;
  /** Every n-th row is a tapback on the previous message of its chat (0: none). Default 40. */
  reactionEvery?: number;
  /** Every n-th message has one attachment (0: none). Default 50. */
  attachmentEvery?: number;
  /** Text of message i (1-based; a tapback quotes the text of the message it reacts to). Default: words of a small fixed list and `#i`. */
  text?: (index: number) => string;
  /** `handle.id` of handle h (1-based), e.g. `+14155550132` or `ana@example.com`. Default `+1555` and h in 7 digits. */
  handleId?: (handle: number) => string;
  /** When message 1 is sent, less one step. Default 2022-01-01T00:00:00Z. */
  start?: Date;
  /** Seconds between two messages. Default 37. */
  stepSeconds?: number;
}

/** Counts of what a bulk build wrote. */
export interface BulkSmsSummary {
  /** Rows of `message` that are not tapbacks. */
  messages: number;
  reactions: number;
  attachments: number;
  chats: number;
  handles: number;
  /** Messages whose text is only in attributedBody. */
  bodyOnly: number;
}

const WORDS = [
  'call', 'me', 'when', 'you', 'land', 'dinner', 'at', 'eight', 'the', 'train', 'is', 'late', 'again', 'photos', 'from',
  'trip', 'look', 'great', 'meeting', 'moved', 'tomorrow', 'morning', 'bring', 'charger', 'please', 'thanks', 'see',
  'soon', 'parking', 'garage', 'level', 'three', 'happy', 'birthday', 'running', 'ten', 'minutes', 'behind', 'ok',
];

function bulkGuid(kind: number, index: number): string {
  const hex = index.toString(16).toUpperCase().padStart(12, '0');
  return `${kind.toString(16).toUpperCase().padStart(8, '0')}-0000-4000-8000-${hex}`;
}

function bulkText(index: number): string {
  let state = (index * 2654435761) >>> 0;
  const length = 3 + (state % 12);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    words.push(WORDS[state % WORDS.length]!);
  }
  return `${words.join(' ')} #${index}`;
}

/**
 * Writes a large modern (macOS 13 schema) database fast: one transaction, prepared statements, indexes and triggers
 * created after the rows. Chat c has handle c (and every tenth chat is a group of three); message i goes to chat
 * ((i - 1) mod chats) + 1, dated 2022-01-01 plus 37 s per row, in Cocoa nanoseconds.
 */
export function buildBulkSmsDb(path: string, options: BulkSmsOptions): BulkSmsSummary {
  const { messages, chats: chatCount, handles: handleCount } = options;
  if (chatCount < 1 || handleCount < 1 || messages < 0) throw new RangeError('bulk sms.db needs at least one chat and one handle');
  const reactionEvery = options.reactionEvery ?? 40;
  const attachmentEvery = options.attachmentEvery ?? 50;
  const textOf = options.text ?? bulkText;
  const handleIdOf = options.handleId ?? ((h: number) => `+1555${String(h).padStart(7, '0')}`);
  const stepMs = (options.stepSeconds ?? 37) * 1000;
  const db = new Database(path);
  const summary: BulkSmsSummary = { messages: 0, reactions: 0, attachments: 0, chats: chatCount, handles: handleCount, bodyOnly: 0 };
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -65536');
    const deferred = createSchema(db, path, 'modern', true);
    const insertHandle = db.prepare(
      "INSERT INTO handle (ROWID, id, country, service, uncanonicalized_id) VALUES (?, ?, 'us', 'iMessage', ?)",
    );
    const insertChat = db.prepare(
      `INSERT INTO chat (ROWID, guid, style, state, chat_identifier, service_name, room_name, display_name, account_login)
       VALUES (?, ?, ?, 3, ?, 'iMessage', ?, ?, 'e:owner@example.com')`,
    );
    const insertMember = db.prepare('INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?, ?)');
    const insertMessage = new BatchedInsert(
      db,
      `INSERT INTO message (ROWID, guid, text, attributedBody, handle_id, service, account, date, date_read, date_delivered,
         is_delivered, is_finished, is_from_me, is_read, is_sent, associated_message_guid, associated_message_type,
         cache_has_attachments, cache_roomnames) VALUES`,
      "(?, ?, ?, ?, ?, 'iMessage', 'e:owner@example.com', ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insertChatMessage = new BatchedInsert(db, 'INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES', '(?, ?, ?)');
    const insertAttachment = db.prepare(
      `INSERT INTO attachment (guid, original_guid, created_date, filename, uti, mime_type, transfer_state, is_outgoing, transfer_name, total_bytes)
       VALUES (?, ?, ?, ?, 'public.jpeg', 'image/jpeg', 5, ?, ?, ?)`,
    );
    const insertAttachmentJoin = db.prepare('INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?, ?)');
    const start = options.start?.getTime() ?? Date.UTC(2022, 0, 1);

    db.transaction(() => {
      for (let h = 1; h <= handleCount; h += 1) {
        const number = handleIdOf(h);
        insertHandle.run(h, number, number.replace(/^\+/, ''));
      }
      const members: number[][] = [];
      for (let c = 1; c <= chatCount; c += 1) {
        const group = c % 10 === 0;
        const ids = group
          ? [0, 1, 2].map((offset) => ((c - 1 + offset * chatCount) % handleCount) + 1)
          : [((c - 1) % handleCount) + 1];
        const unique = [...new Set(ids)];
        members.push(unique);
        const identifier = group ? `chat${String(c).padStart(12, '0')}` : handleIdOf(unique[0]!);
        insertChat.run(c, `iMessage;${group ? '+' : '-'};${identifier}`, group ? 43 : 45, identifier, group ? identifier : null, group ? `Group ${c}` : null);
        for (const handle of unique) insertMember.run(c, handle);
      }
      let attachmentRowid = 0;
      for (let i = 1; i <= messages; i += 1) {
        const chat = ((i - 1) % chatCount) + 1;
        const chatMembers = members[chat - 1]!;
        const fromMe = i % 3 === 0;
        const handleId = fromMe && chatMembers.length > 1 ? 0 : chatMembers[i % chatMembers.length]!;
        const sent = start + i * stepMs;
        const raw = cocoaNanosecondsOf(new Date(sent));
        const isReaction = reactionEvery > 0 && i % reactionEvery === 0 && i > chatCount;
        const hasAttachment = !isReaction && attachmentEvery > 0 && i % attachmentEvery === 0;
        let text: string | null = isReaction ? `Liked “${textOf(i - chatCount)}”` : textOf(i);
        if (hasAttachment) text = `\uFFFC${text}`;
        const attachmentGuid = hasAttachment ? bulkGuid(0xa77, i) : null;
        const body = options.withAttributedBody
          ? encodeAttributedBody(text, defaultBodyRuns(text, attachmentGuid ? [attachmentGuid] : []))
          : null;
        if (options.withAttributedBody && !isReaction && i % 2 === 1) {
          text = null;
          summary.bodyOnly += 1;
        }
        insertMessage.add(
          i,
          bulkGuid(0x3e55, i),
          text,
          body,
          handleId,
          raw,
          fromMe ? 0 : raw + 60_000_000_000n,
          fromMe ? raw + 2_000_000_000n : 0,
          fromMe ? 1 : 0,
          fromMe ? 0 : 1,
          fromMe ? 1 : 0,
          isReaction ? `p:0/${bulkGuid(0x3e55, i - chatCount)}` : null,
          isReaction ? 2001 : 0,
          hasAttachment ? 1 : 0,
          chatMembers.length > 1 ? `chat${String(chat).padStart(12, '0')}` : null,
        );
        insertChatMessage.add(chat, i, raw);
        if (isReaction) summary.reactions += 1;
        else summary.messages += 1;
        if (hasAttachment) {
          attachmentRowid += 1;
          const name = `IMG_${String(i).padStart(7, '0')}.JPG`;
          insertAttachment.run(
            attachmentGuid,
            attachmentGuid,
            cocoaSecondsOf(new Date(sent)),
            `~/Library/SMS/Attachments/${(i % 256).toString(16).padStart(2, '0')}/${String(i % 100).padStart(2, '0')}/${attachmentGuid}/${name}`,
            fromMe ? 1 : 0,
            name,
            50_000 + (i % 5_000_000),
          );
          insertAttachmentJoin.run(i, attachmentRowid);
          summary.attachments += 1;
        }
      }
      insertMessage.flush();
      insertChatMessage.flush();
    })();
    db.pragma('temp_store = MEMORY');
    db.pragma('threads = 2');
    for (const statement of deferred) execute(db, statement);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  return summary;
}
