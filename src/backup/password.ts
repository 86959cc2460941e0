// Where the command line gets an encrypted backup's password: --password-file, --password-env, or a prompt with no
// echo when stdin is a terminal. Asked only when the backup turns out to be encrypted; never stored, never logged.
import { readFile } from 'node:fs/promises';
import { IosBackupError, InputError, messageOf } from '../kernel/errors.js';
import type { PasswordSource } from './backup.js';

/** How the password was given on the command line. */
export interface PasswordFlags {
  file?: string;
  env?: string;
}

/** The lines of a password file's content: a byte-order mark and the line breaks (with a carriage return) are not part of one. */
export function passwordLines(content: string): string[] {
  return content.replace(/^\uFEFF/, '').split('\n').map((line) => line.replace(/\r$/, ''));
}

/** The content of the password file given with `flag`; InputError naming the flag when it cannot be read. */
export async function readPasswordFileText(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${flag}: cannot read ${path}: ${messageOf(error)}`);
  }
}

/** The password of a password file (its first line). */
export async function readBackupPasswordFile(path: string): Promise<string> {
  const password = passwordLines(await readPasswordFileText('--password-file', path))[0]!;
  if (password === '') throw new InputError(`--password-file: the first line of ${path} is empty`);
  return password;
}

/** The password held by an environment variable. */
export function passwordFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  // A value that is no variable name is not repeated: it may be the password itself, typed in the wrong place.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) {
    throw new InputError('--password-env expects the name of an environment variable (letters, digits and _), not the password itself');
  }
  const value = env[name];
  if (value === undefined || value === '') throw new InputError(`--password-env: the environment variable ${name} is not set`);
  return value;
}

/** The terminal streams a prompt uses (tests pass their own). */
export interface PromptStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/**
 * Asks for a password on a terminal without echoing it: Enter ends it, Backspace removes a character, Ctrl-C or
 * Ctrl-D stop (an error that says so). The terminal is restored whatever happens.
 */
export function promptPassword(question: string, streams: PromptStreams = { input: process.stdin, output: process.stderr }): Promise<string> {
  const { input, output } = streams;
  return new Promise((resolve, reject) => {
    let typed = '';
    const wasRaw = input.isRaw;
    const finish = (error: Error | null): void => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw ?? false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || char === '\u0004') return finish(new IosBackupError('PASSWORD_REQUIRED', 'no backup password was typed'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    output.write(question);
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}

/**
 * The command line's password source: the file, else the environment variable, else a prompt when stdin and stderr
 * are terminals, else none. Read once, when first asked.
 */
export function commandLinePassword(flags: PasswordFlags, streams?: PromptStreams): PasswordSource {
  if (flags.file !== undefined && flags.env !== undefined) throw new InputError('give --password-file or --password-env, not both');
  let known: Promise<string | null> | undefined;
  return () => {
    known ??= (async () => {
      if (flags.file !== undefined) return readBackupPasswordFile(flags.file);
      if (flags.env !== undefined) return passwordFromEnv(flags.env);
      const terminal = streams ?? { input: process.stdin, output: process.stderr };
      if (!terminal.input.isTTY || !terminal.output.isTTY) return null;
      return promptPassword('Backup password: ', terminal);
    })();
    return known;
  };
}
