// Search over artifact_search_index: full-text (simple configuration) or substring match,
// filtered by backup, type and time, newest and best-ranked first.
import type { MikroORM } from '@mikro-orm/postgresql';

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
export async function searchIndex(orm: MikroORM, query: SearchQuery): Promise<SearchHit[]> {
  const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const params: unknown[] = [query.text, query.text, pattern, pattern, pattern];
  const filters: string[] = [];
  if (query.backupId) filters.push('backup_id = ?') && params.push(query.backupId);
  if (query.type) filters.push('type = ?') && params.push(query.type);
  if (query.from) filters.push('occurred_at >= ?') && params.push(query.from);
  if (query.to) filters.push('occurred_at <= ?') && params.push(query.to);
  params.push(query.limit);
  const rows = await orm.em.fork().getConnection().execute<Array<Record<string, any>>>(
    `SELECT backup_id, plugin, type, artifact_table, artifact_id, title, body, occurred_at, participants,
            ts_rank(search_vector, websearch_to_tsquery('simple', ?)) AS rank
       FROM artifact_search_index
      WHERE (search_vector @@ websearch_to_tsquery('simple', ?)
             OR title ILIKE ? OR body ILIKE ? OR array_to_string(participants, ' ') ILIKE ?)
        ${filters.map((filter) => `AND ${filter}`).join(' ')}
      ORDER BY rank DESC, occurred_at DESC NULLS LAST, id
      LIMIT ?`,
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
