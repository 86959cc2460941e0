// Photos domain tables read from Photos.sqlite (ZASSET from iOS 14 / macOS 11, ZGENERICASSET before): assets, user
// albums, and which assets each album holds.
import { Entity, ManyToOne, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** One ZASSET / ZGENERICASSET row: a photo or video of the library, including trashed and hidden ones. */
@Entity({ tableName: 'photo_asset' })
export class PhotoAsset extends DomainRow {
  /** ZUUID (a 16-byte BLOB in iOS 7 stores, written in the dashed form). */
  @Property({ type: 'text', nullable: true })
  uuid?: string | null;

  /** `photo`, `video`, `live-photo`, `screenshot`, or `unknown-N` for an unlisted ZKIND. */
  @Property({ type: 'text' })
  kind!: string;

  /** ZKIND as stored (0 photo, 1 video). */
  @Property({ type: 'integer', nullable: true })
  kindCode?: number | null;

  /** ZKINDSUBTYPE as stored (2 live photo, 10 screenshot, ...). */
  @Property({ type: 'integer', nullable: true })
  kindSubtype?: number | null;

  /** ZUNIFORMTYPEIDENTIFIER, e.g. `public.heic`. */
  @Property({ type: 'text', nullable: true })
  uniformTypeIdentifier?: string | null;

  /** ZADDITIONALASSETATTRIBUTES.ZORIGINALFILENAME: the name the file had when it was taken or imported. */
  @Property({ type: 'text', nullable: true })
  originalFilename?: string | null;

  /** ZFILENAME: the name the library stores the file under. */
  @Property({ type: 'text', nullable: true })
  filename?: string | null;

  /** ZDIRECTORY, e.g. `DCIM/100APPLE` (absolute for a file referenced outside a macOS library). */
  @Property({ type: 'text', nullable: true })
  directory?: string | null;

  @Property({ type: 'integer', nullable: true })
  width?: number | null;

  @Property({ type: 'integer', nullable: true })
  height?: number | null;

  /** ZDURATION in seconds (a video's length); null for 0. */
  @Property({ type: 'double', nullable: true })
  durationSeconds?: number | null;

  /** ZDATECREATED (Cocoa seconds) in UTC. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  /** ZADDEDDATE: when it entered the library. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  addedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  modifiedAt?: Date | null;

  /** ZTRASHEDDATE: when it was moved to Recently Deleted. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  trashedAt?: Date | null;

  /** ZTIMEZONENAME of the place it was taken, e.g. `Australia/Adelaide` or `GMT-0400`. */
  @Property({ type: 'text', nullable: true })
  timeZoneName?: string | null;

  /** ZTIMEZONEOFFSET in seconds east of UTC. */
  @Property({ type: 'integer', nullable: true })
  timeZoneOffsetSeconds?: number | null;

  /** ZLATITUDE; null when absent or -180 (no location). */
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  /** ZFAVORITE; null when the store has no such column. */
  @Property({ type: 'boolean', nullable: true })
  favorite?: boolean | null;

  /** ZHIDDEN; null when the store has no such column. */
  @Property({ type: 'boolean', nullable: true })
  hidden?: boolean | null;

  /** ZTRASHEDSTATE non-zero (in Recently Deleted); null when the store has no such column. */
  @Property({ type: 'boolean', nullable: true })
  trashed?: boolean | null;

  /** ZADDITIONALASSETATTRIBUTES.ZTITLE: the title a user gave it. */
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** ZASSETDESCRIPTION.ZLONGDESCRIPTION: its caption. */
  @Property({ type: 'text', nullable: true })
  caption?: string | null;

  /** ZMOMENT.ZTITLE: the place name Photos gave the moment the asset belongs to. */
  @Property({ type: 'text', nullable: true })
  place?: string | null;

  /** `CameraRollDomain` when the stored file has a backup location; null for an absolute (referenced) directory. */
  @Property({ type: 'text', nullable: true })
  backupDomain?: string | null;

  /** `Media/<ZDIRECTORY>/<ZFILENAME>`. */
  @Property({ type: 'text', nullable: true })
  backupRelativePath?: string | null;

  /** Whether the backup holds that file; null when unknown (no backup folder, or no location). */
  @Property({ type: 'boolean', nullable: true })
  filePresent?: boolean | null;

  /** Manifest file id of that file (sha1 of `<domain>-<relativePath>`), when the backup has a hashed layout. */
  @Property({ type: 'text', nullable: true })
  backupFileId?: string | null;
}

/** One user or shared album of ZGENERICALBUM (folders and the library's own smart albums are not rows). */
@Entity({ tableName: 'photo_album' })
export class PhotoAlbum extends DomainRow {
  @Property({ type: 'text', nullable: true })
  uuid?: string | null;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** `album` (ZKIND 2, made by the user) or `shared` (ZKIND 1505, an iCloud shared album). */
  @Property({ type: 'text' })
  kind!: string;

  /** ZKIND as stored. */
  @Property({ type: 'integer', nullable: true })
  kindCode?: number | null;

  /** Titles of the folders holding it, outermost first, joined by ` / `; null at the top level. */
  @Property({ type: 'text', nullable: true })
  folderPath?: string | null;

  /** ZTRASHEDSTATE non-zero: the album was deleted and is kept until the library purges it. */
  @Property({ type: 'boolean', nullable: true })
  trashed?: boolean | null;

  /** ZCREATIONDATE in UTC. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  /** Memberships read from the join table (what was indexed). */
  @Property({ type: 'integer' })
  assetCount!: number;
}

/** One album membership: a row of the album-asset join table (`Z_<n>ASSETS`, whatever its name in this store). */
@Entity({ tableName: 'photo_album_asset' })
export class PhotoAlbumAsset extends DomainRow {
  @ManyToOne(() => PhotoAlbum, { createForeignKeyConstraint: false, fieldName: 'album_id' })
  album!: PhotoAlbum;

  @ManyToOne(() => PhotoAsset, { createForeignKeyConstraint: false, fieldName: 'asset_id' })
  asset!: PhotoAsset;
}
