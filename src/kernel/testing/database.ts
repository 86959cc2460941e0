// Test databases: each test file creates its own PostgreSQL database on the local server and drops it afterwards.
// The server comes from IOS_BACKUP_TEST_PG (default: the local trust-auth server as user postgres).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Base URL of the server tests use. */
export const TEST_SERVER_URL = process.env.IOS_BACKUP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database created for one test file. */
export interface TestDatabase {
  name: string;
  url: string;
  /** A client on that database, for assertions. */
  query<T extends Record<string, any> = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named after the test file, with a random suffix. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `ios_backup_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    name,
    url: url.toString(),
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    drop: async () => {
      await pool.end();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
