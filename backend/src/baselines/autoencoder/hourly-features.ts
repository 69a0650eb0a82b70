/**
 * Per-entity hourly feature vectors built from ECS events (the autoencoder's input).
 *
 * An entity is a user (`user.name`, lower-cased, without a `DOMAIN\` prefix) or a host (`host.name`, lower-cased).
 * Each (entity, UTC hour) bucket counts what the entity did in that hour; see `FEATURES` for the exact definitions.
 * Vectors are "raw" (counts, bytes, time encodings): `FeatureNormalizer` log-scales and standardizes them.
 */
export type EntityKind = 'user' | 'host';

export interface FeatureDef {
  name: string;
  /** `count`: non-negative amount, log1p-scaled before standardization; `time`: calendar encoding, standardized only. */
  kind: 'count' | 'time';
  description: string;
}

export const FEATURES: readonly FeatureDef[] = [
  {
    name: 'logons',
    kind: 'count',
    description:
      'successful authentications (event.category authentication, outcome success: 4624, VPN, ConsoleLogin…)',
  },
  {
    name: 'logon_failures',
    kind: 'count',
    description: 'failed authentications (event.category authentication, outcome failure: 4625, 4771…)',
  },
  {
    name: 'processes',
    kind: 'count',
    description: 'process starts (event.category process with type start, or event.code 1/4688)',
  },
  {
    name: 'distinct_processes',
    kind: 'count',
    description: 'distinct process.name among those process starts',
  },
  {
    name: 'network_connections',
    kind: 'count',
    description: 'network/web events with a destination (firewall, proxy, netflow)',
  },
  {
    name: 'distinct_destinations',
    kind: 'count',
    description: 'distinct destination.domain / url.domain / destination.ip',
  },
  {
    name: 'bytes_out',
    kind: 'count',
    description: 'sum of source.bytes (else http.request.bytes): bytes sent by the entity',
  },
  { name: 'dns_queries', kind: 'count', description: 'events with dns.question.name' },
  {
    name: 'distinct_dns_domains',
    kind: 'count',
    description:
      'distinct registered domains queried (dns.question.registered_domain, else the last two labels)',
  },
  {
    name: 'privileged_actions',
    kind: 'count',
    description:
      'privileged actions: event.code 4672/4697/4698/4720/4722/4724/4728/4732/4738/4756/7045, cloud IAM changes, event.type admin',
  },
  {
    name: 'cloud_api_calls',
    kind: 'count',
    description: 'cloud audit events (cloud.provider set: CloudTrail, Azure, GCP)',
  },
  { name: 'distinct_source_ips', kind: 'count', description: 'distinct source.ip of the authentications' },
  { name: 'hour_sin', kind: 'time', description: 'sin(2π·hour/24) of the bucket (UTC + utcOffsetMinutes)' },
  { name: 'hour_cos', kind: 'time', description: 'cos(2π·hour/24) of the bucket' },
  { name: 'weekend', kind: 'time', description: '1 on Saturday, Sunday and listed holidays, else 0' },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<string, number>;
const N_COUNTS = FEATURES.filter((f) => f.kind === 'count').length;

export interface HourlyVector {
  entity: string;
  /** Start of the hour, ISO 8601 UTC. */
  hour: string;
  /** Raw values in `FEATURE_NAMES` order. */
  values: number[];
}

const HOUR_MS = 3_600_000;
const PRIVILEGED_CODES = new Set([
  '4672',
  '4697',
  '4698',
  '4720',
  '4722',
  '4724',
  '4728',
  '4732',
  '4738',
  '4756',
  '7045',
]);

type Doc = Record<string, unknown>;
const obj = (v: unknown): Doc | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** The entity an event belongs to, or undefined when it has none of that kind. */
export function entityOf(doc: Doc, kind: EntityKind): string | undefined {
  if (kind === 'host') return str(obj(doc.host)?.name)?.toLowerCase();
  const name = str(obj(doc.user)?.name);
  if (!name) return undefined;
  const i = name.lastIndexOf('\\');
  return (i >= 0 ? name.slice(i + 1) : name).toLowerCase() || undefined;
}

/** Hour-of-day and weekend encodings of the hour starting at `hourMs`. */
export function timeFeatures(
  hourMs: number,
  opts: { utcOffsetMinutes?: number; holidays?: ReadonlySet<string> } = {},
): [number, number, number] {
  const local = new Date(hourMs + (opts.utcOffsetMinutes ?? 0) * 60_000);
  const h = local.getUTCHours();
  const day = local.getUTCDay();
  const holiday = opts.holidays?.has(local.toISOString().slice(0, 10)) ?? false;
  return [
    Math.sin((2 * Math.PI * h) / 24),
    Math.cos((2 * Math.PI * h) / 24),
    day === 0 || day === 6 || holiday ? 1 : 0,
  ];
}

function registeredDomain(name: string): string {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  return labels.slice(-2).join('.');
}

interface Bucket {
  counts: Float64Array;
  processes?: Set<string>;
  destinations?: Set<string>;
  domains?: Set<string>;
  sourceIps?: Set<string>;
}

export interface HourlyFeatureOptions {
  utcOffsetMinutes?: number;
  /** Dates (`YYYY-MM-DD`, local) counted as weekend days. */
  holidays?: Iterable<string>;
}

/**
 * Accumulates events into (entity, hour) buckets. Feed it with `add(doc)` (any order), then read `vectors()`.
 * Memory grows with the number of active (entity, hour) pairs, not with the number of events.
 */
export class HourlyFeatureBuilder {
  private readonly buckets = new Map<string, Map<number, Bucket>>();
  private readonly holidays: ReadonlySet<string>;
  private minHour = Infinity;
  private maxHour = -Infinity;
  /** Events counted / ignored (no entity, no timestamp). */
  added = 0;
  ignored = 0;

  constructor(
    readonly kind: EntityKind,
    private readonly opts: HourlyFeatureOptions = {},
  ) {
    this.holidays = new Set(opts.holidays ?? []);
  }

  /** Counts one ECS event; returns false (and counts it as ignored) when it has no entity of this kind or no time. */
  add(doc: Doc): boolean {
    const entity = entityOf(doc, this.kind);
    const t = Date.parse(String(doc['@timestamp']));
    if (!entity || Number.isNaN(t)) {
      this.ignored++;
      return false;
    }
    const hour = Math.floor(t / HOUR_MS);
    this.minHour = Math.min(this.minHour, hour);
    this.maxHour = Math.max(this.maxHour, hour);
    let perEntity = this.buckets.get(entity);
    if (!perEntity) this.buckets.set(entity, (perEntity = new Map()));
    let b = perEntity.get(hour);
    if (!b) perEntity.set(hour, (b = { counts: new Float64Array(N_COUNTS) }));
    accumulate(b, doc);
    this.added++;
    return true;
  }

  entities(): string[] {
    return [...this.buckets.keys()].sort();
  }

  /**
   * The vectors, entity by entity, hour by hour. `dense` (default true) also yields the empty hours of every entity
   * between `from` and `to` (default: the first and last hour seen across all entities), so quiet hours are part of
   * what the model learns as normal; `dense: false` yields only active hours.
   */
  *vectors(
    opts: { from?: string | number; to?: string | number; dense?: boolean } = {},
  ): Generator<HourlyVector> {
    if (!Number.isFinite(this.minHour)) return;
    const hourOf = (v: string | number) => Math.floor((typeof v === 'number' ? v : Date.parse(v)) / HOUR_MS);
    const from = opts.from !== undefined ? hourOf(opts.from) : this.minHour;
    const to = opts.to !== undefined ? hourOf(opts.to) : this.maxHour + 1; // exclusive
    const dense = opts.dense ?? true;
    const timeOpts = { utcOffsetMinutes: this.opts.utcOffsetMinutes, holidays: this.holidays };
    for (const entity of this.entities()) {
      const perEntity = this.buckets.get(entity)!;
      const hours = dense
        ? range(from, to)
        : [...perEntity.keys()].filter((h) => h >= from && h < to).sort((a, b) => a - b);
      for (const h of hours) {
        const b = perEntity.get(h);
        const values = new Array<number>(FEATURE_NAMES.length).fill(0);
        if (b) {
          for (let i = 0; i < N_COUNTS; i++) values[i] = b.counts[i];
          values[F.distinct_processes] = b.processes?.size ?? 0;
          values[F.distinct_destinations] = b.destinations?.size ?? 0;
          values[F.distinct_dns_domains] = b.domains?.size ?? 0;
          values[F.distinct_source_ips] = b.sourceIps?.size ?? 0;
        }
        const [s, c, w] = timeFeatures(h * HOUR_MS, timeOpts);
        values[F.hour_sin] = s;
        values[F.hour_cos] = c;
        values[F.weekend] = w;
        yield { entity, hour: new Date(h * HOUR_MS).toISOString(), values };
      }
    }
  }
}

function* range(from: number, to: number): Generator<number> {
  for (let h = from; h < to; h++) yield h;
}

function add(set: Set<string> | undefined, v: string | undefined): Set<string> | undefined {
  if (v === undefined) return set;
  (set ??= new Set()).add(v.toLowerCase());
  return set;
}

function accumulate(b: Bucket, doc: Doc): void {
  const c = b.counts;
  eventFeatures(
    doc,
    (i, n) => (c[i] += n),
    (i, v) => {
      if (i === F.distinct_processes) b.processes = add(b.processes, v);
      else if (i === F.distinct_destinations) b.destinations = add(b.destinations, v);
      else if (i === F.distinct_dns_domains) b.domains = add(b.domains, v);
      else if (i === F.distinct_source_ips) b.sourceIps = add(b.sourceIps, v);
    },
  );
}

/** Indexes (in `FEATURE_NAMES`) of the count features and of the distinct-value features. */
export const FEATURE_INDEX: Readonly<Record<string, number>> = F;

/**
 * What one event adds to its hour's vector: `count(i, n)` for count features, `distinct(i, value)` for the values
 * of distinct features (lower-cased by the caller's set). The single definition used by the builder (training)
 * and by the streaming detector (scoring), so both see the same vectors.
 */
export function eventFeatures(
  doc: Doc,
  count: (i: number, n: number) => void,
  distinct: (i: number, v: string) => void,
): void {
  const event = obj(doc.event) ?? {};
  const cats = list(event.category);
  const types = list(event.type);
  const code = str(event.code);
  const outcome = str(event.outcome);
  if (cats.includes('authentication')) {
    if (outcome === 'success') count(F.logons, 1);
    else if (outcome === 'failure') count(F.logon_failures, 1);
    const ip = str(obj(doc.source)?.ip);
    if (ip !== undefined) distinct(F.distinct_source_ips, ip);
  }
  const process = obj(doc.process);
  if ((cats.includes('process') && types.includes('start')) || code === '4688' || (code === '1' && process)) {
    count(F.processes, 1);
    const name = str(process?.name) ?? str(process?.executable);
    if (name !== undefined) distinct(F.distinct_processes, name);
  }
  const dest = obj(doc.destination);
  const url = obj(doc.url);
  const destination = str(dest?.domain) ?? str(url?.domain) ?? str(dest?.ip);
  if ((cats.includes('network') || cats.includes('web')) && destination) {
    count(F.network_connections, 1);
    distinct(F.distinct_destinations, destination);
  }
  const sent = Number(obj(doc.source)?.bytes ?? obj(obj(doc.http)?.request)?.bytes);
  if (Number.isFinite(sent) && sent > 0) count(F.bytes_out, sent);
  const question = obj(obj(doc.dns)?.question);
  const qname = str(question?.name);
  if (qname) {
    count(F.dns_queries, 1);
    distinct(F.distinct_dns_domains, str(question?.registered_domain) ?? registeredDomain(qname));
  }
  const cloud = obj(doc.cloud);
  if (str(cloud?.provider)) count(F.cloud_api_calls, 1);
  if (
    (code !== undefined && PRIVILEGED_CODES.has(code)) ||
    types.includes('admin') ||
    (cats.includes('iam') &&
      (types.includes('change') || types.includes('creation') || types.includes('deletion')))
  ) {
    count(F.privileged_actions, 1);
  }
}
