// Reading ChatStorage columns: select lists built from introspection (a missing column reads as NULL) and
// typed conversions of the raw SQLite values.
import { quoteIdentifier } from '../../kernel/schema.js';
import type { WhatsAppContext } from './parse.js';

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

/** A select-list entry: the column when the table has it, NULL otherwise, under a stable alias. */
export function column(ctx: WhatsAppContext, table: string, alias: string, source: string, as: string): string {
  return `${ctx.schema.columnOrNull(table, source, alias)} AS ${quoteIdentifier(as)}`;
}
