// WhatsApp search mapper: one document per message that carries text or a caption, titled by its chat,
// with the sender and the chat as participants. System and deleted rows without text get none.
import type { Row, SearchDocument, SearchMapper } from '../../kernel/plugin.js';
import type { MessageSearchExtra } from './context.js';

function present(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function messageDocument(row: Row, extra: unknown): SearchDocument | null {
  const context = (extra as MessageSearchExtra | undefined) ?? { chatName: null, chatJid: null, caption: null };
  const messageText = present(row.text);
  const caption = present(context.caption);
  if (messageText === null && caption === null) return null;
  const body = messageText !== null && caption !== null && caption !== messageText ? `${messageText}\n${caption}` : (messageText ?? caption);
  const participants = [row.sender_jid, row.push_name, context.chatJid]
    .map(present)
    .filter((value, index, all): value is string => value !== null && all.indexOf(value) === index);
  return {
    type: 'whatsapp_message',
    title: context.chatName ?? context.chatJid,
    body,
    occurredAt: (row.message_at as Date | null) ?? (row.sent_at as Date | null) ?? null,
    participants,
  };
}

/** Maps `whatsapp_message` rows to documents; chats, members and attachments have none of their own. */
export const whatsappSearch: SearchMapper = { whatsapp_message: messageDocument };
