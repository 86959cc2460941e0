// WhatsApp search mapper: one document per message that carries text or a caption, titled by its chat,
// with the sender and the chat as participants. System and deleted rows without text get none.
import { distinctTexts, presentText, type Row, type SearchDocument, type SearchMapper } from '../../kernel/plugin.js';
import type { MessageSearchExtra } from './context.js';

function messageDocument(row: Row, extra: unknown): SearchDocument | null {
  const context = (extra as MessageSearchExtra | undefined) ?? { chatName: null, chatJid: null, caption: null };
  const messageText = presentText(row.text);
  const caption = presentText(context.caption);
  if (messageText === null && caption === null) return null;
  const body = messageText !== null && caption !== null && caption !== messageText ? `${messageText}\n${caption}` : (messageText ?? caption);
  const participants = distinctTexts([row.sender_jid, row.push_name, context.chatJid]);
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
