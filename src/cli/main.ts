#!/usr/bin/env node
// ios-backup: the command line. Each command is loaded only when asked for (see usage.ts), so `--help`, `where` and
// `plugins` answer before the ORM or the queue is ever read from disk.
// `--json` prints one JSON document on stdout and nothing else there; errors are one sentence on stderr.
import { parseArgs } from 'node:util';
import { IosBackupError, InputError, oneLine } from '../kernel/errors.js';
import { nameFailure } from '../kernel/failures.js';
import { COMMANDS, OPTIONS, USAGE, type Values } from './usage.js';

/**
 * A reader that went away (`| head`) ends the command quietly with exit 0: what it wanted was read. Exit handlers
 * still run (a job's private copies are removed, an embedded server this process started is stopped).
 */
function quietOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

/** parseArgs' own errors, in the words of this program. */
function argumentError(error: unknown): IosBackupError | null {
  const code = (error as { code?: string })?.code ?? '';
  if (!code.startsWith('ERR_PARSE_ARGS')) return null;
  const option = /'([^']+)'/.exec((error as Error).message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new InputError(`unknown option ${option ?? ''}: \`ios-backup --help\` lists the options`.replace('  ', ' '));
  return new InputError(`${oneLine((error as Error).message).replace(/\. To specify.*$/, '')}: \`ios-backup --help\` lists the options`);
}

async function run(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw argumentError(error) ?? error;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) throw new InputError(`unknown command "${command}": the commands are ${Object.keys(COMMANDS).join(', ')} (\`ios-backup --help\`)`);
  const { run: runCommand } = await load();
  return runCommand(rest, values);
}

quietOnClosedPipes();
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    // One sentence on stderr naming the cause; with --json, also one JSON document on stdout (and nothing else there).
    const failure = nameFailure(error);
    const message = oneLine(failure.message);
    process.stderr.write(`ios-backup: ${message} [${failure.code}]\n`);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: failure.code, message } })}\n`);
    process.exit(1);
  },
);
