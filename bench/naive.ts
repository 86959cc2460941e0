// The naive baseline: the job's rows written again through MikroORM alone (em.create + persist, a flush every 1,000
// entities, one transaction), read back from the job's database with a server-side cursor. What an ORM-only job does.
import 'reflect-metadata';
import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { TimedMeasurement } from './measure.js';
import { peakRssMiB, readDumpedTables, secondsSince } from './measure.js';
import {
  BENCH_DATABASE_URL,
  LOAD_DATABASE_URL,
  benchPlugins,
  columnList,
  connect,
  expectRows,
  quoted,
  recreateDatabase,
  type DumpedTable,
} from './postgres.js';

/** The naive baseline's result. */
export interface NaiveMeasurement extends TimedMeasurement {
  rows: number;
  flushes: number;
}

/** Entities fetched, created and flushed at a time. */
const BATCH = 1000;

const DATE_OID = 1082;

/** Keeps `date` columns as their text (`YYYY-MM-DD`) instead of a local-midnight Date; every other type as pg parses it. */
const READ_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Where a column's value goes on the entity: a property, and the target entity when it is a many-to-one reference. */
interface ColumnMapping {
  column: string;
  property: string;
  referenced: string | null;
}

function entityOfTable(orm: MikroORM, table: string): EntityMetadata {
  const matches = Object.values(orm.getMetadata().getAll()).filter((meta) => meta.tableName === table && !meta.abstract);
  if (matches.length !== 1) throw new Error(`expected one entity for table ${table}, found ${matches.length}`);
  return matches[0]!;
}

function mappingsOf(meta: EntityMetadata, columns: readonly string[]): ColumnMapping[] {
  const byColumn = new Map<string, ColumnMapping>();
  for (const prop of meta.props) {
    if (prop.persist === false || prop.generated || prop.formula) continue;
    if (prop.kind !== 'scalar' && prop.kind !== 'm:1') continue;
    const column = prop.fieldNames?.[0];
    if (!column) continue;
    byColumn.set(column, { column, property: prop.name, referenced: prop.kind === 'm:1' ? prop.type : null });
  }
  const unmapped = columns.filter((column) => !byColumn.has(column));
  const unread = [...byColumn.keys()].filter((column) => !columns.includes(column));
  if (unmapped.length > 0 || unread.length > 0) {
    throw new Error(`${meta.tableName}: columns without a property [${unmapped.join(', ')}], properties without a column [${unread.join(', ')}]`);
  }
  return columns.map((column) => byColumn.get(column)!);
}

function entityData(em: EntityManager, mappings: readonly ColumnMapping[], row: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const { column, property, referenced } of mappings) {
    const value = row[column];
    data[property] = referenced && value !== null ? em.getReference(referenced, value as never) : value;
  }
  return data;
}

async function copyThroughOrm(orm: MikroORM, reader: pg.Client, tables: readonly DumpedTable[]): Promise<number> {
  let flushes = 0;
  await reader.query('BEGIN');
  try {
    await orm.em.fork().transactional(async (em) => {
      for (const table of tables) {
        const meta = entityOfTable(orm, table.name);
        const mappings = mappingsOf(meta, table.columns);
        await reader.query(`DECLARE rows_of_table NO SCROLL CURSOR FOR SELECT ${columnList(table.columns)} FROM public.${quoted(table.name)}`);
        for (;;) {
          const { rows } = await reader.query<Record<string, unknown>>(`FETCH ${BATCH} FROM rows_of_table`);
          if (rows.length === 0) break;
          for (const row of rows) em.create(meta.className, entityData(em, mappings, row), { managed: false, persist: true });
          await em.flush();
          em.clear();
          flushes += 1;
        }
        await reader.query('CLOSE rows_of_table');
      }
    });
  } finally {
    await reader.query('COMMIT');
  }
  return flushes;
}

/** Writes every row the job wrote into a fresh load database through MikroORM, parents first, and checks the counts. */
export async function measureNaive(pluginId: string, work: string): Promise<NaiveMeasurement> {
  const tables = readDumpedTables(work);
  const orm = await recreateDatabase(LOAD_DATABASE_URL, benchPlugins(pluginId));
  const reader = await connect(BENCH_DATABASE_URL, { types: READ_TYPES });
  let seconds: number;
  let peakRss: number;
  let flushes: number;
  try {
    const started = process.hrtime.bigint();
    flushes = await copyThroughOrm(orm, reader, tables);
    seconds = secondsSince(started);
    peakRss = peakRssMiB();
  } finally {
    await reader.end();
    await orm.close(true);
  }
  const check = await connect(LOAD_DATABASE_URL);
  try {
    await expectRows(check, 'public', tables, 'naive baseline');
  } finally {
    await check.end();
  }
  return { seconds, peakRssMiB: peakRss, rows: tables.reduce((sum, table) => sum + table.rows, 0), flushes };
}
