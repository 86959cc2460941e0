// The cross-artifact search index: one document per searchable row of any plugin. The schema objects it relies on
// (extensions, the `ios_search` configuration, the ios_search_* functions) are created by
// Migration20261202160000SearchEngine; src/search/search.ts is the query side.

/*
 * Indexes, each with the query it serves (anything else costs every COPY a b-tree insert per row and serves nobody):
 * - primary key `id`: one document per row;
 * - `(backup_id, type)`: search's `--backup-id` / `--type` filters and the job's `DELETE ... WHERE backup_id = $1`;
 * - GIN on `search_vector`: full-text terms, phrases and prefixes (`search_vector @@ tsquery`);
 * - GIN on `handles`: a contact's handles finding the messages and chats of those handles (`handles && $n`);
 * - partial GIN indexes on the contacts' names and handles (`WHERE type = 'contact'`): which contacts a term names,
 *   and the names of a page's handles, without reading the documents of other types;
 * No trigram index here: partial words and handles go through the lexicons `search_term` and `search_handle`.
 * - `(sort_at, id)`: the timeline's order and keyset, date ranges, and the newest-first windows of broad searches.
 * No foreign key on `backup_id` / `source_id`: see DomainRow.
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property } from './decorators.js';
import { ArtifactSource } from './ArtifactSource.js';
import { Backup } from './Backup.js';

/** A search document pointing at one domain row. */
@Entity({ tableName: 'artifact_search_index' })
@Index({ properties: ['backup', 'type'] })
@Index({ name: 'artifact_search_index_sort_at_id_index', properties: ['sortAt', 'id'] })
@Index({
  name: 'artifact_search_index_contact_names',
  expression: `create index "artifact_search_index_contact_names" on "artifact_search_index" using gin (to_tsvector('public.ios_search'::regconfig, coalesce(title, ''))) where type = 'contact'`,
})
@Index({
  name: 'artifact_search_index_contact_handles',
  expression: `create index "artifact_search_index_contact_handles" on "artifact_search_index" using gin ("handles") where type = 'contact'`,
})
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

  /** occurred_at, or -infinity for an undated document: a sort key with no NULL, for keyset pages. */
  @Property({
    type: 'datetime',
    columnType: 'timestamptz',
    generated: "(COALESCE(occurred_at, '-infinity'::timestamp with time zone)) stored",
    lazy: true,
    hidden: true,
    nullable: true,
  })
  sortAt?: Date | null;

  /** The participants' phone numbers (E.164 when the backup's country is known, else digits) and emails (lower case). */
  @Index({ type: 'gin' })
  @Property({ type: 'text[]', columnType: 'text[]', default: '{}' })
  handles: string[] = [];

  @Index({ type: 'fulltext' })
  @Property({
    type: 'unknown',
    columnType: 'tsvector',
    // As PostgreSQL prints it back (the migration writes it schema-qualified), so the schema diff finds no change.
    generated:
      "(((setweight(to_tsvector('ios_search'::regconfig, COALESCE(title, ''::text)), 'A'::\"char\") || setweight(to_tsvector('ios_search'::regconfig, ios_search_join(participants)), 'B'::\"char\")) || setweight(to_tsvector('ios_search'::regconfig, COALESCE(body, ''::text)), 'C'::\"char\"))) stored",
    lazy: true,
    hidden: true,
    nullable: true,
  })
  searchVector?: unknown;
}
