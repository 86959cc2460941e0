// Reads ChatStorage.sqlite (WhatsApp and WhatsApp Business, iOS Core Data): chats, group members, then messages
// streamed in Z_PK order with their media item joined in the same query, then media items no message points to.
import { warnMissingColumns, type ExpectedColumn } from '../../kernel/coredata.js';
import { ConfigError, SourceCorruptError, UnsupportedSchemaError } from '../../kernel/errors.js';
import type { AppPlace, WhatsAppContext } from './context.js';
import { writeUnlinkedAttachments } from './attachments.js';
import { loadPushNames, writeChats, writeMembers } from './chats.js';
import { APP_DOMAINS, appOfDomain, isWhatsAppApp } from './kinds.js';
import { writeMessages } from './messages.js';

/** Tables the plugin reads besides ZWAMESSAGE; each one missing only reduces detail. */
export const OPTIONAL_TABLES = ['ZWACHATSESSION', 'ZWAGROUPMEMBER', 'ZWAPROFILEPUSHNAME', 'ZWAMEDIAITEM'] as const;

const MISSING_TABLE_EFFECT: Readonly<Record<(typeof OPTIONAL_TABLES)[number], string>> = {
  ZWACHATSESSION: 'messages are kept without their chat',
  ZWAGROUPMEMBER: 'group members are not read and group senders fall back to ZFROMJID',
  ZWAPROFILEPUSHNAME: 'push names come from ZWAMESSAGE.ZPUSHNAME only',
  ZWAMEDIAITEM: 'attachments, captions and quoted-message metadata are not read',
};

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
  warnMissingColumns(ctx, 'WHATSAPP_COLUMN_MISSING', EXPECTED_COLUMNS);

  const pushNames = loadPushNames(ctx);
  const chats = await writeChats(ctx, place);
  const members = await writeMembers(ctx, place, chats, pushNames);
  await writeMessages(ctx, place, chats, members, pushNames);
  await writeUnlinkedAttachments(ctx, place);
}

const EXPECTED_COLUMNS: readonly ExpectedColumn[] = [
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
