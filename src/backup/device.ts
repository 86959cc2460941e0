// Device facts of a backup folder from its Info.plist, Manifest.plist and Status.plist: read-only, never throwing
// for bad content (a damaged plist is a warning), with Info.plist first and Manifest.plist Lockdown as fallback.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../kernel/errors.js';
import { readPlist } from './plist.js';

/** What a backup says about the device it came from; null where no plist gives the fact. */
export interface DeviceInfo {
  deviceName: string | null;
  productType: string | null;
  productVersion: string | null;
  buildVersion: string | null;
  serialNumber: string | null;
  udid: string | null;
  imei: string | null;
  phoneNumber: string | null;
  lastBackupAt: Date | null;
  encrypted: boolean | null;
  fullBackup: boolean | null;
  passcodeSet: boolean | null;
}

/** A problem met while reading the plists: the job records it and goes on. */
export interface PlistWarning {
  code: string;
  message: string;
}

/** The three top-level plists of a backup folder, each its root dictionary or null when missing or unreadable. */
export interface BackupPlists {
  info: Record<string, unknown> | null;
  manifest: Record<string, unknown> | null;
  status: Record<string, unknown> | null;
  warnings: PlistWarning[];
}

/** Code of the warning for a plist that is there but cannot be used. */
export const BACKUP_PLIST_UNREADABLE = 'BACKUP_PLIST_UNREADABLE';
/** Largest plist read (real ones are kilobytes; Info.plist with app icons a few megabytes). */
export const MAX_BACKUP_PLIST_BYTES = 64 * 1024 * 1024;

type PlistRead = { dictionary: Record<string, unknown> | null; warning: PlistWarning | null };

/**
 * Reads Info.plist, Manifest.plist and Status.plist from a backup folder, read-only (fs.readFile; never write there).
 * A missing file is null; one larger than 64 MiB, unreadable, or not a plist dictionary is null plus a warning
 * {code 'BACKUP_PLIST_UNREADABLE', message naming the file and why}. Never throws for bad content.
 */
export async function readBackupPlists(root: string): Promise<BackupPlists> {
  const [info, manifest, status] = await Promise.all(
    ['Info.plist', 'Manifest.plist', 'Status.plist'].map((name) => readDictionary(join(root, name), name)),
  );
  const warnings = [info!, manifest!, status!].flatMap((read) => (read.warning ? [read.warning] : []));
  return { info: info!.dictionary, manifest: manifest!.dictionary, status: status!.dictionary, warnings };
}

async function readDictionary(path: string, name: string): Promise<PlistRead> {
  const unreadable = (why: string): PlistRead => ({
    dictionary: null,
    warning: { code: BACKUP_PLIST_UNREADABLE, message: `${name}: ${why}; the backup is read without it` },
  });
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return unreadable('not a regular file');
    if (info.size > MAX_BACKUP_PLIST_BYTES) return unreadable(`${info.size} bytes, larger than the ${MAX_BACKUP_PLIST_BYTES}-byte limit`);
    bytes = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { dictionary: null, warning: null };
    return unreadable(`cannot be read (${errorCode(error) ?? messageOf(error)})`);
  }
  try {
    const value = readPlist(bytes, name);
    if (!isDictionary(value)) return unreadable('its top level is not a dictionary');
    return { dictionary: value, warning: null };
  } catch (error) {
    return unreadable(messageOf(error).replace(`${name}: `, ''));
  }
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function isDictionary(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A trimmed non-empty string, else null. */
function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function dateOf(value: unknown): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

function flagOf(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** The first of `values` that is not null. */
function firstOf<T>(...values: Array<T | null>): T | null {
  return values.find((value) => value !== null) ?? null;
}

/**
 * Device facts: Info.plist first ("Device Name", "Product Type", "Product Version", "Build Version", "Serial Number",
 * "Unique Identifier" or "Target Identifier", "IMEI", "Phone Number", "Last Backup Date"), Manifest.plist Lockdown as
 * fallback (DeviceName, ProductType, ProductVersion, BuildVersion, SerialNumber, UniqueDeviceID), Manifest.plist
 * IsEncrypted and WasPasscodeSet, Status.plist IsFullBackup and Date (fallback for the last backup date). Values of
 * the wrong type are ignored (null), strings trimmed, empty → null.
 */
export function deviceInfoOf(plists: BackupPlists): DeviceInfo {
  const info = plists.info ?? {};
  const manifest = plists.manifest ?? {};
  const status = plists.status ?? {};
  const lockdown = isDictionary(manifest.Lockdown) ? manifest.Lockdown : {};
  const fact = (infoKey: string, lockdownKey: string | null): string | null =>
    firstOf(textOf(info[infoKey]), lockdownKey === null ? null : textOf(lockdown[lockdownKey]));
  return {
    deviceName: fact('Device Name', 'DeviceName'),
    productType: fact('Product Type', 'ProductType'),
    productVersion: fact('Product Version', 'ProductVersion'),
    buildVersion: fact('Build Version', 'BuildVersion'),
    serialNumber: fact('Serial Number', 'SerialNumber'),
    udid: firstOf(textOf(info['Unique Identifier']), textOf(info['Target Identifier']), textOf(lockdown.UniqueDeviceID)),
    imei: fact('IMEI', null),
    phoneNumber: fact('Phone Number', null),
    lastBackupAt: firstOf(dateOf(info['Last Backup Date']), dateOf(status.Date)),
    encrypted: flagOf(manifest.IsEncrypted),
    fullBackup: flagOf(status.IsFullBackup),
    passcodeSet: flagOf(manifest.WasPasscodeSet),
  };
}
