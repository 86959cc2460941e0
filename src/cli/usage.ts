// The command line's words: usage text, option table and the commands that exist. Kept free of heavy imports, so
// `--help` and a mistyped option answer at once.

export const USAGE = `usage:
  ios-backup index <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-file FILE | --password-env NAME] [--notes-password-file FILE] [--notes-password P]... [--json]
  ios-backup enqueue <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-secret NAME] [--wait [--timeout SECONDS]] [--json]
  ios-backup search <query> [--backup-id ID] [--type T] [--from D] [--to D] [--limit N] [--json]
  ios-backup status <backup-id> [--json]
  ios-backup backups [--json]
  ios-backup demo [--json]
  ios-backup where [--json]
  ios-backup plugins [--json]
  ios-backup migrate
`;

export const OPTIONS = {
  artifact: { type: 'string', multiple: true },
  'notes-password': { type: 'string', multiple: true },
  'notes-password-file': { type: 'string' },
  'password-file': { type: 'string' },
  'password-env': { type: 'string' },
  'password-secret': { type: 'string' },
  'backup-id': { type: 'string' },
  json: { type: 'boolean' },
  wait: { type: 'boolean' },
  type: { type: 'string' },
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

/** Every command, loaded only when it is the one asked for. */
export const COMMANDS: Readonly<Record<string, () => Promise<{ run: Command }>>> = {
  index: () => import('./commands/index.js'),
  enqueue: () => import('./commands/enqueue.js'),
  search: () => import('./commands/search.js'),
  status: () => import('./commands/status.js'),
  backups: () => import('./commands/backups.js'),
  demo: () => import('./commands/demo.js'),
  where: () => import('./commands/where.js'),
  plugins: () => import('./commands/plugins.js'),
  migrate: () => import('./commands/migrate.js'),
};
