// The cross-artifact search index: one document per searchable row of any plugin.
// A generated tsvector column and a GIN index back full-text search; ILIKE covers substrings.
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ArtifactSource } from './ArtifactSource.js';
import { Backup } from './Backup.js';

/** A search document pointing at one domain row. */
@Entity({ tableName: 'artifact_search_index' })
@Index({ properties: ['backup', 'type'] })
@Index({ properties: ['occurredAt'] })
export class ArtifactSearchIndex {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Backup, { deleteRule: 'cascade', fieldName: 'backup_id' })
  backup!: Backup;

  @ManyToOne(() => ArtifactSource, { deleteRule: 'cascade', fieldName: 'source_id', index: true })
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
