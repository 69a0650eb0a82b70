import { hostname } from 'node:os';
import { DelayedError, Queue, Worker, type ConnectionOptions } from 'bullmq';
import { childLogger } from '../common/logger.js';
import type {
  DeadLetter,
  Job,
  JobHandler,
  JobName,
  JobPayloads,
  QueueCounts,
  QueueOptions,
  QueuePort,
} from './queue.port.js';
import { redisOptionsFromUrl } from './redis-options.js';
import { isUnavailable, UnavailableBackoff } from './unavailable-retry.js';

const QUEUE = 'vigie-jobs';

/**
 * BullMQ + Redis queue for distributed deployments: several worker processes share one queue; a job whose
 * worker dies is detected as stalled and run again (at-least-once), which is why every write is idempotent.
 */
export class BullMqQueueAdapter implements QueuePort {
  readonly adapter = 'bullmq' as const;
  private readonly log = childLogger('queue.bullmq');
  private readonly connection: ConnectionOptions;
  private queue?: Queue;
  private worker?: Worker;
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly unavailable: UnavailableBackoff;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly opts: QueueOptions,
  ) {
    this.connection = redisOptionsFromUrl(redisUrl) as ConnectionOptions;
    this.unavailable = new UnavailableBackoff(opts);
  }

  async init(): Promise<void> {
    // The producer side fails fast while Redis is unreachable (ingest answers 503) instead of queueing commands
    // in memory; workers keep the blocking connection that waits for Redis to come back.
    this.queue = new Queue(QUEUE, {
      connection: {
        ...(this.connection as object),
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      } as ConnectionOptions,
      prefix: this.prefix,
    });
    // Without a listener BullMQ prints connection errors to the console; they go to the log, once per 5 s at most.
    let lastError = 0;
    this.queue.on('error', (err) => {
      if (Date.now() - lastError < 5_000) return;
      lastError = Date.now();
      this.log.warn({ err: err.message }, 'queue connection error (ingest answers 503 until Redis is back)');
    });
    await this.queue.waitUntilReady();
  }

  async enqueue<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    opts: { jobId?: string } = {},
  ): Promise<string> {
    const job = await this.queue!.add(name, data, {
      jobId: opts.jobId,
      attempts: this.opts.attempts,
      backoff: { type: 'exponential', delay: this.opts.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: false,
    });
    return job.id!;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as JobHandler);
    if (this.worker) return;
    // One worker per process dispatches every job name, so jobs of a name this process lacks fail loudly.
    this.worker = new Worker(
      QUEUE,
      async (job, token) => {
        const h = this.handlers.get(job.name as JobName);
        if (!h) throw new Error(`no handler for job "${job.name}" in this worker`);
        const typed = { id: job.id!, name: job.name, data: job.data, attempt: job.attemptsMade + 1 } as Job;
        try {
          const result = await h(typed);
          this.unavailable.succeeded();
          return result;
        } catch (err) {
          if (!isUnavailable(err)) throw err;
          // Store unavailable: back to the delayed set without using an attempt (unavailable-retry.ts).
          const delay = this.unavailable.next();
          if (this.unavailable.shouldLog()) {
            this.log.warn(
              { job: job.id, name: job.name, delay, reason: (err as Error).message },
              'store unavailable, job delayed (attempts kept)',
            );
          }
          await job.moveToDelayed(Date.now() + delay, token);
          throw new DelayedError();
        }
      },
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: this.opts.concurrency,
        // Shown as the job's `processedBy` and in getWorkers(): which process holds a job.
        name: `${hostname()}:${process.pid}`,
        // A killed worker's lock expires after lockDuration (renewed every 5 s while the worker lives); the stalled
        // check, every stalledInterval, then puts its jobs back: a killed worker's batch re-runs within ~15-20 s.
        lockDuration: 10_000,
        stalledInterval: 5_000,
        maxStalledCount: 3,
      },
    );
    this.worker.on('failed', (job, err) => {
      this.log.warn(
        { job: job?.id, name: job?.name, attempt: job?.attemptsMade, reason: err.message },
        'job failed',
      );
    });
    this.worker.on('error', (err) => this.log.error({ err: err.message }, 'worker error'));
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue!.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
      'prioritized',
    );
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    };
  }

  async workers(): Promise<number> {
    return this.queue!.getWorkersCount();
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const failed = await this.queue!.getFailed(0, limit - 1);
    return failed.map((j) => ({
      id: j.id!,
      name: j.name as JobName,
      reason: j.failedReason,
      attempts: j.attemptsMade,
      failedAt: new Date(j.finishedOn ?? Date.now()).toISOString(),
    }));
  }

  async health() {
    try {
      await this.queue!.getJobCounts('waiting');
      return {
        ok: true,
        adapter: this.adapter,
        detail: `redis ${this.connectionLabel()}, ${this.worker ? `worker concurrency ${this.opts.concurrency}` : 'no worker'}`,
      };
    } catch (err) {
      return { ok: false, adapter: this.adapter, detail: (err as Error).message };
    }
  }

  private connectionLabel(): string {
    const c = this.connection as { host?: string; port?: number };
    return `${c.host}:${c.port}`;
  }

  async close(): Promise<void> {
    // Worker.close() waits for the jobs in flight to finish before it resolves.
    await this.worker?.close();
    await this.queue?.close();
  }
}
