/**
 * Connector throughput: records/s on one core per connector, grouped into families — syslog-style text sources
 * and JSON cloud/SaaS sources — plus EVTX decoding records/s (from `evtx.bench.ts`).
 *
 * Input per connector: the raw entries of its Elastic fixtures and the expected documents' `event.original`s
 * (../shared/corpora/elastic-integrations), replicated to `--records` (default 20,000) per run; generated
 * samples stand in when the corpus is absent. Each run parses every connector's records once; the result is the
 * median of `--runs` runs (default 5, at least 5) after a warm-up.
 *
 *   npm run bench -- connectors [--json] [--runs 5] [--records 20000] [--only id,id] [--no-evtx]
 *
 * Targets: ≥ 50,000 lines/s for syslog-style text sources, ≥ 20,000/s for JSON cloud sources, ≥ 30,000 EVTX
 * records/s. With --json the last line printed is
 * `{"syslog_lps":…,"json_lps":…,"evtx_rps":…,"per_connector":{"<id>":…}}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectors, type Connector, type RawRecord } from '@vigie/connectors';
import { median, option } from './bench-report.js';

const CORPUS = process.env.VIGIE_CORPORA
  ? join(process.env.VIGIE_CORPORA, 'elastic-integrations')
  : fileURLToPath(new URL('../../../shared/corpora/elastic-integrations', import.meta.url));
const NOW = new Date('2025-06-01T12:00:00Z');

export type Family = 'syslog' | 'json' | 'windows';

/** JSON cloud/SaaS/EDR sources read JSON first; Windows sources are measured with EVTX; the rest is text. */
export function familyOf(c: Connector): Family {
  if (c.formats.includes('evtx')) return 'windows';
  return c.formats[0] === 'json' || c.formats[0] === 'ndjson' ? 'json' : 'syslog';
}

/** Generated samples per family when the corpus is absent. */
const GENERATED: Record<Family, string[]> = {
  syslog: [
    '<38>May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2',
    '<166>Jan 20 2024 10:00:00 asa-1 : %ASA-6-302013: Built outbound TCP connection 123 for outside:198.51.100.80/443 (198.51.100.80/443) to inside:10.0.0.7/40404 (203.0.113.5/40404)',
    '<134>1 2024-01-20T10:00:00Z fw01 - - - - date=2024-01-20 time=10:00:00 devname="fw01" type="traffic" srcip=10.0.0.7 dstip=198.51.100.80 srcport=40404 dstport=443 action="accept"',
    'CEF:0|Vendor|Product|1.0|100|Something happened|5|src=10.0.0.7 dst=198.51.100.80 spt=40404 dpt=443 act=blocked suser=bob',
    '10.0.0.7 - bob [20/Jan/2024:10:00:00 +0100] "GET /index.php?a=1 HTTP/1.1" 200 512 "https://ref.example/" "Mozilla/5.0"',
    'type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=59 success=yes exit=0 pid=2 auid=1000 uid=0 comm="ls" exe="/bin/ls"',
  ],
  json: [
    '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/ops","accountId":"1","userName":"ops"},"eventTime":"2024-03-05T08:10:11Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"eu-west-3","sourceIPAddress":"198.51.100.23"}',
    '{"uuid":"u1","published":"2024-03-05T08:10:11Z","eventType":"user.session.start","actor":{"alternateId":"bob@example.com"},"client":{"ipAddress":"198.51.100.23"},"outcome":{"result":"SUCCESS"}}',
    '{"timestamp":"2024-01-20T10:00:00.123456+0100","flow_id":42,"event_type":"alert","src_ip":"10.0.0.7","src_port":40404,"dest_ip":"198.51.100.80","dest_port":80,"proto":"TCP","alert":{"signature_id":1,"signature":"ET TEST","severity":1}}',
  ],
  windows: [],
};

interface Manifest {
  pkg: string;
  ds: string;
  raw: string;
  expected: string | null;
}

function textOf(record: unknown): string | undefined {
  if (typeof record === 'string') return record;
  if (record && typeof record === 'object') {
    const r = record as { message?: unknown; event?: { original?: unknown } };
    if (typeof r.message === 'string') return r.message;
    if (typeof r.event?.original === 'string') return r.event.original;
  }
  return undefined;
}

/** Raw entries and expected `event.original`s of a connector's fixtures (structured entries kept as objects). */
export function corpusInputs(c: Connector, manifest: Manifest[]): RawRecord[] {
  const out: RawRecord[] = [];
  const seen = new Set<string>();
  const add = (r: RawRecord) => {
    const key = typeof r === 'string' ? r : JSON.stringify(r);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  for (const e of manifest.filter((m) => c.elasticFixtures.includes(`${m.pkg}/${m.ds}`))) {
    const raw = join(CORPUS, e.raw);
    if (existsSync(raw)) {
      const text = readFileSync(raw, 'utf8');
      if (e.raw.endsWith('.json')) {
        try {
          for (const ev of (JSON.parse(text) as { events?: unknown[] }).events ?? []) {
            const t = textOf(ev);
            add(t ?? (ev as Record<string, unknown>));
          }
        } catch {
          /* unreadable fixture: the expected originals still count */
        }
      } else for (const l of text.split(/\r?\n/)) if (l.trim()) add(l);
    }
    if (e.expected && existsSync(join(CORPUS, e.expected))) {
      try {
        for (const d of (
          JSON.parse(readFileSync(join(CORPUS, e.expected), 'utf8')) as { expected?: unknown[] }
        ).expected ?? []) {
          const o = (d as { event?: { original?: unknown } })?.event?.original;
          if (typeof o === 'string') add(o);
        }
      } catch {
        /* ignore */
      }
    }
  }
  return out;
}

interface Input {
  connector: Connector;
  family: Family;
  records: RawRecord[];
  source: 'corpus' | 'generated';
  distinct: number;
}

function parseAll(inp: Input): { seconds: number; events: number; rejects: number } {
  const ctx = { options: {}, now: NOW };
  const c = inp.connector;
  let events = 0;
  let rejects = 0;
  const t0 = process.hrtime.bigint();
  for (const r of inp.records) {
    const o = c.parse(r, ctx);
    if (o.kind === 'event') events++;
    else if (o.kind === 'reject') rejects++;
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, events, rejects };
}

export interface ConnectorsBenchResult {
  syslog_lps: number;
  json_lps: number;
  evtx_rps: number | null;
  per_connector: Record<string, number>;
}

export async function run(args: string[]): Promise<ConnectorsBenchResult> {
  const json = args.includes('--json');
  const runs = Math.max(5, Number(option(args, '--runs', '5')));
  const target = Math.max(1000, Number(option(args, '--records', '20000')));
  const only = option(args, '--only', '').split(',').filter(Boolean);
  const manifest: Manifest[] = existsSync(join(CORPUS, 'MANIFEST.json'))
    ? ((d: unknown) => (Array.isArray(d) ? d : (d as { entries: Manifest[] }).entries))(
        JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')),
      )
    : [];
  if (manifest.length === 0)
    console.warn(`connectors bench: corpus not found at ${CORPUS}; using generated samples`);

  const inputs: Input[] = [];
  for (const c of connectors) {
    if (only.length && !only.includes(c.id)) continue;
    const family = familyOf(c);
    if (family === 'windows') continue; // measured through EVTX below
    let base = manifest.length ? corpusInputs(c, manifest) : [];
    const source = base.length ? 'corpus' : 'generated';
    if (!base.length) {
      // Generated samples of the family, kept only when this connector turns them into events (fast rejects
      // would flatter the rate).
      base = GENERATED[family].filter((r) => c.parse(r, { options: {}, now: NOW }).kind === 'event');
      if (!base.length) {
        console.warn(
          `connectors bench: ${c.id}: no corpus input and no generated sample it parses; not measured`,
        );
        continue;
      }
    }
    const records: RawRecord[] = [];
    for (let i = 0; records.length < target; i++) records.push(base[i % base.length]);
    inputs.push({ connector: c, family, records, source, distinct: base.length });
  }

  for (const inp of inputs)
    parseAll({ ...inp, records: inp.records.slice(0, Math.min(2000, inp.records.length)) }); // warm-up (JIT)
  const samples = new Map<string, number[]>();
  const outcome = new Map<string, { events: number; rejects: number }>();
  for (let r = 0; r < runs; r++) {
    for (const inp of inputs) {
      const res = parseAll(inp);
      const list = samples.get(inp.connector.id) ?? [];
      list.push(inp.records.length / res.seconds);
      samples.set(inp.connector.id, list);
      outcome.set(inp.connector.id, { events: res.events, rejects: res.rejects });
    }
  }
  const per_connector: Record<string, number> = {};
  for (const inp of inputs)
    per_connector[inp.connector.id] = Math.round(median(samples.get(inp.connector.id)!));

  // A family's rate: its records over the time they take (each connector at its median rate), i.e. the rate of
  // a stream mixing the family's sources in equal parts.
  const familyRate = (f: Family): number => {
    const members = inputs.filter((i) => i.family === f);
    if (!members.length) return 0;
    const seconds = members.reduce((s, i) => s + i.records.length / per_connector[i.connector.id], 0);
    return Math.round(members.reduce((n, i) => n + i.records.length, 0) / seconds);
  };
  const targets: Record<Family, number> = { syslog: 50_000, json: 20_000, windows: 30_000 };
  const rows = inputs
    .map((i) => {
      const o = outcome.get(i.connector.id)!;
      return {
        connector: i.connector.id,
        family: i.family,
        input: `${i.source} (${i.distinct} distinct)`,
        'records/s': per_connector[i.connector.id],
        'event %': Math.round((o.events / i.records.length) * 100),
        target: per_connector[i.connector.id] >= targets[i.family] ? 'ok' : `MISS (< ${targets[i.family]})`,
      };
    })
    .sort((a, b) => a.family.localeCompare(b.family) || a['records/s'] - b['records/s']);
  console.log(
    `connectors: ${inputs.length} connectors, ${target} records each per run, median of ${runs} runs (one core)`,
  );
  console.table(rows);
  const syslog_lps = familyRate('syslog');
  const json_lps = familyRate('json');

  let evtx_rps: number | null = null;
  if (!args.includes('--no-evtx')) {
    try {
      const { run: runEvtx } = await import('./evtx.bench.js');
      evtx_rps = (await runEvtx(['--runs', String(runs)])).evtx_rps;
    } catch (err) {
      console.warn(`connectors bench: EVTX part skipped: ${(err as Error).message}`);
    }
  }
  console.log(
    `syslog-style text sources: ${syslog_lps} lines/s (target ≥ 50000) ${syslog_lps >= 50_000 ? 'ok' : 'MISS'}`,
  );
  console.log(
    `JSON cloud sources:        ${json_lps} records/s (target ≥ 20000) ${json_lps >= 20_000 ? 'ok' : 'MISS'}`,
  );
  console.log(
    `EVTX:                      ${evtx_rps ?? 'n/a'} records/s (target ≥ 30000) ${evtx_rps === null ? '' : evtx_rps >= 30_000 ? 'ok' : 'MISS'}`,
  );
  const misses = rows.filter((r) => r.target !== 'ok').map((r) => `${r.connector} ${r['records/s']}/s`);
  if (misses.length) console.log(`below target: ${misses.join(', ')}`);
  const result: ConnectorsBenchResult = { syslog_lps, json_lps, evtx_rps, per_connector };
  if (json) console.log(JSON.stringify(result));
  return result;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
