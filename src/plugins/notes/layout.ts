// What a NoteStore.sqlite holds, decided by introspection: the entity numbers of notes, folders, accounts and
// attachments (all rows of ZICCLOUDSYNCINGOBJECT), and which of the drifting columns carry a note's account and
// dates in this release (ZACCOUNT2/3/4/7..., ZCREATIONDATE/1/3), probed on the note rows themselves.
import { CoreDataEntities, findJoinTables, integer, warnMissingColumns, type JoinTable } from '../../kernel/coredata.js';
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import { quoteIdentifier } from '../../kernel/schema.js';
import type { NotesContext } from './context.js';

/** The table every note, folder, account and attachment lives in. */
export const OBJECTS = 'ZICCLOUDSYNCINGOBJECT';
/** The table of note bodies. */
export const NOTE_DATA = 'ZICNOTEDATA';

/** How this store's notes are read. */
export interface NoteStoreLayout {
  notes: number[];
  folders: number[];
  accounts: number[];
  /** The note column pointing to its account, or null (the folder's owner is used). */
  accountColumn: string | null;
  createdColumn: string | null;
  modifiedColumn: string | null;
  /** The note column pointing to its folder (ZFOLDER), or null when folders hold notes through a join table. */
  folderColumn: string | null;
  /** The folder-note join table of iOS 9 and 10 (`Z_11NOTES (Z_11FOLDERS, Z_8NOTES)`), when there is no ZFOLDER. */
  folderJoin: JoinTable | null;
  /** How a note reaches its ZICNOTEDATA row. */
  dataJoin: string;
}

const CREATED = ['ZCREATIONDATE3', 'ZCREATIONDATE2', 'ZCREATIONDATE1', 'ZCREATIONDATE'];
const MODIFIED = ['ZMODIFICATIONDATE1', 'ZMODIFICATIONDATE'];
const ACCOUNT = /^ZACCOUNT\d*$/;

/** Note columns whose absence loses a field, with what the user gets instead. */
const EXPECTED_NOTE_COLUMNS: ReadonlyArray<[string, string]> = [
  ['ZTITLE1', 'note titles are NULL'],
  ['ZIDENTIFIER', 'note identifiers are NULL'],
  ['ZSNIPPET', 'snippets are NULL'],
  ['ZISPINNED', 'whether a note is pinned is unknown (NULL)'],
  ['ZMARKEDFORDELETION', 'notes marked for deletion are not flagged'],
  ['ZISPASSWORDPROTECTED', 'locked notes cannot be told apart and their bodies read as unreadable'],
];

/** The candidate that most note rows fill (`count(column)`), or null when none is filled. */
function probe(ctx: NotesContext, candidates: readonly string[], notes: readonly number[], join?: (column: string) => string): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const candidate of candidates) {
    if (!ctx.schema.hasColumn(OBJECTS, candidate)) continue;
    const col = quoteIdentifier(candidate);
    const sql = join
      ? `SELECT count(*) AS n FROM ${OBJECTS} n ${join(col)} WHERE n.Z_ENT IN (${notes.join(',')})`
      : `SELECT count(n.${col}) AS n FROM ${OBJECTS} n WHERE n.Z_ENT IN (${notes.join(',')})`;
    const count = integer((ctx.db.prepare(sql).get() as { n: unknown }).n) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Decides the layout; a store that is not a NoteStore, or lacks ZICNOTEDATA, is an UnsupportedSchemaError. */
export function readNoteStoreLayout(ctx: NotesContext): NoteStoreLayout {
  const { schema } = ctx;
  if (!schema.hasColumn(OBJECTS, 'Z_PK') || !schema.hasColumn(OBJECTS, 'Z_ENT')) {
    throw new UnsupportedSchemaError(`${OBJECTS} has no Z_PK/Z_ENT columns: not a Core Data NoteStore`);
  }
  if (!schema.hasTable(NOTE_DATA)) {
    throw new UnsupportedSchemaError(`NoteStore.sqlite has no ${NOTE_DATA} table: note bodies cannot be read`);
  }
  if (!schema.hasColumn(NOTE_DATA, 'ZDATA')) {
    throw new UnsupportedSchemaError(`${NOTE_DATA} has no ZDATA column: note bodies cannot be read`);
  }
  const entities = CoreDataEntities.read(ctx.db, schema);
  const notes = entities.family('ICNote');
  if (notes.length === 0) throw new UnsupportedSchemaError('Z_PRIMARYKEY names no ICNote entity: the note rows cannot be told apart');
  const folders = entities.family('ICFolder');
  const accounts = entities.family('ICAccount');
  const missing = warnMissingColumns(
    ctx,
    'NOTES_COLUMN_MISSING',
    EXPECTED_NOTE_COLUMNS.map(([col, effect]) => [OBJECTS, col, effect] as const),
  );

  const accountColumns = schema.columns(OBJECTS).filter((col) => ACCOUNT.test(col));
  const accountColumn =
    accounts.length > 0
      ? probe(ctx, accountColumns, notes, (col) => `JOIN ${OBJECTS} a ON a.Z_PK = n.${col} AND a.Z_ENT IN (${accounts.join(',')})`)
      : null;
  const createdColumn = probe(ctx, CREATED, notes);
  const modifiedColumn = probe(ctx, MODIFIED, notes);

  const folderColumn = schema.hasColumn(OBJECTS, 'ZFOLDER') ? 'ZFOLDER' : null;
  let folderJoin: JoinTable | null = null;
  if (!folderColumn) {
    folderJoin = findJoinTables(schema, { owners: folders, ownerRelation: 'FOLDERS', members: notes, memberRelation: 'NOTES' })[0] ?? null;
    if (!folderJoin) ctx.warn('NOTES_FOLDER_UNREAD', `${OBJECTS} has no ZFOLDER column and no folder-note join table was found: folders are NULL`);
  }
  // The note's ZNOTEDATA first; else the newest body pointing back at the note (COALESCE runs that only when needed).
  const backPointer = schema.hasColumn(NOTE_DATA, 'ZNOTE') ? `(SELECT max(d2.Z_PK) FROM ${NOTE_DATA} d2 WHERE d2.ZNOTE = n.Z_PK)` : null;
  const forward = schema.hasColumn(OBJECTS, 'ZNOTEDATA') ? 'n.ZNOTEDATA' : null;
  if (!schema.hasColumn(NOTE_DATA, 'Z_PK') || (!forward && !backPointer)) {
    throw new UnsupportedSchemaError(`neither ${OBJECTS}.ZNOTEDATA nor ${NOTE_DATA}.ZNOTE exists: bodies cannot be matched to their notes`);
  }
  const dataJoin = `LEFT JOIN ${NOTE_DATA} d ON d.Z_PK = ${forward && backPointer ? `COALESCE(${forward}, ${backPointer})` : (forward ?? backPointer)}`;

  const lacks = missing.map(([, col]) => col.toLowerCase());
  const parts = [
    `notestore${lacks.length > 0 ? `-without-${lacks.join('-')}` : ''}`,
    `account ${accountColumn ?? 'from folder'}`,
    `created ${createdColumn ?? 'none'}`,
    folderColumn ? null : `folders in ${folderJoin?.table ?? 'none'}`,
  ];
  ctx.setVariant(parts.filter((part) => part !== null).join(', '));
  const noteRows = integer((ctx.db.prepare(`SELECT count(*) AS n FROM ${OBJECTS} WHERE Z_ENT IN (${notes.join(',')})`).get() as { n: unknown }).n) ?? 0;
  if (noteRows > 0 && !createdColumn) ctx.warn('NOTES_COLUMN_MISSING', `no ZCREATIONDATE column is filled on note rows: creation times are NULL`);
  if (noteRows > 0 && !modifiedColumn) ctx.warn('NOTES_COLUMN_MISSING', `no ZMODIFICATIONDATE column is filled on note rows: modification times are NULL`);
  return { notes, folders, accounts, accountColumn, createdColumn, modifiedColumn, folderColumn, folderJoin, dataJoin };
}
