// Core Data stores (ChatStorage, Photos, NoteStore, ...): typed conversions of raw column values, select lists whose
// missing columns read as NULL, the entity numbers of Z_PRIMARYKEY, and the many-to-many join tables Core Data names
// after those numbers (`Z_27ASSETS (Z_27ALBUMS, Z_3ASSETS)`), found by introspection rather than by a fixed name.
import type Database from 'better-sqlite3';
import { quoteIdentifier, type SchemaInspector } from './schema.js';

/** A text value as stored (a BLOB decoded as UTF-8); empty becomes null. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const str = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return str === '' ? null : str;
}

/** A trimmed identifier or name; blank becomes null. */
export function name(value: unknown): string | null {
  const str = text(value)?.trim();
  return str ? str : null;
}

/** An integer value (REAL truncated); null when absent or not a number. */
export function integer(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const num = Number(value);
  return Number.isFinite(num) ? Math.trunc(num) : null;
}

/** Largest value of a PostgreSQL `integer` column. */
export const INT32_MAX = 2_147_483_647;
/** Smallest value of a PostgreSQL `integer` column. */
export const INT32_MIN = -2_147_483_648;

/**
 * An integer for a 32-bit column: a larger value is damage, given to `onOverflow` and stored as NULL, rather than
 * a COPY that fails the whole source.
 */
export function int32(value: unknown, onOverflow: () => void): number | null {
  const num = integer(value);
  if (num === null || (num >= INT32_MIN && num <= INT32_MAX)) return num;
  onOverflow();
  return null;
}

/** A size or duration: Core Data stores 0 when there is none. */
export function positive(value: unknown): number | null {
  const num = integer(value);
  return num !== null && num > 0 ? num : null;
}

/** A Core Data boolean (0/1) as a boolean; null when absent. */
export function flag(value: unknown): boolean | null {
  const num = integer(value);
  return num === null ? null : num !== 0;
}

/** A floating-point value; null when absent or not a number. */
export function coordinate(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const num = Number(value);
  return Number.isFinite(num) ? num : null;
}

/** A latitude/longitude pair; both null when either is absent, not a number, or out of range. */
export function position(latitude: unknown, longitude: unknown): [number | null, number | null] {
  const lat = coordinate(latitude);
  const lon = coordinate(longitude);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return [null, null];
  return [lat, lon];
}

/** A Core Data UUID: text as stored, or a 16-byte BLOB (older stores) written in the usual upper-case dashed form. */
export function uuid(value: unknown): string | null {
  if (Buffer.isBuffer(value)) {
    if (value.length !== 16) return value.length === 0 ? null : value.toString('hex').toUpperCase();
    const hex = value.toString('hex').toUpperCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return name(value);
}

/** A select-list entry: `alias.source` when the table has that column, NULL otherwise, under a stable name `as`. */
export function column(schema: SchemaInspector, table: string, alias: string, source: string, as: string): string {
  return `${schema.columnOrNull(table, source, alias)} AS ${quoteIdentifier(as)}`;
}

/**
 * The select-list builder of a table joined as `alias` only when `joined`: its columns read as NULL when the join is
 * not made (the table is missing, or cannot be linked), under the same names.
 */
export function joinedColumns(schema: SchemaInspector, joined: boolean, table: string, alias: string): (source: string, as: string) => string {
  return (source, as) => (joined ? column(schema, table, alias, source, as) : `NULL AS ${quoteIdentifier(as)}`);
}

/** A column a plugin reads: its table, its name, and what a store without it loses. */
export type ExpectedColumn = readonly [table: string, column: string, effect: string];

/** Names, in one `code` warning each, the expected columns that a present table lacks; returns them. */
export function warnMissingColumns(
  ctx: { readonly schema: SchemaInspector; warn(code: string, message: string): void },
  code: string,
  expected: readonly ExpectedColumn[],
): ExpectedColumn[] {
  const missing = expected.filter(([table, col]) => ctx.schema.hasTable(table) && !ctx.schema.hasColumn(table, col));
  for (const [table, col, effect] of missing) ctx.warn(code, `${table}.${col} is missing: ${effect}`);
  return missing;
}

/** One Z_PRIMARYKEY row: an entity, its number (the Z_ENT of its rows) and its parent entity (0 for none). */
export interface CoreDataEntity {
  number: number;
  name: string;
  parent: number;
}

/** The entities of a store, from Z_PRIMARYKEY (empty when the table is absent or unreadable). */
export class CoreDataEntities {
  private readonly byName = new Map<string, CoreDataEntity>();
  private readonly all: readonly CoreDataEntity[];

  constructor(entities: readonly CoreDataEntity[]) {
    this.all = entities;
    for (const entity of entities) this.byName.set(entity.name, entity);
  }

  /** Reads Z_PRIMARYKEY of an open store. */
  static read(db: Database.Database, schema: SchemaInspector): CoreDataEntities {
    if (!schema.hasTable('Z_PRIMARYKEY') || !['Z_ENT', 'Z_NAME'].every((col) => schema.hasColumn('Z_PRIMARYKEY', col))) {
      return new CoreDataEntities([]);
    }
    const parent = schema.hasColumn('Z_PRIMARYKEY', 'Z_SUPER') ? 'Z_SUPER' : '0';
    const rows = db.prepare(`SELECT Z_ENT AS number, Z_NAME AS name, ${parent} AS parent FROM Z_PRIMARYKEY`).all() as Array<Record<string, unknown>>;
    const entities: CoreDataEntity[] = [];
    for (const row of rows) {
      const number = integer(row.number);
      const entityName = name(row.name);
      if (number !== null && entityName !== null) entities.push({ number, name: entityName, parent: integer(row.parent) ?? 0 });
    }
    return new CoreDataEntities(entities);
  }

  /** Whether Z_PRIMARYKEY named any entity. */
  get known(): boolean {
    return this.all.length > 0;
  }

  /** The entity number of a name, or null. */
  numberOf(entityName: string): number | null {
    return this.byName.get(entityName)?.number ?? null;
  }

  /** The name of an entity number, or null. */
  nameOf(number: number): string | null {
    return this.all.find((entity) => entity.number === number)?.name ?? null;
  }

  /** The numbers of the named entities and of every entity below them (sub-entities share their parent's table). */
  family(...entityNames: string[]): number[] {
    const numbers = new Set(entityNames.map((entity) => this.numberOf(entity)).filter((n): n is number => n !== null));
    let grew = numbers.size > 0;
    while (grew) {
      grew = false;
      for (const entity of this.all) {
        if (!numbers.has(entity.number) && numbers.has(entity.parent)) {
          numbers.add(entity.number);
          grew = true;
        }
      }
    }
    return [...numbers].sort((a, b) => a - b);
  }
}

/** A many-to-many join table of two entities: `ownerColumn` holds the owner's Z_PK, `memberColumn` the member's. */
export interface JoinTable {
  table: string;
  ownerColumn: string;
  memberColumn: string;
}

/** What relationship to look for: owner entity numbers and the owner side's name, member numbers and their side's name. */
export interface JoinTableQuery {
  owners: readonly number[];
  /** The relationship name on the owner column, e.g. `ALBUMS` in `Z_27ALBUMS`. */
  ownerRelation: string;
  members: readonly number[];
  /** The relationship name on the member column, e.g. `ASSETS` in `Z_3ASSETS`. */
  memberRelation: string;
}

const NUMBERED = /^Z_(\d+)([A-Z0-9_]+)$/;

/**
 * Join tables linking owners to members, found in sqlite_master: a table whose columns include `Z_<owner><ownerRelation>`
 * and `Z_<member><memberRelation>` for entity numbers of the query. Core Data renames the table and its columns when the
 * model's entity numbers move (`Z_20ASSETS`, `Z_27ASSETS`, `Z_30ASSETS`, ...), so no name is fixed here.
 */
export function findJoinTables(schema: SchemaInspector, query: JoinTableQuery): JoinTable[] {
  const owners = new Set(query.owners);
  const members = new Set(query.members);
  const found: JoinTable[] = [];
  for (const table of schema.tables()) {
    if (!NUMBERED.test(table)) continue;
    let ownerColumn: string | null = null;
    let memberColumn: string | null = null;
    for (const col of schema.columns(table)) {
      const match = NUMBERED.exec(col);
      if (!match) continue;
      const number = Number(match[1]);
      if (match[2] === query.ownerRelation && owners.has(number)) ownerColumn = col;
      else if (match[2] === query.memberRelation && members.has(number)) memberColumn = col;
    }
    if (ownerColumn && memberColumn) found.push({ table, ownerColumn, memberColumn });
  }
  return found;
}
