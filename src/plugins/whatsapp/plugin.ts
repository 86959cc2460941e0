// WhatsApp plugin declaration: ChatStorage.sqlite of WhatsApp and of WhatsApp Business (one source each).
// Writes whatsapp_chat, whatsapp_group_member, whatsapp_message, whatsapp_attachment; one search document per message with words.
import { WhatsAppAttachment, WhatsAppChat, WhatsAppGroupMember, WhatsAppMessage } from '../../entities/WhatsApp.js';
import { definePlugin, sourceRowCount } from '../../kernel/plugin.js';
import { APP_DOMAINS, CHAT_STORAGE_PATH } from './kinds.js';
import type { WhatsAppOptions } from './context.js';
import { parseChatStorage } from './parse.js';
import { whatsappSearch } from './search.js';

/** The WhatsApp domain. */
export const whatsappPlugin = definePlugin<WhatsAppOptions>({
  id: 'whatsapp',
  title: 'WhatsApp',
  source: {
    fileNames: [CHAT_STORAGE_PATH],
    locations: [
      { domain: APP_DOMAINS.whatsapp, relativePath: CHAT_STORAGE_PATH },
      { domain: APP_DOMAINS['whatsapp-business'], relativePath: CHAT_STORAGE_PATH },
      // Any other WhatsApp app group a backup's manifest (or a folder per domain) has; found once, whatever matches it.
      { domain: 'AppDomainGroup-*whatsapp*', relativePath: CHAT_STORAGE_PATH },
    ],
  },
  entities: [WhatsAppChat, WhatsAppGroupMember, WhatsAppMessage, WhatsAppAttachment],
  parse: parseChatStorage,
  search: whatsappSearch,
  searchTypes: ['whatsapp_message'],
  progress: { tables: ['whatsapp_message'], expectedRows: (source) => sourceRowCount(source, 'ZWAMESSAGE') },
  nouns: {
    whatsapp_chat: ['chat', 'chats'],
    whatsapp_group_member: ['group member', 'group members'],
    whatsapp_message: ['message', 'messages'],
    whatsapp_attachment: ['media item', 'media items'],
  },
  defaultOptions: {},
});
