// The ParseContext given to a plugin's parse(): routes rows to a sink, counts them, maps search documents,
// converts Apple time with range checks, and aggregates warnings. Used both by the job (COPY) and test harness (memory).
import type Database from 'better-sqlite3';
import { RowIds } from './ids.js';
import { iterateRows } from './rows.js';
import { handlesOf } from '../search/identity.js';
import type {
  BackupFiles,
  BackupLocation,
  ParseContext,
  Row,
  SearchMapper,
  SourceWarning,
  TableWriter,
} from './plugin.js';
import type { SchemaInspector } from './schema.js';
import { DEVICE_TIME_WINDOW, appleTime, type AppleClock, type RawTime, type TimeWindow } from './time.js';
import { WarningTally } from './warnings.js';

const SHOWN_VALUE_CHARS = 40;

/**
 * A raw source value as a warning shows it: a BLOB by its size, text cut to a few dozen characters with control
 * characters escaped (a NUL would make PostgreSQL refuse the whole warning list), numbers as they are.
 */
export function shownValue(value: unknown): string {
  if (Buffer.isBuffer(value)) return `<blob of ${value.length} bytes>`;
  if (typeof value !== 'string') return String(value);
  const cut = value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}...` : value;
  return JSON.stringify(cut).replace(/\\u0000/g, '\\0');
}

/** The search index table every plugin's documents go to. */
export const SEARCH_TABLE = 'artifact_search_index';

/** Where rows go: a COPY stream into PostgreSQL, or memory in tests. */
export interface RowSink {
  write(table: string, row: Row): void | Promise<void>;
}

/** Everything needed to build a context for one source. */
export interface ContextInit<Options> {
  pluginId: string;
  backupId: string;
  sourceId: string;
  db: Database.Database;
  schema: SchemaInspector;
  options: Options;
  location: BackupLocation | null;
  files: BackupFiles | null;
  /** Table names the plugin may write to. */
  tables: readonly string[];
  search: SearchMapper;
  sink: RowSink;
  /** Tables whose written rows measure progress (the plugin's progress tables); default: every table. */
  measured?: readonly string[];
  /** Called every {@link ROWS_TICK} rows written (to any table) with the counts so far. */
  onRows?: (progress: RowProgress) => void;
  /** Country of the device's own number (search/identity regionOf), for reading national numbers; null: unknown. */
  region?: string | null;
}

/** Rows a parse has written so far: to its measured tables, and to all its tables. */
export interface RowProgress {
  measured: number;
  written: number;
}

/** How often (in rows written) a context reports progress to its watcher. */
export const ROWS_TICK = 1_000;

/** How often (in rows written) the job's progress lines say how far a source is; a multiple of {@link ROWS_TICK}. */
export const PROGRESS_EVERY = 100_000;

/** Result counters of one parse. */
export interface ParseOutcome {
  rows: Record<string, number>;
  searchDocuments: number;
  warnings: SourceWarning[];
  variant: string | null;
}

function sanitizeText(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
}

/** Concrete ParseContext; `outcome()` returns what was written. */
export class SourceContext<Options> implements ParseContext<Options> {
  readonly pluginId: string;
  readonly backupId: string;
  readonly db: Database.Database;
  readonly schema: SchemaInspector;
  readonly options: Options;
  readonly location: BackupLocation | null;
  readonly files: BackupFiles | null;
  private readonly sourceId: string;
  private readonly ids: RowIds;
  private readonly sink: RowSink;
  private readonly search: SearchMapper;
  private readonly writers = new Map<string, TableWriter>();
  private readonly allowed: ReadonlySet<string>;
  private readonly counts: Record<string, number> = {};
  private readonly warnings = new WarningTally();
  private documents = 0;
  private written = 0;
  private measuredRows = 0;
  private readonly measured: ReadonlySet<string>;
  private variant: string | null = null;
  private readonly onRows: ((progress: RowProgress) => void) | undefined;
  private readonly region: string | null;
  /** Iterators handed out by rows(); a plugin stopped by an error leaves some suspended mid-statement. */
  private readonly iterators = new Set<Generator<unknown, void, undefined>>();

  constructor(init: ContextInit<Options>) {
    this.pluginId = init.pluginId;
    this.backupId = init.backupId;
    this.sourceId = init.sourceId;
    this.ids = new RowIds(init.sourceId);
    this.db = init.db;
    this.schema = init.schema;
    this.options = init.options;
    this.location = init.location;
    this.files = init.files;
    this.sink = init.sink;
    this.search = init.search;
    this.allowed = new Set(init.tables);
    this.onRows = init.onRows;
    this.region = init.region ?? null;
    this.measured = new Set(init.measured ?? init.tables);
    for (const table of init.tables) this.counts[table] = 0;
  }

  table(name: string): TableWriter {
    let writer = this.writers.get(name);
    if (writer) return writer;
    if (!this.allowed.has(name)) {
      throw new Error(`plugin ${this.pluginId} wrote to table ${name}, which is not among its entities`);
    }
    const mapper = this.search[name];
    const measured = this.measured.has(name);
    writer = {
      write: (row: Row, extra?: unknown) => {
        row.backup_id = this.backupId;
        row.source_id = this.sourceId;
        this.counts[name]! += 1;
        this.written += 1;
        if (measured) this.measuredRows += 1;
        if (this.onRows && this.written % ROWS_TICK === 0) this.onRows({ measured: this.measuredRows, written: this.written });
        const pending = this.sink.write(name, row);
        const document = mapper ? mapper(row, extra) : null;
        if (!document) return pending;
        this.documents += 1;
        const docRow: Row = {
          // A row has at most one document, so the document shares the row's (already unique) id.
          id: String(row.id),
          backup_id: this.backupId,
          source_id: this.sourceId,
          plugin: this.pluginId,
          type: document.type,
          artifact_table: name,
          artifact_id: String(row.id),
          title: document.title === null ? null : sanitizeText(document.title),
          body: document.body === null ? null : sanitizeText(document.body),
          occurred_at: document.occurredAt,
          participants: document.participants.map(sanitizeText),
          handles: handlesOf(document.participants, this.region),
        };
        if (pending) return pending.then(() => this.sink.write(SEARCH_TABLE, docRow));
        return this.sink.write(SEARCH_TABLE, docRow);
      },
    };
    this.writers.set(name, writer);
    return writer;
  }

  rows<T = Record<string, unknown>>(sql: string): IterableIterator<T> {
    const iterator = iterateRows<T>(this.db.prepare(sql));
    this.iterators.add(iterator);
    return iterator;
  }

  /**
   * Ends every statement still iterating, so the source can be closed: SQLite refuses to close a connection with a
   * statement in progress, and that refusal must never replace the error that stopped the plugin. Never throws.
   */
  release(): void {
    for (const iterator of this.iterators) {
      try {
        iterator.return();
      } catch {
        // A statement that cannot be reset is closed with its connection.
      }
    }
    this.iterators.clear();
  }

  id(table: string, ...key: Array<string | number | bigint>): string {
    return this.ids.id(table, key);
  }

  time(raw: RawTime, clock: AppleClock, column: string, row?: string | number, window: TimeWindow = DEVICE_TIME_WINDOW): Date | null {
    return appleTime(
      raw,
      clock,
      column,
      (col, value) =>
        this.warnings.add(
          'TIME_OUT_OF_RANGE',
          `${col}: values outside ${window.label} were stored as NULL (first: ${row === undefined ? '' : `row ${row}, `}raw value ${shownValue(value)})`,
          1,
          col,
        ),
      window,
    );
  }

  warn(code: string, message: string, count = 1, subject = message): void {
    this.warnings.add(code, message, count, subject);
  }

  setVariant(variant: string): void {
    this.variant = variant;
  }

  /** Rows written so far to the measured tables, and to all tables. */
  progress(): RowProgress {
    return { measured: this.measuredRows, written: this.written };
  }

  outcome(): ParseOutcome {
    return {
      rows: { ...this.counts },
      searchDocuments: this.documents,
      warnings: this.warnings.list(),
      variant: this.variant,
    };
  }
}
