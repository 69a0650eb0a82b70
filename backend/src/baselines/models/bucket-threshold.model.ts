/**
 * Volume per entity and time bucket above its own baseline: `kind: count` (events — failed logons per source or
 * user, API calls per client), `sum` (a numeric field — bytes out per user or host) or `distinct` (distinct values
 * — accounts tried from one source: password spray). State: per entity the bucket totals over the learning window;
 * the refresh learns each entity's `quantile` (default p99, empty buckets counted as 0) and a population one (only
 * from at least `min_population` entities, default 5; with fewer, a new entity is held to the absolute floor).
 * Alert when a bucket crosses `max(min, factor × learned quantile)` — the crossing happens once whatever the order
 * of events, so workers agree. Buckets hop by half their size (two grids), so a burst straddling a boundary is
 * still seen whole; one alert per entity and bucket (a burst seen by both grids gives one alert).
 */
import { durationMs } from '../definition.schema.js';
import { numberOf, percentile, meanStd } from '../features.js';
import {
  checkNumbers,
  days,
  evidenceBase,
  mergeParams,
  round,
  type BaselineModel,
  type Detector,
} from '../model.js';
import { asNumber, type BaselineStateStore, type StateOp } from '../state/state-store.port.js';

interface Learned {
  q: number;
  mean: number;
  std: number;
  buckets: number;
}

const unit = (d: Detector) =>
  d.s.kind === 'sum' ? (d.s.unit ?? '') : d.s.kind === 'distinct' ? 'distinct' : 'events';

function fmt(x: number, d: Detector): string {
  if (d.s.unit === 'bytes')
    return x >= 1e9
      ? `${round(x / 1e9, 2)} GB`
      : x >= 1e6
        ? `${round(x / 1e6, 1)} MB`
        : x >= 1e3
          ? `${round(x / 1e3, 1)} kB`
          : `${x} B`;
  return String(round(x, 2));
}

export const bucketThresholdModel: BaselineModel = {
  type: 'bucket_threshold',
  validate(def) {
    const all = { ...def.model.params, ...def.threshold } as Record<string, unknown>;
    if (!['count', 'sum', 'distinct'].includes(String(all.kind)))
      return 'bucket_threshold: params.kind must be count, sum or distinct';
    if (typeof all.bucket !== 'string' || !/^\d+(s|m|h|d)$/.test(all.bucket))
      return 'bucket_threshold: params.bucket must be a duration like 10m or 1h';
    if ((all.kind === 'sum' || all.kind === 'distinct') && !def.feature.field)
      return `bucket_threshold: kind ${String(all.kind)} needs feature.field`;
    if (typeof all.min !== 'number') return 'bucket_threshold: threshold.min (a number) is required';
    return checkNumbers(def, ['min', 'factor', 'quantile', 'min_population']);
  },
  params(def) {
    const r = mergeParams(def, { factor: 3, quantile: 0.99, min_population: 5 });
    r.p.bucket_ms = durationMs(r.s.bucket);
    return r;
  },
  plan(d, c) {
    const id = d.def.id;
    const B = d.p.bucket_ms;
    const ttl = Math.ceil((d.windowMs + B) / 1000);
    let delta = 1;
    if (d.s.kind === 'distinct' && c.value === undefined) return undefined;
    if (d.s.kind === 'sum') {
      const n = numberOf(d.def.feature.field, c.ev.doc);
      if (n === undefined || n <= 0) return undefined;
      delta = n;
    }
    const ops: StateOp[] = [
      { t: 'hincr', k: `${id}:n`, f: c.entity, n: 1 },
      { t: 'hget', k: `${id}:m`, f: c.entity },
      { t: 'hget', k: `${id}:m`, f: '*' },
    ];
    // grid 0 (learned from) and grid 1 (shifted by half a bucket, short-lived)
    const buckets = [Math.floor(c.ms / B) * B, Math.floor((c.ms - B / 2) / B) * B + B / 2];
    buckets.forEach((bucket, grid) => {
      const bk = grid === 0 ? `${id}:b:${c.entity}` : `${id}:b1:${c.entity}`;
      if (d.s.kind === 'distinct')
        ops.push({
          t: 'sadd',
          k: `${id}:d:${c.entity}:${bucket}`,
          m: c.value!,
          ttl: Math.ceil((2 * B) / 1000),
          track: { k: bk, f: String(bucket) },
        });
      else
        ops.push({
          t: 'hincr',
          k: bk,
          f: String(bucket),
          n: delta,
          ttl: grid === 0 ? ttl : Math.ceil((2 * B) / 1000),
        });
    });
    return {
      ops,
      decide([, own, pop, ...grids]) {
        const mine = parse(own);
        const learned = mine ?? parse(pop);
        const from = mine ? 'entity' : learned ? 'population' : 'none';
        const threshold = Math.max(d.p.min, d.p.factor * (learned?.q ?? 0));
        for (const [grid, r] of grids.entries()) {
          let after: number;
          let before: number;
          if (d.s.kind === 'distinct') {
            const [added, card] = r as number[];
            after = card;
            before = card - added;
          } else {
            after = asNumber(r);
            before = after - delta;
          }
          if (!(before < threshold && after >= threshold)) continue;
          const bucket = buckets[grid];
          const z =
            learned && learned.std > 0
              ? (after - learned.mean) / learned.std
              : after / Math.max(1, threshold);
          const span = d.s.bucket;
          return {
            detector: id,
            key: `${c.entity}\u0000${Math.floor(bucket / B)}`,
            entity: c.entity,
            events: [c.ev],
            firstMs: bucket,
            lastMs: c.ms,
            evidence: {
              ...evidenceBase(d, c.entity),
              observed: `${fmt(after, d)} ${unit(d)} in ${span} (at least)`,
              expected: `below ${fmt(threshold, d)} ${unit(d)} per ${span}`,
              baseline: learned
                ? `${from} p${Math.round(d.p.quantile * 100)} = ${fmt(learned.q, d)} per ${span}, mean ${fmt(learned.mean, d)} over ${learned.buckets} buckets (${days(learned.buckets * B)}); threshold = max(${fmt(d.p.min, d)}, ${d.p.factor} × p${Math.round(d.p.quantile * 100)})`
                : `no learned baseline yet; absolute floor ${fmt(d.p.min, d)} per ${span}`,
              statistics: {
                observed: round(after),
                threshold: round(threshold),
                quantile: round(learned?.q ?? 0),
                mean: round(learned?.mean ?? 0),
                std: round(learned?.std ?? 0),
                baseline_from: from,
                bucket_start: new Date(bucket).toISOString(),
              },
              score: Math.min(100, Math.round(50 + 10 * Math.min(5, Math.max(0, z)))),
              top_features: [
                {
                  name: d.def.feature.name,
                  value: round(after),
                  contribution: round(after / Math.max(1e-9, threshold)),
                },
              ],
            },
          };
        }
        return undefined;
      },
    };
  },
  async refresh(d, store, tenant, asOfMs) {
    await refreshBuckets(d, store, tenant, asOfMs);
  },
};

/**
 * Learned statistics are stored as JSON strings and read on every routed event; the same strings come back until
 * the next refresh, so their parses are memoised (bounded: cleared when full).
 */
const parsed = new Map<string, Learned | undefined>();
const PARSED_MAX = 50_000;

function parse(v: unknown): Learned | undefined {
  if (typeof v !== 'string') return undefined;
  const hit = parsed.get(v);
  if (hit !== undefined || parsed.has(v)) return hit;
  let out: Learned | undefined;
  try {
    out = JSON.parse(v) as Learned;
  } catch {
    out = undefined;
  }
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(v, out);
  return out;
}

/** Learns per-entity and population quantiles of bucket totals over the window; drops older buckets. */
export async function refreshBuckets(
  d: Detector,
  store: BaselineStateStore,
  tenant: string,
  asOfMs: number,
): Promise<void> {
  const id = d.def.id;
  const [index] = await store.hgetall(tenant, [`${id}:n`]);
  const entities = Object.keys(index);
  const current = Math.floor(asOfMs / d.p.bucket_ms) * d.p.bucket_ms;
  const start = current - d.windowMs;
  const models: Record<string, string> = {};
  const pooled: number[] = [];
  let populationSize = 0;
  for (let i = 0; i < entities.length; i += 500) {
    const chunk = entities.slice(i, i + 500);
    const hashes = await store.hgetall(
      tenant,
      chunk.map((e) => `${id}:b:${e}`),
    );
    for (const [j, h] of hashes.entries()) {
      const stale: string[] = [];
      const series = new Map<number, number>();
      let first = Infinity;
      for (const [f, v] of Object.entries(h)) {
        const b = Number(f);
        if (b < start) stale.push(f);
        else if (b < current) {
          series.set(b, Number(v));
          first = Math.min(first, b);
        }
      }
      if (stale.length) await store.hdel(tenant, `${id}:b:${chunk[j]}`, stale);
      if (first === Infinity) continue;
      const values: number[] = [];
      for (let b = first; b < current; b += d.p.bucket_ms) values.push(series.get(b) ?? 0);
      values.sort((a, b) => a - b);
      const { mean, std } = meanStd(values);
      const q = percentile(values, d.p.quantile);
      models[chunk[j]] = JSON.stringify({ q, mean, std, buckets: values.length } satisfies Learned);
      for (const v of values) pooled.push(v);
      populationSize++;
    }
  }
  // A population baseline needs a population: with a handful of entities (failed logons come from a few sources;
  // one of them may be the attack itself) the pooled quantile is that handful's behaviour, not the norm.
  if (pooled.length && populationSize >= d.p.min_population) {
    pooled.sort((a, b) => a - b);
    const { mean, std } = meanStd(pooled);
    models['*'] = JSON.stringify({
      q: percentile(pooled, d.p.quantile),
      mean,
      std,
      buckets: pooled.length,
    } satisfies Learned);
  }
  await store.hmset(tenant, `${id}:m`, models);
}
