/**
 * A log source that falls silent (pipeline health): per source (connector and host) the first and last event
 * times and the event count; the tenant's watermark is its latest event time. At each tick, a source with at
 * least `min_events` events whose silence (watermark − last event) exceeds `max(min_silence, factor × its mean
 * interval)` raises one alert per silence episode (keyed by its last event time).
 */
import { durationMs } from '../definition.schema.js';
import {
  checkNumbers,
  days,
  evidenceBase,
  mergeParams,
  round,
  type BaselineModel,
  type Finding,
} from '../model.js';

export const silenceModel: BaselineModel = {
  type: 'silence',
  validate(def) {
    const all = { ...def.model.params, ...def.threshold } as Record<string, unknown>;
    if (typeof all.min_silence !== 'string' || !/^\d+(s|m|h|d)$/.test(all.min_silence))
      return 'silence: threshold.min_silence must be a duration like 2h';
    return checkNumbers(def, ['factor']);
  },
  params(def) {
    const r = mergeParams(def, { factor: 10 });
    r.p.min_silence_ms = durationMs(r.s.min_silence);
    return r;
  },
  plan(d, c) {
    const id = d.def.id;
    return {
      ops: [
        { t: 'hincr', k: `${id}:n`, f: c.entity, n: 1 },
        { t: 'hmin', k: `${id}:first`, f: c.entity, n: c.ms },
        { t: 'hmax', k: `${id}:last`, f: c.entity, n: c.ms },
        { t: 'hmax', k: `${id}:w`, f: 'watermark', n: c.ms },
      ],
      blind: true,
      decide: () => undefined,
    };
  },
  async tick(d, store, tenant, watermarkMs) {
    const id = d.def.id;
    const [n, first, last, w] = await store.hgetall(tenant, [
      `${id}:n`,
      `${id}:first`,
      `${id}:last`,
      `${id}:w`,
    ]);
    const mark = Math.max(watermarkMs, Number(w.watermark ?? 0));
    const out: Finding[] = [];
    for (const [entity, count] of Object.entries(n)) {
      const events = Number(count);
      const f = Number(first[entity]);
      const l = Number(last[entity]);
      if (events < d.def.learning.min_events || !Number.isFinite(l)) continue;
      const interval = (l - f) / Math.max(1, events - 1);
      const limit = Math.max(d.p.min_silence_ms, d.p.factor * interval);
      const silent = mark - l;
      if (silent < limit) continue;
      out.push({
        detector: id,
        key: `${entity}\u0000${l}`,
        entity,
        events: [],
        firstMs: l,
        lastMs: mark,
        evidence: {
          ...evidenceBase(d, entity),
          observed: `silent for ${days(silent)}`,
          expected: `an event at least every ${days(limit)}`,
          baseline: `${events} events over ${days(l - f)}: one every ${round(interval / 60_000, 1)} min on average; limit = max(${d.s.min_silence}, ${d.p.factor} × mean interval)`,
          statistics: {
            events,
            mean_interval_s: round(interval / 1000),
            silent_s: round(silent / 1000),
            limit_s: round(limit / 1000),
            last_event: new Date(l).toISOString(),
          },
          score: Math.min(100, Math.round(50 + 10 * Math.min(5, silent / limit))),
          top_features: [{ name: 'silence / limit', value: round(silent / limit, 2), contribution: 1 }],
        },
      });
    }
    return out;
  },
};
