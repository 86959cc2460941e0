// Albums of Photos.sqlite: the user and shared albums of ZGENERICALBUM (read first, a small table) with the path of the
// folders holding them, the memberships of the join table streamed in asset order beside the assets, and the album
// rows written last with the number of memberships that walk read.
import type { Row } from '../../kernel/plugin.js';
import { SortedChildCursor } from '../../kernel/cursor.js';
import { column, flag, integer, name, uuid } from '../../kernel/coredata.js';
import { quoteIdentifier } from '../../kernel/schema.js';
import type { PhotosContext, PhotosLayout } from './layout.js';

/** ZGENERICALBUM.ZKIND of the albums written as rows, and their kind name. */
export const ALBUM_KINDS: ReadonlyMap<number, string> = new Map([
  [2, 'album'],
  [1505, 'shared'],
]);

/** ZKIND of a folder the user made (its title goes into the folder path of the albums inside it). */
export const FOLDER_KIND = 4000;

/** An album to write, as assets need it; `members` counts the memberships the asset walk read. */
export interface AlbumEntry {
  id: string;
  title: string | null;
  row: Row;
  members: number;
}

interface AlbumRecord {
  pk: number;
  kind: number | null;
  title: string | null;
  parent: number | null;
}

/** One membership: an asset's Z_PK, an album's Z_PK, and the row's rowid in its join table. */
export interface Membership {
  asset: number;
  album: number;
  rowid: number | null;
}

const MAX_FOLDER_DEPTH = 64;

/** The folder titles above an album, outermost first; null at the top level. */
function folderPath(album: AlbumRecord, all: ReadonlyMap<number, AlbumRecord>): string | null {
  const titles: string[] = [];
  const seen = new Set<number>([album.pk]);
  let parent = album.parent === null ? undefined : all.get(album.parent);
  while (parent && parent.kind === FOLDER_KIND && !seen.has(parent.pk) && titles.length < MAX_FOLDER_DEPTH) {
    seen.add(parent.pk);
    if (parent.title) titles.unshift(parent.title);
    parent = parent.parent === null ? undefined : all.get(parent.parent);
  }
  return titles.length > 0 ? titles.join(' / ') : null;
}

/** The membership rows of every join table (with their rowid in that table), as one SQL source; null when there is none. */
function membershipSql(layout: PhotosLayout): string | null {
  if (layout.memberships.length === 0) return null;
  return layout.memberships
    .map(
      (join) =>
        `SELECT rowid AS source_rowid, ${quoteIdentifier(join.memberColumn)} AS asset, ${quoteIdentifier(join.ownerColumn)} AS album FROM ${quoteIdentifier(join.table)}`,
    )
    .join(' UNION ALL ');
}

/** Reads the user and shared albums (not written yet: see writeAlbums) by Z_PK. */
export function readAlbums(ctx: PhotosContext, layout: PhotosLayout): Map<number, AlbumEntry> {
  const albums = new Map<number, AlbumEntry>();
  const table = layout.albums;
  if (!table) return albums;
  const { schema } = ctx;
  const select = [
    'al.Z_PK AS pk',
    column(schema, table, 'al', 'ZKIND', 'kind'),
    column(schema, table, 'al', 'ZTITLE', 'title'),
    column(schema, table, 'al', 'ZUUID', 'uuid'),
    column(schema, table, 'al', 'ZPARENTFOLDER', 'parent'),
    column(schema, table, 'al', 'ZTRASHEDSTATE', 'trashed'),
    column(schema, table, 'al', 'ZCREATIONDATE', 'created'),
  ];
  // The album table is small (tens to hundreds of rows, folders and smart albums included): read once for folder paths.
  const all = new Map<number, AlbumRecord & { row: Record<string, unknown> }>();
  for (const row of ctx.rows<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${table} al ORDER BY al.Z_PK`)) {
    const pk = Number(row.pk);
    all.set(pk, { pk, kind: integer(row.kind), title: name(row.title), parent: integer(row.parent), row });
  }
  for (const album of all.values()) {
    const kind = album.kind === null ? undefined : ALBUM_KINDS.get(album.kind);
    if (kind === undefined) continue;
    const id = ctx.id('photo_album', album.pk);
    const row: Row = {
      id,
      source_rowid: album.pk,
      uuid: uuid(album.row.uuid),
      title: album.title,
      kind,
      kind_code: album.kind,
      folder_path: folderPath(album, all),
      trashed: flag(album.row.trashed),
      created_at: ctx.time(album.row.created as number | null, 'cocoa-seconds', `${table}.ZCREATIONDATE`, album.pk),
    };
    albums.set(album.pk, { id, title: album.title, row, members: 0 });
  }
  return albums;
}

/** Writes the photo_album rows, each with the number of memberships the asset walk read. */
export async function writeAlbums(ctx: PhotosContext, albums: ReadonlyMap<number, AlbumEntry>): Promise<void> {
  const table = ctx.table('photo_album');
  for (const album of albums.values()) await table.write({ ...album.row, asset_count: album.members });
}

/**
 * The memberships sorted by asset then album, for a walk beside the assets in Z_PK order. Rows whose asset is not
 * in the asset table are counted in a warning; rows of albums that are not written (smart albums, the camera roll)
 * are dropped.
 */
export function membershipCursor(
  ctx: PhotosContext,
  layout: PhotosLayout,
  albums: ReadonlyMap<number, AlbumEntry>,
): SortedChildCursor<Membership> | null {
  const sql = membershipSql(layout);
  if (!sql) return null;
  const rows = ctx.rows<{ source_rowid: unknown; asset: unknown; album: unknown }>(
    `SELECT m.source_rowid AS source_rowid, m.asset AS asset, m.album AS album FROM (${sql}) m WHERE m.asset IS NOT NULL ORDER BY m.asset, m.album`,
  );
  const typed = (function* () {
    let last: Membership | null = null;
    for (const row of rows) {
      const asset = integer(row.asset);
      const album = integer(row.album);
      if (asset === null || album === null || !albums.has(album)) continue;
      // Real join tables have (album, asset) as primary key; a damaged or merged one may repeat a pair.
      if (last !== null && last.asset === asset && last.album === album) {
        ctx.warn('PHOTOS_DUPLICATE_MEMBERSHIP', 'album memberships listed more than once in the join table were read once');
        continue;
      }
      last = { asset, album, rowid: integer(row.source_rowid) };
      yield last;
    }
  })();
  return new SortedChildCursor<Membership>(typed, (row) => row.asset, () =>
    ctx.warn('PHOTOS_ORPHAN_MEMBERSHIP', `album memberships of assets missing from ${layout.assets} were skipped`),
  );
}
