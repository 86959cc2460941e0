// The BullMQ side shared by producer and worker: queue name, job name, Redis connection, job ids per backup.
// One job id per backup id, so the same backup cannot be queued twice at once.
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl, type AppConfig } from '../kernel/config.js';
import { InfrastructureError } from '../kernel/errors.js';
import type { IndexJobInput, IndexJobResult } from '../kernel/job.js';

/** The BullMQ job name of an indexing job. */
export const INDEX_JOB_NAME = 'index-backup';

/** Job id of a backup's indexing job. */
export function jobIdFor(backupId: string): string {
  return `${INDEX_JOB_NAME}-${backupId}`;
}

/** A Redis connection as BullMQ needs it (no per-request retry limit). Fails fast with a clear error when unreachable. */
export async function connectRedis(config: AppConfig): Promise<Redis> {
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 5000,
    retryStrategy: (times) => (times > 20 ? null : Math.min(times * 200, 2000)),
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new InfrastructureError(`cannot reach Redis at ${redactUrl(config.redisUrl)}: ${reason}`, error);
  }
  return redis;
}

/** Options for enqueueing. */
export interface EnqueueOptions {
  attempts: number;
  backoffMs: number;
}

/**
 * Adds the backup's indexing job. While a job for the backup is waiting or running, the existing one is returned
 * (one job per backup); a finished job of an earlier run is removed first so the backup can be indexed again.
 */
export async function enqueueIndexJob(queue: Queue, input: IndexJobInput, options: EnqueueOptions) {
  const jobId = jobIdFor(input.backupId);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'completed' || state === 'failed') await existing.remove().catch(() => undefined);
    else return { job: existing, created: false };
  }
  const job = await queue.add(INDEX_JOB_NAME, input, {
    jobId,
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 1000 },
  });
  return { job, created: true };
}

/** Opens the queue (and its events, for waiting) on a connection. */
export function openQueue(name: string, connection: ConnectionOptions): { queue: Queue; events: () => QueueEvents } {
  const queue = new Queue<IndexJobInput, IndexJobResult>(name, { connection });
  return { queue, events: () => new QueueEvents(name, { connection }) };
}
