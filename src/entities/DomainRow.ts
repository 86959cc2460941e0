// Columns every domain row carries: its id, the backup, the artifact source and the source row id.
// Domain entities extend this base so any fact can be traced back to the evidence.
import { ManyToOne, PrimaryKey, Property } from './decorators.js';
import { ArtifactSource } from './ArtifactSource.js';
import { Backup } from './Backup.js';

/**
 * Base of every domain entity: `id`, `backup_id`, `source_id`, `source_rowid`.
 * No column of a domain row carries a foreign-key constraint: the per-row trigger of a constraint on `backup_id` /
 * `source_id` was a third of PostgreSQL's CPU during COPY, and every reference is exact by construction (the job
 * writes the backup and artifact_source rows first, ids are deterministic, one plugin writes all its rows inside one
 * transaction, and the job deletes a backup's rows itself before re-indexing it). The one secondary index,
 * `backup_id`, serves the job's `DELETE FROM <table> WHERE backup_id = $1`.
 */
export abstract class DomainRow {
  /** Deterministic UUID (ParseContext.id), stable across re-indexing. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Backup, { createForeignKeyConstraint: false, fieldName: 'backup_id', index: true })
  backup!: Backup;

  @ManyToOne(() => ArtifactSource, { createForeignKeyConstraint: false, fieldName: 'source_id' })
  source!: ArtifactSource;

  /** ROWID / Z_PK of the row in the source table. */
  @Property({ type: 'bigint', nullable: true })
  sourceRowid?: string | null;
}
