// `enqueue --wait`: follows a queued job to its outcome without trusting Redis alone. The backup row in PostgreSQL
// (status and the run that set it) is the truth: a job that Redis lost is either finished there, re-queued, or
// reported; Redis or PostgreSQL going away only delays the answer, and the wait ends at its timeout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { IosBackupError, RETRYABLE_CODES, oneLine } from '../kernel/errors.js';
import { nameFailure } from '../kernel/failures.js';
import { isBeingIndexed, type IndexJobInput, type IndexJobResult } from '../kernel/job.js';
import type { Logger } from '../kernel/logger.js';
import type { RegisteredPlugin } from '../kernel/plugin.js';
import { recordedResult, recordedRun } from '../kernel/recorded.js';
import { enqueueIndexJob, jobIdFor, type EnqueueOptions } from './queue.js';

/** How the outcome was learned. */
export type OutcomeSource = 'queue' | 'postgresql';

/** What `enqueue --wait` ends with. */
export interface WaitOutcome {
  result: IndexJobResult;
  from: OutcomeSource;
}

/** What the wait needs. */
export interface WaitOptions {
  queue: Queue<IndexJobInput, IndexJobResult>;
  orm: MikroORM;
  plugins: readonly RegisteredPlugin[];
  /** The job's input as queued: its runId identifies the run on the backup row; it is queued again if Redis lost it. */
  input: IndexJobInput & { runId: string };
  enqueue: EnqueueOptions;
  timeoutMs: number;
  pollMs?: number;
  logger: Logger;
  /** One human line per change of situation (stderr of the command line). */
  notify?: (line: string) => void;
}

/** A call to Redis or PostgreSQL that gives up after `ms` (ioredis queues commands while disconnected). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type QueueView = { reachable: false } | { reachable: true; state: string | null; runId: string | null; returnvalue: unknown; failedReason: string | null };

async function viewQueue(queue: Queue<IndexJobInput, IndexJobResult>, jobId: string, ms: number): Promise<QueueView> {
  try {
    const job = await within(ms, queue.getJob(jobId));
    if (!job) return { reachable: true, state: null, runId: null, returnvalue: null, failedReason: null };
    const state = await within(ms, job.getState());
    return { reachable: true, state, runId: job.data?.runId ?? null, returnvalue: job.returnvalue, failedReason: job.failedReason ?? null };
  } catch {
    return { reachable: false };
  }
}

/** Waits for the job's outcome; throws JOB_FAILED, or WAIT_TIMEOUT after `timeoutMs`. */
export async function waitForOutcome(options: WaitOptions): Promise<WaitOutcome> {
  const { queue, orm, plugins, logger } = options;
  const notify = options.notify ?? (() => undefined);
  const pollMs = options.pollMs ?? 500;
  const callMs = Math.max(1000, pollMs * 4);
  const jobId = jobIdFor(options.input.backupId);
  const backupId = options.input.backupId;
  let runId = options.input.runId;
  const deadline = Date.now() + options.timeoutMs;
  let redisDown = false;
  let pgDown = false;
  let missingSince = 0;
  let requeued = 0;

  while (Date.now() < deadline) {
    const view = await viewQueue(queue, jobId, callMs);
    if (!view.reachable) {
      if (!redisDown) notify('Redis is unreachable; waiting (the outcome will be read from PostgreSQL)');
      redisDown = true;
    } else {
      if (redisDown) notify('Redis is reachable again');
      redisDown = false;
      if (view.state !== null && view.runId && view.runId !== runId) {
        // Another request for the same backup replaced ours after it finished; its outcome is the backup's now.
        logger.info({ step: 'wait-adopt', backupId, runId: view.runId }, 'following a newer request for the same backup');
        runId = view.runId;
      }
      if (view.state === 'completed' && view.returnvalue) return { result: view.returnvalue as IndexJobResult, from: 'queue' };
      if (view.state === 'failed') throw new IosBackupError('JOB_FAILED', `job ${jobId} failed: ${oneLine(view.failedReason ?? 'no reason recorded')}`);
    }

    let recorded: Awaited<ReturnType<typeof recordedRun>> | undefined;
    try {
      recorded = await within(callMs, recordedRun(orm, backupId));
      if (pgDown) notify('PostgreSQL is reachable again');
      pgDown = false;
    } catch (error) {
      if (!pgDown) notify(`PostgreSQL is unreachable; waiting (${nameFailure(error).message})`);
      pgDown = true;
    }

    // What PostgreSQL holds of this run, when the backup row was last set by it.
    const ours = recorded?.runId === runId ? recorded : null;
    const lostByRedis = view.reachable && view.state === null;
    if (ours?.status === 'INDEXED' && (!view.reachable || (view.state !== 'active' && view.state !== 'completed'))) {
      // Finished, and Redis cannot be asked or no longer knows the job: PostgreSQL holds the result.
      try {
        return { result: await within(callMs, recordedResult(orm, plugins, backupId)), from: 'postgresql' };
      } catch {
        // PostgreSQL went away between the two reads: ask again on the next round.
      }
    }
    const failedForGood = ours?.status === 'FAILED' && !RETRYABLE_CODES.has(ours.errorCode ?? '');
    if (failedForGood && lostByRedis) {
      throw new IosBackupError('JOB_FAILED', `job ${jobId} failed: ${ours.errorCode ?? 'ERROR'}: ${oneLine(ours.error ?? 'no reason recorded')}`);
    }

    // Redis answers but no longer has the job, and PostgreSQL shows neither an outcome of this run nor a job at work:
    // Redis lost it (a restart without persistence) before it ran or while a retry was pending. Seen for a second,
    // it is queued again.
    if (lostByRedis && recorded !== undefined && ours?.status !== 'INDEXED' && !failedForGood) {
      const working = await within(callMs, isBeingIndexed(orm, backupId)).catch(() => true);
      if (working) missingSince = 0;
      else if (missingSince === 0) missingSince = Date.now();
      else if (Date.now() - missingSince >= 1000) {
        try {
          await within(callMs, enqueueIndexJob(queue, { ...options.input, runId }, options.enqueue));
          requeued += 1;
          missingSince = 0;
          notify(`the queue lost job ${jobId} (Redis restarted without persistence?); queued it again`);
          logger.warn({ step: 'wait-requeued', backupId, jobId, times: requeued }, 'job lost by Redis; queued again');
        } catch {
          // Redis went away again: the next round decides.
        }
      }
    } else {
      missingSince = 0;
    }
    await sleep(pollMs);
  }
  throw new IosBackupError(
    'WAIT_TIMEOUT',
    `job ${jobId} did not finish within ${Math.round(options.timeoutMs / 1000)} s (it may still run: see ios-backup status ${backupId})`,
  );
}
