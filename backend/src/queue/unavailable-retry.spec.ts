/**
 * Jobs whose store is unavailable wait and retry without using their attempts, on both adapters (BullMQ on a real
 * Redis when it answers; required in CI).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { IngestBatch } from '../ingest/ingest-batch.js';
import { redisUrl, serviceAvailable, uniqueName } from '../../test/support/services.js';
import { BullMqQueueAdapter } from './bullmq-queue.adapter.js';
import { InProcessQueueAdapter } from './in-process-queue.adapter.js';
import type { QueueOptions, QueuePort } from './queue.port.js';
import { UnavailableBackoff } from './unavailable-retry.js';

const redisUp = await serviceAvailable('Redis');
const targets: { name: string; make: (o: QueueOptions) => QueuePort }[] = [
  { name: 'in-process', make: (o) => new InProcessQueueAdapter(o) },
];
if (redisUp)
  targets.push({ name: 'bullmq', make: (o) => new BullMqQueueAdapter(redisUrl, uniqueName('vqu'), o) });

const batch = (tag: string): IngestBatch => ({
  tenant: 't',
  source: 'json',
  records: [tag],
  deliveryId: tag,
  positions: [0],
  receivedAt: new Date().toISOString(),
});

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('UnavailableBackoff', () => {
  it('doubles from backoffMs up to the cap and resets on success', () => {
    const b = new UnavailableBackoff({
      attempts: 3,
      backoffMs: 100,
      concurrency: 1,
      unavailableMaxDelayMs: 500,
    });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500, 500]);
    b.succeeded();
    expect(b.next()).toBe(100);
  });
});

describe.each(targets)('store unavailable: $name', ({ make }) => {
  let q: QueuePort | undefined;
  afterEach(async () => {
    await q?.close();
    q = undefined;
  });

  it('retries past its attempts while the store is unavailable, keeps the attempt number, dead-letters nothing', async () => {
    q = make({ attempts: 2, backoffMs: 20, concurrency: 1, unavailableMaxDelayMs: 80 });
    await q.init();
    const runs: { attempt: number; at: number }[] = [];
    q.process('ingest.batch', async (job) => {
      runs.push({ attempt: job.attempt, at: Date.now() });
      if (runs.length <= 6)
        throw new VigieError(ErrorCode.Unavailable, 'Elasticsearch unavailable (bulk): connect ECONNREFUSED');
    });
    await q.enqueue('ingest.batch', batch('u'));
    await until(() => runs.length === 7);
    await until(async () => (await q!.counts()).completed >= 1);
    expect(runs.map((r) => r.attempt)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // Capped backoff: 20, 40, 80, 80… — never more than the cap plus scheduling slack.
    const gaps = runs.slice(1).map((r, i) => r.at - runs[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...gaps)).toBeLessThan(80 + 1_500);
    expect(await q.deadLetters()).toEqual([]);
    expect((await q.counts()).failed).toBe(0);
  });

  it('counts an unavailable-delayed job as queued (so ingest back-pressure sees it)', async () => {
    q = make({ attempts: 2, backoffMs: 5_000, concurrency: 1, unavailableMaxDelayMs: 5_000 });
    await q.init();
    let runs = 0;
    let down = true;
    q.process('ingest.batch', async () => {
      runs++;
      if (down) throw new VigieError(ErrorCode.Unavailable, 'Elasticsearch unavailable (bulk): timeout');
    });
    await q.enqueue('ingest.batch', batch('d'));
    await until(async () => runs === 1 && (await q!.counts()).delayed === 1);
    const c = await q.counts();
    expect(c.waiting + c.delayed).toBe(1);
    expect(c.failed).toBe(0);
    down = false; // lets the in-process queue finish it on close
  });

  it('still dead-letters other errors after the attempts', async () => {
    q = make({ attempts: 2, backoffMs: 10, concurrency: 1 });
    await q.init();
    q.process('ingest.batch', async () => {
      throw new VigieError(ErrorCode.Validation, 'mapping conflict on field x');
    });
    await q.enqueue('ingest.batch', batch('p'));
    await until(async () => (await q!.deadLetters()).length === 1);
    expect((await q.deadLetters())[0]).toMatchObject({ attempts: 2, reason: 'mapping conflict on field x' });
  });
});
