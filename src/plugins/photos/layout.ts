// What a Photos.sqlite holds, decided by introspection: the asset table (ZASSET from iOS 14 / macOS 11, ZGENERICASSET
// before), how an asset reaches its additional attributes, caption and moment, and the album-asset join tables found
// through Z_PRIMARYKEY entity numbers. Every column a generation lacks reads as NULL and is named once in a warning.
import { CoreDataEntities, findJoinTables, integer, warnMissingColumns, type JoinTable } from '../../kernel/coredata.js';
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import type { ParseContext } from '../../kernel/plugin.js';

/** The parse context of this plugin (it has no options). */
export type PhotosContext = ParseContext<Readonly<Record<string, unknown>>>;

/** Where the parts of an asset live in this store. */
export interface PhotosLayout {
  /** `ZASSET` or `ZGENERICASSET`. */
  assets: string;
  /** SQL joining `aa` (ZADDITIONALASSETATTRIBUTES) to `a`, or null when the store has no such table. */
  attributesJoin: string | null;
  /** SQL joining `d` (ZASSETDESCRIPTION) to `aa`, or null. */
  descriptionJoin: string | null;
  /** SQL joining `mo` (ZMOMENT) to `a`, or null. */
  momentJoin: string | null;
  /** The album table (ZGENERICALBUM), or null when the store has none. */
  albums: string | null;
  /** Album-asset join tables (normally one). */
  memberships: JoinTable[];
}

const ATTRIBUTES = 'ZADDITIONALASSETATTRIBUTES';
const DESCRIPTION = 'ZASSETDESCRIPTION';
const MOMENT = 'ZMOMENT';
const ALBUMS = 'ZGENERICALBUM';

/** Asset columns whose absence loses a field, with what the user gets instead. */
const EXPECTED_ASSET_COLUMNS: ReadonlyArray<[string, string]> = [
  ['ZUUID', 'asset uuids are NULL'],
  ['ZKIND', 'every asset kind is unknown'],
  ['ZDATECREATED', 'creation times are NULL'],
  ['ZFILENAME', 'stored file names and backup locations are NULL'],
  ['ZDIRECTORY', 'backup locations are NULL'],
  ['ZTRASHEDSTATE', 'whether an asset is in Recently Deleted is unknown (NULL)'],
  ['ZHIDDEN', 'whether an asset is hidden is unknown (NULL)'],
  ['ZFAVORITE', 'whether an asset is a favorite is unknown (NULL)'],
  ['ZLATITUDE', 'coordinates are NULL'],
];

/** Decides the layout; a store with neither asset table is an UnsupportedSchemaError. */
export function readLayout(ctx: PhotosContext): PhotosLayout {
  const { schema } = ctx;
  const assets = schema.hasTable('ZASSET') ? 'ZASSET' : schema.hasTable('ZGENERICASSET') ? 'ZGENERICASSET' : null;
  if (assets === null) {
    throw new UnsupportedSchemaError('not a Photos.sqlite store: neither ZASSET (iOS 14 and later) nor ZGENERICASSET (iOS 13 and earlier) exists');
  }
  if (!schema.hasColumn(assets, 'Z_PK')) {
    throw new UnsupportedSchemaError(`${assets} has no Z_PK column: not a Core Data Photos store`);
  }
  const expected = EXPECTED_ASSET_COLUMNS.map(([col, effect]) => [assets, col, effect] as const);
  const missing = warnMissingColumns(ctx, 'PHOTOS_COLUMN_MISSING', expected);

  let attributesJoin: string | null = null;
  if (schema.hasTable(ATTRIBUTES) && schema.hasColumn(ATTRIBUTES, 'Z_PK')) {
    if (schema.hasColumn(assets, 'ZADDITIONALATTRIBUTES')) attributesJoin = `LEFT JOIN ${ATTRIBUTES} aa ON aa.Z_PK = a.ZADDITIONALATTRIBUTES`;
    else if (schema.hasColumn(ATTRIBUTES, 'ZASSET')) attributesJoin = `LEFT JOIN ${ATTRIBUTES} aa ON aa.ZASSET = a.Z_PK`;
  }
  if (attributesJoin === null) {
    ctx.warn('PHOTOS_TABLE_MISSING', `${ATTRIBUTES} is missing or not linked to ${assets}: original file names, titles and time zones are NULL`);
  }
  const descriptionJoin =
    attributesJoin && schema.hasColumn(ATTRIBUTES, 'ZASSETDESCRIPTION') && schema.hasColumn(DESCRIPTION, 'Z_PK')
      ? `LEFT JOIN ${DESCRIPTION} d ON d.Z_PK = aa.ZASSETDESCRIPTION`
      : null;
  const momentJoin =
    schema.hasColumn(assets, 'ZMOMENT') && schema.hasColumn(MOMENT, 'Z_PK') ? `LEFT JOIN ${MOMENT} mo ON mo.Z_PK = a.ZMOMENT` : null;

  const entities = CoreDataEntities.read(ctx.db, schema);
  const albums = schema.hasColumn(ALBUMS, 'Z_PK') ? ALBUMS : null;
  const memberships = albums ? membershipTables(ctx, entities) : [];
  if (!albums) ctx.warn('PHOTOS_TABLE_MISSING', `${ALBUMS} is missing: no albums are read`);

  warnOtherEntities(ctx, entities, assets);
  const lacks = missing.map(([, col]) => col);
  const variant = `${assets.toLowerCase()}${lacks.length > 0 ? `-without-${lacks.join('-').toLowerCase()}` : ''}`;
  // The join table's name changes with the model: recorded so a membership row's source_rowid can be traced.
  ctx.setVariant(memberships.length > 0 ? `${variant}, memberships in ${memberships.map((join) => join.table).join(' + ')}` : variant);
  return { assets, attributesJoin, descriptionJoin, momentJoin, albums, memberships };
}

/** Rows of the asset table that belong to another entity than Asset (iOS 7 wallpapers): kept, and named. */
function warnOtherEntities(ctx: PhotosContext, entities: CoreDataEntities, assets: string): void {
  if (!ctx.schema.hasColumn(assets, 'Z_ENT')) return;
  const library = new Set(entities.family('Asset'));
  if (library.size === 0) return;
  for (const row of ctx.rows<{ ent: unknown; n: unknown }>(`SELECT Z_ENT AS ent, count(*) AS n FROM ${assets} GROUP BY Z_ENT`)) {
    const ent = integer(row.ent);
    if (ent !== null && library.has(ent)) continue;
    const entity = ent === null ? 'no entity' : (entities.nameOf(ent) ?? `entity ${ent}`);
    ctx.warn('PHOTOS_OTHER_ENTITY', `${assets} rows of ${entity} (not Asset) were kept as assets`, Number(row.n));
  }
}

/** The album-asset join tables: columns `Z_<album entity>ALBUMS` and `Z_<asset entity>ASSETS`, entity numbers from Z_PRIMARYKEY. */
function membershipTables(ctx: PhotosContext, entities: CoreDataEntities): JoinTable[] {
  const owners = entities.family('GenericAlbum');
  const members = entities.family('Asset', 'GenericAsset');
  if (owners.length === 0 || members.length === 0) {
    ctx.warn(
      'PHOTOS_ALBUM_MEMBERSHIP_UNREAD',
      'Z_PRIMARYKEY names no GenericAlbum or Asset entity, so the album-asset join table cannot be identified: albums are kept without their assets',
    );
    return [];
  }
  const found = findJoinTables(ctx.schema, { owners, ownerRelation: 'ALBUMS', members, memberRelation: 'ASSETS' });
  if (found.length === 0) {
    ctx.warn(
      'PHOTOS_ALBUM_MEMBERSHIP_UNREAD',
      `no join table links album entities (${owners.join(', ')}) to asset entities (${members.join(', ')}): albums are kept without their assets`,
    );
  }
  return found;
}
