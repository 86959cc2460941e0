// Identities of the people in search documents: phone numbers, emails and WhatsApp JIDs normalized to one form at
// index time (`artifact_search_index.handles`), and the digit strings a phone-number query is looked up by.
//
// The rule for a phone number (`normalizeHandle`):
// - It must look like one: an optional `tel:` prefix, then only digits, spaces and `+ ( ) - . /` (a `+` only first),
//   with at least 5 digits. Bidirectional marks and no-break spaces that iOS puts around typed numbers are ignored.
// - E.164 (`+15550102000`) when libphonenumber-js (min metadata) parses it and calls it *possible* (its length fits
//   the country's plan): a number written with `+` (or the `00` international prefix) is parsed on its own; any
//   other with `region` (the country of the device's own number, see `regionOf`) as its default country, which
//   also reads the region's trunk and international prefixes (`07700 900123` in GB, `011 44 ...` in US). Possible,
//   not valid: fictional numbers (555-01xx, +44 7700 900xxx) are not "valid", and real ones in newly opened ranges
//   may not be either in the metadata this release carries.
// - Otherwise its digits only (`5550102000`, `12345`): no region, or a number the region's plan does not fit.
//   A national number that fits the region's plan is read as the region's, as the phone would dial it: on a GB
//   device `(555) 010-2000` is `+445550102000` (a search for its digits still finds it: they are a substring).
// - Fewer than 5 digits, anything else in it (letters, `ext`, `*`, `#`): not a phone number.
// Emails are trimmed and lower-cased (`mailto:` removed); a WhatsApp person JID `<digits>@s.whatsapp.net` or
// `@c.us` (a `:<device>` suffix allowed) is `+<digits>`; groups, broadcasts, `@lid` ids and names are null.
//
// libphonenumber-js is loaded on first use with require() of its CommonJS build: commands that never normalize
// (`--help`, `plugins`, `status`) do not pay for it, and its CommonJS build loads in about half the time of its ES
// module graph (Node 20, median of 10 cold processes: `min` ~80 ms as CommonJS, ~155 ms as ES modules). The default
// entry point is the same code and metadata as `min`; `max` adds the metadata of number types, which is not needed.
// A parse costs tens of microseconds, so results are memoized per region (documents repeat their participants).
import { createRequire } from 'node:module';
import type * as Phone from 'libphonenumber-js/min';

type PhoneLibrary = typeof Phone;

let library: PhoneLibrary | null = null;

function phones(): PhoneLibrary {
  library ??= createRequire(import.meta.url)('libphonenumber-js/min') as PhoneLibrary;
  return library;
}

/** Longest input looked at (a real handle is a few dozen characters); anything longer is not an identity. */
export const MAX_HANDLE_CHARS = 256;

/** Fewest digits of a stored phone handle (SMS short codes have 5 or 6). */
const MIN_HANDLE_DIGITS = 5;
/** Fewest digits of a query read as a phone number. */
const MIN_QUERY_DIGITS = 7;
/** Fewest digits of a national significant number offered as a query form (shorter ones would match too much). */
const MIN_NATIONAL_DIGITS = 6;
/** E.164's longest number. */
const MAX_E164_DIGITS = 15;

/** Invisible characters iOS and apps put in typed numbers and names (bidi marks and embeddings, zero-width ones). */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** No-break and other odd spaces, read as a space. */
const ODD_SPACES = /[\u00a0\u2007\u202f\u2000-\u200a\u3000]/g;
/** Control characters: never part of an identity (and PostgreSQL refuses NUL in text). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A stored handle that looks like a phone number: optional `+`, then digits and separators. */
const PHONE_HANDLE = /^\+?[0-9 ()\-./]+$/;
/** A query term that looks like a phone number (no `/`: a date such as 2024/05/01 is not one). */
const PHONE_QUERY = /^\+?[0-9 ()\-.]+$/;
/** A WhatsApp person JID: the phone number's digits, an optional device suffix, the user domain. */
const WHATSAPP_PERSON = /^([0-9]+)(?::[0-9]+)?@(?:s\.whatsapp\.net|c\.us)$/;

/** The input with invisible characters removed and odd spaces made spaces, trimmed; null when too long. */
function cleaned(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_HANDLE_CHARS) return null;
  return raw.replace(INVISIBLE, '').replace(ODD_SPACES, ' ').trim();
}

/** A country code libphonenumber-js knows, upper-cased; null for anything else. */
function knownRegion(region: string | null | undefined): Phone.CountryCode | null {
  if (typeof region !== 'string' || !/^[A-Za-z]{2}$/.test(region)) return null;
  const code = region.toUpperCase();
  return phones().isSupportedCountry(code) ? (code as Phone.CountryCode) : null;
}

/** libphonenumber-js's parse, never throwing (it returns undefined for what it cannot read). */
function parsed(text: string, region: Phone.CountryCode | null): Phone.PhoneNumber | null {
  try {
    return phones().parsePhoneNumberFromString(text, region ? { defaultCountry: region, extract: false } : { extract: false }) ?? null;
  } catch {
    return null;
  }
}

/**
 * The ISO 3166 country of the device's own number as Info.plist gives it ("Phone Number", `+1 (555) 555-1234`):
 * the country libphonenumber-js reads from it, or, for a number its plan does not list (fictional or unassigned),
 * the main country of its calling code (US for +1, GB for +44). Null when absent, or not written internationally
 * (with `+` or `00`), or of no known calling code.
 */
export function regionOf(devicePhoneNumber: string | null | undefined): string | null {
  const text = cleaned(devicePhoneNumber);
  if (!text || CONTROL.test(text)) return null;
  const international = text.startsWith('+') ? text : text.startsWith('00') ? `+${text.slice(2)}` : null;
  if (!international || !PHONE_HANDLE.test(international)) return null;
  const number = parsed(international, null);
  if (!number) return null;
  return number.country ?? number.getPossibleCountries()[0] ?? null;
}

/** Has one `@` with something on both sides, and no spaces (nor control characters). */
export function isEmailLike(text: string): boolean {
  if (typeof text !== 'string' || /\s/.test(text) || CONTROL.test(text)) return false;
  const at = text.indexOf('@');
  return at > 0 && at < text.length - 1 && text.indexOf('@', at + 1) === -1;
}

/** E.164 of a phone-looking text when libphonenumber-js calls it possible; else its digits; null when too short. */
function normalizePhone(text: string, region: Phone.CountryCode | null): string | null {
  const digits = text.replace(/[^0-9]/g, '');
  if (digits.length < MIN_HANDLE_DIGITS) return null;
  const tries: Array<[string, Phone.CountryCode | null]> = text.startsWith('+')
    ? [[text, null]]
    : digits.startsWith('00') && !digits.startsWith('000')
      ? [[text, region], [`+${digits.slice(2)}`, null]]
      : region
        ? [[text, region]]
        : [];
  for (const [candidate, country] of tries) {
    const number = parsed(candidate, country);
    if (number && number.isPossible()) return number.number;
  }
  return digits;
}

const uncached = (raw: string, region: Phone.CountryCode | null): string | null => {
  let text = cleaned(raw);
  if (!text || CONTROL.test(text)) return null;
  const lower = text.toLowerCase();
  if (lower.includes('@')) {
    const person = WHATSAPP_PERSON.exec(lower);
    if (person) return person[1]!.length >= MIN_HANDLE_DIGITS && person[1]!.length <= MAX_E164_DIGITS ? `+${person[1]}` : null;
    const email = lower.startsWith('mailto:') ? lower.slice('mailto:'.length).trim() : lower;
    // WhatsApp groups (@g.us), broadcast lists and status (@broadcast), channels, and hidden-number ids (@lid).
    if (/@(?:g\.us|broadcast|newsletter|lid|s\.whatsapp\.net|c\.us)$/.test(email)) return null;
    return isEmailLike(email) ? email : null;
  }
  if (lower.startsWith('tel:')) text = text.slice('tel:'.length).trim();
  if (!PHONE_HANDLE.test(text)) return null;
  return normalizePhone(text, region);
};

/** Normalized handles per region (`''` for none) by raw text: a conversation's documents repeat the same participants. */
const memos = new Map<string, Map<string, string | null>>();
/** Entries kept per region before its memo starts again (real backups have hundreds to thousands of handles). */
const MEMO_ENTRIES = 50_000;
/** Regions as given mapped to the country code they are (or null), so a memo hit costs no validation. */
const regions = new Map<string, Phone.CountryCode | null>();

/** The memo of a region as given, and the country code it is. */
function memoOf(region: string | null): { country: Phone.CountryCode | null; memo: Map<string, string | null> } {
  let country: Phone.CountryCode | null = null;
  if (typeof region === 'string') {
    const known = regions.get(region);
    if (known !== undefined) country = known;
    else {
      country = knownRegion(region);
      if (regions.size < 1_000) regions.set(region, country);
    }
  }
  const key = country ?? '';
  let memo = memos.get(key);
  if (!memo) {
    memo = new Map();
    memos.set(key, memo);
  }
  return { country, memo };
}

function memoized(raw: string, country: Phone.CountryCode | null, memo: Map<string, string | null>): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_HANDLE_CHARS) return null;
  const known = memo.get(raw);
  if (known !== undefined) return known;
  const value = uncached(raw, country);
  if (memo.size >= MEMO_ENTRIES) memo.clear();
  memo.set(raw, value);
  return value;
}

/**
 * The normalized identity of one participant (see the header for the phone rule): E.164 or digits for a phone
 * number, the lower-cased address for an email, `+<digits>` for a WhatsApp person JID; null for groups, names and
 * anything else. Never throws; inputs over {@link MAX_HANDLE_CHARS} characters are null without being read.
 */
export function normalizeHandle(raw: string, region: string | null): string | null {
  try {
    if (typeof raw !== 'string' || raw.length > MAX_HANDLE_CHARS) return null;
    const { country, memo } = memoOf(region);
    return memoized(raw, country, memo);
  } catch {
    return null;
  }
}

/** National significant numbers of E.164 handles, memoized (a document's participants repeat). */
const nationals = new Map<string, string | null>();

/**
 * The national significant number of an E.164 handle (`+15550102000` → `5550102000`), stored beside it so a search
 * for a number typed without its country code finds it by equality; null when it has none worth storing.
 */
export function nationalForm(handle: string): string | null {
  if (!handle.startsWith('+')) return null;
  let national = nationals.get(handle);
  if (national === undefined) {
    national = nationalOf(handle.slice(1));
    if (nationals.size >= MEMO_ENTRIES) nationals.clear();
    nationals.set(handle, national);
  }
  return national;
}

/**
 * The distinct normalized handles of a document's participants, in first-seen order (nulls left out), each E.164
 * number followed by its national significant number ({@link nationalForm}). Never throws.
 */
export function handlesOf(participants: readonly string[], region: string | null): string[] {
  if (participants.length === 0) return [];
  try {
    const { country, memo } = memoOf(region);
    const handles: string[] = [];
    // A group's long participant list is deduplicated through a set; a short one's scan is cheaper.
    const seen = participants.length > 16 ? new Set<string>() : null;
    for (const participant of participants) {
      let handle: string | null;
      try {
        handle = memoized(participant, country, memo);
      } catch {
        handle = null;
      }
      if (handle === null || (seen ? seen.has(handle) : handles.includes(handle))) continue;
      seen?.add(handle);
      handles.push(handle);
      const national = nationalForm(handle);
      if (national !== null && !(seen ? seen.has(national) : handles.includes(national))) {
        seen?.add(national);
        handles.push(national);
      }
    }
    return handles;
  } catch {
    return [];
  }
}

/** The national significant number of an international number's digits, when its calling code is known. */
function nationalOf(international: string): string | null {
  const number = parsed(`+${international}`, null);
  const national = number?.nationalNumber;
  return national && national.length >= MIN_NATIONAL_DIGITS && national !== international ? national : null;
}

/**
 * For a query term that looks like a phone number (at least 7 digits; only digits, spaces and `+ ( ) - .`), the digit
 * strings to look for as substrings of stored handles: the digits as typed with an international prefix (`00`, or
 * `011` when what follows it reads as an international number) removed; when the number carries a country code
 * (`+`, `00`, `011`), also its national significant number; when it starts with a single trunk `0`, also the digits
 * without it. `+1 (555) 010-2000` → `15550102000`, `5550102000`; `07700 900123` → `07700900123`, `7700900123`.
 * Null when the term is not phone-like (or longer than {@link MAX_HANDLE_CHARS}).
 */
export function phoneQueryForms(text: string): string[] | null {
  try {
    const term = cleaned(text);
    if (!term || !PHONE_QUERY.test(term)) return null;
    const digits = term.replace(/[^0-9]/g, '');
    if (digits.length < MIN_QUERY_DIGITS) return null;
    const forms = new Set<string>();
    const international = (rest: string) => {
      forms.add(rest);
      const national = nationalOf(rest);
      if (national) forms.add(national);
    };
    if (term.startsWith('+')) {
      international(digits);
    } else if (digits.startsWith('00') && !digits.startsWith('000')) {
      international(digits.slice(2));
    } else if (digits.startsWith('011') && parsed(`+${digits.slice(3)}`, null)?.isPossible()) {
      international(digits.slice(3));
    } else {
      forms.add(digits);
      if (digits.startsWith('0') && !digits.startsWith('00')) forms.add(digits.slice(1));
    }
    return [...forms].filter((form) => form.length > 0);
  } catch {
    return null;
  }
}
