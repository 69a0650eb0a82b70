/**
 * Unusual hour for an entity (logon at 3 am for a user who works 8–18). State: per entity a 24-bin histogram of
 * event hours (UTC, or `utc_offset_hours`). An event is anomalous when the entity has `min_events` prior
 * observations and the hour and its `neighbours` hours on each side (default 1) hold at most `max_share` of them.
 * One alert per entity and hour. A wider neighbourhood asks for distance from the usual hours, not just an empty
 * hour: with a few dozen observations, the hour after someone's usual last logon is often empty too.
 */
import {
  checkNumbers,
  evidenceBase,
  mergeParams,
  round,
  type BaselineModel,
  type Finding,
} from '../model.js';
import { asNumber, type BaselineStateStore, type StateOp } from '../state/state-store.port.js';

const pad = (h: number) => String(h).padStart(2, '0');

export const hourOfDayModel: BaselineModel = {
  type: 'hour_of_day',
  validate(def) {
    const reason = checkNumbers(def, ['max_share', 'utc_offset_hours', 'neighbours']);
    if (reason) return reason;
    const n = mergeParams(def, { neighbours: 1 }).p.neighbours;
    return Number.isInteger(n) && n >= 0 && n <= 11 ? undefined : 'hour_of_day: neighbours must be 0–11';
  },
  params(def) {
    return mergeParams(def, { max_share: 0.01, utc_offset_hours: 0, neighbours: 1 });
  },
  plan(d, c) {
    const id = d.def.id;
    const hour = new Date(c.ms + d.p.utc_offset_hours * 3_600_000).getUTCHours();
    const hk = `${id}:h:${c.entity}`;
    const k = d.p.neighbours;
    const ops: StateOp[] = [
      { t: 'hincr', k: `${id}:n`, f: c.entity, n: 1 },
      { t: 'hincr', k: hk, f: String(hour), n: 1 },
    ];
    for (let i = 1; i <= k; i++)
      ops.push(
        { t: 'hget', k: hk, f: String((hour + 24 - i) % 24) },
        { t: 'hget', k: hk, f: String((hour + i) % 24) },
      );
    const from = (hour + 24 - k) % 24;
    const to = (hour + k) % 24;
    return {
      ops,
      decide([n, cur, ...around]) {
        const prior = asNumber(n) - 1;
        if (prior < d.def.learning.min_events) return undefined;
        let near = asNumber(cur) - 1;
        for (const r of around) near += asNumber(r);
        const share = near / prior;
        if (share > d.p.max_share) return undefined;
        const day = new Date(c.ms).toISOString().slice(0, 13);
        return {
          detector: id,
          key: `${c.entity}\u0000${day}`,
          entity: c.entity,
          events: [c.ev],
          evidence: {
            ...evidenceBase(d, c.entity),
            observed: `${pad(hour)}:00–${pad(hour)}:59`,
            expected: 'the entity’s usual hours',
            baseline: `${near} of ${prior} observations in ${pad(from)}:00–${pad(to)}:59 (${round(share * 100, 1)}%; threshold ${round(d.p.max_share * 100, 1)}%)`,
            statistics: {
              hour,
              prior_observations: prior,
              observations_near_hour: near,
              share: round(share, 4),
            },
            score: Math.round(100 * (1 - share / Math.max(d.p.max_share, 1e-9)) * 0.5 + 50),
            top_features: [{ name: 'hour of day', value: hour, contribution: 1 }],
          },
        };
      },
    };
  },
};

/** Adds the usual hours (5th–95th percentile of the histogram) to an hour-of-day finding's evidence. */
export async function explainHours(f: Finding, store: BaselineStateStore, tenant: string): Promise<void> {
  const [h] = await store.hgetall(tenant, [`${f.detector}:h:${f.entity}`]);
  const counts = Array.from({ length: 24 }, (_, i) => Number(h[String(i)] ?? 0));
  const total = counts.reduce((a, b) => a + b, 0);
  if (!total) return;
  let acc = 0;
  let lo = 0;
  let hi = 23;
  for (let i = 0; i < 24; i++) {
    acc += counts[i];
    if (acc / total < 0.05) lo = i + 1;
    if (acc / total >= 0.95) {
      hi = i;
      break;
    }
  }
  f.evidence.expected = `${pad(lo)}:00–${pad(hi)}:59 (5th–95th percentile of ${total} observations)`;
  f.evidence.statistics.usual_from_hour = lo;
  f.evidence.statistics.usual_to_hour = hi;
}
