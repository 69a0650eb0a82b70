import { randomUUID } from 'node:crypto';
import { childLogger } from '../common/logger.js';
import {
  backoffDelay,
  type DeadLetter,
  type Job,
  type JobHandler,
  type JobName,
  type JobPayloads,
  type QueueCounts,
  type QueueOptions,
  type QueuePort,
} from './queue.port.js';
import { isUnavailable, UnavailableBackoff } from './unavailable-retry.js';

interface Entry {
  job: Job;
  readyAt: number;
}

/**
 * The in-process queue for embedded mode: same semantics as the BullMQ adapter (batches, retries with backoff,
 * dead letters, concurrency, graceful drain) without Redis. Jobs live in memory: a crash loses queued batches,
 * which is why distributed deployments use BullMQ.
 */
export class InProcessQueueAdapter implements QueuePort {
  readonly adapter = 'in-process' as const;
  private readonly log = childLogger('queue.in-process');
  private readonly waiting: Entry[] = [];
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly dead: DeadLetter[] = [];
  private readonly ids = new Set<string>();
  private active = 0;
  private completed = 0;
  private closing = false;
  private timer?: NodeJS.Timeout;
  private idleWaiters: (() => void)[] = [];
  private readonly unavailable: UnavailableBackoff;

  constructor(private readonly opts: QueueOptions) {
    this.unavailable = new UnavailableBackoff(opts);
  }

  async init(): Promise<void> {}

  async enqueue<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    opts: { jobId?: string } = {},
  ): Promise<string> {
    if (this.closing) throw new Error('queue is closing');
    const id = opts.jobId ?? randomUUID();
    if (this.ids.has(id)) return id;
    this.ids.add(id);
    this.waiting.push({ job: { id, name, data, attempt: 1 } as Job, readyAt: 0 });
    this.pump();
    return id;
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as JobHandler);
    this.pump();
  }

  private pump(): void {
    if (this.closing) return;
    this.pumpNow();
  }

  private pumpNow(): void {
    const now = Date.now();
    while (this.active < this.opts.concurrency) {
      const idx = this.waiting.findIndex((e) => e.readyAt <= now && this.handlers.has(e.job.name));
      if (idx < 0) break;
      const [entry] = this.waiting.splice(idx, 1);
      void this.run(entry.job);
    }
    const next = this.waiting
      .filter((e) => e.readyAt > now)
      .reduce((m, e) => Math.min(m, e.readyAt), Infinity);
    if (this.timer) clearTimeout(this.timer);
    if (next !== Infinity && !this.closing)
      this.timer = setTimeout(() => this.pump(), Math.max(1, next - now));
  }

  private async run(job: Job): Promise<void> {
    this.active++;
    try {
      await this.handlers.get(job.name)!(job);
      this.unavailable.succeeded();
      this.completed++;
      this.ids.delete(job.id);
    } catch (err) {
      const reason = (err as Error)?.message ?? String(err);
      if (isUnavailable(err)) {
        // Store unavailable: delayed without using an attempt, for as long as the outage lasts (unavailable-retry.ts).
        const delay = this.unavailable.next();
        if (this.unavailable.shouldLog())
          this.log.warn(
            { job: job.id, name: job.name, delay, reason },
            'store unavailable, job delayed (attempts kept)',
          );
        this.waiting.push({ job, readyAt: Date.now() + delay });
      } else if (job.attempt < this.opts.attempts) {
        const delay = backoffDelay(this.opts, job.attempt);
        this.log.warn(
          { job: job.id, name: job.name, attempt: job.attempt, delay, reason },
          'job failed, will retry',
        );
        this.waiting.push({ job: { ...job, attempt: job.attempt + 1 }, readyAt: Date.now() + delay });
      } else {
        this.log.error({ job: job.id, name: job.name, attempts: job.attempt, reason }, 'job dead-lettered');
        this.dead.push({
          id: job.id,
          name: job.name,
          reason,
          attempts: job.attempt,
          failedAt: new Date().toISOString(),
        });
        this.ids.delete(job.id);
      }
    } finally {
      this.active--;
      if (this.active === 0) this.idleWaiters.splice(0).forEach((w) => w());
      this.pump();
    }
  }

  async counts(): Promise<QueueCounts> {
    const now = Date.now();
    return {
      waiting: this.waiting.filter((e) => e.readyAt <= now).length,
      delayed: this.waiting.filter((e) => e.readyAt > now).length,
      active: this.active,
      failed: this.dead.length,
      completed: this.completed,
    };
  }

  async workers(): Promise<number> {
    return this.handlers.size > 0 && !this.closing ? 1 : 0;
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    return this.dead.slice(-limit).reverse();
  }

  async health() {
    return {
      ok: !this.closing,
      adapter: this.adapter,
      detail: `${this.handlers.size} handler(s), concurrency ${this.opts.concurrency}`,
    };
  }

  /** Waits until nothing is queued or running (used by the CLI and tests to wait for a batch to land). */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.active > 0) {
      await new Promise<void>((r) => (this.active > 0 ? this.idleWaiters.push(r) : setTimeout(r, 5)));
    }
  }

  /**
   * Stops accepting jobs, then finishes the queued ones (their batches live only in memory) for up to
   * `drainMs`, and waits for those in flight. What is still queued after that is logged as lost.
   */
  async close(drainMs = 30_000): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + drainMs;
    const hasHandler = (e: Entry) => this.handlers.has(e.job.name);
    while (this.waiting.some(hasHandler) && Date.now() < deadline) {
      for (const e of this.waiting) e.readyAt = Math.min(e.readyAt, Date.now());
      this.pumpNow();
      await new Promise<void>((r) => (this.active > 0 ? this.idleWaiters.push(r) : setTimeout(r, 5)));
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.active > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    if (this.waiting.length)
      this.log.error({ lost: this.waiting.length }, 'queue closed with batches still waiting');
  }
}
