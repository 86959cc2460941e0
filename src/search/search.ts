// The search engine over artifact_search_index (schema: Migration20261202160000SearchEngine, ArtifactSearchIndex).
//
// A term (query.ts) matches a document when any of these holds:
// - full text: `search_vector @@` the term's tsquery in the `ios_search` configuration (unaccented, English-stemmed,
//   no stop words), a prefix for `word*`, adjacency for a phrase;
// - partial word: a word that is not itself an indexed word (`search_term`) is widened to the indexed words that
//   contain its stem (`ntra` → `sintra`), at most MAX_EXPANSIONS of them, shortest first;
// - handles: a phone number (any format) or an email that is some document's handle matches by equality on
//   `handles`; one that is nobody's is looked for as a fragment of the indexed handles (`search_handle`);
// - identity: it names a contact (in the contact's name), and the document has one of that contact's handles in the
//   same backup (search "Marco" finds Marco's SMS that never say "Marco").
// Every positive term must match and no excluded one may. Every user string is a parameter.
//
// Ranking: ts_rank over the weighted vector (title A, participants B, body C), plus a little for a handle or identity
// match, ties broken by recency. Ranking all matches of a word found in half the documents would read half the table,
// so matches are taken newest first in windows of WINDOW documents (looked for in a time range PostgreSQL can AND with
// the full-text bitmap, see spanOf), and ranked within each window: a query with fewer matches than WINDOW is ranked
// as a whole; a broader one gives its best among the newest WINDOW matches first, then the next window's. Every match
// appears once. The cursor names the window and the last hit, and document ids are deterministic (ids.ts), so paging
// stays exact while the same backup is re-indexed.
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { InputError } from '../kernel/errors.js';
import { ormReader, Params, type SqlReader } from '../kernel/reader.js';
import { checkTypes, inputError } from './doc-types.js';
import { handlesOf } from './identity.js';
import { parseQuery, type ParsedQuery, type QueryTerm } from './query.js';
import type { SearchHit, SearchPage, SearchRequest } from './types.js';

export type { SearchHit, SearchPage, SearchRequest } from './types.js';

/** Documents ranked together (see the header). */
export const WINDOW = 1000;
/** Largest page. */
export const MAX_LIMIT = 1000;
/** Indexed words a partial word is widened to. */
export const MAX_EXPANSIONS = 32;
/** Contacts' handles one term brings in. */
const MAX_IDENTITY_HANDLES = 64;
/** Longest body text a snippet is cut from (ts_headline reads all it is given). */
const SNIPPET_SOURCE_CHARS = 100_000;
const SNIPPET_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "';
const CONFIG = `'public.ios_search'::regconfig`;
/** Handles a fragment of a phone number or an address brings in. */
const MAX_HANDLE_MATCHES = 64;
const START = '\u0001';
const STOP = '\u0002';

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function alnumParts(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((part) => part !== '');
}

/** The tsquery of a term, as SQL over parameters. */
function tsqueryOf(term: QueryTerm | { kind: 'participant'; text: string }, params: Params): string {
  switch (term.kind) {
    case 'word': {
      if (!term.prefix) return `plainto_tsquery(${CONFIG}, ${params.add(term.text)})`;
      const parts = alnumParts(term.text);
      const last = parts.pop()!;
      const prefix = `to_tsquery(${CONFIG}, ${params.add(`${last}:*`)})`;
      return parts.length === 0 ? prefix : `(plainto_tsquery(${CONFIG}, ${params.add(parts.join(' '))}) && ${prefix})`;
    }
    case 'phrase':
    case 'phone':
      return `phraseto_tsquery(${CONFIG}, ${params.add(term.text)})`;
    case 'email':
      return `plainto_tsquery(${CONFIG}, ${params.add(term.text)})`;
    case 'participant':
      // Only the participants' words (weight B): each lexeme of the tsquery gets the label :B.
      return `regexp_replace(plainto_tsquery(${CONFIG}, ${params.add(term.text)})::text, '(''(?:[^'']|'''')*'')', '\\1:B', 'g')::tsquery`;
  }
}

/** The handle forms a phone or email term is looked up by exactly: `+<digits>` and `<digits>` of each form, or the address. */
function exactHandles(term: Condition): string[] {
  if (term.kind === 'email') return [term.text];
  const digits = term.kind === 'phone' || term.kind === 'participant' ? (term.digits ?? []) : [];
  const forms = digits.flatMap((form) => [`+${form}`, form]);
  if (term.kind === 'participant' && term.text.includes('@')) forms.push(term.text);
  return forms;
}

/** The fragments a phone or email term with no exact handle is looked for in, among the indexed handles. */
function handleFragments(term: Condition): string[] {
  if (term.kind === 'email') return [term.text];
  if (term.kind === 'phone' || term.kind === 'participant') {
    const forms = term.digits ?? [];
    return term.kind === 'participant' && term.text.includes('@') ? [...forms, term.text] : forms;
  }
  return [];
}

/** What the preparing statement found for one term. */
interface Prepared {
  tsquery: string;
  nodes: number;
  /** A word: it is itself an indexed word (no partial matching then). */
  known: boolean;
  /** A phone number or email: some document has it as a handle (no substring matching then). */
  exact: boolean;
  /** With no exact handle: the indexed handles that contain its digits or address. */
  handleMatches: string[];
  expansions: string[];
  identityBackups: string[];
  identityHandles: string[];
}

type Condition = QueryTerm | { kind: 'participant'; text: string; digits: string[] | null };

/**
 * One round trip: each term's tsquery (as text, to pass back as a parameter); for a word, whether it is an indexed
 * word and, when it is not, the indexed words that contain it; for a phone number or email, whether a document has it
 * as a handle; for words, phrases and participants, the handles of the contacts whose names it matches.
 */
async function prepare(reader: SqlReader, conditions: readonly Condition[], backupIds: readonly string[] | undefined): Promise<Prepared[]> {
  const params = new Params();
  const backupFilter = backupIds && backupIds.length > 0 ? `AND d.backup_id = ANY(${params.add(backupIds)}::text[])` : '';
  const selects = conditions.map((term, i) => {
    const query = tsqueryOf(term, params);
    let known = 'true';
    let expansions = `'{}'::text[]`;
    if (term.kind === 'word' && !term.prefix) {
      const word = params.add(term.text);
      const lexemes = `tsvector_to_array(to_tsvector(${CONFIG}, ${word}))`;
      known = `EXISTS (SELECT 1 FROM search_term s WHERE s.term = ANY (${lexemes}))`;
      if (alnumParts(term.text).length === 1 && alnumParts(term.text)[0]!.length >= 3) {
        const stem = `coalesce((${lexemes})[1], '')`;
        expansions = `CASE WHEN NOT ${known}
          THEN ARRAY(SELECT s.term FROM search_term s
                      WHERE s.term LIKE '%' || replace(replace(replace(${stem}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
                        AND length(s.term) > length(${stem})
                      ORDER BY length(s.term), s.term LIMIT ${MAX_EXPANSIONS})
          ELSE '{}'::text[] END`;
      }
    }
    const handles = exactHandles(term);
    const exact = handles.length > 0 ? `EXISTS (SELECT 1 FROM artifact_search_index d WHERE d.handles && ${params.add(handles)}::text[] ${backupFilter})` : 'false';
    const fragments = handleFragments(term).filter((fragment) => fragment.length >= 3);
    const handleMatches =
      fragments.length > 0
        ? `CASE WHEN NOT ${exact} THEN ARRAY(SELECT h.handle FROM search_handle h WHERE ${fragments.map((fragment) => `h.handle LIKE ${params.add(likePattern(fragment))}`).join(' OR ')} ORDER BY length(h.handle), h.handle LIMIT ${MAX_HANDLE_MATCHES}) ELSE '{}'::text[] END`
        : `'{}'::text[]`;
    const identity = term.kind === 'word' || term.kind === 'phrase' || term.kind === 'participant';
    // A contact's name is matched whatever weight the term's own query carries (a participant's is only :B).
    const identityQuery = term.kind === 'participant' ? `plainto_tsquery(${CONFIG}, ${params.add(term.text)})` : 'NULL::tsquery';
    // The contacts' own partial indexes (names, handles) answer this without reading other documents.
    const identityJoin = identity
      ? `LEFT JOIN LATERAL (
           SELECT array_agg(c.backup_id) AS b, array_agg(c.h) AS h FROM (
             SELECT DISTINCT d.backup_id, h FROM artifact_search_index d, unnest(d.handles) AS h
              WHERE numnode(coalesce(t.iq, t.q)) > 0 AND d.type = 'contact' AND to_tsvector(${CONFIG}, coalesce(d.title, '')) @@ coalesce(t.iq, t.q) ${backupFilter}
              LIMIT ${MAX_IDENTITY_HANDLES}) c) ident ON true`
      : `LEFT JOIN LATERAL (SELECT NULL::text[] AS b, NULL::text[] AS h) ident ON true`;
    return `SELECT ${i} AS i, t.q::text AS tsquery, numnode(t.q) AS nodes, ${known} AS known, ${exact} AS exact, ${handleMatches} AS handle_matches, ${expansions} AS expansions,
                   coalesce(ident.b, '{}') AS identity_backups, coalesce(ident.h, '{}') AS identity_handles
              FROM (SELECT ${query} AS q, ${identityQuery} AS iq) t ${identityJoin}`;
  });
  const rows = await reader.rows<{
    i: number;
    tsquery: string;
    nodes: number;
    known: boolean;
    exact: boolean;
    handle_matches: string[];
    expansions: string[];
    identity_backups: string[];
    identity_handles: string[];
  }>(`${selects.join('\nUNION ALL\n')} ORDER BY 1`, params.values);
  return rows.map((row) => ({
    tsquery: row.tsquery,
    nodes: Number(row.nodes),
    known: row.known,
    exact: row.exact,
    handleMatches: row.handle_matches,
    expansions: row.expansions.filter((term) => /^[\p{L}\p{N}]+$/u.test(term)),
    identityBackups: row.identity_backups,
    identityHandles: row.identity_handles,
  }));
}

/** The SQL of one condition over a document and the SQL of its score bonus; null when it can match nothing. */
function conditionSql(term: Condition, prepared: Prepared, params: Params): { match: string; bonus: string } | null {
  const alternatives: string[] = [];
  const bonuses: string[] = [];
  if (prepared.nodes > 0) alternatives.push(`search_vector @@ ${params.add(prepared.tsquery)}::tsquery`);
  if (prepared.expansions.length > 0) {
    alternatives.push(`search_vector @@ ${params.add(prepared.expansions.map((word) => `'${word}'`).join(' | '))}::tsquery`);
  }
  const handles = prepared.exact ? exactHandles(term) : prepared.handleMatches;
  if (handles.length > 0) {
    const match = `handles && ${params.add(handles)}::text[]`;
    alternatives.push(match);
    bonuses.push(`CASE WHEN ${match} THEN ${prepared.exact ? 0.2 : 0.1} ELSE 0 END`);
  }
  if (prepared.identityHandles.length > 0) {
    const backups = params.add(prepared.identityBackups);
    const identityHandles = params.add(prepared.identityHandles);
    const identity = `(handles && ${identityHandles}::text[] AND EXISTS (SELECT 1 FROM unnest(${backups}::text[], ${identityHandles}::text[]) AS i(b, h) WHERE i.b = backup_id AND i.h = ANY (handles)))`;
    alternatives.push(identity);
    bonuses.push(`CASE WHEN ${identity} THEN 0.2 ELSE 0 END`);
  }
  if (alternatives.length === 0) return null;
  return { match: `(${alternatives.join(' OR ')})`, bonus: bonuses.join(' + ') };
}

/** Text to highlight in a snippet by itself (what the full-text headline cannot mark): addresses found by a fragment. */
function fragmentOf(term: Condition, prepared: Prepared): string | null {
  if (prepared.exact || prepared.handleMatches.length === 0) return null;
  if (term.kind === 'email' || (term.kind === 'participant' && term.text.includes('@'))) return term.text;
  return null;
}

/** Where a page starts: after the window boundary `window` (rows older than it), after hit `last` within it. */
interface Cursor {
  window: [string, string] | null;
  last: [number, string, string] | null;
}

function fingerprint(request: SearchRequest): string {
  const key = JSON.stringify([
    request.text,
    [...(request.backupIds ?? [])].sort(),
    [...(request.types ?? [])].sort(),
    request.from?.toISOString() ?? null,
    request.to?.toISOString() ?? null,
    request.participant ?? null,
  ]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 12);
}

function encodeCursor(request: SearchRequest, cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ q: fingerprint(request), w: cursor.window, l: cursor.last })).toString('base64url');
}

const BAD_CURSOR = 'the cursor is not one this search gave (copy the whole nextCursor of the same query, filters included)';

function decodeCursor(request: SearchRequest, text: string): Cursor {
  let value: any;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw inputError('BAD_CURSOR', BAD_CURSOR);
  }
  const isPair = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string' && x.length < 64);
  const window = value?.w ?? null;
  const last = value?.l ?? null;
  const validLast = last === null || (Array.isArray(last) && last.length === 3 && typeof last[0] === 'number' && Number.isFinite(last[0]) && isPair(last.slice(1)));
  if (!value || value.q !== fingerprint(request) || !(window === null || isPair(window)) || !validLast) {
    throw inputError('BAD_CURSOR', BAD_CURSOR);
  }
  if ([window?.[1], last?.[2]].some((id) => id !== undefined && !/^[0-9a-f-]{36}$/.test(id))) throw inputError('BAD_CURSOR', BAD_CURSOR);
  return { window, last };
}

interface WindowRow {
  id: string | null;
  backup_id: string;
  plugin: string;
  type: string;
  artifact_table: string;
  artifact_id: string;
  title: string | null;
  occurred_at: Date | string | null;
  participants: string[] | null;
  handles: string[] | null;
  sort_at: string;
  score: number;
  window_rows: string | number;
  bounded: boolean;
  window_edge_at: string | null;
  window_edge_id: string | null;
}

/** The condition terms of a request: its positive terms, and the participant filter as one more. */
function conditionsOf(parsed: ParsedQuery, participant: string | undefined): Condition[] {
  const conditions: Condition[] = [...parsed.terms];
  const who = participant?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 256);
  if (who) {
    const phone = parseQuery(who).terms.find((term) => term.kind === 'phone');
    conditions.push({ kind: 'participant', text: who.toLowerCase(), digits: phone?.kind === 'phone' ? phone.digits : null });
  }
  return conditions;
}

/** Searches the index: one page of hits, best first, and the cursor of the next page. */
export async function searchIndex(source: MikroORM | SqlReader, request: SearchRequest): Promise<SearchPage & { warnings: string[] }> {
  return searchIndexWith(source, request, { window: WINDOW });
}

/**
 * Planner settings of a search's transaction. Parallel workers cost more to start (tens of milliseconds here) than
 * they save on the few thousand rows a search reads; a sequential scan is never the plan wanted on millions of
 * documents (PostgreSQL takes one for `EXISTS` when it expects an early hit); the index and the table are expected
 * to be in memory; a bitmap of a broad term should stay exact.
 */
export const SEARCH_SETTINGS =
  "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL enable_seqscan = off; SET LOCAL random_page_cost = 1.1; SET LOCAL work_mem = '32MB'";

/** How a search pages: the window size, and (tests) whether to look for windows in time ranges whatever the estimate. */
export interface SearchOptions {
  window: number;
  ranges?: 'estimate' | 'always';
}

/** {@link searchIndex} with another window size (tests cross windows and time ranges on small data with it). */
export async function searchIndexWith(
  source: MikroORM | SqlReader,
  request: SearchRequest,
  options: SearchOptions,
): Promise<SearchPage & { warnings: string[] }> {
  const reader = 'rows' in source ? source : ormReader(source);
  // One snapshot for every statement of the page: the window, the snippets and the names agree.
  if (reader.session) return reader.session(SEARCH_SETTINGS, (session) => searchWith(session, request, options));
  return searchWith(reader, request, options);
}

async function searchWith(reader: SqlReader, request: SearchRequest, { window: windowSize, ranges = 'estimate' }: SearchOptions): Promise<SearchPage & { warnings: string[] }> {
  const limit = request.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InputError(`the page size must be a whole number from 1 to ${MAX_LIMIT}`);
  const parsed = parseQuery(request.text ?? '');
  const warnings = [...parsed.warnings];
  if (request.types && request.types.length > 0) await checkTypes(reader, request.types);
  let cursor: Cursor = request.cursor ? decodeCursor(request, request.cursor) : { window: null, last: null };
  const conditions = conditionsOf(parsed, request.participant);
  if (parsed.terms.length === 0) return { hits: [], nextCursor: null, warnings };

  const prepared = await prepare(reader, conditions, request.backupIds);
  const params = new Params();
  const matches: string[] = [];
  const bonuses: string[] = [];
  for (const [i, term] of conditions.entries()) {
    const sql = conditionSql(term, prepared[i]!, params);
    if (sql === null) return { hits: [], nextCursor: null, warnings };
    matches.push(sql.match);
    if (sql.bonus) bonuses.push(sql.bonus);
  }
  // The terms alone (their own parameters come first): what the window ranges are estimated from, as the planner
  // misjudges how a type or backup filter correlates with words.
  const termMatches = [...matches];
  const termParams = params.values.length;
  for (const term of parsed.excluded) matches.push(`NOT (search_vector @@ ${tsqueryOf(term, params)})`);
  if (request.backupIds && request.backupIds.length > 0) matches.push(`backup_id = ANY(${params.add(request.backupIds)}::text[])`);
  if (request.types && request.types.length > 0) matches.push(`type = ANY(${params.add(request.types)}::text[])`);
  if (request.from) matches.push(`sort_at >= ${params.add(request.from)}::timestamptz`);
  if (request.to) matches.push(`sort_at <= ${params.add(request.to)}::timestamptz`);
  const rankQuery = [
    ...prepared.filter((p, i) => p.nodes > 0 && conditions[i]!.kind !== 'participant').map((p) => p.tsquery),
    ...prepared.filter((p) => p.expansions.length > 0).map((p) => p.expansions.map((word) => `'${word}'`).join(' | ')),
  ]
    .map((query) => `(${query})`)
    .join(' | ');
  const rank = rankQuery ? `ts_rank(search_vector, ${params.add(rankQuery)}::tsquery)` : '0';
  const score = `(${[rank, ...bonuses].join(' + ')})::real`;
  const baseCount = params.values.length;

  const hits: Array<WindowRow & { id: string }> = [];
  let nextCursor: string | null = null;
  const span = await spanOf(reader, termMatches, params.values.slice(0, termParams), windowSize, ranges === 'always');
  let delta = span?.delta ?? null;
  for (;;) {
    params.values.length = baseCount;
    const need = limit - hits.length;
    const windowStart = cursor.window ? `AND (sort_at, id) < (${params.add(cursor.window[0])}::timestamptz, ${params.add(cursor.window[1])}::uuid)` : '';
    // The time range the window is looked for in (see spanOf); none once it would reach the oldest document.
    // The time range the window is looked for in (see spanOf), as a plain bound the planner can use with the index;
    // none once it would reach the oldest dated document.
    const endEpoch = span === null ? null : cursor.window ? epochOf(cursor.window[0]) : span.newest;
    const lowerEpoch = endEpoch !== null && delta !== null ? endEpoch - delta : null;
    const bounded = lowerEpoch !== null && span !== null && lowerEpoch > span.oldest;
    const lower = bounded ? `AND sort_at >= ${params.add(new Date(Math.floor(lowerEpoch!) * 1000).toISOString())}::timestamptz` : '';
    const after = cursor.last
      ? `WHERE (p.score, p.sort_at, p.id) < (${params.add(cursor.last[0])}::real, ${params.add(cursor.last[1])}::timestamptz, ${params.add(cursor.last[2])}::uuid)`
      : '';
    const rows = await reader.rows<WindowRow>(
      `WITH win AS MATERIALIZED (
         SELECT id, sort_at, backup_id, plugin, type, artifact_table, artifact_id, title, occurred_at, participants, handles, search_vector
           FROM artifact_search_index
          WHERE ${matches.join('\n            AND ')} ${windowStart} ${lower}
          ORDER BY sort_at DESC, id DESC
          LIMIT ${windowSize}
       ), edge AS (
         SELECT count(*) AS window_rows,
                (SELECT sort_at::text FROM win ORDER BY sort_at, id LIMIT 1) AS window_edge_at,
                (SELECT id::text FROM win ORDER BY sort_at, id LIMIT 1) AS window_edge_id,
                ${bounded ? 'true' : 'false'} AS bounded
           FROM win
       )
       SELECT page.*, edge.* FROM edge LEFT JOIN LATERAL (
         SELECT p.id::text AS id, p.backup_id, p.plugin, p.type, p.artifact_table, p.artifact_id, p.title, p.occurred_at,
                p.participants, p.handles, p.sort_at::text AS sort_at, p.score
           FROM (SELECT win.*, ${score} AS score FROM win) p
           ${after}
          ORDER BY p.score DESC, p.sort_at DESC, p.id DESC
          LIMIT ${need + 1}
       ) page ON true`,
      params.values,
    );
    // A range that held fewer than a window's matches is not the window yet: widen it and look again.
    // A range that held fewer than a window's matches is not the window yet: widen it (by what the range found, at
    // least twofold, at most 64-fold) and look again.
    const inRange = Number(rows[0]!.window_rows);
    if (rows[0]!.bounded && inRange < windowSize) {
      delta = delta! * Math.min(64, Math.max(2, (2 * windowSize) / Math.max(inRange, 1)));
      continue;
    }
    const found = rows.filter((row): row is WindowRow & { id: string } => row.id !== null);
    const edge = rows[0]!;
    const taken = found.slice(0, need);
    hits.push(...taken);
    if (found.length > need) {
      const last = taken.at(-1)!;
      nextCursor = encodeCursor(request, { window: cursor.window, last: [Number(last.score), last.sort_at, last.id] });
      break;
    }
    const full = Number(edge.window_rows) >= windowSize;
    if (!full || edge.window_edge_at === null || edge.window_edge_id === null) break;
    cursor = { window: [edge.window_edge_at, edge.window_edge_id], last: null };
    if (hits.length === limit) {
      nextCursor = encodeCursor(request, cursor);
      break;
    }
  }
  const fragments = conditions.flatMap((term, i) => {
    const fragment = fragmentOf(term, prepared[i]!);
    return fragment === null ? [] : [fold(fragment)];
  });
  return { hits: await present(reader, hits, rankQuery, conditions, fragments), nextCursor, warnings };
}

/** Seconds since 1970 of a timestamp as PostgreSQL prints it (`2024-05-01 12:00:00.5+00`); NaN when unreadable. */
function epochOf(text: string): number {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return Date.parse(iso) / 1000;
}

/**
 * Where to look for the newest `windowSize` matches, so PostgreSQL can AND the full-text bitmap with a time range of
 * the (sort_at, id) index instead of reading every match (a word in 2% of 2,000,000 documents) or walking the newest
 * documents one by one until enough match. From the planner's estimate of the matches and the dated span of the
 * index: a range expected to hold twice a window's matches; searchWith widens it while it holds fewer than a
 * window, and drops it once it would reach the oldest document. The range only guides the plan: the window is the
 * newest `windowSize` matches whatever the estimate. Null (no range) when fewer matches than a few windows are expected.
 */
async function spanOf(
  reader: SqlReader,
  matches: readonly string[],
  params: readonly unknown[],
  windowSize: number,
  always: boolean,
): Promise<{ newest: number; oldest: number; delta: number } | null> {
  // A phrase's adjacency is estimated at almost nothing (20,000 documents of "see you tomorrow" were estimated at 1):
  // its words together are estimated instead, which only widens the range.
  const estimated = params.map((value) => (typeof value === 'string' ? value.replace(/<(?:\d+|-)>/g, '&') : value));
  const [plan] = await reader.rows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM artifact_search_index WHERE ${matches.join(' AND ')}`,
    estimated,
  );
  const expected = Math.max(1, Number(plan?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
  if (!always && !(expected > 2 * windowSize)) return null;
  const [edges] = await reader.rows<{ newest: number | null; oldest: number | null }>(
    `SELECT (SELECT extract(epoch FROM sort_at) FROM artifact_search_index ORDER BY sort_at DESC, id DESC LIMIT 1)::float8 AS newest,
            (SELECT extract(epoch FROM sort_at) FROM artifact_search_index WHERE sort_at > '-infinity' ORDER BY sort_at, id LIMIT 1)::float8 AS oldest`,
  );
  const newest = edges?.newest === null || edges?.newest === undefined ? null : Number(edges.newest);
  const oldest = edges?.oldest === null || edges?.oldest === undefined ? null : Number(edges.oldest);
  if (newest === null || oldest === null || !Number.isFinite(newest) || !Number.isFinite(oldest) || newest <= oldest) return null;
  return { newest: newest + 1, oldest, delta: Math.max(60, ((newest - oldest) * 2 * windowSize) / expected) };
}

/** Snippets with their highlights, and contact names in the titles that are only handles. */
async function present(
  reader: SqlReader,
  rows: ReadonlyArray<WindowRow & { id: string }>,
  rankQuery: string,
  conditions: readonly Condition[],
  fragments: readonly string[],
): Promise<SearchHit[]> {
  if (rows.length === 0) return [];
  const params = new Params();
  const ids = params.add(rows.map((row) => row.id));
  const query = rankQuery ? `${params.add(rankQuery)}::tsquery` : null;
  const options = params.add(SNIPPET_OPTIONS);
  const clean = (column: string) => `translate(left(coalesce(${column}, ''), ${SNIPPET_SOURCE_CHARS}), E'\\x01\\x02', '')`;
  const snippets = await reader.rows<{ id: string; body: string; title: string }>(
    `SELECT id::text AS id,
            ${query ? `ts_headline(${CONFIG}, ${clean('body')}, ${query}, ${options})` : `left(${clean('body')}, 400)`} AS body,
            ${query ? `ts_headline(${CONFIG}, ${clean('title')}, ${query}, 'HighlightAll=true, StartSel=\u0001, StopSel=\u0002')` : clean('title')} AS title
       FROM artifact_search_index WHERE id = ANY(${ids}::uuid[])`,
    params.values,
  );
  const byId = new Map(snippets.map((row) => [row.id, row]));
  const names = await contactNames(reader, rows);
  const phones = conditions.flatMap((term) => (term.kind === 'phone' || term.kind === 'participant' ? (term.digits ?? []) : []));
  return rows.map((row) => {
    const texts = byId.get(row.id);
    let snippet = marked(texts?.body ?? '');
    if (snippet.highlights.length === 0) {
      const title = marked(texts?.title ?? '');
      if (title.highlights.length > 0 || snippet.text === '') snippet = title;
    }
    if (snippet.highlights.length === 0) snippet = { text: snippet.text, highlights: fragmentHighlights(snippet.text, fragments, phones) };
    const participants = row.participants ?? [];
    return {
      type: row.type,
      artifactTable: row.artifact_table,
      artifactId: row.artifact_id,
      backupId: row.backup_id,
      plugin: row.plugin,
      title: namedTitle(row, participants, names),
      snippet: snippet.text,
      highlights: snippet.highlights,
      occurredAt: row.occurred_at ? new Date(row.occurred_at).toISOString() : null,
      score: Number(row.score),
      participants,
    };
  });
}

/** The plain text of a headline and where its marked words are; white space runs become one space. */
function marked(headline: string): { text: string; highlights: Array<[number, number]> } {
  let text = '';
  const highlights: Array<[number, number]> = [];
  let open = -1;
  let space = false;
  for (const c of headline) {
    if (c === START) {
      if (space && text !== '') text += ' ';
      space = false;
      open = text.length;
      continue;
    }
    if (c === STOP) {
      if (open >= 0 && text.length > open) {
        const previous = highlights.at(-1);
        if (previous && previous[1] === open - 1 && text[open - 1] === ' ') previous[1] = text.length;
        else highlights.push([open, text.length]);
      }
      open = -1;
      continue;
    }
    if (/\s/u.test(c)) {
      space = true;
      continue;
    }
    if (space && text !== '') text += ' ';
    space = false;
    text += c;
  }
  return { text, highlights };
}

/** Lower case without accents, one output character per input UTF-16 unit kept where possible. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Highlights of substrings in a plain snippet: partial names and emails (accents and case ignored), and phone numbers
 * by their digits whatever separators the snippet writes between them.
 */
function fragmentHighlights(text: string, fragments: readonly string[], phones: readonly string[]): Array<[number, number]> {
  if ((fragments.length === 0 && phones.length === 0) || text === '') return [];
  // Fold character by character so offsets map back to the snippet.
  const starts: number[] = [];
  let folded = '';
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const piece = fold(text.slice(i, i + width));
    for (let k = 0; k < piece.length; k += 1) starts.push(i);
    folded += piece;
    i += width;
  }
  starts.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const fragment of fragments) {
    if (fragment === '') continue;
    for (let at = folded.indexOf(fragment); at !== -1 && ranges.length < 32; at = folded.indexOf(fragment, at + fragment.length)) {
      ranges.push([starts[at]!, starts[at + fragment.length] ?? text.length]);
    }
  }
  for (const digits of phones) {
    const pattern = new RegExp(digits.split('').join('[\\s().-]?'), 'g');
    for (let match = pattern.exec(text); match !== null && ranges.length < 32; match = pattern.exec(text)) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return ranges.filter((range, i) => i === 0 || range[0] >= ranges[i - 1]![1]);
}

/** Contact names of the handles in these hits, per backup: `${backup}\0${handle}` → name. */
async function contactNames(reader: SqlReader, rows: ReadonlyArray<WindowRow>): Promise<Map<string, string>> {
  const wanted = rows.filter((row) => row.type !== 'contact' && (row.handles?.length ?? 0) > 0);
  if (wanted.length === 0) return new Map();
  const backups = [...new Set(wanted.map((row) => row.backup_id))];
  const handles = [...new Set(wanted.flatMap((row) => row.handles ?? []))].slice(0, 1000);
  const found = await reader.rows<{ backup_id: string; handle: string; title: string }>(
    `SELECT c.backup_id, h AS handle, c.title
       FROM artifact_search_index c, unnest(c.handles) AS h
      WHERE c.type = 'contact' AND c.title IS NOT NULL AND c.handles && $2::text[] AND c.backup_id = ANY($1::text[]) AND h = ANY($2::text[])
      ORDER BY c.id`,
    [backups, handles],
  );
  const names = new Map<string, string>();
  for (const row of found) {
    const key = `${row.backup_id}\u0000${row.handle}`;
    if (!names.has(key)) names.set(key, row.title);
  }
  return names;
}

/** A title that is only the participants' handles, with each handle a contact of the backup has replaced by its name. */
function namedTitle(row: WindowRow, participants: readonly string[], names: ReadonlyMap<string, string>): string | null {
  if (names.size === 0 || (row.handles?.length ?? 0) === 0) return row.title;
  // A title that is the participants joined, or one of them; anything else is a real title (a chat's name).
  const shown = row.title === null || row.title === participants.join(', ') ? participants : participants.includes(row.title) ? [row.title] : null;
  if (shown === null || shown.length === 0) return row.title;
  // A participant's handles as the index stores them (identity.ts), looked up among the contacts' handles.
  const nameOf = (participant: string): string => {
    for (const handle of handlesOf([participant], null)) {
      const name = names.get(`${row.backup_id}\u0000${handle}`);
      if (name) return name;
    }
    return participant;
  };
  return shown.map(nameOf).join(', ');
}
