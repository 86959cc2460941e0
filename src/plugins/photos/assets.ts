// Assets of Photos.sqlite streamed in Z_PK order with their additional attributes, caption and moment joined in the
// same query; each asset's album memberships come from a cursor walking the join table in the same order.
import { column, coordinate, flag, int32, integer, joinedColumns, name, position, text, uuid } from '../../kernel/coredata.js';
import { fileFacts, type BackupLocation, type Row } from '../../kernel/plugin.js';
import type { AlbumEntry } from './albums.js';
import { membershipCursor } from './albums.js';
import type { PhotosContext, PhotosLayout } from './layout.js';

/** Backup domain of the camera roll (Photos.sqlite and the media files). */
export const CAMERA_ROLL_DOMAIN = 'CameraRollDomain';

/** What an asset row carries to its search document besides its own columns. */
export interface AssetSearchExtra {
  albums: string[];
}

/** ZKINDSUBTYPE values that name a kind of photo. */
const LIVE_PHOTO_SUBTYPE = 2;
const SCREENSHOT_SUBTYPE = 10;
/** ZPLAYBACKSTYLE of a live photo (iOS 14 and later). */
const LIVE_PHOTO_PLAYBACK = 3;

/** The asset's kind from ZKIND, ZKINDSUBTYPE, ZPLAYBACKSTYLE and ZISDETECTEDSCREENSHOT. */
export function assetKind(ctx: PhotosContext, row: Record<string, unknown>): string {
  const kind = integer(row.kind);
  if (kind === 1) return 'video';
  if (kind !== 0) {
    if (kind !== null) ctx.warn('PHOTOS_KIND_UNKNOWN', `assets with a ZKIND other than 0 (photo) or 1 (video) were kept as unknown-<ZKIND>`);
    return kind === null ? 'unknown' : `unknown-${kind}`;
  }
  const subtype = integer(row.kind_subtype);
  if (subtype === LIVE_PHOTO_SUBTYPE || integer(row.playback_style) === LIVE_PHOTO_PLAYBACK) return 'live-photo';
  if (subtype === SCREENSHOT_SUBTYPE || flag(row.detected_screenshot) === true) return 'screenshot';
  return 'photo';
}

/** `Media/<directory>/<filename>` in CameraRollDomain; null for an absolute (referenced) directory or an unsafe path. */
export function mediaLocation(ctx: PhotosContext, directory: string | null, filename: string | null): BackupLocation | null {
  if (directory === null || filename === null || directory.startsWith('/')) return null;
  const parts = [...directory.split('/'), filename].filter((part) => part !== '');
  if (filename.includes('/') || parts.some((part) => part === '..' || part === '.' || part.includes('\\') || part.includes('\0'))) {
    ctx.warn('PHOTOS_PATH_UNSAFE', 'assets whose ZDIRECTORY/ZFILENAME leave the media folder were given no backup location');
    return null;
  }
  return { domain: CAMERA_ROLL_DOMAIN, relativePath: `Media/${parts.join('/')}` };
}

/** An asset's latitude/longitude; both null when either is absent, -180 (Photos' "no location") or out of range. */
function assetPosition(latitude: unknown, longitude: unknown): [number | null, number | null] {
  return coordinate(latitude) === -180 || coordinate(longitude) === -180 ? [null, null] : position(latitude, longitude);
}

function selectList(ctx: PhotosContext, layout: PhotosLayout): string[] {
  const { schema } = ctx;
  const a = (source: string, as: string) => column(schema, layout.assets, 'a', source, as);
  const aa = joinedColumns(schema, layout.attributesJoin !== null, 'ZADDITIONALASSETATTRIBUTES', 'aa');
  return [
    'a.Z_PK AS pk',
    a('ZUUID', 'uuid'),
    a('ZKIND', 'kind'),
    a('ZKINDSUBTYPE', 'kind_subtype'),
    a('ZPLAYBACKSTYLE', 'playback_style'),
    a('ZISDETECTEDSCREENSHOT', 'detected_screenshot'),
    a('ZUNIFORMTYPEIDENTIFIER', 'uti'),
    a('ZFILENAME', 'filename'),
    a('ZDIRECTORY', 'directory'),
    a('ZWIDTH', 'width'),
    a('ZHEIGHT', 'height'),
    a('ZDURATION', 'duration'),
    a('ZDATECREATED', 'created'),
    a('ZADDEDDATE', 'added'),
    a('ZMODIFICATIONDATE', 'modified'),
    a('ZTRASHEDDATE', 'trashed_date'),
    a('ZTRASHEDSTATE', 'trashed_state'),
    a('ZHIDDEN', 'hidden'),
    a('ZFAVORITE', 'favorite'),
    a('ZLATITUDE', 'latitude'),
    a('ZLONGITUDE', 'longitude'),
    aa('ZORIGINALFILENAME', 'original_filename'),
    aa('ZTIMEZONENAME', 'time_zone_name'),
    aa('ZTIMEZONEOFFSET', 'time_zone_offset'),
    aa('ZTITLE', 'title'),
    aa('ZDURATION', 'attributes_duration'),
    layout.descriptionJoin ? column(schema, 'ZASSETDESCRIPTION', 'd', 'ZLONGDESCRIPTION', 'caption') : 'NULL AS caption',
    layout.momentJoin ? column(schema, 'ZMOMENT', 'mo', 'ZTITLE', 'place') : 'NULL AS place',
  ];
}

/** The photo_asset row of one asset. */
function assetRow(ctx: PhotosContext, layout: PhotosLayout, row: Record<string, unknown>): Row {
  const pk = Number(row.pk);
  // Integer columns of photo_asset are 32-bit: a larger value is damage, stored as NULL and named, not a failed store.
  const bounded = (raw: unknown, source: string): number | null =>
    int32(raw, () => ctx.warn('PHOTOS_VALUE_OUT_OF_RANGE', `${source}: values beyond 32 bits were stored as NULL (first: row ${pk})`, 1, source));
  const time = (raw: unknown, source: string) => ctx.time(raw as number | null, 'cocoa-seconds', `${layout.assets}.${source}`, pk);
  const directory = text(row.directory);
  const filename = text(row.filename);
  const location = mediaLocation(ctx, directory, filename);
  const [latitude, longitude] = assetPosition(row.latitude, row.longitude);
  const duration = coordinate(row.duration) ?? coordinate(row.attributes_duration);
  const trashedState = integer(row.trashed_state);
  return {
    id: ctx.id('photo_asset', pk),
    source_rowid: pk,
    uuid: uuid(row.uuid),
    kind: assetKind(ctx, row),
    kind_code: bounded(row.kind, `${layout.assets}.ZKIND`),
    kind_subtype: bounded(row.kind_subtype, `${layout.assets}.ZKINDSUBTYPE`),
    uniform_type_identifier: name(row.uti),
    original_filename: name(row.original_filename),
    filename,
    directory,
    width: bounded(row.width, `${layout.assets}.ZWIDTH`),
    height: bounded(row.height, `${layout.assets}.ZHEIGHT`),
    duration_seconds: duration !== null && duration > 0 ? duration : null,
    created_at: time(row.created, 'ZDATECREATED'),
    added_at: time(row.added, 'ZADDEDDATE'),
    modified_at: time(row.modified, 'ZMODIFICATIONDATE'),
    trashed_at: time(row.trashed_date, 'ZTRASHEDDATE'),
    time_zone_name: name(row.time_zone_name),
    time_zone_offset_seconds: bounded(row.time_zone_offset, 'ZADDITIONALASSETATTRIBUTES.ZTIMEZONEOFFSET'),
    latitude,
    longitude,
    favorite: flag(row.favorite),
    hidden: flag(row.hidden),
    trashed: trashedState === null ? null : trashedState !== 0,
    title: name(row.title),
    caption: name(row.caption),
    place: name(row.place),
    backup_domain: location?.domain ?? null,
    backup_relative_path: location?.relativePath ?? null,
    ...fileFacts(ctx.files, location),
  };
}

/** Writes photo_asset rows and their photo_album_asset memberships, counting each album's members on its entry. */
export async function writeAssets(ctx: PhotosContext, layout: PhotosLayout, albums: ReadonlyMap<number, AlbumEntry>): Promise<void> {
  const joins = [layout.attributesJoin, layout.descriptionJoin, layout.momentJoin].filter((join): join is string => join !== null);
  const rows = ctx.rows<Record<string, unknown>>(
    `SELECT ${selectList(ctx, layout).join(', ')} FROM ${layout.assets} a ${joins.join(' ')} ORDER BY a.Z_PK`,
  );
  const memberships = membershipCursor(ctx, layout, albums);
  const assets = ctx.table('photo_asset');
  const links = ctx.table('photo_album_asset');
  let previous: number | null = null;
  for (const row of rows) {
    const pk = Number(row.pk);
    // A 1:1 join that is not (two attribute rows for one asset) would repeat the asset: keep its first row.
    if (pk === previous) {
      ctx.warn('PHOTOS_DUPLICATE_ATTRIBUTES', 'assets with more than one additional-attributes row were read from the first one');
      continue;
    }
    previous = pk;
    const record = assetRow(ctx, layout, row);
    const titles: string[] = [];
    for (const membership of memberships?.take(pk) ?? []) {
      const album = albums.get(membership.album)!;
      album.members += 1;
      if (album.title) titles.push(album.title);
      await links.write({
        id: ctx.id('photo_album_asset', membership.album, pk),
        source_rowid: membership.rowid,
        album_id: album.id,
        asset_id: record.id,
      });
    }
    await assets.write(record, { albums: titles } satisfies AssetSearchExtra);
  }
  memberships?.finish();
}
