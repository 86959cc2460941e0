// The search API's shapes, shared by the CLI (and later an HTTP API): a request, a hit, a page with its cursor.

/** A search request. `text` is what the user typed; every string here reaches SQL only as a parameter. */
export interface SearchRequest {
  text: string;
  /** Only these backups (none: every backup). */
  backupIds?: readonly string[];
  /** Only these document types (`message`, `contact`, ...); an unknown one is an `UNKNOWN_TYPE` InputError. */
  types?: readonly string[];
  /** Only documents dated at or after / at or before. Undated documents are left out when either is given. */
  from?: Date;
  to?: Date;
  /** Only documents with this participant: a phone number in any format, an email, or a contact's name. */
  participant?: string;
  /** Page size (1 to 1,000). */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

/** The search document a hit or a timeline entry stands for: its type, the row it points at, where it comes from. */
export interface DocumentRef {
  type: string;
  artifactTable: string;
  artifactId: string;
  backupId: string;
  plugin: string;
}

/** One hit. */
export interface SearchHit extends DocumentRef {
  /** The document's title, with a handle replaced by the contact name it belongs to when the backup has one. */
  title: string | null;
  /** A short excerpt of the title or body around the matched words, as plain text. */
  snippet: string;
  /** Where the matched words are in `snippet`: [start, end) offsets in UTF-16 code units, in order. */
  highlights: Array<[number, number]>;
  /** ISO 8601, or null for an undated document. */
  occurredAt: string | null;
  /** Relevance (higher is better); hits are ordered by score, then newest first. */
  score: number;
  participants: string[];
}

/** One page of hits, and the cursor of the next page (null on the last). */
export interface SearchPage {
  hits: SearchHit[];
  nextCursor: string | null;
}

/** A timeline request: every dated document in time order. */
export interface TimelineRequest {
  backupIds?: readonly string[];
  types?: readonly string[];
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string | null;
}

/** One dated document of the timeline. */
export interface TimelineEntry extends DocumentRef {
  title: string | null;
  /** The start of the body, on one line. */
  summary: string;
  occurredAt: string;
  participants: string[];
}

/** One page of the timeline. */
export interface TimelinePage {
  entries: TimelineEntry[];
  nextCursor: string | null;
}
