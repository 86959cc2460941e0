// One artifact database read (or skipped, or failed) by one plugin in one indexing job of a backup.
// Every domain row points to its artifact_source so any fact can be traced to the evidence file and its hash.
import { Entity, Index, ManyToOne, PrimaryKey, Property } from './decorators.js';
import { Backup } from './Backup.js';

/** Outcome of one plugin on one source. */
export type ArtifactSourceStatus = 'completed' | 'skipped' | 'failed';

/** A warning as stored on a source. */
export interface StoredWarning {
  code: string;
  message: string;
  count: number;
}

/** The evidence file behind a plugin's rows, with what happened to it. */
@Entity({ tableName: 'artifact_source' })
@Index({ properties: ['backup', 'plugin'] })
export class ArtifactSource {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Backup, { deleteRule: 'cascade', fieldName: 'backup_id' })
  backup!: Backup;

  @Property({ type: 'text' })
  plugin!: string;

  @Property({ type: 'text', nullable: true })
  path?: string | null;

  /** Backup domain of the file (e.g. HomeDomain), when it came from a backup folder. */
  @Property({ type: 'text', nullable: true })
  domain?: string | null;

  @Property({ type: 'text', nullable: true })
  relativePath?: string | null;

  @Property({ type: 'text', nullable: true })
  sha256?: string | null;

  @Property({ type: 'bigint', nullable: true })
  size?: string | null;

  @Property({ type: 'text', nullable: true })
  schemaVariant?: string | null;

  @Property({ type: 'json' })
  rows: Record<string, number> = {};

  @Property({ type: 'integer' })
  searchDocuments: number = 0;

  @Property({ type: 'json' })
  warnings: StoredWarning[] = [];

  @Property({ type: 'text' })
  status!: ArtifactSourceStatus;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  @Property({ type: 'integer' })
  durationMs: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
