#!/usr/bin/env node
// ios-backup: the command line. index (in-process), enqueue (BullMQ), search, status, plugins, migrate.
// `--json` prints one JSON document on stdout and nothing else there; errors are one line on stderr.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configurePlugins } from '../../plugins.config.js';
import { backupRoot, checkBackupFolder, openBackup, PasswordRequiredError } from '../backup/backup.js';
import { commandLinePassword } from '../backup/password.js';
import { createApp, type App } from '../kernel/app.js';
import { applyMigrations } from '../kernel/orm.js';
import { InputError, IosBackupError, oneLine } from '../kernel/errors.js';
import { nameFailure } from '../kernel/failures.js';
import { captureConsole } from '../kernel/logger.js';
import { isFile } from '../kernel/source.js';
import { removeWorkFoldersOnSignals } from '../kernel/work-folder.js';
import { IndexJobRunner, isBeingIndexed, validateJobInput, type IndexJobInput, type IndexJobResult } from '../kernel/job.js';
import { connectRedis, enqueueIndexJob, openQueue } from '../queue/queue.js';
import { waitForOutcome } from '../queue/wait.js';
import { searchIndex } from '../search/search.js';
import { derivedBackupId, parseArtifacts, readPasswordFile, withNotesPasswords, parseDate, parseLimit } from './args.js';
import { deviceOf, printIndexSummary, printPlugins, printSearch, printStatus, jsonReport } from './output.js';

const USAGE = `usage:
  ios-backup index <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-file FILE | --password-env NAME] [--notes-password-file FILE] [--notes-password P]... [--json]
  ios-backup enqueue <backup-folder> | --artifact <pluginId>=<path>... [--backup-id ID] [--password-secret NAME] [--wait [--timeout SECONDS]] [--json]
  ios-backup search <query> [--backup-id ID] [--type T] [--from D] [--to D] [--limit N] [--json]
  ios-backup status <backup-id> [--json]
  ios-backup plugins [--json]
  ios-backup migrate
`;

type Values = Record<string, string | boolean | string[] | undefined>;

const OPTIONS = {
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

/** Builds the job input from a folder (its real path: one backup reached two ways is one backup) or --artifact flags. */
async function jobInput(positionals: string[], values: Values): Promise<IndexJobInput> {
  const artifacts = (values.artifact as string[] | undefined) ?? [];
  if (positionals.length > 1) throw new InputError(`expected one backup folder, got ${positionals.length} arguments`);
  if (positionals.length === 1 && artifacts.length > 0) throw new InputError('give a backup folder or --artifact flags, not both');
  if (positionals.length === 0 && artifacts.length === 0) throw new InputError('give a backup folder or at least one --artifact <pluginId>=<path>');
  const explicitId = values['backup-id'] as string | undefined;
  if (positionals.length === 1) {
    const root = await backupRoot(resolve(positionals[0]!));
    return { backupId: explicitId ?? derivedBackupId(root), artifacts: {}, sourcePath: root };
  }
  const map = parseArtifacts(artifacts);
  for (const [id, paths] of Object.entries(map)) {
    for (const path of paths) {
      if (!(await isFile(path))) throw new InputError(`--artifact ${id}=${path}: no such file`);
    }
  }
  const seed = JSON.stringify(Object.entries(map).sort());
  return { backupId: explicitId ?? derivedBackupId(seed), artifacts: map };
}

/** The note passwords given on the command line: each --notes-password, then each line of --notes-password-file. */
async function notesPasswords(values: Values): Promise<string[]> {
  const passwords = [...((values['notes-password'] as string[] | undefined) ?? [])];
  const file = values['notes-password-file'] as string | undefined;
  if (file !== undefined) passwords.push(...(await readPasswordFile(file)));
  return passwords;
}

function exitCodeOf(result: IndexJobResult): number {
  if (result.status !== 'INDEXED') return 1;
  return result.plugins.some((plugin) => plugin.status === 'failed') ? 2 : 0;
}

async function index(app: App, positionals: string[], values: Values): Promise<number> {
  const input = await jobInput(positionals, values);
  validateJobInput(input, app.plugins);
  const plugins = withNotesPasswords(app.plugins, await notesPasswords(values));
  const password = commandLinePassword({ file: values['password-file'] as string | undefined, env: values['password-env'] as string | undefined });
  const orm = await app.orm();
  const progress = values.json ? undefined : (line: string) => process.stderr.write(`  ${line}\n`);
  const runner = new IndexJobRunner({
    orm,
    plugins,
    logger: app.logger,
    progress,
    workDir: app.config.workDir,
    openBackup: (job, work) => openBackup(job.sourcePath!, work, { plugins, password }),
  });
  const result = await runner.run(input);
  if (values.json) process.stdout.write(`${JSON.stringify(jsonReport(result))}\n`);
  else printIndexSummary(result);
  return exitCodeOf(result);
}

async function enqueue(app: App, positionals: string[], values: Values): Promise<number> {
  if (values['notes-password'] !== undefined || values['notes-password-file'] !== undefined) {
    throw new InputError('enqueue does not send note passwords through the queue (Redis would keep them): set them in the notes options of plugins.config.ts on the workers, or use index');
  }
  if (values['password-file'] !== undefined || values['password-env'] !== undefined) {
    throw new InputError('enqueue does not send backup passwords through the queue (Redis would keep them): give --password-secret NAME, a secret the workers hold (see the README)');
  }
  const parsed = await jobInput(positionals, values);
  const secret = values['password-secret'] as string | undefined;
  if (parsed.sourcePath) {
    const { encrypted } = await checkBackupFolder(parsed.sourcePath, app.plugins);
    if (encrypted && secret === undefined) throw new PasswordRequiredError('enqueue');
  }
  const input = { ...parsed, runId: randomUUID(), ...(secret !== undefined ? { passwordSecret: secret } : {}) };
  validateJobInput(input, app.plugins);
  const timeoutMs = values.timeout === undefined ? app.config.waitTimeoutMs : parseLimit('--timeout', values.timeout as string, 0, 7 * 86_400) * 1000;
  // PostgreSQL first: waiting reads the outcome there when Redis cannot tell it.
  const orm = values.wait ? await app.orm() : null;
  const connection = await connectRedis(app.config);
  const queue = openQueue(app.config.queueName, connection);
  const options = { attempts: app.config.jobAttempts, backoffMs: app.config.jobBackoffMs };
  try {
    const { job, created } = await enqueueIndexJob(queue, input, options);
    if (!values.json) process.stderr.write(`${created ? 'queued' : 'already queued'}: job ${job.id} for backup ${input.backupId}\n`);
    if (!orm) {
      if (values.json) process.stdout.write(`${JSON.stringify({ backupId: input.backupId, jobId: job.id, created })}\n`);
      return 0;
    }
    const followed = { ...input, runId: (job.data as IndexJobInput).runId ?? input.runId };
    const { result, from } = await waitForOutcome({
      queue,
      orm,
      plugins: app.plugins,
      input: followed,
      enqueue: options,
      timeoutMs,
      logger: app.logger,
      notify: values.json ? undefined : (line) => process.stderr.write(`  ${line}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ ...jsonReport(result), resultFrom: from })}\n`);
    else {
      if (from === 'postgresql') process.stderr.write('  the queue lost the job after it ran; this outcome was read from PostgreSQL\n');
      printIndexSummary(result);
    }
    return exitCodeOf(result);
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  }
}

async function search(app: App, positionals: string[], values: Values): Promise<number> {
  const text = positionals.join(' ').trim();
  if (!text) throw new InputError('search needs a query');
  const orm = await app.orm();
  const hits = await searchIndex(orm, {
    text,
    backupId: values['backup-id'] as string | undefined,
    type: values.type as string | undefined,
    from: parseDate('--from', values.from as string | undefined),
    to: parseDate('--to', values.to as string | undefined),
    limit: parseLimit('--limit', values.limit as string | undefined, 20, 10_000),
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ query: text, hits })}\n`);
  else printSearch(hits);
  return 0;
}

async function status(app: App, positionals: string[], values: Values): Promise<number> {
  const backupId = positionals[0];
  if (!backupId || positionals.length > 1) throw new InputError('status needs exactly one backup id');
  const orm = await app.orm();
  const connection = orm.em.fork().getConnection();
  const [backup] = await connection.execute('SELECT * FROM backup WHERE id = ?', [backupId]);
  if (!backup) throw new IosBackupError('NOT_FOUND', `no backup with id "${backupId}"`);
  const sources = await connection.execute(
    'SELECT plugin, path, domain, relative_path, sha256, size, schema_variant, rows, warnings, status, error, error_code, duration_ms FROM artifact_source WHERE backup_id = ? ORDER BY created_at, plugin',
    [backupId],
  );
  const interrupted = backup.error_code === 'INTERRUPTED' || (backup.status === 'INDEXING' && !(await isBeingIndexed(orm, backupId)));
  if (values.json) process.stdout.write(`${JSON.stringify({ backup, device: deviceOf(backup), interrupted, sources })}\n`);
  else printStatus(backup, sources, interrupted);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const human = !values.json && process.env.IOS_BACKUP_LOG__LEVEL === undefined;
  const app = createApp(configurePlugins, human ? { logLevel: 'warn' } : {});
  captureConsole(app.logger);
  // A job run here keeps private copies of evidence: they go with the process however it ends (Ctrl-C, kill, a
  // closed pipe), and the previous index stays intact (the job's transaction rolls back with the connection).
  if (command === 'index') {
    removeWorkFoldersOnSignals((signal) => {
      try {
        process.stderr.write(`\nios-backup: stopped by ${signal}; the private copies were removed and the previous index is intact\n`);
      } catch {
        // stderr may be the closed pipe itself.
      }
    });
  }
  try {
    switch (command) {
      case 'index':
        return await index(app, rest, values);
      case 'enqueue':
        return await enqueue(app, rest, values);
      case 'search':
        return await search(app, rest, values);
      case 'status':
        return await status(app, rest, values);
      case 'plugins':
        if (values.json) {
          const list = app.plugins.map((plugin) => ({
            id: plugin.declaration.id,
            title: plugin.declaration.title,
            enabled: plugin.enabled,
            reason: plugin.reason ?? null,
            fileNames: plugin.declaration.source.fileNames,
            locations: plugin.declaration.source.locations,
          }));
          process.stdout.write(`${JSON.stringify({ plugins: list })}\n`);
        } else printPlugins(app.plugins);
        return 0;
      case 'migrate': {
        const orm = await app.orm({ migrate: false });
        const applied = await applyMigrations(orm);
        process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
        return 0;
      }
      default:
        throw new InputError(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    await app.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    // One line on stderr naming the cause; with --json, also one JSON document on stdout (and nothing else there).
    const failure = nameFailure(error);
    const message = oneLine(failure.message);
    process.stderr.write(`ios-backup: ${message} [${failure.code}]\n`);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: failure.code, message } })}\n`);
    process.exit(1);
  },
);
