// Opens a backup folder for one job: reads its plists (device facts, encryption), unlocks an encrypted backup's
// keybag with its password, reads Manifest.db as the map (decrypted into the job's private folder) or, without one,
// the folder's layout, and finds each enabled plugin's databases with their sidecars. Nothing is written in the folder.
import { constants } from 'node:fs';
import { copyFile, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { IosBackupError, SourceCorruptError } from '../kernel/errors.js';
import type { DeviceFacts, OpenedBackup } from '../kernel/job.js';
import type { BackupFileEntry, BackupFiles, BackupLocation, RegisteredPlugin, SourceWarning } from '../kernel/plugin.js';
import { isFile, isPlainSqlite, type ArtifactFile } from '../kernel/source.js';
import { WarningTally } from '../kernel/warnings.js';
import type { WorkFolder } from '../kernel/work-folder.js';
import { BackupCryptoError, BackupKeys, decryptFileTo, derivePasscodeKey, parseKeybag } from './crypto.js';
import { deviceInfoOf, readBackupPlists, type BackupPlists } from './device.js';
import { BackupFolder, fileIdOf, fileSize, insideRoot, isDomainPattern, type FolderLayout } from './locate.js';
import { Manifest, ManifestError, MANIFEST_FLAGS, recordOf, type ManifestRow } from './manifest.js';

/** The folder is not an iOS backup (nothing this tool can read in it). Exit 1, never an empty INDEXED. */
export class NotABackupError extends IosBackupError {
  constructor(message: string) {
    super('NOT_A_BACKUP', message);
  }
}

/** The backup is encrypted and no password was given. */
export class PasswordRequiredError extends IosBackupError {
  /** `enqueue`: a queued job names a secret the workers hold; elsewhere the password itself is given. */
  constructor(command: 'index' | 'enqueue' | 'worker' = 'index') {
    super(
      'PASSWORD_REQUIRED',
      command === 'enqueue'
        ? 'the backup is encrypted: give --password-secret NAME, the name of a secret holding its password on the workers (see the README)'
        : command === 'worker'
          ? 'the backup is encrypted and its job names no password secret: enqueue it again with --password-secret NAME'
          : 'the backup is encrypted: give its password with --password-file FILE or --password-env NAME (or run on a terminal to be asked for it)',
    );
  }
}

/** The encrypted backup lacks what decryption needs (a keybag, a manifest key) or is of a kind not handled. */
export class BackupFormatError extends IosBackupError {
  constructor(message: string, cause?: unknown) {
    super('BACKUP_FORMAT_INVALID', message, { cause });
  }
}

/** Where a password comes from; asked only when the backup is encrypted. Null: none available. */
export type PasswordSource = () => Promise<string | null>;

/** What opening a backup needs besides the folder. */
export interface OpenBackupOptions {
  /** The plugins whose declared locations are looked up (disabled ones are ignored). */
  plugins: readonly RegisteredPlugin[];
  password: PasswordSource;
  /** Who asks: says how to give the password when none was (default `index`). */
  requester?: 'index' | 'worker';
}

/** How a folder was read. */
export type BackupLayout = 'manifest-db' | FolderLayout;

/** The real path of a backup folder (symlinks resolved): one backup reached two ways is one backup. */
export async function backupRoot(folder: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    throw new NotABackupError(`backup folder not found: ${folder}`);
  }
  if (!(await stat(real)).isDirectory()) throw new NotABackupError(`${folder} is a file, not a backup folder`);
  return real;
}

/** The concrete locations of a plugin's declared ones: patterns expanded to the domains the backup has. */
function expand(locations: readonly BackupLocation[], domainsMatching: (pattern: string) => string[]): BackupLocation[] {
  const seen = new Set<string>();
  const found: BackupLocation[] = [];
  for (const location of locations) {
    const domains = isDomainPattern(location.domain) ? domainsMatching(location.domain) : [location.domain];
    for (const domain of domains) {
      const key = `${domain}\u0000${location.relativePath}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ domain, relativePath: location.relativePath });
    }
  }
  return found;
}

/** The file names of every enabled plugin's databases, each once, for messages that say what was looked for. */
function declaredNames(plugins: readonly RegisteredPlugin[]): string[] {
  return [...new Set(plugins.filter((plugin) => plugin.enabled).flatMap((plugin) => plugin.declaration.source.fileNames))];
}

/** The sentence of a Manifest.db row whose file the backup folder lacks (`suffix`: what happens about it). */
function listedButAbsent(row: ManifestRow, suffix = ''): string {
  return `Manifest.db lists ${row.domain}/${row.relativePath} (file ${row.fileId}) but the backup folder does not hold its file${suffix}`;
}

const FILE_ID = /^[0-9a-f]{40}$/i;

/** A decryption failure of one stored file, as that source's corrupt data (its plugin fails), not the job's failure. */
function asSourceError(name: string, error: unknown): unknown {
  if (error instanceof BackupCryptoError || error instanceof BackupFormatError) return new SourceCorruptError(`${name}: ${error.message}`, error);
  return error;
}

/** Warns when a file's size (`what` N bytes) differs from the size its MBFile record gives; `outcome` says how it is read. */
function checkSize(what: string, actual: number, recorded: number | null, outcome: string, warnings: SourceWarning[]): void {
  if (recorded === null || recorded === actual) return;
  warnings.push({ code: 'BACKUP_FILE_SIZE_MISMATCH', message: `${what} ${actual} bytes but its Manifest.db record says ${recorded}: ${outcome}`, count: 1 });
}

/** File lookup and artifact map of a backup with a Manifest.db (plain, or decrypted into the work folder). */
class ManifestBackup implements BackupFiles {
  constructor(
    private readonly root: string,
    private readonly manifest: Manifest,
    private readonly keys: BackupKeys | null,
    private readonly tally: WarningTally,
  ) {}

  /** Where a row's file is stored: `<id[0:2]>/<id>` (iOS 10+), else flat `<id>`; null when neither is in the folder. */
  private storedAt(row: ManifestRow): string | null {
    if (!FILE_ID.test(row.fileId)) return null;
    for (const path of [join(this.root, row.fileId.slice(0, 2), row.fileId), join(this.root, row.fileId)]) {
      if (insideRoot(this.root, path)) return path;
    }
    return null;
  }

  private row(location: BackupLocation): ManifestRow | null {
    return this.manifest.find(fileIdOf(location), location.domain, location.relativePath);
  }

  find(location: BackupLocation): BackupFileEntry | null {
    const row = this.row(location);
    if (row === null || row.flags !== MANIFEST_FLAGS.file) return null;
    return this.entryOf(row);
  }

  /** A row as a file entry; its recorded size is decoded from the MBFile record only when asked for. */
  private entryOf(row: ManifestRow): BackupFileEntry {
    const path = this.storedAt(row);
    if (path === null) this.tally.add('BACKUP_FILE_MISSING', listedButAbsent(row), 1, 'listed but absent');
    let size: number | null | undefined;
    return {
      domain: row.domain,
      relativePath: row.relativePath,
      fileId: row.fileId,
      path,
      get size() {
        size ??= recordOf(row).record?.size ?? null;
        return size;
      },
    };
  }

  *list(domain: string, folder: string): IterableIterator<BackupFileEntry> {
    for (const row of this.manifest.under(domain, folder)) yield this.entryOf(row);
  }

  domainsMatching(pattern: string): string[] {
    return this.manifest.domainsMatching(pattern);
  }

  /** The database at a location with its sidecars (decrypting on materialize when encrypted), or null when not listed. */
  artifact(location: BackupLocation): ArtifactFile | null {
    const row = this.row(location);
    if (row === null) return null;
    const name = `${row.domain}/${row.relativePath}`;
    if (row.flags !== MANIFEST_FLAGS.file) {
      const kind = row.flags === MANIFEST_FLAGS.directory ? 'a folder' : row.flags === MANIFEST_FLAGS.symlink ? 'a symbolic link' : `an entry of flags ${row.flags}`;
      return { path: this.root, location, missing: `Manifest.db lists ${name} as ${kind}, not a file` };
    }
    if (!FILE_ID.test(row.fileId)) {
      return { path: this.root, location, missing: `Manifest.db lists ${name} under an invalid file id (not 40 hexadecimal digits)` };
    }
    const path = this.storedAt(row);
    if (path === null) return { path: join(this.root, row.fileId.slice(0, 2), row.fileId), location, missing: listedButAbsent(row) };
    const warnings: SourceWarning[] = [];
    const sidecar = (suffix: string): { row: ManifestRow; path: string } | null => {
      const found = this.row({ domain: location.domain, relativePath: `${location.relativePath}${suffix}` });
      if (found === null || found.flags !== MANIFEST_FLAGS.file) return null;
      const stored = this.storedAt(found);
      if (stored === null) warnings.push({ code: 'BACKUP_FILE_MISSING', message: listedButAbsent(found, ': read without it'), count: 1 });
      return stored === null ? null : { row: found, path: stored };
    };
    const wal = sidecar('-wal');
    const shm = sidecar('-shm');
    const file: ArtifactFile = { path, wal: wal?.path ?? null, shm: shm?.path ?? null, location, fileId: row.fileId, warnings };
    if (this.keys === null) {
      this.checkRecord(row, path, warnings);
    } else {
      file.materialize = async (target) => {
        try {
          const main = await this.decryptOne(row, path, target, warnings);
          if (wal) await this.decryptOne(wal.row, wal.path, `${target}-wal`, warnings);
          if (shm) await this.decryptOne(shm.row, shm.path, `${target}-shm`, warnings);
          return { size: main.size, sha256: main.sha256, wal: wal !== null, shm: shm !== null };
        } catch (error) {
          throw asSourceError(name, error);
        }
      };
    }
    return file;
  }

  /**
   * A plain backup's file is read as it is; a size that differs from its Manifest.db record (common for SQLite files,
   * changed while the backup ran) or a record that cannot be read is a warning.
   */
  private checkRecord(row: ManifestRow, path: string, warnings: SourceWarning[]): void {
    const { record, error } = recordOf(row);
    if (record === null) {
      warnings.push({ code: 'BACKUP_RECORD_UNREADABLE', message: `${row.domain}/${row.relativePath}: ${error}; the file is read without it`, count: 1 });
      return;
    }
    const onDisk = fileSize(path);
    if (onDisk !== null) checkSize(`${row.domain}/${row.relativePath} has`, onDisk, record.size, 'read as it is', warnings);
  }

  /** Decrypts one row's stored file to `target` with its own key (from its MBFile record). */
  private async decryptOne(row: ManifestRow, stored: string, target: string, warnings: SourceWarning[]): Promise<{ size: number; sha256: string }> {
    const name = `${row.domain}/${row.relativePath}`;
    const { record, error } = recordOf(row);
    if (record === null) throw new BackupFormatError(`cannot decrypt ${name}: ${error}`);
    if (record.encryptionKey === null) throw new BackupFormatError(`cannot decrypt ${name}: its Manifest.db record has no EncryptionKey`);
    const written = await decryptFileTo(stored, target, this.keys!.unwrap(record.encryptionKey), name);
    checkSize(`${name} decrypts to`, written.size, record.size, 'read as decrypted (padding removed)', warnings);
    return written;
  }
}

/** An opened backup: implements the kernel's view, and closes the manifest copy's connection. */
class Opened implements OpenedBackup {
  constructor(
    readonly root: string,
    readonly layout: BackupLayout,
    readonly files: BackupFiles,
    readonly device: DeviceFacts,
    readonly artifacts: Readonly<Record<string, ArtifactFile[]>>,
    readonly warnings: readonly SourceWarning[],
    private readonly tally: WarningTally,
    private readonly manifest: Manifest | null,
  ) {}

  takeWarnings(): SourceWarning[] {
    return this.tally.take();
  }

  async close(): Promise<void> {
    this.manifest?.close();
  }
}

/** Unlocks an encrypted backup's keybag with its password: WrongPasswordError here, before anything is copied. */
async function unlock(plists: BackupPlists, password: PasswordSource, requester: 'index' | 'worker'): Promise<BackupKeys> {
  const keybag = plists.manifest?.BackupKeyBag;
  if (!Buffer.isBuffer(keybag)) throw new BackupFormatError('the backup is encrypted but its Manifest.plist has no BackupKeyBag');
  const parsed = parseKeybag(keybag);
  const given = await password();
  if (given === null) throw new PasswordRequiredError(requester);
  return BackupKeys.unlock(parsed, await derivePasscodeKey(parsed, given));
}

/** Copies (or decrypts) Manifest.db into the work folder and opens the copy. */
async function openManifest(root: string, work: WorkFolder, plists: BackupPlists, keys: BackupKeys | null, plain: boolean): Promise<Manifest> {
  const source = join(root, 'Manifest.db');
  const copy = join(await work.subfolder('manifest'), 'Manifest.db');
  if (plain) {
    await copyFile(source, copy, constants.COPYFILE_FICLONE);
    for (const suffix of ['-wal', '-shm']) {
      if (await isFile(`${source}${suffix}`)) await copyFile(`${source}${suffix}`, `${copy}${suffix}`, constants.COPYFILE_FICLONE);
    }
  } else {
    const manifestKey = plists.manifest?.ManifestKey;
    if (!Buffer.isBuffer(manifestKey)) throw new BackupFormatError('Manifest.db is encrypted but Manifest.plist has no ManifestKey');
    await decryptFileTo(source, copy, keys!.unwrap(manifestKey), 'Manifest.db');
  }
  return Manifest.open(copy);
}

/** The device facts the job stores on `backup`. */
function deviceFacts(plists: BackupPlists, encrypted: boolean): DeviceFacts {
  const info = deviceInfoOf(plists);
  return { ...info, encrypted: info.encrypted ?? encrypted };
}

/** What an empty or unrelated folder lacks, in one sentence. */
async function notABackup(root: string, plugins: readonly RegisteredPlugin[]): Promise<NotABackupError> {
  const names = await readdir(root);
  const plistsFound = ['Info.plist', 'Manifest.plist', 'Status.plist'].filter((name) => names.includes(name));
  const what = names.length === 0 ? 'the folder is empty' : plistsFound.length > 0 ? `it has ${plistsFound.join(', ')} but no Manifest.db or Manifest.mbdb` : `none of its ${names.length} entries is a backup file`;
  return new NotABackupError(
    `${root} is not an iOS backup: ${what}. Looked for Manifest.db (iOS 10 and later), Manifest.mbdb (older), and the enabled plugins' databases (${declaredNames(plugins).join(', ')}) stored by file id or in a folder per domain. Give the folder Finder, iTunes or idevicebackup2 wrote (the README says where each keeps it), or single databases with --artifact <plugin>=<file>`,
  );
}

/** What a folder is, judged without copying anything: its plists, and whether its manifest is plain SQLite. */
interface FolderFacts {
  root: string;
  plists: BackupPlists;
  hasManifestDb: boolean;
  plainManifest: boolean;
  encrypted: boolean;
}

async function folderFacts(folder: string): Promise<FolderFacts> {
  const root = await backupRoot(folder);
  const plists = await readBackupPlists(root);
  const manifestDb = join(root, 'Manifest.db');
  const hasManifestDb = await isFile(manifestDb);
  const plainManifest = hasManifestDb && (await isPlainSqlite(manifestDb));
  // Manifest.plist says; without it, a Manifest.db that is not plain SQLite is taken for an encrypted one.
  const said = plists.manifest?.IsEncrypted;
  const encrypted = said === true || (hasManifestDb && !plainManifest && said !== false);
  if (hasManifestDb && !plainManifest && !encrypted) {
    throw new ManifestError('Manifest.db is not a SQLite database although Manifest.plist says the backup is not encrypted: the manifest is damaged');
  }
  if (encrypted && !hasManifestDb) {
    throw new BackupFormatError(`${root} is an encrypted backup without Manifest.db (written before iOS 10): decrypting that format is not supported`);
  }
  return { root, plists, hasManifestDb, plainManifest, encrypted };
}

/** How a backup's databases are looked up: by manifest, or by folder layout. */
interface ArtifactLookup {
  domainsMatching(pattern: string): string[];
  artifact(location: BackupLocation): ArtifactFile | null;
}

/** Per enabled plugin, the databases found at its declared locations (patterns expanded); plugins with none are left out. */
function artifactsOf(lookup: ArtifactLookup, plugins: readonly RegisteredPlugin[]): Record<string, ArtifactFile[]> {
  const artifacts: Record<string, ArtifactFile[]> = {};
  for (const plugin of plugins.filter((candidate) => candidate.enabled)) {
    const found = expand(plugin.declaration.source.locations, (pattern) => lookup.domainsMatching(pattern))
      .map((location) => lookup.artifact(location))
      .filter((file): file is ArtifactFile => file !== null);
    if (found.length > 0) artifacts[plugin.declaration.id] = found;
  }
  return artifacts;
}

/** Each enabled plugin's databases found in a folder without a manifest, and the layout they were found in. */
async function folderArtifacts(
  files: BackupFolder,
  plugins: readonly RegisteredPlugin[],
): Promise<{ artifacts: Record<string, ArtifactFile[]>; layout: FolderLayout | null }> {
  const artifacts = artifactsOf(files, plugins);
  const first = Object.values(artifacts)[0]?.[0];
  let layout = first ? files.layoutOf(first.location!) : null;
  if (layout === null && (await isFile(join(files.root, 'Manifest.mbdb')))) layout = 'flat';
  return { artifacts, layout };
}

/**
 * Checks, without copying or decrypting anything, that a folder is a backup this tool can read (NotABackupError
 * otherwise) and says whether it is encrypted: what `enqueue` checks before a worker gets the job.
 */
export async function checkBackupFolder(folder: string, plugins: readonly RegisteredPlugin[]): Promise<{ root: string; encrypted: boolean }> {
  const facts = await folderFacts(folder);
  if (!facts.hasManifestDb && (await folderArtifacts(new BackupFolder(facts.root), plugins)).layout === null) {
    throw await notABackup(facts.root, plugins);
  }
  return { root: facts.root, encrypted: facts.encrypted };
}

/**
 * Opens the backup folder `folder` for a job whose private folder is `work`. Throws NotABackupError for a folder with
 * nothing to read, PasswordRequiredError / WrongPasswordError for an encrypted backup without its password, before
 * any database is copied.
 */
export async function openBackup(folder: string, work: WorkFolder, options: OpenBackupOptions): Promise<OpenedBackup> {
  const { root, plists, hasManifestDb, plainManifest, encrypted } = await folderFacts(folder);
  const keys = encrypted ? await unlock(plists, options.password, options.requester ?? 'index') : null;
  const tally = new WarningTally();
  const warnings: SourceWarning[] = plists.warnings.map((warning) => ({ ...warning, count: 1 }));
  if (!hasManifestDb) {
    const files = new BackupFolder(root);
    const { artifacts, layout } = await folderArtifacts(files, options.plugins);
    if (layout === null) throw await notABackup(root, options.plugins);
    return new Opened(root, layout, files, deviceFacts(plists, false), artifacts, warnings, tally, null);
  }
  const manifest = await openManifest(root, work, plists, keys, plainManifest);
  try {
    const files = new ManifestBackup(root, manifest, keys, tally);
    return new Opened(root, 'manifest-db', files, deviceFacts(plists, encrypted), artifactsOf(files, options.plugins), warnings, tally, manifest);
  } catch (error) {
    manifest.close();
    throw error;
  }
}
