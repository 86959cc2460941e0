// PostgreSQL helpers of the benchmark: its two databases (dropped and recreated with migrations), the plugin set it
// indexes with, and COPY of whole tables to and from files in COPY's text format.
import 'reflect-metadata';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { container } from 'tsyringe';
import { configurePlugins } from '../plugins.config.js';
import type { RegisteredPlugin } from '../src/kernel/plugin.js';
import { openOrm } from '../src/kernel/orm.js';
import { resolvePlugins } from '../src/kernel/registry.js';

/** The database the job indexes into. */
export const BENCH_DATABASE_URL = process.env.IOS_BACKUP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ios_backup_bench';

/** The database the floor, schema-cost and naive measurements load into. */
export const LOAD_DATABASE_URL =
  process.env.IOS_BACKUP_BENCH_LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ios_backup_bench_load';

/** A table the job wrote rows into, dumped to a file with its non-generated columns. */
export interface DumpedTable {
  name: string;
  /** Non-generated columns in ordinal order: the column list of every COPY of this table. */
  columns: string[];
  rows: number;
  /** The COPY text-format dump. */
  file: string;
}

/** Double-quotes an identifier. */
export function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** A quoted column list for COPY or SELECT. */
export function columnList(columns: readonly string[]): string {
  return columns.map(quoted).join(', ');
}

/** Drops the database named in the URL, closing its connections. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Every registered plugin, with the benchmarked one enabled (the others as plugins.config.ts has them). */
export function benchPlugins(pluginId: string): RegisteredPlugin[] {
  const child = container.createChildContainer();
  configurePlugins(child);
  return resolvePlugins(child).map((plugin) => (plugin.declaration.id === pluginId ? { ...plugin, enabled: true } : plugin));
}

/**
 * Drops the database, then creates it with every migration applied (openOrm), and returns the open ORM. Ends with a
 * CHECKPOINT, so what the previous measurement left for the server to write does not land in the next one's time
 * (skipped when the role may not checkpoint).
 */
export async function recreateDatabase(databaseUrl: string, plugins: readonly RegisteredPlugin[]): Promise<MikroORM> {
  await dropDatabase(databaseUrl);
  const orm = await openOrm(databaseUrl, plugins);
  const client = await connect(databaseUrl);
  try {
    await client.query('CHECKPOINT');
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
  } finally {
    await client.end();
  }
  return orm;
}

/** A connected plain pg client. */
export async function connect(databaseUrl: string, config: Omit<pg.ClientConfig, 'connectionString'> = {}): Promise<pg.Client> {
  const client = new pg.Client({ ...config, connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Columns of `public.<table>` that are not generated, in ordinal order. */
export async function nonGeneratedColumns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table public.${table} has no columns (does it exist?)`);
  return rows.map((row) => row.column_name);
}

/** Rows in a table (schema-qualified, already quoted). */
export async function countRows(client: pg.Client, qualifiedTable: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualifiedTable}`);
  return Number(rows[0]!.n);
}

/** Copies the columns of `public.<table>` to a file with COPY ... TO STDOUT. */
export async function dumpTable(client: pg.Client, table: string, columns: readonly string[], file: string): Promise<void> {
  const stream = client.query(copyTo(`COPY public.${quoted(table)} (${columnList(columns)}) TO STDOUT`));
  await pipeline(stream, createWriteStream(file));
}

/** Copies a dump file into `<schema>.<table>` with COPY ... FROM STDIN, streaming the file. */
export async function loadTable(client: pg.Client, schema: string, table: DumpedTable): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${quoted(schema)}.${quoted(table.name)} (${columnList(table.columns)}) FROM STDIN`));
  await pipeline(createReadStream(table.file), stream);
}

/** Fails when a loaded table does not hold the rows its dump holds. */
export async function expectRows(client: pg.Client, schema: string, tables: readonly DumpedTable[], what: string): Promise<void> {
  for (const table of tables) {
    const rows = await countRows(client, `${quoted(schema)}.${quoted(table.name)}`);
    if (rows !== table.rows) throw new Error(`${what}: ${schema}.${table.name} holds ${rows} rows, the job wrote ${table.rows}`);
  }
}
