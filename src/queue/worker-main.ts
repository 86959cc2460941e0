#!/usr/bin/env node
// ios-backup-worker: the BullMQ worker process. `--concurrency N` overrides IOS_BACKUP_WORKER__CONCURRENCY;
// SIGTERM/SIGINT close it gracefully (the in-flight job finishes) and the process exits 0; a second one stops it at once.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { configurePlugins } from '../../plugins.config.js';
import { createApp } from '../kernel/app.js';
import { oneLine } from '../kernel/errors.js';
import { nameFailure } from '../kernel/failures.js';
import { captureConsole } from '../kernel/logger.js';
import { removeLiveWorkFoldersSync, removeWorkFoldersAtExit } from '../kernel/work-folder.js';
import { connectRedis } from './queue.js';
import { startWorker } from './worker.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('usage: ios-backup-worker [--concurrency N]\n');
    return 0;
  }
  const env = { ...process.env };
  if (values.concurrency !== undefined) env.IOS_BACKUP_WORKER__CONCURRENCY = values.concurrency;
  const app = createApp(configurePlugins, { env });
  captureConsole(app.logger);
  // A job's private folder goes when the job ends (a graceful stop lets it end); this catches a process.exit.
  removeWorkFoldersAtExit();
  const connection = await connectRedis(app.config);
  const worker = await startWorker(app, connection, app.config.workerConcurrency);
  app.logger.info({ step: 'worker-ready', queue: app.config.queueName, concurrency: app.config.workerConcurrency }, 'worker ready');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: 'SIGTERM' | 'SIGINT') => {
      if (stopping) {
        // A second signal: stop now. The job's transaction rolls back with the connection; its copies go first.
        app.logger.warn({ step: 'worker-killed', signal }, 'second signal: stopping now; the in-flight job is abandoned and its private copies removed');
        removeLiveWorkFoldersSync();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      app.logger.info({ step: 'worker-stopping', signal }, 'closing: the in-flight job finishes first (a second signal stops at once)');
      resolve();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  await worker.close();
  await connection.quit().catch(() => undefined);
  await app.close();
  app.logger.info({ step: 'worker-stopped' }, 'worker stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const failure = nameFailure(error);
    process.stderr.write(`ios-backup-worker: ${oneLine(failure.message)} [${failure.code}]\n`);
    process.exit(1);
  },
);
