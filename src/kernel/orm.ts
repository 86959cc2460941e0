// MikroORM setup: entities from the kernel and every registered plugin, committed migrations,
// and creation of the target database when it does not exist yet.
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { ArtifactSearchIndex } from '../entities/ArtifactSearchIndex.js';
import { ArtifactSource } from '../entities/ArtifactSource.js';
import { Backup } from '../entities/Backup.js';
import { applyEntityDecorators } from '../entities/decorators.js';
import { DomainRow } from '../entities/DomainRow.js';
import { SearchHandle, SearchTerm } from '../entities/SearchTerm.js';
import { migrationsList } from '../migrations/index.js';
import { redactUrl } from './config.js';
import { DatabaseUnavailableError, IosBackupError, PermissionDeniedError } from './errors.js';
import { isDatabaseGone, nameFailure } from './failures.js';
import type { Logger } from './logger.js';
import { quoteIdentifier } from './schema.js';
import type { RegisteredPlugin } from './plugin.js';

/** Kernel entities present whatever plugins are enabled. */
export const KERNEL_ENTITIES = [Backup, ArtifactSource, ArtifactSearchIndex, SearchTerm, SearchHandle] as const;

/**
 * Where the ORM's and knex's own messages go: the structured log at debug, never stdout (knex writes its
 * `Connection Error: ...` warnings with console.log, which would break the one-document contract of `--json`).
 */
function driverLog(logger: Logger | undefined) {
  const write = (level: string) => (message: unknown) =>
    logger?.debug({ driver: 'knex', level }, typeof message === 'string' ? message : JSON.stringify(message));
  return { debug: write('debug'), warn: write('warn'), error: write('error'), deprecate: write('deprecate') };
}

/** ORM options for a database URL and a set of plugins (all registered plugins' entities, enabled or not). */
export function ormOptions(databaseUrl: string, plugins: readonly RegisteredPlugin[], logger?: Logger): Options {
  applyEntityDecorators();
  const pluginEntities = [...new Set(plugins.flatMap((plugin) => plugin.declaration.entities))];
  return {
    logger: (message: string) => logger?.debug({ driver: 'mikro-orm' }, message),
    driverOptions: { log: driverLog(logger) },
    clientUrl: databaseUrl,
    entities: [DomainRow, ...KERNEL_ENTITIES, ...pluginEntities] as never,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true, disableDynamicFileAccess: true },
    allowGlobalContext: false,
    debug: false,
    pool: { min: 0, max: 10 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: 'src/migrations',
      pathTs: 'src/migrations',
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      migrationsList,
      silent: true,
    },
  };
}

/** Names a failure to open the database: unreachable, login refused, or a privilege missing (not "cannot reach"). */
function describeConnectError(url: string, error: unknown, doing = 'connect'): IosBackupError {
  const where = redactUrl(url);
  const code = String((error as { code?: unknown })?.code ?? '');
  const detail = error instanceof Error ? error.message || code || error.name : String(error);
  if (code === '42501') {
    return new PermissionDeniedError(`PostgreSQL at ${where} refused to ${doing}: ${detail} (grant the role CREATEDB, or create the database first)`, error);
  }
  if (code.startsWith('28')) return new PermissionDeniedError(`PostgreSQL at ${where} refused the login: ${detail}`, error, 'DATABASE_LOGIN_REFUSED');
  if (isConnectionError(error)) {
    return new DatabaseUnavailableError(
      `cannot reach PostgreSQL at ${where} (${detail}): start it, or correct IOS_BACKUP_DATABASE__URL, or unset that variable to use the embedded database`,
      error,
    );
  }
  return nameFailure(error, `opening the database at ${where}`);
}

/** Whether an error means the server could not be reached or went away (as opposed to a bug). */
export function isConnectionError(error: unknown): boolean {
  return isDatabaseGone(error) || /^3D/.test(String((error as { code?: unknown })?.code ?? ''));
}

/** Advisory lock keys (pg_advisory_lock(hashtext(key))): creating the database, applying migrations. */
const CREATE_LOCK = 'ios-backup:create-database';
const MIGRATE_LOCK = 'ios-backup:migrations';

/**
 * Creates the database named in the URL when it does not exist (connecting to the server's `postgres` database).
 * Processes starting at once on a new server take turns under an advisory lock; a creation that still races one made
 * outside the lock (duplicate name or duplicate key on pg_database) counts as done.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw describeConnectError(databaseUrl, new Error('the URL names no database'));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  // An unreachable server fails the connect; an error event afterwards (the server going away) must not crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectError(databaseUrl, error);
  }
  try {
    const exists = async () => ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
    if (await exists()) return;
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [CREATE_LOCK]);
    if (await exists()) return;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw describeConnectError(databaseUrl, error, `create database ${name}`);
    }
  } catch (error) {
    throw error instanceof IosBackupError ? error : describeConnectError(databaseUrl, error, `create database ${name}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Opens the ORM (creating the database if needed); optionally applies pending migrations. */
export async function openOrm(
  databaseUrl: string,
  plugins: readonly RegisteredPlugin[],
  { migrate = true, logger }: { migrate?: boolean; logger?: Logger } = {},
): Promise<MikroORM> {
  await ensureDatabase(databaseUrl);
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(databaseUrl, plugins, logger));
  } catch (error) {
    throw isConnectionError(error) ? describeConnectError(databaseUrl, error) : error;
  }
  if (migrate) {
    try {
      await applyMigrations(orm);
    } catch (error) {
      await orm.close(true).catch(() => undefined);
      throw describeConnectError(databaseUrl, error, 'apply the migrations');
    }
  }
  return orm;
}

/**
 * Applies pending migrations; returns the names applied. One process at a time per database (a session advisory lock
 * held on a connection of its own): the others wait, then find nothing left to apply.
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const knex = orm.em.getConnection().getKnex();
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATE_LOCK]);
    try {
      const applied = await orm.getMigrator().up();
      return applied.map((migration) => migration.name);
    } finally {
      await connection.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATE_LOCK]).catch(() => undefined);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
