/**
 * Periodic model refresh: re-learns every tenant's baselines from their learning windows, checks time-driven
 * detectors (silent sources) and persists memory state. With `REDIS_URL`, a BullMQ job scheduler
 * (`baselines.refresh` on queue `vigie-baselines`, under the deployment's `QUEUE_PREFIX` like the ingest queue, every
 * `everyMs`) runs it on one worker; embedded, a timer does. `requestRefresh` queues one refresh now and waits for
 * its result (`POST /api/baselines/refresh`, tests).
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { childLogger } from '../common/logger.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';

export const REFRESH_QUEUE = 'vigie-baselines';
export const REFRESH_JOB = 'baselines.refresh';

export interface RefreshResult {
  tenants: number;
  alerts: number;
}

/** Refreshes every tenant, or only `tenant`. */
export type RefreshRun = (
  onProgress: (p: { tenant: string; done: number; total: number; detector: string }) => void,
  tenant?: string,
) => Promise<RefreshResult>;

export interface RefreshScheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class TimerRefreshScheduler implements RefreshScheduler {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly log = childLogger('baselines.refresh');

  constructor(
    private readonly run: RefreshRun,
    private readonly everyMs: number,
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.once(), this.everyMs);
    this.timer.unref();
  }

  async once(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const r = await this.run(() => undefined);
      this.log.info(r, 'baselines refreshed');
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'baseline refresh failed');
    } finally {
      this.running = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 50));
  }
}

export class BullMqRefreshScheduler implements RefreshScheduler {
  private queue?: Queue;
  private worker?: Worker;
  private readonly log = childLogger('baselines.refresh');

  /**
   * `prefix`: the deployment's `QUEUE_PREFIX`. Deployments sharing one Redis each have their own refresh queue and
   * schedule (a worker refreshes the tenants of its own storage only, so it must not take another's job).
   */
  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly run: RefreshRun,
    private readonly everyMs: number,
    private readonly consume: boolean,
  ) {}

  async start(): Promise<void> {
    const connection = redisOptionsFromUrl(this.redisUrl) as ConnectionOptions;
    this.queue = new Queue(REFRESH_QUEUE, { connection, prefix: this.prefix });
    await this.queue.upsertJobScheduler(
      REFRESH_JOB,
      { every: this.everyMs },
      { name: REFRESH_JOB, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
    );
    if (!this.consume) return;
    this.worker = new Worker(
      REFRESH_QUEUE,
      async (job: Job<{ tenant?: string }>) => {
        const r = await this.run((p) => void job.updateProgress(p), job.data?.tenant);
        this.log.info(r, 'baselines refreshed');
        return r;
      },
      { connection, prefix: this.prefix, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'baseline refresh worker error'));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}

/**
 * Queues one refresh now (the scheduler's job, run by whichever worker takes it) of every tenant or of `tenant`,
 * and waits for its result. Throws when it fails or does not finish within `timeoutMs`.
 */
export async function requestRefresh(
  redisUrl: string,
  prefix: string,
  opts: { tenant?: string; timeoutMs?: number } = {},
): Promise<RefreshResult> {
  const connection = redisOptionsFromUrl(redisUrl) as ConnectionOptions;
  const queue = new Queue(REFRESH_QUEUE, { connection, prefix });
  const events = new QueueEvents(REFRESH_QUEUE, { connection, prefix });
  try {
    await events.waitUntilReady();
    const job = await queue.add(REFRESH_JOB, opts.tenant ? { tenant: opts.tenant } : {}, {
      jobId: `requested-${randomUUID()}`,
      removeOnComplete: 20,
      removeOnFail: 50,
    });
    return (await job.waitUntilFinished(events, opts.timeoutMs ?? 600_000)) as RefreshResult;
  } finally {
    await events.close();
    await queue.close();
  }
}
