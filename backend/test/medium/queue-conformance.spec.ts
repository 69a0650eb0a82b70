/**
 * Queue conformance suite: the same behaviour from the in-process adapter and from BullMQ on a real Redis
 * (REDIS_URL; required when CI=true).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../src/ingest/ingest-batch.js';
import { BullMqQueueAdapter } from '../../src/queue/bullmq-queue.adapter.js';
import { InProcessQueueAdapter } from '../../src/queue/in-process-queue.adapter.js';
import { assertHandlers, type QueueOptions, type QueuePort } from '../../src/queue/queue.port.js';
import { redisUrl, serviceAvailable, uniqueName } from '../support/services.js';

const redisUp = await serviceAvailable('Redis');

const targets: { name: string; make: (o: QueueOptions) => QueuePort }[] = [
  { name: 'in-process', make: (o) => new InProcessQueueAdapter(o) },
];
if (redisUp)
  targets.push({ name: 'bullmq', make: (o) => new BullMqQueueAdapter(redisUrl, uniqueName('vq'), o) });

const batch = (n: number, tag = 'x'): IngestBatch => ({
  tenant: 't',
  source: 'json',
  records: Array.from({ length: n }, (_, i) => `${tag}-${i}`),
  deliveryId: tag,
  positions: Array.from({ length: n }, (_, i) => i),
  receivedAt: new Date().toISOString(),
});

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(targets)('queue conformance: $name', ({ make }) => {
  let q: QueuePort | undefined;
  afterEach(async () => {
    await q?.close();
    q = undefined;
  });

  it('delivers whole batches to the handler', async () => {
    q = make({ attempts: 3, backoffMs: 10, concurrency: 1 });
    await q.init();
    const seen: number[] = [];
    q.process('ingest.batch', async (job) => {
      seen.push(job.data.records.length);
    });
    await q.enqueue('ingest.batch', batch(300, 'a'));
    await q.enqueue('ingest.batch', batch(200, 'b'));
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual([200, 300]);
    await until(async () => (await q!.counts()).completed >= 2);
  });

  it('retries a failing job with backoff, then succeeds', async () => {
    q = make({ attempts: 4, backoffMs: 50, concurrency: 1 });
    await q.init();
    const attempts: { attempt: number; at: number }[] = [];
    q.process('ingest.batch', async (job) => {
      attempts.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error(`storage unavailable (attempt ${job.attempt})`);
    });
    await q.enqueue('ingest.batch', batch(1, 'r'));
    await until(() => attempts.length === 3);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Exponential backoff: the second wait is longer than the first (50 ms, then 100 ms).
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(45);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(95);
    await new Promise((r) => setTimeout(r, 100));
    expect((await q.deadLetters()).length).toBe(0);
  });

  it('dead-letters a job after its last attempt, with the reason', async () => {
    q = make({ attempts: 2, backoffMs: 10, concurrency: 1 });
    await q.init();
    q.process('ingest.batch', async () => {
      throw new Error('mapping conflict on field x');
    });
    const id = await q.enqueue('ingest.batch', batch(1, 'd'));
    await until(async () => (await q!.deadLetters()).length === 1);
    const [dead] = await q.deadLetters();
    expect(dead).toMatchObject({ id, name: 'ingest.batch', attempts: 2 });
    expect(dead.reason).toContain('mapping conflict on field x');
    expect((await q.counts()).failed).toBe(1);
  });

  it('runs up to `concurrency` jobs at once', async () => {
    q = make({ attempts: 1, backoffMs: 10, concurrency: 2 });
    await q.init();
    let running = 0;
    let peak = 0;
    let done = 0;
    q.process('ingest.batch', async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 150));
      running--;
      done++;
    });
    for (let i = 0; i < 4; i++) await q.enqueue('ingest.batch', batch(1, `c${i}`));
    await until(() => done === 4);
    expect(peak).toBe(2);
  });

  it('drains the job in flight on graceful shutdown', async () => {
    q = make({ attempts: 1, backoffMs: 10, concurrency: 1 });
    await q.init();
    let started = false;
    let finished = false;
    q.process('ingest.batch', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await q.enqueue('ingest.batch', batch(1, 'g'));
    await until(() => started);
    await q.close();
    expect(finished).toBe(true);
    q = undefined;
  });

  it('does not add a job twice under the same job id', async () => {
    q = make({ attempts: 1, backoffMs: 10, concurrency: 1 });
    await q.init();
    await q.enqueue('ingest.batch', batch(1, 'u'), { jobId: 'same-id' });
    await q.enqueue('ingest.batch', batch(1, 'u'), { jobId: 'same-id' });
    const c = await q.counts();
    expect(c.waiting + c.active + c.completed + c.delayed).toBe(1);
  });
});

describe('in-process queue shutdown', () => {
  it('finishes the batches still queued (they live only in memory) before closing', async () => {
    const q = new InProcessQueueAdapter({ attempts: 2, backoffMs: 10_000, concurrency: 1 });
    await q.init();
    const done: string[] = [];
    let failedOnce = false;
    q.process('ingest.batch', async (job) => {
      await new Promise((r) => setTimeout(r, 50));
      if (job.data.deliveryId === 'retry' && !failedOnce) {
        failedOnce = true;
        throw new Error('transient');
      }
      done.push(job.data.deliveryId);
    });
    for (const tag of ['one', 'two', 'retry', 'three']) await q.enqueue('ingest.batch', batch(1, tag));
    await q.close();
    expect(done.sort()).toEqual(['one', 'retry', 'three', 'two']);
    await expect(q.enqueue('ingest.batch', batch(1, 'late'))).rejects.toThrow(/closing/);
  });
});

describe('job registry', () => {
  it('fails start-up when a job name has no handler or two', () => {
    expect(() => assertHandlers([])).toThrow(/no handler for job\(s\) ingest.batch/);
    expect(() => assertHandlers(['ingest.batch', 'ingest.batch'])).toThrow(/two handlers/);
    expect(() => assertHandlers(['ingest.batch'])).not.toThrow();
  });
});
