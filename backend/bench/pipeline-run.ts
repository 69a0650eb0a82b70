/**
 * The pipeline benchmark itself (pipeline.bench.ts loads it with the backend's tsconfig): sustained events/s end to
 * end — ingest → queue → parse (connectors) → enrich → detect (sigma-ts, the starter pack) → store — in embedded
 * mode (DuckDB, in-process queue) and on Elasticsearch + Redis (BullMQ; the worker runs in the bench process),
 * compared in the same run with a plain `_bulk` of the same ECS documents into the same Elasticsearch; then the
 * event-to-alert latency at a steady 5,000 events/s, from ingest acceptance to the alert document being searchable.
 *
 * Settings (environment): BENCH_EVENTS (30000), BENCH_RUNS (3), BENCH_LATENCY_SECONDS (20), BENCH_RATE (5000),
 * BENCH_LOW_RATE (1000), WORKER_CONCURRENCY (2), ELASTICSEARCH_URL, REDIS_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { getConnector, safeParse, type SigmaLogsource } from '@vigie/connectors';
import { AppModule } from '../src/app.module.js';
import { NestPinoLogger } from '../src/common/nest-logger.js';
import { loadConfig } from '../src/config/config.schema.js';
import { eventId, toStoredEvent, type StoredEvent } from '../src/events/event.model.js';
import { IngestService } from '../src/ingest/ingest.service.js';
import { EventStageRegistry } from '../src/pipeline/event-stage.js';
import { ProcessBatchUseCase } from '../src/pipeline/process-batch.use-case.js';
import type { QueuePort } from '../src/queue/queue.port.js';
import { redisOptionsFromUrl } from '../src/queue/redis-options.js';
import type { StoragePort } from '../src/storage/storage.port.js';
import { QUEUE, STORAGE } from '../src/tokens.js';
import { machine, median, printTable } from './bench-report.js';

interface Delivery {
  source: string;
  lines: string[];
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Raw lines of four connectors, as their devices write them; `root` lines fire "SSH login as root from a public IP". */
function line(source: string, i: number, marker = false): string {
  const ts = { h: pad(8 + (Math.floor(i / 3600) % 10)), m: pad(Math.floor(i / 60) % 60), s: pad(i % 60) };
  const user = USERS[i % USERS.length];
  const ip = `10.${i % 250}.${(i >> 8) % 250}.${(i * 7) % 250}`;
  switch (source) {
    case 'linux-auth':
      return marker
        ? `Mar  9 ${ts.h}:${ts.m}:${ts.s} web${i % 9} sshd[${1000 + (i % 30000)}]: Accepted password for root from 203.0.113.${i % 250} port ${20000 + (i % 40000)} ssh2`
        : i % 5 === 0
          ? `Mar  9 ${ts.h}:${ts.m}:${ts.s} web${i % 9} sshd[${1000 + (i % 30000)}]: Failed password for invalid user ${user}${i % 97} from ${ip} port ${20000 + (i % 40000)} ssh2`
          : `Mar  9 ${ts.h}:${ts.m}:${ts.s} web${i % 9} sshd[${1000 + (i % 30000)}]: Accepted publickey for ${user} from ${ip} port ${20000 + (i % 40000)} ssh2`;
    case 'nginx-access':
      return `${ip} - - [09/Mar/2024:${ts.h}:${ts.m}:${ts.s} +0000] "GET /api/v1/items/${i}?page=${i % 13} HTTP/1.1" ${i % 17 ? 200 : 404} ${300 + (i % 5000)} "https://shop.example.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"`;
    case 'apache-access':
      return `${ip} - ${user} [09/Mar/2024:${ts.h}:${ts.m}:${ts.s} +0000] "POST /login HTTP/1.1" ${i % 9 ? 302 : 401} 0 "-" "curl/8.${i % 9}.0"`;
    default:
      return `<166>Mar 09 2024 ${ts.h}:${ts.m}:${ts.s} fw0${i % 3} : %ASA-6-302013: Built outbound TCP connection ${100000 + i} for outside:198.51.100.${i % 250}/443 (198.51.100.${i % 250}/443) to inside:${ip}/${1024 + (i % 60000)} (${ip}/${1024 + (i % 60000)})`;
  }
}

const SOURCES = ['linux-auth', 'nginx-access', 'cisco-asa', 'apache-access'];

/**
 * `n` events in deliveries of `size` lines, sources round-robin; with `markers`, one line of each linux-auth delivery
 * is a root login from a public address (one alert, and the incident it opens or joins).
 */
export function makeInput(n: number, size = 500, markers = true): Delivery[] {
  const out: Delivery[] = [];
  for (let start = 0, d = 0; start < n; start += size, d++) {
    const source = SOURCES[d % SOURCES.length];
    out.push({
      source,
      lines: Array.from({ length: Math.min(size, n - start) }, (_, k) =>
        line(source, start + k, markers && source === 'linux-auth' && k === 7),
      ),
    });
  }
  return out;
}

/** Every line must parse, or the numbers would measure dead letters. */
function assertParses(input: Delivery[]): void {
  for (const d of input.slice(0, SOURCES.length)) {
    const c = getConnector(d.source)!;
    for (const l of d.lines.slice(0, 50)) {
      const o = safeParse(c, l, { options: {}, now: new Date() });
      if (o.kind !== 'event')
        throw new Error(
          `bench input does not parse with ${d.source}: ${o.kind === 'reject' ? o.reason : 'skipped'}: ${l}`,
        );
    }
  }
}

export interface Harness {
  ctx: INestApplicationContext;
  ingest: IngestService;
  queue: QueuePort;
  storage: StoragePort;
  detection: boolean;
  /** Wall time per part of a batch (ms, summed over batches), measured by wrapping them in this process. */
  timing: Map<string, number>;
  batches: () => number;
}

/**
 * Where a batch's time goes: wraps the batch use-case, each registered stage and the event write of this process's
 * instances (bench-only instrumentation; production code is untouched). `parse + rest` is the batch minus the others.
 */
function instrument(ctx: INestApplicationContext, storage: StoragePort): Pick<Harness, 'timing' | 'batches'> {
  const timing = new Map<string, number>();
  const add = (k: string, ms: number) => timing.set(k, (timing.get(k) ?? 0) + ms);
  let batches = 0;
  const wrap =
    <A extends unknown[], R>(key: string, fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t = performance.now();
      try {
        return await fn(...a);
      } finally {
        add(key, performance.now() - t);
      }
    };
  const uc = ctx.get(ProcessBatchUseCase, { strict: false });
  const execute = uc.execute.bind(uc);
  uc.execute = async (b) => {
    batches++;
    return wrap('batch', execute)(b);
  };
  for (const stage of ctx.get(EventStageRegistry, { strict: false }).list()) {
    const run = stage.run.bind(stage);
    (stage as { run: typeof run }).run = wrap(`stage ${stage.name}`, run);
  }
  storage.writeEvents = wrap('store events', storage.writeEvents.bind(storage));
  return { timing, batches: () => batches };
}

function timingRow(mode: string, h: Harness): Record<string, string | number> {
  const n = Math.max(1, h.batches());
  const row: Record<string, string | number> = { mode, batches: h.batches() };
  let parts = 0;
  for (const [k, v] of h.timing) {
    if (k === 'batch') continue;
    row[`${k} ms`] = Math.round((v / n) * 10) / 10;
    parts += v;
  }
  row['parse + rest ms'] = Math.round((((h.timing.get('batch') ?? 0) - parts) / n) * 10) / 10;
  row['batch ms'] = Math.round(((h.timing.get('batch') ?? 0) / n) * 10) / 10;
  return row;
}

export async function startApp(env: Record<string, string>): Promise<Harness> {
  const config = loadConfig({ LOG_LEVEL: 'warn', DEMO: 'false', ...env, ROLE: 'all' });
  const ctx = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { http: false, worker: true }),
    { logger: new NestPinoLogger() },
  );
  await ctx.init();
  // Whatever stages the application registers run (detection, enrichment, baselines…); the table says which.
  const detection = ctx
    .get(EventStageRegistry, { strict: false })
    .list()
    .some((st) => st.name === 'detection');
  const storage = ctx.get<StoragePort>(STORAGE, { strict: false });
  return {
    ctx,
    ingest: ctx.get(IngestService, { strict: false }),
    queue: ctx.get<QueuePort>(QUEUE, { strict: false }),
    storage,
    detection,
    ...instrument(ctx, storage),
  };
}

export async function drained(queue: QueuePort): Promise<void> {
  for (;;) {
    const c = await queue.counts();
    if (c.waiting + c.active + c.delayed === 0) return;
    await sleep(10);
  }
}

/**
 * Ingests every delivery, waits for the pipeline to store all of it (searchable), returns events/s. A warm-up of 10
 * lines per source first creates the tenant's data streams and alert/incident indices (index creation takes seconds
 * on a small cluster and is not what "sustained" measures); it is not timed.
 */
async function throughput(h: Harness, input: Delivery[], tenant: string): Promise<number> {
  const n = input.reduce((s, d) => s + d.lines.length, 0);
  for (const [i, d] of input.slice(0, SOURCES.length).entries()) {
    await h.ingest.ingestRecords({
      tenant,
      source: d.source,
      records: d.lines.slice(0, 10).map((record, position) => ({ position, record })),
      deliveryId: `${tenant}-warm-${i}`,
    });
  }
  await drained(h.queue);
  await h.storage.refresh();
  const warm = await h.storage.countEvents(tenant, {});
  const t0 = performance.now();
  for (const [i, d] of input.entries()) {
    await h.ingest.ingestRecords({
      tenant,
      source: d.source,
      records: d.lines.map((record, position) => ({ position, record })),
      deliveryId: `${tenant}-${i}`,
    });
  }
  await drained(h.queue);
  await h.storage.refresh();
  const s = (performance.now() - t0) / 1000;
  const stored = (await h.storage.countEvents(tenant, {})) - warm;
  if (stored !== n) throw new Error(`${tenant}: ${stored} events stored, expected ${n} (see dead letters)`);
  return n / s;
}

/** Parses the input into the documents the pipeline stores (outside any timing), for the plain `_bulk`. */
function storedDocs(input: Delivery[], tenant: string): StoredEvent[] {
  const now = new Date();
  const out: StoredEvent[] = [];
  input.forEach((d, i) => {
    const c = getConnector(d.source)!;
    d.lines.forEach((raw, position) => {
      const o = safeParse(c, raw, { options: {}, now });
      if (o.kind !== 'event') return;
      const logsource =
        (o.event.vigie as { logsource?: SigmaLogsource } | undefined)?.logsource ?? c.logsources[0];
      out.push(
        toStoredEvent(
          o.event,
          { tenant, connector: c.id, raw, position: `${tenant}-${i}:${position}`, logsource },
          now,
        ),
      );
    });
  });
  return out;
}

/** A plain `_bulk` (create, 500 per request, `concurrency` requests in flight) into the same data stream layout. */
async function rawBulk(
  client: Client,
  prefix: string,
  docs: StoredEvent[],
  tenant: string,
  concurrency: number,
): Promise<number> {
  const chunks: StoredEvent[][] = [];
  for (let i = 0; i < docs.length; i += 500) chunks.push(docs.slice(i, i + 500));
  const stream = (e: StoredEvent) =>
    `${prefix}-events-${tenant}-${e.doc.vigie.connector.replace(/[^a-z0-9_.]/g, '_')}`;
  // One warm-up document per data stream (another id) creates them before the clock starts, as the pipeline's
  // warm-up does for its tenant.
  const firsts = [...new Map(docs.map((e) => [stream(e), e])).values()];
  await client.bulk({
    refresh: true,
    operations: firsts.flatMap((e) => [{ create: { _index: stream(e), _id: `warm-${e.id}` } }, e.doc]),
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const res = await client.bulk({
          operations: chunk.flatMap((e) => [{ create: { _index: stream(e), _id: e.id } }, e.doc]),
        });
        if (res.errors)
          throw new Error(
            `raw _bulk: ${JSON.stringify(res.items.find((it) => it.create?.error)?.create?.error)}`,
          );
      }
    }),
  );
  await client.indices.refresh({ index: `${prefix}-events-${tenant}-*` });
  const s = (performance.now() - t0) / 1000;
  const { count } = await client.count({ index: `${prefix}-events-${tenant}-*` });
  if (count !== docs.length + firsts.length)
    throw new Error(`raw _bulk: ${count - firsts.length} stored, expected ${docs.length}`);
  return docs.length / s;
}

/**
 * Steady `rate` events/s for `seconds`: one delivery every 100 ms (the size of one batch at 5,000 events/s),
 * alternating a linux-auth delivery with one root login and a delivery of another source; latency = alert
 * searchable (polled every 25 ms) − ingest accepted.
 */
async function latency(
  h: Harness,
  tenant: string,
  rate: number,
  seconds: number,
): Promise<{ samples: number[]; expected: number; lagMs: number }> {
  const perTick = Math.round(rate / 10);
  // Untimed warm-up: the tenant's first alert creates its alert and incident indices (seconds on a small cluster).
  const warm = Array.from({ length: 10 }, (_, j) => line('linux-auth', 1_000_000 + j, j === 7));
  await h.ingest.ingestRecords({
    tenant,
    source: 'linux-auth',
    records: warm.map((record, position) => ({ position, record })),
    deliveryId: `${tenant}-warm`,
  });
  await drained(h.queue);
  const acceptedAt = new Map<string, number>();
  const samples: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      // The alerts index is created by the first alert: until its shard is up, a search may answer 503.
      const page = await h.storage
        .listDocuments<{ event_ids: string[] }>(tenant, 'alerts', {
          size: 200,
          sortBy: 'detected_at',
          order: 'desc',
        })
        .catch(() => ({ items: [] }));
      const now = performance.now();
      for (const a of page.items) {
        for (const id of a.doc.event_ids ?? []) {
          const t = acceptedAt.get(id);
          if (t !== undefined) {
            samples.push(now - t);
            acceptedAt.delete(id);
          }
        }
      }
      await sleep(25);
    }
  })();
  const start = performance.now();
  let maxLag = 0;
  let markers = 0;
  const ticks = seconds * 10;
  for (let k = 0; k < ticks; k++) {
    const due = start + k * 100;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else maxLag = Math.max(maxLag, -wait);
    const source = k % 2 === 0 ? 'linux-auth' : SOURCES[1 + ((k >> 1) % 3)];
    const lines = Array.from({ length: perTick }, (_, j) =>
      line(source, k * perTick + j, source === 'linux-auth' && j === 7),
    );
    const deliveryId = `${tenant}-${k}`;
    await h.ingest.ingestRecords({
      tenant,
      source,
      records: lines.map((record, position) => ({ position, record })),
      deliveryId,
    });
    if (source === 'linux-auth') {
      acceptedAt.set(eventId(tenant, 'linux-auth', lines[7], `${deliveryId}:7`), performance.now());
      markers++;
    }
  }
  const end = performance.now() + 30_000;
  while (acceptedAt.size > 0 && performance.now() < end) await sleep(50);
  polling = false;
  await poller;
  return { samples, expected: markers, lagMs: maxLag };
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function reachable(url: string): Promise<boolean> {
  try {
    if (url.startsWith('redis')) {
      const r = new Redis({
        ...redisOptionsFromUrl(url),
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      });
      await r.connect();
      r.disconnect();
      return true;
    }
    return (await fetch(url, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n);

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const n = Number(process.env.BENCH_EVENTS ?? 30_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const latSeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
  const rate = Number(process.env.BENCH_RATE ?? 5_000);
  const concurrency = process.env.WORKER_CONCURRENCY ?? '2';
  const esUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const input = makeInput(n);
  assertParses(input);
  process.stdout.write(
    `pipeline bench — ${machine()}\n` +
      `input: ${runs} runs × ${n} raw lines (${SOURCES.join(', ')}; deliveries of 500, 1 root-from-public-IP login per linux-auth delivery), ` +
      `ingested through IngestService (no HTTP), WORKER_CONCURRENCY=${concurrency}, workers in the bench process; ` +
      `latency: ${latSeconds} s at ${rate} events/s\n`,
  );
  const rows: Record<string, string | number>[] = [];
  const timings: Record<string, string | number>[] = [];
  const summary: Record<string, number | null> = {
    eps_embedded: null,
    eps_elasticsearch: null,
    eps_raw_bulk: null,
    latency_p50_ms: null,
    latency_p99_ms: null,
  };
  const stamp = Date.now().toString(36);

  // Embedded: DuckDB + in-process queue.
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-pipeline-'));
  try {
    const h = await startApp({ STORAGE: 'embedded', DATA_DIR: dir, WORKER_CONCURRENCY: concurrency });
    try {
      const rates: number[] = [];
      for (let r = 0; r < runs; r++) rates.push(await throughput(h, input, `emb${stamp}${r}`));
      summary.eps_embedded = round(median(rates));
      rows.push({
        mode: 'embedded (DuckDB, in-process queue)',
        detection: h.detection ? 'yes' : 'no',
        events_per_s: summary.eps_embedded,
        runs: rates.map(round).join(' / '),
      });
      timings.push(timingRow('embedded', h));
    } finally {
      await h.ctx.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if ((await reachable(esUrl)) && (await reachable(redisUrl))) {
    const prefix = `benchpl${stamp}`;
    const client = new Client({ node: esUrl });
    try {
      const h = await startApp({
        STORAGE: 'elasticsearch',
        ELASTICSEARCH_URL: esUrl,
        ELASTICSEARCH_INDEX_PREFIX: prefix,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        WORKER_CONCURRENCY: concurrency,
      });
      try {
        const rates: number[] = [];
        for (let r = 0; r < runs; r++) rates.push(await throughput(h, input, `es${stamp}${r}`));
        summary.eps_elasticsearch = round(median(rates));
        rows.push({
          mode: 'Elasticsearch + Redis (BullMQ)',
          detection: h.detection ? 'yes' : 'no',
          events_per_s: summary.eps_elasticsearch,
          runs: rates.map(round).join(' / '),
        });
        timings.push(timingRow('Elasticsearch + Redis', h));
        // Diagnostic: the same volume with no line that fires a rule (no alert or incident writes).
        const quiet = makeInput(n, 500, false);
        const quietRates: number[] = [];
        for (let r = 0; r < runs; r++) quietRates.push(await throughput(h, quiet, `esq${stamp}${r}`));
        rows.push({
          mode: 'Elasticsearch + Redis, input firing no rule',
          detection: h.detection ? 'yes' : 'no',
          events_per_s: round(median(quietRates)),
          runs: quietRates.map(round).join(' / '),
        });

        // The same ECS documents, plain _bulk, same cluster, same templates (this adapter's prefix), same concurrency.
        const raw: number[] = [];
        for (let r = 0; r < runs; r++)
          raw.push(
            await rawBulk(
              client,
              prefix,
              storedDocs(input, `raw${stamp}${r}`),
              `raw${stamp}${r}`,
              Number(concurrency),
            ),
          );
        summary.eps_raw_bulk = round(median(raw));
        rows.push({
          mode: 'plain _bulk of the same documents',
          detection: '-',
          events_per_s: summary.eps_raw_bulk,
          runs: raw.map(round).join(' / '),
        });

        const lat = await latency(h, `lat${stamp}`, rate, latSeconds);
        summary.latency_p50_ms = round(percentile(lat.samples, 50));
        summary.latency_p99_ms = round(percentile(lat.samples, 99));
        process.stdout.write(
          `\nlatency at ${rate} events/s for ${latSeconds} s (Elasticsearch + Redis): ${lat.samples.length}/${lat.expected} alerts seen; ` +
            `p50 ${summary.latency_p50_ms} ms, p99 ${summary.latency_p99_ms} ms, max ${round(Math.max(...lat.samples))} ms; feeder max lag ${round(lat.lagMs)} ms\n`,
        );
        // The same at a rate this machine sustains, to separate the pipeline's own latency from queueing.
        const lowRate = Number(process.env.BENCH_LOW_RATE ?? 1_000);
        await drained(h.queue);
        const low = await latency(h, `latlow${stamp}`, lowRate, Math.min(10, latSeconds));
        process.stdout.write(
          `latency at ${lowRate} events/s for ${Math.min(10, latSeconds)} s: ${low.samples.length}/${low.expected} alerts seen; ` +
            `p50 ${round(percentile(low.samples, 50))} ms, p99 ${round(percentile(low.samples, 99))} ms\n`,
        );
      } finally {
        await h.ctx.close();
      }
    } finally {
      await client.indices
        .deleteDataStream({ name: `${prefix}-*`, expand_wildcards: 'all' })
        .catch(() => undefined);
      await client.indices
        .delete({
          index: `${prefix}-*`,
          ignore_unavailable: true,
          allow_no_indices: true,
          expand_wildcards: 'all',
        })
        .catch(() => undefined);
      await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
      await client.cluster.deleteComponentTemplate({ name: `${prefix}-*` }).catch(() => undefined);
      await client.close();
      const redis = new Redis(redisOptionsFromUrl(redisUrl) as never);
      // Queue keys, and the per-tenant correlation and baseline state of this run's tenants (they all carry the stamp).
      for (const pattern of [`${prefix}:*`, `vigie:corr:*${stamp}*`, `vigie:bl:*${stamp}*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      }
      redis.disconnect();
    }
  } else {
    process.stdout.write(
      `(Elasticsearch at ${esUrl} or Redis at ${redisUrl} not reachable: Elasticsearch rows and latency skipped)\n`,
    );
  }

  printTable(
    'median of runs (events/s, end to end: ingest → parse → enrich → detect → stored and searchable)',
    rows,
  );
  printTable(
    'where a batch of 500 spends its time (mean wall ms per batch over the throughput runs; batches overlap by WORKER_CONCURRENCY)',
    timings,
  );
  if (summary.eps_elasticsearch && summary.eps_raw_bulk) {
    process.stdout.write(
      `\nElasticsearch pipeline / plain _bulk: ${(summary.eps_elasticsearch / summary.eps_raw_bulk).toFixed(2)}× (target ≥ 0.8×); latency p99 target < 1000 ms\n`,
    );
  }
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
}
