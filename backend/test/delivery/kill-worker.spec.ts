/**
 * At-least-once with idempotent writes, with real processes: two worker processes (ROLE=worker) on the real Redis
 * and Elasticsearch; one is killed with SIGKILL while it holds a batch; BullMQ re-runs that batch on the other
 * worker once the dead worker's lock expires. Exactly N events and exactly the expected alerts end up stored.
 * Required in CI (Redis and Elasticsearch); skipped with a message locally when either is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { loadConfig, type VigieConfig } from '../../src/config/config.schema.js';
import { IngestService } from '../../src/ingest/ingest.service.js';
import { createQueue } from '../../src/queue/queue.factory.js';
import type { QueuePort } from '../../src/queue/queue.port.js';
import { createStorage } from '../../src/storage/storage.factory.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { elasticsearchUrl, redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import {
  authLines,
  cleanup,
  expectedRootAlerts,
  inspectQueue,
  spawnWorker,
  stopWorker,
  waitForWorkers,
  waitUntil,
  type WorkerProcess,
} from './support.js';

const up = (await serviceAvailable('Redis')) && (await serviceAvailable('Elasticsearch'));

/** The starter pack's "SSH login as root from a public IP address" (rules/linux/lnx_ssh_root_login_public_ip.yml). */
const ROOT_RULE_ID = 'b0a8a45b-ca7f-4071-a1fe-1e4140015aca';
const N = 20_000;
const PER_DELIVERY = 1_000;
const BATCH = 500;

describe.skipIf(!up)('delivery: a worker killed with SIGKILL mid-batch loses and duplicates nothing', () => {
  const prefix = uniqueName('dlvkill');
  const tenant = prefix;
  let config: VigieConfig;
  let storage: StoragePort;
  let queue: QueuePort;
  let inspect: Queue;
  let ingest: IngestService;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const env = {
      STORAGE: 'elasticsearch',
      ELASTICSEARCH_URL: elasticsearchUrl,
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '2',
      INGEST_BATCH_SIZE: String(BATCH),
      DEMO: 'false',
    };
    config = loadConfig({ ...env, ROLE: 'api', LOG_LEVEL: 'silent' });
    storage = createStorage(config);
    await storage.init();
    queue = createQueue(config);
    await queue.init();
    inspect = inspectQueue(redisUrl, prefix);
    ingest = new IngestService(config, queue, storage);
    workers.push(spawnWorker(env), spawnWorker(env));
    await waitForWorkers(inspect, workers);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await queue?.close();
    await inspect?.close();
    await storage?.close();
    await cleanup(elasticsearchUrl, redisUrl, prefix, [`vigie:corr:${tenant}:*`, `vigie:bl:${tenant}:*`]);
  }, 60_000);

  it(`stores exactly ${N} events and exactly the expected alerts`, async () => {
    const [victim, survivor] = workers;
    let sent = 0;
    for (let d = 0; d < N / PER_DELIVERY; d++) {
      const lines = authLines(PER_DELIVERY, `d${d}`, 1000, d * PER_DELIVERY);
      const res = await ingest.ingestRecords({
        tenant,
        source: 'linux-auth',
        records: lines.map((record, position) => ({ position, record })),
        deliveryId: `${prefix}-d${d}`,
      });
      sent += res.accepted;
    }
    expect(sent).toBe(N);

    // Kill the victim while the queue shows it holding a batch (job active, `processedBy` = its host:pid).
    const held = await waitUntil(
      `an active batch on worker ${victim.name}`,
      async () => (await inspect.getActive()).filter((j) => j.processedBy === victim.name),
      (jobs) => jobs.length > 0,
      60_000,
      5,
    );
    victim.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    expect(victim.proc.signalCode).toBe('SIGKILL');

    // Everything drains on the survivor: the killed worker's batches come back after its lock expires (~10-20 s).
    await waitUntil(
      'the queue to drain',
      async () => {
        if (survivor.proc.exitCode !== null)
          throw new Error(`surviving worker exited:\n${survivor.logTail()}`);
        return queue.counts();
      },
      (c) => c.waiting + c.active + c.delayed === 0 && c.completed >= N / BATCH,
      120_000,
      250,
    );
    // Polls through a transient 503 of a shard still starting; the count must then be exactly N.
    const stored = await waitUntil(
      'the events to be countable',
      async () => {
        try {
          await storage.refresh();
          return await storage.countEvents(tenant, {});
        } catch (err) {
          return `not yet: ${(err as Error).message}`;
        }
      },
      (n) => typeof n === 'number',
      30_000,
      250,
    );
    expect(stored).toBe(N);
    const rootAlerts = await storage.listDocuments(tenant, 'alerts', {
      kql: `rule.id:"${ROOT_RULE_ID}"`,
      size: 100,
    });
    const allAlerts = await storage.listDocuments(tenant, 'alerts', { size: 1 });
    expect(rootAlerts.total).toBe(expectedRootAlerts(N));
    expect(allAlerts.total).toBe(expectedRootAlerts(N));
    expect(new Set(rootAlerts.items.map((a) => (a.doc as { event_ids: string[] }).event_ids[0])).size).toBe(
      expectedRootAlerts(N),
    );
    expect((await storage.listDocuments(tenant, 'deadletter', { size: 1 })).total).toBe(0);
    expect((await queue.counts()).failed).toBe(0);

    // The batches the victim held were really re-run, by the survivor, after the kill.
    const rerun = [];
    for (const j of held) {
      const job = await inspect.getJob(j.id!);
      expect(await job!.getState()).toBe('completed');
      if (job!.processedBy === survivor.name && (job!.finishedOn ?? 0) > killedAt) rerun.push(job!.id);
    }
    expect(rerun.length).toBeGreaterThanOrEqual(1);
  }, 200_000);
});
