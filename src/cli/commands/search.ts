// `ios-backup search`: the search index across every domain, best matches first, a page at a time.
// Read-only: node-postgres on the chosen database, no ORM.
import { InputError } from '../../kernel/errors.js';
import { openReadSession } from '../../kernel/reader.js';
import { MAX_LIMIT, searchIndex } from '../../search/search.js';
import type { SearchHit, SearchRequest } from '../../search/types.js';
import { parseDate, parseLimit } from '../args.js';
import { printSearch } from '../output.js';
import { optionList, type Values } from '../usage.js';

/** Hits per page without --limit. */
const DEFAULT_LIMIT = 20;

/** A hit as `search --json` prints it: these keys, in this order. */
export function jsonHit(hit: SearchHit) {
  return {
    type: hit.type,
    artifactTable: hit.artifactTable,
    artifactId: hit.artifactId,
    backupId: hit.backupId,
    title: hit.title,
    snippet: hit.snippet,
    highlights: hit.highlights,
    occurredAt: hit.occurredAt,
    score: hit.score,
  };
}

/** The words of this search as given (for the `more:` line's command), less --cursor. */
export function searchArgs(text: string, values: Values): string[] {
  const words: string[] = ['search', text];
  for (const id of optionList(values, 'backup-id', { comma: false })) words.push('--backup-id', id);
  const types = optionList(values, 'type');
  if (types.length > 0) words.push('--type', types.join(','));
  for (const name of ['participant', 'from', 'to', 'limit'] as const) if (typeof values[name] === 'string') words.push(`--${name}`, values[name] as string);
  return words;
}

export async function run(positionals: string[], values: Values): Promise<number> {
  const text = positionals.join(' ').trim();
  if (!text) throw new InputError('search needs a query, for example: ios-backup search "dinner on friday"');
  const participant = values.participant as string | undefined;
  if (participant !== undefined && participant.trim() === '') throw new InputError('--participant expects a phone number, an email or a name');
  const request: SearchRequest = {
    text,
    backupIds: optionList(values, 'backup-id', { comma: false }),
    types: optionList(values, 'type'),
    participant,
    from: parseDate('--from', values.from as string | undefined),
    to: parseDate('--to', values.to as string | undefined),
    limit: parseLimit('--limit', values.limit as string | undefined, DEFAULT_LIMIT, MAX_LIMIT),
    cursor: (values.cursor as string | undefined) ?? null,
  };
  const session = await openReadSession();
  try {
    const page = await searchIndex(session.reader, request);
    if (values.json) {
      // `warnings` (a query cut to its first terms) only when there are some, after the documented keys.
      const warnings = page.warnings.length > 0 ? { warnings: page.warnings } : {};
      process.stdout.write(`${JSON.stringify({ hits: page.hits.map(jsonHit), nextCursor: page.nextCursor, ...warnings })}\n`);
    } else {
      for (const warning of page.warnings) process.stderr.write(`warning: ${warning}\n`);
      printSearch(page, searchArgs(text, values));
    }
    return 0;
  } finally {
    await session.close();
  }
}
