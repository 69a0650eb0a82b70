/**
 * Rare value for an entity (rare process for a host, parent→child pair, source country/ASN of a user, first
 * privileged cloud action of a principal, new service across the population…). State: the entity's observation
 * count, the count of each value for the entity, and the set of entities that have seen each value. A value is
 * anomalous when the entity has at least `min_events` prior observations, the value was seen at most `max_count`
 * times before for this entity, and on at most `max_population` other entities (peer rarity). One alert per
 * (entity, value).
 *
 * Thin history (opt-in, `thin_max_population` ≥ 0): an entity with fewer than `min_events` observations — a user
 * who rarely connects from outside, so has few geolocated logons — is judged by the population instead: its new
 * value alerts only when at most `thin_max_population` other entities have ever had it (0: nobody) and the
 * detector has seen at least `thin_min_population` observations in all.
 */
import { checkNumbers, days, evidenceBase, mergeParams, round, type BaselineModel } from '../model.js';
import { asNumber, type StateOp } from '../state/state-store.port.js';

export const rareModel: BaselineModel = {
  type: 'rare',
  validate(def) {
    if (!def.feature.field) return 'rare: feature.field is required';
    return checkNumbers(def, ['max_count', 'max_population', 'thin_max_population', 'thin_min_population']);
  },
  params(def) {
    return mergeParams(def, {
      max_count: 0,
      max_population: 1e9,
      thin_max_population: -1,
      thin_min_population: 100,
    });
  },
  plan(d, c) {
    if (c.value === undefined) return undefined;
    const id = d.def.id;
    const thinAllowed = d.p.thin_max_population >= 0;
    const ops: StateOp[] = [
      { t: 'hincr', k: `${id}:n`, f: c.entity, n: 1 },
      { t: 'hincr', k: `${id}:v:${c.entity}`, f: c.value, n: 1 },
      { t: 'sadd', k: `${id}:p:${c.value}`, m: c.entity },
      { t: 'hmin', k: `${id}:first`, f: c.entity, n: c.ms },
    ];
    if (thinAllowed) ops.push({ t: 'hincr', k: `${id}:total`, f: 'n', n: 1 });
    return {
      ops,
      decide([n, v, p, first, total]) {
        const prior = asNumber(n) - 1;
        const count = asNumber(v) - 1;
        const [, card] = p as number[];
        const others = card - 1;
        const minEvents = d.def.learning.min_events;
        if (count > d.p.max_count || others > d.p.max_population) return undefined;
        const population = thinAllowed ? asNumber(total) - 1 : 0;
        const thin = prior < minEvents;
        if (
          thin &&
          (!thinAllowed || others > d.p.thin_max_population || population < d.p.thin_min_population)
        )
          return undefined;
        const since = first === null ? 0 : c.ms - asNumber(first);
        const rarity = 1 - count / Math.max(1, prior);
        const score = Math.round(
          100 *
            Math.min(1, 0.6 * rarity + 0.4 * (1 - Math.min(1, others / Math.max(1, d.p.max_population + 1)))),
        );
        return {
          detector: id,
          key: `${c.entity}\u0000${c.value}`,
          entity: c.entity,
          events: [c.ev],
          evidence: {
            ...evidenceBase(d, c.entity),
            observed: c.value!,
            expected:
              count === 0
                ? `a value this ${entityNoun(d.def.entity)} has used before`
                : `values seen more than ${d.p.max_count} time(s)`,
            baseline: `seen ${count} time(s) for this ${entityNoun(d.def.entity)} in ${prior} observations over ${days(since)}; seen on ${others} other ${entityNoun(d.def.entity)}(s)${thin ? ` — thin history: judged by the population (${population} observations)` : ''}`,
            statistics: {
              prior_observations: prior,
              ...(thin ? { population_observations: population, judged_by: 'population' } : {}),
              value_count: count,
              other_entities_with_value: others,
              history_days: round(since / 86_400_000, 1),
            },
            score,
            top_features: [
              { name: 'value frequency for the entity', value: count, contribution: round(rarity) },
              { name: 'entities sharing the value', value: others, contribution: round(1 - rarity || 0.5) },
            ],
          },
        };
      },
    };
  },
};

function entityNoun(fields: string[]): string {
  if (fields.length === 0) return 'population';
  const f = fields[0].split('|')[0];
  if (f.startsWith('host')) return 'host';
  if (f.includes('user')) return 'user';
  if (f.startsWith('source')) return 'source';
  if (f.startsWith('url') || f.startsWith('http')) return 'endpoint';
  return 'entity';
}

export { entityNoun };
