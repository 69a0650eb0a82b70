/**
 * The queue port. Jobs carry batches (hundreds of records), never single events. Retries with exponential
 * backoff and the dead-letter list live here, once, not in the use-cases that handle jobs.
 */
import type { IngestBatch } from '../ingest/ingest-batch.js';

/** Every job name, with its payload type. Start-up fails if a name has no handler or two. */
export interface JobPayloads {
  'ingest.batch': IngestBatch;
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES: readonly JobName[] = ['ingest.batch'];

export interface Job<N extends JobName = JobName> {
  id: string;
  name: N;
  data: JobPayloads[N];
  /** 1 on the first run. */
  attempt: number;
}

export type JobHandler<N extends JobName = JobName> = (job: Job<N>) => Promise<unknown>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface DeadLetter {
  id: string;
  name: JobName;
  reason: string;
  attempts: number;
  failedAt: string;
}

export interface QueueOptions {
  /** Attempts before a job is dead-lettered (default 5). */
  attempts: number;
  /** First retry delay; doubles on each attempt (default 500 ms). */
  backoffMs: number;
  concurrency: number;
  /**
   * Largest delay between runs of a job whose store is unavailable (default 5 s). Such runs do not use attempts;
   * see unavailable-retry.ts.
   */
  unavailableMaxDelayMs?: number;
}

export interface QueuePort {
  readonly adapter: 'bullmq' | 'in-process';
  init(): Promise<void>;
  /** Enqueues a job; a job with the same `jobId` already queued is not added twice. */
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts?: { jobId?: string }): Promise<string>;
  /** Starts consuming jobs of this name. Call once per name, in worker roles only. */
  process<N extends JobName>(name: N, handler: JobHandler<N>): void;
  counts(): Promise<QueueCounts>;
  /** Worker processes currently consuming this queue (all processes for BullMQ; this one for in-process). */
  workers(): Promise<number>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  health(): Promise<{ ok: boolean; adapter: string; detail: string }>;
  /** Stops taking jobs, waits for the ones in flight, then closes connections. */
  close(): Promise<void>;
}

export class JobRegistryError extends Error {}

/** Checks at start-up that every job name has exactly one handler. */
export function assertHandlers(registered: JobName[]): void {
  const missing = JOB_NAMES.filter((n) => !registered.includes(n));
  const twice = registered.filter((n, i) => registered.indexOf(n) !== i);
  if (missing.length || twice.length) {
    throw new JobRegistryError(
      [
        missing.length ? `no handler for job(s) ${missing.join(', ')}` : '',
        twice.length ? `two handlers for ${twice.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
}

export const backoffDelay = (opts: QueueOptions, attempt: number): number =>
  opts.backoffMs * 2 ** (attempt - 1);
