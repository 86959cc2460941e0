// Legacy notes.sqlite (iOS 8 and earlier): ZNOTE rows with their HTML body in ZNOTEBODY.ZCONTENT, filed in a ZSTORE
// (the folder, e.g. an IMAP account's Notes mailbox) of a ZACCOUNT. Attachments (iOS 9 and 10 keep this store for
// old accounts) are counted from ZNOTEATTACHMENT.
import { column, flag, integer, name, text } from '../../kernel/coredata.js';
import { UnsupportedSchemaError } from '../../kernel/errors.js';
import type { RawTime } from '../../kernel/time.js';
import type { NotesContext } from './context.js';
import { htmlToText, looksLikeHtml } from './html.js';
import { firstLine } from './body.js';

/** Whether the store is a legacy notes.sqlite. */
export function isLegacyStore(source: Pick<NotesContext, 'schema'>): boolean {
  return source.schema.hasTable('ZNOTE') && source.schema.hasTable('ZNOTEBODY');
}

/** Parses notes.sqlite into `note` rows (store `legacy`). */
export async function parseLegacyNotes(ctx: NotesContext): Promise<void> {
  const { schema } = ctx;
  if (!schema.hasColumn('ZNOTE', 'Z_PK')) throw new UnsupportedSchemaError('ZNOTE has no Z_PK column: not a Core Data notes store');
  if (!schema.hasColumn('ZNOTEBODY', 'ZCONTENT')) throw new UnsupportedSchemaError('ZNOTEBODY has no ZCONTENT column: note bodies cannot be read');
  if (!schema.hasColumn('ZNOTE', 'ZBODY') && !schema.hasColumn('ZNOTEBODY', 'ZOWNER')) {
    throw new UnsupportedSchemaError('neither ZNOTE.ZBODY nor ZNOTEBODY.ZOWNER exists: bodies cannot be matched to their notes');
  }
  const n = (source: string, as: string) => column(schema, 'ZNOTE', 'n', source, as);
  const bodyJoin = schema.hasColumn('ZNOTE', 'ZBODY')
    ? 'LEFT JOIN ZNOTEBODY b ON b.Z_PK = n.ZBODY'
    : 'LEFT JOIN ZNOTEBODY b ON b.Z_PK = (SELECT max(b2.Z_PK) FROM ZNOTEBODY b2 WHERE b2.ZOWNER = n.Z_PK)';
  const stores = schema.hasColumn('ZSTORE', 'Z_PK') && schema.hasColumn('ZNOTE', 'ZSTORE');
  const accounts = stores && schema.hasColumn('ZSTORE', 'ZACCOUNT') && schema.hasColumn('ZACCOUNT', 'Z_PK');
  const attachments = schema.hasColumn('ZNOTEATTACHMENT', 'ZNOTE');
  const sql = `SELECT n.Z_PK AS pk, ${n('ZGUID', 'identifier')}, ${n('ZTITLE', 'title')}, ${n('ZSUMMARY', 'snippet')},
      ${n('ZCREATIONDATE', 'created')}, ${n('ZMODIFICATIONDATE', 'modified')}, ${n('ZDELETEDFLAG', 'deleted')},
      b.ZCONTENT AS content,
      ${stores ? column(schema, 'ZSTORE', 's', 'ZNAME', 'store') : 'NULL AS store'},
      ${accounts ? column(schema, 'ZACCOUNT', 'a', 'ZNAME', 'account') : 'NULL AS account'},
      ${attachments ? `(SELECT count(*) FROM ZNOTEATTACHMENT t WHERE t.ZNOTE = n.Z_PK) AS attachment_count, (SELECT group_concat(${schema.columnOrNull('ZNOTEATTACHMENT', 'ZMIMETYPE', 't')}, char(31)) FROM ZNOTEATTACHMENT t WHERE t.ZNOTE = n.Z_PK) AS mime_types` : '0 AS attachment_count, NULL AS mime_types'}
    FROM ZNOTE n ${bodyJoin}
    ${stores ? 'LEFT JOIN ZSTORE s ON s.Z_PK = n.ZSTORE' : ''}
    ${accounts ? 'LEFT JOIN ZACCOUNT a ON a.Z_PK = s.ZACCOUNT' : ''}
    ORDER BY n.Z_PK`;
  ctx.setVariant('legacy notes.sqlite');
  const notes = ctx.table('note');
  for (const row of ctx.rows<Record<string, unknown>>(sql)) {
    const pk = Number(row.pk);
    const content = text(row.content);
    if (content === null) ctx.warn('NOTES_BODY_MISSING', `notes without a ZNOTEBODY body were kept with their title only (first: note ${pk})`, 1, 'NOTES_BODY_MISSING');
    const body = content === null ? null : looksLikeHtml(content) ? htmlToText(content) : content.trim();
    const kinds = [...new Set((text(row.mime_types)?.split('\u001f') ?? []).map((mime) => legacyKind(mime)))];
    const deleted = flag(row.deleted);
    const count = integer(row.attachment_count) ?? 0;
    await notes.write(
      {
        id: ctx.id('note', pk),
        source_rowid: pk,
        store: 'legacy',
        identifier: name(row.identifier),
        title: name(row.title) ?? firstLine(body),
        snippet: name(row.snippet),
        body,
        folder: name(row.store),
        folder_path: name(row.store),
        account: name(row.account),
        created_at: ctx.time(row.created as RawTime, 'cocoa-seconds', 'ZNOTE.ZCREATIONDATE', pk),
        modified_at: ctx.time(row.modified as RawTime, 'cocoa-seconds', 'ZNOTE.ZMODIFICATIONDATE', pk),
        pinned: null,
        deleted: deleted === true,
        marked_for_deletion: deleted,
        password_protected: false,
        locked: false,
        attachment_count: count,
        attachment_kinds: count > 0 && kinds.length > 0 ? kinds : null,
        attachments: null,
        checklist: null,
        links: null,
      },
      { attachmentNames: [] },
    );
  }
}

/** A legacy attachment's kind from its MIME type (`image/jpeg` -> image). */
function legacyKind(mime: string): string {
  const [family] = mime.toLowerCase().split('/');
  if (family === 'image' || family === 'video' || family === 'audio') return family;
  if (mime === '') return 'unknown';
  return mime === 'application/pdf' ? 'pdf' : 'file';
}
