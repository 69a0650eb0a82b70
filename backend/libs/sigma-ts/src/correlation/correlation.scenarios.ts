/**
 * Conformance scenarios for CorrelationState implementations: the same fixtures run against
 * MemoryCorrelationState (unit spec) and the Redis adapter (backend medium spec). Expectations are
 * derived by hand from the documented semantics (see README.md), not recorded from a run.
 */
import {
  CorrelationEngine,
  type CorrelationEngineOptions,
  type CorrelationEngineStats,
} from './correlation.engine.js';
import { parseCorrelationRule } from './correlation.parser.js';
import type { CorrelationAlert, CorrelationRule, RuleMatch } from './correlation.types.js';
import type { CorrelationState } from './correlation-state.js';
import { groupHash } from './group-key.js';

/** 2024-01-01T10:00:00Z: `scenarioSeconds(n)` is n seconds later, so 60 is exactly on a minute boundary. */
export const SCENARIO_T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
export const scenarioSeconds = (n: number): number => SCENARIO_T0 + n * 1000;
const s = scenarioSeconds;
const T0 = SCENARIO_T0;

export interface AlertSummary {
  correlationId: string;
  groupKey: Record<string, unknown>;
  eventIds: string[];
  eventCount: number;
  firstTimestamp: number;
  lastTimestamp: number;
  value?: number;
  emit: boolean;
}

export interface CorrelationScenario {
  name: string;
  docs: Array<Record<string, unknown>>;
  opts?: CorrelationEngineOptions;
  batches: RuleMatch[][];
  expected: AlertSummary[];
  expectedStats?: Partial<CorrelationEngineStats>;
}

function match(
  ruleId: string,
  eventId: string,
  timestamp: number,
  rec: Record<string, unknown>,
  ruleName?: string,
): RuleMatch {
  const m: RuleMatch = { ruleId, eventId, timestamp, fields: (f) => rec[f] };
  if (ruleName) m.ruleName = ruleName;
  return m;
}

const hit = (rule: string, id: string, t: number, rec: Record<string, unknown>) => match(rule, id, t, rec);
const named = (name: string, id: string, t: number, rec: Record<string, unknown>) =>
  match(`uuid-${name}`, id, t, rec, name);

function alert(
  correlationId: string,
  groupKey: Record<string, unknown>,
  eventIds: string[],
  first: number,
  last: number,
  value: number,
  emit = true,
): AlertSummary {
  return {
    correlationId,
    groupKey,
    eventIds,
    eventCount: eventIds.length,
    firstTimestamp: first,
    lastTimestamp: last,
    value,
    emit,
  };
}

const ids = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

export const CORRELATION_SCENARIOS: CorrelationScenario[] = [
  {
    name: 'event_count: a burst straddling a minute boundary fires once, then again after the window slides',
    docs: [
      {
        title: 'Failed login burst',
        id: 'ec-burst',
        correlation: {
          type: 'event_count',
          rules: ['failed_login'],
          'group-by': ['host'],
          timespan: '1m',
          condition: { gte: 5 },
        },
      },
    ],
    batches: [
      [
        // h1: 10:00:57 .. 10:01:01 — a clock-aligned minute bucket would split it 3 + 2
        ...[57, 58, 59, 60, 61].map((t, i) => hit('failed_login', `e${i + 1}`, s(t), { host: 'h1' })),
        // h2: only 4 in the window
        ...[57, 58, 59, 60].map((t, i) => hit('failed_login', `h2-${i}`, s(t), { host: 'h2' })),
        // h3: 5 events but never 5 within one minute
        ...[0, 20, 40, 60, 80].map((t, i) => hit('failed_login', `h3-${i}`, s(t), { host: 'h3' })),
      ],
      // muted: the window [t - 1m, t] of these anchors still reaches the first alert's anchor (61)
      [62, 63, 64, 65, 66].map((t, i) => hit('failed_login', `e${i + 6}`, s(t), { host: 'h1' })),
      // 122 - 60 > 61: the window has slid past the first alert; e6..e11 are within it
      [hit('failed_login', 'e11', s(122), { host: 'h1' })],
    ],
    expected: [
      alert('ec-burst', { host: 'h1' }, ids('e', 1, 5), s(57), s(61), 5),
      alert('ec-burst', { host: 'h1' }, ids('e', 6, 11), s(62), s(122), 6),
    ],
  },
  {
    name: 'value_count: counts distinct values, not events',
    docs: [
      {
        title: 'Password spray',
        id: 'vc-spray',
        correlation: {
          type: 'value_count',
          rules: ['failed_login'],
          'group-by': ['host'],
          timespan: '5m',
          condition: { field: 'user', gte: 3 },
        },
      },
    ],
    batches: [
      [
        hit('failed_login', 'a1', s(0), { host: 'h1', user: 'u1' }),
        hit('failed_login', 'a2', s(1), { host: 'h1', user: 'u1' }),
        hit('failed_login', 'a3', s(2), { host: 'h1', user: 'u1' }),
        hit('failed_login', 'a4', s(3), { host: 'h1', user: 'u2' }),
        hit('failed_login', 'a5', s(4), { host: 'h1', user: 'u2' }),
        hit('failed_login', 'b1', s(5), { host: 'h2', user: 'u1' }),
        hit('failed_login', 'b2', s(6), { host: 'h2', user: 'u2' }),
      ],
      [
        hit('failed_login', 'a6', s(10), { host: 'h1', user: 'u3' }),
        // 400 s later: u1/u2 of h2 have left the 5 m window
        hit('failed_login', 'b3', s(400), { host: 'h2', user: 'u3' }),
      ],
    ],
    opts: { allowedLatenessMs: 600_000 },
    expected: [alert('vc-spray', { host: 'h1' }, ids('a', 1, 6), s(0), s(10), 3)],
  },
  {
    name: 'temporal: all referenced rules in any order within the timespan',
    docs: [
      {
        title: 'Recon',
        id: 'tmp-recon',
        correlation: {
          type: 'temporal',
          rules: ['recon_a', 'recon_b', 'recon_c'],
          'group-by': ['host'],
          timespan: '5m',
        },
      },
    ],
    batches: [
      [
        hit('recon_c', 'h1c', s(0), { host: 'h1' }),
        hit('recon_a', 'h1a', s(30), { host: 'h1' }),
        hit('recon_a', 'h2a', s(0), { host: 'h2' }),
        hit('recon_b', 'h2b', s(10), { host: 'h2' }),
        hit('recon_a', 'h3a', s(0), { host: 'h3' }),
      ],
      [
        hit('recon_b', 'h1b', s(60), { host: 'h1' }),
        hit('recon_b', 'h3b', s(100), { host: 'h3' }),
        hit('recon_c', 'h3c', s(400), { host: 'h3' }),
      ],
    ],
    opts: { allowedLatenessMs: 600_000 },
    expected: [alert('tmp-recon', { host: 'h1' }, ['h1c', 'h1a', 'h1b'], s(0), s(60), 3)],
  },
  {
    name: 'temporal_ordered: enforces the order of the rules',
    docs: [
      {
        title: 'Fail then success',
        id: 'tord',
        correlation: {
          type: 'temporal_ordered',
          rules: ['login_fail', 'login_ok'],
          'group-by': ['user'],
          timespan: '10m',
        },
      },
    ],
    batches: [
      [
        hit('login_ok', 'u1-ok', s(0), { user: 'u1' }),
        hit('login_fail', 'u2-fail', s(0), { user: 'u2' }),
        hit('login_ok', 'u3-ok1', s(0), { user: 'u3' }),
        hit('login_fail', 'u3-fail', s(10), { user: 'u3' }),
      ],
      [
        hit('login_fail', 'u1-fail', s(10), { user: 'u1' }),
        hit('login_ok', 'u2-ok', s(20), { user: 'u2' }),
        hit('login_ok', 'u3-ok2', s(30), { user: 'u3' }),
      ],
    ],
    expected: [
      alert('tord', { user: 'u2' }, ['u2-fail', 'u2-ok'], s(0), s(20), 2),
      alert('tord', { user: 'u3' }, ['u3-ok1', 'u3-fail', 'u3-ok2'], s(0), s(30), 2),
    ],
  },
  {
    name: 'aliases: join differently named fields across rules',
    docs: [
      {
        title: 'Internal error then connection back',
        id: 'alias-join',
        correlation: {
          type: 'temporal',
          rules: ['internal_error', 'new_network_connection'],
          'group-by': ['internal_ip', 'remote_ip'],
          timespan: '10s',
          aliases: {
            internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
            remote_ip: { internal_error: 'source.ip', new_network_connection: 'destination.ip' },
          },
        },
      },
    ],
    batches: [
      [
        named('internal_error', 'ie1', s(0), { 'destination.ip': '10.0.0.5', 'source.ip': '203.0.113.9' }),
        named('internal_error', 'ie2', s(20), { 'destination.ip': '10.0.0.7', 'source.ip': '198.51.100.1' }),
      ],
      [
        named('new_network_connection', 'nc1', s(4), {
          'source.ip': '10.0.0.5',
          'destination.ip': '203.0.113.9',
        }),
        named('new_network_connection', 'nc2', s(5), {
          'source.ip': '10.0.0.6',
          'destination.ip': '203.0.113.9',
        }),
        named('new_network_connection', 'nc3', s(40), {
          'source.ip': '10.0.0.7',
          'destination.ip': '198.51.100.1',
        }),
      ],
    ],
    expected: [
      alert(
        'alias-join',
        { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' },
        ['ie1', 'nc1'],
        s(0),
        s(4),
        2,
      ),
    ],
  },
  {
    name: 'chaining: an event_count correlation feeds a temporal_ordered one (spec example)',
    docs: [
      {
        title: 'Multiple failed logins followed by successful login',
        id: 'b180ead8-d58f-40b2-ae54-c8940995b9b6',
        level: 'high',
        correlation: {
          type: 'temporal_ordered',
          rules: ['multiple_failed_login', 'successful_login'],
          'group-by': ['User'],
          timespan: '10m',
        },
      },
      {
        title: 'Multiple failed logons',
        id: 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41',
        name: 'multiple_failed_login',
        correlation: {
          type: 'event_count',
          rules: ['failed_login'],
          'group-by': ['User'],
          timespan: '10m',
          condition: { gte: 3 },
        },
      },
    ],
    batches: [
      [
        named('successful_login', 'alice-ok0', s(0), { User: 'alice' }),
        named('failed_login', 'alice-f1', s(10), { User: 'alice' }),
        named('failed_login', 'alice-f2', s(20), { User: 'alice' }),
        named('failed_login', 'alice-f3', s(30), { User: 'alice' }),
        named('failed_login', 'bob-f1', s(0), { User: 'bob' }),
        named('failed_login', 'bob-f2', s(5), { User: 'bob' }),
      ],
      [
        named('successful_login', 'alice-ok1', s(60), { User: 'alice' }),
        named('successful_login', 'bob-ok', s(10), { User: 'bob' }),
      ],
    ],
    expected: [
      alert(
        'a8418a5a-5fc4-46b5-b23b-6c73beb19d41',
        { User: 'alice' },
        ['alice-f1', 'alice-f2', 'alice-f3'],
        s(10),
        s(30),
        3,
        false,
      ),
      alert(
        'b180ead8-d58f-40b2-ae54-c8940995b9b6',
        { User: 'alice' },
        // ok0 precedes the inner alert, so only ok1 completes the order; ok0 is still in the window
        ['alice-ok0', `a8418a5a-5fc4-46b5-b23b-6c73beb19d41:${groupHash('["alice"]')}:${s(30)}`, 'alice-ok1'],
        s(0),
        s(60),
        2,
      ),
    ],
  },
  {
    name: 'lateness: a late event within the horizon completes a window; older ones are counted, not used',
    docs: [
      {
        title: 'Late burst',
        id: 'late',
        correlation: {
          type: 'event_count',
          rules: ['r'],
          'group-by': ['host'],
          timespan: '1m',
          condition: { gte: 3 },
        },
      },
    ],
    opts: { allowedLatenessMs: 30_000 },
    batches: [
      [hit('r', 'l2', s(100), { host: 'h1' })],
      [hit('r', 'l3', s(80), { host: 'h1' })], // 80 >= 100 - 30: accepted, windows ending at 80 and 100 hold 1 and 2
      [hit('r', 'l4', s(90), { host: 'h1' })], // window ending at 100 now holds l3, l4, l2
      [hit('r', 'l5', s(10), { host: 'h1' }), hit('r', 'l6', s(65), { host: 'h2' })], // older than 70: late
      [hit('r', 'l7', s(95), { host: 'h1' })], // before the alert anchor (100): consumed
    ],
    expected: [alert('late', { host: 'h1' }, ['l3', 'l4', 'l2'], s(80), s(100), 3)],
    expectedStats: { lateEvents: 2, consumedEvents: 1 },
  },
  {
    name: 'value_sum and value_avg over a numeric field',
    docs: [
      {
        title: 'Exfiltration',
        id: 'vsum',
        correlation: {
          type: 'value_sum',
          rules: ['web'],
          'group-by': ['src'],
          timespan: '1h',
          condition: { field: 'bytes', gt: 1000 },
        },
      },
      {
        title: 'Average upload',
        id: 'vavg',
        correlation: {
          type: 'value_avg',
          rules: ['upload'],
          'group-by': ['src'],
          timespan: '10m',
          condition: { field: 'bytes', gt: 500 },
        },
      },
    ],
    opts: { allowedLatenessMs: 7_200_000 },
    batches: [
      [
        hit('web', 'A1', s(0), { src: 'A', bytes: 400 }),
        hit('web', 'A2', s(10), { src: 'A', bytes: 300 }),
        hit('web', 'B1', s(0), { src: 'B', bytes: 600 }),
        hit('web', 'B2', s(5), { src: 'B', bytes: 'n/a' }),
        hit('upload', 'C1', s(0), { src: 'C', bytes: 100 }),
        hit('upload', 'D1', s(0), { src: 'D', bytes: 400 }),
        hit('upload', 'D2', s(1), { src: 'D', bytes: 600 }),
        hit('upload', 'D3', s(2), { src: 'D', bytes: 500 }),
      ],
      [
        hit('web', 'A3', s(20), { src: 'A', bytes: '350' }),
        hit('web', 'B3', s(3700), { src: 'B', bytes: 300 }),
        hit('upload', 'C2', s(10), { src: 'C', bytes: 2000 }),
      ],
    ],
    expected: [
      alert('vsum', { src: 'A' }, ['A1', 'A2', 'A3'], s(0), s(20), 1050),
      alert('vavg', { src: 'C' }, ['C1', 'C2'], s(0), s(10), 1050),
    ],
    expectedStats: { missingValue: 1 },
  },
  {
    name: 'value_percentile and value_median with linear interpolation',
    docs: [
      {
        title: 'Slow p90',
        id: 'vp90',
        correlation: {
          type: 'value_percentile',
          rules: ['req'],
          'group-by': ['host'],
          timespan: '1h',
          condition: { field: 'duration', percentile: 90, gte: 95 },
        },
      },
      {
        title: 'Median',
        id: 'vmed',
        correlation: {
          type: 'value_median',
          rules: ['job'],
          'group-by': ['host'],
          timespan: '1h',
          condition: { field: 'duration', gt: 50 },
        },
      },
    ],
    batches: [
      // p90 of 10..10k = 10 + 9(k-1): 91 at k = 10, never >= 95 ...
      Array.from({ length: 10 }, (_, i) => hit('req', `p${i}`, s(i), { host: 'P', duration: 10 * (i + 1) })),
      // ... until 200 arrives: sorted[9] of 11 values = 100
      [hit('req', 'p10', s(10), { host: 'P', duration: 200 })],
      // medians 10, 15, 20, then 60 (mean of 20 and 100)
      [10, 20, 100, 100, 100].map((d, i) => hit('job', `q${i}`, s(i), { host: 'Q', duration: d })),
    ],
    expected: [
      alert('vp90', { host: 'P' }, ids('p', 0, 10), s(0), s(10), 100),
      alert('vmed', { host: 'Q' }, ['q0', 'q1', 'q2', 'q3'], s(0), s(3), 60),
    ],
  },
  {
    name: 're-delivered matches are not counted twice; a range condition',
    docs: [
      {
        title: 'Dedup',
        id: 'dedup',
        correlation: {
          type: 'event_count',
          rules: ['r'],
          'group-by': ['host'],
          timespan: '1m',
          condition: { gt: 2, lte: 3 },
        },
      },
    ],
    batches: [
      [hit('r', 'd1', s(0), { host: 'h1' }), hit('r', 'd1', s(0), { host: 'h1' })],
      [hit('r', 'd2', s(1), { host: 'h1' }), hit('r', 'd1', s(0), { host: 'h1' })],
      [hit('r', 'd3', s(2), { host: 'h1' })],
    ],
    expected: [alert('dedup', { host: 'h1' }, ['d1', 'd2', 'd3'], s(0), s(2), 3)],
    expectedStats: { duplicateEvents: 2 },
  },
];

export function compileScenarioRules(docs: Array<Record<string, unknown>>): CorrelationRule[] {
  return docs.map((doc, i) => {
    const r = parseCorrelationRule(doc, { path: `scenario#${i}` });
    if (!r.ok) throw new Error(`scenario rule ${i} does not parse: ${r.reason}`);
    return r.rule;
  });
}

/** Runs a scenario batch by batch on a fresh engine over `state`. */
export async function runCorrelationScenario(
  sc: CorrelationScenario,
  state: CorrelationState,
): Promise<{ alerts: CorrelationAlert[]; stats: CorrelationEngineStats }> {
  const engine = new CorrelationEngine(compileScenarioRules(sc.docs), state, sc.opts);
  const alerts: CorrelationAlert[] = [];
  for (const batch of sc.batches) alerts.push(...(await engine.process(batch)));
  return { alerts, stats: engine.stats() };
}

export function summarizeAlerts(alerts: CorrelationAlert[]): AlertSummary[] {
  return alerts
    .map((a) => {
      const x: AlertSummary = {
        correlationId: a.correlationId,
        groupKey: a.groupKey,
        eventIds: a.eventIds,
        eventCount: a.eventCount,
        firstTimestamp: a.firstTimestamp,
        lastTimestamp: a.lastTimestamp,
        emit: a.emit,
      };
      if (a.value !== undefined) x.value = a.value;
      return x;
    })
    .sort(bySummaryOrder);
}

/** Canonical order for comparing alert lists: correlation, anchor time, group. */
export function bySummaryOrder(a: AlertSummary, b: AlertSummary): number {
  return (
    a.correlationId.localeCompare(b.correlationId) ||
    a.lastTimestamp - b.lastTimestamp ||
    JSON.stringify(a.groupKey).localeCompare(JSON.stringify(b.groupKey))
  );
}

/**
 * A seeded multi-rule workload (event_count, value_count, temporal_ordered chained on top) for
 * comparing several engines sharing one state against one engine: `batches` in processing order.
 */
export function sharedStateWorkload(seed: number, events: number, batchSize: number): CorrelationScenario {
  let x = seed >>> 0 || 1;
  const rnd = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
  const matches: RuleMatch[] = [];
  let t = T0;
  for (let i = 0; i < events; i++) {
    t += Math.floor(rnd() * 4000); // ~2 s apart on average
    // jitter: up to 20 s out of order, within the 30 s lateness
    const ts = t - Math.floor(rnd() * 20_000);
    const host = `h${Math.floor(rnd() * 5)}`;
    const user = `u${Math.floor(rnd() * 8)}`;
    const kind = rnd();
    const rule = kind < 0.7 ? 'failed_login' : kind < 0.9 ? 'successful_login' : 'recon';
    matches.push(named(rule, `w${i}`, ts, { host, user }));
  }
  const batches: RuleMatch[][] = [];
  for (let i = 0; i < matches.length; i += batchSize) batches.push(matches.slice(i, i + batchSize));
  return {
    name: `shared-state workload seed ${seed}`,
    opts: { allowedLatenessMs: 30_000 },
    docs: [
      {
        title: 'Brute force per host',
        name: 'brute_force',
        correlation: {
          type: 'event_count',
          rules: ['failed_login'],
          'group-by': ['host'],
          timespan: '1m',
          condition: { gte: 6 },
        },
      },
      {
        title: 'Spray per host',
        id: 'spray',
        correlation: {
          type: 'value_count',
          rules: ['failed_login'],
          'group-by': ['host'],
          timespan: '2m',
          condition: { field: 'user', gte: 5 },
        },
      },
      {
        title: 'Brute force then success then recon',
        id: 'chain',
        correlation: {
          type: 'temporal_ordered',
          rules: ['brute_force', 'successful_login', 'recon'],
          'group-by': ['host'],
          timespan: '5m',
        },
      },
    ],
    batches,
    expected: [],
  };
}
