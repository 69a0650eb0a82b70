/**
 * Elasticsearch unreachable: a TCP proxy between the pipeline and the real Elasticsearch is cut while events keep
 * arriving. Batches wait and retry (never dead-lettered for unavailability), ingest answers 429 once the queue
 * passes INGEST_MAX_QUEUED_BATCHES, and once the proxy is restored every accepted event is stored exactly once.
 * Distributed: 2 worker processes on BullMQ/Redis, API in the test. Embedded: one ROLE=all app, in-process queue.
 * Required in CI (Redis and Elasticsearch); skipped with a message locally when either is absent.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpApp, partsForRole } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { ElasticsearchStorageAdapter } from '../../src/storage/elasticsearch/elasticsearch-storage.adapter.js';
import { elasticsearchUrl, redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import {
  authLines,
  cleanup,
  CuttableProxy,
  inspectQueue,
  spawnWorker,
  stopWorker,
  waitForWorkers,
  waitUntil,
  type WorkerProcess,
} from './support.js';

const up = (await serviceAvailable('Redis')) && (await serviceAvailable('Elasticsearch'));

const MAX_QUEUED = 8;
const BATCH = 250;
const PER_DELIVERY = 500;
/** One root-from-public-IP line per delivery, each alerted once. */
const ALERT_EVERY = 500;

interface Tally {
  accepted: number;
  status429: number;
  other: string[];
}

/** Posts deliveries of `PER_DELIVERY` lines every `everyMs` for `forMs`, counting what ingest accepted. */
async function sendFor(
  base: string,
  tenant: string,
  forMs: number,
  everyMs: number,
  start: number,
  tally: Tally,
): Promise<number> {
  const end = Date.now() + forMs;
  let offset = start;
  while (Date.now() < end) {
    const lines = authLines(PER_DELIVERY, `o${offset}`, ALERT_EVERY, offset);
    const res = await fetch(`${base}/api/ingest/linux-auth?tenant=${tenant}`, {
      method: 'POST',
      body: lines.join('\n'),
      headers: { 'content-type': 'text/plain', 'idempotency-key': `${tenant}-${offset}` },
    });
    if (res.status === 202) {
      tally.accepted += ((await res.json()) as { accepted: number }).accepted;
      offset += PER_DELIVERY;
    } else if (res.status === 429) {
      expect(res.headers.get('retry-after')).toBeTruthy();
      await res.body?.cancel();
      tally.status429++;
    } else tally.other.push(`${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return offset;
}

async function startApi(env: Record<string, string>): Promise<{ app: NestExpressApplication; base: string }> {
  const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
  const app = await createHttpApp(config, partsForRole(config.ROLE));
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe.skipIf(!up)('delivery: Elasticsearch outage', () => {
  const es = new URL(elasticsearchUrl);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse())
      await c().catch((err) => console.warn(`cleanup: ${(err as Error).message}`));
  }, 90_000);

  async function verifyStore(
    prefix: string,
    tenant: string,
    expected: number,
  ): Promise<ElasticsearchStorageAdapter> {
    const direct = new ElasticsearchStorageAdapter({ url: elasticsearchUrl, prefix });
    await direct.init();
    cleanups.push(() => direct.close());
    await waitUntil(
      `${expected} events stored`,
      async () => {
        // A data stream created moments ago may answer 503 until its shard is up: keep polling.
        try {
          await direct.refresh();
          return await direct.countEvents(tenant, {});
        } catch (err) {
          return `not yet: ${(err as Error).message}`;
        }
      },
      (n) => typeof n === 'number' && n >= expected,
      60_000,
      500,
    );
    return direct;
  }

  it('distributed (2 worker processes, BullMQ): waits, answers 429 past the limit, drops and duplicates nothing', async () => {
    const prefix = uniqueName('dlvout');
    const tenant = prefix;
    cleanups.push(() =>
      cleanup(elasticsearchUrl, redisUrl, prefix, [`vigie:corr:${tenant}:*`, `vigie:bl:${tenant}:*`]),
    );
    const proxy = new CuttableProxy(es.hostname, Number(es.port || 9200));
    await proxy.start();
    cleanups.push(() => proxy.close());
    const common = {
      STORAGE: 'elasticsearch',
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      INGEST_BATCH_SIZE: String(BATCH),
      DEMO: 'false',
    };
    const workers: WorkerProcess[] = [
      spawnWorker({ ...common, ELASTICSEARCH_URL: proxy.url }),
      spawnWorker({ ...common, ELASTICSEARCH_URL: proxy.url }),
    ];
    cleanups.push(() => Promise.all(workers.map((w) => stopWorker(w))));
    const inspect = inspectQueue(redisUrl, prefix);
    cleanups.push(() => inspect.close());
    const api = await startApi({
      ...common,
      ROLE: 'api',
      ELASTICSEARCH_URL: elasticsearchUrl,
      INGEST_MAX_QUEUED_BATCHES: String(MAX_QUEUED),
    });
    cleanups.push(() => api.app.close());
    await waitForWorkers(inspect, workers);

    const tally: Tally = { accepted: 0, status429: 0, other: [] };
    const offset = await sendFor(api.base, tenant, 1, 0, 0, tally); // one delivery while all is well
    await proxy.cut();
    const cutAt = Date.now();
    await sendFor(api.base, tenant, 20_000, 300, offset, tally);
    const during = await inspect.getJobCounts('failed', 'delayed', 'waiting', 'active');
    await proxy.restore();
    const restoredAt = Date.now();

    expect(tally.other).toEqual([]);
    expect(tally.status429).toBeGreaterThan(0);
    expect(tally.accepted).toBeGreaterThan(PER_DELIVERY * 2);
    expect(during.failed).toBe(0);
    expect(during.delayed + during.waiting + during.active).toBeGreaterThanOrEqual(MAX_QUEUED);
    for (const w of workers) expect(w.proc.exitCode).toBeNull();

    const direct = await verifyStore(prefix, tenant, tally.accepted);
    const resumedMs = Date.now() - restoredAt;
    await waitUntil(
      'the queue to drain',
      () => inspect.getJobCounts('waiting', 'active', 'delayed'),
      (c) => c.waiting + c.active + c.delayed === 0,
      30_000,
      200,
    );
    await direct.refresh();
    expect(await direct.countEvents(tenant, {})).toBe(tally.accepted);
    expect((await inspect.getJobCounts('failed')).failed).toBe(0);
    expect((await direct.listDocuments(tenant, 'deadletter', { size: 1 })).total).toBe(0);
    // One alert per root-from-public-IP line (1 per delivery): detection also waited and lost nothing.
    expect((await direct.listDocuments(tenant, 'alerts', { size: 1 })).total).toBe(
      tally.accepted / ALERT_EVERY,
    );
    console.info(
      `es-outage (BullMQ): cut ${Math.round((restoredAt - cutAt) / 1000)} s, ${tally.accepted} events accepted, ${tally.status429} × 429, all stored ${resumedMs} ms after restore`,
    );
  }, 180_000);

  it('embedded (one process, in-process queue): the same guarantees', async () => {
    const prefix = uniqueName('dlvoute');
    const tenant = prefix;
    cleanups.push(() =>
      cleanup(elasticsearchUrl, redisUrl, prefix, [`vigie:corr:${tenant}:*`, `vigie:bl:${tenant}:*`]),
    );
    const proxy = new CuttableProxy(es.hostname, Number(es.port || 9200));
    await proxy.start();
    cleanups.push(() => proxy.close());
    const app = await startApi({
      ROLE: 'all',
      STORAGE: 'elasticsearch',
      ELASTICSEARCH_URL: proxy.url,
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      INGEST_BATCH_SIZE: String(BATCH),
      INGEST_MAX_QUEUED_BATCHES: String(MAX_QUEUED),
      DEMO: 'false',
    });
    cleanups.push(() => app.app.close());

    const tally: Tally = { accepted: 0, status429: 0, other: [] };
    const offset = await sendFor(app.base, tenant, 1, 0, 0, tally);
    await proxy.cut();
    await sendFor(app.base, tenant, 8_000, 200, offset, tally);
    await proxy.restore();
    expect(tally.other).toEqual([]);
    expect(tally.status429).toBeGreaterThan(0);
    const direct = await verifyStore(prefix, tenant, tally.accepted);
    await new Promise((r) => setTimeout(r, 1_000));
    await direct.refresh();
    expect(await direct.countEvents(tenant, {})).toBe(tally.accepted);
    expect((await direct.listDocuments(tenant, 'deadletter', { size: 1 })).total).toBe(0);
    expect((await direct.listDocuments(tenant, 'alerts', { size: 1 })).total).toBe(
      tally.accepted / ALERT_EVERY,
    );
  }, 120_000);
});
