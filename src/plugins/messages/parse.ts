// Reads sms.db (iOS 6 to current) and macOS chat.db: conversations, then messages with their attachments in one
// streaming merge over ROWID, then tapback reactions in a second pass once every target message is written.
import { SortedChildCursor } from '../../kernel/cursor.js';
import { fileFacts, type ParseContext, type Row, type TableWriter } from '../../kernel/plugin.js';
import { appleTime } from '../../kernel/time.js';
import { attachmentLocation } from './attachments.js';
import { normalizeHandle } from './handles.js';
import { appTypeName, itemTypeName } from './item-types.js';
import { detectLayout, type MessagesLayout } from './layout.js';
import { resolveTarget, tapbackOf, targetGuidExpression } from './reactions.js';
import { resolveText, TextTally } from './text.js';

/** What the search mapper gets beside a message row: its conversation's title and members. */
export interface MessageSearchExtra {
  conversationTitle: string | null;
  members: readonly string[];
}

/** A written conversation, kept in memory (chats are few) for the messages that point at it. */
interface ConversationSummary {
  id: string;
  title: string | null;
  participants: string[];
}

interface MessageRecord {
  rowid: number;
  guid: string | null;
  text: unknown;
  body: unknown;
  handle_id: number | null;
  is_from_me: number | null;
  service: string | null;
  subject: string | null;
  date: number | bigint | null;
  date_read: number | bigint | null;
  date_delivered: number | bigint | null;
  is_read: number | null;
  item_type: number | null;
  group_action_type: number | null;
  group_title: string | null;
  other_handle: number | null;
  thread_originator_guid: string | null;
  thread_originator_part: string | null;
  date_edited: number | bigint | null;
  date_retracted: number | bigint | null;
  balloon_bundle_id: string | null;
  expressive_send_style_id: string | null;
  is_audio_message: number | null;
  error: number | null;
}

interface ReactionRecord extends Pick<MessageRecord, 'rowid' | 'guid' | 'text' | 'body' | 'handle_id' | 'is_from_me' | 'date'> {
  associated_message_type: number;
  associated_message_guid: string | null;
  associated_message_emoji: string | null;
  target_rowid: number | null;
}

interface ChatLink {
  message_id: number;
  chat_id: number;
  delete_date?: number | bigint | null;
}

interface AttachmentRecord {
  message_id: number | null;
  rowid: number;
  guid: string | null;
  filename: string | null;
  transfer_name: string | null;
  mime_type: string | null;
  uti: string | null;
  total_bytes: number | bigint | null;
  created_date: number | bigint | null;
  is_outgoing: number | null;
  is_sticker: number | null;
}

/** The conversation a row is assigned to. */
interface Placement {
  conversation: ConversationSummary | null;
  /** The recoverable-join link when the row sits only in "Recently Deleted". */
  deleted: ChatLink | null;
  /** False when no join row names the message (an orphan). */
  linked: boolean;
  /** The row is joined to more than one chat. */
  several: boolean;
}


function nonEmpty(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const str = String(value);
  return str === '' ? null : str;
}

function flag(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return Number(value) !== 0;
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined && Number(value) !== 0;
}

/** Columns every iOS 6+ message table has; a missing one is read as NULL and named in a warning. */
const CORE_MESSAGE_COLUMNS = ['guid', 'text', 'handle_id', 'is_from_me', 'date', 'service'] as const;

/** Parses a Messages database into `message_conversation`, `message`, `message_attachment` and `message_reaction`. */
export async function parseMessages(ctx: ParseContext): Promise<void> {
  const layout = detectLayout(ctx.schema);
  ctx.setVariant(layout.variant);
  for (const column of CORE_MESSAGE_COLUMNS) {
    if (!ctx.schema.hasColumn('message', column)) {
      ctx.warn('MESSAGES_COLUMN_MISSING', `message.${column} is missing: it is read as NULL on every message`);
    }
  }
  if (!layout.hasChats) {
    ctx.warn('MESSAGES_NO_CHATS', 'tables chat / chat_message_join are missing: messages are kept with no conversation');
  }
  if (!layout.hasHandles) {
    ctx.warn('MESSAGES_NO_HANDLES', 'table handle is missing: senders and participants are unknown');
  }
  if (!layout.hasAttachments) {
    ctx.warn('MESSAGES_NO_ATTACHMENTS', 'tables attachment / message_attachment_join are missing: attachments are not read');
  }

  const handles = loadHandles(ctx, layout);
  const conversations = await writeConversations(ctx, layout, handles);
  const texts = new TextTally();
  await writeMessages(ctx, layout, handles, conversations, texts);
  if (layout.hasTapbacks) await writeReactions(ctx, layout, handles, conversations, texts);
  if (layout.hasAttachments) await writeUnjoinedAttachments(ctx, layout);
  reportTexts(ctx, texts);
}

/** The text decoding counts, as warnings once the parse is over. */
function reportTexts(ctx: ParseContext, texts: TextTally): void {
  if (texts.mismatches > 0) {
    ctx.warn('MESSAGES_TEXT_BODY_MISMATCH', 'text differs from the decoded attributedBody; the text column was kept', texts.mismatches);
  }
  for (const [code, count] of texts.malformed) {
    ctx.warn('MESSAGES_ATTRIBUTED_BODY_MALFORMED', `attributedBody could not be decoded (${code}); the text column was kept`, count);
  }
}

/** `handle` is small (one row per address): ROWID -> handle.id. */
function loadHandles(ctx: ParseContext, layout: MessagesLayout): Map<number, string> {
  const handles = new Map<number, string>();
  if (!layout.hasHandles) return handles;
  const rows = ctx.rows<{ rowid: number; id: string | null }>(`SELECT ROWID AS rowid, ${layout.column('handle', 'id', 'h')} AS id FROM handle h`);
  for (const row of rows) if (row.id !== null) handles.set(Number(row.rowid), String(row.id));
  return handles;
}

function handleOf(handles: Map<number, string>, handleId: number | null): string | null {
  if (handleId === null || handleId === undefined || Number(handleId) === 0) return null;
  return handles.get(Number(handleId)) ?? null;
}

/** Participants of every chat (chat_handle_join is small: chats times members). */
function loadParticipants(ctx: ParseContext, layout: MessagesLayout, handles: Map<number, string>): Map<number, string[]> {
  const members = new Map<number, string[]>();
  if (!layout.hasChatHandles) return members;
  const rows = ctx.rows<{ chat_id: number; handle_id: number }>('SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id');
  for (const row of rows) {
    const handle = normalizeHandle(handleOf(handles, row.handle_id));
    if (handle === null) continue;
    const list = members.get(Number(row.chat_id)) ?? [];
    if (!list.includes(handle)) list.push(handle);
    members.set(Number(row.chat_id), list);
  }
  return members;
}

/** Per chat: messages assigned to it (lowest chat id wins, then the recoverable join) and its newest raw date. */
function loadChatStatistics(ctx: ParseContext, layout: MessagesLayout): Map<number, { count: number; lastDate: unknown }> {
  const statistics = new Map<number, { count: number; lastDate: unknown }>();
  const add = (sql: string): void => {
    for (const row of ctx.rows<{ chat_id: number; message_count: number; last_date: unknown }>(sql)) {
      const existing = statistics.get(Number(row.chat_id));
      if (!existing) {
        statistics.set(Number(row.chat_id), { count: Number(row.message_count), lastDate: row.last_date });
        continue;
      }
      existing.count += Number(row.message_count);
      if (row.last_date !== null && (existing.lastDate === null || Number(row.last_date) > Number(existing.lastDate))) {
        existing.lastDate = row.last_date;
      }
    }
  };
  const date = layout.messageColumn('date');
  add(
    `SELECT f.chat_id AS chat_id, count(*) AS message_count, max(${date}) AS last_date
       FROM (SELECT message_id, min(chat_id) AS chat_id FROM chat_message_join GROUP BY message_id) f
       JOIN message m ON m.ROWID = f.message_id
      WHERE NOT ${layout.isTapback('m')}
      GROUP BY f.chat_id`,
  );
  if (layout.hasRecoverable) {
    add(
      `SELECT f.chat_id AS chat_id, count(*) AS message_count, max(${date}) AS last_date
         FROM (SELECT message_id, min(chat_id) AS chat_id FROM chat_recoverable_message_join
                WHERE message_id NOT IN (SELECT message_id FROM chat_message_join WHERE message_id IS NOT NULL)
                GROUP BY message_id) f
         JOIN message m ON m.ROWID = f.message_id
        WHERE NOT ${layout.isTapback('m')}
        GROUP BY f.chat_id`,
    );
  }
  return statistics;
}

async function writeConversations(
  ctx: ParseContext,
  layout: MessagesLayout,
  handles: Map<number, string>,
): Promise<Map<number, ConversationSummary>> {
  const summaries = new Map<number, ConversationSummary>();
  if (!layout.hasChats) return summaries;
  const participants = loadParticipants(ctx, layout, handles);
  const statistics = loadChatStatistics(ctx, layout);
  const c = (name: string): string => `${layout.column('chat', name, 'c')} AS ${name}`;
  const chats = ctx.rows<Record<string, unknown>>(
    `SELECT c.ROWID AS rowid, ${['guid', 'chat_identifier', 'display_name', 'service_name', 'style', 'room_name', 'is_archived'].map(c).join(', ')}
       FROM chat c ORDER BY c.ROWID`,
  );
  const writer = ctx.table('message_conversation');
  for (const chat of chats) {
    const rowid = Number(chat.rowid);
    const members = participants.get(rowid) ?? [];
    const displayName = nonEmpty(chat.display_name);
    const style = chat.style === null || chat.style === undefined ? null : Number(chat.style);
    const title = displayName ?? (members.length > 0 ? members.join(', ') : nonEmpty(chat.chat_identifier));
    const stats = statistics.get(rowid);
    const id = ctx.id('message_conversation', rowid);
    const row: Row = {
      id,
      source_rowid: rowid,
      guid: nonEmpty(chat.guid) ?? '',
      chat_identifier: nonEmpty(chat.chat_identifier),
      display_name: displayName,
      title,
      service: nonEmpty(chat.service_name),
      is_group: style === 43 || members.length > 1 || (style === null && nonEmpty(chat.room_name) !== null),
      style,
      room_name: nonEmpty(chat.room_name),
      is_archived: flag(chat.is_archived),
      participants: members,
      last_message_at: stats ? appleTime(stats.lastDate as number | null, 'apple-auto', 'message.date') : null,
      message_count: stats?.count ?? 0,
    };
    await writer.write(row);
    summaries.set(rowid, { id, title, participants: members });
  }
  return summaries;
}

function messageSelect(layout: MessagesLayout): string {
  const m = (name: string, as = name): string => `${layout.messageColumn(name)} AS ${as}`;
  const columns = [
    m('guid'),
    m('text'),
    m('attributedBody', 'body'),
    m('handle_id'),
    m('is_from_me'),
    m('service'),
    m('subject'),
    m('date'),
    m('date_read'),
    m('date_delivered'),
    m('is_read'),
    m('item_type'),
    m('group_action_type'),
    m('group_title'),
    m('other_handle'),
    m('thread_originator_guid'),
    m('thread_originator_part'),
    m('date_edited'),
    m('date_retracted'),
    m('balloon_bundle_id'),
    m('expressive_send_style_id'),
    m('is_audio_message'),
    m('error'),
  ];
  return `SELECT m.ROWID AS rowid, ${columns.join(', ')} FROM message m WHERE NOT ${layout.isTapback('m')} ORDER BY m.ROWID`;
}

/**
 * chat_message_join (or the recoverable join) rows sorted by message: of the message rows matching `filter`, or every
 * row when `filter` is null. The message pass asks for null: a merge cursor passes over links of rows it never asks
 * for (tapbacks, missing messages), and looking each link's message up to filter it cost twice the scan itself.
 */
function chatLinks(ctx: ParseContext, layout: MessagesLayout, table: string, filter: string | null): IterableIterator<ChatLink> {
  const deleted = table === 'chat_recoverable_message_join' ? layout.column(table, 'delete_date', 'j') : 'NULL';
  const join = filter === null ? '' : `JOIN message m ON m.ROWID = j.message_id WHERE ${filter}`;
  return ctx.rows<ChatLink>(
    `SELECT j.message_id AS message_id, j.chat_id AS chat_id, ${deleted} AS delete_date
       FROM ${table} j ${join}
      ORDER BY j.message_id, j.chat_id`,
  );
}

/** Attachments joined to message rows matching `filter` (or to no message at all), sorted by message. */
function attachmentLinks(ctx: ParseContext, layout: MessagesLayout, filter: string): IterableIterator<AttachmentRecord> {
  const a = (name: string): string => `${layout.column('attachment', name, 'a')} AS ${name}`;
  const columns = ['guid', 'filename', 'transfer_name', 'mime_type', 'uti', 'total_bytes', 'created_date', 'is_outgoing', 'is_sticker'];
  return ctx.rows<AttachmentRecord>(
    `SELECT j.message_id AS message_id, a.ROWID AS rowid, ${columns.map(a).join(', ')}
       FROM message_attachment_join j
       JOIN attachment a ON a.ROWID = j.attachment_id
       LEFT JOIN message m ON m.ROWID = j.message_id
      WHERE ${filter}
      ORDER BY j.message_id, a.ROWID`,
  );
}

function attachmentRow(
  ctx: ParseContext,
  attachment: AttachmentRecord,
  messageId: string | null,
  reactionId: string | null,
): Row {
  const location = attachmentLocation(attachment.filename);
  const totalBytes = attachment.total_bytes;
  return {
    id: ctx.id('message_attachment', attachment.rowid, attachment.message_id ?? 'unjoined'),
    source_rowid: attachment.rowid,
    message_id: messageId,
    reaction_id: reactionId,
    guid: nonEmpty(attachment.guid),
    filename: nonEmpty(attachment.filename),
    transfer_name: nonEmpty(attachment.transfer_name),
    mime_type: nonEmpty(attachment.mime_type),
    uti: nonEmpty(attachment.uti),
    total_bytes: totalBytes === null || totalBytes === undefined ? null : String(totalBytes),
    created_at: ctx.time(attachment.created_date, 'apple-auto', 'attachment.created_date'),
    is_outgoing: flag(attachment.is_outgoing),
    is_sticker: flag(attachment.is_sticker),
    backup_domain: location?.domain ?? null,
    backup_relative_path: location?.relativePath ?? null,
    ...fileFacts(ctx.files, location),
  };
}

/** Picks the conversation of a message: lowest chat of chat_message_join, else lowest of the recoverable join. */
function assignConversation(links: ChatLink[], recoverable: ChatLink[], conversations: Map<number, ConversationSummary>): Placement {
  if (links.length > 0) {
    const conversation = conversations.get(Number(links[0]!.chat_id)) ?? null;
    return { conversation, deleted: null, linked: true, several: links.length > 1 };
  }
  if (recoverable.length > 0) {
    const first = recoverable[0]!;
    const conversation = conversations.get(Number(first.chat_id)) ?? null;
    return { conversation, deleted: first, linked: true, several: recoverable.length > 1 };
  }
  return { conversation: null, deleted: null, linked: false, several: false };
}

async function writeMessages(
  ctx: ParseContext,
  layout: MessagesLayout,
  handles: Map<number, string>,
  conversations: Map<number, ConversationSummary>,
  texts: TextTally,
): Promise<void> {
  const notTapback = `NOT ${layout.isTapback('m')}`;
  const chats = layout.hasChats
    ? new SortedChildCursor(chatLinks(ctx, layout, 'chat_message_join', null), (link) => link.message_id)
    : null;
  const recoverable = layout.hasRecoverable
    ? new SortedChildCursor(chatLinks(ctx, layout, 'chat_recoverable_message_join', null), (link) => link.message_id)
    : null;
  const unjoined: AttachmentRecord[] = [];
  const attachments = layout.hasAttachments
    ? new SortedChildCursor(
        attachmentLinks(ctx, layout, `m.ROWID IS NULL OR ${notTapback}`),
        (attachment) => Number(attachment.message_id ?? -1),
        (attachment) => unjoined.push(attachment),
      )
    : null;
  const messages = ctx.table('message');
  const attachmentWriter = ctx.table('message_attachment');
  const rows = ctx.rows<MessageRecord>(messageSelect(layout));

  for (const record of rows) {
    const rowid = Number(record.rowid);
    const placement = assignConversation(chats?.take(rowid) ?? [], recoverable?.take(rowid) ?? [], conversations);
    if (layout.hasChats && !placement.linked) {
      ctx.warn('MESSAGES_ORPHANS', 'messages in no chat (not in chat_message_join) were kept with no conversation');
    }
    if (placement.several) {
      ctx.warn('MESSAGES_IN_SEVERAL_CHATS', 'messages joined to several chats were assigned to the chat with the lowest ROWID');
    }
    const resolved = resolveText(record.text, record.body, texts);
    const isFromMe = Number(record.is_from_me ?? 0) !== 0;
    const handle = handleOf(handles, record.handle_id);
    const id = ctx.id('message', rowid);
    const row: Row = {
      id,
      source_rowid: rowid,
      guid: nonEmpty(record.guid) ?? '',
      conversation_id: placement.conversation?.id ?? null,
      sender: isFromMe ? null : normalizeHandle(handle),
      handle,
      is_from_me: isFromMe,
      service: nonEmpty(record.service),
      text: resolved.text,
      text_source: resolved.source,
      subject: nonEmpty(record.subject),
      sent_at: ctx.time(record.date, 'apple-auto', 'message.date'),
      read_at: ctx.time(record.date_read, 'apple-auto', 'message.date_read'),
      delivered_at: ctx.time(record.date_delivered, 'apple-auto', 'message.date_delivered'),
      is_read: flag(record.is_read),
      item_type: itemTypeName(record.item_type, record.group_action_type),
      raw_item_type: record.item_type === null ? null : Number(record.item_type),
      group_action_type: record.group_action_type === null ? null : Number(record.group_action_type),
      group_title: nonEmpty(record.group_title),
      other_handle: normalizeHandle(handleOf(handles, record.other_handle)),
      thread_originator_guid: nonEmpty(record.thread_originator_guid),
      thread_originator_part: nonEmpty(record.thread_originator_part),
      is_edited: isSet(record.date_edited),
      edited_at: ctx.time(record.date_edited, 'apple-auto', 'message.date_edited'),
      is_unsent: isSet(record.date_retracted),
      unsent_at: ctx.time(record.date_retracted, 'apple-auto', 'message.date_retracted'),
      is_recently_deleted: placement.deleted !== null,
      deleted_at: placement.deleted ? ctx.time(placement.deleted.delete_date, 'apple-auto', 'chat_recoverable_message_join.delete_date') : null,
      app_type: appTypeName(record.balloon_bundle_id),
      balloon_bundle_id: nonEmpty(record.balloon_bundle_id),
      expressive_send_style: nonEmpty(record.expressive_send_style_id),
      is_audio_message: flag(record.is_audio_message),
      mentions: resolved.mentions,
      error: record.error === null ? null : Number(record.error),
    };
    const extra: MessageSearchExtra = {
      conversationTitle: placement.conversation?.title ?? null,
      members: placement.conversation?.participants ?? [],
    };
    const own = attachments?.take(rowid) ?? [];
    await messages.write(row, extra);
    for (const attachment of own) await attachmentWriter.write(attachmentRow(ctx, attachment, id, null));
    await flushUnjoined(ctx, unjoined);
  }
  chats?.finish();
  recoverable?.finish();
  attachments?.finish();
  await flushUnjoined(ctx, unjoined);
}

async function flushUnjoined(ctx: ParseContext, unjoined: AttachmentRecord[]): Promise<void> {
  if (unjoined.length === 0) return;
  const writer = ctx.table('message_attachment');
  for (const attachment of unjoined.splice(0)) await writeOrphanAttachment(ctx, writer, attachment);
}

/** An attachment joined to no readable message: kept with no message, counted in one warning. */
async function writeOrphanAttachment(ctx: ParseContext, writer: TableWriter, attachment: AttachmentRecord): Promise<void> {
  await writer.write(attachmentRow(ctx, attachment, null, null));
  ctx.warn('MESSAGES_ORPHAN_ATTACHMENTS', 'attachments joined to no readable message were kept with no message');
}

/** Attachments in no message_attachment_join row at all. */
async function writeUnjoinedAttachments(ctx: ParseContext, layout: MessagesLayout): Promise<void> {
  const a = (name: string): string => `${layout.column('attachment', name, 'a')} AS ${name}`;
  const columns = ['guid', 'filename', 'transfer_name', 'mime_type', 'uti', 'total_bytes', 'created_date', 'is_outgoing', 'is_sticker'];
  const rows = ctx.rows<AttachmentRecord>(
    `SELECT NULL AS message_id, a.ROWID AS rowid, ${columns.map(a).join(', ')}
       FROM attachment a
      WHERE a.ROWID NOT IN (SELECT attachment_id FROM message_attachment_join WHERE attachment_id IS NOT NULL)
      ORDER BY a.ROWID`,
  );
  const writer = ctx.table('message_attachment');
  for (const attachment of rows) await writeOrphanAttachment(ctx, writer, attachment);
}

/** Second pass: tapbacks, after every message they may point at has been written. */
async function writeReactions(
  ctx: ParseContext,
  layout: MessagesLayout,
  handles: Map<number, string>,
  conversations: Map<number, ConversationSummary>,
  texts: TextTally,
): Promise<void> {
  const tapback = layout.isTapback('m');
  const chats = layout.hasChats
    ? new SortedChildCursor(chatLinks(ctx, layout, 'chat_message_join', tapback), (link) => link.message_id)
    : null;
  const recoverable = layout.hasRecoverable
    ? new SortedChildCursor(chatLinks(ctx, layout, 'chat_recoverable_message_join', tapback), (link) => link.message_id)
    : null;
  const attachments = layout.hasAttachments
    ? new SortedChildCursor(attachmentLinks(ctx, layout, `m.ROWID IS NOT NULL AND ${tapback}`), (attachment) => Number(attachment.message_id))
    : null;
  const m = (name: string, as = name): string => `${layout.messageColumn(name)} AS ${as}`;
  const rows = ctx.rows<ReactionRecord>(
    `SELECT m.ROWID AS rowid, ${m('guid')}, ${m('text')}, ${m('attributedBody', 'body')}, ${m('handle_id')}, ${m('is_from_me')},
            ${m('date')}, m.associated_message_type AS associated_message_type, ${m('associated_message_guid')},
            ${m('associated_message_emoji')}, t.ROWID AS target_rowid
       FROM message m
       LEFT JOIN message t ON t.guid = ${targetGuidExpression('m')} AND NOT ${layout.isTapback('t')}
      WHERE ${tapback}
      ORDER BY m.ROWID`,
  );
  const reactions = ctx.table('message_reaction');
  const attachmentWriter = ctx.table('message_attachment');

  for (const record of rows) {
    const rowid = Number(record.rowid);
    const tapbackKind = tapbackOf(Number(record.associated_message_type))!;
    const target = resolveTarget(record.associated_message_guid);
    const targetId = record.target_rowid === null ? null : ctx.id('message', Number(record.target_rowid));
    if (targetId === null) {
      ctx.warn(
        'MESSAGES_REACTION_TARGET_MISSING',
        'reactions whose target message is not in the database were kept with no message and their raw target guid',
      );
    }
    const placement = assignConversation(chats?.take(rowid) ?? [], recoverable?.take(rowid) ?? [], conversations);
    const isFromMe = Number(record.is_from_me ?? 0) !== 0;
    const id = ctx.id('message_reaction', rowid);
    await reactions.write({
      id,
      source_rowid: rowid,
      guid: nonEmpty(record.guid),
      message_id: targetId,
      target_guid: target.guid,
      target_part: target.part,
      raw_target_guid: nonEmpty(record.associated_message_guid),
      conversation_id: placement.conversation?.id ?? null,
      kind: tapbackKind.kind,
      action: tapbackKind.action,
      emoji: nonEmpty(record.associated_message_emoji),
      raw_type: Number(record.associated_message_type),
      sender: isFromMe ? null : normalizeHandle(handleOf(handles, record.handle_id)),
      is_from_me: isFromMe,
      reacted_at: ctx.time(record.date, 'apple-auto', 'message.date'),
      text: resolveText(record.text, record.body, texts).text,
    });
    for (const attachment of attachments?.take(rowid) ?? []) {
      await attachmentWriter.write(attachmentRow(ctx, attachment, targetId, id));
    }
  }
  chats?.finish();
  recoverable?.finish();
  attachments?.finish();
}
