// Chats and group members of ChatStorage: ZWACHATSESSION (with ZWAGROUPINFO) and ZWAGROUPMEMBER rows written first,
// kept as small maps (with the ZWAPROFILEPUSHNAME push names) for the messages that reference them.
import { chatKind } from './kinds.js';
import { column, flag, integer, name } from '../../kernel/coredata.js';
import type { AppPlace, WhatsAppContext } from './context.js';
import { readPushName } from './protobuf.js';
import { pushNameOf } from './push-names.js';

/** A written chat, as messages need it. */
export interface ChatEntry {
  id: string;
  jid: string | null;
  name: string | null;
  kind: string;
}

/** A written group member, as messages need it. */
export interface MemberEntry {
  id: string;
  jid: string | null;
}

/** ZWAPROFILEPUSHNAME as a JID -> push name map (one entry per contact, not per message). */
export function loadPushNames(ctx: WhatsAppContext): Map<string, string> {
  const names = new Map<string, string>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWAPROFILEPUSHNAME') || !schema.hasColumn('ZWAPROFILEPUSHNAME', 'ZJID')) return names;
  if (!schema.hasColumn('ZWAPROFILEPUSHNAME', 'ZPUSHNAME')) return names;
  const rows = ctx.rows<{
    jid: unknown;
    push_name: unknown;
  }>('SELECT ZJID AS jid, ZPUSHNAME AS push_name FROM ZWAPROFILEPUSHNAME');
  for (const row of rows) {
    const jid = name(row.jid);
    const pushName = pushNameOf(ctx, readPushName(row.push_name));
    if (jid && pushName) names.set(jid, pushName);
  }
  return names;
}

/** Messages per ZCHATSESSION, counted by SQLite. */
function messageCounts(ctx: WhatsAppContext): Map<number, number> {
  const counts = new Map<number, number>();
  if (!ctx.schema.hasColumn('ZWAMESSAGE', 'ZCHATSESSION')) return counts;
  const rows = ctx.rows<{ chat: number; n: number }>('SELECT ZCHATSESSION AS chat, count(*) AS n FROM ZWAMESSAGE WHERE ZCHATSESSION IS NOT NULL GROUP BY ZCHATSESSION');
  for (const row of rows) counts.set(Number(row.chat), Number(row.n));
  return counts;
}

/** Writes whatsapp_chat rows (with their message count) and returns them by Z_PK. */
export async function writeChats(ctx: WhatsAppContext, place: AppPlace): Promise<Map<number, ChatEntry>> {
  const chats = new Map<number, ChatEntry>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWACHATSESSION') || !schema.hasColumn('ZWACHATSESSION', 'Z_PK')) return chats;
  const counts = messageCounts(ctx);
  const withGroups = schema.hasTable('ZWAGROUPINFO') && schema.hasColumn('ZWACHATSESSION', 'ZGROUPINFO') && schema.hasColumn('ZWAGROUPINFO', 'Z_PK');
  const select = [
    'c.Z_PK AS pk',
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZCONTACTJID', 'jid'),
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZPARTNERNAME', 'partner_name'),
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZSESSIONTYPE', 'session_type'),
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZARCHIVED', 'archived'),
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZLASTMESSAGEDATE', 'last_message_date'),
    column(ctx.schema, 'ZWACHATSESSION', 'c', 'ZMESSAGECOUNTER', 'message_counter'),
    withGroups ? column(ctx.schema, 'ZWAGROUPINFO', 'g', 'ZCREATIONDATE', 'group_created') : 'NULL AS group_created',
    withGroups ? column(ctx.schema, 'ZWAGROUPINFO', 'g', 'ZCREATORJID', 'group_creator') : 'NULL AS group_creator',
  ];
  const rows = ctx.rows<Record<string, unknown>>(
    `SELECT ${select.join(', ')} FROM ZWACHATSESSION c
     ${withGroups ? 'LEFT JOIN ZWAGROUPINFO g ON g.Z_PK = c.ZGROUPINFO' : ''}
     ORDER BY c.Z_PK`,
  );
  const writer = ctx.table('whatsapp_chat');
  for (const chat of rows) {
    const pk = Number(chat.pk);
    const jid = name(chat.jid);
    const sessionType = integer(chat.session_type);
    const entry: ChatEntry = { id: ctx.id('whatsapp_chat', pk), jid, name: name(chat.partner_name), kind: chatKind(sessionType, jid) };
    chats.set(pk, entry);
    await writer.write({
      id: entry.id,
      source_rowid: pk,
      app: place.app,
      jid,
      name: entry.name,
      kind: entry.kind,
      session_type: sessionType,
      archived: flag(chat.archived),
      last_message_at: ctx.time(chat.last_message_date as number, 'cocoa-seconds', 'ZWACHATSESSION.ZLASTMESSAGEDATE'),
      message_count: counts.get(pk) ?? 0,
      message_counter: integer(chat.message_counter),
      group_created_at: ctx.time(chat.group_created as number, 'cocoa-seconds', 'ZWAGROUPINFO.ZCREATIONDATE'),
      group_creator_jid: name(chat.group_creator),
    });
  }
  return chats;
}

/** Writes whatsapp_group_member rows and returns them by Z_PK; members of a missing chat are kept and counted. */
export async function writeMembers(
  ctx: WhatsAppContext,
  place: AppPlace,
  chats: Map<number, ChatEntry>,
  pushNames: Map<string, string>,
): Promise<Map<number, MemberEntry>> {
  const members = new Map<number, MemberEntry>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWAGROUPMEMBER') || !schema.hasColumn('ZWAGROUPMEMBER', 'Z_PK')) return members;
  const select = [
    'gm.Z_PK AS pk',
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZCHATSESSION', 'chat'),
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZMEMBERJID', 'jid'),
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZCONTACTNAME', 'contact_name'),
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZFIRSTNAME', 'first_name'),
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZISACTIVE', 'active'),
    column(ctx.schema, 'ZWAGROUPMEMBER', 'gm', 'ZISADMIN', 'admin'),
  ];
  const rows = ctx.rows<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ZWAGROUPMEMBER gm ORDER BY gm.Z_PK`);
  const writer = ctx.table('whatsapp_group_member');
  for (const member of rows) {
    const pk = Number(member.pk);
    const chat = member.chat === null ? undefined : chats.get(Number(member.chat));
    if (!chat) ctx.warn('WHATSAPP_ORPHAN_MEMBERS', 'group members whose ZCHATSESSION matches no chat were kept with no chat');
    const jid = name(member.jid);
    const entry: MemberEntry = { id: ctx.id('whatsapp_group_member', pk), jid };
    members.set(pk, entry);
    await writer.write({
      id: entry.id,
      source_rowid: pk,
      app: place.app,
      chat_id: chat?.id ?? null,
      member_jid: jid,
      name: name(member.contact_name) ?? name(member.first_name),
      push_name: jid ? (pushNames.get(jid) ?? null) : null,
      active: flag(member.active),
      admin: flag(member.admin),
    });
  }
  return members;
}
