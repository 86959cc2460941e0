// Messages search mapper: one document per message that has words, titled by its conversation,
// with the sender and the conversation's members as participants. Reactions and empty system rows have none.
import type { Row, SearchDocument, SearchMapper } from '../../kernel/plugin.js';
import type { MessageSearchExtra } from './parse.js';
import { searchableText } from './text.js';

function messageDocument(row: Row, extra: unknown): SearchDocument | null {
  const body = searchableText(row.text as string | null);
  if (body === null) return null;
  const context = (extra as MessageSearchExtra | undefined) ?? { conversationTitle: null, members: [] };
  const participants: string[] = [];
  for (const handle of [row.sender as string | null, ...context.members]) {
    if (handle && !participants.includes(handle)) participants.push(handle);
  }
  return {
    type: 'message',
    title: context.conversationTitle ?? (participants.length > 0 ? participants.join(', ') : null),
    body,
    occurredAt: (row.sent_at as Date | null) ?? null,
    participants,
  };
}

/** Maps `message` rows to documents; conversations, attachments and reactions have none of their own. */
export const messagesSearch: SearchMapper = { message: messageDocument };
