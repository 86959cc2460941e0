// Which sms.db / chat.db layout a source has, decided by introspection: the generation of columns present,
// the optional tables, and the refusal of the iOS 5 layout (msg_group / madrid_*), which is a different schema.
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import type { SchemaInspector } from '../../kernel/schema.js';
import { tapbackPredicate } from './reactions.js';

/** Variant names, from the newest column family found (macOS chat.db shares them with the iOS of its year). */
export const MESSAGES_VARIANTS = {
  modern: 'messages-ios16-plus',
  threads: 'messages-ios14-15',
  nanoseconds: 'messages-ios11-13',
  tapbacks: 'messages-ios10',
  itemTypes: 'messages-ios8-9',
  original: 'messages-ios6-7',
} as const;

/** What the source offers, read once before parsing. */
export interface MessagesLayout {
  variant: string;
  /** `chat` and `chat_message_join` exist. */
  hasChats: boolean;
  hasHandles: boolean;
  hasChatHandles: boolean;
  /** `attachment` and `message_attachment_join` exist. */
  hasAttachments: boolean;
  /** `chat_recoverable_message_join` exists (recently deleted messages). */
  hasRecoverable: boolean;
  /** `message.associated_message_type` exists, so tapback rows may be present. */
  hasTapbacks: boolean;
  /** `m.<column>` when `message` has it, else `NULL`. */
  messageColumn(column: string, alias?: string): string;
  /** `<alias>.<column>` when `table` has it, else `NULL`. */
  column(table: string, column: string, alias: string): string;
  /** SQL predicate true for tapback rows of alias (always false when the column does not exist). */
  isTapback(alias: string): string;
}

/** True when the tables of the iOS 5 (and older) Messages layout are present. */
export function hasIos5Layout(schema: SchemaInspector): boolean {
  return schema.hasTable('msg_group') || schema.tables().some((table) => table.toLowerCase().startsWith('madrid_'));
}

/**
 * Reads the layout of an opened sms.db / chat.db.
 * Throws UnsupportedSchemaError for the iOS 5 layout and for a database without a `message` table.
 */
export function detectLayout(schema: SchemaInspector): MessagesLayout {
  if (hasIos5Layout(schema) && !schema.hasTable('chat_message_join')) {
    throw new UnsupportedSchemaError(
      'sms.db has the iOS 5 (and older) layout: msg_group / madrid_* tables instead of chat, handle and chat_message_join; only the iOS 6+ layout is supported',
    );
  }
  if (!schema.hasTable('message')) {
    throw new UnsupportedSchemaError('not a Messages database: table message is missing');
  }
  const has = (column: string): boolean => schema.hasColumn('message', column);
  let variant: string = MESSAGES_VARIANTS.original;
  if (has('date_edited') || has('date_retracted')) variant = MESSAGES_VARIANTS.modern;
  else if (has('thread_originator_guid')) variant = MESSAGES_VARIANTS.threads;
  else if (schema.hasColumn('chat_message_join', 'message_date') || has('ck_record_id')) variant = MESSAGES_VARIANTS.nanoseconds;
  else if (has('associated_message_type')) variant = MESSAGES_VARIANTS.tapbacks;
  else if (has('item_type')) variant = MESSAGES_VARIANTS.itemTypes;

  const column = (table: string, name: string, alias: string): string => schema.columnOrNull(table, name, alias);
  const hasTapbacks = has('associated_message_type');
  return {
    variant,
    hasChats: schema.hasTable('chat') && schema.hasTable('chat_message_join'),
    hasHandles: schema.hasTable('handle'),
    hasChatHandles: schema.hasTable('chat_handle_join') && schema.hasTable('handle'),
    hasAttachments: schema.hasTable('attachment') && schema.hasTable('message_attachment_join'),
    hasRecoverable: schema.hasTable('chat_recoverable_message_join') && schema.hasTable('chat'),
    hasTapbacks,
    messageColumn: (name, alias = 'm') => column('message', name, alias),
    column,
    isTapback: (alias) => (hasTapbacks ? tapbackPredicate(alias) : '0'),
  };
}
