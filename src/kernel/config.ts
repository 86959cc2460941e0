// Runtime configuration from IOS_BACKUP_* environment variables (`__` for nesting), validated at start-up.
// A bad value stops the program with one clear line naming the variable.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** Validated configuration. */
export interface AppConfig {
  /** The PostgreSQL URL: the configured one, or the default address when none is configured. */
  databaseUrl: string;
  /**
   * `configured`: IOS_BACKUP_DATABASE__URL names a server; `default`: nothing is configured (commands that may fall
   * back to the embedded server do so when nothing answers at the default address); `embedded`: forced
   * (IOS_BACKUP_DATABASE__URL=embedded).
   */
  databaseMode: 'configured' | 'default' | 'embedded';
  /** Folder of the embedded PostgreSQL (IOS_BACKUP_EMBEDDED__DIR; default ~/.ios-backup/pg). */
  embeddedDir: string | null;
  redisUrl: string;
  queueName: string;
  workerConcurrency: number;
  jobAttempts: number;
  jobBackoffMs: number;
  /** Longest wait between two attempts: the backoff doubles from jobBackoffMs up to this. */
  jobBackoffMaxMs: number;
  /** How long `enqueue --wait` waits for the outcome before giving up (the job may still run). */
  waitTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where jobs keep their private working copies of evidence (one 0700 folder per job, removed when it ends). */
  workDir: string;
  /** Folder of files named after password secrets, read by workers for encrypted backups (see secrets.ts). */
  secretsDir: string | null;
}

/** Default database: a local PostgreSQL with trust auth; the database is created when it does not exist. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ios_backup';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_JOB_ATTEMPTS = 10;

const KNOWN = {
  IOS_BACKUP_DATABASE__URL: 'databaseUrl',
  IOS_BACKUP_EMBEDDED__DIR: 'embeddedDir',
  IOS_BACKUP_REDIS__URL: 'redisUrl',
  IOS_BACKUP_QUEUE__NAME: 'queueName',
  IOS_BACKUP_WORKER__CONCURRENCY: 'workerConcurrency',
  IOS_BACKUP_JOB__ATTEMPTS: 'jobAttempts',
  IOS_BACKUP_JOB__BACKOFF_MS: 'jobBackoffMs',
  IOS_BACKUP_JOB__BACKOFF_MAX_MS: 'jobBackoffMaxMs',
  IOS_BACKUP_WAIT__TIMEOUT_S: 'waitTimeoutMs',
  IOS_BACKUP_LOG__LEVEL: 'logLevel',
  IOS_BACKUP_WORK__DIR: 'workDir',
  IOS_BACKUP_SECRETS__DIR: 'secretsDir',
} as const;

/** Environment variables holding backup password secrets for workers: `IOS_BACKUP_SECRET_<NAME>` (see secrets.ts). */
export const SECRET_ENV_PREFIX = 'IOS_BACKUP_SECRET_';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function url(name: string, value: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${value}"`);
  }
  return value;
}

/** An absolute folder path (resolved), or null when not set. */
function folder(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.includes('\u0000')) throw new ConfigError(`${name} is not a usable path`);
  return resolve(value);
}

function positiveInt(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(`${name} must be a whole number, got "${value}"`);
  const parsed = Number(value);
  if (parsed < 1 || parsed > max) throw new ConfigError(`${name} must be between 1 and ${max}, got ${parsed}`);
  return parsed;
}

/** Reads and validates the configuration; unknown IOS_BACKUP_ variables are rejected (a typo must not go unnoticed). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  for (const name of Object.keys(env)) {
    if (name.startsWith('IOS_BACKUP_') && !(name in KNOWN) && !name.startsWith(SECRET_ENV_PREFIX)) {
      throw new ConfigError(`unknown configuration variable ${name} (known: ${Object.keys(KNOWN).join(', ')})`);
    }
  }
  const value = (name: keyof typeof KNOWN): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const queueName = value('IOS_BACKUP_QUEUE__NAME') ?? 'default';
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(queueName)) {
    throw new ConfigError(`IOS_BACKUP_QUEUE__NAME may hold letters, digits, '_', '.', '-' only, got "${queueName}"`);
  }
  const logLevel = value('IOS_BACKUP_LOG__LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`IOS_BACKUP_LOG__LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const database = value('IOS_BACKUP_DATABASE__URL');
  const databaseMode = database === undefined ? 'default' : database === 'embedded' ? 'embedded' : 'configured';
  return {
    databaseUrl: databaseMode === 'configured' ? url('IOS_BACKUP_DATABASE__URL', database!, ['postgres:', 'postgresql:']) : DEFAULT_DATABASE_URL,
    databaseMode,
    embeddedDir: folder('IOS_BACKUP_EMBEDDED__DIR', value('IOS_BACKUP_EMBEDDED__DIR')),
    redisUrl: url('IOS_BACKUP_REDIS__URL', value('IOS_BACKUP_REDIS__URL') ?? DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    queueName,
    workerConcurrency: positiveInt('IOS_BACKUP_WORKER__CONCURRENCY', value('IOS_BACKUP_WORKER__CONCURRENCY') ?? '1', 64),
    // 10 attempts, 5 s doubling to a 60 s cap: the retries span about 6 minutes of database downtime.
    jobAttempts: positiveInt('IOS_BACKUP_JOB__ATTEMPTS', value('IOS_BACKUP_JOB__ATTEMPTS') ?? String(DEFAULT_JOB_ATTEMPTS), 100),
    jobBackoffMs: positiveInt('IOS_BACKUP_JOB__BACKOFF_MS', value('IOS_BACKUP_JOB__BACKOFF_MS') ?? '5000', 86_400_000),
    jobBackoffMaxMs: positiveInt('IOS_BACKUP_JOB__BACKOFF_MAX_MS', value('IOS_BACKUP_JOB__BACKOFF_MAX_MS') ?? '60000', 86_400_000),
    waitTimeoutMs: positiveInt('IOS_BACKUP_WAIT__TIMEOUT_S', value('IOS_BACKUP_WAIT__TIMEOUT_S') ?? '3600', 7 * 86_400) * 1000,
    logLevel: logLevel as AppConfig['logLevel'],
    workDir: folder('IOS_BACKUP_WORK__DIR', value('IOS_BACKUP_WORK__DIR')) ?? tmpdir(),
    secretsDir: folder('IOS_BACKUP_SECRETS__DIR', value('IOS_BACKUP_SECRETS__DIR')),
  };
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return value;
  }
}
