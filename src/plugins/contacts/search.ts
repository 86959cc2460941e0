// Contacts search mapper: one document per contact, titled by its display name,
// with organization, phones, emails and note as its body.
import type { Row, SearchDocument, SearchMapper } from '../../kernel/plugin.js';
import type { WrittenValue } from './parse.js';

function contactDocument(row: Row, extra: unknown): SearchDocument {
  const values = (extra as WrittenValue[] | undefined) ?? [];
  const reachable = values
    .filter((value) => value.kind === 'phone' || value.kind === 'email')
    .map((value) => value.value)
    .filter((value): value is string => Boolean(value));
  const body = [row.organization, row.department, row.job_title, ...reachable, row.note]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n');
  return {
    type: 'contact',
    title: (row.display_name as string | null) ?? null,
    body: body === '' ? null : body,
    occurredAt: (row.modified_at as Date | null) ?? (row.created_at as Date | null) ?? null,
    participants: reachable,
  };
}

/** Maps `contact` rows to documents; multi-values have none of their own. */
export const contactsSearch: SearchMapper = { contact: contactDocument };
