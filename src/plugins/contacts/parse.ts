// Reads AddressBook.sqlitedb (iOS 5 to current): ABPerson records with their multi-values merged in one streaming
// pass, labels made human, addresses assembled from their entry parts.
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import { SortedChildCursor } from '../../kernel/cursor.js';
import { COCOA_EPOCH_OFFSET_SECONDS } from '../../kernel/time.js';
import type { ParseContext } from '../../kernel/plugin.js';
import { humanLabel, normalizeEmail, normalizePhone, propertyKind } from './labels.js';

/** ABPerson columns read when present, and the contact column each fills. */
const PERSON_COLUMNS = {
  Prefix: 'prefix',
  First: 'first_name',
  Middle: 'middle_name',
  Last: 'last_name',
  Suffix: 'suffix',
  Nickname: 'nickname',
  Organization: 'organization',
  Department: 'department',
  JobTitle: 'job_title',
  Note: 'note',
} as const;

const EXTRA_PERSON_COLUMNS = ['Kind', 'Birthday', 'CreationDate', 'ModificationDate', 'DisplayName', 'CompositeNameFallback'];

interface MultiValueRow {
  UID: number;
  record_id: number;
  property: number | null;
  raw_label: string | null;
  value: string | null;
  entry_key: string | null;
  entry_value: string | null;
}

/** A contact's multi-value as written, kept for its search document. */
export interface WrittenValue {
  kind: string;
  value: string | null;
}

const ADDRESS_ORDER = ['street', 'city', 'state', 'zip', 'country'];

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const str = String(value).trim();
  return str === '' ? null : str;
}

function partName(key: string): string {
  if (key === 'ZIP') return 'zip';
  return key.charAt(0).toLowerCase() + key.slice(1);
}

/** Birthdays are Cocoa seconds at (about) midnight; the calendar date is the nearest UTC day. Years 1600..2100 kept (1604 = no year). */
export function birthdayDate(raw: unknown): string | null {
  const seconds = Number(raw);
  if (raw === null || raw === undefined || raw === '' || !Number.isFinite(seconds)) return null;
  const ms = (seconds + COCOA_EPOCH_OFFSET_SECONDS) * 1000 + 12 * 3600 * 1000;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < 1600 || year > 2100) return null;
  return date.toISOString().slice(0, 10);
}

function displayName(person: Record<string, unknown>, kind: string): string | null {
  const personal = [person.Prefix, person.First, person.Middle, person.Last, person.Suffix]
    .map(text)
    .filter((part): part is string => part !== null)
    .join(' ');
  const organization = text(person.Organization);
  if (kind === 'organization' && organization) return organization;
  return (
    (personal || null) ??
    organization ??
    text(person.Nickname) ??
    text(person.DisplayName) ??
    text(person.CompositeNameFallback)
  );
}

function assembleValue(kind: string, value: string | null, parts: Record<string, string> | null): string | null {
  if (!parts) return value;
  if (kind === 'address') {
    const ordered = ADDRESS_ORDER.map((key) => parts[key]).filter((part): part is string => Boolean(part));
    return ordered.length > 0 ? ordered.join(', ') : value;
  }
  if (kind === 'im' || kind === 'social_profile') {
    const user = parts.username ?? parts.url ?? value;
    return parts.service && user ? `${user} (${parts.service})` : (user ?? value);
  }
  return value;
}

/** Parses the address book into `contact` and `contact_value`. */
export async function parseAddressBook(ctx: ParseContext): Promise<void> {
  const { db, schema } = ctx;
  if (!schema.hasTable('ABPerson')) {
    throw new UnsupportedSchemaError('not an AddressBook database: table ABPerson is missing');
  }
  const clientVersion = schema.hasTable('_SqliteDatabaseProperties')
    ? (db.prepare("SELECT value FROM _SqliteDatabaseProperties WHERE key = '_ClientVersion'").get() as { value?: string } | undefined)?.value
    : undefined;
  ctx.setVariant(clientVersion ? `addressbook-client-${clientVersion}` : 'addressbook-unknown-version');

  const present = [...Object.keys(PERSON_COLUMNS), ...EXTRA_PERSON_COLUMNS].filter((column) => schema.hasColumn('ABPerson', column));
  for (const core of ['First', 'Last', 'Organization']) {
    if (!present.includes(core)) ctx.warn('CONTACTS_COLUMN_MISSING', `ABPerson.${core} is missing; contacts are read without it`);
  }
  const people = ctx.rows<Record<string, unknown>>(`SELECT ROWID AS rowid, ${present.map((c) => `"${c}"`).join(', ') || 'NULL AS none'} FROM ABPerson ORDER BY ROWID`);

  const values = multiValueCursor(ctx);
  const contacts = ctx.table('contact');

  for (const person of people) {
    const rowid = Number(person.rowid);
    const kind = Number(person.Kind) === 1 ? 'organization' : 'person';
    const contactId = ctx.id('contact', rowid);
    const row: Record<string, unknown> = {
      id: contactId,
      source_rowid: rowid,
      kind,
      display_name: displayName(person, kind),
      birthday: birthdayDate(person.Birthday),
      created_at: ctx.time(person.CreationDate as number, 'cocoa-seconds', 'ABPerson.CreationDate'),
      modified_at: ctx.time(person.ModificationDate as number, 'cocoa-seconds', 'ABPerson.ModificationDate'),
    };
    for (const [column, target] of Object.entries(PERSON_COLUMNS)) row[target] = text(person[column]);
    if (person.Birthday != null && person.Birthday !== '' && row.birthday === null) {
      ctx.warn('CONTACTS_BIRTHDAY_UNREADABLE', 'ABPerson.Birthday: values outside 1600..2100 or unreadable were stored as NULL');
    }

    const valueRows = groupByUid(values?.take(rowid) ?? []).map((group) => valueRow(ctx, group, contactId));
    const written: WrittenValue[] = valueRows.map((value) => ({ kind: String(value.kind), value: value.value as string | null }));
    await contacts.write(row, written);
    for (const value of valueRows) await ctx.table('contact_value').write(value);
  }
  values?.finish();
  if (values) await writeOrphanValues(ctx);
}

function valueRow(ctx: ParseContext, group: MultiValueRow[], contactId: string | null): Record<string, unknown> {
  const first = group[0]!;
  const kind = propertyKind(Number(first.property));
  let parts: Record<string, string> | null = null;
  for (const entry of group) {
    if (entry.entry_key !== null && entry.entry_value !== null) (parts ??= {})[partName(entry.entry_key)] = entry.entry_value;
  }
  const value = assembleValue(kind, text(first.value), parts);
  return {
    id: ctx.id('contact_value', first.UID),
    source_rowid: first.UID,
    contact_id: contactId,
    kind,
    label: humanLabel(first.raw_label),
    raw_label: first.raw_label,
    value: kind === 'date' ? (birthdayDate(first.value) ?? value) : value,
    normalized: kind === 'phone' ? normalizePhone(value) : kind === 'email' ? normalizeEmail(value) : null,
    parts,
  };
}

/** Multi-values whose record_id matches no ABPerson are kept with no contact, and counted in a warning. */
async function writeOrphanValues(ctx: ParseContext): Promise<void> {
  let orphans = 0;
  let group: MultiValueRow[] = [];
  for (const row of multiValueRows(ctx, 'WHERE mv.record_id IS NULL OR mv.record_id NOT IN (SELECT ROWID FROM ABPerson)')) {
    if (group.length > 0 && group[0]!.UID !== row.UID) {
      await ctx.table('contact_value').write(valueRow(ctx, group, null));
      orphans += 1;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) {
    await ctx.table('contact_value').write(valueRow(ctx, group, null));
    orphans += 1;
  }
  if (orphans > 0) {
    ctx.warn('CONTACTS_ORPHAN_VALUES', 'ABMultiValue rows that belong to no ABPerson were kept with no contact', orphans);
  }
}

function groupByUid(rows: MultiValueRow[]): MultiValueRow[][] {
  const groups: MultiValueRow[][] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.UID === row.UID) last.push(row);
    else groups.push([row]);
  }
  return groups;
}

function multiValueCursor(ctx: ParseContext): SortedChildCursor<MultiValueRow> | null {
  const { schema } = ctx;
  if (!schema.hasTable('ABMultiValue')) {
    ctx.warn('CONTACTS_NO_MULTIVALUES', 'table ABMultiValue is missing: contacts are read without phones, emails or addresses');
    return null;
  }
  for (const column of ['UID', 'record_id', 'property', 'label', 'value']) {
    if (!schema.hasColumn('ABMultiValue', column)) {
      ctx.warn('CONTACTS_NO_MULTIVALUES', `ABMultiValue.${column} is missing: contacts are read without their multi-values`);
      return null;
    }
  }
  return new SortedChildCursor(multiValueRows(ctx, ''), (row) => row.record_id);
}

/** Multi-values with their label and entry parts, one row per entry, sorted by owner then UID. */
function multiValueRows(ctx: ParseContext, where: string): IterableIterator<MultiValueRow> {
  const { schema } = ctx;
  const hasLabels = schema.hasTable('ABMultiValueLabel');
  const hasEntries = schema.hasTable('ABMultiValueEntry') && schema.hasTable('ABMultiValueEntryKey');
  return ctx.rows<MultiValueRow>(
    `SELECT mv.UID AS UID, mv.record_id AS record_id, mv.property AS property,
            ${hasLabels ? 'l.value' : 'NULL'} AS raw_label, mv.value AS value,
            ${hasEntries ? 'k.value' : 'NULL'} AS entry_key, ${hasEntries ? 'e.value' : 'NULL'} AS entry_value
       FROM ABMultiValue mv
       ${hasLabels ? 'LEFT JOIN ABMultiValueLabel l ON l.ROWID = mv.label' : ''}
       ${hasEntries ? 'LEFT JOIN ABMultiValueEntry e ON e.parent_id = mv.UID LEFT JOIN ABMultiValueEntryKey k ON k.ROWID = e.key' : ''}
       ${where}
      ORDER BY mv.record_id, mv.UID`,
  );
}
