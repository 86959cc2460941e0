// The BullMQ side shared by producer and worker: queue name, job name, Redis connection, job ids per backup,
// the retry schedule, and one log line per Redis outage and per recovery. One job id per backup id, so the same
// backup cannot be queued twice at once.
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl, type AppConfig } from '../kernel/config.js';
import { RedisUnavailableError, oneLine } from '../kernel/errors.js';
import type { IndexJobInput, IndexJobResult } from '../kernel/job.js';
import type { Logger } from '../kernel/logger.js';

/** The BullMQ job name of an indexing job. */
export const INDEX_JOB_NAME = 'index-backup';

/** The backoff type of indexing jobs: doubling from the job's delay, capped by the worker's configuration. */
export const CAPPED_BACKOFF = 'capped-exponential';

/** Longest pause between two reconnection attempts to Redis. */
const RECONNECT_CAP_MS = 5000;

/** Job id of a backup's indexing job. */
export function jobIdFor(backupId: string): string {
  return `${INDEX_JOB_NAME}-${backupId}`;
}

/** Delay before the next attempt after `attemptsMade` failed ones: base, 2 x base, 4 x base ... up to `capMs`. */
export function cappedBackoff(attemptsMade: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attemptsMade - 1, 30)));
}

/**
 * Logs one line when Redis becomes unreachable and one when it answers again (ioredis reports every failed
 * reconnection; those go to debug).
 */
export function watchRedis(redis: Redis, logger: Logger, role: string): void {
  /** When the current outage began; 0 while Redis answers. */
  let downSince = 0;
  const down = (fields: Record<string, unknown>, message: string) => {
    downSince = Date.now();
    logger.warn({ step: 'redis-down', role, ...fields }, message);
  };
  redis.on('error', (error: Error) => {
    if (downSince === 0) down({ err: oneLine(error.message) }, 'Redis unreachable; reconnecting until it answers');
    else logger.debug({ step: 'redis-retry', role, err: oneLine(error.message) }, 'Redis still unreachable');
  });
  // 'reconnecting', not 'close': a connection closed on purpose (quit at shutdown) closes without reconnecting.
  redis.on('reconnecting', () => {
    if (downSince === 0) down({}, 'Redis connection lost; reconnecting until it answers');
  });
  redis.on('ready', () => {
    if (downSince > 0) logger.info({ step: 'redis-up', role, downMs: Date.now() - downSince }, 'Redis reachable again');
    downSince = 0;
  });
}

/**
 * A Redis connection as BullMQ needs it (no per-request retry limit). Fails fast with a clear error when Redis does
 * not answer at start; once connected it reconnects forever (every 5 s at most), so a worker outlives any outage.
 */
export async function connectRedis(config: AppConfig): Promise<Redis> {
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(times * 200, RECONNECT_CAP_MS),
  });
  let lastError: Error | undefined;
  const remember = (error: Error) => {
    lastError = error;
  };
  redis.on('error', remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new RedisUnavailableError(`cannot reach Redis at ${redactUrl(config.redisUrl)}: ${oneLine(reason)}`, error);
  }
  redis.off('error', remember);
  // ioredis prints an "Unhandled error event" stack for every failed reconnection of a client without a listener.
  redis.on('error', () => undefined);
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
    backoff: { type: CAPPED_BACKOFF, delay: options.backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 1000 },
  });
  // Two enqueues racing past the check above both reach add(); BullMQ keeps the first job of an id and hands the
  // second caller a Job built from its own arguments. What Redis stored tells which request created the job.
  if (input.runId === undefined) return { job, created: true };
  const stored = await queue.getJob(jobId);
  if (stored && (stored.data as IndexJobInput | undefined)?.runId !== input.runId) return { job: stored, created: false };
  return { job: stored ?? job, created: true };
}

/** Opens the queue on a connection; its errors (Redis going away) are left to the connection's watcher. */
export function openQueue(name: string, connection: ConnectionOptions): Queue<IndexJobInput, IndexJobResult> {
  const queue = new Queue<IndexJobInput, IndexJobResult>(name, { connection });
  queue.on('error', () => undefined);
  return queue;
}
