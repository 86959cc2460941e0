// Parsing of the command line's shared arguments: the artifact map (`--artifact id=path`), backup ids, dates, limits.
// Every mistake is an InputError with one clear sentence.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { passwordLines, readPasswordFileText } from '../backup/password.js';
import { InputError } from '../kernel/errors.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';

/** `--artifact contacts=/path/AddressBook.sqlitedb` (repeatable) into a map; a plugin may be named several times. */
export function parseArtifacts(values: readonly string[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new InputError(`--artifact expects <pluginId>=<path>, got "${value}"`);
    }
    const id = value.slice(0, at);
    (map[id] ??= []).push(resolve(value.slice(at + 1)));
  }
  return map;
}

/** A stable backup id for input given without --backup-id: the same folder or files give the same id. */
export function derivedBackupId(seed: string): string {
  return `backup-${createHash('sha256').update(seed).digest('hex').slice(0, 12)}`;
}

/** A date or date-time argument. */
export function parseDate(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InputError(`${name} expects a date such as 2020-01-31, got "${value}"`);
  return date;
}

/** A positive whole number argument. */
export function parseLimit(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new InputError(`${name} expects a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}

/** The passwords of a password file: one per line (line breaks and a trailing carriage return are not part of one). */
export async function readPasswordFile(path: string): Promise<string[]> {
  const passwords = passwordLines(await readPasswordFileText('--notes-password-file', path)).filter((line) => line !== '');
  if (passwords.length === 0) throw new InputError(`--notes-password-file: ${path} holds no password (one per line)`);
  return passwords;
}

/** The plugins with the given note passwords tried before those of plugins.config.ts (unchanged when none). */
export function withNotesPasswords(plugins: readonly RegisteredPlugin[], passwords: readonly string[]): readonly RegisteredPlugin[] {
  if (passwords.length === 0) return plugins;
  return plugins.map((plugin) => {
    if (plugin.declaration.id !== 'notes') return plugin;
    const configured = Array.isArray(plugin.options.passwords) ? (plugin.options.passwords as string[]) : [];
    return { ...plugin, options: { ...plugin.options, passwords: [...passwords, ...configured] } };
  });
}
