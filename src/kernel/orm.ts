// MikroORM setup: entities from the kernel and every registered plugin, committed migrations,
// and creation of the target database when it does not exist yet.
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { ArtifactSearchIndex } from '../entities/ArtifactSearchIndex.js';
import { ArtifactSource } from '../entities/ArtifactSource.js';
import { Backup } from '../entities/Backup.js';
import { DomainRow } from '../entities/DomainRow.js';
import { migrationsList } from '../migrations/index.js';
import { redactUrl } from './config.js';
import { InfrastructureError } from './errors.js';
import { quoteIdentifier } from './schema.js';
import type { RegisteredPlugin } from './plugin.js';

/** Kernel entities present whatever plugins are enabled. */
export const KERNEL_ENTITIES = [Backup, ArtifactSource, ArtifactSearchIndex] as const;

/** ORM options for a database URL and a set of plugins (all registered plugins' entities, enabled or not). */
export function ormOptions(databaseUrl: string, plugins: readonly RegisteredPlugin[]): Options {
  const pluginEntities = [...new Set(plugins.flatMap((plugin) => plugin.declaration.entities))];
  return {
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

function describeConnectError(url: string, error: unknown): InfrastructureError {
  const detail = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  return new InfrastructureError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${detail}`, error);
}

/** Whether an error means the server could not be reached or refused the login (as opposed to a bug). */
export function isConnectionError(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/.test(code) || /^(08|28|3D|57P)/.test(code);
}

/** Creates the database named in the URL when it does not exist (connecting to the server's `postgres` database). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw describeConnectError(databaseUrl, new Error('the URL names no database'));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectError(databaseUrl, error);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw describeConnectError(databaseUrl, error);
      }
    }
  } finally {
    await client.end();
  }
}

/** Opens the ORM (creating the database if needed); optionally applies pending migrations. */
export async function openOrm(
  databaseUrl: string,
  plugins: readonly RegisteredPlugin[],
  { migrate = true }: { migrate?: boolean } = {},
): Promise<MikroORM> {
  await ensureDatabase(databaseUrl);
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(databaseUrl, plugins));
  } catch (error) {
    throw isConnectionError(error) ? describeConnectError(databaseUrl, error) : error;
  }
  if (migrate) await applyMigrations(orm);
  return orm;
}

/** Applies pending migrations; returns the names applied. */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
