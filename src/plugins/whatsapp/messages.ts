// Messages of ChatStorage: ZWAMESSAGE streamed in Z_PK order with its media item and parent message joined in the
// same query; each message row is followed by its attachment row. Nothing is kept per message.
import type { Row } from '../../kernel/plugin.js';
import { ATTACHMENT_KINDS, attachmentRow, hasAttachmentContent, mediaColumns, mediaOwnership } from './attachments.js';
import type { ChatEntry, MemberEntry } from './chats.js';
import { column, flag, integer, name, text } from '../../kernel/coredata.js';
import { isGroupJid, messageKind } from './kinds.js';
import type { AppPlace, MessageSearchExtra, WhatsAppContext } from './context.js';
import { quotedStanzaId, readPushName } from './protobuf.js';
import { pushNameOf } from './push-names.js';

/** Writes every whatsapp_message row, each followed by its attachment. */
export async function writeMessages(
  ctx: WhatsAppContext,
  place: AppPlace,
  chats: Map<number, ChatEntry>,
  members: Map<number, MemberEntry>,
  pushNames: Map<string, string>,
): Promise<void> {
  const { schema } = ctx;
  const joinMedia = schema.hasTable('ZWAMEDIAITEM') && schema.hasColumn('ZWAMESSAGE', 'ZMEDIAITEM') && schema.hasColumn('ZWAMEDIAITEM', 'Z_PK');
  const joinParent = schema.hasColumn('ZWAMESSAGE', 'ZPARENTMESSAGE') && schema.hasColumn('ZWAMESSAGE', 'ZSTANZAID');
  const hasFlags = schema.hasColumn('ZWAMESSAGE', 'ZFLAGS');
  const select = [
    'm.Z_PK AS pk',
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZCHATSESSION', 'chat'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZGROUPMEMBER', 'member'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZSTANZAID', 'stanza_id'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZISFROMME', 'from_me'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZFROMJID', 'from_jid'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZPUSHNAME', 'push_name'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZTEXT', 'text'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZMESSAGETYPE', 'message_type'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZGROUPEVENTTYPE', 'group_event_type'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZMESSAGEDATE', 'message_date'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZSENTDATE', 'sent_date'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZSTARRED', 'starred'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZFLAGS', 'flags'),
    column(ctx.schema, 'ZWAMESSAGE', 'm', 'ZMESSAGESTATUS', 'status'),
    joinParent ? 'p.ZSTANZAID AS parent_stanza_id' : 'NULL AS parent_stanza_id',
    ...(joinMedia ? mediaColumns(ctx, 'mi') : ['NULL AS mi_pk']),
  ];
  const rows = ctx.rows<Record<string, unknown>>(
    `SELECT ${select.join(', ')} FROM ZWAMESSAGE m
     ${joinMedia ? `LEFT JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM AND ${mediaOwnership(ctx, 'mi', 'm')}` : ''}
     ${joinParent ? 'LEFT JOIN ZWAMESSAGE p ON p.Z_PK = m.ZPARENTMESSAGE' : ''}
     ORDER BY m.Z_PK`,
  );
  const messages = ctx.table('whatsapp_message');
  const attachments = ctx.table('whatsapp_attachment');

  for (const message of rows) {
    const pk = Number(message.pk);
    const chat = message.chat === null ? undefined : chats.get(Number(message.chat));
    if (!chat) ctx.warn('WHATSAPP_ORPHAN_MESSAGES', 'messages whose ZCHATSESSION matches no chat were kept with no chat');
    const member = message.member === null ? undefined : members.get(Number(message.member));
    const fromMe = flag(message.from_me) === true;
    const type = integer(message.message_type);
    const kind = messageKind(type);
    const senderJid = fromMe ? null : senderOf(message, member, chat);
    const ownPushName = pushNameOf(ctx, readPushName(message.push_name));
    const profilePushName = senderJid ? pushNames.get(senderJid) : undefined;
    const pushName = fromMe ? null : (profilePushName ?? ownPushName);

    const hasMedia = message.mi_pk !== null && message.mi_pk !== undefined;
    let quoted: string | null = null;
    if (hasMedia && message.mi_metadata !== null) {
      const reading = quotedStanzaId(message.mi_metadata);
      if (!reading.readable) {
        ctx.warn('WHATSAPP_METADATA_UNREADABLE', 'ZWAMEDIAITEM.ZMETADATA blobs that are not protobuf: their quoted stanza id is NULL');
      }
      quoted = reading.stanzaId;
    }
    quoted ??= name(message.parent_stanza_id);
    const flags = hasFlags ? integer(message.flags) : null;
    const messageId = ctx.id('whatsapp_message', pk);
    const row: Row = {
      id: messageId,
      source_rowid: pk,
      app: place.app,
      chat_id: chat?.id ?? null,
      group_member_id: member?.id ?? null,
      stanza_id: name(message.stanza_id),
      from_me: fromMe,
      sender_jid: senderJid,
      push_name: pushName,
      text: text(message.text),
      message_type: type,
      kind,
      group_event_type: integer(message.group_event_type),
      message_at: ctx.time(message.message_date as number, 'cocoa-seconds', 'ZWAMESSAGE.ZMESSAGEDATE'),
      sent_at: ctx.time(message.sent_date as number, 'cocoa-seconds', 'ZWAMESSAGE.ZSENTDATE'),
      starred: flag(message.starred),
      forwarded: flags === null ? null : (flags & 0x80) !== 0,
      flags,
      quoted_stanza_id: quoted,
      status: integer(message.status),
    };
    const extra: MessageSearchExtra = {
      chatName: chat?.name ?? null,
      chatJid: chat?.jid ?? null,
      caption: hasMedia ? text(message.mi_title) : null,
    };
    await messages.write(row, extra);
    if (hasMedia && (ATTACHMENT_KINDS.has(kind) || hasAttachmentContent(message))) {
      await attachments.write(attachmentRow(ctx, place, message, messageId, kind));
    }
  }
}

/** Sender of an incoming message: group member JID, else ZFROMJID unless it is a group or broadcast JID, else the one-to-one partner. */
function senderOf(message: Record<string, unknown>, member: MemberEntry | undefined, chat: ChatEntry | undefined): string | null {
  if (member?.jid) return member.jid;
  const from = name(message.from_jid);
  if (from && !isGroupJid(from) && !from.endsWith('@broadcast')) return from;
  if (chat?.kind === 'one-to-one') return chat.jid;
  return null;
}
