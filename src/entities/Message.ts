// Messages domain tables (sms.db / chat.db): conversations, messages, their attachments and their tapback reactions.
// Handles are stored normalized (phones as digits with a leading +, emails lower-case) so they match other artifacts.
import { Entity, ManyToOne, Property } from './decorators.js';
import { DomainRow } from './DomainRow.js';

/** One `chat` row: a one-to-one or group conversation. */
@Entity({ tableName: 'message_conversation' })
export class MessageConversation extends DomainRow {
  @Property({ type: 'text' })
  guid!: string;

  /** `chat.chat_identifier`: the other party's handle, or `chatNNN` for a group. */
  @Property({ type: 'text', nullable: true })
  chatIdentifier?: string | null;

  /** `chat.display_name`: the group title a user set (null when none or when the column does not exist). */
  @Property({ type: 'text', nullable: true })
  displayName?: string | null;

  /** What to call the conversation: its display name, else its participants joined by `, `. */
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  /** `chat.service_name`: iMessage, SMS, RCS. */
  @Property({ type: 'text', nullable: true })
  service?: string | null;

  /** `chat.style` 43 (group) or more than one participant. */
  @Property({ type: 'boolean' })
  isGroup!: boolean;

  /** `chat.style` as stored (43 group, 45 one-to-one). */
  @Property({ type: 'integer', nullable: true })
  style?: number | null;

  @Property({ type: 'text', nullable: true })
  roomName?: string | null;

  @Property({ type: 'boolean', nullable: true })
  isArchived?: boolean | null;

  /** Normalized handles of the members (`chat_handle_join`), in handle order; the device owner is not listed. */
  @Property({ type: 'text[]' })
  participants!: string[];

  /** Sent time of the newest message assigned to this conversation. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastMessageAt?: Date | null;

  /** Messages assigned to this conversation (reactions excluded; a message in several chats counts for the lowest chat id). */
  @Property({ type: 'integer' })
  messageCount!: number;
}

/** One `message` row that is not a tapback reaction. */
@Entity({ tableName: 'message' })
export class Message extends DomainRow {
  @Property({ type: 'text' })
  guid!: string;

  /** Owning conversation; null for a message in no chat (an orphan of chat_message_join, counted in a warning). */
  @ManyToOne(() => MessageConversation, { createForeignKeyConstraint: false, fieldName: 'conversation_id', nullable: true })
  conversation?: MessageConversation | null;

  /** Normalized handle of the sender; null when the device owner sent it. */
  @Property({ type: 'text', nullable: true })
  sender?: string | null;

  /** `handle.id` of `message.handle_id` as stored (the other party, whoever sent the message). */
  @Property({ type: 'text', nullable: true })
  handle?: string | null;

  @Property({ type: 'boolean' })
  isFromMe!: boolean;

  /** `message.service`: iMessage, SMS, RCS. */
  @Property({ type: 'text', nullable: true })
  service?: string | null;

  /** The message text: `message.text`, or the string decoded from `attributedBody` when `text` is empty. */
  @Property({ type: 'text', nullable: true })
  text?: string | null;

  /** Where `text` came from: `text`, `attributed-body`, or null when there is none. */
  @Property({ type: 'text', nullable: true })
  textSource?: string | null;

  @Property({ type: 'text', nullable: true })
  subject?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  readAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'boolean', nullable: true })
  isRead?: boolean | null;

  /**
   * `normal`, `participant-added`, `participant-removed`, `group-renamed`, `participant-left`, `group-icon-changed`,
   * `group-icon-removed`, `chat-background-changed`, `chat-background-removed`, `location-sharing`,
   * `audio-message-kept`, `shareplay`, or `unknown-N` / `unknown-N-M` (item_type N, group_action_type M).
   */
  @Property({ type: 'text' })
  itemType!: string;

  /** `message.item_type` as stored (null when the column does not exist, iOS 6-7). */
  @Property({ type: 'integer', nullable: true })
  rawItemType?: number | null;

  @Property({ type: 'integer', nullable: true })
  groupActionType?: number | null;

  /** New group name of a `group-renamed` event. */
  @Property({ type: 'text', nullable: true })
  groupTitle?: string | null;

  /** Normalized handle a group event is about (`other_handle`: the participant added or removed). */
  @Property({ type: 'text', nullable: true })
  otherHandle?: string | null;

  /** GUID of the first message of the thread this message replies to (`thread_originator_guid`). */
  @Property({ type: 'text', nullable: true })
  threadOriginatorGuid?: string | null;

  @Property({ type: 'text', nullable: true })
  threadOriginatorPart?: string | null;

  @Property({ type: 'boolean' })
  isEdited!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  editedAt?: Date | null;

  /** The sender unsent (retracted) the message. */
  @Property({ type: 'boolean' })
  isUnsent!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  unsentAt?: Date | null;

  /** In `chat_recoverable_message_join`: deleted by the user, still in "Recently Deleted". */
  @Property({ type: 'boolean' })
  isRecentlyDeleted!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deletedAt?: Date | null;

  /** Readable kind of the app balloon: `link-preview`, `apple-pay`, `location`, `handwriting`, `digital-touch`, `app`, ... */
  @Property({ type: 'text', nullable: true })
  appType?: string | null;

  /** `message.balloon_bundle_id` as stored. */
  @Property({ type: 'text', nullable: true })
  balloonBundleId?: string | null;

  /** Send effect (`expressive_send_style_id`), e.g. `com.apple.MobileSMS.expressivesend.impact`. */
  @Property({ type: 'text', nullable: true })
  expressiveSendStyle?: string | null;

  @Property({ type: 'boolean', nullable: true })
  isAudioMessage?: boolean | null;

  /** Normalized handles mentioned in the body (`__kIMMentionConfirmedMention`). */
  @Property({ type: 'text[]' })
  mentions!: string[];

  @Property({ type: 'integer', nullable: true })
  error?: number | null;
}

/** One attachment of a message (`attachment` joined through `message_attachment_join`). */
@Entity({ tableName: 'message_attachment' })
export class MessageAttachment extends DomainRow {
  /** The message it belongs to; null when it is joined to no written message (counted in a warning). */
  @ManyToOne(() => Message, { createForeignKeyConstraint: false, fieldName: 'message_id', nullable: true })
  message?: Message | null;

  /** The reaction it belongs to (a sticker tapback), when it belongs to one. */
  @ManyToOne(() => MessageReaction, { createForeignKeyConstraint: false, fieldName: 'reaction_id', nullable: true })
  reaction?: MessageReaction | null;

  @Property({ type: 'text', nullable: true })
  guid?: string | null;

  /** `attachment.filename` as stored, e.g. `~/Library/SMS/Attachments/ab/11/<guid>/IMG_0001.HEIC`. */
  @Property({ type: 'text', nullable: true })
  filename?: string | null;

  /** The name the file had when sent. */
  @Property({ type: 'text', nullable: true })
  transferName?: string | null;

  @Property({ type: 'text', nullable: true })
  mimeType?: string | null;

  @Property({ type: 'text', nullable: true })
  uti?: string | null;

  @Property({ type: 'bigint', nullable: true })
  totalBytes?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  createdAt?: Date | null;

  @Property({ type: 'boolean', nullable: true })
  isOutgoing?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  isSticker?: boolean | null;

  /** Backup domain of the file (`MediaDomain`), null when the filename is empty. */
  @Property({ type: 'text', nullable: true })
  backupDomain?: string | null;

  /** Path of the file inside its backup domain: the filename without `~/` (or `/var/mobile/`). */
  @Property({ type: 'text', nullable: true })
  backupRelativePath?: string | null;

  /** Whether the backup holds that file; null when unknown (no backup folder, or no file name). */
  @Property({ type: 'boolean', nullable: true })
  filePresent?: boolean | null;

  /** Manifest file id of that file (sha1 of `<domain>-<relativePath>`), when the backup has a hashed layout. */
  @Property({ type: 'text', nullable: true })
  backupFileId?: string | null;
}

/** A tapback (`associated_message_type` 2000-2007) or its removal (3000-3007), attached to its target message. */
@Entity({ tableName: 'message_reaction' })
export class MessageReaction extends DomainRow {
  @Property({ type: 'text', nullable: true })
  guid?: string | null;

  /** Target message; null when the target is not in the database (the raw guid is kept; counted in a warning). */
  @ManyToOne(() => Message, { createForeignKeyConstraint: false, fieldName: 'message_id', nullable: true })
  message?: Message | null;

  /** GUID of the target message with its `p:N/` or `bp:` prefix removed. */
  @Property({ type: 'text', nullable: true })
  targetGuid?: string | null;

  /** Part of the target the reaction is on (N of `p:N/`); null for `bp:` or no prefix. */
  @Property({ type: 'integer', nullable: true })
  targetPart?: number | null;

  /** `associated_message_guid` as stored. */
  @Property({ type: 'text', nullable: true })
  rawTargetGuid?: string | null;

  @ManyToOne(() => MessageConversation, { createForeignKeyConstraint: false, fieldName: 'conversation_id', nullable: true })
  conversation?: MessageConversation | null;

  /** `love`, `like`, `dislike`, `laugh`, `emphasize`, `question`, `emoji`, `sticker`. */
  @Property({ type: 'text' })
  kind!: string;

  /** `add` (2000-2007) or `remove` (3000-3007). */
  @Property({ type: 'text' })
  action!: string;

  /** The emoji of an emoji tapback (`associated_message_emoji`, iOS 17+). */
  @Property({ type: 'text', nullable: true })
  emoji?: string | null;

  /** `associated_message_type` as stored. */
  @Property({ type: 'integer' })
  rawType!: number;

  /** Normalized handle of who reacted; null when the device owner did. */
  @Property({ type: 'text', nullable: true })
  sender?: string | null;

  @Property({ type: 'boolean' })
  isFromMe!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  reactedAt?: Date | null;

  /** The reaction row's own text (e.g. `Loved “…”`), as decoded like a message's. */
  @Property({ type: 'text', nullable: true })
  text?: string | null;
}
