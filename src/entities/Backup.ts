// The backup being indexed: one row per backup id, with the job's status, error and counts.
// Status moves PENDING -> INDEXING -> INDEXED or FAILED; watchers read it outside the job's transaction.
import { Entity, Enum, PrimaryKey, Property } from './decorators.js';

/** Lifecycle of a backup's index. */
export enum BackupStatus {
  PENDING = 'PENDING',
  INDEXING = 'INDEXING',
  INDEXED = 'INDEXED',
  FAILED = 'FAILED',
}

/** A backup and the state of its index. */
@Entity({ tableName: 'backup' })
export class Backup {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Enum({ items: () => BackupStatus, nativeEnumName: undefined, type: 'text' })
  status: BackupStatus = BackupStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  /** The request (queue job and its retries, or one in-process run) that last set the status. */
  @Property({ type: 'text', nullable: true })
  runId?: string | null;

  /** Folder the backup was read from, when indexed from a folder. */
  @Property({ type: 'text', nullable: true })
  sourcePath?: string | null;

  @Property({ type: 'text', nullable: true })
  deviceName?: string | null;

  @Property({ type: 'text', nullable: true })
  productType?: string | null;

  @Property({ type: 'text', nullable: true })
  productVersion?: string | null;

  @Property({ type: 'text', nullable: true })
  serialNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  udid?: string | null;

  @Property({ type: 'boolean', nullable: true })
  encrypted?: boolean | null;

  @Property({ type: 'text', nullable: true })
  buildVersion?: string | null;

  @Property({ type: 'text', nullable: true })
  imei?: string | null;

  /** When the device last wrote this backup (Info.plist, else Status.plist). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastBackupAt?: Date | null;

  /** Status.plist IsFullBackup: a full backup (true) or an incremental one (false). */
  @Property({ type: 'boolean', nullable: true })
  fullBackup?: boolean | null;

  /** How the folder was read: `manifest-db`, `hashed`, `flat` or `domain-folders`. */
  @Property({ type: 'text', nullable: true })
  layout?: string | null;

  /** Warnings about the folder itself (an unreadable plist); those of its files are on their plugins' sources. */
  @Property({ type: 'json', nullable: true })
  warnings?: Array<{ code: string; message: string; count: number }> | null;

  /** Rows written per table in the last successful index. */
  @Property({ type: 'json', nullable: true })
  counts?: Record<string, number> | null;

  @Property({ type: 'integer', nullable: true })
  searchDocuments?: number | null;

  @Property({ type: 'integer', nullable: true })
  pluginsFailed?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  indexedAt?: Date | null;
}
