// Messages handle normalization: phone numbers as digits with a leading +, emails lower-case, anything else trimmed,
// so a sender or participant matches the same person in other artifacts.

const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;

/**
 * Normalizes a `handle.id`: `+1 (518) 380-8956` -> `+15183808956`, `22000` -> `22000`, `Bob@Mail.COM` -> `bob@mail.com`.
 * Other identifiers (business chat URNs, ...) are trimmed and lower-cased. Null for empty input.
 */
export function normalizeHandle(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  if (PHONE_CHARACTERS.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits === '') return trimmed;
    return trimmed.startsWith('+') ? `+${digits}` : digits;
  }
  return trimmed.toLowerCase();
}
