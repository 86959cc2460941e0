// Fixture builder for Photos.sqlite in three generations of the real Core Data model: `modern` (ZASSET, iOS 14-18 and
// macOS 11+, entity numbers of a macOS 15 library), `generic` (ZGENERICASSET with trash, favorites and coordinates, as
// iOS 10-13 and macOS 10.15 stores; entity numbers of iOS 11.2) and `ios7` (ZGENERICASSET without them, BLOB uuids,
// durations in ZADDITIONALASSETATTRIBUTES). The album-asset join table is named after the Album entity's number
// (`Z_<n>ASSETS`), which a layout may move to test discovery. A small known sample, or a bulk store written fast.
import { randomUUID } from 'node:crypto';
import { CORE_DATA_COLUMNS, CoreDataWriter, type ColumnList, type EntitySpec } from '../../../kernel/testing/coredata-writer.js';

/** Which model generation to write. */
export type PhotosGeneration = 'modern' | 'generic' | 'ios7';

/** Schema variations of a built store. */
export interface PhotosDbLayout {
  generation?: PhotosGeneration;
  /** Entity number of `Album`, which names the join table `Z_<n>ASSETS` and its `Z_<n>ALBUMS` column. */
  albumEntity?: number;
  /** Tables left out. */
  omitTables?: readonly string[];
  /** Columns left out per table. */
  omitColumns?: Readonly<Record<string, readonly string[]>>;
  /** Leave the store in WAL mode; rows written after `checkpoint()` live only in `-wal`. */
  wal?: boolean;
  /** Write no Z_PRIMARYKEY rows (as `.schema` dumps loaded into an empty database have none). */
  emptyPrimaryKey?: boolean;
}

/** What an asset is, as the builder writes ZKIND / ZKINDSUBTYPE / ZPLAYBACKSTYLE. */
export type BuiltAssetKind = 'photo' | 'video' | 'live-photo' | 'screenshot';

/** One asset. Times are Cocoa seconds. */
export interface AssetSpec {
  kind?: BuiltAssetKind;
  /** Raw ZKIND written instead of the kind's (e.g. an unknown value). */
  kindCode?: number;
  /** Raw ZKINDSUBTYPE / ZPLAYBACKSTYLE / ZISDETECTEDSCREENSHOT written instead of the kind's (one signal at a time). */
  kindSubtype?: number;
  playbackStyle?: number;
  detectedScreenshot?: boolean;
  uuid?: string;
  uti?: string;
  directory?: string;
  filename?: string;
  originalFilename?: string | null;
  width?: number;
  height?: number;
  duration?: number;
  created?: number | null;
  added?: number | null;
  modified?: number | null;
  trashedDate?: number | null;
  trashed?: boolean;
  hidden?: boolean;
  favorite?: boolean;
  /** Omitted: -180/-180, Photos' "no location". */
  latitude?: number;
  longitude?: number;
  timeZoneName?: string;
  timeZoneOffset?: number;
  title?: string | null;
  caption?: string | null;
  /** Z_PK of a moment (see `moment()`). */
  moment?: number;
}

/** One album of ZGENERICALBUM. */
export interface AlbumSpec {
  title: string | null;
  /** ZKIND: 2 user album (default), 1505 shared album, 1000 camera roll, 3571+ smart albums, ... */
  kind?: number;
  /** Z_PK of the folder holding it (see `folder()`). */
  folder?: number;
  trashed?: boolean;
  created?: number;
  uuid?: string;
}

type Generation = {
  assets: 'ZASSET' | 'ZGENERICASSET';
  columns: Readonly<Record<string, ColumnList>>;
  entities: (album: number) => EntitySpec[];
  albumEntity: number;
  /** The entity relationships point to (join-table and `Z<n>_ASSET` column names). */
  assetEntity: number;
  /** The Z_ENT of asset rows (Asset; in iOS 7 a sub-entity of the GenericAsset relationships point to). */
  assetRowEntity: number;
  genericAlbumEntity: number;
  folderEntity: number;
};

const ASSET_COMMON: ColumnList = [
  ...CORE_DATA_COLUMNS,
  ['ZAVALANCHEPICKTYPE', 'INTEGER'], ['ZCLOUDDOWNLOADREQUESTS', 'INTEGER'], ['ZCLOUDISMYASSET', 'INTEGER'], ['ZCOMPLETE', 'INTEGER'],
];

const MODERN: Generation = {
  assets: 'ZASSET',
  albumEntity: 30,
  assetEntity: 3,
  assetRowEntity: 3,
  genericAlbumEntity: 29,
  folderEntity: 38,
  columns: {
    ZASSET: [
      ...ASSET_COMMON,
      ['ZFAVORITE', 'INTEGER'], ['ZHEIGHT', 'INTEGER'], ['ZHIDDEN', 'INTEGER'], ['ZISDETECTEDSCREENSHOT', 'INTEGER'], ['ZKIND', 'INTEGER'],
      ['ZKINDSUBTYPE', 'INTEGER'], ['ZORIENTATION', 'INTEGER'], ['ZPLAYBACKSTYLE', 'INTEGER'], ['ZSAVEDASSETTYPE', 'INTEGER'],
      ['ZTRASHEDSTATE', 'INTEGER'], ['ZVISIBILITYSTATE', 'INTEGER'], ['ZWIDTH', 'INTEGER'], ['ZADDITIONALATTRIBUTES', 'INTEGER'],
      ['ZMOMENT', 'INTEGER'], ['ZADDEDDATE', 'TIMESTAMP'], ['ZDATECREATED', 'TIMESTAMP'], ['ZDURATION', 'FLOAT'], ['ZLATITUDE', 'FLOAT'],
      ['ZLONGITUDE', 'FLOAT'], ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZSORTTOKEN', 'FLOAT'], ['ZTRASHEDDATE', 'TIMESTAMP'],
      ['ZDIRECTORY', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'], ['ZUNIFORMTYPEIDENTIFIER', 'VARCHAR'], ['ZUUID', 'VARCHAR'], ['ZLOCATIONDATA', 'BLOB'],
    ],
    ZADDITIONALASSETATTRIBUTES: [
      ...CORE_DATA_COLUMNS,
      ['ZORIGINALFILESIZE', 'INTEGER'], ['ZORIGINALHEIGHT', 'INTEGER'], ['ZORIGINALWIDTH', 'INTEGER'], ['ZTIMEZONEOFFSET', 'INTEGER'],
      ['ZASSET', 'INTEGER'], ['ZASSETDESCRIPTION', 'INTEGER'], ['ZEXIFTIMESTAMPSTRING', 'VARCHAR'], ['ZORIGINALFILENAME', 'VARCHAR'],
      ['ZTIMEZONENAME', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZREVERSELOCATIONDATA', 'BLOB'],
    ],
    ZASSETDESCRIPTION: [...CORE_DATA_COLUMNS, ['ZASSETATTRIBUTES', 'INTEGER'], ['ZLONGDESCRIPTION', 'VARCHAR']],
    ZGENERICALBUM: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZCACHEDPHOTOSCOUNT', 'INTEGER'], ['ZCACHEDVIDEOSCOUNT', 'INTEGER'], ['ZKIND', 'INTEGER'],
      ['ZTRASHEDSTATE', 'INTEGER'], ['ZKEYASSET', 'INTEGER'], ['ZPARENTFOLDER', 'INTEGER'], ['Z_FOK_PARENTFOLDER', 'INTEGER'],
      ['ZCREATIONDATE', 'TIMESTAMP'], ['ZENDDATE', 'TIMESTAMP'], ['ZSTARTDATE', 'TIMESTAMP'], ['ZTRASHEDDATE', 'TIMESTAMP'],
      ['ZTITLE', 'VARCHAR'], ['ZUUID', 'VARCHAR'],
    ],
    ZMOMENT: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZTIMEZONEOFFSET', 'INTEGER'], ['ZTRASHEDSTATE', 'INTEGER'], ['ZENDDATE', 'TIMESTAMP'],
      ['ZSTARTDATE', 'TIMESTAMP'], ['ZSUBTITLE', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZUUID', 'VARCHAR'],
    ],
  },
  entities: (album) => [
    { ent: 1, name: 'AdditionalAssetAttributes', table: 'ZADDITIONALASSETATTRIBUTES' },
    { ent: 2, name: 'AlbumList' },
    { ent: 3, name: 'Asset', table: 'ZASSET' },
    { ent: 6, name: 'AssetDescription', table: 'ZASSETDESCRIPTION' },
    { ent: 29, name: 'GenericAlbum', table: 'ZGENERICALBUM' },
    { ent: album, name: 'Album', parent: 29, table: 'ZGENERICALBUM' },
    { ent: album + 1, name: 'CloudSharedAlbum', parent: album, table: 'ZGENERICALBUM' },
    { ent: 38, name: 'Folder', parent: 29, table: 'ZGENERICALBUM' },
    { ent: 53, name: 'Moment', table: 'ZMOMENT' },
  ],
};

const GENERIC: Generation = {
  assets: 'ZGENERICASSET',
  albumEntity: 20,
  assetEntity: 27,
  assetRowEntity: 27,
  genericAlbumEntity: 19,
  folderEntity: 23,
  columns: {
    ZGENERICASSET: [
      ...ASSET_COMMON,
      ['ZFAVORITE', 'INTEGER'], ['ZHEIGHT', 'INTEGER'], ['ZHIDDEN', 'INTEGER'], ['ZKIND', 'INTEGER'], ['ZKINDSUBTYPE', 'INTEGER'],
      ['ZORIENTATION', 'INTEGER'], ['ZPLAYBACKSTYLE', 'INTEGER'], ['ZSAVEDASSETTYPE', 'INTEGER'], ['ZTRASHEDSTATE', 'INTEGER'],
      ['ZVISIBILITYSTATE', 'INTEGER'], ['ZWIDTH', 'INTEGER'], ['ZADDITIONALATTRIBUTES', 'INTEGER'], ['ZMOMENT', 'INTEGER'],
      ['Z_FOK_MOMENT', 'INTEGER'], ['ZADDEDDATE', 'TIMESTAMP'], ['ZDATECREATED', 'TIMESTAMP'], ['ZDURATION', 'FLOAT'],
      ['ZLATITUDE', 'FLOAT'], ['ZLONGITUDE', 'FLOAT'], ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZSORTTOKEN', 'FLOAT'],
      ['ZTRASHEDDATE', 'TIMESTAMP'], ['ZDIRECTORY', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'], ['ZUNIFORMTYPEIDENTIFIER', 'VARCHAR'],
      ['ZUUID', 'VARCHAR'], ['ZLOCATIONDATA', 'BLOB'],
    ],
    ZADDITIONALASSETATTRIBUTES: [
      ...CORE_DATA_COLUMNS,
      ['ZORIGINALFILESIZE', 'INTEGER'], ['ZORIGINALHEIGHT', 'INTEGER'], ['ZORIGINALWIDTH', 'INTEGER'], ['ZTIMEZONEOFFSET', 'INTEGER'],
      ['ZASSET', 'INTEGER'], ['Z27_ASSET', 'INTEGER'], ['ZASSETDESCRIPTION', 'INTEGER'], ['ZCREATORBUNDLEID', 'VARCHAR'],
      ['ZEXIFTIMESTAMPSTRING', 'VARCHAR'], ['ZORIGINALFILENAME', 'VARCHAR'], ['ZTIMEZONENAME', 'VARCHAR'], ['ZTITLE', 'VARCHAR'],
      ['ZREVERSELOCATIONDATA', 'BLOB'],
    ],
    ZASSETDESCRIPTION: MODERN.columns.ZASSETDESCRIPTION!,
    ZGENERICALBUM: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZCACHEDPHOTOSCOUNT', 'INTEGER'], ['ZCACHEDVIDEOSCOUNT', 'INTEGER'], ['ZKIND', 'INTEGER'],
      ['ZTRASHEDSTATE', 'INTEGER'], ['ZKEYASSET', 'INTEGER'], ['Z27_KEYASSET', 'INTEGER'], ['ZPARENTFOLDER', 'INTEGER'],
      ['Z_FOK_PARENTFOLDER', 'INTEGER'], ['ZENDDATE', 'TIMESTAMP'], ['ZSTARTDATE', 'TIMESTAMP'], ['ZTRASHEDDATE', 'TIMESTAMP'],
      ['ZTITLE', 'VARCHAR'], ['ZUUID', 'VARCHAR'],
    ],
    ZMOMENT: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZTRASHEDSTATE', 'INTEGER'], ['ZENDDATE', 'TIMESTAMP'], ['ZSTARTDATE', 'TIMESTAMP'],
      ['ZTITLE', 'VARCHAR'], ['ZTITLE2', 'VARCHAR'], ['ZUUID', 'VARCHAR'],
    ],
  },
  entities: (album) => [
    { ent: 1, name: 'AdditionalAssetAttributes', table: 'ZADDITIONALASSETATTRIBUTES' },
    { ent: 3, name: 'AssetDescription', table: 'ZASSETDESCRIPTION' },
    { ent: 19, name: 'GenericAlbum', table: 'ZGENERICALBUM' },
    { ent: album, name: 'Album', parent: 19, table: 'ZGENERICALBUM' },
    { ent: 23, name: 'Folder', parent: 19, table: 'ZGENERICALBUM' },
    { ent: 26, name: 'GenericAsset', table: 'ZGENERICASSET' },
    { ent: 27, name: 'Asset', parent: 26, table: 'ZGENERICASSET' },
    { ent: 30, name: 'Moment', table: 'ZMOMENT' },
  ],
};

const IOS7: Generation = {
  assets: 'ZGENERICASSET',
  albumEntity: 11,
  assetEntity: 17,
  assetRowEntity: 18,
  genericAlbumEntity: 10,
  folderEntity: 16,
  columns: {
    ZGENERICASSET: [
      ...ASSET_COMMON,
      ['ZHEIGHT', 'INTEGER'], ['ZKIND', 'INTEGER'], ['ZKINDSUBTYPE', 'INTEGER'], ['ZORIENTATION', 'INTEGER'], ['ZSAVEDASSETTYPE', 'INTEGER'],
      ['ZVISIBILITYSTATE', 'INTEGER'], ['ZWIDTH', 'INTEGER'], ['ZADDITIONALATTRIBUTES', 'INTEGER'], ['ZMOMENT', 'INTEGER'],
      ['Z_FOK_MOMENT', 'INTEGER'], ['ZDATECREATED', 'TIMESTAMP'], ['ZMODIFICATIONDATE', 'TIMESTAMP'], ['ZSORTTOKEN', 'FLOAT'],
      ['ZDIRECTORY', 'VARCHAR'], ['ZFILENAME', 'VARCHAR'], ['ZUNIFORMTYPEIDENTIFIER', 'VARCHAR'], ['ZUUID', 'BLOB'], ['ZLOCATIONDATA', 'BLOB'],
    ],
    ZADDITIONALASSETATTRIBUTES: [
      ...CORE_DATA_COLUMNS,
      ['ZORIGINALFILESIZE', 'INTEGER'], ['ZORIGINALHEIGHT', 'INTEGER'], ['ZORIGINALWIDTH', 'INTEGER'], ['ZASSET', 'INTEGER'],
      ['Z17_ASSET', 'INTEGER'], ['ZDURATION', 'FLOAT'], ['ZCREATORBUNDLEID', 'VARCHAR'], ['ZEXIFTIMESTAMPSTRING', 'VARCHAR'],
      ['ZORIGINALFILENAME', 'VARCHAR'], ['ZORIGINALPATH', 'VARCHAR'], ['ZREVERSELOCATIONDATA', 'BLOB'],
    ],
    ZGENERICALBUM: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZCACHEDPHOTOSCOUNT', 'INTEGER'], ['ZCACHEDVIDEOSCOUNT', 'INTEGER'], ['ZKIND', 'INTEGER'],
      ['ZKEYASSET', 'INTEGER'], ['Z17_KEYASSET', 'INTEGER'], ['ZTITLE', 'VARCHAR'], ['ZUUID', 'BLOB'],
    ],
    ZMOMENT: [
      ...CORE_DATA_COLUMNS,
      ['ZCACHEDCOUNT', 'INTEGER'], ['ZENDDATE', 'TIMESTAMP'], ['ZSTARTDATE', 'TIMESTAMP'], ['ZTITLE', 'VARCHAR'], ['ZUUID', 'BLOB'],
    ],
  },
  entities: (album) => [
    { ent: 1, name: 'AdditionalAssetAttributes', table: 'ZADDITIONALASSETATTRIBUTES' },
    { ent: 10, name: 'GenericAlbum', table: 'ZGENERICALBUM' },
    { ent: album, name: 'Album', parent: 10, table: 'ZGENERICALBUM' },
    { ent: 16, name: 'FetchingAlbum', parent: 10, table: 'ZGENERICALBUM' },
    { ent: 17, name: 'GenericAsset', table: 'ZGENERICASSET' },
    { ent: 18, name: 'Asset', parent: 17, table: 'ZGENERICASSET' },
    { ent: 19, name: 'WallpaperAsset', parent: 17, table: 'ZGENERICASSET' },
    { ent: 21, name: 'Moment', table: 'ZMOMENT' },
  ],
};

const GENERATIONS: Readonly<Record<PhotosGeneration, Generation>> = { modern: MODERN, generic: GENERIC, ios7: IOS7 };

/** Photos' "no location" coordinate. */
export const NO_COORDINATE = -180;

const KIND_CODES: Readonly<Record<BuiltAssetKind, { kind: number; subtype: number; playback: number }>> = {
  photo: { kind: 0, subtype: 0, playback: 1 },
  video: { kind: 1, subtype: 0, playback: 4 },
  'live-photo': { kind: 0, subtype: 2, playback: 3 },
  screenshot: { kind: 0, subtype: 10, playback: 1 },
};

function uuidValue(uuid: string, generation: PhotosGeneration): string | Buffer {
  return generation === 'ios7' ? Buffer.from(uuid.replace(/-/g, ''), 'hex') : uuid;
}

/** Writes a Photos.sqlite row by row inside one transaction. */
export class PhotosDbWriter {
  /** The join table of this store, e.g. `Z_30ASSETS`. */
  readonly joinTable: string;
  readonly generation: PhotosGeneration;
  private readonly store: CoreDataWriter;
  private readonly model: Generation;
  private readonly albumColumn: string;
  private readonly assetColumn: string;
  private readonly albumEntity: number;
  private readonly emptyPrimaryKey: boolean;

  constructor(path: string, layout: PhotosDbLayout = {}) {
    this.generation = layout.generation ?? 'modern';
    this.model = GENERATIONS[this.generation];
    this.albumEntity = layout.albumEntity ?? this.model.albumEntity;
    this.joinTable = `Z_${this.albumEntity}ASSETS`;
    this.albumColumn = `Z_${this.albumEntity}ALBUMS`;
    this.assetColumn = `Z_${this.model.assetEntity}ASSETS`;
    this.emptyPrimaryKey = layout.emptyPrimaryKey ?? false;
    const tables: Record<string, ColumnList> = {
      ...this.model.columns,
      [this.joinTable]: [[this.albumColumn, 'INTEGER'], [this.assetColumn, 'INTEGER'], [`Z_FOK_${this.model.assetEntity}ASSETS`, 'INTEGER']],
    };
    if (this.generation === 'modern') {
      // A second album-asset relationship of real stores (an album's key assets), which is not membership.
      const generic = this.model.genericAlbumEntity;
      tables[`Z_${generic}KEYASSETS`] = [[`Z_${generic}ALBUMSBEINGKEYASSETS`, 'INTEGER'], [`Z_${this.model.assetEntity}KEYASSETS`, 'INTEGER']];
    }
    this.store = new CoreDataWriter(path, {
      tables,
      constraints: { [this.joinTable]: `PRIMARY KEY (${this.albumColumn}, ${this.assetColumn})` },
      entities: this.emptyPrimaryKey ? [] : this.model.entities(this.albumEntity),
      omitTables: layout.omitTables,
      omitColumns: layout.omitColumns,
      wal: layout.wal,
    });
  }

  /** The asset table of this generation. */
  get assetTable(): string {
    return this.model.assets;
  }

  /** Adds a moment (its title is the place name Photos shows); returns its Z_PK. A random UUID unless one is given. */
  moment(title: string, start?: number, uuid?: string): number {
    return this.store.insert('ZMOMENT', { ZTITLE: title, ZSTARTDATE: start ?? null, ZENDDATE: start ?? null, ZUUID: uuidValue(uuid ?? randomUUID().toUpperCase(), this.generation) });
  }

  /** Adds a user folder (ZKIND 4000); returns its Z_PK. A random UUID unless one is given. */
  folder(title: string, parent?: number, uuid?: string): number {
    return this.store.insert(
      'ZGENERICALBUM',
      { ZKIND: 4000, ZTITLE: title, ZPARENTFOLDER: parent ?? null, ZTRASHEDSTATE: 0, ZUUID: uuidValue(uuid ?? randomUUID().toUpperCase(), this.generation) },
      this.model.folderEntity,
    );
  }

  /** Adds an album; returns its Z_PK. */
  album(spec: AlbumSpec): number {
    return this.store.insert(
      'ZGENERICALBUM',
      {
        ZKIND: spec.kind ?? 2,
        ZTITLE: spec.title,
        ZPARENTFOLDER: spec.folder ?? null,
        ZTRASHEDSTATE: spec.trashed ? 1 : 0,
        ZCREATIONDATE: spec.created ?? null,
        ZCACHEDCOUNT: 0,
        ZUUID: uuidValue(spec.uuid ?? randomUUID().toUpperCase(), this.generation),
      },
      this.albumEntity,
    );
  }

  /** Adds an asset with its additional attributes (and caption); returns its Z_PK. */
  asset(spec: AssetSpec): number {
    const codes = KIND_CODES[spec.kind ?? 'photo'];
    const pk = this.store.nextPk(this.model.assets);
    const uuid = spec.uuid ?? randomUUID().toUpperCase();
    const attributesPk = this.store.nextPk('ZADDITIONALASSETATTRIBUTES');
    const descriptionPk = spec.caption != null && this.store.has('ZASSETDESCRIPTION') ? this.store.nextPk('ZASSETDESCRIPTION') : null;
    if (descriptionPk !== null) this.store.insert('ZASSETDESCRIPTION', { ZASSETATTRIBUTES: attributesPk, ZLONGDESCRIPTION: spec.caption });
    const durationInAttributes = !this.store.hasColumn(this.model.assets, 'ZDURATION');
    const written = this.store.insert('ZADDITIONALASSETATTRIBUTES', {
      ZASSET: pk,
      [`Z${this.model.assetEntity}_ASSET`]: this.model.assetEntity,
      ZASSETDESCRIPTION: descriptionPk,
      ZORIGINALFILENAME: spec.originalFilename === undefined ? spec.filename ?? null : spec.originalFilename,
      ZTIMEZONENAME: spec.timeZoneName ?? null,
      ZTIMEZONEOFFSET: spec.timeZoneOffset ?? null,
      ZTITLE: spec.title ?? null,
      ZORIGINALWIDTH: spec.width ?? null,
      ZORIGINALHEIGHT: spec.height ?? null,
      ZDURATION: durationInAttributes ? (spec.duration ?? 0) : undefined,
    });
    const screenshotFlag = spec.kind === 'screenshot' ? 1 : 0;
    this.store.insert(
      this.model.assets,
      {
        ZUUID: uuidValue(uuid, this.generation),
        ZKIND: spec.kindCode ?? codes.kind,
        ZKINDSUBTYPE: spec.kindSubtype ?? codes.subtype,
        ZPLAYBACKSTYLE: spec.playbackStyle ?? codes.playback,
        ZISDETECTEDSCREENSHOT: spec.detectedScreenshot === undefined ? screenshotFlag : spec.detectedScreenshot,
        ZUNIFORMTYPEIDENTIFIER: spec.uti ?? (spec.kind === 'video' ? 'com.apple.quicktime-movie' : 'public.heic'),
        ZDIRECTORY: spec.directory ?? 'DCIM/100APPLE',
        ZFILENAME: spec.filename ?? `IMG_${String(pk).padStart(4, '0')}.HEIC`,
        ZWIDTH: spec.width ?? 4032,
        ZHEIGHT: spec.height ?? 3024,
        ZDURATION: durationInAttributes ? undefined : (spec.duration ?? 0),
        ZDATECREATED: spec.created === undefined ? 700000000 + pk : spec.created,
        ZADDEDDATE: spec.added === undefined ? 700000100 + pk : spec.added,
        ZMODIFICATIONDATE: spec.modified === undefined ? 700000200 + pk : spec.modified,
        ZTRASHEDDATE: spec.trashedDate ?? null,
        ZTRASHEDSTATE: spec.trashed ? 1 : 0,
        ZHIDDEN: spec.hidden ? 1 : 0,
        ZFAVORITE: spec.favorite ? 1 : 0,
        ZLATITUDE: spec.latitude ?? NO_COORDINATE,
        ZLONGITUDE: spec.longitude ?? NO_COORDINATE,
        ZADDITIONALATTRIBUTES: written || null,
        ZMOMENT: spec.moment ?? null,
        ZSAVEDASSETTYPE: 3,
        ZVISIBILITYSTATE: 0,
        ZCOMPLETE: 1,
        ZSORTTOKEN: pk,
      },
      this.model.assetRowEntity,
    );
    return pk;
  }

  /** Puts an asset in an album (a join-table row). */
  addToAlbum(album: number, asset: number): void {
    this.store.link(this.joinTable, { [this.albumColumn]: album, [this.assetColumn]: asset, [`Z_FOK_${this.model.assetEntity}ASSETS`]: asset * 1024 });
  }

  /** Makes an asset an album's key asset (the decoy relationship of modern stores). */
  addKeyAsset(album: number, asset: number): void {
    const generic = this.model.genericAlbumEntity;
    this.store.link(`Z_${generic}KEYASSETS`, { [`Z_${generic}ALBUMSBEINGKEYASSETS`]: album, [`Z_${this.model.assetEntity}KEYASSETS`]: asset });
  }

  /** WAL stores: what is written from here on lives only in the `-wal` file. */
  checkpoint(): void {
    this.store.checkpoint();
  }

  /** Creates the relationship indexes, fills Z_PRIMARYKEY, commits and closes. */
  finish(): void {
    this.store.index('ZADDITIONALASSETATTRIBUTES', 'ZASSET');
    this.store.index('ZADDITIONALASSETATTRIBUTES', 'ZASSETDESCRIPTION');
    this.store.index(this.model.assets, 'ZADDITIONALATTRIBUTES');
    this.store.index(this.model.assets, 'ZMOMENT');
    this.store.index('ZGENERICALBUM', 'ZPARENTFOLDER');
    this.store.index(this.joinTable, this.assetColumn, this.albumColumn);
    this.store.finish();
  }
}

/** What the sample store holds, for assertions. */
export interface SamplePhotos {
  joinTable: string;
  assets: {
    photo: number;
    video: number;
    livePhoto: number;
    screenshot: number;
    trashed: number;
    hidden: number;
    referenced: number;
  };
  albums: { trip: number; family: number; trashed: number; shared: number };
}

/** Cocoa seconds of 2023-06-02T10:00:00Z. */
export const SAMPLE_BASE_TIME = 707392800;

/**
 * A small library: a located favorite photo with title and caption in a titled moment, a video, a live photo, a
 * screenshot, a trashed and a hidden asset, a file referenced outside the library; albums "Lisbon trip" (in folder
 * Travel / 2023) and "Family", a trashed album, a shared album, and a smart album that is not a user album.
 */
export function buildSamplePhotosDb(path: string, layout: PhotosDbLayout = {}): SamplePhotos {
  const store = new PhotosDbWriter(path, layout);
  const t = SAMPLE_BASE_TIME;
  const lisbon = store.moment('Lisbon', t);
  const photo = store.asset({
    kind: 'photo', uuid: '5E1C07A2-3A1B-4F0E-9C7D-0A1B2C3D4E5F', filename: 'IMG_0001.HEIC', originalFilename: 'IMG_0001.HEIC',
    uti: 'public.heic', width: 4032, height: 3024, created: t, added: t + 60, modified: t + 120, favorite: true,
    latitude: 38.7139, longitude: -9.1334, timeZoneName: 'Europe/Lisbon', timeZoneOffset: 3600,
    title: 'Tram 28 at dusk', caption: 'The yellow tram climbing to Alfama', moment: lisbon,
  });
  const video = store.asset({
    kind: 'video', filename: 'IMG_0002.MOV', originalFilename: 'IMG_0002.MOV', uti: 'com.apple.quicktime-movie', width: 1920,
    height: 1080, duration: 12.5, created: t + 3600, moment: lisbon, timeZoneName: 'Europe/Lisbon', timeZoneOffset: 3600,
  });
  const livePhoto = store.asset({ kind: 'live-photo', filename: 'IMG_0003.HEIC', originalFilename: 'IMG_0003.HEIC', created: t + 7200 });
  const screenshot = store.asset({
    kind: 'screenshot', filename: 'IMG_0004.PNG', originalFilename: 'IMG_0004.PNG', uti: 'public.png', width: 1179, height: 2556,
    created: t + 86400,
  });
  const trashed = store.asset({ filename: 'IMG_0005.JPG', originalFilename: 'IMG_0005.JPG', uti: 'public.jpeg', created: t + 90000, trashed: true, trashedDate: t + 172800 });
  const hidden = store.asset({ filename: 'IMG_0006.JPG', originalFilename: 'receipt-scan.jpg', uti: 'public.jpeg', created: t + 93600, hidden: true });
  const referenced = store.asset({ directory: '/Volumes/External/Pictures', filename: 'scan-1998.tiff', originalFilename: 'scan-1998.tiff', uti: 'public.tiff', created: 280000000 });

  const travel = store.folder('Travel');
  const year = store.folder('2023', travel);
  const trip = store.album({ title: 'Lisbon trip', folder: year, created: t - 86400 });
  const family = store.album({ title: 'Family', created: t - 172800 });
  const gone = store.album({ title: 'Old drafts', trashed: true });
  const shared = store.album({ title: 'Shared with Ana', kind: 1505 });
  const smart = store.album({ title: 'progress-sync', kind: 3571 });
  for (const asset of [photo, video, livePhoto]) store.addToAlbum(trip, asset);
  store.addToAlbum(family, photo);
  store.addToAlbum(family, hidden);
  store.addToAlbum(gone, screenshot);
  store.addToAlbum(shared, video);
  store.addToAlbum(smart, trashed);
  store.addKeyAsset(trip, screenshot);
  store.finish();
  return {
    joinTable: store.joinTable,
    assets: { photo, video, livePhoto, screenshot, trashed, hidden, referenced },
    albums: { trip, family, trashed: gone, shared },
  };
}

/** Options of a bulk store (benchmarks). */
export interface BulkPhotosOptions {
  assets: number;
  albums: number;
  /** Album memberships per asset (default 1). */
  membershipsPerAsset?: number;
  generation?: PhotosGeneration;
  /** Title of asset `index` (0-based). Default: `Title of asset <index>` on every tenth asset, else none. */
  title?: (index: number) => string | null;
  /** Caption of asset `index`. Default: `A caption about asset <index> and the sea` on every twentieth asset, else none. */
  caption?: (index: number) => string | null;
  /** Names of the 50 moments' places (cycled). Default `Place 0` ... `Place 49`. */
  places?: readonly string[];
  /** Cocoa seconds of asset 0's creation. Default 600000000. */
  start?: number;
  /** Seconds between two assets. Default 60. */
  stepSeconds?: number;
}

/** What a bulk store holds. */
export interface BulkPhotosSummary {
  assets: number;
  albums: number;
  memberships: number;
}

const BULK_KINDS: readonly BuiltAssetKind[] = ['photo', 'photo', 'photo', 'live-photo', 'video', 'screenshot'];

/** A large library of varied assets in `albums` albums, written in one transaction. */
export function buildBulkPhotosDb(path: string, options: BulkPhotosOptions): BulkPhotosSummary {
  const store = new PhotosDbWriter(path, { generation: options.generation ?? 'modern' });
  const perAsset = Math.min(options.membershipsPerAsset ?? 1, options.albums);
  const places = options.places;
  const moments = Array.from({ length: 50 }, (_, index) => store.moment(places && places.length > 0 ? places[index % places.length]! : `Place ${index}`));
  const start = options.start ?? 600000000;
  const step = options.stepSeconds ?? 60;
  const albums = Array.from({ length: options.albums }, (_, index) => store.album({ title: `Album ${index} ${index % 7 === 0 ? 'holidays' : 'everyday'}` }));
  let memberships = 0;
  for (let index = 0; index < options.assets; index += 1) {
    const kind = BULK_KINDS[index % BULK_KINDS.length]!;
    const located = index % 3 === 0;
    const asset = store.asset({
      kind,
      filename: `IMG_${String(index).padStart(6, '0')}.${kind === 'video' ? 'MOV' : 'HEIC'}`,
      originalFilename: `IMG_${String(index).padStart(6, '0')}.${kind === 'video' ? 'MOV' : 'HEIC'}`,
      directory: `DCIM/${100 + Math.floor(index / 1000)}APPLE`,
      created: start + index * step,
      duration: kind === 'video' ? 5 + (index % 60) : 0,
      latitude: located ? 40 + (index % 100) / 100 : undefined,
      longitude: located ? -3 - (index % 100) / 100 : undefined,
      timeZoneName: 'Europe/Madrid',
      timeZoneOffset: 3600,
      title: options.title ? options.title(index) : index % 10 === 0 ? `Title of asset ${index}` : null,
      caption: options.caption ? options.caption(index) : index % 20 === 0 ? `A caption about asset ${index} and the sea` : null,
      favorite: index % 50 === 0,
      hidden: index % 97 === 0,
      trashed: index % 101 === 0,
      trashedDate: index % 101 === 0 ? 700000000 : null,
      moment: moments[index % moments.length],
    });
    for (let k = 0; k < perAsset; k += 1) {
      store.addToAlbum(albums[(index + k) % albums.length]!, asset);
      memberships += 1;
    }
  }
  store.finish();
  return { assets: options.assets, albums: options.albums, memberships };
}
