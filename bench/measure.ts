// The benchmark's measurements, each run in its own child process: the real job (recording the SQL it prepares on the
// source and dumping what it wrote), the read floor, the store floor (COPY into key-only tables) and the schema cost.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { ArtifactSearchIndex } from '../src/entities/ArtifactSearchIndex.js';
import { ArtifactSource } from '../src/entities/ArtifactSource.js';
import { Backup } from '../src/entities/Backup.js';
import { copyTablesOf } from '../src/kernel/copy-sink.js';
import { IndexJobRunner } from '../src/kernel/job.js';
import { createLogger } from '../src/kernel/logger.js';
import {
  BENCH_DATABASE_URL,
  LOAD_DATABASE_URL,
  benchPlugins,
  connect,
  countRows,
  dumpTable,
  expectRows,
  loadTable,
  nonGeneratedColumns,
  quoted,
  recreateDatabase,
  type DumpedTable,
} from './postgres.js';
import type { Workload } from './workloads.js';

/** What every measurement reports: its timed seconds and the peak RSS of its process. */
export interface TimedMeasurement {
  seconds: number;
  /** `process.resourceUsage().maxRSS` right after the timed work, in MiB. */
  peakRssMiB: number;
}

/** The real job, indexing the source into the bench database. */
export interface JobMeasurement extends TimedMeasurement {
  /** Largest heap still in use right after a full GC, sampled on every progress line and at the end. */
  liveHeapMiB: number;
  /** Rows per table the job wrote, counted in PostgreSQL (backup, artifact_source, plugin tables, search index). */
  rows: Record<string, number>;
  /** Rows per plugin table as the job reported them. */
  reportedRows: Record<string, number>;
  /** Unique SQL texts prepared on the source database during the job, in order. */
  statements: string[];
  /** The dumped tables, without their temporary files. */
  tables: Array<Omit<DumpedTable, 'file'>>;
}

/** One recorded statement run by the read floor. */
export interface StatementRun {
  sql: string;
  rows: number;
}

/** A recorded statement the read floor did not run, and why. */
export interface SkippedStatement {
  sql: string;
  reason: 'needs bound parameters' | 'returns no data';
}

/** Every recorded statement that returns data, run on the source file and iterated raw. */
export interface ReadFloorMeasurement extends TimedMeasurement {
  rows: number;
  runs: StatementRun[];
  skipped: SkippedStatement[];
}

/** COPY of every dump file in one transaction. */
export interface LoadMeasurement extends TimedMeasurement {
  rows: number;
}

const SQL_FILE = 'source-sql.json';
const TABLES_FILE = 'tables.json';

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** This process's peak RSS so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Records every SQL text given to better-sqlite3's `prepare` (unique, in order) until `stop()`. */
function recordPreparedSql(): { statements: string[]; stop(): void } {
  const prototype = Database.prototype as unknown as { prepare: (this: Database.Database, ...args: unknown[]) => unknown };
  const prepare = prototype.prepare;
  const statements: string[] = [];
  const seen = new Set<string>();
  prototype.prepare = function recordingPrepare(this: Database.Database, ...args: unknown[]): unknown {
    const sql = String(args[0]);
    if (!seen.has(sql)) {
      seen.add(sql);
      statements.push(sql);
    }
    return prepare.apply(this, args);
  };
  return {
    statements,
    stop: () => {
      prototype.prepare = prepare;
    },
  };
}

/** The dumped tables written by the job child of the same work folder. */
export function readDumpedTables(work: string): DumpedTable[] {
  return JSON.parse(readFileSync(join(work, TABLES_FILE), 'utf8')) as DumpedTable[];
}

/** Indexes the source through the real job into a fresh bench database, then dumps every table it wrote. */
export async function measureJob(workload: Workload, sourcePath: string, work: string, size: number): Promise<JobMeasurement> {
  const plugins = benchPlugins(workload.plugin);
  const plugin = plugins.find((candidate) => candidate.declaration.id === workload.plugin)!;
  const orm = await recreateDatabase(BENCH_DATABASE_URL, plugins);
  const tableNames = copyTablesOf(orm, [Backup, ArtifactSource, ...plugin.declaration.entities, ArtifactSearchIndex]).map(
    (table) => table.name,
  );
  let liveHeap = 0;
  const sampleLiveHeap = (): void => {
    (globalThis as { gc?: () => void }).gc?.();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const runner = new IndexJobRunner({ orm, plugins, logger: createLogger('warn'), progress: sampleLiveHeap });
  const recorder = recordPreparedSql();
  let seconds: number;
  let peakRss: number;
  let result: Awaited<ReturnType<IndexJobRunner['run']>>;
  try {
    const started = process.hrtime.bigint();
    result = await runner.run({ backupId: `bench-${size}`, artifacts: { [workload.plugin]: sourcePath } });
    seconds = secondsSince(started);
    peakRss = peakRssMiB();
  } finally {
    recorder.stop();
  }
  sampleLiveHeap();
  await orm.close(true);
  const report = result.plugins.find((candidate) => candidate.id === workload.plugin)!;
  if (report.status !== 'completed') throw new Error(`${workload.plugin} ${report.status}: ${report.error ?? report.reason}`);
  writeFileSync(join(work, SQL_FILE), JSON.stringify(recorder.statements, null, 2));

  const client = await connect(BENCH_DATABASE_URL);
  const tables: DumpedTable[] = [];
  try {
    for (const name of tableNames) {
      const columns = await nonGeneratedColumns(client, name);
      const file = join(work, `${name}.copy`);
      await dumpTable(client, name, columns, file);
      tables.push({ name, columns, rows: await countRows(client, `public.${quoted(name)}`), file });
    }
  } finally {
    await client.end();
  }
  writeFileSync(join(work, TABLES_FILE), JSON.stringify(tables, null, 2));
  return {
    seconds,
    peakRssMiB: peakRss,
    liveHeapMiB: liveHeap / 1048576,
    rows: Object.fromEntries(tables.map((table) => [table.name, table.rows])),
    reportedRows: report.rows,
    statements: recorder.statements,
    tables: tables.map(({ file: _file, ...table }) => table),
  };
}

function isMissingParameterError(error: unknown): boolean {
  return error instanceof RangeError && /parameter/i.test(error.message);
}

/** Runs every SQL the job prepared that returns data on the source file, read-only, counting raw rows. */
export function measureReadFloor(sourcePath: string, work: string): ReadFloorMeasurement {
  const statements = JSON.parse(readFileSync(join(work, SQL_FILE), 'utf8')) as string[];
  const db = new Database(sourcePath, { readonly: true, fileMustExist: true });
  const runs: StatementRun[] = [];
  const skipped: SkippedStatement[] = [];
  let seconds: number;
  let peakRss: number;
  try {
    const started = process.hrtime.bigint();
    for (const sql of statements) {
      const statement = db.prepare(sql);
      if (!statement.reader) {
        skipped.push({ sql, reason: 'returns no data' });
        continue;
      }
      let rows = 0;
      try {
        for (const _ of statement.raw(true).iterate()) rows += 1;
      } catch (error) {
        if (!isMissingParameterError(error)) throw error;
        skipped.push({ sql, reason: 'needs bound parameters' });
        continue;
      }
      runs.push({ sql, rows });
    }
    seconds = secondsSince(started);
    peakRss = peakRssMiB();
  } finally {
    db.close();
  }
  return { seconds, peakRssMiB: peakRss, rows: runs.reduce((sum, run) => sum + run.rows, 0), runs, skipped };
}

async function copyInOneTransaction(client: pg.Client, schema: string, tables: readonly DumpedTable[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const table of tables) await loadTable(client, schema, table);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const FLOOR_SCHEMA = 'floor';

/**
 * Copies the dumps into tables shaped like the real ones (defaults, generated columns) with only a primary key:
 * no other index, no foreign key. What storing the rows costs with nothing else asked of PostgreSQL.
 */
export async function measureStoreFloor(pluginId: string, work: string): Promise<LoadMeasurement> {
  const tables = readDumpedTables(work);
  await (await recreateDatabase(LOAD_DATABASE_URL, benchPlugins(pluginId))).close(true);
  const client = await connect(LOAD_DATABASE_URL);
  try {
    await client.query(`CREATE SCHEMA ${quoted(FLOOR_SCHEMA)}`);
    for (const table of tables) {
      const target = `${quoted(FLOOR_SCHEMA)}.${quoted(table.name)}`;
      await client.query(`CREATE TABLE ${target} (LIKE public.${quoted(table.name)} INCLUDING DEFAULTS INCLUDING GENERATED)`);
      await client.query(`ALTER TABLE ${target} ADD PRIMARY KEY (id)`);
    }
    const started = process.hrtime.bigint();
    await copyInOneTransaction(client, FLOOR_SCHEMA, tables);
    const seconds = secondsSince(started);
    const peakRss = peakRssMiB();
    await expectRows(client, FLOOR_SCHEMA, tables, 'store floor');
    return { seconds, peakRssMiB: peakRss, rows: tables.reduce((sum, table) => sum + table.rows, 0) };
  } finally {
    await client.end();
  }
}

/** Copies the dumps into the real tables (every index, foreign key and check of the migrations), parents first. */
export async function measureSchemaCost(pluginId: string, work: string): Promise<LoadMeasurement> {
  const tables = readDumpedTables(work);
  await (await recreateDatabase(LOAD_DATABASE_URL, benchPlugins(pluginId))).close(true);
  const client = await connect(LOAD_DATABASE_URL);
  try {
    const started = process.hrtime.bigint();
    await copyInOneTransaction(client, 'public', tables);
    const seconds = secondsSince(started);
    const peakRss = peakRssMiB();
    await expectRows(client, 'public', tables, 'schema cost');
    return { seconds, peakRssMiB: peakRss, rows: tables.reduce((sum, table) => sum + table.rows, 0) };
  } finally {
    await client.end();
  }
}
