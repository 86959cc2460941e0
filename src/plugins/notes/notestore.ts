// Notes of NoteStore.sqlite streamed in Z_PK order with their ZICNOTEDATA body in the same query. Each body is
// decoded (and decrypted when a password opens it); the attachments it names are looked up one by one through the
// unique ZIDENTIFIER index, so tables and hashtags become text of the body.
import type { Statement } from 'better-sqlite3';
import { column, flag, integer, name } from '../../kernel/coredata.js';
import { quoteIdentifier } from '../../kernel/schema.js';
import type { RawTime } from '../../kernel/time.js';
import { attachmentKind, isInlineText } from './attachments.js';
import { MAX_BODY_CHARS, MAX_LISTED, NoteBodyError, decodeNoteBody, firstLine, noteContent, type AttachmentRef } from './body.js';
import type { NoteSearchExtra, NotesContext } from './context.js';
import { NoteUnlocker, type LockedReason } from './crypto.js';
import { readContainers, type Containers } from './folders.js';
import { NOTE_DATA, OBJECTS, readNoteStoreLayout, type NoteStoreLayout } from './layout.js';
import { decodeTable, tableText } from './table.js';

/** The attachment columns read (a missing one reads as NULL). */
const ATTACHMENT_COLUMNS: ReadonlyArray<[string, string]> = [
  ['ZTYPEUTI', 'uti'],
  ['ZTYPEUTI1', 'uti1'],
  ['ZALTTEXT', 'alt_text'],
  ['ZTITLE', 'title'],
  ['ZURLSTRING', 'url'],
  ['ZUSERTITLE', 'user_title'],
];
const MERGEABLE = ['ZMERGEABLEDATA1', 'ZMERGEABLEDATA', 'ZMERGEABLEDATA2'];
/** Longest text a hashtag, mention or URL attachment puts in the body (real ones are a few dozen characters). */
const MAX_INLINE_CHARS = 2_000;

interface AttachmentRow {
  uti: unknown;
  uti1: unknown;
  alt_text: unknown;
  title: unknown;
  url: unknown;
  user_title: unknown;
  mergeable: unknown;
  media_name: unknown;
}

/** One attachment as stored on a note row. */
interface AttachmentEntry {
  kind: string;
  uti: string | null;
  identifier: string | null;
  name: string | null;
}

/** Looks attachments up by identifier and turns each into the text it shows in the body. */
class AttachmentReader {
  /** Null when the store has no ZIDENTIFIER: attachments are then known only from the body. */
  private readonly lookup: Statement | null;

  constructor(private readonly ctx: NotesContext) {
    const { schema } = ctx;
    if (!schema.hasColumn(OBJECTS, 'ZIDENTIFIER')) {
      ctx.warn('NOTES_ATTACHMENTS_UNREAD', `${OBJECTS} has no ZIDENTIFIER column: attachments are known only from the bodies (no table cells, hashtag text or file names)`);
      this.lookup = null;
      return;
    }
    const a = (source: string, as: string) => column(schema, OBJECTS, 'a', source, as);
    const mergeable = MERGEABLE.filter((col) => schema.hasColumn(OBJECTS, col)).map((col) => `a.${quoteIdentifier(col)}`);
    const media = schema.hasColumn(OBJECTS, 'ZMEDIA') && schema.hasColumn(OBJECTS, 'ZFILENAME');
    this.lookup = ctx.db.prepare(
      `SELECT ${ATTACHMENT_COLUMNS.map(([source, as]) => a(source, as)).join(', ')},
        ${mergeable.length > 1 ? `COALESCE(${mergeable.join(', ')})` : (mergeable[0] ?? 'NULL')} AS mergeable,
        ${media ? 'm.ZFILENAME' : 'NULL'} AS media_name
       FROM ${OBJECTS} a ${media ? `LEFT JOIN ${OBJECTS} m ON m.Z_PK = a.ZMEDIA` : ''}
       WHERE a.ZIDENTIFIER = ? LIMIT 1`,
    );
  }

  /** The attachment's entry and the text that replaces its U+FFFC in the body. */
  read(ref: AttachmentRef, note: number): { entry: AttachmentEntry; shown: string } {
    const row = ref.identifier !== null && this.lookup ? (this.lookup.get(ref.identifier) as AttachmentRow | undefined) : undefined;
    const uti = ref.uti ?? name(row?.uti) ?? name(row?.uti1);
    const kind = attachmentKind(uti);
    if (!row && ref.identifier !== null && this.lookup) {
      this.ctx.warn('NOTES_ATTACHMENT_MISSING', `attachments named by a note body have no ${OBJECTS} row (kind and name only from the body; first: note ${note})`, 1, 'NOTES_ATTACHMENT_MISSING');
    }
    const alt = name(row?.alt_text);
    const url = name(row?.url);
    const label = name(row?.user_title) ?? name(row?.title) ?? name(row?.media_name);
    let shown = '';
    if (isInlineText(kind)) shown = (alt ?? '').slice(0, MAX_INLINE_CHARS);
    else if (kind === 'url') shown = (url ?? label ?? '').slice(0, MAX_INLINE_CHARS);
    else if (kind === 'table') shown = this.table(row?.mergeable, note);
    return { entry: { kind, uti, identifier: ref.identifier, name: isInlineText(kind) ? alt : (label ?? url) }, shown };
  }

  private table(data: unknown, note: number): string {
    if (!Buffer.isBuffer(data) || data.length === 0) {
      this.ctx.warn('NOTES_TABLE_UNREADABLE', `table attachments without their cell data were kept without their text (first: note ${note})`, 1, 'NOTES_TABLE_EMPTY');
      return '';
    }
    try {
      const table = tableText(decodeTable(data));
      return table === '' ? '' : `\n${table}\n`;
    } catch (error) {
      if (!(error instanceof NoteBodyError)) throw error;
      this.ctx.warn('NOTES_TABLE_UNREADABLE', `table attachments whose cell data could not be decoded were kept without their text (first: note ${note}: ${error.message})`, 1, 'NOTES_TABLE_UNREADABLE');
      return '';
    }
  }
}

function selectList(ctx: NotesContext, layout: NoteStoreLayout): string {
  const { schema } = ctx;
  const n = (source: string, as: string) => column(schema, OBJECTS, 'n', source, as);
  const d = (source: string, as: string) => column(schema, NOTE_DATA, 'd', source, as);
  const pick = (col: string | null, as: string) => (col ? `n.${quoteIdentifier(col)} AS ${as}` : `NULL AS ${as}`);
  const folder = layout.folderColumn
    ? `n.${layout.folderColumn}`
    : layout.folderJoin
      ? `(SELECT min(j.${layout.folderJoin.ownerColumn}) FROM ${quoteIdentifier(layout.folderJoin.table)} j WHERE j.${layout.folderJoin.memberColumn} = n.Z_PK)`
      : 'NULL';
  return [
    'n.Z_PK AS pk',
    n('ZIDENTIFIER', 'identifier'),
    n('ZTITLE1', 'title'),
    n('ZSNIPPET', 'snippet'),
    `${folder} AS folder`,
    pick(layout.accountColumn, 'account'),
    pick(layout.createdColumn, 'created'),
    pick(layout.modifiedColumn, 'modified'),
    n('ZISPINNED', 'pinned'),
    n('ZMARKEDFORDELETION', 'marked'),
    n('ZISPASSWORDPROTECTED', 'protected'),
    n('ZCRYPTOSALT', 'salt'),
    n('ZCRYPTOITERATIONCOUNT', 'iterations'),
    n('ZCRYPTOWRAPPEDKEY', 'wrapped_key'),
    // The GCM IV and tag sit on the ZICNOTEDATA row from iOS 12 on, on the note row before (macOS keeps both).
    `COALESCE(${schema.columnOrNull(NOTE_DATA, 'ZCRYPTOINITIALIZATIONVECTOR', 'd')}, ${schema.columnOrNull(OBJECTS, 'ZCRYPTOINITIALIZATIONVECTOR', 'n')}) AS iv`,
    `COALESCE(${schema.columnOrNull(NOTE_DATA, 'ZCRYPTOTAG', 'd')}, ${schema.columnOrNull(OBJECTS, 'ZCRYPTOTAG', 'n')}) AS tag`,
    d('ZDATA', 'data'),
  ].join(', ');
}

const LOCKED_MESSAGES: Readonly<Record<LockedReason, [string, string]>> = {
  'no-password': [
    'NOTES_LOCKED',
    'password-protected notes were kept locked with their title only: give their password (--notes-password, or the notes plugin option `passwords`) to read them',
  ],
  'wrong-password': ['NOTES_PASSWORD_WRONG', 'password-protected notes that none of the given passwords opens were kept locked'],
  'device-passcode': [
    'NOTES_LOCKED_BY_DEVICE',
    'notes locked with the device passcode keep their key in the keychain, not in NoteStore.sqlite: kept locked with their title only',
  ],
  incomplete: [
    'NOTES_LOCK_INCOMPLETE',
    'password-protected notes whose salt, wrapped key, IV, tag or iteration count is missing or malformed were kept locked',
  ],
  'out-of-time': [
    'NOTES_UNLOCK_OUT_OF_TIME',
    'password-protected notes left when trying passwords had taken 10 minutes of key derivation were kept locked',
  ],
  corrupt: ['NOTES_LOCKED_CORRUPT', 'password-protected notes whose password is right but whose encrypted body fails its integrity check were kept locked'],
};

/** Parses a NoteStore.sqlite into `note` rows. */
export async function parseNoteStore(ctx: NotesContext): Promise<void> {
  const layout = readNoteStoreLayout(ctx);
  const containers = readContainers(ctx, layout);
  const attachments = new AttachmentReader(ctx);
  const unlocker = new NoteUnlocker(Array.isArray(ctx.options.passwords) ? ctx.options.passwords : []);
  const notes = ctx.table('note');
  const sql = `SELECT ${selectList(ctx, layout)} FROM ${OBJECTS} n ${layout.dataJoin} WHERE n.Z_ENT IN (${layout.notes.join(',')}) ORDER BY n.Z_PK`;
  const locks = new LockedNotes();
  for (const row of ctx.rows<Record<string, unknown>>(sql)) {
    const { values, extra } = noteRow(ctx, layout, row, containers, attachments, unlocker, locks);
    await notes.write(values, extra);
  }
  locks.report(ctx);
}

/** How many notes named in a warning, at most (the count says how many there were). */
const NAMED_NOTES = 10;

/** Notes that stayed locked, by reason: counted, the first few named, reported once per reason. */
class LockedNotes {
  private readonly byReason = new Map<LockedReason, { count: number; named: string[] }>();

  add(reason: LockedReason, label: string): void {
    let entry = this.byReason.get(reason);
    if (!entry) this.byReason.set(reason, (entry = { count: 0, named: [] }));
    entry.count += 1;
    if (entry.named.length < NAMED_NOTES) entry.named.push(label);
  }

  report(ctx: NotesContext): void {
    for (const [reason, { count, named }] of this.byReason) {
      const [code, message] = LOCKED_MESSAGES[reason];
      // Only reasons that differ from note to note name the notes (a missing password concerns every one).
      const listed = reason === 'no-password' || reason === 'device-passcode' ? '' : `: ${named.join(', ')}${count > named.length ? ` and ${count - named.length} more` : ''}`;
      ctx.warn(code, `${message}${listed}`, count);
    }
  }
}

function noteRow(
  ctx: NotesContext,
  layout: NoteStoreLayout,
  row: Record<string, unknown>,
  containers: Containers,
  attachments: AttachmentReader,
  unlocker: NoteUnlocker,
  locks: LockedNotes,
): { values: Record<string, unknown>; extra: NoteSearchExtra } {
  const pk = Number(row.pk);
  const folder = containers.folders.get(integer(row.folder) ?? -1) ?? null;
  const accountPk = integer(row.account) ?? folder?.account ?? null;
  const marked = flag(row.marked);
  const passwordProtected = flag(row.protected) === true;
  const stored = bufferOrNull(row.data);
  const opened = passwordProtected && stored ? unlockBody(row, stored, pk, unlocker, locks) : stored;
  const locked = passwordProtected && opened === null;
  if (stored === null) warnNoBody(ctx, marked, pk, `without a ${NOTE_DATA} body`);
  const decoded = opened ? readBody(ctx, opened, pk, attachments) : NO_BODY;
  if (decoded.empty) warnNoBody(ctx, marked, pk, 'whose text is empty');
  const { body, checklist, links, entries, attachmentCount } = decoded;

  const kinds = [...new Set(entries.map((entry) => entry.kind))];
  const title = name(row.title) ?? firstLine(body);
  const values = {
    id: ctx.id('note', pk),
    source_rowid: pk,
    store: 'notestore',
    identifier: name(row.identifier),
    title,
    snippet: name(row.snippet),
    body,
    folder: folder?.title ?? null,
    folder_path: folder?.path ?? null,
    account: accountPk === null ? null : (containers.accounts.get(accountPk) ?? null),
    created_at: ctx.time(row.created as RawTime, 'cocoa-seconds', `${OBJECTS}.${layout.createdColumn}`, pk),
    modified_at: ctx.time(row.modified as RawTime, 'cocoa-seconds', `${OBJECTS}.${layout.modifiedColumn}`, pk),
    pinned: flag(row.pinned),
    deleted: marked === true || folder?.deleted === true,
    marked_for_deletion: marked,
    password_protected: passwordProtected,
    locked,
    attachment_count: attachmentCount,
    attachment_kinds: kinds.length > 0 ? kinds : null,
    attachments: entries.length > 0 ? entries : null,
    checklist,
    links,
  };
  return { values, extra: { attachmentNames: entries.map((entry) => entry.name).filter((label): label is string => label !== null) } };
}

/** What a body gave: its text (null when empty or unreadable), checklist, links and attachments. */
interface DecodedBody {
  body: string | null;
  checklist: Array<{ text: string; done: boolean }> | null;
  links: string[] | null;
  entries: AttachmentEntry[];
  attachmentCount: number;
  /** Decoded, with no text left (a deleted note's tombstones). */
  empty: boolean;
}

const NO_BODY: DecodedBody = { body: null, checklist: null, links: null, entries: [], attachmentCount: 0, empty: false };

/** The decrypted body of a locked note, or null (the reason recorded) when it stays locked. */
function unlockBody(row: Record<string, unknown>, data: Buffer, pk: number, unlocker: NoteUnlocker, locks: LockedNotes): Buffer | null {
  const result = unlocker.unlock({
    salt: bufferOrNull(row.salt),
    iterations: integer(row.iterations),
    wrappedKey: bufferOrNull(row.wrapped_key),
    iv: bufferOrNull(row.iv),
    tag: bufferOrNull(row.tag),
    data,
  });
  if (result.body) return result.body;
  locks.add(result.reason, `note ${pk}${name(row.identifier) ? ` (${name(row.identifier)})` : ''}`);
  return null;
}

/** Decodes a (decrypted) body with its attachments; one that cannot be decoded is warned about and gives nothing. */
function readBody(ctx: NotesContext, blob: Buffer, pk: number, attachments: AttachmentReader): DecodedBody {
  const entries: AttachmentEntry[] = [];
  try {
    // Called once per distinct attachment, in order; the first MAX_LISTED are listed on the row.
    const content = noteContent(decodeNoteBody(blob), (ref) => {
      const { entry, shown } = attachments.read(ref, pk);
      if (entries.length < MAX_LISTED) entries.push(entry);
      return shown;
    });
    const { attachmentCount } = content;
    if (content.truncated) {
      ctx.warn('NOTES_BODY_TRUNCATED', `note bodies longer than ${MAX_BODY_CHARS} characters were cut there (first: note ${pk})`, 1, 'NOTES_BODY_TRUNCATED');
    }
    if (attachmentCount > entries.length) {
      ctx.warn('NOTES_ATTACHMENTS_TRUNCATED', `notes naming more than ${MAX_LISTED} attachments list the first ${MAX_LISTED} (first: note ${pk})`, 1, 'NOTES_ATTACHMENTS_TRUNCATED');
    }
    const body = content.body.trim();
    return {
      // Deleting a note's text leaves a document of tombstones: a body with no text left.
      body: body === '' ? null : body,
      checklist: content.checklist.length > 0 ? content.checklist : null,
      links: content.links.length > 0 ? content.links : null,
      entries,
      attachmentCount,
      empty: body === '',
    };
  } catch (error) {
    if (!(error instanceof NoteBodyError)) throw error;
    ctx.warn('NOTES_BODY_UNREADABLE', `note bodies that could not be decoded were kept with their title only (first: note ${pk}: ${error.message})`, 1, 'NOTES_BODY_UNREADABLE');
    return NO_BODY;
  }
}

/** A note kept without a body: flagged deleted when it is marked for deletion (its text was erased), named otherwise. */
function warnNoBody(ctx: NotesContext, marked: boolean | null, pk: number, what: string): void {
  if (marked === true) {
    ctx.warn('NOTES_DELETED_WITHOUT_BODY', 'notes marked for deletion whose text is gone were kept, flagged deleted, with no body');
  } else {
    ctx.warn('NOTES_BODY_MISSING', `notes ${what} were kept with their title only (first: note ${pk})`, 1, `NOTES_BODY_MISSING ${what}`);
  }
}

function bufferOrNull(value: unknown): Buffer | null {
  return Buffer.isBuffer(value) && value.length > 0 ? value : null;
}
