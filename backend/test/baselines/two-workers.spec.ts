/**
 * Baselines with real worker processes: the demo day (a benign day at a small insurer with an intrusion, raw records
 * in our connectors' formats) goes through the real ingest path into two deployments on the real Elasticsearch and
 * Redis — A with ONE worker process, B with TWO worker processes consuming one queue — each with its own tenant,
 * index prefix and queue prefix. Both learn the same way: the benign hours before the intrusion, then a model
 * refresh (the BullMQ refresh job, run by whichever worker takes it), then the intrusion window, then a last
 * refresh (time-driven detectors). The baseline alerts (detector, entity, observed value, event times, evidence
 * statistics — what does not depend on the tenant) and the Sigma alerts must be the same in A and B, several
 * detectors must fire, B must hold no duplicate, and both of B's workers must have processed batches, at the same
 * time.
 *
 * Ingestion order: streaming detectors raise an alert when their condition first holds, and its evidence is the
 * state at that moment (beaconing's first regular series, the bytes at the crossing of an hourly volume, the hour
 * vector an autoencoder scores once event time passes it). Batches of one source processed out of event-time order
 * legitimately change that moment, with one worker as with two (a worker runs two batches at once). So records go
 * in hour slices: one delivery per source and hour, small batches (up to 100 records), each slice drained before
 * the next. Within a slice the batches of every source run at once on the workers; sources feed different
 * order-sensitive detectors, and no hour closes (for the autoencoder) while one of its batches is still running.
 *
 * Required in CI (Redis and Elasticsearch); skipped with a message locally when either is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type Job } from 'bullmq';
import { AutoencoderRegistry } from '../../src/baselines/autoencoder/registry.js';
import { REFRESH_QUEUE, requestRefresh } from '../../src/baselines/refresh.scheduler.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { INTRUSION_STEPS } from '../../src/demo/intrusion.js';
import { generateScenario, type Scenario } from '../../src/demo/scenario.js';
import type { Alert } from '../../src/detection/alert.model.js';
import { DirectoryService } from '../../src/enrichment/directory.service.js';
import { DirectoryStore } from '../../src/enrichment/directory.store.js';
import { IngestService } from '../../src/ingest/ingest.service.js';
import { createQueue } from '../../src/queue/queue.factory.js';
import type { QueuePort } from '../../src/queue/queue.port.js';
import { redisOptionsFromUrl } from '../../src/queue/redis-options.js';
import { createStorage } from '../../src/storage/storage.factory.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { elasticsearchUrl, redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import {
  cleanup,
  inspectQueue,
  spawnWorker,
  stopWorker,
  waitForWorkers,
  waitUntil,
  type WorkerProcess,
} from '../delivery/support.js';

const up = (await serviceAvailable('Redis')) && (await serviceAvailable('Elasticsearch'));

const BATCH = 100;
const H = 3_600_000;

/** The demo day ending at the last 12:00 UTC (a fixed time of day: one training period for the autoencoder). */
function scenario(): Scenario {
  const end = new Date();
  end.setUTCHours(12, 0, 0, 0);
  if (end.getTime() > Date.now()) end.setUTCDate(end.getUTCDate() - 1);
  return generateScenario({ end });
}

/** Deliveries by phase (before the intrusion, then the intrusion window), hour slice and source, in time order. */
function slices(s: Scenario) {
  const cut = s.attackStart.getTime() - 120_000;
  const phases: { hour: number; bySource: Map<string, Scenario['records']> }[][] = [[], []];
  for (const r of s.records) {
    const phase = phases[r.at.getTime() < cut ? 0 : 1];
    const hour = Math.floor(r.at.getTime() / H);
    let slice = phase[phase.length - 1];
    if (!slice || slice.hour !== hour) phase.push((slice = { hour, bySource: new Map() }));
    const list = slice.bySource.get(r.source) ?? [];
    list.push(r);
    slice.bySource.set(r.source, list);
  }
  return phases;
}

interface Deployment {
  name: string;
  prefix: string;
  tenant: string;
  storage: StoragePort;
  queue: QueuePort;
  inspect: Queue;
  refreshes: Queue;
  ingest: IngestService;
  workers: WorkerProcess[];
}

async function deploy(name: string, base: string, workers: number): Promise<Deployment> {
  const prefix = `${base}${name}`;
  const env = {
    STORAGE: 'elasticsearch',
    ELASTICSEARCH_URL: elasticsearchUrl,
    ELASTICSEARCH_INDEX_PREFIX: prefix,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '2',
    INGEST_BATCH_SIZE: String(BATCH),
    DEMO: 'false',
    // no periodic refresh during the test: the test asks for each one
    BASELINE_REFRESH_MS: String(7 * 24 * H),
  };
  const config = loadConfig({ ...env, ROLE: 'api', LOG_LEVEL: 'silent' });
  const storage = createStorage(config);
  await storage.init();
  const queue = createQueue(config);
  await queue.init();
  const d: Deployment = {
    name,
    prefix,
    tenant: `${base}_${name}`,
    storage,
    queue,
    inspect: inspectQueue(redisUrl, prefix),
    refreshes: new Queue(REFRESH_QUEUE, { connection: redisOptionsFromUrl(redisUrl) as never, prefix }),
    ingest: new IngestService(config, queue, storage),
    workers: Array.from({ length: workers }, () => spawnWorker(env)),
  };
  return d;
}

/** Waits until the workers consume the queue and the refresh each worker schedules at start-up has run. */
async function ready(d: Deployment): Promise<void> {
  await waitForWorkers(d.inspect, d.workers, 90_000);
  await waitUntil(
    `${d.name}: the start-up refresh to finish`,
    () => d.refreshes.getJobCounts('waiting', 'active', 'prioritized', 'completed', 'failed'),
    (c) => c.waiting + c.active + c.prioritized === 0 && c.completed >= 1 && c.failed === 0,
    60_000,
    100,
  );
}

async function drained(d: Deployment, what: string): Promise<void> {
  await waitUntil(
    `${d.name}: ${what} to be processed`,
    async () => {
      for (const w of d.workers)
        if (w.proc.exitCode !== null) throw new Error(`worker ${w.pid} exited:\n${w.logTail()}`);
      return d.queue.counts();
    },
    (c) => c.waiting + c.active + c.delayed === 0,
    60_000,
    20,
  ).catch(async (err: Error) => {
    const delayed = await d.inspect.getDelayed();
    throw new Error(
      `${err.message}\ndelayed: ${delayed.map((j) => `${j.id}: ${j.failedReason}`).join('; ')}\n` +
        d.workers.map((w) => `worker ${w.name}:\n${w.logTail()}`).join('\n'),
    );
  });
}

async function refresh(d: Deployment): Promise<void> {
  const r = await requestRefresh(redisUrl, d.prefix, { tenant: d.tenant, timeoutMs: 120_000 });
  expect(r.tenants).toBe(1);
}

/** Replays the scenario into the deployment's tenant, slice by slice, with the two refreshes. */
async function replay(d: Deployment, s: Scenario): Promise<number> {
  const directories = new DirectoryService(new DirectoryStore(d.storage));
  await directories.import({
    tenant: d.tenant,
    kind: 'assets',
    text: s.assetsCsv,
    format: 'csv',
    mode: 'replace',
  });
  await directories.import({
    tenant: d.tenant,
    kind: 'identities',
    text: s.identitiesCsv,
    format: 'csv',
    mode: 'replace',
  });
  let sent = 0;
  for (const [phase, list] of slices(s).entries()) {
    for (const slice of list) {
      for (const [source, recs] of slice.bySource) {
        const res = await d.ingest.ingestRecords({
          tenant: d.tenant,
          source,
          records: recs.map((r, position) => ({ position, record: r.record })),
          deliveryId: `p${phase}-h${slice.hour}-${source}`,
        });
        sent += res.accepted;
      }
      await drained(d, `phase ${phase + 1}, hour ${new Date(slice.hour * H).toISOString()}`);
    }
    await refresh(d);
  }
  return sent;
}

async function allAlerts(d: Deployment): Promise<Alert[]> {
  await d.storage.refresh();
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await d.storage.listDocuments<Alert>(d.tenant, 'alerts', { size: 1000, cursor });
    out.push(...page.items.map((i) => i.doc));
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** What identifies a baseline alert whatever the tenant: the detector, the entity, what was observed, when. */
function baselineKey(a: Alert): string {
  const e = a.evidence ?? {};
  return JSON.stringify([
    a.rule.id,
    (e.entity as { value?: string } | undefined)?.value,
    e.observed,
    a.event_time,
    a.last_event_time,
    e.statistics,
    e.score,
  ]);
}

/** A Sigma alert whatever the tenant: the rule, its events' times and count, the entities. */
function sigmaKey(a: Alert): string {
  const ents = Object.fromEntries(
    Object.entries(a.entities).map(([k, v]) => [k, [...(v as string[])].sort()]),
  );
  return JSON.stringify([a.rule.id, a.event_time, a.last_event_time, a.event_count, ents]);
}

const sorted = (xs: string[]) => [...xs].sort();

/** Batches per worker, and how many of B's batches ran while another worker was running one. */
async function jobsByWorker(
  d: Deployment,
): Promise<{ per: Map<string, number>; overlapping: number; retried: string[] }> {
  const jobs = (await d.inspect.getJobs(['completed'], 0, -1)) as Job[];
  const retried = jobs
    .filter((j) => j.attemptsMade > 1)
    .map((j) => `${j.id} (${j.attemptsMade} attempts; ${j.failedReason})`);
  const per = new Map<string, number>();
  for (const j of jobs) per.set(j.processedBy ?? '?', (per.get(j.processedBy ?? '?') ?? 0) + 1);
  let overlapping = 0;
  for (const j of jobs)
    if (
      jobs.some(
        (o) =>
          o.processedBy !== j.processedBy && o.processedOn! < j.finishedOn! && j.processedOn! < o.finishedOn!,
      )
    )
      overlapping++;
  return { per, overlapping, retried };
}

describe.skipIf(!up)('baselines: two worker processes give the same alerts as one', () => {
  const base = uniqueName('bl2w');
  const deployments: Deployment[] = [];

  beforeAll(async () => {
    deployments.push(await deploy('one', base, 1), await deploy('two', base, 2));
    await Promise.all(deployments.map(ready));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(deployments.flatMap((d) => d.workers.map((w) => stopWorker(w))));
    for (const d of deployments) {
      await d.queue.close();
      await d.inspect.close();
      await d.refreshes.close();
      await d.storage.close();
      await cleanup(elasticsearchUrl, redisUrl, d.prefix, [
        `vigie:bl:${d.tenant}:*`,
        `vigie:corr:${d.tenant}:*`,
      ]);
    }
  }, 60_000);

  it('on the demo day: the same baseline and Sigma alerts, several detectors, no duplicate, both workers busy', async () => {
    const s = scenario();
    const t0 = Date.now();
    const sent = await Promise.all(deployments.map((d) => replay(d, s)));
    const elapsed = Date.now() - t0;
    expect(sent).toEqual([s.records.length, s.records.length]);
    const [one, two] = deployments;
    const [a, b] = await Promise.all([allAlerts(one), allAlerts(two)]);
    const stat = (xs: Alert[]) => xs.filter((x) => x.rule.type === 'statistical');
    const sigma = (xs: Alert[]) => xs.filter((x) => x.rule.type !== 'statistical');

    const perDetector = new Map<string, [number, number]>();
    for (const [i, xs] of [stat(a), stat(b)].entries())
      for (const x of xs) {
        const c = perDetector.get(x.rule.id) ?? [0, 0];
        c[i]++;
        perDetector.set(x.rule.id, c);
      }
    const jobs = await Promise.all(deployments.map(jobsByWorker));
    console.log(
      `replayed ${s.records.length} records into each deployment in ${elapsed} ms; baseline alerts per detector (one worker / two workers):\n` +
        [...perDetector]
          .sort()
          .map(([id, [x, y]]) => `  ${id}: ${x} / ${y}`)
          .join('\n') +
        `\nSigma alerts: ${sigma(a).length} / ${sigma(b).length}; batches per worker: ` +
        jobs.map((j) => JSON.stringify(Object.fromEntries(j.per))).join(' / ') +
        `; batches of B run while the other worker ran one: ${jobs[1].overlapping}`,
    );

    // Every batch ran once: a batch run again re-applies its baseline state (counts twice, and a first-seen
    // value is no longer first), so the comparison below would not be a fair one.
    expect(jobs.map((j) => j.retried)).toEqual([[], []]);
    for (const d of deployments) {
      expect((await d.queue.counts()).failed).toBe(0);
      expect((await d.storage.listDocuments(d.tenant, 'deadletter', { size: 1 })).total).toBe(0);
      // the autoencoder was trained by a refresh and its model saved through the storage port
      expect(
        await d.storage.getDocument(
          d.tenant,
          'config',
          `autoencoder:${AutoencoderRegistry.modelName('autoencoder-user-hourly')}`, // model-store.ts
        ),
        `${d.name}: autoencoder model`,
      ).toBeDefined();
    }

    // the same baseline alerts, and no duplicate (two alerts telling the same) with two workers
    const ka = stat(a).map(baselineKey);
    const kb = stat(b).map(baselineKey);
    expect(new Set(kb).size).toBe(kb.length);
    expect(new Set(ka).size).toBe(ka.length);
    expect(sorted(kb)).toEqual(sorted(ka));
    // several detectors, among them every one an intrusion step of the demo is meant to fire
    expect(perDetector.size).toBeGreaterThanOrEqual(6);
    const titles = new Set(stat(a).map((x) => x.rule.title));
    for (const title of new Set(INTRUSION_STEPS.flatMap((st) => st.baselines ?? [])))
      expect(titles.has(title), title).toBe(true);
    // the same Sigma alerts too
    expect(sorted(sigma(b).map(sigmaKey))).toEqual(sorted(sigma(a).map(sigmaKey)));
    expect(sigma(a).length).toBeGreaterThan(10);

    // A ran on its one worker; both of B's workers processed batches, some while the other worker ran one
    expect([...jobs[0].per.keys()]).toEqual([one.workers[0].name]);
    for (const w of two.workers) expect(jobs[1].per.get(w.name) ?? 0).toBeGreaterThan(0);
    expect(jobs[1].overlapping).toBeGreaterThan(0);
  }, 240_000);
});
