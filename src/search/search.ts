// Search over artifact_search_index: full-text (simple configuration) or substring match,
// filtered by backup, type and time, newest and best-ranked first.
import type { MikroORM } from '@mikro-orm/postgresql';
import { ormReader, type SqlReader } from '../kernel/reader.js';

/** A search request. */
export interface SearchQuery {
  text: string;
  backupId?: string;
  type?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** A search hit. */
export interface SearchHit {
  backupId: string;
  plugin: string;
  type: string;
  artifactTable: string;
  artifactId: string;
  title: string | null;
  body: string | null;
  occurredAt: string | null;
  participants: string[];
}

/** Finds documents whose words match the query, or whose title, body or participants contain it. */
export async function searchIndex(source: MikroORM | SqlReader, query: SearchQuery): Promise<SearchHit[]> {
  const reader = 'rows' in source ? source : ormReader(source);
  const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const params: unknown[] = [query.text, pattern];
  const next = (value: unknown) => `$${params.push(value)}`;
  const filters: string[] = [];
  if (query.backupId) filters.push(`backup_id = ${next(query.backupId)}`);
  if (query.type) filters.push(`type = ${next(query.type)}`);
  if (query.from) filters.push(`occurred_at >= ${next(query.from)}`);
  if (query.to) filters.push(`occurred_at <= ${next(query.to)}`);
  const limit = next(query.limit);
  const rows = await reader.rows(
    `SELECT backup_id, plugin, type, artifact_table, artifact_id, title, body, occurred_at, participants,
            ts_rank(search_vector, websearch_to_tsquery('simple', $1)) AS rank
       FROM artifact_search_index
      WHERE (search_vector @@ websearch_to_tsquery('simple', $1)
             OR title ILIKE $2 OR body ILIKE $2 OR array_to_string(participants, ' ') ILIKE $2)
        ${filters.map((filter) => `AND ${filter}`).join(' ')}
      ORDER BY rank DESC, occurred_at DESC NULLS LAST, id
      LIMIT ${limit}`,
    params,
  );
  return rows.map((row) => ({
    backupId: row.backup_id,
    plugin: row.plugin,
    type: row.type,
    artifactTable: row.artifact_table,
    artifactId: row.artifact_id,
    title: row.title,
    body: row.body,
    occurredAt: row.occurred_at ? new Date(row.occurred_at).toISOString() : null,
    participants: row.participants ?? [],
  }));
}
