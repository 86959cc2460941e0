// Columns every domain row carries: its id, the backup, the artifact source and the source row id.
// Domain entities extend this base so any fact can be traced back to the evidence.
import { ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ArtifactSource } from './ArtifactSource.js';
import { Backup } from './Backup.js';

/** Base of every domain entity: `id`, `backup_id`, `source_id`, `source_rowid`. */
export abstract class DomainRow {
  /** Deterministic UUID (ParseContext.id), stable across re-indexing. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Backup, { deleteRule: 'cascade', fieldName: 'backup_id', index: true })
  backup!: Backup;

  @ManyToOne(() => ArtifactSource, { deleteRule: 'cascade', fieldName: 'source_id', index: true })
  source!: ArtifactSource;

  /** ROWID / Z_PK of the row in the source table. */
  @Property({ type: 'bigint', nullable: true })
  sourceRowid?: string | null;
}
