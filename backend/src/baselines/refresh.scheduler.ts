/**
 * Periodic model refresh: re-learns every tenant's baselines from their learning windows, checks time-driven
 * detectors (silent sources) and persists memory state. With `REDIS_URL`, a BullMQ job scheduler
 * (`baselines.refresh`, every `everyMs`) runs it on one worker at a time with progress; embedded, a timer does.
 */
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { childLogger } from '../common/logger.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';

export const REFRESH_QUEUE = 'vigie-baselines';
export const REFRESH_JOB = 'baselines.refresh';

export type RefreshRun = (
  onProgress: (p: { tenant: string; done: number; total: number; detector: string }) => void,
) => Promise<{ tenants: number; alerts: number }>;

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

  constructor(
    private readonly redisUrl: string,
    private readonly run: RefreshRun,
    private readonly everyMs: number,
    private readonly consume: boolean,
  ) {}

  async start(): Promise<void> {
    const connection = redisOptionsFromUrl(this.redisUrl) as ConnectionOptions;
    this.queue = new Queue(REFRESH_QUEUE, { connection });
    await this.queue.upsertJobScheduler(
      REFRESH_JOB,
      { every: this.everyMs },
      { name: REFRESH_JOB, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
    );
    if (!this.consume) return;
    this.worker = new Worker(
      REFRESH_QUEUE,
      async (job: Job) => {
        const r = await this.run((p) => void job.updateProgress(p));
        this.log.info(r, 'baselines refreshed');
        return r;
      },
      { connection, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'baseline refresh worker error'));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
