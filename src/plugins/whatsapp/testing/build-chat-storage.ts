// Fixture builder for ChatStorage.sqlite in the Core Data layout of real stores (Z_PK/Z_ENT/Z_OPT, Z_PRIMARYKEY, Z_METADATA,
// ZWA* column lists, relationship indexes, Cocoa seconds): a small known sample, or a large bulk store written fast.
import { CORE_DATA_COLUMNS, CoreDataWriter, rootEntities, type ColumnList } from '../../../kernel/testing/coredata-writer.js';
import { encodeProtobuf } from '../../../kernel/protobuf.js';

/** Tables a builder may leave out, to test reduced schemas. */
export type OptionalChatStorageTable = 'ZWAPROFILEPUSHNAME' | 'ZWAGROUPMEMBER' | 'ZWAMEDIAITEM' | 'ZWAGROUPINFO' | 'ZWACHATSESSION';

/** Schema variations of a built store. */
export interface ChatStorageLayout {
  omitTables?: readonly OptionalChatStorageTable[];
  /** Columns to leave out, by table (never Z_PK). */
  omitColumns?: Readonly<Record<string, readonly string[]>>;
}

/** One ZWACHATSESSION row. */
export interface ChatSessionSpec {
  jid: string;
  partnerName?: string | null;
  /** 0 one-to-one, 1 group, 2 broadcast, 3 status. */
  sessionType: number;
  archived?: boolean;
  /** Cocoa seconds; defaults to the date of the chat's last message. */
  lastMessageDate?: number | null;
  /** Creates a ZWAGROUPINFO row linked through ZGROUPINFO. */
  group?: { creationDate?: number | null; creatorJid?: string | null };
}

/** One ZWAGROUPMEMBER row. */
export interface GroupMemberSpec {
  chat: number;
  jid: string;
  contactName?: string | null;
  firstName?: string | null;
  active?: boolean;
  admin?: boolean;
}

/** One ZWAMEDIAITEM row. */
export interface MediaItemSpec {
  localPath?: string | null;
  title?: string | null;
  fileSize?: number | null;
  mediaUrl?: string | null;
  vcardName?: string | null;
  vcardString?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  movieDuration?: number | null;
  metadata?: Buffer | null;
}

/** One ZWAMESSAGE row, with its media item when it has one. */
export interface MessageSpec {
  /** ZCHATSESSION (a chat's Z_PK; a missing one makes an orphan). */
  chat: number | null;
  /** ZMESSAGETYPE. */
  type: number;
  /** ZMESSAGEDATE, Cocoa seconds. */
  date: number | null;
  sentDate?: number | null;
  fromMe?: boolean;
  text?: string | null;
  fromJid?: string | null;
  toJid?: string | null;
  stanzaId?: string | null;
  /** ZGROUPMEMBER (a member's Z_PK). */
  member?: number | null;
  starred?: boolean;
  flags?: number;
  groupEventType?: number;
  pushName?: string | null;
  parentMessage?: number | null;
  status?: number;
  media?: MediaItemSpec;
}

/** Z_PKs of a written message and of its media item. */
export interface WrittenMessage {
  message: number;
  media: number | null;
}

/** Column lists of the ZWA* tables, as `.schema` of a real store shows them. */
const TABLE_COLUMNS: Readonly<Record<string, ColumnList>> = {
  ZWACHATSESSION: [
    ...CORE_DATA_COLUMNS,
    ['ZARCHIVED', 'INTEGER'], ['ZCONTACTABID', 'INTEGER'], ['ZFLAGS', 'INTEGER'], ['ZHIDDEN', 'INTEGER'],
    ['ZIDENTITYVERIFICATIONEPOCH', 'INTEGER'], ['ZIDENTITYVERIFICATIONSTATE', 'INTEGER'], ['ZMESSAGECOUNTER', 'INTEGER'],
    ['ZREMOVED', 'INTEGER'], ['ZSESSIONTYPE', 'INTEGER'], ['ZSPOTLIGHTSTATUS', 'INTEGER'], ['ZUNREADCOUNT', 'INTEGER'],
    ['ZGROUPINFO', 'INTEGER'], ['ZLASTMESSAGE', 'INTEGER'], ['ZPROPERTIES', 'INTEGER'], ['ZLASTMESSAGEDATE', 'TIMESTAMP'],
    ['ZLOCATIONSHARINGENDDATE', 'TIMESTAMP'], ['ZCONTACTIDENTIFIER', 'VARCHAR'], ['ZCONTACTJID', 'VARCHAR'], ['ZETAG', 'VARCHAR'],
    ['ZLASTMESSAGETEXT', 'VARCHAR'], ['ZPARTNERNAME', 'VARCHAR'], ['ZSAVEDINPUT', 'VARCHAR'],
  ],
  ZWAGROUPINFO: [
    ...CORE_DATA_COLUMNS,
    ['ZSTATE', 'INTEGER'], ['ZCHATSESSION', 'INTEGER'], ['ZLASTMESSAGEOWNER', 'INTEGER'], ['ZCREATIONDATE', 'TIMESTAMP'],
    ['ZSUBJECTTIMESTAMP', 'TIMESTAMP'], ['ZCREATORJID', 'VARCHAR'], ['ZOWNERJID', 'VARCHAR'], ['ZPICTUREID', 'VARCHAR'],
    ['ZPICTUREPATH', 'VARCHAR'], ['ZSOURCEJID', 'VARCHAR'], ['ZSUBJECTOWNERJID', 'VARCHAR'],
  ],
  ZWAGROUPMEMBER: [
    ...CORE_DATA_COLUMNS,
    ['ZCONTACTABID', 'INTEGER'], ['ZISACTIVE', 'INTEGER'], ['ZISADMIN', 'INTEGER'], ['ZSENDERKEYSENT', 'INTEGER'],
    ['ZCHATSESSION', 'INTEGER'], ['ZRECENTGROUPCHAT', 'INTEGER'], ['ZCONTACTIDENTIFIER', 'VARCHAR'], ['ZCONTACTNAME', 'VARCHAR'],
    ['ZFIRSTNAME', 'VARCHAR'], ['ZMEMBERJID', 'VARCHAR'],
  ],
  ZWAMEDIAITEM: [
    ...CORE_DATA_COLUMNS,
    ['ZCLOUDSTATUS', 'INTEGER'], ['ZFILESIZE', 'INTEGER'], ['ZMEDIAORIGIN', 'INTEGER'], ['ZMOVIEDURATION', 'INTEGER'],
    ['ZMESSAGE', 'INTEGER'], ['ZASPECTRATIO', 'FLOAT'], ['ZHACCURACY', 'FLOAT'], ['ZLATITUDE', 'FLOAT'], ['ZLONGITUDE', 'FLOAT'],
    ['ZMEDIAURLDATE', 'TIMESTAMP'], ['ZAUTHORNAME', 'VARCHAR'], ['ZCOLLECTIONNAME', 'VARCHAR'], ['ZMEDIALOCALPATH', 'VARCHAR'],
    ['ZMEDIAURL', 'VARCHAR'], ['ZTHUMBNAILLOCALPATH', 'VARCHAR'], ['ZTITLE', 'VARCHAR'], ['ZVCARDNAME', 'VARCHAR'],
    ['ZVCARDSTRING', 'VARCHAR'], ['ZXMPPTHUMBPATH', 'VARCHAR'], ['ZMEDIAKEY', 'BLOB'], ['ZMETADATA', 'BLOB'],
  ],
  ZWAMESSAGE: [
    ...CORE_DATA_COLUMNS,
    ['ZCHILDMESSAGESDELIVEREDCOUNT', 'INTEGER'], ['ZCHILDMESSAGESPLAYEDCOUNT', 'INTEGER'], ['ZCHILDMESSAGESREADCOUNT', 'INTEGER'],
    ['ZDATAITEMVERSION', 'INTEGER'], ['ZDOCID', 'INTEGER'], ['ZENCRETRYCOUNT', 'INTEGER'], ['ZFILTEREDRECIPIENTCOUNT', 'INTEGER'],
    ['ZFLAGS', 'INTEGER'], ['ZGROUPEVENTTYPE', 'INTEGER'], ['ZISFROMME', 'INTEGER'], ['ZMESSAGEERRORSTATUS', 'INTEGER'],
    ['ZMESSAGESTATUS', 'INTEGER'], ['ZMESSAGETYPE', 'INTEGER'], ['ZSORT', 'INTEGER'], ['ZSPOTLIGHTSTATUS', 'INTEGER'],
    ['ZSTARRED', 'INTEGER'], ['ZCHATSESSION', 'INTEGER'], ['ZGROUPMEMBER', 'INTEGER'], ['ZLASTSESSION', 'INTEGER'],
    ['ZMEDIAITEM', 'INTEGER'], ['ZMESSAGEINFO', 'INTEGER'], ['ZPARENTMESSAGE', 'INTEGER'], ['ZMESSAGEDATE', 'TIMESTAMP'],
    ['ZSENTDATE', 'TIMESTAMP'], ['ZFROMJID', 'VARCHAR'], ['ZMEDIASECTIONID', 'VARCHAR'], ['ZPHASH', 'VARCHAR'],
    ['ZPUSHNAME', 'VARCHAR'], ['ZSTANZAID', 'VARCHAR'], ['ZTEXT', 'VARCHAR'], ['ZTOJID', 'VARCHAR'],
  ],
  ZWAPROFILEPUSHNAME: [...CORE_DATA_COLUMNS, ['ZJID', 'VARCHAR'], ['ZPUSHNAME', 'VARCHAR']],
};

/** Core Data entity numbers (alphabetical by entity name, as Core Data assigns them) and their tables. */
const ENTITIES = rootEntities('WAChatSession', 'WAGroupInfo', 'WAGroupMember', 'WAMediaItem', 'WAMessage', 'WAProfilePushName');

/** Relationship indexes Core Data creates (`<TABLE>_<COLUMN>_INDEX`). */
const RELATIONSHIP_INDEXES: ReadonlyArray<readonly [string, string]> = [
  ['ZWACHATSESSION', 'ZGROUPINFO'],
  ['ZWACHATSESSION', 'ZLASTMESSAGE'],
  ['ZWAGROUPINFO', 'ZCHATSESSION'],
  ['ZWAGROUPMEMBER', 'ZCHATSESSION'],
  ['ZWAMEDIAITEM', 'ZMESSAGE'],
  ['ZWAMESSAGE', 'ZCHATSESSION'],
  ['ZWAMESSAGE', 'ZGROUPMEMBER'],
  ['ZWAMESSAGE', 'ZMEDIAITEM'],
  ['ZWAMESSAGE', 'ZPARENTMESSAGE'],
];

interface ChatTally {
  count: number;
  lastPk: number | null;
  lastDate: number | null;
  explicitLastDate: number | null;
}

/** Writes a ChatStorage.sqlite row by row inside one transaction, allocating Z_PKs the way Core Data does. */
export class ChatStorageWriter {
  private readonly store: CoreDataWriter;
  private readonly chatTally = new Map<number, ChatTally>();
  private readonly sortByChat = new Map<number, number>();

  constructor(path: string, layout: ChatStorageLayout = {}) {
    this.store = new CoreDataWriter(path, {
      tables: TABLE_COLUMNS,
      entities: ENTITIES,
      omitTables: layout.omitTables,
      omitColumns: layout.omitColumns,
    });
  }

  /** Whether the store has this table. */
  has(table: string): boolean {
    return this.store.has(table);
  }

  private insert(table: string, values: Record<string, unknown>): number {
    return this.store.insert(table, values);
  }

  /** Adds a chat (and its ZWAGROUPINFO); returns its Z_PK. */
  chat(spec: ChatSessionSpec): number {
    const pk = this.store.nextPk('ZWACHATSESSION');
    let groupInfo: number | null = null;
    if (spec.group && this.has('ZWAGROUPINFO')) {
      groupInfo = this.insert('ZWAGROUPINFO', {
        ZSTATE: 0,
        ZCHATSESSION: pk,
        ZCREATIONDATE: spec.group.creationDate ?? null,
        ZCREATORJID: spec.group.creatorJid ?? null,
        ZOWNERJID: spec.group.creatorJid ?? null,
      });
    }
    const written = this.insert('ZWACHATSESSION', {
      ZARCHIVED: spec.archived ?? false,
      ZCONTACTABID: 0,
      ZFLAGS: 0,
      ZHIDDEN: 0,
      ZIDENTITYVERIFICATIONEPOCH: 0,
      ZIDENTITYVERIFICATIONSTATE: 0,
      ZMESSAGECOUNTER: 0,
      ZREMOVED: 0,
      ZSESSIONTYPE: spec.sessionType,
      ZSPOTLIGHTSTATUS: 0,
      ZUNREADCOUNT: 0,
      ZGROUPINFO: groupInfo,
      ZLASTMESSAGEDATE: spec.lastMessageDate ?? null,
      ZCONTACTJID: spec.jid,
      ZPARTNERNAME: spec.partnerName ?? null,
    });
    if (written) {
      this.chatTally.set(written, { count: 0, lastPk: null, lastDate: null, explicitLastDate: spec.lastMessageDate ?? null });
    }
    return written || pk;
  }

  /** Adds a group member; returns its Z_PK (0 when the table is omitted). */
  member(spec: GroupMemberSpec): number {
    return this.insert('ZWAGROUPMEMBER', {
      ZCONTACTABID: 0,
      ZISACTIVE: spec.active ?? true,
      ZISADMIN: spec.admin ?? false,
      ZSENDERKEYSENT: 0,
      ZCHATSESSION: spec.chat,
      ZCONTACTNAME: spec.contactName ?? null,
      ZFIRSTNAME: spec.firstName ?? null,
      ZMEMBERJID: spec.jid,
    });
  }

  /** Adds a ZWAPROFILEPUSHNAME row; returns its Z_PK (0 when the table is omitted). */
  pushName(jid: string, pushName: string): number {
    return this.insert('ZWAPROFILEPUSHNAME', { ZJID: jid, ZPUSHNAME: pushName });
  }

  /** Adds a media item; `message` is its ZMESSAGE back-link (null for an orphan). */
  mediaItem(spec: MediaItemSpec, message: number | null): number {
    return this.insert('ZWAMEDIAITEM', {
      ZCLOUDSTATUS: 0,
      ZFILESIZE: spec.fileSize ?? 0,
      ZMEDIAORIGIN: 0,
      ZMOVIEDURATION: spec.movieDuration ?? 0,
      ZMESSAGE: message,
      ZASPECTRATIO: 0,
      ZHACCURACY: 0,
      ZLATITUDE: spec.latitude ?? 0,
      ZLONGITUDE: spec.longitude ?? 0,
      ZMEDIALOCALPATH: spec.localPath ?? null,
      ZMEDIAURL: spec.mediaUrl ?? null,
      ZTITLE: spec.title ?? null,
      ZVCARDNAME: spec.vcardName ?? null,
      ZVCARDSTRING: spec.vcardString ?? null,
      ZMETADATA: spec.metadata ?? null,
    });
  }

  /** Adds a message and, when given, its media item (linked both ways); returns their Z_PKs. */
  message(spec: MessageSpec): WrittenMessage {
    const messagePk = this.store.nextPk('ZWAMESSAGE');
    const mediaPk = spec.media && this.has('ZWAMEDIAITEM') ? this.mediaItem(spec.media, messagePk) : null;
    const sort = spec.chat === null ? 0 : (this.sortByChat.get(spec.chat) ?? 0) + 1;
    if (spec.chat !== null) this.sortByChat.set(spec.chat, sort);
    const fromMe = spec.fromMe ?? false;
    this.insert('ZWAMESSAGE', {
      ZCHILDMESSAGESDELIVEREDCOUNT: 0,
      ZCHILDMESSAGESPLAYEDCOUNT: 0,
      ZCHILDMESSAGESREADCOUNT: 0,
      ZDATAITEMVERSION: 3,
      ZDOCID: messagePk,
      ZENCRETRYCOUNT: 0,
      ZFILTEREDRECIPIENTCOUNT: fromMe ? 1 : 0,
      ZFLAGS: spec.flags ?? 0,
      ZGROUPEVENTTYPE: spec.groupEventType ?? 0,
      ZISFROMME: fromMe,
      ZMESSAGEERRORSTATUS: 0,
      ZMESSAGESTATUS: spec.status ?? (fromMe ? 8 : 0),
      ZMESSAGETYPE: spec.type,
      ZSORT: sort,
      ZSPOTLIGHTSTATUS: 0,
      ZSTARRED: spec.starred ?? false,
      ZCHATSESSION: spec.chat,
      ZGROUPMEMBER: spec.member ?? null,
      ZMEDIAITEM: mediaPk,
      ZPARENTMESSAGE: spec.parentMessage ?? null,
      ZMESSAGEDATE: spec.date,
      ZSENTDATE: spec.sentDate ?? null,
      ZFROMJID: spec.fromJid ?? null,
      ZPUSHNAME: spec.pushName ?? null,
      ZSTANZAID: spec.stanzaId ?? null,
      ZTEXT: spec.text ?? null,
      ZTOJID: spec.toJid ?? null,
    });
    const tally = spec.chat === null ? undefined : this.chatTally.get(spec.chat);
    if (tally) {
      tally.count += 1;
      if (spec.date !== null && (tally.lastDate === null || spec.date >= tally.lastDate)) {
        tally.lastPk = messagePk;
        tally.lastDate = spec.date;
      }
    }
    return { message: messagePk, media: mediaPk };
  }

  /** Fills each chat's message counter and last message, creates the indexes (after the rows: faster), fills Z_PRIMARYKEY, commits and closes. */
  finish(): void {
    const sets = ['ZMESSAGECOUNTER', 'ZLASTMESSAGE', 'ZLASTMESSAGEDATE'].filter((name) => this.store.hasColumn('ZWACHATSESSION', name));
    if (sets.length > 0) {
      const update = this.store.db.prepare(`UPDATE ZWACHATSESSION SET ${sets.map((name) => `${name} = @${name}`).join(', ')} WHERE Z_PK = @pk`);
      for (const [pk, tally] of this.chatTally) {
        const values: Record<string, unknown> = { pk, ZMESSAGECOUNTER: tally.count, ZLASTMESSAGE: tally.lastPk, ZLASTMESSAGEDATE: tally.explicitLastDate ?? tally.lastDate };
        update.run(Object.fromEntries(Object.entries(values).filter(([name]) => name === 'pk' || sets.includes(name))));
      }
    }
    for (const [table, columnName] of RELATIONSHIP_INDEXES) this.store.index(table, columnName);
    this.store.finish();
  }
}

/** JIDs of the sample store. */
export const SAMPLE_JIDS = {
  anna: '4915112345678@s.whatsapp.net',
  tom: '447700900123@s.whatsapp.net',
  claire: '33612345678@s.whatsapp.net',
  group: '120363025246125486@g.us',
  status: 'status@broadcast',
  broadcast: '1580000000@broadcast',
} as const;

/** The vCard shared in the sample store's contact message. */
export const SAMPLE_VCARD = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bernd Maier\nTEL;type=CELL:+49 151 99887766\nEND:VCARD';

/** A push name as 2025+ builds store it on messages: base64 of a protobuf (field 1: the name). */
export const SAMPLE_ENCODED_PUSH_NAME = encodeProtobuf([{ field: 1, value: 'Tommy K' }, { field: 2, value: 1 }]).toString('base64');

/**
 * Writes the sample store: a one-to-one chat, a group with three members, a status chat and a broadcast list;
 * one message of every kind (text, image, video, audio, contact, location, link, document, deleted, sticker, poll,
 * system, an unknown type 11), a quoted reply, push names (one encoded the 2025 way), a message whose chat is missing
 * and a media item that belongs to no message. Every date is a literal Cocoa second.
 */
export function buildSampleChatStorage(path: string, layout: ChatStorageLayout = {}): void {
  const { anna, tom, claire, group, status, broadcast } = SAMPLE_JIDS;
  const store = new ChatStorageWriter(path, layout);
  const direct = store.chat({ jid: anna, partnerName: 'Anna Berger', sessionType: 0 });
  const crew = store.chat({
    jid: group,
    partnerName: 'Climbing Crew',
    sessionType: 1,
    archived: true,
    group: { creationDate: 599000000, creatorJid: anna },
  });
  store.chat({ jid: status, partnerName: null, sessionType: 3 });
  const list = store.chat({ jid: broadcast, partnerName: 'Team list', sessionType: 2, lastMessageDate: 600001100 });
  const annaMember = store.member({ chat: crew, jid: anna, contactName: 'Anna Berger', admin: true });
  const tomMember = store.member({ chat: crew, jid: tom, firstName: 'Tom' });
  const claireMember = store.member({ chat: crew, jid: claire, contactName: 'Claire', active: false });
  store.pushName(tom, 'Tommy K');
  store.pushName(anna, 'Anna B.');
  store.pushName(claire, 'Claire D');
  const media = (file: string): string => `Media/${anna}/4/2/${file}`;

  store.message({ chat: direct, type: 0, date: 600000000, fromJid: anna, text: 'Are we still on for Saturday?', stanzaId: '3A1F6C2B9D0E4A7B8C21' });
  store.message({
    chat: direct, type: 0, date: 600000060, sentDate: 600000058, fromMe: true, toJid: anna, starred: true,
    text: 'Yes, 10am at the crag', stanzaId: '3EB0A1B2C3D4E5F60718',
  });
  store.message({
    chat: direct, type: 1, date: 600000120, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C22',
    media: { localPath: media('3A1F6C2B-image.jpg'), title: 'Sunset over the Elbsandstein', fileSize: 245760, vcardString: 'image/jpeg', vcardName: 'x9Yt0c3JvQ2E=', latitude: 1080, longitude: 1920 },
  });
  store.message({
    chat: direct, type: 2, date: 600000180, sentDate: 600000179, fromMe: true, toJid: anna, flags: 128, stanzaId: '3EB0A1B2C3D4E5F60719',
    media: { localPath: media('clip.mp4'), fileSize: 5242880, vcardString: 'video/mp4', movieDuration: 14, latitude: 720, longitude: 1280 },
  });
  store.message({
    chat: direct, type: 3, date: 600000240, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C23',
    media: { localPath: media('voice.opus'), fileSize: 18432, vcardString: 'audio/ogg; codecs=opus', movieDuration: 7 },
  });
  store.message({
    chat: direct, type: 4, date: 600000300, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C24',
    media: { vcardName: 'Bernd Maier', vcardString: SAMPLE_VCARD },
  });
  store.message({
    chat: direct, type: 5, date: 600000360, sentDate: 600000360, fromMe: true, toJid: anna, stanzaId: '3EB0A1B2C3D4E5F6071A',
    media: { title: 'Schrammsteine', latitude: 50.9187, longitude: 14.0706 },
  });
  store.message({
    chat: direct, type: 7, date: 600000420, fromJid: anna, text: 'Route topo https://example.org/topo/schrammsteine', stanzaId: '3A1F6C2B9D0E4A7B8C25',
    media: { title: 'Schrammsteine topo' },
  });
  store.message({
    chat: direct, type: 8, date: 600000480, sentDate: 600000478, fromMe: true, toJid: anna, stanzaId: '3EB0A1B2C3D4E5F6071B',
    media: { localPath: media('permit-2020.pdf'), title: 'permit-2020.pdf', fileSize: 88211, vcardString: 'application/pdf' },
  });
  store.message({ chat: direct, type: 14, date: 600000540, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C26' });
  store.message({
    chat: direct, type: 15, date: 600000600, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C27',
    media: { localPath: media('sticker.webp'), fileSize: 20480, vcardString: 'image/webp' },
  });
  store.message({
    chat: direct, type: 0, date: 600000660, fromJid: anna, text: 'Perfect, see you there', stanzaId: '3A1F6C2B9D0E4A7B8C28',
    media: { metadata: encodeProtobuf([{ field: 5, value: '3EB0A1B2C3D4E5F60718' }]) },
  });
  store.message({ chat: crew, type: 6, date: 599000000, fromJid: group, groupEventType: 12, stanzaId: 'SYS-GROUP-CREATED-01' });
  store.message({
    chat: crew, type: 0, date: 600000700, fromJid: group, member: tomMember, groupEventType: 2,
    pushName: SAMPLE_ENCODED_PUSH_NAME, text: 'Who brings the rope?', stanzaId: '3A2B000000000000AA01',
  });
  store.message({
    chat: crew, type: 1, date: 600000760, fromJid: group, member: claireMember, groupEventType: 2, stanzaId: '3A2B000000000000AA02',
    media: { localPath: `Media/${group}/7/1/chalk.jpg`, title: 'Chalk bag found at the crag', fileSize: 102400, vcardString: 'image/jpeg', vcardName: 'cGhvdG9oYXNo' },
  });
  store.message({
    chat: crew, type: 0, date: 600000800, sentDate: 600000799, fromMe: true, toJid: group,
    text: 'I will bring the 70m rope', stanzaId: '3EB0A1B2C3D4E5F6071C', pushName: 'Me myself',
  });
  store.message({ chat: crew, type: 6, date: 600000850, fromJid: group, member: annaMember, groupEventType: 1, text: 'Climbing Crew', stanzaId: 'SYS-SUBJECT-01' });
  store.message({
    chat: crew, type: 46, date: 600000900, fromJid: group, member: annaMember, groupEventType: 2,
    text: 'Saturday or Sunday?', stanzaId: '3A2B000000000000AA03',
  });
  store.message({
    chat: direct, type: 11, date: 600000950, fromJid: anna, stanzaId: '3A1F6C2B9D0E4A7B8C29',
    media: { localPath: media('funny.mp4'), fileSize: 300000, vcardString: 'video/mp4' },
  });
  store.message({ chat: 99, type: 0, date: 600001000, fromJid: tom, text: 'Lost message', stanzaId: '3A99000000000000FF01' });
  store.message({ chat: crew, type: 0, date: 600001050, fromJid: tom, groupEventType: 2, text: 'Sent from the web client', stanzaId: '3A2B000000000000AA04' });
  store.message({ chat: list, type: 0, date: 600001100, sentDate: 600001100, fromMe: true, toJid: broadcast, text: 'Meeting moved to 8pm', stanzaId: '3EB0A1B2C3D4E5F6071D' });
  if (store.has('ZWAMEDIAITEM')) store.mediaItem({ localPath: 'Media/orphan.jpg', fileSize: 4096, vcardString: 'image/jpeg' }, null);
  store.finish();
}

/** Size and shape of a bulk store. */
export interface BulkChatStorageOptions {
  messages: number;
  mediaItems: number;
  chats: number;
  /** Share of chats that are groups (default 0.2). */
  groupShare?: number;
  /** Members per group (default 8). */
  membersPerGroup?: number;
  /** Text of message `index` (0-based). Default: `Message <index> about the <word> and the <word>`. */
  text?: (index: number) => string;
  /** JID of contact `index` (0-based; chat i's partner is contact i). Default: `49151` and 1,000,000 + index, `@s.whatsapp.net`. */
  contactJid?: (index: number) => string;
  /** Partner name of the one-to-one chat `index`. Default `Contact <index>`. */
  partnerName?: (index: number) => string;
  /** Cocoa seconds of message 0. Default 600000000. */
  start?: number;
  /** Seconds between two messages. Default 30. */
  stepSeconds?: number;
}

/** What a bulk build wrote, and what a parse of it must produce. */
export interface BulkChatStorageSummary {
  chats: number;
  groups: number;
  groupMembers: number;
  pushNames: number;
  messages: number;
  mediaItems: number;
  /** Messages with text or a caption: the search documents a parse yields. */
  searchableMessages: number;
}

const WORDS = [
  'rope', 'crag', 'summit', 'harness', 'belay', 'chalk', 'anchor', 'carabiner', 'boulder', 'ridge',
  'traverse', 'overhang', 'quickdraw', 'helmet', 'approach', 'descent', 'weather', 'camp', 'sunrise', 'topo',
];

/** Media kinds a bulk store cycles through: [ZMESSAGETYPE, extension, MIME type]. */
const BULK_MEDIA: ReadonlyArray<readonly [number, string, string]> = [
  [1, 'jpg', 'image/jpeg'],
  [2, 'mp4', 'video/mp4'],
  [3, 'opus', 'audio/ogg; codecs=opus'],
  [8, 'pdf', 'application/pdf'],
  [15, 'webp', 'image/webp'],
  [5, '', ''],
  [4, '', ''],
];

/**
 * Writes a large store fast (one transaction, prepared statements, nothing held per message): `chats` chats of which
 * a share are groups with members and push names, `messages` messages spread over the chats every 30 seconds from
 * Cocoa 600000000, and `mediaItems` of them carrying a media item (image, video, audio, document, sticker, location,
 * contact in turn; every other one with a caption).
 */
export function buildBulkChatStorage(path: string, options: BulkChatStorageOptions): BulkChatStorageSummary {
  const chats = Math.max(1, Math.floor(options.chats));
  const messages = Math.max(0, Math.floor(options.messages));
  const mediaItems = Math.min(messages, Math.max(0, Math.floor(options.mediaItems)));
  const groupEvery = Math.max(1, Math.round(1 / Math.min(1, Math.max(0.0001, options.groupShare ?? 0.2))));
  const membersPerGroup = Math.max(1, Math.floor(options.membersPerGroup ?? 8));
  const store = new ChatStorageWriter(path);
  const contact = options.contactJid ?? ((index: number): string => `49151${String(1_000_000 + index).padStart(7, '0')}@s.whatsapp.net`);
  const partnerName = options.partnerName ?? ((index: number): string => `Contact ${index}`);
  const start = options.start ?? 600000000;
  const step = options.stepSeconds ?? 30;

  const chatPks: number[] = [];
  const isGroup: boolean[] = [];
  const memberPks: number[][] = [];
  const pushed = new Set<string>();
  let groups = 0;
  let members = 0;
  for (let index = 0; index < chats; index += 1) {
    const group = index % groupEvery === groupEvery - 1;
    const pk = group
      ? store.chat({ jid: `1203630${String(index).padStart(11, '0')}@g.us`, partnerName: `Group ${index}`, sessionType: 1, group: { creationDate: 590000000 + index, creatorJid: contact(index) } })
      : store.chat({ jid: contact(index), partnerName: partnerName(index), sessionType: 0 });
    chatPks.push(pk);
    isGroup.push(group);
    const pks: number[] = [];
    if (group) {
      groups += 1;
      for (let member = 0; member < membersPerGroup; member += 1) {
        const jid = contact((index + member * 37) % chats);
        pks.push(store.member({ chat: pk, jid, contactName: member % 2 === 0 ? `Member ${index}-${member}` : null, firstName: `M${member}` }));
        members += 1;
        if (!pushed.has(jid)) {
          pushed.add(jid);
          store.pushName(jid, `Push ${jid.slice(5, 12)}`);
        }
      }
    }
    memberPks.push(pks);
  }

  const mediaEvery = mediaItems > 0 ? Math.floor(messages / mediaItems) : 0;
  let mediaWritten = 0;
  let searchable = 0;
  for (let index = 0; index < messages; index += 1) {
    const chatIndex = index % chats;
    const chat = chatPks[chatIndex]!;
    const group = isGroup[chatIndex]!;
    const fromMe = index % 3 === 0;
    const chatMembers = memberPks[chatIndex]!;
    const member = group && !fromMe && chatMembers.length > 0 ? chatMembers[index % chatMembers.length]! : null;
    const date = start + index * step;
    const stanzaId = `3A${index.toString(16).toUpperCase().padStart(18, '0')}`;
    const base: MessageSpec = {
      chat,
      type: 0,
      date,
      sentDate: fromMe ? date : null,
      fromMe,
      fromJid: fromMe ? null : group ? `1203630${String(chatIndex).padStart(11, '0')}@g.us` : contact(chatIndex),
      toJid: fromMe ? contact(chatIndex) : null,
      member,
      groupEventType: group && !fromMe ? 2 : 0,
      stanzaId,
    };
    if (mediaEvery > 0 && mediaWritten < mediaItems && index % mediaEvery === 0) {
      const [type, extension, mime] = BULK_MEDIA[mediaWritten % BULK_MEDIA.length]!;
      const caption = mediaWritten % 2 === 0 ? `Photo of the ${WORDS[index % WORDS.length]} ${index}` : null;
      const spec: MediaItemSpec =
        type === 5
          ? { title: caption, latitude: 50 + (index % 1000) / 1000, longitude: 14 + (index % 500) / 1000 }
          : type === 4
            ? { vcardName: `Card ${index}`, vcardString: `BEGIN:VCARD\nVERSION:3.0\nFN:Card ${index}\nEND:VCARD`, title: caption }
            : { localPath: `Media/${chatIndex}/${index}.${extension}`, title: caption, fileSize: 1000 + index, vcardString: mime, vcardName: `h${index}` };
      store.message({ ...base, type, media: spec });
      mediaWritten += 1;
      if (caption) searchable += 1;
    } else if (index % 997 === 996) {
      store.message({ ...base, type: 14 });
    } else {
      store.message({
        ...base,
        text: options.text ? options.text(index) : `Message ${index} about the ${WORDS[index % WORDS.length]} and the ${WORDS[(index * 7) % WORDS.length]}`,
      });
      searchable += 1;
    }
  }
  store.finish();
  return {
    chats,
    groups,
    groupMembers: members,
    pushNames: pushed.size,
    messages,
    mediaItems: mediaWritten,
    searchableMessages: searchable,
  };
}
