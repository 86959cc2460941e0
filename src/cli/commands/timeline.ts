// `ios-backup timeline`: every dated document of the search index in time order, across domains, a page at a time.
// Read-only: node-postgres on the chosen database, no ORM.
import { InputError } from '../../kernel/errors.js';
import { openReadSession } from '../../kernel/reader.js';
import { timeline, TIMELINE_MAX_LIMIT } from '../../search/timeline.js';
import type { TimelineRequest } from '../../search/types.js';
import { parseDate, parseLimit } from '../args.js';
import { printTimeline } from '../output.js';
import { optionList, type Values } from '../usage.js';

/** Entries per page without --limit. */
const DEFAULT_LIMIT = 50;

/** The options of a timeline request, as given (for the `more:` line's command), less --cursor. */
export function timelineArgs(values: Values): string[] {
  const words: string[] = ['timeline'];
  for (const id of optionList(values, 'backup-id', { comma: false })) words.push('--backup-id', id);
  const types = optionList(values, 'type');
  if (types.length > 0) words.push('--type', types.join(','));
  for (const name of ['from', 'to', 'limit'] as const) if (typeof values[name] === 'string') words.push(`--${name}`, values[name] as string);
  return words;
}

export async function run(positionals: string[], values: Values): Promise<number> {
  if (positionals.length > 0) throw new InputError('timeline takes no words, only options: `ios-backup timeline [--from D] [--to D] [--type T] ...` (see --help)');
  const request: TimelineRequest = {
    backupIds: optionList(values, 'backup-id', { comma: false }),
    types: optionList(values, 'type'),
    from: parseDate('--from', values.from as string | undefined),
    to: parseDate('--to', values.to as string | undefined),
    limit: parseLimit('--limit', values.limit as string | undefined, DEFAULT_LIMIT, TIMELINE_MAX_LIMIT),
    cursor: (values.cursor as string | undefined) ?? null,
  };
  const session = await openReadSession();
  try {
    const page = await timeline(session.reader, request);
    if (values.json) process.stdout.write(`${JSON.stringify({ entries: page.entries, nextCursor: page.nextCursor })}\n`);
    else printTimeline(page, timelineArgs(values));
    return 0;
  } finally {
    await session.close();
  }
}
