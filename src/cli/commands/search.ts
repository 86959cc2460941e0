// `ios-backup search`: the search index across every domain.
import { InputError } from '../../kernel/errors.js';
import { searchIndex } from '../../search/search.js';
import { parseDate, parseLimit } from '../args.js';
import { printSearch } from '../output.js';
import { openReadSession } from '../../kernel/reader.js';
import type { Values } from '../usage.js';

export async function run(positionals: string[], values: Values): Promise<number> {
  const text = positionals.join(' ').trim();
  if (!text) throw new InputError('search needs a query, for example: ios-backup search "dinner on friday"');
  const query = {
    text,
    backupId: values['backup-id'] as string | undefined,
    type: values.type as string | undefined,
    from: parseDate('--from', values.from as string | undefined),
    to: parseDate('--to', values.to as string | undefined),
    limit: parseLimit('--limit', values.limit as string | undefined, 20, 10_000),
  };
  const session = await openReadSession();
  try {
    const hits = await searchIndex(session.reader, query);
    if (values.json) process.stdout.write(`${JSON.stringify({ query: text, hits })}\n`);
    else printSearch(hits);
    return 0;
  } finally {
    await session.close();
  }
}
