// Messages plugin declaration: sms.db in HomeDomain (iOS 6 to current) and macOS chat.db, same schema family.
// Writes conversations, messages, reactions and attachments; one search document per message with words.
import { Message, MessageAttachment, MessageConversation, MessageReaction } from '../../entities/Message.js';
import { definePlugin } from '../../kernel/plugin.js';
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
});
