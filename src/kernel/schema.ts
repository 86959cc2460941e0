// Schema introspection of an opened SQLite source: which tables and columns exist, read once and cached.
// Plugins decide their variant from these answers, never from an assumed iOS version.
import type Database from 'better-sqlite3';

/** Read-only view of a SQLite database's schema. */
export interface SchemaInspector {
  /** Every table name (views excluded), as written in sqlite_master. */
  tables(): string[];
  hasTable(table: string): boolean;
  /** Column names of a table in declaration order; empty when the table does not exist. */
  columns(table: string): string[];
  hasColumn(table: string, column: string): boolean;
  /** The first of the candidate columns that exists in the table, or null. */
  firstColumn(table: string, candidates: readonly string[]): string | null;
  /** SQL for `alias.column` when the table has the column, else `NULL`: a missing optional column reads as NULL. */
  columnOrNull(table: string, column: string, alias: string): string;
}

/** An SQL identifier in double quotes, inner quotes doubled. */
export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Builds a cached inspector over an open better-sqlite3 database. Lookups are case-insensitive, as SQLite's are. */
export function inspectSchema(db: Database.Database): SchemaInspector {
  const tableRows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all() as Array<{ name: string }>;
  const tableNames = tableRows.map((row) => row.name);
  const byLower = new Map(tableNames.map((name) => [name.toLowerCase(), name]));
  const columnCache = new Map<string, string[]>();

  const columns = (table: string): string[] => {
    const real = byLower.get(table.toLowerCase());
    if (real === undefined) return [];
    let cached = columnCache.get(real);
    if (cached === undefined) {
      cached = (db.prepare(`PRAGMA table_info(${quoteIdentifier(real)})`).all() as Array<{ name: string }>).map((c) => c.name);
      columnCache.set(real, cached);
    }
    return cached;
  };
  const hasColumn = (table: string, column: string): boolean =>
    columns(table).some((name) => name.toLowerCase() === column.toLowerCase());

  return {
    tables: () => [...tableNames],
    hasTable: (table) => byLower.has(table.toLowerCase()),
    columns,
    hasColumn,
    firstColumn: (table, candidates) => candidates.find((candidate) => hasColumn(table, candidate)) ?? null,
    columnOrNull: (table, column, alias) => (hasColumn(table, column) ? `${alias}.${quoteIdentifier(column)}` : 'NULL'),
  };
}
