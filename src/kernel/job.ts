// The indexing job: INDEXING in its own transaction, then one transaction under an advisory lock on the backup id
// that replaces the backup's rows plugin by plugin (a savepoint each), and INDEXED, or FAILED with everything rolled back.
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve, sep } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { ArtifactSearchIndex } from '../entities/ArtifactSearchIndex.js';
import { BackupStatus } from '../entities/Backup.js';
import { regionOf } from '../search/identity.js';
import { PROGRESS_EVERY, SEARCH_TABLE, SourceContext } from './context.js';
import { CopySink, copyTablesOf } from './copy-sink.js';
import {
  InputError,
  IosBackupError,
  PluginDataError,
  SourceCorruptError,
  isSourceDataError,
  messageOf,
} from './errors.js';
import { isDatabaseGone, nameFailure } from './failures.js';
import { sourceIdFor } from './ids.js';
import type { Logger } from './logger.js';
import { quoteIdentifier } from './schema.js';
import type { BackupFiles, RegisteredPlugin, SourceView, SourceWarning } from './plugin.js';
import { isFile, openSource, type ArtifactFile, type OpenedSource } from './source.js';
import { WorkFolder } from './work-folder.js';

/** One artifact named in a job: a path, or a file with its sidecars and backup location. */
export type ArtifactInput = string | ArtifactFile;

/** The job's input: the backup id and, per plugin id, its artifact(s). */
export interface IndexJobInput {
  backupId: string;
  artifacts: Readonly<Record<string, ArtifactInput | readonly ArtifactInput[]>>;
  /** Folder the artifacts were found in, when indexing a backup folder. */
  sourcePath?: string | null;
  /**
   * Identifies one request to index the backup (the queue's job and its retries share it). Written on the backup row
   * with its status, so a client waiting for the job can read the outcome from PostgreSQL when Redis lost the job.
   */
  runId?: string;
  /** Device facts, when known beforehand (a folder's own plists are read when the job opens it, and win). */
  device?: DeviceFacts;
  /**
   * For an encrypted backup run by a worker: the name of the secret holding its password in the workers' own
   * environment or secrets folder (see src/queue/secrets.ts). Never the password itself: job data sits in Redis.
   */
  passwordSecret?: string;
}

/** Device facts of a backup, read from its Info.plist, Manifest.plist and Status.plist. */
export interface DeviceFacts {
  deviceName?: string | null;
  productType?: string | null;
  productVersion?: string | null;
  buildVersion?: string | null;
  serialNumber?: string | null;
  udid?: string | null;
  imei?: string | null;
  /** The device's own number ("Phone Number"): personal data, never logged nor stored; only its country is used. */
  phoneNumber?: string | null;
  lastBackupAt?: Date | string | null;
  encrypted?: boolean | null;
  fullBackup?: boolean | null;
}

/** A backup folder opened for one job (src/backup/): what it holds per plugin, its file lookup, its facts. */
export interface OpenedBackup {
  /** The folder's real path (symlinks resolved). */
  readonly root: string;
  /** How the folder was read: `manifest-db`, `hashed`, `flat` or `domain-folders`. */
  readonly layout: string;
  readonly files: BackupFiles;
  readonly device: DeviceFacts;
  /** Per enabled plugin id, the databases found at its declared locations. */
  readonly artifacts: Readonly<Record<string, ArtifactFile[]>>;
  /** Warnings about the folder itself (an unreadable plist). */
  readonly warnings: readonly SourceWarning[];
  /** Warnings gathered by file lookups since the last call (files the manifest lists but the folder lacks). */
  takeWarnings(): SourceWarning[];
  close(): Promise<void>;
}

/** Opens the backup folder of a job input inside the job's private work folder (decrypting what it must). */
export type BackupOpener = (input: IndexJobInput, work: WorkFolder, log: Logger) => Promise<OpenedBackup>;

/** What one run of a job holds besides its input: its private folder, and its opened backup folder. */
interface JobRun {
  input: IndexJobInput;
  work: WorkFolder;
  backup: OpenedBackup | null;
  /** Country of the device's own number (the folder's, else the input's facts), for reading national numbers. */
  region: string | null;
}

/** Per-plugin outcome, as printed by `index --json`. */
export interface PluginReport {
  id: string;
  status: 'completed' | 'skipped' | 'failed';
  rows: Record<string, number>;
  warnings: SourceWarning[];
  error?: string;
  errorCode?: string;
  /** Why a plugin was skipped. */
  reason?: string;
  /** Why it did not run, when skipped: turned off in plugins.config.ts, or nothing to read in this backup or job. */
  skipped?: 'disabled' | 'not-found';
  searchDocuments: number;
  /** Time spent on its sources (0 when skipped). */
  durationMs: number;
}

/** The job's result. */
export interface IndexJobResult {
  backupId: string;
  status: BackupStatus;
  plugins: PluginReport[];
  searchDocuments: number;
  durationMs: number;
}

/** What the runner needs besides its input. */
export interface JobRunnerDeps {
  orm: MikroORM;
  plugins: readonly RegisteredPlugin[];
  logger: Logger;
  /**
   * Opens the backup folder of inputs with a `sourcePath` (src/backup/openBackup with the job's password source);
   * without it, such inputs are read from their artifact map alone, with no file lookup for media.
   */
  openBackup?: BackupOpener;
  /** Where each job makes its private folder (default: the system's temp folder). */
  workDir?: string;
  /** Human progress lines (the command line prints them on stderr, a worker may log them); logs stay separate. */
  progress?: (line: string) => void;
  /** The same progress as events, for a display that draws it (the command line's bars); see {@link JobEvent}. */
  onEvent?: (event: JobEvent) => void;
}

/**
 * What a running job tells its watcher, in order: the backup folder opened; waiting while another job holds the
 * backup's lock; indexing (the lock held); per plugin, either skipped, or per source started (with the rows its
 * progress measure expects), rows (every thousand rows written), and finished (or skipped when its file is
 * missing); then finishing (recording and committing). A job that fails stops the sequence anywhere.
 */
export type JobEvent =
  | { type: 'opened'; root: string; layout: string; encrypted: boolean }
  | { type: 'waiting'; backupId: string }
  | { type: 'indexing'; backupId: string }
  | { type: 'plugin-skipped'; plugin: string; title: string; reason: string; skipped: 'disabled' | 'not-found' }
  | {
      type: 'source-started';
      plugin: string;
      title: string;
      /** The backup location (or path) read. */
      source: string;
      /** How many sources this plugin reads in this job (WhatsApp and WhatsApp Business: 2). */
      sources: number;
      /** Rows the measured tables will get, or null when unknown (no total, no ETA). */
      expectedRows: number | null;
    }
  | { type: 'source-rows'; plugin: string; source: string; /** Rows of the measured tables. */ rows: number; /** Rows of all tables. */ written: number }
  | {
      type: 'source-finished';
      plugin: string;
      source: string;
      status: 'completed' | 'failed' | 'skipped';
      /** Rows of the measured tables. */
      rows: number;
      warnings: number;
      durationMs: number;
      error?: string;
      reason?: string;
    }
  | { type: 'finishing'; backupId: string };

/** The progress line of an event (null: the event has none), as the `progress` callback receives it. */
export function progressLine(event: JobEvent): string | null {
  switch (event.type) {
    case 'opened':
      return `${event.root}: ${event.encrypted ? 'encrypted, decrypted with its password' : 'not encrypted'}, read as ${event.layout}`;
    case 'waiting':
      return `waiting: another job is indexing backup ${event.backupId}; this one starts when it ends`;
    case 'indexing':
      return `indexing backup ${event.backupId}`;
    case 'source-started':
      return `${event.plugin}: reading ${event.source}`;
    case 'source-rows':
      return event.written % PROGRESS_EVERY === 0 ? `${event.plugin}: ${event.written.toLocaleString('en-US')} rows written` : null;
    case 'source-finished':
      if (event.status === 'completed') return `${event.plugin}: completed in ${event.durationMs} ms`;
      if (event.status === 'failed') return `${event.plugin}: failed: ${event.error}`;
      return null;
    default:
      return null;
  }
}

/**
 * The rows a plugin's progress measure expects of an opened source: a whole number, else null (unknown). A count that
 * fails is unknown, never an error: the parse that follows reports what is wrong with the source.
 */
export function expectedRowsOf(plugin: RegisteredPlugin, source: SourceView<any>): number | null {
  const measure = plugin.declaration.progress;
  if (!measure) return null;
  try {
    const rows = measure.expectedRows(source);
    return typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 0 ? rows : null;
  } catch {
    return null;
  }
}

/** Where the job runs from, for its log lines. */
export interface JobAttempt {
  jobId?: string;
  /** 1 for the first try. */
  attempt?: number;
  attempts?: number;
}

/** Why a disabled plugin is skipped, as reports say it. */
export function disabledReason(plugin: RegisteredPlugin): string {
  return `disabled: ${plugin.reason ?? 'no reason given'}`;
}

/** Why an enabled plugin is skipped when the job names no artifact for it. */
export const NO_ARTIFACT = 'no artifact for this plugin in the job';

/**
 * A plugin's report from the outcomes of its sources: rows summed, warnings and errors gathered (the first error
 * code kept), failed when one source failed, else completed when one completed, else skipped.
 */
export function reportOf(id: string, outcomes: readonly PluginReport[]): PluginReport {
  const report: PluginReport = { id, status: 'skipped', rows: {}, warnings: [], searchDocuments: 0, durationMs: 0 };
  for (const outcome of outcomes) {
    for (const [table, n] of Object.entries(outcome.rows)) report.rows[table] = (report.rows[table] ?? 0) + n;
    report.warnings.push(...outcome.warnings);
    report.searchDocuments += outcome.searchDocuments;
    report.durationMs += outcome.durationMs;
    if (outcome.error) {
      report.error = report.error ? `${report.error}; ${outcome.error}` : outcome.error;
      report.errorCode ??= outcome.errorCode;
    }
    if (outcome.reason) report.reason = outcome.reason;
    if (outcome.skipped) report.skipped = outcome.skipped;
  }
  const statuses = outcomes.map((outcome) => outcome.status);
  report.status = statuses.includes('failed') ? 'failed' : statuses.includes('completed') ? 'completed' : 'skipped';
  if (report.status !== 'skipped') delete report.skipped;
  return report;
}

const BACKUP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const RUN_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Names of password secrets: letters, digits, `_` and `-` (a variable name's tail or a file name, never a path). */
export const PASSWORD_SECRET = /^[A-Za-z0-9_-]{1,64}$/;

/** Rejects malformed input before anything is written. */
export function validateJobInput(input: IndexJobInput, plugins: readonly RegisteredPlugin[]): void {
  if (typeof input.backupId !== 'string' || !BACKUP_ID.test(input.backupId)) {
    throw new InputError(`invalid backup id "${String(input.backupId)}": use 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  if (input.passwordSecret !== undefined && (typeof input.passwordSecret !== 'string' || !PASSWORD_SECRET.test(input.passwordSecret))) {
    // Not repeated: a password typed where its secret's name belongs must not reach a log.
    throw new InputError("invalid password secret name: give the name of a secret the workers hold (1-64 letters, digits, '_' or '-'), never the password");
  }
  if (input.runId !== undefined && (typeof input.runId !== 'string' || !RUN_ID.test(input.runId))) {
    throw new InputError(`invalid run id "${String(input.runId)}"`);
  }
  const known = new Set(plugins.map((plugin) => plugin.declaration.id));
  for (const id of Object.keys(input.artifacts ?? {})) {
    if (!known.has(id)) throw new InputError(`unknown plugin "${id}" in the artifact map (known: ${[...known].join(', ')})`);
  }
}

function artifactList(value: ArtifactInput | readonly ArtifactInput[] | undefined): ArtifactFile[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value as ArtifactInput];
  return list.map((item) => (typeof item === 'string' ? { path: item } : item));
}

function sourceKey(file: ArtifactFile): string {
  return file.location ? `${file.location.domain}/${file.location.relativePath}` : file.path;
}

/** Turns what a plugin threw into a data error for its source, or null when it is not a data problem. */
function asSourceDataError(pluginId: string, phase: string, error: unknown): IosBackupError | null {
  if (isSourceDataError(error)) return error as IosBackupError;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new PluginDataError(pluginId, phase, new SourceCorruptError(`SQLite error ${code}: ${messageOf(error)}`, error));
  }
  // PostgreSQL class 22: the plugin produced a value PostgreSQL refuses (bad encoding, out of range). 23505: two rows
  // of one source got the same id, i.e. the source repeats a key its rows are identified by.
  if (typeof code === 'string' && /^(?:22[0-9A-Z]{3}|23505)$/.test(code) && (error as { severity?: unknown }).severity) {
    return new PluginDataError(pluginId, phase, error);
  }
  return null;
}

/** Refuses a work directory inside the backup folder: the job's copies would be written into the evidence. */
async function refuseWorkDirInside(workDir: string | undefined, sourcePath: string | null | undefined): Promise<void> {
  if (!sourcePath) return;
  const real = async (path: string): Promise<string> => realpath(path).catch(() => resolve(path));
  const [work, source] = await Promise.all([real(workDir ?? tmpdir()), real(sourcePath)]);
  if (work === source || work.startsWith(source + sep)) {
    throw new InputError(`the work directory ${work} is inside the backup folder ${source}: set IOS_BACKUP_WORK__DIR to a folder outside it (nothing is ever written inside a backup)`);
  }
}

/** The facts that are known (not null or undefined), so they do not hide facts known elsewhere. */
function definedFacts(facts: DeviceFacts): DeviceFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined)) as DeviceFacts;
}

/** Name of the advisory lock a job holds on its backup for the whole indexing transaction. */
function lockName(backupId: string): string {
  return `ios-backup:${backupId}`;
}

/**
 * Runs `work` in a transaction that holds the backup's advisory lock, when no job holds it; returns null when one does
 * (a job is indexing the backup right now). Jobs wait for the lock, so none can start on the backup while `work` runs.
 */
async function unlessBeingIndexed<T>(orm: MikroORM, backupId: string, work: (tx: EntityManager) => Promise<T>): Promise<T | null> {
  return orm.em.fork().transactional(async (tx) => {
    const [row] = await tx
      .getConnection()
      .execute<Array<{ free: boolean }>>('SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS free', [lockName(backupId)], 'all', tx.getTransactionContext());
    return row?.free ? work(tx) : null;
  });
}

/**
 * Whether a job is indexing the backup right now (it holds the backup's advisory lock). A backup left INDEXING with
 * no job holding the lock was interrupted (a killed process): its previous index is intact and it can be indexed again.
 */
export async function isBeingIndexed(orm: MikroORM, backupId: string): Promise<boolean> {
  return (await unlessBeingIndexed(orm, backupId, async () => true)) === null;
}

/** Message stored on a backup whose job stopped without recording how it ended. */
export const INTERRUPTED_MESSAGE =
  'the indexing job stopped before it finished (its process was killed, or lost PostgreSQL and could not record the failure); the previous index is intact: index it again';

/**
 * Records as FAILED (code INTERRUPTED) every backup left INDEXING by a job that no longer runs: nobody holds its
 * advisory lock. Each backup is checked and updated under its lock, so a job starting meanwhile waits and cannot be
 * marked. Run at the start of every command and worker that opens the database, and periodically by workers.
 * Returns the ids recorded.
 */
export async function markInterrupted(orm: MikroORM): Promise<string[]> {
  const connection = orm.em.fork().getConnection();
  const stuck = await connection.execute<Array<{ id: string }>>("SELECT id FROM backup WHERE status = 'INDEXING' ORDER BY id");
  const marked: string[] = [];
  for (const { id } of stuck) {
    const done = await unlessBeingIndexed(orm, id, async (tx) => {
      const updated = await tx.getConnection().execute<{ affectedRows: number }>(
        `UPDATE backup SET status = 'FAILED', error = ?, error_code = 'INTERRUPTED', updated_at = now() WHERE id = ? AND status = 'INDEXING'`,
        [INTERRUPTED_MESSAGE, id],
        'run',
        tx.getTransactionContext(),
      );
      return updated.affectedRows > 0;
    });
    if (done) marked.push(id);
  }
  return marked;
}

/** Runs indexing jobs against PostgreSQL. */
export class IndexJobRunner {
  private readonly orm: MikroORM;
  private readonly plugins: readonly RegisteredPlugin[];
  private readonly logger: Logger;
  private readonly openBackup: BackupOpener | null;
  private readonly workDir: string | undefined;
  private readonly progress: (line: string) => void;
  private readonly onEvent: ((event: JobEvent) => void) | null;

  constructor(deps: JobRunnerDeps) {
    this.orm = deps.orm;
    this.plugins = deps.plugins;
    this.logger = deps.logger;
    this.openBackup = deps.openBackup ?? null;
    this.workDir = deps.workDir;
    this.progress = deps.progress ?? (() => undefined);
    this.onEvent = deps.onEvent ?? null;
  }

  /** Tells the watchers: the event, and its progress line when it has one. A watcher that throws never stops the job. */
  private emit(event: JobEvent): void {
    try {
      this.onEvent?.(event);
    } catch (error) {
      this.logger.warn({ step: 'progress', err: messageOf(error) }, 'a progress watcher failed');
    }
    const line = progressLine(event);
    if (line !== null) this.progress(line);
  }

  /**
   * Runs one job; throws a named error (after recording FAILED when the database still answers) on anything but a
   * plugin's data error. The advisory lock is taken before the backup is marked INDEXING, so a backup that says
   * INDEXING while nobody holds its lock was really interrupted (see markInterrupted).
   */
  async run(input: IndexJobInput, attempt: JobAttempt = {}): Promise<IndexJobResult> {
    const started = Date.now();
    validateJobInput(input, this.plugins);
    const log = this.logger.child({
      backupId: input.backupId,
      jobId: attempt.jobId ?? 'in-process',
      ...(attempt.attempt !== undefined ? { attempt: attempt.attempt, attempts: attempt.attempts } : {}),
    });
    // The job's private folder, and the backup folder opened into it, come before anything is written: a folder that
    // is not a backup, or a wrong password, fails here with no row touched. The folder goes however the job ends.
    await refuseWorkDirInside(this.workDir, input.sourcePath);
    const work = await WorkFolder.create(this.workDir);
    let backup: OpenedBackup | null = null;
    try {
      backup = await this.open(input, work, log);
      const region = regionOf(backup?.device.phoneNumber ?? input.device?.phoneNumber);
      return await this.runLocked({ input, work, backup, region }, log, started);
    } finally {
      await backup?.close().catch((error) => log.warn({ step: 'close-backup', err: messageOf(error) }, 'closing the backup folder failed'));
      // A folder that cannot be removed must not replace the job's outcome; the next start sweeps it.
      await work.remove().catch((error) => log.warn({ step: 'remove-work-folder', err: messageOf(error) }, 'the private work folder could not be removed'));
    }
  }

  /** Opens the input's backup folder (when it names one and this runner can); a failure is logged and named. */
  private async open(input: IndexJobInput, work: WorkFolder, log: Logger): Promise<OpenedBackup | null> {
    if (!input.sourcePath || !this.openBackup) return null;
    try {
      const backup = await this.openBackup(input, work, log);
      log.info(
        { step: 'opened', layout: backup.layout, encrypted: backup.device.encrypted ?? false, plugins: Object.keys(backup.artifacts) },
        'backup folder opened',
      );
      this.emit({ type: 'opened', root: backup.root, layout: backup.layout, encrypted: backup.device.encrypted ?? false });
      return backup;
    } catch (error) {
      const failure = nameFailure(error, `opening the backup folder of ${input.backupId}`);
      // Info: the caller reports the error itself (the command line in one line, the worker as a failed job).
      log.info({ step: 'open-failed', code: failure.code, err: failure.message }, 'backup folder not opened; nothing was written');
      throw failure;
    }
  }

  /** The job proper: under the backup's advisory lock, INDEXING, every plugin, then INDEXED (or FAILED). */
  private async runLocked(run: JobRun, log: Logger, started: number): Promise<IndexJobResult> {
    const { input } = run;
    const em = this.orm.em.fork();
    const runId = input.runId ?? null;
    // What the connection itself reported (the server's FATAL on shutdown, a reset): later statements on the dead
    // client only say it "is not queryable", so this is the first real cause when the database goes away.
    let connectionError: unknown;
    const onConnectionError = (error: unknown) => {
      connectionError ??= error;
    };
    let jobClient: PoolClient | undefined;

    try {
      const result = await em.transactional(async (tx) => {
        const client = await this.clientOf(tx);
        jobClient = client;
        client.on('error', onConnectionError);
        await this.lock(client, input.backupId, log);
        this.emit({ type: 'indexing', backupId: input.backupId });
        await this.markIndexing(run);
        log.info({ step: 'indexing' }, 'backup marked INDEXING');
        await this.deletePrevious(client, input.backupId);
        log.info({ step: 'deleted-previous' }, 'previous rows of enabled plugins deleted');

        const reports: PluginReport[] = [];
        for (const plugin of this.plugins) {
          reports.push(await this.runPlugin(client, plugin, run, log));
        }
        this.emit({ type: 'finishing', backupId: input.backupId });
        await this.recordTerms(client, input.backupId, reports, log);
        const counts: Record<string, number> = {};
        for (const report of reports) for (const [table, n] of Object.entries(report.rows)) counts[table] = (counts[table] ?? 0) + n;
        const searchDocuments = reports.reduce((sum, report) => sum + report.searchDocuments, 0);
        const failed = reports.filter((report) => report.status === 'failed').length;
        await client.query(
          `UPDATE backup SET status = $2, error = NULL, error_code = NULL, counts = $3, search_documents = $4,
                  plugins_failed = $5, run_id = $6, indexed_at = now(), updated_at = now() WHERE id = $1`,
          [input.backupId, BackupStatus.INDEXED, JSON.stringify(counts), searchDocuments, failed, runId],
        );
        await this.recordFacts(client, run);
        return { backupId: input.backupId, status: BackupStatus.INDEXED, plugins: reports, searchDocuments, durationMs: 0 };
      });
      await this.analyze(result, log);
      result.durationMs = Date.now() - started;
      log.info({ step: 'indexed', durationMs: result.durationMs, searchDocuments: result.searchDocuments }, 'backup INDEXED');
      return result;
    } catch (error) {
      const cause = connectionError !== undefined && isDatabaseGone(error) ? connectionError : error;
      const failure = nameFailure(cause, `the indexing of backup ${input.backupId}`);
      log.error({ step: 'failed', code: failure.code, err: failure.message }, 'backup FAILED');
      await this.markFailed(input.backupId, failure, runId).catch((markError) =>
        log.error(
          { step: 'mark-failed', err: nameFailure(markError).message },
          'could not record FAILED; the next start of a command or worker records it as INTERRUPTED',
        ),
      );
      throw failure;
    } finally {
      jobClient?.off('error', onConnectionError);
    }
  }

  /**
   * Refreshes the planner's statistics of the tables the job loaded, once it has committed (ANALYZE inside the job's
   * transaction would hold a lock that a concurrent job's ANALYZE of the same table waits for until commit). Autovacuum
   * would get there later; until then a query planned on a table that grew from nothing to a million rows is blind.
   * A failure here is logged, never a failed job: the index is committed and correct.
   */
  private async analyze(result: IndexJobResult, log: Logger): Promise<void> {
    const loaded = new Set<string>();
    for (const report of result.plugins) {
      for (const [table, rows] of Object.entries(report.rows)) if (rows > 0) loaded.add(table);
    }
    if (result.searchDocuments > 0) loaded.add(SEARCH_TABLE);
    if (loaded.size === 0) return;
    const started = Date.now();
    try {
      const connection = this.orm.em.fork().getConnection();
      for (const table of [...loaded].sort()) await connection.execute(`ANALYZE ${quoteIdentifier(table)}`);
      if (loaded.has(SEARCH_TABLE)) {
        // A GIN index keeps new entries in a pending list (up to 4 MB) that every search then reads in full; a manual
        // ANALYZE does not merge it (VACUUM and autoanalyze do, later), so the job merges it now.
        await connection.execute(
          `SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE i.indrelid = '${SEARCH_TABLE}'::regclass AND a.amname = 'gin'`,
        );
      }
      log.info({ step: 'analyzed', tables: loaded.size, durationMs: Date.now() - started }, 'statistics of loaded tables refreshed');
    } catch (error) {
      log.warn({ step: 'analyze', err: messageOf(error) }, 'ANALYZE of the loaded tables failed; autovacuum will refresh them later');
    }
  }

  /** Takes the backup's advisory lock for the transaction; while another job holds it, says so and waits. */
  private async lock(client: PoolClient, backupId: string, log: Logger): Promise<void> {
    const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS free', [lockName(backupId)]);
    if (!rows[0]?.free) {
      log.info({ step: 'waiting-for-lock' }, 'another job is indexing this backup: waiting for its lock');
      this.emit({ type: 'waiting', backupId });
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockName(backupId)]);
    }
    log.info({ step: 'locked' }, 'advisory lock held');
  }

  private async clientOf(tx: EntityManager): Promise<PoolClient> {
    const trx = tx.getTransactionContext<{ client: { acquireConnection(): Promise<PoolClient> } }>();
    if (!trx) throw new Error('no transaction context');
    return trx.client.acquireConnection();
  }

  /** Marks the backup INDEXING in its own committed statement, so watchers see it while the job's transaction runs. */
  private async markIndexing(run: JobRun): Promise<void> {
    await this.orm.em.fork().getConnection().execute(
      `INSERT INTO backup (id, status, run_id, created_at, updated_at) VALUES (?, 'INDEXING', ?, now(), now())
       ON CONFLICT (id) DO UPDATE SET status = 'INDEXING', error = NULL, error_code = NULL, updated_at = now(), run_id = EXCLUDED.run_id`,
      [run.input.backupId, run.input.runId ?? null],
    );
  }

  /**
   * Records where the index came from, in the job's transaction (a run that fails leaves the facts of the index that
   * stays): the folder, its layout and warnings as read now (null for a map of files); device facts the folder's plists
   * know win over those given with the input, and a fact neither knows keeps its stored value.
   */
  private async recordFacts(client: PoolClient, run: JobRun): Promise<void> {
    const { input, backup } = run;
    const device: DeviceFacts = { ...(input.device ?? {}), ...definedFacts(backup?.device ?? {}) };
    const lastBackupAt = device.lastBackupAt ? new Date(device.lastBackupAt) : null;
    const facts: Array<[string, unknown]> = [
      ['device_name', device.deviceName],
      ['product_type', device.productType],
      ['product_version', device.productVersion],
      ['build_version', device.buildVersion],
      ['serial_number', device.serialNumber],
      ['udid', device.udid],
      ['imei', device.imei],
      ['last_backup_at', lastBackupAt && !Number.isNaN(lastBackupAt.getTime()) ? lastBackupAt : null],
      ['encrypted', device.encrypted],
      ['full_backup', device.fullBackup],
    ];
    await client.query(
      `UPDATE backup SET source_path = $2, layout = $3, warnings = $4,
         ${facts.map(([column], index) => `${column} = coalesce($${index + 5}, ${column})`).join(', ')}
       WHERE id = $1`,
      [input.backupId, backup?.root ?? input.sourcePath ?? null, backup?.layout ?? null, JSON.stringify(backup?.warnings ?? []), ...facts.map(([, value]) => value ?? null)],
    );
  }

  private async markFailed(backupId: string, failure: IosBackupError, runId: string | null): Promise<void> {
    await this.orm.em
      .fork()
      .getConnection()
      .execute(`UPDATE backup SET status = 'FAILED', error = ?, error_code = ?, run_id = ?, updated_at = now() WHERE id = ?`, [
        failure.message,
        failure.code,
        runId,
        backupId,
      ]);
  }

  /**
   * Adds the words of the documents just loaded to `search_term` (the lexicon partial words are looked up in; see
   * src/search/search.ts): the lexemes of 3 to 64 characters with no space or punctuation that are not only digits;
   * and their handles to `search_handle` (where fragments of numbers and addresses are looked up).
   * Inserted in sorted order, so two jobs adding the same new words wait on each other instead of deadlocking; it is
   * the job's last large statement, so the wait lasts until the other job's commit at most.
   */
  private async recordTerms(client: PoolClient, backupId: string, reports: readonly PluginReport[], log: Logger): Promise<void> {
    const loaded = reports.filter((report) => report.searchDocuments > 0).map((report) => report.id);
    if (loaded.length === 0) return;
    const started = Date.now();
    const terms = await client.query(
      `INSERT INTO search_term (term)
       SELECT term FROM (
         SELECT DISTINCT unnest(tsvector_to_array(search_vector)) AS term
           FROM ${SEARCH_TABLE} WHERE backup_id = $1 AND plugin = ANY($2)
       ) words
        WHERE length(term) BETWEEN 3 AND 64 AND term ~ '^[^[:space:][:punct:][:cntrl:]]+$' AND term !~ '^[0-9]+$'
        ORDER BY term
       ON CONFLICT DO NOTHING`,
      [backupId, loaded],
    );
    const handles = await client.query(
      `INSERT INTO search_handle (handle)
       SELECT handle FROM (SELECT DISTINCT unnest(handles) AS handle FROM ${SEARCH_TABLE} WHERE backup_id = $1 AND plugin = ANY($2)) found
        ORDER BY handle
       ON CONFLICT DO NOTHING`,
      [backupId, loaded],
    );
    const added = (terms.rowCount ?? 0) + (handles.rowCount ?? 0);
    log.info({ step: 'search-terms', added, durationMs: Date.now() - started }, 'indexed words and handles recorded');
  }

  private async deletePrevious(client: PoolClient, backupId: string): Promise<void> {
    const enabled = this.plugins.filter((plugin) => plugin.enabled);
    const tables = enabled.flatMap((plugin) => copyTablesOf(this.orm, plugin.declaration.entities).map((table) => table.name));
    for (const table of [...tables].reverse()) {
      await client.query(`DELETE FROM "${table}" WHERE backup_id = $1`, [backupId]);
    }
    const ids = enabled.map((plugin) => plugin.declaration.id);
    await client.query(`DELETE FROM ${SEARCH_TABLE} WHERE backup_id = $1 AND plugin = ANY($2)`, [backupId, ids]);
    await client.query('DELETE FROM artifact_source WHERE backup_id = $1 AND plugin = ANY($2)', [backupId, ids]);
  }

  private async runPlugin(client: PoolClient, plugin: RegisteredPlugin, run: JobRun, log: Logger): Promise<PluginReport> {
    const { input } = run;
    const id = plugin.declaration.id;
    // An opened folder's own map wins: paths given with it would be the stored (perhaps encrypted) files.
    const files = artifactList((run.backup?.artifacts ?? input.artifacts ?? {})[id]);
    const title = plugin.declaration.title;
    if (!plugin.enabled) {
      const reason = disabledReason(plugin);
      if (files.length > 0) log.info({ step: 'plugin', plugin: id, status: 'skipped', reason }, 'plugin skipped');
      this.emit({ type: 'plugin-skipped', plugin: id, title, reason, skipped: 'disabled' });
      return { ...reportOf(id, []), reason, skipped: 'disabled' };
    }
    if (files.length === 0) {
      await this.recordSource(client, input.backupId, id, null, { status: 'skipped', error: NO_ARTIFACT });
      log.info({ step: 'plugin', plugin: id, status: 'skipped', reason: NO_ARTIFACT }, 'plugin skipped');
      this.emit({ type: 'plugin-skipped', plugin: id, title, reason: NO_ARTIFACT, skipped: 'not-found' });
      return { ...reportOf(id, []), reason: NO_ARTIFACT, skipped: 'not-found' };
    }
    const outcomes: PluginReport[] = [];
    for (const file of files) outcomes.push(await this.runSource(client, plugin, run, file, files.length, log));
    return reportOf(id, outcomes);
  }

  private async runSource(client: PoolClient, plugin: RegisteredPlugin, run: JobRun, file: ArtifactFile, sources: number, log: Logger): Promise<PluginReport> {
    const { input, backup } = run;
    const id = plugin.declaration.id;
    const started = Date.now();
    const key = sourceKey(file);
    const sourceId = sourceIdFor(input.backupId, id, key);
    const plog = log.child({ plugin: id, sourceId });
    if (file.missing !== undefined || !(await isFile(file.path))) {
      // A map that names a file the folder lacks is a warning naming it; a path given by hand is only skipped.
      const reason = file.missing ?? `file not found: ${file.path}`;
      const warnings = file.missing !== undefined ? [{ code: 'BACKUP_FILE_MISSING', message: reason, count: 1 }] : [];
      await this.recordSource(client, input.backupId, id, file, { status: 'skipped', error: reason, warnings });
      plog.info({ step: 'plugin', status: 'skipped', reason }, 'plugin skipped');
      this.emit({ type: 'source-finished', plugin: id, source: key, status: 'skipped', rows: 0, warnings: warnings.length, durationMs: 0, reason });
      return { id, status: 'skipped', rows: {}, warnings, searchDocuments: 0, durationMs: 0, reason, skipped: 'not-found' };
    }
    const savepoint = `plugin_${id.replace(/[^a-z0-9]/g, '_')}`;
    await client.query(`SAVEPOINT ${savepoint}`);
    let phase = 'open';
    let sha256: string | null = null;
    let size: number | null = null;
    const tables = copyTablesOf(this.orm, plugin.declaration.entities);
    const sink = new CopySink(client, [...tables, ...copyTablesOf(this.orm, [ArtifactSearchIndex])]);
    let source: OpenedSource | undefined;
    let context: SourceContext<unknown> | undefined;
    try {
      source = await openSource(file, run.work);
      sha256 = source.sha256;
      size = source.size;
      await this.recordSource(client, input.backupId, id, file, { status: 'completed', sha256, size });
      phase = 'parse';
      const measure = plugin.declaration.progress;
      const expectedRows = this.onEvent ? expectedRowsOf(plugin, { db: source.db, schema: source.schema, options: plugin.options, location: file.location ?? null }) : null;
      this.emit({ type: 'source-started', plugin: id, title: plugin.declaration.title, source: key, sources, expectedRows });
      context = new SourceContext({
        pluginId: id,
        backupId: input.backupId,
        sourceId,
        db: source.db,
        schema: source.schema,
        options: plugin.options,
        location: file.location ?? null,
        files: backup?.files ?? null,
        tables: tables.map((table) => table.name),
        search: plugin.declaration.search,
        sink,
        measured: measure?.tables,
        onRows: ({ measured, written }) => this.emit({ type: 'source-rows', plugin: id, source: key, rows: measured, written }),
        region: run.region,
      });
      for (const warning of file.warnings ?? []) context.warn(warning.code, warning.message, warning.count);
      await plugin.declaration.parse(context);
      for (const warning of backup?.takeWarnings() ?? []) context.warn(warning.code, warning.message, warning.count);
      phase = 'write';
      await sink.flush();
      const outcome = context.outcome();
      await this.closeSource(source, context, plog);
      await client.query(
        `UPDATE artifact_source SET rows = $2, warnings = $3, schema_variant = $4, search_documents = $5, duration_ms = $6 WHERE id = $1`,
        [sourceId, JSON.stringify(outcome.rows), JSON.stringify(outcome.warnings), outcome.variant, outcome.searchDocuments, Date.now() - started],
      );
      await client.query(`RELEASE SAVEPOINT ${savepoint}`);
      const durationMs = Date.now() - started;
      this.emit({ type: 'source-finished', plugin: id, source: key, status: 'completed', rows: context.progress().measured, warnings: outcome.warnings.length, durationMs });
      plog.info(
        { step: 'plugin', status: 'completed', rows: outcome.rows, warnings: outcome.warnings.length, variant: outcome.variant, durationMs },
        'plugin completed',
      );
      return { id, status: 'completed', rows: outcome.rows, warnings: outcome.warnings, searchDocuments: outcome.searchDocuments, durationMs };
    } catch (error) {
      // The source is closed and its private copy removed first, whatever comes next; nothing here may replace `error`.
      if (source) await this.closeSource(source, context, plog);
      await sink.abandon().catch(() => undefined);
      // Warnings of lookups this source made are its own, not the next source's.
      const lookupWarnings = backup?.takeWarnings() ?? [];
      const dataError = asSourceDataError(id, phase, error);
      if (!dataError) throw error;
      const evidence = error instanceof IosBackupError ? error.evidence : undefined;
      sha256 ??= evidence?.sha256 ?? null;
      size ??= evidence?.size ?? null;
      await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      await client.query(`RELEASE SAVEPOINT ${savepoint}`);
      const message = dataError instanceof PluginDataError ? dataError.message : `${id}: ${phase}: ${dataError.message}`;
      const durationMs = Date.now() - started;
      await this.recordSource(client, input.backupId, id, file, {
        status: 'failed',
        sha256,
        size,
        error: message,
        errorCode: dataError.code,
        durationMs,
      });
      this.emit({ type: 'source-finished', plugin: id, source: key, status: 'failed', rows: context?.progress().measured ?? 0, warnings: lookupWarnings.length, durationMs, error: message });
      plog.warn({ step: 'plugin', status: 'failed', code: dataError.code, err: message }, 'plugin failed');
      return { id, status: 'failed', rows: {}, warnings: lookupWarnings, searchDocuments: 0, durationMs, error: message, errorCode: dataError.code };
    }
  }

  /**
   * Ends the plugin's statements, closes the source and removes its private copy. Never throws: a failure to close is
   * logged as a secondary detail, so it can neither hide the error that stopped the plugin nor fail a finished one.
   */
  private async closeSource(source: OpenedSource, context: SourceContext<unknown> | undefined, log: Logger): Promise<void> {
    context?.release();
    try {
      await source.close();
    } catch (error) {
      log.warn({ step: 'close-source', err: messageOf(error) }, 'closing the private copy of the source failed; its folder was removed');
    }
  }

  private async recordSource(
    client: PoolClient,
    backupId: string,
    pluginId: string,
    file: ArtifactFile | null,
    fields: { status: string; sha256?: string | null; size?: number | null; error?: string; errorCode?: string; durationMs?: number; warnings?: SourceWarning[] },
  ): Promise<void> {
    const key = file ? sourceKey(file) : '(none)';
    await client.query(
      `INSERT INTO artifact_source (id, backup_id, plugin, path, domain, relative_path, sha256, size, rows, warnings, status, error, error_code, duration_ms, search_documents, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{}', $13, $9, $10, $11, $12, 0, now())
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, sha256 = EXCLUDED.sha256, size = EXCLUDED.size, warnings = EXCLUDED.warnings,
         error = EXCLUDED.error, error_code = EXCLUDED.error_code, duration_ms = EXCLUDED.duration_ms`,
      [
        sourceIdFor(backupId, pluginId, key),
        backupId,
        pluginId,
        file?.path ?? null,
        file?.location?.domain ?? null,
        file?.location?.relativePath ?? null,
        fields.sha256 ?? null,
        fields.size ?? null,
        fields.status,
        fields.error ?? null,
        fields.errorCode ?? null,
        fields.durationMs ?? 0,
        JSON.stringify(fields.warnings ?? []),
      ],
    );
  }
}
