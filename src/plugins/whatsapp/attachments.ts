// Attachments of ChatStorage: a ZWAMEDIAITEM row as a whatsapp_attachment (caption, file, MIME type, coordinates,
// vCard, backup location), and the media items no message points to, written after all messages.
import { fileFacts, type Row } from '../../kernel/plugin.js';
import { MEDIA_FOLDER, messageKind } from './kinds.js';
import { column, coordinate, integer, name, positive, text } from '../../kernel/coredata.js';
import type { AppPlace, WhatsAppContext } from './context.js';

/** Kinds whose media item is an attachment even when it carries no file. */
export const ATTACHMENT_KINDS = new Set(['image', 'video', 'audio', 'contact', 'location', 'document', 'sticker']);

const MIME_TYPE = /^[A-Za-z0-9][\w.+-]*\/[\w.+-]+(?:;.*)?$/;

/**
 * Join condition making each media item belong to one message at most: the message its ZMESSAGE names, or, when that
 * back-link is NULL or absent, the lowest Z_PK among the messages whose ZMEDIAITEM points to it.
 */
export function mediaOwnership(ctx: WhatsAppContext, media: string, message: string): string {
  const lowest = `${message}.Z_PK = (SELECT min(x.Z_PK) FROM ZWAMESSAGE x WHERE x.ZMEDIAITEM = ${media}.Z_PK)`;
  if (!ctx.schema.hasColumn('ZWAMEDIAITEM', 'ZMESSAGE')) return lowest;
  return `(${media}.ZMESSAGE = ${message}.Z_PK OR (${media}.ZMESSAGE IS NULL AND ${lowest}))`;
}

/** Select list of the media item columns, prefixed `mi_`. */
export function mediaColumns(ctx: WhatsAppContext, alias: string): string[] {
  return [
    `${alias}.Z_PK AS mi_pk`,
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZMEDIALOCALPATH', 'mi_local_path'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZTITLE', 'mi_title'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZFILESIZE', 'mi_file_size'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZMEDIAURL', 'mi_media_url'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZMOVIEDURATION', 'mi_duration'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZLATITUDE', 'mi_latitude'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZLONGITUDE', 'mi_longitude'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZVCARDNAME', 'mi_vcard_name'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZVCARDSTRING', 'mi_vcard_string'),
    column(ctx.schema, 'ZWAMEDIAITEM', alias, 'ZMETADATA', 'mi_metadata'),
  ];
}

/** Whether a media item carries anything of an attachment (a file, URL, caption, vCard or size), not only metadata. */
export function hasAttachmentContent(row: Record<string, unknown>): boolean {
  return (
    text(row.mi_local_path) !== null ||
    text(row.mi_media_url) !== null ||
    text(row.mi_title) !== null ||
    text(row.mi_vcard_string) !== null ||
    text(row.mi_vcard_name) !== null ||
    positive(row.mi_file_size) !== null
  );
}

/** The attachment row of a media item; `kind` is the owning message's kind (null when unknown). */
export function attachmentRow(
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
  const file = fileFacts(ctx.files, relativePath ? { domain: place.domain, relativePath } : null);
  const mime = !isContact && vcardString && MIME_TYPE.test(vcardString) ? vcardString : null;
  return {
    id: ctx.id('whatsapp_attachment', pk),
    source_rowid: pk,
    app: place.app,
    message_id: messageId,
    kind,
    local_path: localPath,
    title: text(row.mi_title),
    file_size: positive(row.mi_file_size),
    mime_type: mime,
    media_url: text(row.mi_media_url),
    duration_seconds: positive(row.mi_duration),
    latitude,
    longitude,
    vcard_name: isContact ? name(row.mi_vcard_name) : null,
    vcard_string: isContact ? vcardString : null,
    media_hash: !isContact && kind !== 'location' ? text(row.mi_vcard_name) : null,
    backup_domain: relativePath ? place.domain : null,
    backup_relative_path: relativePath,
    ...file,
  };
}

/**
 * Media items no message points to through ZWAMESSAGE.ZMEDIAITEM: linked through their own ZMESSAGE when that
 * message exists, else kept with no message and counted. Items without any attachment content are skipped.
 */
export async function writeUnlinkedAttachments(ctx: WhatsAppContext, place: AppPlace): Promise<void> {
  const { schema } = ctx;
  if (!schema.hasTable('ZWAMEDIAITEM') || !schema.hasColumn('ZWAMEDIAITEM', 'Z_PK')) return;
  const linkedByMessage = schema.hasColumn('ZWAMESSAGE', 'ZMEDIAITEM');
  const ownerJoin = schema.hasColumn('ZWAMEDIAITEM', 'ZMESSAGE');
  const select = [
    ...mediaColumns(ctx, 'mi'),
    ownerJoin ? 'owner.Z_PK AS owner_pk' : 'NULL AS owner_pk',
    ownerJoin ? column(ctx.schema, 'ZWAMESSAGE', 'owner', 'ZMESSAGETYPE', 'owner_type') : 'NULL AS owner_type',
  ];
  const rows = ctx.rows<Record<string, unknown>>(
    `SELECT ${select.join(', ')} FROM ZWAMEDIAITEM mi
     ${ownerJoin ? 'LEFT JOIN ZWAMESSAGE owner ON owner.Z_PK = mi.ZMESSAGE' : ''}
     ${linkedByMessage ? `WHERE mi.Z_PK NOT IN (SELECT y.Z_PK FROM ZWAMESSAGE m JOIN ZWAMEDIAITEM y ON y.Z_PK = m.ZMEDIAITEM AND ${mediaOwnership(ctx, 'y', 'm')})` : ''}
     ORDER BY mi.Z_PK`,
  );
  const attachments = ctx.table('whatsapp_attachment');
  for (const row of rows) {
    const ownerPk = row.owner_pk === null || row.owner_pk === undefined ? null : Number(row.owner_pk);
    const kind = ownerPk === null ? null : messageKind(integer(row.owner_type));
    if (!hasAttachmentContent(row) && !(kind !== null && ATTACHMENT_KINDS.has(kind))) continue;
    if (ownerPk === null) ctx.warn('WHATSAPP_ORPHAN_ATTACHMENTS', 'media items that belong to no message were kept with no message');
    const messageId = ownerPk === null ? null : ctx.id('whatsapp_message', ownerPk);
    await attachments.write(attachmentRow(ctx, place, row, messageId, kind));
  }
}
