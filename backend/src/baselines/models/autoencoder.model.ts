/**
 * Autoencoder over per-entity hourly feature vectors (`../autoencoder`, TensorFlow.js). Streaming: each event is
 * folded into its (entity, hour) aggregate of the batch; after the batch, one write per key and field (counts with
 * `hincr`, distinct values with `sadd` tracking their cardinality) and the entity marked active in that hour. `tick`: once event time has passed
 * an hour's end, ONE worker holding the trained model claims it (`hmax` on the last closed hour), reads the hour's
 * vectors and scores them in one batch; an hour whose reconstruction error exceeds `factor ×` the learned threshold
 * (a quantile of training errors) is an alert, with the top features (observed vs reconstructed). `refresh`
 * trains (at most every `retrain_every_h` hours) on the learning window's events (dense hourly vectors, quiet
 * hours included) and saves the model through the registry (storage port). No model yet: silent, status says so.
 */
import type { LoadedDefinition } from '../definition.loader.js';
import {
  checkNumbers,
  evidenceBase,
  mergeParams,
  round,
  type BaselineModel,
  type Detector,
  type Finding,
} from '../model.js';
import { asNumber, type StateOp } from '../state/state-store.port.js';
import {
  eventFeatures,
  FEATURE_INDEX,
  FEATURE_NAMES,
  HourlyFeatureBuilder,
  timeFeatures,
  type EntityKind,
} from '../autoencoder/hourly-features.js';

const H = 3_600_000;
/** Hours of vectors kept in the state (an hour not scored within this is dropped). */
const KEEP_HOURS = 48;

/** The batch's (entity, hour) aggregates per detector, written by `batchOps` (one write per key and field). */
interface HourAggregate {
  entity: string;
  hour: number;
  counts: Float64Array;
  /** Whether any event added to it (events with no feature leave no state). */
  used: boolean;
  sets: Map<number, Set<string>>;
}
const pending = new WeakMap<Detector, { hours: Map<string, HourAggregate>; mark: number }>();
let current: HourAggregate;
const addCount = (i: number, n: number) => {
  current.counts[i] += n;
  current.used = true;
};
const addDistinct = (i: number, v: string) => {
  let s = current.sets.get(i);
  if (!s) current.sets.set(i, (s = new Set()));
  s.add(v.toLowerCase());
  current.used = true;
};

const kindOf = (d: Pick<LoadedDefinition, 'entity'>): EntityKind =>
  d.entity[0]?.startsWith('host.') ? 'host' : 'user';

export const autoencoderModel: BaselineModel = {
  type: 'autoencoder',
  validate(def) {
    if (def.entity.length !== 1 || !/^(user\.name|host\.name)/.test(def.entity[0]))
      return 'autoencoder: entity must be user.name or host.name (hourly vectors per user or per host)';
    return checkNumbers(def, ['epochs', 'quantile', 'factor', 'min_vectors', 'retrain_every_h', 'top_k']);
  },
  params(def) {
    return mergeParams(def, {
      epochs: 10,
      quantile: 0.99,
      factor: 1,
      min_vectors: 500,
      retrain_every_h: 24,
      top_k: 3,
    });
  },
  plan: () => undefined,
  accumulate(d, c) {
    const hour = Math.floor(c.ms / H);
    const key = `${c.entity}\u0000${hour}`;
    let batch = pending.get(d);
    if (!batch) pending.set(d, (batch = { hours: new Map(), mark: 0 }));
    if (c.ms > batch.mark) batch.mark = c.ms;
    let b = batch.hours.get(key);
    if (!b)
      batch.hours.set(
        key,
        (b = {
          entity: c.entity,
          hour,
          counts: new Float64Array(FEATURE_NAMES.length),
          used: false,
          sets: new Map(),
        }),
      );
    current = b;
    eventFeatures(c.ev.doc as Record<string, unknown>, addCount, addDistinct);
  },
  batchOps(d) {
    const batch = pending.get(d);
    if (!batch) return [];
    pending.delete(d);
    const id = d.def.id;
    const ttl = KEEP_HOURS * 3600;
    const ops: StateOp[] = [];
    for (const b of batch.hours.values()) {
      if (!b.used) continue;
      const vk = `${id}:v:${b.entity}:${b.hour}`;
      for (let i = 0; i < b.counts.length; i++)
        if (b.counts[i]) ops.push({ t: 'hincr', k: vk, f: String(i), n: b.counts[i], ttl });
      for (const [i, set] of b.sets)
        for (const m of set) ops.push({ t: 'sadd', k: `${vk}:${i}`, m, ttl, track: { k: vk, f: String(i) } });
      ops.push({ t: 'sadd', k: `${id}:open:${b.hour}`, m: b.entity, ttl });
    }
    if (ops.length) ops.push({ t: 'hmax', k: `${id}:w`, f: 'w', n: batch.mark });
    return ops;
  },
  async tick(d, store, tenant, watermarkMs) {
    const id = d.def.id;
    const [w] = await store.hgetall(tenant, [`${id}:w`]);
    const mark = Math.max(watermarkMs, asNumber(w.w ?? null));
    const closed = Math.floor(mark / H) - 1; // hour h is closed once event time reaches (h + 1) h
    if (closed < 0) return [];
    // Only a worker holding a model claims hours: one that has none (none trained yet, or it has not loaded the
    // one another worker just trained) leaves them to the next tick. The first claim scores only the latest
    // closed hour: hours before the first model pass unscored.
    const model = await d.ctx?.autoencoders?.get(tenant, id);
    if (!model) return [];
    const [prev] = await store.apply(tenant, [{ t: 'hmax', k: `${id}:closed`, f: 'hour', n: closed }]);
    const from = Math.max(prev === null ? closed : asNumber(prev) + 1, closed - KEEP_HOURS + 1);
    if (from > closed) return [];
    const vectors: { entity: string; hour: number; values: number[] }[] = [];
    for (let h = from; h <= closed; h++) {
      const entities = await store.smembers(tenant, `${id}:open:${h}`);
      if (!entities.length) continue;
      const hashes = await store.hgetall(
        tenant,
        entities.map((e) => `${id}:v:${e}:${h}`),
      );
      const [s, c, wk] = timeFeatures(h * H);
      entities.forEach((entity, i) => {
        const values = new Array<number>(FEATURE_NAMES.length).fill(0);
        for (const [f, v] of Object.entries(hashes[i])) values[Number(f)] = Number(v);
        values[FEATURE_INDEX.hour_sin] = s;
        values[FEATURE_INDEX.hour_cos] = c;
        values[FEATURE_INDEX.weekend] = wk;
        vectors.push({ entity, hour: h, values });
      });
    }
    if (!vectors.length) return [];
    const scores = await model.score(vectors, { topK: d.p.top_k });
    const out: Finding[] = [];
    const stats = model.meta.trainingErrors;
    scores.forEach((sc, i) => {
      const limit = d.p.factor * sc.threshold;
      if (!(sc.error > limit)) return;
      const v = vectors[i];
      const start = v.hour * H;
      const ratio = sc.error / Math.max(limit, 1e-9);
      out.push({
        detector: id,
        key: `${v.entity}\u0000${v.hour}`,
        entity: v.entity,
        events: [],
        firstMs: start,
        lastMs: start + H,
        evidence: {
          ...evidenceBase(d, v.entity),
          observed: `reconstruction error ${round(sc.error, 3)} for the hour ${new Date(start).toISOString()}`,
          expected: `≤ ${round(limit, 3)} (p${Math.round(model.meta.quantile * 100)} of training errors${d.p.factor !== 1 ? ` × ${d.p.factor}` : ''})`,
          baseline: `trained on ${model.meta.training.vectors} hourly vectors (${model.meta.trainedAt}); training errors p50 = ${round(stats.p50, 3)}, p99 = ${round(stats.p99, 3)}, max = ${round(stats.max, 3)}; this hour: ${sc.topFeatures.map((f) => `${f.feature} ${fmt(f.observed)} vs ≈ ${fmt(f.expected)} expected`).join('; ')}`,
          statistics: {
            error: round(sc.error, 4),
            threshold: round(limit, 4),
            training_p50: round(stats.p50, 4),
            training_p99: round(stats.p99, 4),
            training_vectors: model.meta.training.vectors,
            hour: new Date(start).toISOString(),
          },
          score: Math.min(100, Math.round(50 + 12.5 * Math.min(4, ratio - 1))),
          top_features: sc.topFeatures.map((f) => ({
            name: `${f.feature} (expected ≈ ${fmt(f.expected)})`,
            value: f.observed,
            contribution: round(f.share),
          })),
          features: sc.topFeatures.map((f) => ({
            feature: f.feature,
            observed: f.observed,
            expected: round(f.expected, 2),
            share: round(f.share, 3),
          })),
          values: Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, round(v.values[j], 3)])),
        },
      });
    });
    return out;
  },
  async refresh(d, store, tenant, asOfMs) {
    const id = d.def.id;
    const reg = d.ctx?.autoencoders;
    const history = d.ctx?.history;
    if (!reg || !history) return;
    // one trainer per period across workers: the first to move the mark trains
    const due = Math.floor(asOfMs / (d.p.retrain_every_h * H));
    const [prev] = await store.apply(tenant, [{ t: 'hmax', k: `${id}:trained`, f: 'period', n: due }]);
    if (prev !== null && asNumber(prev) >= due) return;
    const fromMs = asOfMs - d.windowMs;
    const builder = new HourlyFeatureBuilder(kindOf(d.def));
    reg.setStatus(
      tenant,
      id,
      `training: reading events ${new Date(fromMs).toISOString()} → ${new Date(asOfMs).toISOString()}`,
    );
    for await (const doc of history(tenant, fromMs, asOfMs)) builder.add(doc);
    const vectors = [...builder.vectors({ to: asOfMs })];
    if (vectors.length < d.p.min_vectors) {
      await store.apply(tenant, [{ t: 'hset', k: `${id}:trained`, f: 'period', v: String(prev ?? 0) }]); // retry at next refresh
      if (!(await reg.get(tenant, id)))
        reg.setStatus(
          tenant,
          id,
          `no model yet: ${vectors.length} hourly vectors in the learning window, ${d.p.min_vectors} needed`,
        );
      return;
    }
    const { AutoencoderTrainingJob } = await import('../autoencoder/training-job.js'); // TF.js loads on first training
    const job = AutoencoderTrainingJob.start(vectors, {
      epochs: d.p.epochs,
      quantile: d.p.quantile,
      seed: 1,
      onProgress: (p) =>
        reg.setStatus(
          tenant,
          id,
          `training: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)} (${vectors.length} vectors)`,
        ),
    });
    try {
      await reg.put(tenant, id, await job.result);
    } catch (err) {
      reg.setStatus(tenant, id, `training failed: ${(err as Error).message}`);
      await store.apply(tenant, [{ t: 'hset', k: `${id}:trained`, f: 'period', v: String(prev ?? 0) }]);
    }
  },
  status(d: Detector, tenant: string) {
    return d.ctx?.autoencoders
      ? d.ctx.autoencoders.status(tenant, d.def.id)
      : 'no model registry: the detector stays silent';
  },
};

function fmt(x: number): string {
  return Math.abs(x) >= 1e6
    ? `${round(x / 1e6, 1)}M`
    : Math.abs(x) >= 1e3
      ? `${round(x / 1e3, 1)}k`
      : String(round(x, 2));
}
