// The words of a message: `message.text`, or the NSAttributedString archived in `attributedBody` when `text` is empty.
// Counts disagreements and undecodable bodies so the parser can report them as warnings, never throwing.
import { byteStringLengthPrefix, decodeAttributedBody, MENTION_ATTRIBUTE, type DecodeResult } from './typedstream.js';
import { normalizeHandle } from './handles.js';

/** Text of one row and where it came from. */
export interface ResolvedText {
  text: string | null;
  /** `text`, `attributed-body`, or null when the row has no words. */
  source: 'text' | 'attributed-body' | null;
  /** Normalized handles of confirmed mentions in the body. */
  mentions: string[];
}

/** Running counts over all rows, reported once at the end of a parse. */
export class TextTally {
  /** Rows whose text and decoded body both exist and differ (text kept). */
  mismatches = 0;
  /** Rows whose text came from attributedBody. */
  fromBody = 0;
  /** Undecodable bodies by decoder error code. */
  readonly malformed = new Map<string, number>();
}

/** Resolves the text of a row from its `text` and `attributedBody` columns. */
export function resolveText(text: unknown, body: unknown, tally: TextTally): ResolvedText {
  const stored = typeof text === 'string' ? text : text === null || text === undefined ? null : String(text);
  const hasStored = stored !== null && stored !== '';
  if (!(body instanceof Uint8Array) || body.length === 0) {
    return { text: stored, source: hasStored ? 'text' : null, mentions: [] };
  }
  if (hasStored && bodyRepeatsText(body, stored)) return { text: stored, source: 'text', mentions: [] };
  const decoded = decodeSafely(body);
  if (!decoded.ok) {
    tally.malformed.set(decoded.code, (tally.malformed.get(decoded.code) ?? 0) + 1);
    return { text: stored, source: hasStored ? 'text' : null, mentions: [] };
  }
  const mentions = decoded.value.mentions.map(normalizeHandle).filter((handle): handle is string => handle !== null);
  if (hasStored) {
    if (decoded.value.text !== stored) tally.mismatches += 1;
    return { text: stored, source: 'text', mentions };
  }
  if (decoded.value.text === '') return { text: stored, source: null, mentions };
  tally.fromBody += 1;
  return { text: decoded.value.text, source: 'attributed-body', mentions };
}

const MENTION_KEY = Buffer.from(MENTION_ATTRIBUTE, 'latin1');

/**
 * Whether decoding `body` could change nothing for a row that has `text`: the archive holds no mention attribute and
 * carries exactly `text` as a length-prefixed byte string. Decoding every body cost more than a fifth of a messages
 * job, and most rows have both columns; a body that fails this check is decoded in full (mismatch, malformed body).
 */
function bodyRepeatsText(body: Uint8Array, text: string): boolean {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.indexOf(MENTION_KEY) !== -1) return false;
  const textBytes = Buffer.from(text, 'utf8');
  const prefix = byteStringLengthPrefix(textBytes.length);
  let at = bytes.indexOf(textBytes);
  while (at !== -1) {
    const start = at - prefix.length;
    if (start >= 0 && bytes.compare(prefix, 0, prefix.length, start, at) === 0) return true;
    at = bytes.indexOf(textBytes, at + 1);
  }
  return false;
}

/** The decoder promises not to throw; a row is still never allowed to abort a parse if it does. */
function decodeSafely(body: Uint8Array): DecodeResult | { ok: false; code: string; message: string } {
  try {
    return decodeAttributedBody(body);
  } catch (error) {
    return { ok: false, code: 'TYPEDSTREAM_EXCEPTION', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The searchable words of a text: object-replacement characters (attachment placeholders) removed, trimmed. */
export function searchableText(text: string | null | undefined): string | null {
  if (!text) return null;
  const cleaned = text.replace(/\uFFFC/g, '').trim();
  return cleaned === '' ? null : cleaned;
}
