// The cross-artifact search index: one document per searchable row of any plugin.
// A generated tsvector column and a GIN index back full-text search; ILIKE covers substrings.

/*
 * Indexes, each with the query it serves (anything else costs every COPY a b-tree insert per row and serves nobody):
 * - primary key `id`: one document per row;
 * - `(backup_id, type)`: search's `--backup-id` / `--type` filters and the job's `DELETE ... WHERE backup_id = $1`;
 * - GIN on `search_vector`: `search_vector @@ websearch_to_tsquery(...)`.
 * No foreign key on `backup_id` / `source_id`: see DomainRow.
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property } from './decorators.js';
import { ArtifactSource } from './ArtifactSource.js';
import { Backup } from './Backup.js';

/** A search document pointing at one domain row. */
@Entity({ tableName: 'artifact_search_index' })
@Index({ properties: ['backup', 'type'] })
export class ArtifactSearchIndex {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Backup, { createForeignKeyConstraint: false, fieldName: 'backup_id' })
  backup!: Backup;

  @ManyToOne(() => ArtifactSource, { createForeignKeyConstraint: false, fieldName: 'source_id' })
  source!: ArtifactSource;

  @Property({ type: 'text' })
  plugin!: string;

  @Property({ type: 'text' })
  type!: string;

  /** Table of the row the document points at. */
  @Property({ type: 'text' })
  artifactTable!: string;

  /** Id of that row. */
  @Property({ type: 'text' })
  artifactId!: string;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Property({ type: 'text', nullable: true })
  body?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  occurredAt?: Date | null;

  @Property({ type: 'text[]', columnType: 'text[]' })
  participants: string[] = [];

  @Index({ type: 'fulltext' })
  @Property({
    type: 'unknown',
    columnType: 'tsvector',
    generated: "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))) stored",
    lazy: true,
    hidden: true,
    nullable: true,
  })
  searchVector?: unknown;
}
