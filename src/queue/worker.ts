// The BullMQ worker: runs indexing jobs with the kernel's job runner. A plugin's bad data is recorded on the job's
// result; bad input is unrecoverable; infrastructure errors are retried by BullMQ's backoff.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { IosBackupError } from '../kernel/errors.js';
import { IndexJobRunner, type IndexJobInput, type IndexJobResult } from '../kernel/job.js';
import type { App } from '../kernel/app.js';
import { INDEX_JOB_NAME } from './queue.js';

/** Creates a running worker on the app's queue. */
export async function startWorker(app: App, connection: Redis, concurrency: number): Promise<Worker<IndexJobInput, IndexJobResult>> {
  const orm = await app.orm();
  const runner = new IndexJobRunner({ orm, plugins: app.plugins, logger: app.logger });
  const worker = new Worker<IndexJobInput, IndexJobResult>(
    app.config.queueName,
    async (job: Job<IndexJobInput, IndexJobResult>) => {
      if (job.name !== INDEX_JOB_NAME) throw new UnrecoverableError(`unknown job name ${job.name}`);
      try {
        return await runner.run(job.data, String(job.id));
      } catch (error) {
        if (error instanceof IosBackupError && !error.recoverable) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
    { connection, concurrency, autorun: true },
  );
  worker.on('failed', (job, error) =>
    app.logger.warn({ step: 'job-failed', jobId: job?.id, backupId: job?.data.backupId, err: error.message }, 'job failed'),
  );
  worker.on('error', (error) => app.logger.error({ step: 'worker-error', err: error.message }, 'worker error'));
  await worker.waitUntilReady();
  return worker;
}
