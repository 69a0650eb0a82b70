/**
 * Beaconing: connections from one source to one destination at a regular period with little jitter. State: per
 * (source, destination) the latest `max_points` connection times; the set of sources reaching each destination.
 * Anomalous when there are at least `min_points` connections, the mean interval is between `min_interval_s` and
 * `max_interval_s`, the coefficient of variation of the intervals is at most `max_cv`, and at most
 * `max_population` sources talk to that destination (popular services poll too). One alert per pair and day.
 */
import { meanStd } from '../features.js';
import { checkNumbers, evidenceBase, mergeParams, round, type BaselineModel } from '../model.js';

export const periodicityModel: BaselineModel = {
  type: 'periodicity',
  validate(def) {
    if (!def.feature.field) return 'periodicity: feature.field (the destination) is required';
    return checkNumbers(def, [
      'min_points',
      'max_points',
      'max_cv',
      'min_interval_s',
      'max_interval_s',
      'max_population',
    ]);
  },
  params(def) {
    return mergeParams(def, {
      min_points: 8,
      max_points: 30,
      max_cv: 0.15,
      min_interval_s: 10,
      max_interval_s: 3600,
      max_population: 2,
    });
  },
  plan(d, c) {
    if (c.value === undefined) return undefined;
    const id = d.def.id;
    const pair = `${c.entity}|${c.value}`;
    return {
      ops: [
        {
          t: 'zpush',
          k: `${id}:z:${pair}`,
          s: c.ms,
          m: String(c.ms),
          cap: d.p.max_points,
          ttl: Math.ceil(d.windowMs / 1000),
        },
        { t: 'sadd', k: `${id}:p:${c.value}`, m: c.entity, ttl: Math.ceil(d.windowMs / 1000) },
      ],
      decide([z, p]) {
        const times = z as number[];
        const [, sources] = p as number[];
        if (times.length < d.p.min_points || sources > d.p.max_population) return undefined;
        const gaps: number[] = [];
        for (let i = 1; i < times.length; i++) gaps.push((times[i] - times[i - 1]) / 1000);
        const { mean, std } = meanStd(gaps);
        const cv = mean > 0 ? std / mean : Infinity;
        if (mean < d.p.min_interval_s || mean > d.p.max_interval_s || cv > d.p.max_cv) return undefined;
        const day = new Date(c.ms).toISOString().slice(0, 10);
        return {
          detector: id,
          key: `${pair}\u0000${day}`,
          entity: c.entity,
          events: [c.ev],
          firstMs: times[0],
          lastMs: times[times.length - 1],
          evidence: {
            ...evidenceBase(d, c.entity),
            observed: `${times.length} connections to ${c.value} every ${round(mean, 1)} s (jitter ${round(cv * 100, 1)}%)`,
            expected: `irregular traffic (coefficient of variation above ${round(d.p.max_cv * 100)}%) or a destination shared by more than ${d.p.max_population} sources`,
            baseline: `${gaps.length} intervals: mean ${round(mean, 1)} s, std ${round(std, 1)} s; ${sources} source(s) reach this destination`,
            statistics: {
              connections: times.length,
              mean_interval_s: round(mean, 2),
              std_interval_s: round(std, 2),
              cv: round(cv, 4),
              sources_for_destination: sources,
            },
            score: Math.round(100 * Math.min(1, 0.5 + 0.5 * (1 - cv / d.p.max_cv))),
            top_features: [
              {
                name: 'interval regularity (1 − cv)',
                value: round(1 - cv, 3),
                contribution: round(1 - cv / d.p.max_cv),
              },
              {
                name: 'connections',
                value: times.length,
                contribution: round(Math.min(1, times.length / d.p.max_points)),
              },
            ],
          },
        };
      },
    };
  },
};
