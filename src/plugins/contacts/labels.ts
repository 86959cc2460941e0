// Contact multi-value vocabulary: ABMultiValue property numbers, Apple's built-in labels, and normalization
// of phone numbers and emails for matching across artifacts.

/** ABMultiValue.property numbers and the kind they stand for. */
export const PROPERTY_KINDS: Readonly<Record<number, string>> = {
  3: 'phone',
  4: 'email',
  5: 'address',
  12: 'date',
  13: 'im',
  22: 'url',
  23: 'related_name',
  46: 'social_profile',
};

/** Kind of an ABMultiValue property; unknown numbers become `property-N`. */
export function propertyKind(property: number): string {
  return PROPERTY_KINDS[property] ?? `property-${property}`;
}

const BUILT_IN_LABELS: Readonly<Record<string, string>> = {
  iPhone: 'iphone',
  HomeFAX: 'home fax',
  WorkFAX: 'work fax',
  OtherFAX: 'other fax',
  HomePage: 'homepage',
  AppleWatch: 'apple watch',
};

const BUILT_IN = /^_\$!<(.+)>!\$_$/;

/** `_$!<Mobile>!$_` becomes `mobile`, `_$!<HomeFAX>!$_` `home fax`; a custom label is returned as written. */
export function humanLabel(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const match = BUILT_IN.exec(raw);
  if (!match) return raw;
  const name = match[1]!;
  const known = BUILT_IN_LABELS[name];
  if (known) return known;
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

const KEYPAD: Readonly<Record<string, string>> = {
  a: '2', b: '2', c: '2', d: '3', e: '3', f: '3', g: '4', h: '4', i: '4', j: '5', k: '5', l: '5',
  m: '6', n: '6', o: '6', p: '7', q: '7', r: '7', s: '7', t: '8', u: '8', v: '8', w: '9', x: '9', y: '9', z: '9',
};

/** Digits of a phone number with its leading `+` kept; vanity letters become keypad digits. Null when it has no digit. */
export function normalizePhone(value: string | null | undefined): string | null {
  if (!value || !/[0-9]/.test(value)) return null;
  const trimmed = value.trim();
  const main = trimmed.split(/[;,]|\s(?:x|ext\.?)\s?\d/i)[0] ?? trimmed;
  let digits = '';
  for (const char of main.toLowerCase()) {
    if (char >= '0' && char <= '9') digits += char;
    else if (KEYPAD[char]) digits += KEYPAD[char];
  }
  if (digits === '') return null;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/** Lower-cased, trimmed email address; null when empty. */
export function normalizeEmail(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}
