#!/usr/bin/env node
// ios-backup-worker: the BullMQ worker process. `--concurrency N` overrides IOS_BACKUP_WORKER__CONCURRENCY;
// SIGTERM/SIGINT close it gracefully (the in-flight job finishes) and the process exits 0.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { configurePlugins } from '../../plugins.config.js';
import { createApp } from '../kernel/app.js';
import { oneLine } from '../kernel/errors.js';
import { nameFailure } from '../kernel/failures.js';
import { captureConsole } from '../kernel/logger.js';
import { removeWorkFoldersAtExit } from '../kernel/work-folder.js';
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
    const stop = (signal: string) => {
      app.logger.info({ step: 'worker-stopping', signal }, 'closing: the in-flight job finishes first');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
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
