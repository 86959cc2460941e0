// Notes domain table: one row per note of NoteStore.sqlite (iOS 9 and later) or of the legacy notes.sqlite (iOS 8 and
// earlier), with its decoded plain-text body, where it is filed, and what it holds.
import { Entity, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** A note, including those in Recently Deleted, marked for deletion, and locked ones (kept with their title only). */
@Entity({ tableName: 'note' })
export class Note extends DomainRow {
  /** `notestore` (ZICCLOUDSYNCINGOBJECT) or `legacy` (ZNOTE of notes.sqlite). */
  @Property({ type: 'text' })
  store!: string;

  /** ZIDENTIFIER (ZGUID in a legacy store). */
  @Property({ type: 'text', nullable: true })
  identifier?: string | null;

  /** ZTITLE1 (ZTITLE in a legacy store). */
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** ZSNIPPET (ZSUMMARY in a legacy store): the preview line Notes shows under the title. */
  @Property({ type: 'text', nullable: true })
  snippet?: string | null;

  /** The whole text: decoded from ZICNOTEDATA.ZDATA, tables and hashtags included; null when locked or unreadable. */
  @Property({ type: 'text', nullable: true })
  body?: string | null;

  /** Title of the folder holding it (the store's name in a legacy store). */
  @Property({ type: 'text', nullable: true })
  folder?: string | null;

  /** Titles of its folder and the folders above it, outermost first, joined by ` / `. */
  @Property({ type: 'text', nullable: true })
  folderPath?: string | null;

  /** Name of its account, e.g. `iCloud` or `On My iPhone`. */
  @Property({ type: 'text', nullable: true })
  account?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  modifiedAt?: Date | null;

  /** ZISPINNED; null when the store has no such column. */
  @Property({ type: 'boolean', nullable: true })
  pinned?: boolean | null;

  /** In Recently Deleted, in a deleted folder, or marked for deletion (ZMARKEDFORDELETION, ZDELETEDFLAG). */
  @Property({ type: 'boolean' })
  deleted!: boolean;

  /** ZMARKEDFORDELETION as stored: removed by the user and waiting to be purged. */
  @Property({ type: 'boolean', nullable: true })
  markedForDeletion?: boolean | null;

  /** ZISPASSWORDPROTECTED. */
  @Property({ type: 'boolean' })
  passwordProtected!: boolean;

  /** Password-protected and not decrypted (no password, a wrong one, or a key kept in the device keychain). */
  @Property({ type: 'boolean' })
  locked!: boolean;

  /** Attachments the body refers to (pictures, drawings, tables, links, hashtags, ...). */
  @Property({ type: 'integer' })
  attachmentCount!: number;

  /** Their kinds, each once, e.g. `["image","table","url"]`. */
  @Property({ type: 'json', nullable: true })
  attachmentKinds?: string[] | null;

  /** Each attachment: `{ kind, uti, identifier, name }`. */
  @Property({ type: 'json', nullable: true })
  attachments?: Array<{ kind: string; uti: string | null; identifier: string | null; name: string | null }> | null;

  /** Checklist items in order: `{ text, done }`; null when the note has none. */
  @Property({ type: 'json', nullable: true })
  checklist?: Array<{ text: string; done: boolean }> | null;

  /** URLs the text links to, each once; null when none. */
  @Property({ type: 'json', nullable: true })
  links?: string[] | null;
}
