// Named error family for ios-backup: every error a user can meet has a stable code and keeps its cause.
// The kernel wraps what a plugin throws with the plugin id and phase; the job decides retry from `recoverable`.

/** Base of every error the product raises at a boundary a user can reach. */
export class IosBackupError extends Error {
  /** Stable, machine-readable identifier (`SOURCE_CORRUPT`, `CONFIG_INVALID`, ...). */
  readonly code: string;
  /** False when retrying the same job cannot help (bad input, unsupported schema). */
  readonly recoverable: boolean;
  /** What was known of the evidence file when the error happened (kept on the failed source's record). */
  evidence?: { sha256?: string; size?: number };

  constructor(code: string, message: string, options: { cause?: unknown; recoverable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.recoverable = options.recoverable ?? false;
  }
}

/** The artifact database cannot be read: not SQLite, encrypted, truncated or damaged. */
export class SourceCorruptError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('SOURCE_CORRUPT', message, { cause });
  }
}

/** The artifact file could not be found or copied. */
export class SourceUnreadableError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('SOURCE_UNREADABLE', message, { cause });
  }
}

/** The database is readable but its schema is not one the plugin understands. */
export class UnsupportedSchemaError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('UNSUPPORTED_SCHEMA', message, { cause });
  }
}

/** A plugin reported a data problem that makes its whole source unusable. */
export class PluginDataError extends IosBackupError {
  readonly pluginId: string;
  readonly phase: string;

  constructor(pluginId: string, phase: string, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    const code = cause instanceof IosBackupError ? cause.code : 'PLUGIN_DATA_ERROR';
    super(code, `${pluginId}: ${phase}: ${inner}`, { cause });
    this.pluginId = pluginId;
    this.phase = phase;
  }
}

/** A configuration value (environment variable, plugin option, command-line flag) is invalid. */
export class ConfigError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('CONFIG_INVALID', message, { cause });
  }
}

/**
 * Bad input from the caller: unknown plugin id, malformed artifact map, bad backup id. `INPUT_INVALID` unless a more
 * precise code names it (`UNKNOWN_TYPE`, `BAD_CURSOR`).
 */
export class InputError extends IosBackupError {
  constructor(message: string, cause?: unknown, code = 'INPUT_INVALID') {
    super(code, message, { cause });
  }
}

/**
 * Codes of failures a later attempt may get past: a service back up, a conflict gone, a job that died with its
 * process. The queue retries them; `enqueue --wait` queues again a job lost after failing with one of them.
 */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'INFRASTRUCTURE_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'REDIS_UNAVAILABLE',
  'DATABASE_CONFLICT',
  'DATABASE_RESOURCES',
  'DISK_FULL',
  'INTERRUPTED',
]);

/** A service the product depends on failed; retryable when its code is one of RETRYABLE_CODES. */
export class InfrastructureError extends IosBackupError {
  constructor(message: string, cause?: unknown, code: string = 'INFRASTRUCTURE_UNAVAILABLE') {
    super(code, message, { cause, recoverable: RETRYABLE_CODES.has(code) });
  }
}

/** PostgreSQL could not be reached, or went away during the work (a restart, a network cut). Retrying later helps. */
export class DatabaseUnavailableError extends InfrastructureError {
  constructor(message: string, cause?: unknown) {
    super(message, cause, 'DATABASE_UNAVAILABLE');
  }
}

/** Redis could not be reached, or went away. Retrying later helps. */
export class RedisUnavailableError extends InfrastructureError {
  constructor(message: string, cause?: unknown) {
    super(message, cause, 'REDIS_UNAVAILABLE');
  }
}

/** The database refused an operation for lack of a privilege, or refused the login: retrying cannot help. */
export class PermissionDeniedError extends InfrastructureError {
  constructor(message: string, cause?: unknown, code: 'PERMISSION_DENIED' | 'DATABASE_LOGIN_REFUSED' = 'PERMISSION_DENIED') {
    super(message, cause, code);
  }
}

/** A bug or an error nobody named: retrying the same job would meet it again. */
export class InternalError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('INTERNAL_ERROR', message, { cause, recoverable: false });
  }
}

/** Plugin registration is inconsistent (duplicate ids, a plugin without a folder). */
export class RegistryError extends IosBackupError {
  constructor(message: string) {
    super('REGISTRY_INVALID', message);
  }
}

/** Errors that mean "this source's data is bad": recorded as a failed plugin, the job goes on. */
export function isSourceDataError(error: unknown): boolean {
  if (!(error instanceof IosBackupError)) return false;
  return ['SOURCE_CORRUPT', 'SOURCE_UNREADABLE', 'UNSUPPORTED_SCHEMA', 'PLUGIN_DATA_ERROR'].includes(error.code);
}

/** Human message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The message of an error on one line (driver messages sometimes span several). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
