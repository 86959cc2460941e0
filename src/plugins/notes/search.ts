// Notes search mapper: one document per note, titled by its title, with its whole body (tables and hashtags
// included), the names of its attachments and the URLs it links to, dated by its last modification (else creation).
import { distinctTexts, presentText, type Row, type SearchDocument, type SearchMapper } from '../../kernel/plugin.js';
import type { NoteSearchExtra } from './context.js';

function noteDocument(row: Row, extra: unknown): SearchDocument {
  const names = (extra as NoteSearchExtra | undefined)?.attachmentNames ?? [];
  const links = Array.isArray(row.links) ? (row.links as unknown[]) : [];
  const body = presentText(row.body);
  // A hashtag's or a URL's text is already in the body: only what the body lacks (a file name, a link) is added.
  const lines = distinctTexts([body, ...[...names, ...links].filter((extra) => typeof extra === 'string' && !body?.includes(extra))]);
  return {
    type: 'note',
    title: presentText(row.title),
    body: lines.length > 0 ? lines.join('\n') : null,
    occurredAt: (row.modified_at as Date | null) ?? (row.created_at as Date | null) ?? null,
    participants: [],
  };
}

/** Maps `note` rows to documents. */
export const notesSearch: SearchMapper = { note: noteDocument };
