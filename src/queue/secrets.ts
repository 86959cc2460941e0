// How a worker gets an encrypted backup's password without it sitting in Redis: the job names a secret, and the
// worker reads that secret from its own environment (IOS_BACKUP_SECRET_<NAME>) or from a file <NAME> in its secrets
// folder (IOS_BACKUP_SECRETS__DIR, e.g. a mounted Kubernetes or Docker secret). The name is all Redis ever holds.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PasswordSource } from '../backup/backup.js';
import { passwordLines } from '../backup/password.js';
import { SECRET_ENV_PREFIX } from '../kernel/config.js';
import { IosBackupError } from '../kernel/errors.js';
import { PASSWORD_SECRET } from '../kernel/job.js';

/** The worker has no secret of that name. */
export class SecretMissingError extends IosBackupError {
  constructor(name: string) {
    super(
      'PASSWORD_SECRET_MISSING',
      `the worker has no password secret "${name}": set ${SECRET_ENV_PREFIX}${name} in its environment or put a file named ${name} in its IOS_BACKUP_SECRETS__DIR`,
    );
  }
}

/** A worker's password source for a job that names `secret` (none: the backup must not be encrypted). */
export function secretPassword(secret: string | undefined, secretsDir: string | null, env: NodeJS.ProcessEnv = process.env): PasswordSource {
  return async () => {
    if (secret === undefined) return null;
    // validateJobInput checked the name; checked again here, as it becomes a file name.
    if (!PASSWORD_SECRET.test(secret)) throw new SecretMissingError('(invalid name)');
    const fromEnv = env[`${SECRET_ENV_PREFIX}${secret}`];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (secretsDir !== null) {
      try {
        const password = passwordLines(await readFile(join(secretsDir, secret), 'utf8'))[0]!;
        if (password !== '') return password;
      } catch {
        // Missing or unreadable: said below, without the path's details.
      }
    }
    throw new SecretMissingError(secret);
  };
}
