// Read-only access for the commands that only query (search, status, backups, timeline): node-postgres on the chosen
// database, without loading the ORM. A database that is missing or not current is created and migrated through the
// ORM first (the same path `index` takes), so a first `search` on a new machine works and errors are named the same.
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type AppConfig } from './config.js';
import { chooseDatabase, type DatabaseChoice } from './database.js';
import { MIGRATION_NAMES } from '../migrations/names.js';

/** Runs a parameterized statement ($1, $2, ...) and returns its rows. */
export interface SqlReader {
  rows<T = Record<string, any>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `work` on one connection inside a read-only REPEATABLE READ transaction (one snapshot for all its
   * statements) that starts with `setup` (e.g. `SET LOCAL ...`). Readers without it run `work` on themselves.
   */
  session?<T>(setup: string, work: (reader: SqlReader) => Promise<T>): Promise<T>;
}

/** Parameters of one statement, built up with it: `add` keeps a value and returns its placeholder (`$1`, `$2`, ...). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

/** {@link SqlReader.session} on one client: BEGIN with the setup, the work, COMMIT (ROLLBACK on failure). */
export async function inSession<T>(client: Queryable, setup: string, work: (reader: SqlReader) => Promise<T>): Promise<T> {
  await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${setup}`);
  try {
    const result = await work({ rows: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[] });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A reader over an open ORM's pool (tests, and commands that already hold the ORM). */
export function ormReader(orm: MikroORM): SqlReader {
  const knex = orm.em.getConnection().getKnex();
  return {
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      const connection = await knex.client.acquireConnection();
      try {
        return (await connection.query(sql, params)).rows as T[];
      } finally {
        await knex.client.releaseConnection(connection);
      }
    },
    async session<T>(setup: string, work: (reader: SqlReader) => Promise<T>) {
      const connection = await knex.client.acquireConnection();
      try {
        return await inSession(connection, setup, work);
      } finally {
        await knex.client.releaseConnection(connection);
      }
    },
  };
}

/** An open read session. */
export interface ReadSession {
  reader: SqlReader;
  database: DatabaseChoice;
  close(): Promise<void>;
}

async function isCurrent(pool: pg.Pool): Promise<boolean> {
  try {
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM mikro_orm_migrations');
    const applied = new Set(rows.map((row) => row.name));
    return MIGRATION_NAMES.every((name) => applied.has(name));
  } catch {
    return false; // no database, no table, or unreachable: the ORM's path creates it or names the failure
  }
}

/** Opens a read session on the database this configuration chooses (the embedded one allowed unless told not to). */
export async function openReadSession({ config = loadConfig(), embedded = true }: { config?: AppConfig; embedded?: boolean } = {}): Promise<ReadSession> {
  const database = await chooseDatabase(config, { embedded });
  const pool = new pg.Pool({ connectionString: database.url, max: 4, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // an idle client losing its server: the next query fails with the cause
  const close = async () => {
    await pool.end().catch(() => undefined);
    database.embedded?.release();
  };
  try {
    if (!(await isCurrent(pool))) {
      const { openOrm } = await import('./orm.js');
      const orm = await openOrm(database.url, [], { migrate: true });
      await orm.close(true);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    database,
    reader: {
      async rows<T>(sql: string, params: readonly unknown[] = []) {
        return (await pool.query(sql, params as unknown[])).rows as T[];
      },
      async session<T>(setup: string, work: (reader: SqlReader) => Promise<T>) {
        const client = await pool.connect();
        try {
          return await inSession(client, setup, work);
        } finally {
          client.release();
        }
      },
    },
    close,
  };
}
