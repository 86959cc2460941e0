// Streaming row sink into PostgreSQL with COPY ... FROM STDIN (pg-copy-streams) on the job transaction's connection.
// Rows are encoded at once and buffered up to a bound; a flush copies every table in parent-first order.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RowSink } from './context.js';
import type { EntityClass, Row } from './plugin.js';

/** A destination table: its name and the columns COPY fills, with how each value is encoded. */
export interface CopyTable {
  name: string;
  columns: readonly CopyColumn[];
}

/** One column of a destination table. */
export interface CopyColumn {
  name: string;
  kind: 'text' | 'json' | 'array' | 'bytea' | 'date' | 'scalar';
}

/** Bounds of the buffer kept before a flush. */
export interface CopyLimits {
  rows: number;
  bytes: number;
}

const DEFAULT_LIMITS: CopyLimits = { rows: 5000, bytes: 8 * 1024 * 1024 };

function columnKind(columnType: string, type: string): CopyColumn['kind'] {
  const lowered = `${columnType} ${type}`.toLowerCase();
  if (lowered.includes('[]')) return 'array';
  if (lowered.includes('json')) return 'json';
  if (lowered.includes('bytea') || lowered.includes('blob')) return 'bytea';
  if (lowered.includes('timestamp') || lowered.includes('datetime')) return 'date';
  if (lowered.includes('text') || lowered.includes('varchar') || lowered.includes('uuid') || lowered.includes('string')) return 'text';
  return 'scalar';
}

/** Destination tables of entity classes, read from the ORM metadata (generated and virtual columns excluded). */
export function copyTablesOf(orm: MikroORM, entities: readonly EntityClass[]): CopyTable[] {
  return entities.map((entity) => {
    const meta = orm.getMetadata().get(entity.name);
    const columns: CopyColumn[] = [];
    for (const prop of meta.props) {
      if (prop.persist === false || prop.generated || prop.formula) continue;
      if (prop.kind !== 'scalar' && prop.kind !== 'm:1') continue;
      const name = prop.fieldNames?.[0];
      if (!name) continue;
      columns.push({ name, kind: columnKind(prop.columnTypes?.[0] ?? '', String(prop.type ?? '')) });
    }
    return { name: meta.tableName, columns };
  });
}

/** Escapes a text value for COPY's text format. */
function escapeText(value: string): string {
  let text = value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
  if (/[\\\n\r\t]/.test(text)) {
    text = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  }
  return text;
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    return `"${String(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function encodeValue(value: unknown, column: CopyColumn, table: string): string {
  if (value === null || value === undefined) return '\\N';
  switch (column.kind) {
    case 'json':
      return escapeText(JSON.stringify(value));
    case 'array':
      if (!Array.isArray(value)) throw new TypeError(`${table}.${column.name} expects an array`);
      return escapeText(arrayLiteral(value));
    case 'bytea': {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      return `\\\\x${bytes.toString('hex')}`;
    }
    case 'date':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) return '\\N';
        return value.toISOString();
      }
      return escapeText(String(value));
    default:
      if (typeof value === 'boolean') return value ? 't' : 'f';
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'object') return escapeText(JSON.stringify(value));
      return escapeText(String(value));
  }
}

interface TableBuffer {
  table: CopyTable;
  index: ReadonlyMap<string, number>;
  lines: string[];
}

/** COPY sink over one pg client (the job transaction's). Call `flush()` before reading the rows back. */
export class CopySink implements RowSink {
  private readonly client: PoolClient;
  private readonly buffers = new Map<string, TableBuffer>();
  private readonly limits: CopyLimits;
  private bufferedRows = 0;
  private bufferedBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();

  /** `tables` in parent-first order: a flush copies them in that order so foreign keys hold. */
  constructor(client: PoolClient, tables: readonly CopyTable[], limits: Partial<CopyLimits> = {}) {
    this.client = client;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    for (const table of tables) {
      this.buffers.set(table.name, {
        table,
        index: new Map(table.columns.map((column, i) => [column.name, i])),
        lines: [],
      });
    }
  }

  write(table: string, row: Row): void | Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer) throw new Error(`no destination table ${table}`);
    const cells: string[] = new Array(buffer.table.columns.length).fill('\\N');
    for (const key of Object.keys(row)) {
      const position = buffer.index.get(key);
      if (position === undefined) throw new Error(`table ${table} has no column ${key}`);
      cells[position] = encodeValue(row[key], buffer.table.columns[position]!, table);
    }
    const line = `${cells.join('\t')}\n`;
    buffer.lines.push(line);
    this.bufferedRows += 1;
    this.bufferedBytes += line.length;
    if (this.bufferedRows >= this.limits.rows || this.bufferedBytes >= this.limits.bytes) return this.startBatch();
    return undefined;
  }

  /** Copies every buffered row and waits for every copy to finish. Call before reading the rows back. */
  async flush(): Promise<void> {
    await this.startBatch();
    await this.inFlight;
  }

  /** Drops buffered rows and waits for a copy in flight to end, whatever its outcome (before rolling back). */
  async abandon(): Promise<void> {
    for (const buffer of this.buffers.values()) buffer.lines = [];
    this.bufferedRows = 0;
    this.bufferedBytes = 0;
    await this.inFlight.catch(() => undefined);
  }

  /**
   * Hands the buffered rows to PostgreSQL without waiting for them, so the server copies one batch while the parser
   * fills the next (two cores busy instead of one). At most one batch is in flight: the next waits for it, and its
   * error surfaces there or in flush().
   */
  private async startBatch(): Promise<void> {
    await this.inFlight;
    const batches: Array<{ table: CopyTable; payload: string }> = [];
    for (const buffer of this.buffers.values()) {
      if (buffer.lines.length === 0) continue;
      batches.push({ table: buffer.table, payload: buffer.lines.join('') });
      buffer.lines = [];
    }
    this.bufferedRows = 0;
    this.bufferedBytes = 0;
    if (batches.length === 0) return;
    const copying = this.copy(batches);
    copying.catch(() => undefined);
    this.inFlight = copying;
  }

  private async copy(batches: ReadonlyArray<{ table: CopyTable; payload: string }>): Promise<void> {
    for (const { table, payload } of batches) {
      const columns = table.columns.map((column) => `"${column.name}"`).join(', ');
      const stream = this.client.query(copyFrom(`COPY "${table.name}" (${columns}) FROM STDIN`));
      await pipeline(Readable.from([payload]), stream);
    }
  }
}
