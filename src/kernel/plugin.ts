// The plugin contract: a domain declares itself as data (id, source, entities, search mapper) plus one parse function.
// The kernel never imports a plugin; it resolves every declaration registered under PLUGINS in the container.
import type Database from 'better-sqlite3';
import type { AppleClock, RawTime, TimeWindow } from './time.js';
import { quoteIdentifier, type SchemaInspector } from './schema.js';

/** A file inside an iOS backup, as Manifest.db names it. */
export interface BackupLocation {
  domain: string;
  relativePath: string;
}

/** What a plugin reads: the database file names it knows, and where they sit in a backup (several allowed). */
export interface PluginSource {
  fileNames: readonly string[];
  locations: readonly BackupLocation[];
}

/** One entry of the cross-artifact search index, built from a row a plugin wrote. */
export interface SearchDocument {
  /** Document type, e.g. `contact`, `message`. */
  type: string;
  title: string | null;
  body: string | null;
  occurredAt: Date | null;
  participants: readonly string[];
}

/** A row as a plugin writes it: keys are the table's column names (snake_case). */
export type Row = Record<string, unknown>;

/** A search mapper's view of a value: a string with something besides white space, else null. */
export function presentText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The present texts among `values`, each once, in their first order (participants, body lines). */
export function distinctTexts(values: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const text = presentText(value);
    if (text !== null) seen.add(text);
  }
  return [...seen];
}

/**
 * Per table, maps a written row to its search document (null: no document).
 * `extra` is whatever the parser passed beside the row (e.g. a conversation title), never stored itself.
 */
export type SearchMapper = Readonly<Record<string, (row: Row, extra: unknown) => SearchDocument | null>>;

/** Streaming writer for one destination table; await every write (it resolves at once unless a batch is flushing). */
export interface TableWriter {
  write(row: Row, searchExtra?: unknown): void | Promise<void>;
}

/** A warning recorded on the artifact source; repeated codes are counted, not repeated. */
export interface SourceWarning {
  code: string;
  message: string;
  count: number;
}

/** A file of the backup as its manifest (or, without one, its folder layout) knows it. */
export interface BackupFileEntry {
  domain: string;
  relativePath: string;
  /** Manifest file id (sha1 of `<domain>-<relativePath>`) when the backup is hashed; null in a folder-per-domain layout. */
  fileId: string | null;
  /** Where the file is stored in the backup folder; null when the manifest lists it but the folder lacks it. */
  path: string | null;
  /** Size the manifest records (on disk when there is no manifest), when known. */
  size: number | null;
}

/** Other files of the same backup (attachments, media), backed by its Manifest.db when it has one; null outside a folder. */
export interface BackupFiles {
  /** The regular file at that location, or null when the backup does not hold it. */
  find(location: BackupLocation): BackupFileEntry | null;
  /** Every regular file of `domain` under the folder `folder` (a relative path, no trailing slash), streamed. */
  list(domain: string, folder: string): IterableIterator<BackupFileEntry>;
}

/** What an attachment or media row records of its file: whether the backup holds it, and its manifest file id. */
export interface FileFacts {
  file_present: boolean | null;
  backup_file_id: string | null;
}

/**
 * The file facts of `location` (null when the row names no file): unknown (nulls) without a backup folder; absent
 * when the backup does not hold it; present when its stored file is in the folder (the id also when only listed).
 */
export function fileFacts(files: BackupFiles | null, location: BackupLocation | null): FileFacts {
  if (files === null || location === null) return { file_present: null, backup_file_id: null };
  const entry = files.find(location);
  return { file_present: entry !== null && entry.path !== null, backup_file_id: entry?.fileId ?? null };
}

/** What `parse` receives: the opened source, writers, time conversion, options, warnings. */
export interface ParseContext<Options = Readonly<Record<string, unknown>>> {
  readonly pluginId: string;
  readonly backupId: string;
  /** The private read-only copy of the source database. */
  readonly db: Database.Database;
  readonly schema: SchemaInspector;
  readonly options: Options;
  /** Backup location this source was found at, when known (e.g. which WhatsApp app). */
  readonly location: BackupLocation | null;
  readonly files: BackupFiles | null;
  /** The writer for a destination table of this plugin. */
  table(name: string): TableWriter;
  /**
   * The rows of a query on the source, as objects keyed by column name, streamed (never the whole result in memory).
   * Faster than `db.prepare(sql).iterate()` on wide rows; use it for every table that can be large.
   */
  rows<T = Record<string, unknown>>(sql: string): IterableIterator<T>;
  /** Deterministic UUID of a row of `table` identified by `key` within this source: stable across re-indexing. */
  id(table: string, ...key: Array<string | number | bigint>): string;
  /**
   * Converts a raw Apple timestamp; values outside `window` (by default 1990..2100, dates a device records) give null
   * and one aggregated warning naming the column and the first row (`row`: its Z_PK or ROWID, when given).
   */
  time(raw: RawTime, clock: AppleClock, column: string, row?: string | number, window?: TimeWindow): Date | null;
  /**
   * Records a warning on this source. Repeats are counted, not repeated: warnings with the same code and `subject`
   * (default: the message itself) keep the first message, e.g. one that names the first row of many.
   */
  warn(code: string, message: string, count?: number, subject?: string): void;
  /** Names the schema variant detected (stored on artifact_source). */
  setVariant(variant: string): void;
}

/** The opened source as a progress count sees it: read it, never write rows. */
export type SourceView<Options = Readonly<Record<string, unknown>>> = Pick<ParseContext<Options>, 'db' | 'schema' | 'options' | 'location'>;

/**
 * What a source's progress is measured in: the rows of its main source table(s), counted before the parse (a cheap
 * `SELECT count(*)`), and the destination tables those rows become. Progress is the rows written to `tables` of the
 * count; a count that is wrong shows a wrong ETA, so `expectedRows` gives null whenever it cannot be sure.
 */
export interface ProgressMeasure<Options = Readonly<Record<string, unknown>>> {
  /** Destination tables whose rows come one for one from the counted source rows (sms.db's `message`: `message` and `message_reaction`). */
  tables: readonly string[];
  /** How many rows the parse will write to `tables`, read from the opened source; null when unknown. May throw (then unknown). */
  expectedRows(source: SourceView<Options>): number | null;
}

/**
 * The rows of a source table (those matching `where`, a SQL condition, when given), for a progress measure's
 * `expectedRows`; null when the source has no such table.
 */
export function sourceRowCount(source: SourceView<any>, table: string, where?: string): number | null {
  if (!source.schema.hasTable(table)) return null;
  const row = source.db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}${where ? ` WHERE ${where}` : ''}`).get() as { n: number | bigint };
  return Number(row.n);
}

/** What a person calls one row and several rows of a table (`['chat', 'chats']`). */
export type RowNoun = readonly [one: string, many: string];

/** A MikroORM entity class. */
export type EntityClass = abstract new (...args: never[]) => object;

/** A domain plugin's declaration. */
export interface PluginDeclaration<Options = Readonly<Record<string, unknown>>> {
  /** Kebab-case id, equal to the plugin's folder name and its key in a job's artifact map. */
  id: string;
  /** Human name. */
  title: string;
  source: PluginSource;
  /** Entity classes the plugin owns, parents before children (rows are deleted in reverse order). */
  entities: readonly EntityClass[];
  /** Reads the source and writes rows through the context. Throws a SourceCorruptError/UnsupportedSchemaError on bad data. */
  parse(ctx: ParseContext<Options>): Promise<void>;
  search: SearchMapper;
  /**
   * Every document type its search mapper emits (`message`, `event`, ...): what `--type` accepts. Every plugin of
   * src/plugins declares it (the contract test checks it against the documents its mapper writes).
   */
  searchTypes?: readonly string[];
  /**
   * How progress is measured: without it a source's progress is a count of every row written, with no total and no ETA.
   * Every plugin of src/plugins declares it (the contract test checks).
   */
  progress?: ProgressMeasure<Options>;
  /** Words for the rows of each of its tables, as `status` says them ("105 messages, 7 chats"); a table left out is named as it is. */
  nouns?: Readonly<Record<string, RowNoun>>;
  /** Options used when plugins.config.ts gives none. */
  defaultOptions?: Options;
  /**
   * Checks the options at start-up (registration): returns what is wrong, in a sentence that never repeats a value
   * (options may hold secrets), or null when they are usable.
   */
  checkOptions?(options: Readonly<Record<string, unknown>>): string | null;
}

/** A plugin as registered by plugins.config.ts: the declaration plus whether it runs and with which options. */
export interface RegisteredPlugin {
  declaration: PluginDeclaration<any>;
  enabled: boolean;
  /** Why it is disabled (required when disabled). */
  reason?: string;
  options: Readonly<Record<string, unknown>>;
}

/** Helper for plugin files: keeps the declaration's option type. */
export function definePlugin<Options>(declaration: PluginDeclaration<Options>): PluginDeclaration<Options> {
  return declaration;
}
