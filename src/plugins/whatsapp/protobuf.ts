// Minimal protobuf wire-format reading for ChatStorage blobs: the quoted stanza id in ZWAMEDIAITEM.ZMETADATA,
// and telling a plain push name from the base64 protobuf that builds from 2025 on may store instead.
import { readProtobuf } from '../../kernel/protobuf.js';

const STANZA_ID = /^[\x21-\x7e]{1,128}$/;

/** Outcome of reading a ZMETADATA blob for a quoted message. */
export type QuotedReading = { stanzaId: string | null; readable: true } | { stanzaId: null; readable: false };

/**
 * The stanza id of the message a reply quotes: top-level field 5 (length-delimited) of ZWAMEDIAITEM.ZMETADATA,
 * the layout public parsers (IPED, WhatsApp-Chat-Exporter) read. `readable: false` when the blob is not protobuf.
 */
export function quotedStanzaId(blob: unknown): QuotedReading {
  if (!Buffer.isBuffer(blob) || blob.length === 0) return { stanzaId: null, readable: true };
  const fields = readProtobuf(blob);
  if (!fields) return { stanzaId: null, readable: false };
  const quoted = fields.find((entry) => entry.field === 5 && entry.wire === 2);
  if (!quoted) return { stanzaId: null, readable: true };
  const text = (quoted.value as Buffer).toString('utf8');
  return { stanzaId: STANZA_ID.test(text) ? text : null, readable: true };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Buffer): boolean {
  try {
    const decoded = UTF8.decode(bytes);
    return decoded.trim() !== '' && !CONTROL.test(decoded);
  } catch {
    return false;
  }
}

/**
 * Whether a string is base64 whose bytes form a well-formed protobuf message holding at least one text field
 * (what 2025+ builds store). Requiring a text field keeps names that merely happen to be valid base64 as names.
 */
export function isEncodedProtobuf(value: string): boolean {
  if (value.length < 8 || value.length % 4 !== 0 || !BASE64.test(value)) return false;
  const fields = readProtobuf(Buffer.from(value, 'base64'));
  return fields !== null && fields.some((entry) => entry.wire === 2 && isText(entry.value as Buffer));
}

/** A push name as stored, read: the plain name, or why it was not kept. */
export type PushNameReading =
  | { name: string; rejected: null }
  | { name: null; rejected: null | 'encoded' | 'unreadable' };

/**
 * Reads a ZPUSHNAME value. Plain text is kept (trimmed); base64 protobuf and blobs are `encoded`; text with control
 * characters is `unreadable`. Neither is ever returned as a name.
 */
export function readPushName(raw: unknown): PushNameReading {
  if (raw === null || raw === undefined) return { name: null, rejected: null };
  if (Buffer.isBuffer(raw)) return raw.length === 0 ? { name: null, rejected: null } : { name: null, rejected: 'encoded' };
  const value = String(raw).trim();
  if (value === '') return { name: null, rejected: null };
  if (isEncodedProtobuf(value)) return { name: null, rejected: 'encoded' };
  if (CONTROL.test(value)) return { name: null, rejected: 'unreadable' };
  return { name: value, rejected: null };
}
