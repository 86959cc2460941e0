// The demo backup: the phone of phone.ts written as a real hashed backup folder (Manifest.db, the three plists, each
// enabled domain's database at its declared location, built by that plugin's own fixture builder, and media files).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildBackupFolder, type BackupFileSpec, type BuiltBackup } from '../backup/testing/build-backup.js';
import { IosBackupError } from '../kernel/errors.js';
import type { BackupLocation, RegisteredPlugin } from '../kernel/plugin.js';
import { fixturePath } from '../kernel/testing/fixtures.js';
import { buildCalendarDb } from '../plugins/calendar/testing/build-calendar-db.js';
import { buildAddressBook } from '../plugins/contacts/testing/build-address-book.js';
import { buildSmsDb } from '../plugins/messages/testing/build-sms-db.js';
import { buildNotesDb } from '../plugins/notes/testing/build-notes-db.js';
import { PhotosDbWriter } from '../plugins/photos/testing/build-photos-db.js';
import { ChatStorageWriter } from '../plugins/whatsapp/testing/build-chat-storage.js';
import {
  DEMO_ALBUMS,
  DEMO_CALENDAR,
  DEMO_CONTACTS,
  DEMO_DEVICE,
  DEMO_MESSAGES,
  DEMO_MOMENTS,
  DEMO_NOTES,
  DEMO_PHOTOS,
  DEMO_WHATSAPP,
  SMS_PHOTO,
} from './phone.js';

/** The backup id the demo indexes under (a second run replaces the first). */
export const DEMO_BACKUP_ID = 'demo';

/** What the demo searches for once indexed: words that reach several domains each, and every domain between them. */
export const DEMO_SEARCHES: readonly string[] = ['Sintra', 'birthday', 'dentist', 'pastéis de nata'];

/** The builders take the real device schemas of Manifest.db and sms.db from the shared fixtures beside the project. */
export class DemoFixturesMissingError extends IosBackupError {
  constructor(folder: string) {
    super('DEMO_FIXTURES_MISSING', `the demo builds its backup from the real device schemas in ${folder}, which is not there: run it from a checkout with ../shared/fixtures beside it`);
  }
}

/** One domain's files: its database (and sidecars) at its declared location, plus the media its rows point to. */
type DomainWriter = (folder: string, location: BackupLocation) => BackupFileSpec[];

/** Bytes standing for a media file (a picture's or a video's content is never read by the index). */
function mediaBytes(name: string): Buffer {
  return Buffer.from(`ios-backup demo media: ${name}\n`, 'utf8');
}

function writeContacts(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'AddressBook.sqlitedb');
  buildAddressBook(path, DEMO_CONTACTS);
  return [{ ...location, source: path }];
}

function writeMessages(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'sms.db');
  buildSmsDb(path, 'modern', DEMO_MESSAGES);
  const relativePath = SMS_PHOTO.filename.replace(/^~\//, '');
  return [
    { ...location, source: path },
    { domain: 'MediaDomain', relativePath, data: mediaBytes(relativePath) },
  ];
}

function writeWhatsApp(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'ChatStorage.sqlite');
  const store = new ChatStorageWriter(path);
  const media: BackupFileSpec[] = [];
  for (const chat of DEMO_WHATSAPP) {
    const pk = store.chat(chat.session);
    const members = (chat.members ?? []).map((member) => {
      store.pushName(member.jid, member.name.split(' ')[0]!);
      return store.member({ chat: pk, jid: member.jid, contactName: member.name, admin: member.admin ?? false });
    });
    for (const { member, ...message } of chat.messages) {
      const memberPk = member === undefined ? null : members[member - 1];
      if (memberPk === undefined) throw new RangeError(`WhatsApp demo chat ${chat.session.jid}: no member ${member}`);
      store.message({ ...message, chat: pk, member: memberPk });
      const localPath = message.media?.localPath;
      if (localPath) media.push({ domain: location.domain, relativePath: `Message/${localPath}`, data: mediaBytes(localPath) });
    }
  }
  store.finish();
  return [{ ...location, source: path }, ...media];
}

function writePhotos(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'Photos.sqlite');
  const store = new PhotosDbWriter(path);
  const moments = new Map(DEMO_MOMENTS.map((moment) => [moment.key, store.moment(moment.title, moment.start, moment.uuid)]));
  const albums = new Map(DEMO_ALBUMS.map((album) => [album.key, store.album(album.spec)]));
  const media: BackupFileSpec[] = [];
  for (const { place, albums: inAlbums, ...asset } of DEMO_PHOTOS) {
    const pk = store.asset({ ...asset, moment: moments.get(place)! });
    for (const album of inAlbums ?? []) store.addToAlbum(albums.get(album)!, pk);
    const relativePath = `Media/${asset.directory ?? 'DCIM/100APPLE'}/${asset.filename}`;
    media.push({ domain: location.domain, relativePath, data: mediaBytes(relativePath) });
  }
  store.finish();
  return [{ ...location, source: path }, ...media];
}

function writeNotes(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'NoteStore.sqlite');
  buildNotesDb(path, DEMO_NOTES);
  return [{ ...location, source: path }];
}

function writeCalendar(folder: string, location: BackupLocation): BackupFileSpec[] {
  const path = join(folder, 'Calendar.sqlitedb');
  buildCalendarDb(path, DEMO_CALENDAR);
  return [{ ...location, source: path }];
}

/** The domains the demo phone has, by plugin id. */
const DEMO_DOMAINS: Readonly<Record<string, DomainWriter>> = {
  photos: writePhotos,
  whatsapp: writeWhatsApp,
  messages: writeMessages,
  notes: writeNotes,
  calendar: writeCalendar,
  contacts: writeContacts,
};

/**
 * Writes the demo backup into `folder` (a private, empty folder the caller removes): the databases are built in
 * `folder/sources`, the backup folder is `folder/backup`, and every temporary file of the builders stays inside `folder`.
 * Each enabled plugin the demo phone has data for gets its database at the first location it declares; any other
 * plugin gets none (its run says skipped).
 */
export async function buildDemoBackup(folder: string, plugins: readonly RegisteredPlugin[]): Promise<BuiltBackup> {
  const fixtures = fixturePath('');
  if (!existsSync(fixtures)) throw new DemoFixturesMissingError(fixtures);
  const files: BackupFileSpec[] = [];
  for (const plugin of plugins.filter((candidate) => candidate.enabled)) {
    const { id, source } = plugin.declaration;
    const write = Object.hasOwn(DEMO_DOMAINS, id) ? DEMO_DOMAINS[id] : undefined;
    const location = source.locations[0];
    if (write === undefined || location === undefined) continue;
    const sources = join(folder, 'sources', id);
    mkdirSync(sources, { recursive: true, mode: 0o700 }); // not async: see buildBackupFolder
    files.push(...write(sources, location));
  }
  return buildBackupFolder(join(folder, 'backup'), { layout: 'hashed', files, device: DEMO_DEVICE, scratch: folder });
}
