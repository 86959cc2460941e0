// The command line's words: usage text, option table and the commands that exist. Kept free of heavy imports, so
// `--help` and a mistyped option answer at once.

export const USAGE = `usage:
  ios-backup index <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-file FILE | --password-env NAME] [--notes-password-file FILE] [--notes-password P]... [--json]
  ios-backup enqueue <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-secret NAME] [--wait [--timeout SECONDS]] [--json]
  ios-backup search <query> [--backup-id ID]... [--type T[,T...]]... [--participant P] [--from D] [--to D] [--limit N] [--cursor C] [--json]
  ios-backup timeline [--backup-id ID] [--from D] [--to D] [--type T] [--limit N] [--cursor C] [--json]
  ios-backup status <backup-id> [--json]
  ios-backup backups [--json]
  ios-backup demo [--json]
  ios-backup where [--json]
  ios-backup plugins [--json]
  ios-backup migrate

search and timeline:
  --type T          document types (contact, event, message, note, photo, reminder, whatsapp_message),
                    comma-separated or repeated; an unknown one is refused with the list
  --backup-id ID    only these backups (repeat for several)
  --from D, --to D  a date or date-time (2024-03-01, 2024-03-01T18:00); both bounds included
  --participant P   a phone number in any format, an email, or a contact's name (search only)
  --limit N         results per page, 1 to 1000 (search: 20, timeline: 50)
  --cursor C        the next page: the cursor the previous page gave (\`more: ...\` on stderr, nextCursor in --json)
`;

export const OPTIONS = {
  artifact: { type: 'string', multiple: true },
  'notes-password': { type: 'string', multiple: true },
  'notes-password-file': { type: 'string' },
  'password-file': { type: 'string' },
  'password-env': { type: 'string' },
  'password-secret': { type: 'string' },
  'backup-id': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  type: { type: 'string', multiple: true },
  participant: { type: 'string' },
  cursor: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parsed option values. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** A command: its arguments after the command word, the parsed options; resolves to the exit code. */
export type Command = (positionals: string[], values: Values) => Promise<number>;

/**
 * A repeatable option's values (`--type a,b --type c`: a, b, c), each trimmed, empty ones left out; `comma` false
 * keeps commas (a backup id may hold one).
 */
export function optionList(values: Values, name: string, { comma = true }: { comma?: boolean } = {}): string[] {
  const raw = values[name];
  const given = raw === undefined || typeof raw === 'boolean' ? [] : Array.isArray(raw) ? raw : [raw];
  return given.flatMap((value) => (comma ? value.split(',') : [value])).map((value) => value.trim()).filter((value) => value !== '');
}

/**
 * Options that repeat for `search` and `timeline` (`--backup-id`) but name one thing for other commands: given
 * once, the command sees the value itself; given more often, the command is refused in a sentence.
 */
function takingOne(names: readonly string[], load: () => Promise<{ run: Command }>): () => Promise<{ run: Command }> {
  return async () => {
    const { run } = await load();
    return {
      run: async (positionals, values) => {
        const single: Values = { ...values };
        for (const name of names) {
          const value = values[name];
          if (!Array.isArray(value)) continue;
          if (value.length > 1) {
            const { InputError } = await import('../kernel/errors.js');
            throw new InputError(`--${name} is given ${value.length} times; this command takes one`);
          }
          single[name] = value[0];
        }
        return run(positionals, single);
      },
    };
  };
}

/** Every command, loaded only when it is the one asked for. */
export const COMMANDS: Readonly<Record<string, () => Promise<{ run: Command }>>> = {
  index: takingOne(['backup-id'], () => import('./commands/index.js')),
  enqueue: takingOne(['backup-id'], () => import('./commands/enqueue.js')),
  search: () => import('./commands/search.js'),
  timeline: () => import('./commands/timeline.js'),
  status: () => import('./commands/status.js'),
  backups: () => import('./commands/backups.js'),
  demo: () => import('./commands/demo.js'),
  where: () => import('./commands/where.js'),
  plugins: () => import('./commands/plugins.js'),
  migrate: () => import('./commands/migrate.js'),
};
