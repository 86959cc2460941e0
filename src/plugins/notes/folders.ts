// Folders and accounts of a NoteStore (a few rows each, held in memory): each folder's title, its path from the top,
// its account, and whether it is Recently Deleted (ZFOLDERTYPE 1) or itself deleted.
import { column, flag, integer, name } from '../../kernel/coredata.js';
import type { NotesContext } from './context.js';
import { OBJECTS, type NoteStoreLayout } from './layout.js';

/** ZFOLDERTYPE of the Recently Deleted folder. */
const TRASH_FOLDER = 1;

/** A folder as a note needs it. */
export interface FolderEntry {
  title: string | null;
  path: string | null;
  account: number | null;
  /** Recently Deleted, inside it, or marked for deletion (itself or a parent). */
  deleted: boolean;
}

/** Folders by Z_PK and account names by Z_PK. */
export interface Containers {
  folders: Map<number, FolderEntry>;
  accounts: Map<number, string | null>;
}

interface FolderRow {
  pk: number;
  title: string | null;
  parent: number | null;
  account: number | null;
  trash: boolean;
  marked: boolean;
}

/** Reads every account and folder; a folder's parent chain is followed until the top, a loop, or a missing parent. */
export function readContainers(ctx: NotesContext, layout: NoteStoreLayout): Containers {
  const { schema } = ctx;
  const accounts = new Map<number, string | null>();
  if (layout.accounts.length > 0) {
    const sql = `SELECT a.Z_PK AS pk, ${column(schema, OBJECTS, 'a', 'ZNAME', 'name')} FROM ${OBJECTS} a WHERE a.Z_ENT IN (${layout.accounts.join(',')})`;
    for (const row of ctx.rows<{ pk: unknown; name: unknown }>(sql)) accounts.set(Number(row.pk), name(row.name));
  }
  const rows = new Map<number, FolderRow>();
  if (layout.folders.length > 0) {
    const c = (source: string, as: string) => column(schema, OBJECTS, 'f', source, as);
    const title = schema.firstColumn(OBJECTS, ['ZTITLE2', 'ZTITLE']);
    const sql = `SELECT f.Z_PK AS pk, ${title ? `f.${title}` : 'NULL'} AS title, ${c('ZPARENT', 'parent')}, ${c('ZOWNER', 'account')},
      ${c('ZFOLDERTYPE', 'folder_type')}, ${c('ZMARKEDFORDELETION', 'marked')} FROM ${OBJECTS} f WHERE f.Z_ENT IN (${layout.folders.join(',')})`;
    for (const row of ctx.rows<Record<string, unknown>>(sql)) {
      const pk = Number(row.pk);
      rows.set(pk, {
        pk,
        title: name(row.title),
        parent: integer(row.parent),
        account: integer(row.account),
        trash: integer(row.folder_type) === TRASH_FOLDER,
        marked: flag(row.marked) === true,
      });
    }
  }
  const folders = new Map<number, Resolved>();
  for (const row of rows.values()) resolveFolder(row, rows, folders);
  return { folders, accounts };
}

/** Path segments kept: deeper folders are filed under `… / ` past this depth (real ones nest a few levels). */
const MAX_DEPTH = 64;
/** Characters of a folder title kept in a path. */
const MAX_SEGMENT_CHARS = 200;

interface Resolved extends FolderEntry {
  depth: number;
}

/**
 * A folder's entry from its parent's, each folder computed once (a deep chain costs its length, not its square, and
 * no recursion): walk up to the top, a folder already done, a loop or a missing parent, then down again.
 */
function resolveFolder(start: FolderRow, rows: Map<number, FolderRow>, done: Map<number, Resolved>): void {
  const chain: FolderRow[] = [];
  const onChain = new Set<number>();
  for (let at: FolderRow | undefined = start; at && !done.has(at.pk) && !onChain.has(at.pk); at = at.parent === null ? undefined : rows.get(at.parent)) {
    chain.push(at);
    onChain.add(at.pk);
  }
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const row = chain[index]!;
    const loopsBack = index === chain.length - 1 && row.parent !== null && onChain.has(row.parent);
    const parent = row.parent === null || loopsBack ? undefined : done.get(row.parent);
    const title = (row.title ?? '(untitled)').slice(0, MAX_SEGMENT_CHARS);
    const depth = (parent?.depth ?? 0) + 1;
    let path = title;
    if (parent) path = depth > MAX_DEPTH ? parent.path! : depth === MAX_DEPTH ? `${parent.path} / …` : `${parent.path} / ${title}`;
    done.set(row.pk, {
      title: row.title,
      path,
      depth,
      account: row.account ?? parent?.account ?? null,
      deleted: row.trash || row.marked || parent?.deleted === true,
    });
  }
}
