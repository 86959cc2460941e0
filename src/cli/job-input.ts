// What `index` and `enqueue` share: the job input from a folder or --artifact flags, note passwords, the exit code.
import { resolve } from 'node:path';
import { backupRoot } from '../backup/backup.js';
import { InputError } from '../kernel/errors.js';
import type { IndexJobInput, IndexJobResult } from '../kernel/job.js';
import { isFile } from '../kernel/source.js';
import { derivedBackupId, parseArtifacts, readPasswordFile } from './args.js';
import type { Values } from './usage.js';

/** Builds the job input from a folder (its real path: one backup reached two ways is one backup) or --artifact flags. */
export async function jobInput(positionals: string[], values: Values): Promise<IndexJobInput> {
  const artifacts = (values.artifact as string[] | undefined) ?? [];
  if (positionals.length > 1) throw new InputError(`expected one backup folder, got ${positionals.length} arguments`);
  if (positionals.length === 1 && artifacts.length > 0) throw new InputError('give a backup folder or --artifact flags, not both');
  if (positionals.length === 0 && artifacts.length === 0) throw new InputError('give a backup folder or at least one --artifact <pluginId>=<path>');
  const explicitId = values['backup-id'] as string | undefined;
  if (positionals.length === 1) {
    const root = await backupRoot(resolve(positionals[0]!));
    return { backupId: explicitId ?? derivedBackupId(root), artifacts: {}, sourcePath: root };
  }
  const map = parseArtifacts(artifacts);
  for (const [id, paths] of Object.entries(map)) {
    for (const path of paths) {
      if (!(await isFile(path))) throw new InputError(`--artifact ${id}=${path}: no such file`);
    }
  }
  const seed = JSON.stringify(Object.entries(map).sort());
  return { backupId: explicitId ?? derivedBackupId(seed), artifacts: map };
}

/** The note passwords given on the command line: each --notes-password, then each line of --notes-password-file. */
export async function notesPasswords(values: Values): Promise<string[]> {
  const passwords = [...((values['notes-password'] as string[] | undefined) ?? [])];
  const file = values['notes-password-file'] as string | undefined;
  if (file !== undefined) passwords.push(...(await readPasswordFile(file)));
  return passwords;
}

/** 0 when indexed with no plugin failed, 2 when indexed with a plugin failed, 1 when the job failed. */
export function exitCodeOf(result: IndexJobResult): number {
  if (result.status !== 'INDEXED') return 1;
  return result.plugins.some((plugin) => plugin.status === 'failed') ? 2 : 0;
}
