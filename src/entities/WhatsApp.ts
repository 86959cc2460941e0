// WhatsApp domain tables read from ChatStorage.sqlite (WhatsApp and WhatsApp Business): chats, group members,
// messages and their media items. Every row records which of the two apps its database belongs to.
import { Entity, ManyToOne, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** Which app a ChatStorage.sqlite belongs to. */
export type WhatsAppApp = 'whatsapp' | 'whatsapp-business';

/** One ZWACHATSESSION row: a one-to-one chat, a group, a broadcast list or the status feed. */
@Entity({ tableName: 'whatsapp_chat' })
export class WhatsAppChat extends DomainRow {
  /** `whatsapp` or `whatsapp-business`. */
  @Property({ type: 'text' })
  app!: WhatsAppApp;

  /** ZCONTACTJID: `<number>@s.whatsapp.net`, `<id>@g.us` for a group, `status@broadcast`, ... */
  @Property({ type: 'text', nullable: true })
  jid?: string | null;

  /** ZPARTNERNAME: the partner's name, or the group subject. */
  @Property({ type: 'text', nullable: true })
  name?: string | null;

  /** `one-to-one`, `group`, `broadcast`, `status`, or `unknown-N` for an unlisted ZSESSIONTYPE (from the JID when the column is absent). */
  @Property({ type: 'text' })
  kind!: string;

  /** ZSESSIONTYPE as stored. */
  @Property({ type: 'integer', nullable: true })
  sessionType?: number | null;

  /** ZARCHIVED; null when the column is absent. */
  @Property({ type: 'boolean', nullable: true })
  archived?: boolean | null;

  /** ZLASTMESSAGEDATE (Cocoa seconds) in UTC. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastMessageAt?: Date | null;

  /** Number of ZWAMESSAGE rows of this chat in the database (what was indexed). */
  @Property({ type: 'integer' })
  messageCount!: number;

  /** ZMESSAGECOUNTER as stored by WhatsApp (a running counter; may differ from `messageCount`). */
  @Property({ type: 'integer', nullable: true })
  messageCounter?: number | null;

  /** ZWAGROUPINFO.ZCREATIONDATE of a group, in UTC. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  groupCreatedAt?: Date | null;

  /** ZWAGROUPINFO.ZCREATORJID of a group. */
  @Property({ type: 'text', nullable: true })
  groupCreatorJid?: string | null;
}

/** One ZWAGROUPMEMBER row: a participant of a group chat. */
@Entity({ tableName: 'whatsapp_group_member' })
export class WhatsAppGroupMember extends DomainRow {
  @Property({ type: 'text' })
  app!: WhatsAppApp;

  /** The group; null when ZCHATSESSION matches no chat (kept, counted in a warning). */
  @ManyToOne(() => WhatsAppChat, { createForeignKeyConstraint: false, fieldName: 'chat_id', nullable: true })
  chat?: WhatsAppChat | null;

  /** ZMEMBERJID. */
  @Property({ type: 'text', nullable: true })
  memberJid?: string | null;

  /** ZCONTACTNAME, else ZFIRSTNAME: the name the phone's owner knows the member by. */
  @Property({ type: 'text', nullable: true })
  name?: string | null;

  /** ZWAPROFILEPUSHNAME.ZPUSHNAME of the member's JID: the name the member chose. */
  @Property({ type: 'text', nullable: true })
  pushName?: string | null;

  /** ZISACTIVE; null when the column is absent. */
  @Property({ type: 'boolean', nullable: true })
  active?: boolean | null;

  /** ZISADMIN; null when the column is absent. */
  @Property({ type: 'boolean', nullable: true })
  admin?: boolean | null;
}

/** One ZWAMESSAGE row, including system events and deleted messages. */
@Entity({ tableName: 'whatsapp_message' })
export class WhatsAppMessage extends DomainRow {
  @Property({ type: 'text' })
  app!: WhatsAppApp;

  /** The chat; null when ZCHATSESSION matches no chat (kept, counted in a warning). */
  @ManyToOne(() => WhatsAppChat, { createForeignKeyConstraint: false, fieldName: 'chat_id', nullable: true })
  chat?: WhatsAppChat | null;

  /** The group member who sent it (ZGROUPMEMBER), when that member row was read. */
  @ManyToOne(() => WhatsAppGroupMember, { createForeignKeyConstraint: false, fieldName: 'group_member_id', nullable: true })
  groupMember?: WhatsAppGroupMember | null;

  /** ZSTANZAID: the protocol id of the message, shared by sender and receivers. */
  @Property({ type: 'text', nullable: true })
  stanzaId?: string | null;

  /** ZISFROMME. */
  @Property({ type: 'boolean' })
  fromMe!: boolean;

  /**
   * Sender of an incoming message: the group member's ZMEMBERJID, else ZFROMJID (a group's own JID is not a sender),
   * else the partner JID of a one-to-one chat. Null for messages from me.
   */
  @Property({ type: 'text', nullable: true })
  senderJid?: string | null;

  /** The sender's push name: ZWAPROFILEPUSHNAME for the sender JID, else a plain-text ZWAMESSAGE.ZPUSHNAME. */
  @Property({ type: 'text', nullable: true })
  pushName?: string | null;

  /** ZTEXT. */
  @Property({ type: 'text', nullable: true })
  text?: string | null;

  /** ZMESSAGETYPE as stored. */
  @Property({ type: 'integer', nullable: true })
  messageType?: number | null;

  /**
   * Readable ZMESSAGETYPE: text, image, video, audio, contact, location, system, link, document, deleted, sticker,
   * poll, or `unknown-N` (`unknown` when the type is NULL).
   */
  @Property({ type: 'text' })
  kind!: string;

  /** ZGROUPEVENTTYPE as stored (non-zero on ordinary group messages too: it does not by itself mean "system"). */
  @Property({ type: 'integer', nullable: true })
  groupEventType?: number | null;

  /** ZMESSAGEDATE (Cocoa seconds) in UTC: the message time, set on incoming and outgoing messages. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  messageAt?: Date | null;

  /** ZSENTDATE (Cocoa seconds) in UTC: set on outgoing messages, NULL on incoming ones. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  /** ZSTARRED; null when the column is absent. */
  @Property({ type: 'boolean', nullable: true })
  starred?: boolean | null;

  /**
   * Bit 7 (0x80) of ZFLAGS, the forwarded mark as read by public forensic parsers (IPED). Not confirmed by WhatsApp:
   * those parsers report outgoing messages of recent builds occasionally marked forwarded when they were not.
   * Null when ZFLAGS is absent.
   */
  @Property({ type: 'boolean', nullable: true })
  forwarded?: boolean | null;

  /** ZFLAGS as stored, so any other reading of the bits stays possible. */
  @Property({ type: 'bigint', nullable: true })
  flags?: string | number | null;

  /**
   * Stanza id of the quoted (replied-to) message: field 5 of the ZWAMEDIAITEM.ZMETADATA protobuf (the layout IPED
   * and WhatsApp-Chat-Exporter read), else the ZSTANZAID of the message ZPARENTMESSAGE points to (public parsers read
   * that column as the replied-to message; WhatsApp does not document it). Null when neither can be read.
   */
  @Property({ type: 'text', nullable: true })
  quotedStanzaId?: string | null;

  /** ZMESSAGESTATUS as stored. */
  @Property({ type: 'integer', nullable: true })
  status?: number | null;
}

/** One ZWAMEDIAITEM row carrying an attachment (file, location, contact card or link preview). */
@Entity({ tableName: 'whatsapp_attachment' })
export class WhatsAppAttachment extends DomainRow {
  @Property({ type: 'text' })
  app!: WhatsAppApp;

  /** The message; null for a media item no message points to (kept, counted in a warning). */
  @ManyToOne(() => WhatsAppMessage, { createForeignKeyConstraint: false, fieldName: 'message_id', nullable: true })
  message?: WhatsAppMessage | null;

  /** Kind of the owning message (image, video, document, location, contact, ...); null without a message. */
  @Property({ type: 'text', nullable: true })
  kind?: string | null;

  /** ZMEDIALOCALPATH: path under the app group's `Message/` folder. */
  @Property({ type: 'text', nullable: true })
  localPath?: string | null;

  /** ZTITLE: the caption, a location's name or a document's file name. */
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** ZFILESIZE in bytes; null when 0 (Core Data's value for "none"). */
  @Property({ type: 'bigint', nullable: true })
  fileSize?: string | number | null;

  /** MIME type from ZVCARDSTRING on media rows (that column holds the vCard on contact rows). */
  @Property({ type: 'text', nullable: true })
  mimeType?: string | null;

  /** ZMEDIAURL: the (encrypted) download URL. */
  @Property({ type: 'text', nullable: true })
  mediaUrl?: string | null;

  /** ZMOVIEDURATION in seconds (video, audio); null when 0. */
  @Property({ type: 'integer', nullable: true })
  durationSeconds?: number | null;

  /** ZLATITUDE of a location message; null on other kinds (there it holds image dimensions) and for a 0/0 placeholder. */
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  /** ZLONGITUDE of a location message; null otherwise (see latitude). */
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  /** ZVCARDNAME on a contact message: the shared contact's name. */
  @Property({ type: 'text', nullable: true })
  vcardName?: string | null;

  /** ZVCARDSTRING on a contact message: the vCard text. */
  @Property({ type: 'text', nullable: true })
  vcardString?: string | null;

  /** ZVCARDNAME on a media message: the media hash WhatsApp files it under. */
  @Property({ type: 'text', nullable: true })
  mediaHash?: string | null;

  /** Backup domain of the file: the app group domain of the database. */
  @Property({ type: 'text', nullable: true })
  backupDomain?: string | null;

  /** Backup relative path of the file: `Message/<ZMEDIALOCALPATH>`. */
  @Property({ type: 'text', nullable: true })
  backupRelativePath?: string | null;

  /** Whether the backup holds that file; null when no backup folder was given or there is no local path. */
  @Property({ type: 'boolean', nullable: true })
  filePresent?: boolean | null;

  /** Manifest file id of that file (sha1 of `<domain>-<relativePath>`), when the backup has a hashed layout. */
  @Property({ type: 'text', nullable: true })
  backupFileId?: string | null;
}
