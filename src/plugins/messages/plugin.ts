// Messages plugin declaration: sms.db in HomeDomain (iOS 6 to current) and macOS chat.db, same schema family.
// Writes conversations, messages, reactions and attachments; one search document per message with words.
import { Message, MessageAttachment, MessageConversation, MessageReaction } from '../../entities/Message.js';
import { definePlugin, sourceRowCount } from '../../kernel/plugin.js';
import { parseMessages } from './parse.js';
import { messagesSearch } from './search.js';

/** The Messages (SMS, iMessage, RCS) domain. */
export const messagesPlugin = definePlugin({
  id: 'messages',
  title: 'Messages',
  source: {
    fileNames: ['sms.db', 'chat.db'],
    locations: [{ domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db' }],
  },
  entities: [MessageConversation, Message, MessageReaction, MessageAttachment],
  parse: parseMessages,
  search: messagesSearch,
  searchTypes: ['message'],
  // Every row of sms.db's `message` is a message or, for a tapback, a reaction.
  progress: { tables: ['message', 'message_reaction'], expectedRows: (source) => sourceRowCount(source, 'message') },
  nouns: {
    message_conversation: ['chat', 'chats'],
    message: ['message', 'messages'],
    message_reaction: ['reaction', 'reactions'],
    message_attachment: ['attachment', 'attachments'],
  },
});
