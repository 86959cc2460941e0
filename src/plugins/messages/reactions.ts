// Tapback vocabulary of Messages: associated_message_type 2000-2007 add a reaction, 3000-3007 remove it,
// and associated_message_guid names the target with a `p:N/` (part N) or `bp:` (balloon) prefix.

/** Reaction kinds by `associated_message_type % 1000` (2000/3000 = love ... 2007/3007 = sticker). */
export const REACTION_KINDS: readonly string[] = ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question', 'emoji', 'sticker'];

/** A tapback as read from `associated_message_type`. */
export interface Tapback {
  kind: string;
  action: 'add' | 'remove';
}

/** True for 2000-2007 and 3000-3007: rows that are reactions, not messages. */
export function isTapbackType(type: number | null | undefined): boolean {
  if (type === null || type === undefined) return false;
  return (type >= 2000 && type <= 2007) || (type >= 3000 && type <= 3007);
}

/** SQL predicate (over a `message` alias) matching tapback rows, for use where the column exists. */
export function tapbackPredicate(alias: string): string {
  const column = `${alias}.associated_message_type`;
  return `(${column} BETWEEN 2000 AND 2007 OR ${column} BETWEEN 3000 AND 3007)`;
}

/** The tapback a type stands for, or null when the type is not a tapback. */
export function tapbackOf(type: number | null | undefined): Tapback | null {
  if (!isTapbackType(type)) return null;
  const value = type as number;
  return { kind: REACTION_KINDS[value % 1000]!, action: value >= 3000 ? 'remove' : 'add' };
}

/** A target reference with its prefix resolved. */
export interface TargetReference {
  guid: string | null;
  /** N of `p:N/`; null for `bp:` or an unprefixed guid. */
  part: number | null;
}

const PART_PREFIX = /^p:(\d+)\/(.*)$/s;

/** Resolves `p:0/GUID` to `{ guid: 'GUID', part: 0 }` and `bp:GUID` to `{ guid: 'GUID', part: null }`. */
export function resolveTarget(raw: string | null | undefined): TargetReference {
  if (raw === null || raw === undefined || raw === '') return { guid: null, part: null };
  const part = PART_PREFIX.exec(raw);
  if (part) return { guid: part[2] === '' ? null : part[2]!, part: Number(part[1]) };
  if (raw.startsWith('bp:')) return { guid: raw.length > 3 ? raw.slice(3) : null, part: null };
  return { guid: raw, part: null };
}

/** SQL expression (over a `message` alias) giving the target guid without its `p:N/` or `bp:` prefix. */
export function targetGuidExpression(alias: string): string {
  const column = `${alias}.associated_message_guid`;
  return `CASE
      WHEN ${column} LIKE 'p:%/%' THEN substr(${column}, instr(${column}, '/') + 1)
      WHEN ${column} LIKE 'bp:%' THEN substr(${column}, 4)
      ELSE ${column}
    END`;
}
