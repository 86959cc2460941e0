// Notes bodies: ZICNOTEDATA.ZDATA is a gzip-compressed protobuf document whose note holds the whole text and the
// attribute runs that style it (lengths in UTF-16 code units, as NSString counts). An attachment is one U+FFFC in the
// text whose run names the attachment row; a checklist item is a paragraph whose style carries a done flag.
import { gunzipSync } from 'node:zlib';
import { ProtoMessage, ProtobufShapeError } from '../../kernel/protobuf.js';

/** A body that cannot be read: not gzip, not protobuf, or not a note document. */
export class NoteBodyError extends Error {}

/** Largest body accepted after decompression: millions of characters, far beyond any real note. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Longest text a note's body is given (UTF-16 units, attachments' text included); beyond, it is cut and says so. */
export const MAX_BODY_CHARS = 16 * 1024 * 1024;
/** Attachments, checklist items and links listed per note; beyond, attachments are still counted. */
export const MAX_LISTED = 10_000;

/** ParagraphStyle.style_type of a checklist item. */
const CHECKLIST_STYLE = 103;

/** An attachment named by the body: its row's ZIDENTIFIER and its type UTI. */
export interface AttachmentRef {
  identifier: string | null;
  uti: string | null;
}

/** One attribute run of the text. */
export interface NoteRun {
  /** Length in UTF-16 code units. */
  length: number;
  /** ParagraphStyle.style_type (0 title, 1 heading, 100-102 lists, 103 checklist); null for body text. */
  style: number | null;
  /** Done flag of a checklist paragraph; null when the run is not a checklist item. */
  checked: boolean | null;
  attachment: AttachmentRef | null;
  link: string | null;
}

/** A decoded note document: its raw text (attachments still U+FFFC) and its runs. */
export interface NoteDocument {
  text: string;
  runs: NoteRun[];
}

const GZIP_MAGIC = 0x1f8b;

/** The protobuf bytes of a stored body: gunzipped (bounded), or as stored when it is not gzip (a few old rows). */
export function inflate(blob: Buffer): Buffer {
  if (blob.length < 2 || blob.readUInt16BE(0) !== GZIP_MAGIC) {
    if (blob.length > MAX_BODY_BYTES) throw new NoteBodyError(`body is larger than ${MAX_BODY_BYTES} bytes`);
    return blob;
  }
  try {
    return gunzipSync(blob, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `larger than ${MAX_BODY_BYTES} bytes once decompressed` : 'not valid gzip';
    throw new NoteBodyError(`body is ${reason}`);
  }
}

/** The Note message inside a body's protobuf: NoteStoreProto.document (2) -> Document.note (3). */
function noteMessage(bytes: Buffer): ProtoMessage {
  const root = ProtoMessage.parse(bytes);
  if (!root) throw new NoteBodyError('body is not protobuf');
  return root.required(2, 'document').required(3, 'note');
}

/** Reads the runs of a Note message (the same message holds a table cell's text) until they cover the text. */
export function readNote(note: ProtoMessage): NoteDocument {
  const text = note.string(2) ?? '';
  const runs: NoteRun[] = [];
  let covered = 0;
  for (const run of note.eachMessage(5)) {
    if (covered >= text.length) break;
    const length = run.uint(1) ?? 0;
    if (length <= 0) continue;
    covered += length;
    const paragraph = run.message(2);
    const checklist = paragraph?.message(5) ?? null;
    const info = run.message(12);
    runs.push({
      length,
      style: paragraph?.uint(1) ?? null,
      checked: checklist ? (checklist.uint(2) ?? 0) !== 0 : null,
      attachment: info ? { identifier: info.string(1), uti: info.string(2) } : null,
      link: run.string(9),
    });
  }
  return { text, runs };
}

/** Decodes a stored body (gzip or plain protobuf) into its note document; a NoteBodyError says why it cannot. */
export function decodeNoteBody(blob: Buffer): NoteDocument {
  try {
    return readNote(noteMessage(inflate(blob)));
  } catch (error) {
    if (error instanceof ProtobufShapeError) throw new NoteBodyError(`body is not a note document: ${error.message}`);
    throw error;
  }
}

/** A checklist item: its text and whether it is ticked. */
export interface ChecklistItem {
  text: string;
  done: boolean;
}

/** A note's readable content: the plain text with attachments replaced, its checklist and its attachments in order. */
export interface NoteContent {
  body: string;
  checklist: ChecklistItem[];
  /** The attachments, each once, in order (at most {@link MAX_LISTED}). */
  attachments: AttachmentRef[];
  /** How many distinct attachments the text refers to, listed or not. */
  attachmentCount: number;
  /** URLs the text links to, each once, in order. */
  links: string[];
  /** The body reached {@link MAX_BODY_CHARS} and was cut there. */
  truncated: boolean;
}

const OBJECT_REPLACEMENT = /\uFFFC/g;
/** A checklist item longer than this is cut (the body keeps the whole text). */
const MAX_PARAGRAPH_CHARS = 10_000;

/**
 * Walks the runs: an attachment run's U+FFFC becomes `replace(ref)` (its visible text: a hashtag, a table's cells;
 * empty for a picture), called once per attachment (one named again shows nothing more); paragraphs styled as
 * checklist items are collected with their done flag. Text past the last run is kept as it is; any other U+FFFC (a
 * run names one attachment) is dropped. The body stops at {@link MAX_BODY_CHARS}, whatever the attachments add.
 */
export function noteContent(document: NoteDocument, replace: (ref: AttachmentRef) => string): NoteContent {
  const { text } = document;
  const attachments: AttachmentRef[] = [];
  const checklist: ChecklistItem[] = [];
  const links = new Set<string>();
  const seen = new Set<string>();
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  let attachmentCount = 0;
  let paragraph = '';
  let checked: boolean | null = null;
  const closeParagraph = (): void => {
    const item = paragraph.trim();
    if (checked !== null && item !== '' && checklist.length < MAX_LISTED) checklist.push({ text: item, done: checked });
    paragraph = '';
    checked = null;
  };
  const append = (raw: string, runChecked: boolean | null): void => {
    let piece = raw;
    if (length + piece.length > MAX_BODY_CHARS) {
      piece = piece.slice(0, MAX_BODY_CHARS - length);
      truncated = true;
    }
    piece.split('\n').forEach((line, index) => {
      if (index > 0) closeParagraph();
      if (runChecked !== null && line !== '') checked = runChecked;
      if (paragraph.length < MAX_PARAGRAPH_CHARS) paragraph += line;
    });
    parts.push(piece);
    length += piece.length;
  };
  let offset = 0;
  for (const run of document.runs) {
    if (offset >= text.length || truncated) break;
    const slice = text.slice(offset, offset + run.length);
    offset += run.length;
    const isChecklist = run.style === CHECKLIST_STYLE ? (run.checked ?? false) : null;
    if (run.link && links.size < MAX_LISTED) links.add(run.link);
    const at = run.attachment ? slice.indexOf('\uFFFC') : -1;
    if (at >= 0) {
      const ref = run.attachment!;
      const again = ref.identifier !== null && seen.has(ref.identifier);
      let shown = '';
      if (!again) {
        if (ref.identifier !== null) seen.add(ref.identifier);
        attachmentCount += 1;
        if (attachments.length < MAX_LISTED) attachments.push(ref);
        shown = replace(ref);
      }
      append(`${slice.slice(0, at)}${shown}${slice.slice(at + 1)}`.replace(OBJECT_REPLACEMENT, ''), isChecklist);
    } else {
      append(slice.replace(OBJECT_REPLACEMENT, ''), isChecklist);
    }
  }
  if (offset < text.length && !truncated) append(text.slice(offset).replace(OBJECT_REPLACEMENT, ''), null);
  closeParagraph();
  return { body: parts.join(''), checklist, attachments, attachmentCount, links: [...links], truncated };
}

/** The first non-blank line of a body: the title Notes shows when ZTITLE1 is empty. */
export function firstLine(body: string | null): string | null {
  const line = body?.split('\n').find((candidate) => candidate.trim() !== '');
  return line ? line.trim().slice(0, 200) : null;
}
