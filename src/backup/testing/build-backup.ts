// Test fixture builder: complete backup folders (hashed Finder/iTunes layout with Manifest.db, the flat pre-iOS 10
// layout, or a folder per domain), plain or encrypted, holding databases made by the plugins' own fixture builders.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../../kernel/errors.js';
import type { PluginDeclaration } from '../../kernel/plugin.js';
import { fileIdOf } from '../locate.js';
import { closeDatabase, openBuiltDatabase } from '../../kernel/testing/built-db.js';
import { fixturePath } from '../../kernel/testing/fixtures.js';
import { calendarPlugin } from '../../plugins/calendar/plugin.js';
import { buildSampleCalendarDb } from '../../plugins/calendar/testing/build-calendar-db.js';
import { contactsPlugin } from '../../plugins/contacts/plugin.js';
import { buildAddressBook, builtInLabel } from '../../plugins/contacts/testing/build-address-book.js';
import { messagesPlugin } from '../../plugins/messages/plugin.js';
import { buildSmsDb, type SmsAttachmentSpec, type SmsFixtureSpec } from '../../plugins/messages/testing/build-sms-db.js';
import { notesPlugin } from '../../plugins/notes/plugin.js';
import { buildSampleNotesDb } from '../../plugins/notes/testing/build-notes-db.js';
import { photosPlugin } from '../../plugins/photos/plugin.js';
import { buildSamplePhotosDb } from '../../plugins/photos/testing/build-photos-db.js';
import { whatsappPlugin } from '../../plugins/whatsapp/plugin.js';
import { buildSampleChatStorage } from '../../plugins/whatsapp/testing/build-chat-storage.js';
import { encryptFileTo, makeKeybag, wrapWithClass } from '../crypto.js';
import type { DeviceInfo } from '../device.js';
import { encodeMBFile, writeBinaryPlist, writeXmlPlist } from '../plist.js';

/** One file the backup holds. */
export interface BackupFileSpec {
  domain: string;
  relativePath: string;
  /** copy of this file */
  source?: string;
  /** or these bytes */
  data?: Buffer;
  /** Data protection class recorded in its MBFile (default 3) and, encrypted, the class its key is wrapped under. */
  protectionClass?: number;
}

/** What to build. */
export interface BuildBackupOptions {
  /** hashed: Manifest.db + files at <id[0:2]>/<id> (iOS 10+); flat: files at <id> at the top and no Manifest.db (older layout, found by computed id); domains: <Domain>/<relativePath> (extraction tools) */
  layout: 'hashed' | 'flat' | 'domains';
  files: readonly BackupFileSpec[];
  /** Device facts for the plists; a fact given as null is left out of them. */
  device?: Partial<DeviceInfo>;
  /** hashed only. Small rounds keep tests fast. */
  encrypted?: { password: string; iterations?: number; dpic?: number };
  /** write Info/Manifest/Status plists (default true) */
  plists?: boolean;
  /** Folder the builder stages its files in while it works (default: the system's temp folder). */
  scratch?: string;
}

/** What was built, for assertions. */
export interface BuiltBackup {
  root: string;
  password: string | null;
  /** Each file as stored: `storedAt` is its absolute path in the backup, `size` its plaintext size. */
  files: Array<{ domain: string; relativePath: string; fileId: string; storedAt: string; size: number }>;
}

/** Device facts written when the options give none: deterministic, shaped like a real iPhone 11. */
export const DEFAULT_DEVICE: Readonly<DeviceInfo> = {
  deviceName: 'Test iPhone',
  productType: 'iPhone12,1',
  productVersion: '17.5.1',
  buildVersion: '21F90',
  serialNumber: 'F2LZK0QJN72J',
  udid: '00008030-001A2B3C4D5E6F70',
  imei: '356938035643809',
  phoneNumber: '+1 (555) 010-0142',
  lastBackupAt: new Date('2024-06-01T09:30:00Z'),
  encrypted: null,
  fullBackup: true,
  passcodeSet: true,
};

/** Protection class of files and of the Manifest.db key. */
const DEFAULT_FILE_CLASS = 3;
const MANIFEST_KEY_CLASS = 4;
const DIRECTORY_MODE = 0o40755;
const FILE_MODE = 0o100644;
const FLAG_FILE = 1;
const FLAG_DIRECTORY = 2;

/** The keys of an encrypted backup being built. */
interface BackupSecrets {
  password: string;
  keybag: Buffer;
  classKeys: Map<number, Buffer>;
}

/** A file placed in the backup, with what its Manifest.db row records. */
interface PlacedFile {
  domain: string;
  relativePath: string;
  fileId: string;
  storedAt: string;
  size: number;
  protectionClass: number;
  encryptionKey: Buffer | null;
}

/** Writes a backup folder at `target` (created when missing) holding `options.files` in the chosen layout. */
export async function buildBackupFolder(target: string, options: BuildBackupOptions): Promise<BuiltBackup> {
  checkOptions(options);
  const root = resolve(target);
  // Plain files and folders are written synchronously: a file or folder still being made in the background when a
  // signal handler removes the folder being built (the demo's) would keep it, or make it again.
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(options.scratch ?? tmpdir(), 'build-backup-'));
  try {
    const secrets = options.encrypted ? await secretsOf(options.encrypted) : null;
    const placed: PlacedFile[] = [];
    for (const [index, file] of options.files.entries()) placed.push(await placeFile(root, options.layout, file, secrets, join(staging, `file-${index}`)));
    let manifestKey: Buffer | null = null;
    if (options.layout === 'hashed') manifestKey = await writeManifestDb(root, placed, secrets, staging);
    if (options.plists !== false) writePlists(root, options, secrets, manifestKey);
    const files = placed.map(({ domain, relativePath, fileId, storedAt, size }) => ({ domain, relativePath, fileId, storedAt, size }));
    return { root, password: secrets?.password ?? null, files };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function checkOptions(options: BuildBackupOptions): void {
  if (options.encrypted && options.layout !== 'hashed') {
    throw new InputError(`encrypted backups are built in the hashed layout only, not ${options.layout}`);
  }
  const seen = new Set<string>();
  for (const file of options.files) {
    const key = `${file.domain}\u0000${file.relativePath}`;
    if (seen.has(key)) throw new InputError(`backup file ${file.domain}/${file.relativePath} is given twice`);
    seen.add(key);
    if ((file.source === undefined) === (file.data === undefined)) {
      throw new InputError(`backup file ${file.domain}/${file.relativePath}: give exactly one of source and data`);
    }
    const parts = file.relativePath.split('/');
    const unsafe = (part: string): boolean => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\u0000');
    if (parts.some(unsafe) || unsafe(file.domain) || file.domain.includes('/')) {
      throw new InputError(`backup file ${file.domain}/${file.relativePath}: not a relative path inside its domain`);
    }
  }
}

async function secretsOf(options: NonNullable<BuildBackupOptions['encrypted']>): Promise<BackupSecrets> {
  const { data, classKeys } = await makeKeybag({ password: options.password, iterations: options.iterations ?? 1, dpic: options.dpic ?? 1 });
  return { password: options.password, keybag: data, classKeys };
}

function classKeyOf(secrets: BackupSecrets, protectionClass: number): Buffer {
  const key = secrets.classKeys.get(protectionClass);
  if (key === undefined) throw new InputError(`protection class ${protectionClass} is not in the generated keybag`);
  return key;
}

function storedPathOf(root: string, layout: BuildBackupOptions['layout'], file: BackupFileSpec, fileId: string): string {
  if (layout === 'hashed') return join(root, fileId.slice(0, 2), fileId);
  if (layout === 'flat') return join(root, fileId);
  return join(root, file.domain, ...file.relativePath.split('/'));
}

/** Copies (or encrypts, with a fresh key per file) one file to its place in the backup. */
async function placeFile(root: string, layout: BuildBackupOptions['layout'], file: BackupFileSpec, secrets: BackupSecrets | null, stagingPath: string): Promise<PlacedFile> {
  const fileId = fileIdOf({ domain: file.domain, relativePath: file.relativePath });
  const storedAt = storedPathOf(root, layout, file, fileId);
  const protectionClass = file.protectionClass ?? DEFAULT_FILE_CLASS;
  mkdirSync(dirname(storedAt), { recursive: true });
  let source = file.source;
  if (source === undefined) {
    source = stagingPath;
    writeFileSync(source, file.data!);
  }
  const { size } = statSync(source);
  let encryptionKey: Buffer | null = null;
  if (secrets === null) {
    copyFileSync(source, storedAt);
  } else {
    const key = randomBytes(32);
    await encryptFileTo(source, storedAt, key);
    encryptionKey = wrapWithClass(protectionClass, classKeyOf(secrets, protectionClass), key);
  }
  return { domain: file.domain, relativePath: file.relativePath, fileId, storedAt, size, protectionClass, encryptionKey };
}

// ---------------------------------------------------------------------------------------------------------------
// Manifest.db

/** A `Files` row as the builder writes it (and tests read it back). */
export interface ManifestFileRow {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
  file: Buffer;
}

/** The real iOS 11.2 Manifest.db schema: Files, its three indexes, Properties. */
function manifestSchema(): string {
  return readFileSync(fixturePath('schemas/manifest-db/manifestdb_11.2.sql'), 'utf8');
}

/** Every folder above each file, the domain root ('') included, as real manifests list them. */
function directoryRows(files: readonly PlacedFile[]): ManifestFileRow[] {
  const seen = new Set<string>();
  const rows: ManifestFileRow[] = [];
  for (const file of files) {
    let folder = posix.dirname(file.relativePath);
    const chain: string[] = [];
    while (folder !== '.' && folder !== '/') {
      chain.unshift(folder);
      folder = posix.dirname(folder);
    }
    for (const relativePath of ['', ...chain]) {
      const key = `${file.domain}\u0000${relativePath}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const blob = encodeMBFile({ relativePath, size: 0, mode: DIRECTORY_MODE });
      rows.push({ fileID: fileIdOf({ domain: file.domain, relativePath: relativePath }), domain: file.domain, relativePath, flags: FLAG_DIRECTORY, file: blob });
    }
  }
  return rows;
}

function fileRow(file: PlacedFile): ManifestFileRow {
  const blob = encodeMBFile({
    relativePath: file.relativePath,
    size: file.size,
    mode: FILE_MODE,
    protectionClass: file.protectionClass,
    encryptionKey: file.encryptionKey,
  });
  return { fileID: file.fileId, domain: file.domain, relativePath: file.relativePath, flags: FLAG_FILE, file: blob };
}

/**
 * Writes Manifest.db (plain in the staging folder first); an encrypted backup gets it encrypted whole with a random
 * key, returned wrapped under class 4 for Manifest.plist ManifestKey. Null for a plain backup.
 */
async function writeManifestDb(root: string, files: readonly PlacedFile[], secrets: BackupSecrets | null, staging: string): Promise<Buffer | null> {
  const plain = join(staging, 'Manifest.db');
  const db = new Database(plain);
  try {
    db.exec(manifestSchema());
    const insert = db.prepare('INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (@fileID, @domain, @relativePath, @flags, @file)');
    db.transaction(() => {
      for (const row of [...directoryRows(files), ...files.map(fileRow)]) insert.run(row);
    })();
  } finally {
    db.close();
  }
  const target = join(root, 'Manifest.db');
  if (secrets === null) {
    copyFileSync(plain, target);
    return null;
  }
  const key = randomBytes(32);
  await encryptFileTo(plain, target, key);
  return wrapWithClass(MANIFEST_KEY_CLASS, classKeyOf(secrets, MANIFEST_KEY_CLASS), key);
}

// ---------------------------------------------------------------------------------------------------------------
// Info.plist, Manifest.plist, Status.plist

/** A fact for a plist: the given value, the default when not given, left out (undefined) when given as null. */
function factOf<K extends keyof DeviceInfo>(device: Partial<DeviceInfo>, key: K): Exclude<DeviceInfo[K], null> | undefined {
  const value = device[key] !== undefined ? device[key] : DEFAULT_DEVICE[key];
  return (value ?? undefined) as Exclude<DeviceInfo[K], null> | undefined;
}

function writePlists(root: string, options: BuildBackupOptions, secrets: BackupSecrets | null, manifestKey: Buffer | null): void {
  const device = options.device ?? {};
  const fact = <K extends keyof DeviceInfo>(key: K) => factOf(device, key);
  const lockdown = {
    DeviceName: fact('deviceName'),
    ProductType: fact('productType'),
    ProductVersion: fact('productVersion'),
    BuildVersion: fact('buildVersion'),
    SerialNumber: fact('serialNumber'),
    UniqueDeviceID: fact('udid'),
  };
  const info = {
    'Build Version': fact('buildVersion'),
    'Device Name': fact('deviceName'),
    'Display Name': fact('deviceName'),
    GUID: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
    IMEI: fact('imei'),
    'Last Backup Date': fact('lastBackupAt'),
    'Phone Number': fact('phoneNumber'),
    'Product Name': 'iPhone 11',
    'Product Type': fact('productType'),
    'Product Version': fact('productVersion'),
    'Serial Number': fact('serialNumber'),
    'Target Identifier': fact('udid'),
    'Target Type': 'Device',
    'Unique Identifier': fact('udid'),
    'iTunes Version': '12.13.2.3',
  };
  const encrypted = device.encrypted !== undefined ? (device.encrypted ?? undefined) : secrets !== null;
  const manifest = {
    BackupKeyBag: secrets?.keybag,
    Version: options.layout === 'hashed' ? '10.0' : '9.1',
    Date: fact('lastBackupAt'),
    SystemDomainsVersion: '24.0',
    ManifestKey: manifestKey ?? undefined,
    WasPasscodeSet: fact('passcodeSet'),
    Lockdown: lockdown,
    Applications: {},
    IsEncrypted: encrypted,
  };
  const status = {
    IsFullBackup: fact('fullBackup'),
    Version: '3.3',
    UUID: '5B7D1E2A-3C4F-4A6B-8D9E-0F1A2B3C4D5E',
    Date: fact('lastBackupAt'),
    BackupState: 'new',
    SnapshotState: 'finished',
  };
  writeFileSync(join(root, 'Info.plist'), writeXmlPlist(info));
  writeFileSync(join(root, 'Manifest.plist'), writeBinaryPlist(manifest));
  writeFileSync(join(root, 'Status.plist'), writeBinaryPlist(status));
}

// ---------------------------------------------------------------------------------------------------------------
// The sample files: one database per domain plugin, built with that plugin's own builder, and some media.

/** The sample's WAL-only message: the newest row of sms.db, present in `sms.db-wal` and absent from the main file. */
const WAL_ONLY_MESSAGE_TEXT = 'Running ten minutes late, meet me at platform nine';
const SMS_ATTACHMENT_DOMAIN = 'MediaDomain';
const SAMPLE_MEDIA_COUNT = 3;

/** Deterministic bytes standing for a media file. */
function mediaBytes(name: string): Buffer {
  return Buffer.from(`ios-backup fixture media: ${name}\n`.repeat(16), 'utf8');
}

/** The first location a plugin declares: where the backup holds its database. */
function declaredLocation(plugin: { source: { locations: readonly { domain: string; relativePath: string }[] } }): { domain: string; relativePath: string } {
  const location = plugin.source.locations[0];
  if (location === undefined) throw new InputError('plugin declares no backup location');
  return location;
}

interface SmsAttachmentFile {
  guid: string;
  name: string;
  mimeType: string;
  present: boolean;
}

const SMS_ATTACHMENTS: readonly SmsAttachmentFile[] = [
  { guid: 'AT-5E1C07A2-0001', name: 'IMG_0001.jpg', mimeType: 'image/jpeg', present: true },
  { guid: 'AT-5E1C07A2-0002', name: 'menu.pdf', mimeType: 'application/pdf', present: true },
  { guid: 'AT-5E1C07A2-0003', name: 'Audio Message.caf', mimeType: 'audio/x-caf', present: false },
];

/** `attachment.filename` as Messages stores it, under the home folder. */
function smsAttachmentFilename(attachment: SmsAttachmentFile): string {
  const bucket = createHash('sha1').update(attachment.guid).digest('hex');
  return `~/Library/SMS/Attachments/${bucket.slice(0, 2)}/${bucket.slice(2, 4)}/${attachment.guid}/${attachment.name}`;
}

function smsAttachmentSpec(attachment: SmsAttachmentFile): SmsAttachmentSpec {
  return {
    guid: attachment.guid,
    filename: smsAttachmentFilename(attachment),
    transferName: attachment.name,
    mimeType: attachment.mimeType,
    totalBytes: mediaBytes(attachment.name).length,
    createdAt: new Date('2024-05-30T18:05:00Z'),
  };
}

const SMS_SPEC: SmsFixtureSpec = {
  handles: [{ id: '+15551230001' }, { id: 'sam@example.com' }, { id: '+15551230003', service: 'SMS' }],
  chats: [
    { guid: 'iMessage;-;+15551230001', identifier: '+15551230001', service: 'iMessage', members: ['+15551230001'] },
    { guid: 'iMessage;+;chat684120045', identifier: 'chat684120045', service: 'iMessage', members: ['+15551230001', 'sam@example.com'], displayName: 'Weekend trip' },
    { guid: 'SMS;-;+15551230003', identifier: '+15551230003', service: 'SMS', members: ['+15551230003'] },
  ],
  messages: [
    { guid: 'MSG-0001', chats: ['iMessage;-;+15551230001'], from: '+15551230001', text: 'Are we still on for Saturday?', service: 'iMessage', sentAt: new Date('2024-05-30T18:00:00Z'), readAt: new Date('2024-05-30T18:01:00Z') },
    { guid: 'MSG-0002', chats: ['iMessage;-;+15551230001'], from: null, text: 'Yes! Here is the place \uFFFC', service: 'iMessage', sentAt: new Date('2024-05-30T18:05:00Z'), attachments: [smsAttachmentSpec(SMS_ATTACHMENTS[0]!)] },
    { guid: 'MSG-0003', chats: ['iMessage;+;chat684120045'], from: 'sam@example.com', text: 'Lunch options \uFFFC', service: 'iMessage', sentAt: new Date('2024-05-30T19:00:00Z'), attachments: [smsAttachmentSpec(SMS_ATTACHMENTS[1]!)] },
    { guid: 'MSG-0004', chats: ['iMessage;+;chat684120045'], from: '+15551230001', text: '\uFFFC', service: 'iMessage', sentAt: new Date('2024-05-30T19:10:00Z'), attachments: [smsAttachmentSpec(SMS_ATTACHMENTS[2]!)] },
    { guid: 'MSG-0005', chats: ['SMS;-;+15551230003'], from: '+15551230003', text: 'Your parcel will arrive tomorrow 🚚', service: 'SMS', sentAt: new Date('2024-05-31T07:00:00Z') },
    { guid: 'MSG-0006', chats: ['iMessage;-;+15551230001'], from: '+15551230001', text: WAL_ONLY_MESSAGE_TEXT, service: 'iMessage', sentAt: new Date('2024-05-31T08:55:00Z') },
  ],
};

/** Rowid tables of a database (the ones a row-by-rowid copy can fill). */
function rowidTables(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; sql: string | null }>;
  return rows.filter((row) => row.sql !== null && !/WITHOUT\s+ROWID/i.test(row.sql) && !/^CREATE\s+VIRTUAL/i.test(row.sql)).map((row) => row.name);
}

/**
 * sms.db whose newest message lives only in `sms.db-wal`: the messages builder writes the database without it and
 * again with it; the first is switched to WAL mode with automatic checkpoints off, the rows only the second has are
 * copied in, and the three files are kept as they are while the connection is open (closing would checkpoint).
 */
function buildSmsDbWithWalOnlyRows(folder: string): string {
  const path = join(folder, 'sms.db');
  const complete = join(folder, 'sms-complete.db');
  buildSmsDb(path, 'modern', { ...SMS_SPEC, messages: SMS_SPEC.messages.slice(0, -1) });
  buildSmsDb(complete, 'modern', SMS_SPEC);
  const db = openBuiltDatabase(path, true);
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS complete').run(complete);
    db.transaction(() => {
      for (const table of rowidTables(db)) {
        db.exec(`INSERT INTO main."${table}" SELECT * FROM complete."${table}" WHERE rowid NOT IN (SELECT rowid FROM main."${table}")`);
      }
    })();
    db.exec('DETACH DATABASE complete');
  } catch (error) {
    db.close();
    throw error;
  }
  closeDatabase(db, path, true);
  rmSync(complete, { force: true });
  return path;
}

function smsFiles(folder: string): { files: BackupFileSpec[]; missingAttachment: { domain: string; relativePath: string } } {
  const path = buildSmsDbWithWalOnlyRows(folder);
  const location = declaredLocation(messagesPlugin);
  const files: BackupFileSpec[] = ['', '-wal', '-shm'].map((suffix) => ({ ...location, relativePath: `${location.relativePath}${suffix}`, source: `${path}${suffix}` }));
  let missingAttachment: { domain: string; relativePath: string } | null = null;
  for (const attachment of SMS_ATTACHMENTS) {
    const relativePath = smsAttachmentFilename(attachment).replace(/^~\//, '');
    if (attachment.present) files.push({ domain: SMS_ATTACHMENT_DOMAIN, relativePath, data: mediaBytes(attachment.name) });
    else missingAttachment = { domain: SMS_ATTACHMENT_DOMAIN, relativePath };
  }
  return { files, missingAttachment: missingAttachment! };
}

function contactsFiles(folder: string): BackupFileSpec[] {
  const path = join(folder, 'AddressBook.sqlitedb');
  buildAddressBook(path, {
    people: [
      {
        first: 'Anna',
        last: 'Berger',
        organization: 'Alpine Club',
        created: new Date('2021-03-04T10:00:00Z'),
        values: [
          { kind: 'phone', label: builtInLabel('Mobile'), value: '+1 (555) 123-0001' },
          { kind: 'email', label: builtInLabel('Home'), value: 'anna@example.com' },
        ],
      },
      { first: 'Sam', last: 'Okafor', created: new Date('2022-07-08T12:00:00Z'), values: [{ kind: 'email', label: builtInLabel('Work'), value: 'sam@example.com' }] },
    ],
  });
  return [{ ...declaredLocation(contactsPlugin), source: path }];
}

function calendarFiles(folder: string): BackupFileSpec[] {
  const path = join(folder, 'Calendar.sqlitedb');
  buildSampleCalendarDb(path);
  return [{ ...declaredLocation(calendarPlugin), source: path }];
}

function notesFiles(folder: string): BackupFileSpec[] {
  const path = join(folder, 'NoteStore.sqlite');
  buildSampleNotesDb(path);
  return [{ ...declaredLocation(notesPlugin), source: path }];
}

/** Values of one column of a built database (the builder's own output, opened read-only). */
function columnValues(path: string, sql: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(sql).pluck().all() as unknown[]).filter((value): value is string => typeof value === 'string');
  } finally {
    db.close();
  }
}

/** A plugin's sample database at its declared location, with files for the first media paths `sql` names (under `prefix`). */
function databaseWithMedia(plugin: PluginDeclaration<any>, path: string, sql: string, prefix: string): BackupFileSpec[] {
  const location = declaredLocation(plugin);
  const media = columnValues(path, sql)
    .slice(0, SAMPLE_MEDIA_COUNT)
    .map((name) => ({ domain: location.domain, relativePath: `${prefix}${name}`, data: mediaBytes(name) }));
  return [{ ...location, source: path }, ...media];
}

function photosFiles(folder: string): BackupFileSpec[] {
  const path = join(folder, 'Photos.sqlite');
  buildSamplePhotosDb(path);
  return databaseWithMedia(photosPlugin, path, "SELECT ZDIRECTORY || '/' || ZFILENAME FROM ZASSET WHERE ZDIRECTORY NOT LIKE '/%' ORDER BY Z_PK", 'Media/');
}

function whatsappFiles(folder: string): BackupFileSpec[] {
  const path = join(folder, 'ChatStorage.sqlite');
  buildSampleChatStorage(path);
  return databaseWithMedia(whatsappPlugin, path, 'SELECT ZMEDIALOCALPATH FROM ZWAMEDIAITEM WHERE ZMEDIALOCALPATH IS NOT NULL ORDER BY Z_PK', 'Message/');
}

/**
 * Builds one database per domain plugin with its own builder into `workFolder` and returns their backup locations:
 * sms.db (HomeDomain Library/SMS/sms.db, with attachments whose files exist in MediaDomain at attachment.filename
 * without "~/", and one listed attachment whose file is absent), AddressBook.sqlitedb, Calendar.sqlitedb, Photos.sqlite
 * (with some asset files at Media/<ZDIRECTORY>/<ZFILENAME>), NoteStore.sqlite, ChatStorage.sqlite (with some media at
 * Message/<ZMEDIALOCALPATH>). sms.db has its newest message only in its -wal (`walOnlyMessageText`).
 */
export function sampleBackupFiles(workFolder: string): { files: BackupFileSpec[]; walOnlyMessageText: string; missingAttachment: { domain: string; relativePath: string } } {
  const folder = (name: string): string => {
    const path = join(workFolder, name);
    rmSync(path, { recursive: true, force: true });
    mkdirSync(path, { recursive: true });
    return path;
  };
  const sms = smsFiles(folder('messages'));
  const files = [
    ...sms.files,
    ...contactsFiles(folder('contacts')),
    ...calendarFiles(folder('calendar')),
    ...photosFiles(folder('photos')),
    ...notesFiles(folder('notes')),
    ...whatsappFiles(folder('whatsapp')),
  ];
  return { files, walOnlyMessageText: WAL_ONLY_MESSAGE_TEXT, missingAttachment: sms.missingAttachment };
}
