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

const DEFAULT_LIMITS: CopyLimits = { rows: 20_000, bytes: 8 * 1024 * 1024 };

/**
 * While a batch is in flight, every this many rows a write yields to the event loop (setImmediate), so the socket
 * carries the batch to PostgreSQL while the parser goes on: without it the synchronous parse loop never lets the
 * COPY start, and the server sits idle until the parser waits.
 */
const YIELD_EVERY = 64;

/** Batches that may wait on the connection at once (each at most {@link CopyLimits} in size). */
const MAX_IN_FLIGHT = 3;

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

const COPY_SPECIAL = /[\\\n\r\t\u0000]/;

/** Escapes a text value for COPY's text format (NUL, which PostgreSQL text cannot hold, becomes U+FFFD). */
function escapeText(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value
    .replace(/\u0000/g, '\uFFFD')
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** A JSON string value without NUL: PostgreSQL's jsonb refuses the `\u0000` escape JSON.stringify writes for it. */
function withoutNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
}

/** JSON text of a value for a json/jsonb column. */
function jsonText(value: unknown): string {
  return escapeText(JSON.stringify(value, withoutNul));
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
      return jsonText(value);
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
      if (typeof value === 'object') return jsonText(value);
      return escapeText(String(value));
  }
}

/** Size of the Buffers COPY text is encoded into. */
const CHUNK_BYTES = 1 << 20;

/**
 * COPY text of one table, UTF-8 encoded line by line into 1 MiB Buffers: no array of line strings to join and
 * convert again, and the byte count that bounds a batch is exact.
 */
class EncodedLines {
  private chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  rows = 0;

  /** Appends one line and its newline; returns their size in bytes. */
  append(line: string): number {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, so this bound guarantees write() never truncates.
    if (this.used + line.length * 3 + 1 > this.current.length) {
      const exact = Buffer.byteLength(line, 'utf8') + 1;
      if (this.used + exact > this.current.length) {
        this.seal();
        if (exact > this.current.length) this.current = Buffer.allocUnsafe(exact);
      }
    }
    const written = this.current.write(line, this.used, 'utf8');
    this.current[this.used + written] = 0x0a;
    this.used += written + 1;
    this.rows += 1;
    return written + 1;
  }

  /** The encoded lines so far (emptying this buffer). */
  take(): Buffer[] {
    this.seal();
    const chunks = this.chunks;
    this.chunks = [];
    this.rows = 0;
    return chunks;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}

interface TableBuffer {
  table: CopyTable;
  /** The table's `COPY ... FROM STDIN` statement. */
  copySql: string;
  columnNames: ReadonlySet<string>;
  /** The encoded cells of the row being written, reused from row to row. */
  cells: string[];
  lines: EncodedLines;
}

/** A batch of one table handed to COPY. */
interface TableBatch {
  copySql: string;
  chunks: Buffer[];
}

/** Counts the keys of a row that carry a value (undefined counts as absent, as it is encoded as NULL). */
function definedKeys(row: Row): number {
  let count = 0;
  for (const key in row) if (row[key] !== undefined) count += 1;
  return count;
}

/** COPY sink over one pg client (the job transaction's). Call `flush()` before reading the rows back. */
export class CopySink implements RowSink {
  private readonly client: PoolClient;
  private readonly buffers = new Map<string, TableBuffer>();
  private readonly limits: CopyLimits;
  private bufferedRows = 0;
  private bufferedBytes = 0;
  /** Batches handed to PostgreSQL and not finished yet, oldest first; each copies after the one before it. */
  private readonly inFlight: Array<Promise<void>> = [];
  private sinceYield = 0;

  /** `tables` in parent-first order: a flush copies them in that order (parents' rows land before their children's). */
  constructor(client: PoolClient, tables: readonly CopyTable[], limits: Partial<CopyLimits> = {}) {
    this.client = client;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    for (const table of tables) {
      this.buffers.set(table.name, {
        table,
        copySql: `COPY "${table.name}" (${table.columns.map((column) => `"${column.name}"`).join(', ')}) FROM STDIN`,
        columnNames: new Set(table.columns.map((column) => column.name)),
        cells: new Array<string>(table.columns.length).fill('\\N'),
        lines: new EncodedLines(),
      });
    }
  }

  write(table: string, row: Row): void | Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer) throw new Error(`no destination table ${table}`);
    const columns = buffer.table.columns;
    const cells = buffer.cells;
    let matched = 0;
    for (let i = 0; i < columns.length; i += 1) {
      const column = columns[i]!;
      const value = row[column.name];
      if (value !== undefined) matched += 1;
      cells[i] = encodeValue(value, column, table);
    }
    if (matched !== definedKeys(row)) {
      const unknown = Object.keys(row).find((key) => !buffer.columnNames.has(key));
      throw new Error(`table ${table} has no column ${unknown}`);
    }
    this.bufferedBytes += buffer.lines.append(cells.join('\t'));
    this.bufferedRows += 1;
    if (this.bufferedRows >= this.limits.rows || this.bufferedBytes >= this.limits.bytes) return this.startBatch();
    if (this.inFlight.length > 0 && ++this.sinceYield >= YIELD_EVERY) {
      this.sinceYield = 0;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return undefined;
  }

  /** Copies every buffered row and waits for every copy to finish. Call before reading the rows back. */
  async flush(): Promise<void> {
    await this.startBatch();
    await this.inFlight[this.inFlight.length - 1];
  }

  /** Drops buffered rows and waits for the copies in flight to end, whatever their outcome (before rolling back). */
  async abandon(): Promise<void> {
    for (const buffer of this.buffers.values()) buffer.lines.take();
    this.bufferedRows = 0;
    this.bufferedBytes = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Hands the buffered rows to PostgreSQL without waiting for them, so the server copies while the parser fills the
   * next batches (two cores busy instead of one). Up to {@link MAX_IN_FLIGHT} batches queue on the connection, one
   * COPY after another, which absorbs the server's uneven pace (a GIN pending-list merge stalls one batch for a while);
   * past that the parser waits for the oldest. A failed copy fails every batch queued after it (the transaction is
   * aborted anyway) and surfaces in the write that waits, or in flush().
   */
  private async startBatch(): Promise<void> {
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight[0];
    const batches: TableBatch[] = [];
    for (const buffer of this.buffers.values()) {
      if (buffer.lines.rows === 0) continue;
      batches.push({ copySql: buffer.copySql, chunks: buffer.lines.take() });
    }
    this.bufferedRows = 0;
    this.bufferedBytes = 0;
    if (batches.length === 0) return;
    const previous = this.inFlight[this.inFlight.length - 1] ?? Promise.resolve();
    const copying = previous.then(() => this.copy(batches));
    const settled = (): void => {
      this.inFlight.splice(this.inFlight.indexOf(copying), 1);
    };
    copying.then(settled, settled);
    this.inFlight.push(copying);
  }

  private async copy(batches: readonly TableBatch[]): Promise<void> {
    for (const { copySql, chunks } of batches) {
      await pipeline(Readable.from(chunks), this.client.query(copyFrom(copySql)));
    }
  }
}
