// Fixture-builder base for Core Data SQLite stores (ChatStorage, Photos, ...): tables starting with Z_PK/Z_ENT/Z_OPT,
// rows numbered per table, Z_PRIMARYKEY with each entity's number, parent and Z_MAX, Z_METADATA and Z_MODELCACHE as a
// real store has them. A store can be left in WAL mode with its newest rows only in the `-wal` file.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { closeDatabase, openBuiltDatabase } from './built-db.js';

/** Column names and declared types, in `.schema` order. */
export type ColumnList = ReadonlyArray<readonly [string, string]>;

/** The three columns every Core Data table starts with. */
export const CORE_DATA_COLUMNS: ColumnList = [
  ['Z_PK', 'INTEGER PRIMARY KEY'],
  ['Z_ENT', 'INTEGER'],
  ['Z_OPT', 'INTEGER'],
];

/** A Core Data entity: its number, name, parent entity number (0: none) and the table its rows live in. */
export interface EntitySpec {
  ent: number;
  name: string;
  parent?: number;
  /** The table of its rows (a sub-entity shares its root entity's table); omitted for entities without rows here. */
  table?: string;
}

/**
 * Root entities numbered as Core Data numbers a flat model's: 1, 2, ... in alphabetical order (give the names so),
 * each with its own table `Z<NAME>`.
 */
export function rootEntities(...names: string[]): EntitySpec[] {
  return names.map((entityName, index) => ({ ent: index + 1, name: entityName, table: `Z${entityName.toUpperCase()}` }));
}

/** What a store holds: its tables (a `Z_PK` column makes a table an entity table) and entities. */
export interface CoreDataSchema {
  tables: Readonly<Record<string, ColumnList>>;
  entities: readonly EntitySpec[];
  /** Tables left out (e.g. an older generation lacking them). */
  omitTables?: readonly string[];
  /** Columns left out per table (Z_PK is always kept). */
  omitColumns?: Readonly<Record<string, readonly string[]>>;
  /** Table constraints written after the columns, e.g. `PRIMARY KEY (Z_30ALBUMS, Z_3ASSETS)` of a join table. */
  constraints?: Readonly<Record<string, string>>;
  /** Write the store in WAL mode; `finish()` then leaves the rows written after `checkpoint()` in `<path>-wal`. */
  wal?: boolean;
}

function bplistInt(value: number): Buffer {
  if (value < 0x100) return Buffer.from([0x10, value]);
  if (value < 0x10000) return Buffer.from([0x11, value >> 8, value & 0xff]);
  const bytes = Buffer.alloc(5);
  bytes[0] = 0x12;
  bytes.writeUInt32BE(value, 1);
  return bytes;
}

function bplistString(value: string): Buffer {
  const ascii = Buffer.from(value, 'ascii');
  const marker = ascii.length < 15 ? Buffer.from([0x50 | ascii.length]) : Buffer.concat([Buffer.from([0x5f]), bplistInt(ascii.length)]);
  return Buffer.concat([marker, ascii]);
}

/** A binary property list of one flat dictionary (Z_METADATA.Z_PLIST is one). */
export function binaryPlist(dictionary: Readonly<Record<string, string | number>>): Buffer {
  const entries = Object.entries(dictionary);
  const count = entries.length;
  const objects: Buffer[] = [];
  const head = Buffer.alloc(1 + 2 * count);
  head[0] = 0xd0 | count;
  for (let index = 0; index < count; index += 1) {
    head[1 + index] = 1 + index;
    head[1 + count + index] = 1 + count + index;
  }
  objects.push(head);
  for (const [key] of entries) objects.push(bplistString(key));
  for (const [, value] of entries) objects.push(typeof value === 'number' ? bplistInt(value) : bplistString(value));
  const offsets: number[] = [];
  let position = 8;
  for (const object of objects) {
    offsets.push(position);
    position += object.length;
  }
  const offsetSize = position < 0x100 ? 1 : 2;
  const table = Buffer.alloc(offsets.length * offsetSize);
  offsets.forEach((offset, index) => (offsetSize === 1 ? table.writeUInt8(offset, index) : table.writeUInt16BE(offset, index * 2)));
  const trailer = Buffer.alloc(32);
  trailer[6] = offsetSize;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(position), 24);
  return Buffer.concat([Buffer.from('bplist00', 'ascii'), ...objects, table, trailer]);
}

/** Writes one Core Data store. Call `finish()` once, at the end. */
export class CoreDataWriter {
  readonly db: Database.Database;
  private readonly path: string;
  private readonly wal: boolean;
  private readonly entities: readonly EntitySpec[];
  private readonly tables = new Map<string, string[]>();
  private readonly inserts = new Map<string, Database.Statement>();
  /** Join-table inserts, by their SQL (one per column set). */
  private readonly links = new Map<string, Database.Statement>();
  private readonly maxPk = new Map<string, number>();
  private readonly rootEntity = new Map<string, number>();

  constructor(path: string, schema: CoreDataSchema) {
    this.path = path;
    this.wal = schema.wal ?? false;
    this.entities = schema.entities;
    this.db = openBuiltDatabase(path, this.wal);
    const omitted = new Set(schema.omitTables ?? []);
    for (const [table, columns] of Object.entries(schema.tables)) {
      if (omitted.has(table)) continue;
      const dropped = new Set((schema.omitColumns?.[table] ?? []).filter((name) => name !== 'Z_PK'));
      const kept = columns.filter(([name]) => !dropped.has(name));
      const constraint = schema.constraints?.[table];
      const definitions = [...kept.map(([name, type]) => `${name} ${type}`), ...(constraint ? [constraint] : [])];
      this.db.exec(`CREATE TABLE ${table} ( ${definitions.join(', ')} )`);
      this.tables.set(table, kept.map(([name]) => name));
    }
    for (const entity of schema.entities) {
      if (entity.table && !this.rootEntity.has(entity.table)) this.rootEntity.set(entity.table, entity.ent);
    }
    this.db.exec('CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)');
    this.db.exec('CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)');
    this.db.exec('CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB)');
    const uuid = randomUUID().toUpperCase();
    this.db.prepare('INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, ?)').run(
      uuid,
      binaryPlist({ NSPersistenceFrameworkVersion: 1153, NSStoreModelVersionHashesVersion: 3, NSStoreType: 'SQLite', NSStoreUUID: uuid, _NSAutoVacuumLevel: '2' }),
    );
    this.db.exec('BEGIN');
  }

  /** Whether the store has this table. */
  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Whether the table exists and has this column. */
  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.includes(column) ?? false;
  }

  /** The Z_PK the next row of a table will get. */
  nextPk(table: string): number {
    return (this.maxPk.get(table) ?? 0) + 1;
  }

  /**
   * Inserts a row (columns the table lacks are dropped, booleans become 0/1); returns its Z_PK, or 0 when the table
   * is absent. `ent` is the row's entity number (default: the table's root entity).
   */
  insert(table: string, values: Record<string, unknown>, ent?: number): number {
    const columns = this.tables.get(table);
    if (!columns) return 0;
    let statement = this.inserts.get(table);
    if (!statement) {
      statement = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.inserts.set(table, statement);
    }
    const pk = this.nextPk(table);
    this.maxPk.set(table, pk);
    const row: Record<string, unknown> = { ...values, Z_PK: pk, Z_ENT: ent ?? this.rootEntity.get(table) ?? null, Z_OPT: 1 };
    const bound = new Array<unknown>(columns.length);
    for (let index = 0; index < columns.length; index += 1) {
      const value = row[columns[index]!];
      bound[index] = value === undefined ? null : typeof value === 'boolean' ? Number(value) : value;
    }
    statement.run(bound);
    return pk;
  }

  /** Inserts a row into a table without Core Data columns (a many-to-many join table). */
  link(table: string, values: Readonly<Record<string, unknown>>): void {
    const columns = this.tables.get(table);
    if (!columns) return;
    const names = Object.keys(values).filter((name) => columns.includes(name));
    const sql = `INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    let statement = this.links.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.links.set(sql, statement);
    }
    statement.run(names.map((name) => values[name]));
  }

  /** Creates `<TABLE>_<COLUMN>_INDEX` indexes for the columns the table has (after the rows: faster). */
  index(table: string, ...columns: string[]): void {
    const kept = columns.filter((column) => this.hasColumn(table, column));
    if (kept.length === 0) return;
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${kept.join('_')}_INDEX ON ${table} (${kept.join(', ')})`);
  }

  /** WAL stores: commits and checkpoints, so what is written from here on lives only in the `-wal` file. */
  checkpoint(): void {
    this.db.exec('COMMIT');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('BEGIN');
  }

  /** Fills Z_PRIMARYKEY, commits and closes; a WAL store keeps its `-wal` and `-shm` files as a live store has them. */
  finish(): void {
    const primaryKey = this.db.prepare('INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)');
    for (const entity of this.entities) {
      if (entity.table !== undefined && !this.has(entity.table)) continue;
      const isRoot = entity.table !== undefined && this.rootEntity.get(entity.table) === entity.ent;
      primaryKey.run(entity.ent, entity.name, entity.parent ?? 0, isRoot ? (this.maxPk.get(entity.table!) ?? 0) : 0);
    }
    this.db.exec('COMMIT');
    closeDatabase(this.db, this.path, this.wal);
  }
}

