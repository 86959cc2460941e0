// The timeline: every dated document of artifact_search_index in time order (oldest first, ties by id), across
// domains, filtered by backup, type and time, paged by a keyset on (sort_at, id), the b-tree the search engine's
// migration builds (sort_at is occurred_at, or -infinity for an undated document, which `sort_at > '-infinity'` leaves
// out). Document ids are deterministic, so a cursor taken before a backup is re-indexed goes on where it stopped: no
// entry twice, none skipped.
import type { MikroORM } from '@mikro-orm/postgresql';
import { InputError } from '../kernel/errors.js';
import { ormReader, Params, type SqlReader } from '../kernel/reader.js';
import { checkTypes, inputError } from './doc-types.js';
import type { TimelineEntry, TimelinePage, TimelineRequest } from './types.js';

/** The largest page. */
export const TIMELINE_MAX_LIMIT = 1000;

/** Characters of the body a summary shows, on one line. */
export const SUMMARY_LENGTH = 160;

/** Where a page ended: the last entry's time (UTC, microseconds, as PostgreSQL stores it) and id. */
interface TimelineCursor {
  t: string;
  id: string;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor of the page after the entry at `t` with `id`: base64url of `{"t","id"}`. */
export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.t, id: cursor.id }), 'utf8').toString('base64url');
}

/** A cursor given back; anything a page did not give is a BAD_CURSOR InputError. */
export function decodeTimelineCursor(text: string): TimelineCursor {
  const bad = () => inputError('BAD_CURSOR', 'the cursor is not one a timeline page gave: pass the previous page\'s nextCursor unchanged, or leave it out to start at the beginning');
  if (text.length === 0 || text.length > 256 || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const { t, id } = (value ?? {}) as { t?: unknown; id?: unknown };
  if (typeof t !== 'string' || typeof id !== 'string' || !CURSOR_TIME.test(t) || Number.isNaN(Date.parse(t)) || !UUID.test(id)) throw bad();
  return { t, id };
}

/** The start of a body on one line, at most SUMMARY_LENGTH characters (an ellipsis when cut). */
export function summaryOf(body: string | null): string {
  if (body === null) return '';
  const line = body.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line); // never cut a surrogate pair in two
  return chars.length <= SUMMARY_LENGTH ? line : `${chars.slice(0, SUMMARY_LENGTH - 1).join('').trimEnd()}…`;
}

function checkRequest(request: TimelineRequest): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > TIMELINE_MAX_LIMIT) {
    throw new InputError(`the timeline's limit is a whole number from 1 to ${TIMELINE_MAX_LIMIT}, got ${request.limit}`);
  }
  for (const [name, date] of [['from', request.from], ['to', request.to]] as const) {
    if (date !== undefined && Number.isNaN(date.getTime())) throw new InputError(`the timeline's ${name} is not a valid date`);
  }
}

interface TimelineRow {
  id: string;
  backup_id: string;
  plugin: string;
  type: string;
  artifact_table: string;
  artifact_id: string;
  title: string | null;
  body_start: string | null;
  occurred_at: Date;
  cursor_time: string;
  participants: string[] | null;
}

/** One page of the timeline. */
export async function timeline(source: MikroORM | SqlReader, request: TimelineRequest): Promise<TimelinePage> {
  const reader = 'rows' in source ? source : ormReader(source);
  checkRequest(request);
  const after = request.cursor ? decodeTimelineCursor(request.cursor) : null;
  const params = new Params();
  const filters = [`sort_at > '-infinity'::timestamptz`]; // dated documents only
  if (request.backupIds && request.backupIds.length > 0) filters.push(`backup_id = ANY(${params.add([...request.backupIds])}::text[])`);
  if (request.types && request.types.length > 0) filters.push(`type = ANY(${params.add([...request.types])}::text[])`);
  if (request.from) filters.push(`sort_at >= ${params.add(request.from)}::timestamptz`);
  if (request.to) filters.push(`sort_at <= ${params.add(request.to)}::timestamptz`);
  if (after) filters.push(`(sort_at, id) > (${params.add(after.t)}::timestamptz, ${params.add(after.id)}::uuid)`);
  const limit = params.add(request.limit + 1); // one more than the page: whether there is a next page
  const query = reader.rows<TimelineRow>(
    `SELECT id, backup_id, plugin, type, artifact_table, artifact_id, title, left(body, 400) AS body_start, occurred_at,
            to_char(sort_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time, participants
       FROM artifact_search_index
      WHERE ${filters.join('\n        AND ')}
      ORDER BY sort_at, id
      LIMIT ${limit}`,
    params.values,
  );
  const [rows] = await Promise.all([query, request.types && request.types.length > 0 ? checkTypes(reader, request.types) : undefined]);
  const page = rows.slice(0, request.limit);
  const entries: TimelineEntry[] = page.map((row) => ({
    type: row.type,
    artifactTable: row.artifact_table,
    artifactId: row.artifact_id,
    backupId: row.backup_id,
    plugin: row.plugin,
    title: row.title,
    summary: summaryOf(row.body_start),
    occurredAt: new Date(row.occurred_at).toISOString(),
    participants: row.participants ?? [],
  }));
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > request.limit && last ? encodeTimelineCursor({ t: last.cursor_time, id: last.id }) : null };
}
