// `ios-backup where`: which database and queue this machine's commands use, found without starting anything.
import { loadConfig, redactUrl } from '../../kernel/config.js';
import { embeddedReason } from '../../kernel/database.js';
import { answers, defaultEmbeddedDir, embeddedState } from '../../kernel/embedded.js';
import type { Values } from '../usage.js';

export async function run(_positionals: string[], values: Values): Promise<number> {
  const config = loadConfig();
  const redisTarget = new URL(config.redisUrl);
  const [reason, redisAnswers] = await Promise.all([
    embeddedReason(config, { embedded: true, timeoutMs: 300 }),
    answers(redisTarget.hostname, Number(redisTarget.port || 6379), 300),
  ]);
  const embedded = reason !== null;
  // A default address is used only when it answered; a configured one is probed here only to say whether it answers.
  const databaseTarget = new URL(config.databaseUrl);
  const databaseAnswers =
    !embedded && (config.databaseMode === 'default' || (await answers(databaseTarget.hostname, Number(databaseTarget.port || 5432), 300)));
  const folder = config.embeddedDir ?? defaultEmbeddedDir();
  const state = embeddedState(folder);
  const database = embedded
    ? {
        kind: 'embedded',
        folder,
        created: state.exists,
        running: state.running !== null,
        port: state.running?.port ?? null,
        processes: state.clients,
        reason,
      }
    : { kind: config.databaseMode, url: redactUrl(config.databaseUrl), answers: databaseAnswers };
  const queue = { url: redactUrl(config.redisUrl), answers: redisAnswers };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ database, queue, workDir: config.workDir })}\n`);
    return 0;
  }
  const lines: string[] = [];
  if (embedded) {
    const now = state.running ? `running on 127.0.0.1:${state.running.port}, used by ${state.clients} process${state.clients === 1 ? '' : 'es'}` : 'started when a command needs it and stopped after';
    lines.push(`database: the embedded PostgreSQL in ${folder} (${database.reason}); ${state.exists ? now : 'created on first use'}`);
  } else {
    const how = config.databaseMode === 'configured' ? 'IOS_BACKUP_DATABASE__URL' : 'the default address';
    lines.push(`database: PostgreSQL at ${redactUrl(config.databaseUrl)} (${how}; ${databaseAnswers ? 'answers' : 'does not answer'})`);
  }
  lines.push(
    `queue:    Redis at ${redactUrl(config.redisUrl)} (${redisAnswers ? 'answers: `enqueue` and `ios-backup-worker` use it' : 'does not answer: `index` runs jobs in this process; `enqueue` and the worker need Redis'})`,
  );
  lines.push(`work:     private copies of evidence go in ${config.workDir} while a job runs`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
