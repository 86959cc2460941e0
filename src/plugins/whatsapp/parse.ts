// Reads ChatStorage.sqlite (WhatsApp and WhatsApp Business, iOS Core Data): chats, group members, then messages
// streamed in Z_PK order with their media item joined in the same query, then media items no message points to.
import type { WhatsAppApp } from '../../entities/WhatsApp.js';
import { ConfigError, SourceCorruptError, UnsupportedSchemaError } from '../../kernel/errors.js';
import type { ParseContext, Row } from '../../kernel/plugin.js';
import {
  APP_DOMAINS,
  MEDIA_FOLDER,
  appOfDomain,
  chatKind,
  isGroupJid,
  isWhatsAppApp,
  messageKind,
} from './kinds.js';
import { quotedStanzaId, readPushName, type PushNameReading } from './protobuf.js';

/** Options of the whatsapp plugin (plugins.config.ts). */
export interface WhatsAppOptions {
  /** App recorded on rows when the source's backup location is unknown (a bare path). Default `whatsapp`, with a warning. */
  app?: WhatsAppApp;
}

/** The parse context of this plugin. */
type WhatsAppContext = ParseContext<WhatsAppOptions>;

/** What the parser passes beside a message row for its search document. */
export interface MessageSearchExtra {
  chatName: string | null;
  chatJid: string | null;
  caption: string | null;
}

/** Tables the plugin reads besides ZWAMESSAGE; each one missing only reduces detail. */
export const OPTIONAL_TABLES = ['ZWACHATSESSION', 'ZWAGROUPMEMBER', 'ZWAPROFILEPUSHNAME', 'ZWAMEDIAITEM'] as const;

const MISSING_TABLE_EFFECT: Readonly<Record<(typeof OPTIONAL_TABLES)[number], string>> = {
  ZWACHATSESSION: 'messages are kept without their chat',
  ZWAGROUPMEMBER: 'group members are not read and group senders fall back to ZFROMJID',
  ZWAPROFILEPUSHNAME: 'push names come from ZWAMESSAGE.ZPUSHNAME only',
  ZWAMEDIAITEM: 'attachments, captions and quoted-message metadata are not read',
};

/** Kinds whose media item is an attachment even when it carries no file. */
const ATTACHMENT_KINDS = new Set(['image', 'video', 'audio', 'contact', 'location', 'document', 'sticker']);

const MIME_TYPE = /^[A-Za-z0-9][\w.+-]*\/[\w.+-]+(?:;.*)?$/;

interface ChatEntry {
  id: string;
  jid: string | null;
  name: string | null;
  kind: string;
}

interface MemberEntry {
  id: string;
  jid: string | null;
}

/** Where the source came from: its app and the domain its media files live in. */
interface AppPlace {
  app: WhatsAppApp;
  domain: string;
}

/** Counters turned into warnings at the end. */
interface Tally {
  orphanMessages: number;
  orphanMembers: number;
  orphanAttachments: number;
  encodedPushNames: number;
  unreadablePushNames: number;
  unreadableMetadata: number;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const str = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  return str === '' ? null : str;
}

function name(value: unknown): string | null {
  const str = text(value)?.trim();
  return str ? str : null;
}

function integer(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const num = Number(value);
  return Number.isFinite(num) ? Math.trunc(num) : null;
}

function flag(value: unknown): boolean | null {
  const num = integer(value);
  return num === null ? null : num !== 0;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** A select-list entry: the column when the table has it, NULL otherwise, under a stable alias. */
function column(ctx: WhatsAppContext, table: string, alias: string, source: string, as: string): string {
  return ctx.schema.hasColumn(table, source) ? `${alias}.${quote(source)} AS ${quote(as)}` : `NULL AS ${quote(as)}`;
}

/**
 * Join condition making each media item belong to one message at most: the message its ZMESSAGE names, or, when that
 * back-link is NULL or absent, the lowest Z_PK among the messages whose ZMEDIAITEM points to it.
 */
function mediaOwnership(ctx: WhatsAppContext, media: string, message: string): string {
  const lowest = `${message}.Z_PK = (SELECT min(x.Z_PK) FROM ZWAMESSAGE x WHERE x.ZMEDIAITEM = ${media}.Z_PK)`;
  if (!ctx.schema.hasColumn('ZWAMEDIAITEM', 'ZMESSAGE')) return lowest;
  return `(${media}.ZMESSAGE = ${message}.Z_PK OR (${media}.ZMESSAGE IS NULL AND ${lowest}))`;
}

/** The app of this source: from its backup domain, else the `app` option, else `whatsapp` with a warning. */
export function resolveApp(ctx: WhatsAppContext): AppPlace {
  const option = ctx.options?.app;
  if (option !== undefined && !isWhatsAppApp(option)) {
    throw new ConfigError(`whatsapp option app must be "whatsapp" or "whatsapp-business", got ${JSON.stringify(option)}`);
  }
  const domain = ctx.location?.domain;
  if (domain) {
    const app = appOfDomain(domain);
    if (app) return { app, domain };
    const assumed = option ?? 'whatsapp';
    ctx.warn('WHATSAPP_APP_ASSUMED', `backup domain ${domain} is neither WhatsApp app group: rows are recorded as app ${assumed}`);
    return { app: assumed, domain };
  }
  if (option) return { app: option, domain: APP_DOMAINS[option] };
  ctx.warn('WHATSAPP_APP_ASSUMED', 'no backup location and no app option: rows are recorded as app whatsapp');
  return { app: 'whatsapp', domain: APP_DOMAINS.whatsapp };
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** Parses ChatStorage.sqlite into whatsapp_chat, whatsapp_group_member, whatsapp_message and whatsapp_attachment. */
export async function parseChatStorage(ctx: WhatsAppContext): Promise<void> {
  try {
    await parseTables(ctx);
  } catch (error) {
    if (isCorruption(error)) {
      throw new SourceCorruptError(`ChatStorage.sqlite is damaged: ${(error as Error).message}`, error);
    }
    throw error;
  }
}

async function parseTables(ctx: WhatsAppContext): Promise<void> {
  const { schema } = ctx;
  if (!schema.hasTable('ZWAMESSAGE')) {
    throw new UnsupportedSchemaError('not a WhatsApp ChatStorage database: table ZWAMESSAGE is missing');
  }
  if (!schema.hasColumn('ZWAMESSAGE', 'Z_PK')) {
    throw new UnsupportedSchemaError('ZWAMESSAGE has no Z_PK column: not a Core Data ChatStorage database');
  }
  const place = resolveApp(ctx);
  const missing = OPTIONAL_TABLES.filter((table) => !schema.hasTable(table));
  for (const table of missing) {
    ctx.warn('WHATSAPP_TABLE_MISSING', `table ${table} is missing: ${MISSING_TABLE_EFFECT[table]}`);
  }
  ctx.setVariant(missing.length === 0 ? 'chatstorage' : `chatstorage-without-${missing.join('-')}`);
  warnMissingColumns(ctx);

  const tally: Tally = {
    orphanMessages: 0,
    orphanMembers: 0,
    orphanAttachments: 0,
    encodedPushNames: 0,
    unreadablePushNames: 0,
    unreadableMetadata: 0,
  };
  const pushNames = loadPushNames(ctx, tally);
  const chats = await writeChats(ctx, place);
  const members = await writeMembers(ctx, place, chats, pushNames, tally);
  await writeMessages(ctx, place, chats, members, pushNames, tally);
  await writeUnlinkedAttachments(ctx, place, tally);
  reportTally(ctx, tally);
}

const EXPECTED_COLUMNS: ReadonlyArray<[string, string, string]> = [
  ['ZWAMESSAGE', 'ZCHATSESSION', 'messages are kept without their chat'],
  ['ZWAMESSAGE', 'ZMESSAGEDATE', 'message times are NULL'],
  ['ZWAMESSAGE', 'ZTEXT', 'message texts are NULL'],
  ['ZWAMESSAGE', 'ZMESSAGETYPE', 'message kinds are unknown'],
  ['ZWAMESSAGE', 'ZISFROMME', 'every message is read as incoming'],
  ['ZWAMESSAGE', 'ZSTANZAID', 'stanza ids are NULL'],
  ['ZWAMESSAGE', 'ZMEDIAITEM', 'media items are linked through ZWAMEDIAITEM.ZMESSAGE and captions are not searchable'],
  ['ZWAMESSAGE', 'ZFLAGS', 'forwarded is NULL'],
  ['ZWACHATSESSION', 'ZCONTACTJID', 'chat JIDs are NULL'],
  ['ZWACHATSESSION', 'ZSESSIONTYPE', 'chat kinds are derived from their JID'],
  ['ZWAGROUPMEMBER', 'ZMEMBERJID', 'member JIDs are NULL'],
  ['ZWAMEDIAITEM', 'ZMEDIALOCALPATH', 'attachment paths are NULL'],
];

function warnMissingColumns(ctx: WhatsAppContext): void {
  for (const [table, name, effect] of EXPECTED_COLUMNS) {
    if (ctx.schema.hasTable(table) && !ctx.schema.hasColumn(table, name)) {
      ctx.warn('WHATSAPP_COLUMN_MISSING', `${table}.${name} is missing: ${effect}`);
    }
  }
}

function countPushName(reading: PushNameReading, tally: Tally): string | null {
  if (reading.rejected === 'encoded') tally.encodedPushNames += 1;
  else if (reading.rejected === 'unreadable') tally.unreadablePushNames += 1;
  return reading.name;
}

/** ZWAPROFILEPUSHNAME as a JID -> push name map (one entry per contact, not per message). */
function loadPushNames(ctx: WhatsAppContext, tally: Tally): Map<string, string> {
  const names = new Map<string, string>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWAPROFILEPUSHNAME') || !schema.hasColumn('ZWAPROFILEPUSHNAME', 'ZJID')) return names;
  if (!schema.hasColumn('ZWAPROFILEPUSHNAME', 'ZPUSHNAME')) return names;
  const rows = ctx.db.prepare('SELECT ZJID AS jid, ZPUSHNAME AS push_name FROM ZWAPROFILEPUSHNAME').iterate() as IterableIterator<{
    jid: unknown;
    push_name: unknown;
  }>;
  for (const row of rows) {
    const jid = name(row.jid);
    const pushName = countPushName(readPushName(row.push_name), tally);
    if (jid && pushName) names.set(jid, pushName);
  }
  return names;
}

/** Messages per ZCHATSESSION, counted by SQLite. */
function messageCounts(ctx: WhatsAppContext): Map<number, number> {
  const counts = new Map<number, number>();
  if (!ctx.schema.hasColumn('ZWAMESSAGE', 'ZCHATSESSION')) return counts;
  const rows = ctx.db
    .prepare('SELECT ZCHATSESSION AS chat, count(*) AS n FROM ZWAMESSAGE WHERE ZCHATSESSION IS NOT NULL GROUP BY ZCHATSESSION')
    .iterate() as IterableIterator<{ chat: number; n: number }>;
  for (const row of rows) counts.set(Number(row.chat), Number(row.n));
  return counts;
}

async function writeChats(ctx: WhatsAppContext, place: AppPlace): Promise<Map<number, ChatEntry>> {
  const chats = new Map<number, ChatEntry>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWACHATSESSION') || !schema.hasColumn('ZWACHATSESSION', 'Z_PK')) return chats;
  const counts = messageCounts(ctx);
  const withGroups = schema.hasTable('ZWAGROUPINFO') && schema.hasColumn('ZWACHATSESSION', 'ZGROUPINFO') && schema.hasColumn('ZWAGROUPINFO', 'Z_PK');
  const select = [
    'c.Z_PK AS pk',
    column(ctx, 'ZWACHATSESSION', 'c', 'ZCONTACTJID', 'jid'),
    column(ctx, 'ZWACHATSESSION', 'c', 'ZPARTNERNAME', 'partner_name'),
    column(ctx, 'ZWACHATSESSION', 'c', 'ZSESSIONTYPE', 'session_type'),
    column(ctx, 'ZWACHATSESSION', 'c', 'ZARCHIVED', 'archived'),
    column(ctx, 'ZWACHATSESSION', 'c', 'ZLASTMESSAGEDATE', 'last_message_date'),
    column(ctx, 'ZWACHATSESSION', 'c', 'ZMESSAGECOUNTER', 'message_counter'),
    withGroups ? column(ctx, 'ZWAGROUPINFO', 'g', 'ZCREATIONDATE', 'group_created') : 'NULL AS group_created',
    withGroups ? column(ctx, 'ZWAGROUPINFO', 'g', 'ZCREATORJID', 'group_creator') : 'NULL AS group_creator',
  ];
  const rows = ctx.db
    .prepare(
      `SELECT ${select.join(', ')} FROM ZWACHATSESSION c
       ${withGroups ? 'LEFT JOIN ZWAGROUPINFO g ON g.Z_PK = c.ZGROUPINFO' : ''}
       ORDER BY c.Z_PK`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
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

async function writeMembers(
  ctx: WhatsAppContext,
  place: AppPlace,
  chats: Map<number, ChatEntry>,
  pushNames: Map<string, string>,
  tally: Tally,
): Promise<Map<number, MemberEntry>> {
  const members = new Map<number, MemberEntry>();
  const { schema } = ctx;
  if (!schema.hasTable('ZWAGROUPMEMBER') || !schema.hasColumn('ZWAGROUPMEMBER', 'Z_PK')) return members;
  const select = [
    'gm.Z_PK AS pk',
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZCHATSESSION', 'chat'),
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZMEMBERJID', 'jid'),
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZCONTACTNAME', 'contact_name'),
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZFIRSTNAME', 'first_name'),
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZISACTIVE', 'active'),
    column(ctx, 'ZWAGROUPMEMBER', 'gm', 'ZISADMIN', 'admin'),
  ];
  const rows = ctx.db
    .prepare(`SELECT ${select.join(', ')} FROM ZWAGROUPMEMBER gm ORDER BY gm.Z_PK`)
    .iterate() as IterableIterator<Record<string, unknown>>;
  const writer = ctx.table('whatsapp_group_member');
  for (const member of rows) {
    const pk = Number(member.pk);
    const chat = member.chat === null ? undefined : chats.get(Number(member.chat));
    if (!chat) tally.orphanMembers += 1;
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

/** Select list of the media item columns, prefixed `mi_`. */
function mediaColumns(ctx: WhatsAppContext, alias: string): string[] {
  return [
    `${alias}.Z_PK AS mi_pk`,
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZMEDIALOCALPATH', 'mi_local_path'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZTITLE', 'mi_title'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZFILESIZE', 'mi_file_size'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZMEDIAURL', 'mi_media_url'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZMOVIEDURATION', 'mi_duration'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZLATITUDE', 'mi_latitude'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZLONGITUDE', 'mi_longitude'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZVCARDNAME', 'mi_vcard_name'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZVCARDSTRING', 'mi_vcard_string'),
    column(ctx, 'ZWAMEDIAITEM', alias, 'ZMETADATA', 'mi_metadata'),
  ];
}

function coordinate(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const num = Number(value);
  return Number.isFinite(num) ? num : null;
}

function hasAttachmentContent(row: Record<string, unknown>): boolean {
  return (
    text(row.mi_local_path) !== null ||
    text(row.mi_media_url) !== null ||
    text(row.mi_title) !== null ||
    text(row.mi_vcard_string) !== null ||
    text(row.mi_vcard_name) !== null ||
    (integer(row.mi_file_size) ?? 0) > 0
  );
}

/** The attachment row of a media item; `kind` is the owning message's kind (null when unknown). */
function attachmentRow(
  ctx: WhatsAppContext,
  place: AppPlace,
  row: Record<string, unknown>,
  messageId: string | null,
  kind: string | null,
): Row {
  const pk = Number(row.mi_pk);
  const localPath = text(row.mi_local_path);
  const vcardString = text(row.mi_vcard_string);
  const isContact = kind === 'contact' || (kind === null && vcardString?.startsWith('BEGIN:VCARD') === true);
  let latitude: number | null = null;
  let longitude: number | null = null;
  if (kind === 'location') {
    latitude = coordinate(row.mi_latitude);
    longitude = coordinate(row.mi_longitude);
    if (latitude === 0 && longitude === 0) latitude = longitude = null;
  }
  const relativePath = localPath ? `${MEDIA_FOLDER}/${localPath.replace(/^\/+/, '')}` : null;
  const filePresent =
    ctx.files && relativePath ? ctx.files.resolve({ domain: place.domain, relativePath }) !== null : null;
  const mime = !isContact && vcardString && MIME_TYPE.test(vcardString) ? vcardString : null;
  return {
    id: ctx.id('whatsapp_attachment', pk),
    source_rowid: pk,
    app: place.app,
    message_id: messageId,
    kind,
    local_path: localPath,
    title: text(row.mi_title),
    file_size: integer(row.mi_file_size),
    mime_type: mime,
    media_url: text(row.mi_media_url),
    duration_seconds: integer(row.mi_duration),
    latitude,
    longitude,
    vcard_name: isContact ? name(row.mi_vcard_name) : null,
    vcard_string: isContact ? vcardString : null,
    media_hash: !isContact && kind !== 'location' ? text(row.mi_vcard_name) : null,
    backup_domain: relativePath ? place.domain : null,
    backup_relative_path: relativePath,
    file_present: filePresent,
  };
}

async function writeMessages(
  ctx: WhatsAppContext,
  place: AppPlace,
  chats: Map<number, ChatEntry>,
  members: Map<number, MemberEntry>,
  pushNames: Map<string, string>,
  tally: Tally,
): Promise<void> {
  const { schema } = ctx;
  const joinMedia = schema.hasTable('ZWAMEDIAITEM') && schema.hasColumn('ZWAMESSAGE', 'ZMEDIAITEM') && schema.hasColumn('ZWAMEDIAITEM', 'Z_PK');
  const joinParent = schema.hasColumn('ZWAMESSAGE', 'ZPARENTMESSAGE') && schema.hasColumn('ZWAMESSAGE', 'ZSTANZAID');
  const hasFlags = schema.hasColumn('ZWAMESSAGE', 'ZFLAGS');
  const select = [
    'm.Z_PK AS pk',
    column(ctx, 'ZWAMESSAGE', 'm', 'ZCHATSESSION', 'chat'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZGROUPMEMBER', 'member'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZSTANZAID', 'stanza_id'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZISFROMME', 'from_me'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZFROMJID', 'from_jid'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZPUSHNAME', 'push_name'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZTEXT', 'text'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZMESSAGETYPE', 'message_type'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZGROUPEVENTTYPE', 'group_event_type'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZMESSAGEDATE', 'message_date'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZSENTDATE', 'sent_date'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZSTARRED', 'starred'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZFLAGS', 'flags'),
    column(ctx, 'ZWAMESSAGE', 'm', 'ZMESSAGESTATUS', 'status'),
    joinParent ? 'p.ZSTANZAID AS parent_stanza_id' : 'NULL AS parent_stanza_id',
    ...(joinMedia ? mediaColumns(ctx, 'mi') : ['NULL AS mi_pk']),
  ];
  const rows = ctx.db
    .prepare(
      `SELECT ${select.join(', ')} FROM ZWAMESSAGE m
       ${joinMedia ? `LEFT JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM AND ${mediaOwnership(ctx, 'mi', 'm')}` : ''}
       ${joinParent ? 'LEFT JOIN ZWAMESSAGE p ON p.Z_PK = m.ZPARENTMESSAGE' : ''}
       ORDER BY m.Z_PK`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
  const messages = ctx.table('whatsapp_message');
  const attachments = ctx.table('whatsapp_attachment');

  for (const message of rows) {
    const pk = Number(message.pk);
    const chat = message.chat === null ? undefined : chats.get(Number(message.chat));
    if (!chat) tally.orphanMessages += 1;
    const member = message.member === null ? undefined : members.get(Number(message.member));
    const fromMe = integer(message.from_me) === 1;
    const type = integer(message.message_type);
    const kind = messageKind(type);
    const senderJid = fromMe ? null : senderOf(message, member, chat);
    const ownPushName = countPushName(readPushName(message.push_name), tally);
    const profilePushName = senderJid ? pushNames.get(senderJid) : undefined;
    const pushName = fromMe ? null : (profilePushName ?? ownPushName);

    const hasMedia = message.mi_pk !== null && message.mi_pk !== undefined;
    let quoted: string | null = null;
    if (hasMedia && message.mi_metadata !== null) {
      const reading = quotedStanzaId(message.mi_metadata);
      if (!reading.readable) tally.unreadableMetadata += 1;
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

/**
 * Media items no message points to through ZWAMESSAGE.ZMEDIAITEM: linked through their own ZMESSAGE when that
 * message exists, else kept with no message and counted. Items without any attachment content are skipped.
 */
async function writeUnlinkedAttachments(ctx: WhatsAppContext, place: AppPlace, tally: Tally): Promise<void> {
  const { schema } = ctx;
  if (!schema.hasTable('ZWAMEDIAITEM') || !schema.hasColumn('ZWAMEDIAITEM', 'Z_PK')) return;
  const linkedByMessage = schema.hasColumn('ZWAMESSAGE', 'ZMEDIAITEM');
  const ownerJoin = schema.hasColumn('ZWAMEDIAITEM', 'ZMESSAGE');
  const select = [
    ...mediaColumns(ctx, 'mi'),
    ownerJoin ? 'owner.Z_PK AS owner_pk' : 'NULL AS owner_pk',
    ownerJoin ? column(ctx, 'ZWAMESSAGE', 'owner', 'ZMESSAGETYPE', 'owner_type') : 'NULL AS owner_type',
  ];
  const rows = ctx.db
    .prepare(
      `SELECT ${select.join(', ')} FROM ZWAMEDIAITEM mi
       ${ownerJoin ? 'LEFT JOIN ZWAMESSAGE owner ON owner.Z_PK = mi.ZMESSAGE' : ''}
       ${linkedByMessage ? `WHERE mi.Z_PK NOT IN (SELECT y.Z_PK FROM ZWAMESSAGE m JOIN ZWAMEDIAITEM y ON y.Z_PK = m.ZMEDIAITEM AND ${mediaOwnership(ctx, 'y', 'm')})` : ''}
       ORDER BY mi.Z_PK`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
  const attachments = ctx.table('whatsapp_attachment');
  for (const row of rows) {
    const ownerPk = row.owner_pk === null || row.owner_pk === undefined ? null : Number(row.owner_pk);
    const kind = ownerPk === null ? null : messageKind(integer(row.owner_type));
    if (!hasAttachmentContent(row) && !(kind !== null && ATTACHMENT_KINDS.has(kind))) continue;
    if (ownerPk === null) tally.orphanAttachments += 1;
    const messageId = ownerPk === null ? null : ctx.id('whatsapp_message', ownerPk);
    await attachments.write(attachmentRow(ctx, place, row, messageId, kind));
  }
}

function reportTally(ctx: WhatsAppContext, tally: Tally): void {
  if (tally.orphanMessages > 0) {
    ctx.warn('WHATSAPP_ORPHAN_MESSAGES', 'messages whose ZCHATSESSION matches no chat were kept with no chat', tally.orphanMessages);
  }
  if (tally.orphanMembers > 0) {
    ctx.warn('WHATSAPP_ORPHAN_MEMBERS', 'group members whose ZCHATSESSION matches no chat were kept with no chat', tally.orphanMembers);
  }
  if (tally.orphanAttachments > 0) {
    ctx.warn('WHATSAPP_ORPHAN_ATTACHMENTS', 'media items that belong to no message were kept with no message', tally.orphanAttachments);
  }
  if (tally.encodedPushNames > 0) {
    ctx.warn(
      'WHATSAPP_PUSHNAME_ENCODED',
      'push names stored as base64 protobuf (2025+ builds) are not decoded: those push names are NULL',
      tally.encodedPushNames,
    );
  }
  if (tally.unreadablePushNames > 0) {
    ctx.warn('WHATSAPP_PUSHNAME_UNREADABLE', 'push names with control characters were stored as NULL', tally.unreadablePushNames);
  }
  if (tally.unreadableMetadata > 0) {
    ctx.warn(
      'WHATSAPP_METADATA_UNREADABLE',
      'ZWAMEDIAITEM.ZMETADATA blobs that are not protobuf: their quoted stanza id is NULL',
      tally.unreadableMetadata,
    );
  }
}
