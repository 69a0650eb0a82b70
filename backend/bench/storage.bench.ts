/**
 * Storage benchmark: bulk-write events/s and search latency for each adapter (embedded DuckDB always;
 * Elasticsearch when ELASTICSEARCH_URL answers), median of several runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toStoredEvent, type StoredEvent } from '../src/events/event.model.js';
import { DuckDbStorageAdapter } from '../src/storage/duckdb/duckdb-storage.adapter.js';
import { ElasticsearchStorageAdapter } from '../src/storage/elasticsearch/elasticsearch-storage.adapter.js';
import type { StoragePort } from '../src/storage/storage.port.js';
import { machine, median, printTable } from './bench-report.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const HOSTS = Array.from({ length: 50 }, (_, i) => `ws-${String(i).padStart(3, '0')}`);

/** A deterministic mix of authentication, process and web events. */
function makeEvents(n: number, run: number, t0: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const user = USERS[i % USERS.length];
    const host = HOSTS[(i * 7) % HOSTS.length];
    const fields: Record<string, unknown> =
      kind === 0
        ? {
            event: { category: ['authentication'], outcome: i % 5 ? 'success' : 'failure', code: '4624' },
            user: { name: user },
            source: { ip: `10.0.${i % 256}.${(i * 3) % 256}`, port: 40000 + (i % 20000) },
          }
        : kind === 1
          ? {
              event: { category: ['process'], code: '4688' },
              process: {
                executable: `C:\\Windows\\System32\\${i % 11 ? 'svchost' : 'powershell'}.exe`,
                command_line: `${i % 11 ? 'svchost.exe -k netsvcs' : 'powershell.exe -nop -enc SQBFAFgA'} ${i}`,
                pid: 1000 + i,
              },
              user: { name: user },
            }
          : {
              url: { original: `/api/v1/items/${i}?q=${i % 13}`, path: `/api/v1/items/${i}` },
              http: { request: { method: 'GET' }, response: { status_code: i % 17 ? 200 : 500 } },
              source: { ip: `198.51.100.${i % 200}` },
            };
    const raw = `run${run}-event${i}`;
    out.push(
      toStoredEvent(
        { '@timestamp': new Date(t0 + i * 100).toISOString(), host: { name: host }, message: raw, ...fields },
        {
          tenant: 'bench',
          connector: kind === 2 ? 'nginx-access' : 'windows-security',
          raw,
          position: `bench:${run}:${i}`,
        },
        new Date(),
      ),
    );
  }
  return out;
}

const QUERIES = [
  'user.name:alice',
  'event.category:authentication AND event.outcome:failure',
  'process.command_line:*-enc*',
  'http.response.status_code >= 500',
  'host.name:(ws-001 OR ws-002) AND NOT user.name:bob',
];

async function benchAdapter(
  name: string,
  make: () => StoragePort,
  opts: { events: number; batch: number; runs: number },
) {
  const writeRates: number[] = [];
  const latencies: number[] = [];
  const store = make();
  await store.init();
  try {
    const t0 = Date.parse('2024-06-01T00:00:00Z');
    for (let run = 0; run < opts.runs; run++) {
      const events = makeEvents(opts.events, run, t0 + run * opts.events * 100);
      const start = performance.now();
      for (let i = 0; i < events.length; i += opts.batch) {
        const res = await store.writeEvents('bench', events.slice(i, i + opts.batch));
        if (res.failed.length)
          throw new Error(`${name}: ${res.failed.length} events refused: ${res.failed[0].reason}`);
      }
      await store.refresh();
      writeRates.push(opts.events / ((performance.now() - start) / 1000));
    }
    const total = await store.countEvents('bench', {});
    for (let r = 0; r < opts.runs; r++) {
      for (const q of QUERIES) {
        const s = performance.now();
        await store.searchEvents('bench', { kql: q, size: 50 });
        latencies.push(performance.now() - s);
      }
    }
    return {
      adapter: name,
      stored: total,
      write_eps: Math.round(median(writeRates)),
      search_p50_ms: Math.round(median(latencies) * 10) / 10,
      search_max_ms: Math.round(Math.max(...latencies) * 10) / 10,
    };
  } finally {
    await store.close();
  }
}

async function esReachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const opts = {
    events: Number(process.env.BENCH_EVENTS ?? 20_000),
    batch: 1000,
    runs: Number(process.env.BENCH_RUNS ?? 5),
  };
  process.stdout.write(
    `storage bench — ${machine()}\ninput: ${opts.runs} runs × ${opts.events} synthetic ECS events (auth/process/web mix), batches of ${opts.batch}; ${QUERIES.length} KQL queries × ${opts.runs}\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const rows = [
    await benchAdapter('duckdb', () => new DuckDbStorageAdapter(join(dir, 'bench.duckdb')), opts),
  ];
  const esUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
  if (await esReachable(esUrl)) {
    rows.push(
      await benchAdapter(
        'elasticsearch',
        () => new ElasticsearchStorageAdapter({ url: esUrl, prefix: `bench${Date.now().toString(36)}` }),
        opts,
      ),
    );
  } else {
    process.stdout.write(`(Elasticsearch not reachable at ${esUrl}: skipped)\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  printTable('median of runs', rows);
  if (json) {
    const summary = Object.fromEntries(
      rows.flatMap((r) => [
        [`${r.adapter}_write_eps`, r.write_eps],
        [`${r.adapter}_search_p50_ms`, r.search_p50_ms],
      ]),
    );
    process.stdout.write(JSON.stringify(summary) + '\n');
  }
}
