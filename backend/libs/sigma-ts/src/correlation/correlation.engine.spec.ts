import { describe, expect, it } from 'vitest';
import { CorrelationEngine } from './correlation.engine.js';
import { MemoryCorrelationState } from './memory-correlation-state.js';
import {
  bySummaryOrder,
  CORRELATION_SCENARIOS,
  compileScenarioRules,
  runCorrelationScenario,
  scenarioSeconds as s,
  sharedStateWorkload,
  summarizeAlerts,
} from './correlation.scenarios.js';
import type { RuleMatch } from './correlation.types.js';

const hit = (
  ruleId: string,
  eventId: string,
  timestamp: number,
  rec: Record<string, unknown>,
): RuleMatch => ({
  ruleId,
  eventId,
  timestamp,
  fields: (f) => rec[f],
});

describe('CorrelationEngine on MemoryCorrelationState: conformance scenarios', () => {
  for (const sc of CORRELATION_SCENARIOS) {
    it(sc.name, async () => {
      const { alerts, stats } = await runCorrelationScenario(sc, new MemoryCorrelationState());
      expect(summarizeAlerts(alerts)).toEqual([...sc.expected].sort(bySummaryOrder));
      if (sc.expectedStats) expect(stats).toMatchObject(sc.expectedStats);
    });
  }
});

describe('CorrelationEngine semantics', () => {
  const burst = compileScenarioRules([
    {
      title: 'Burst',
      id: 'burst',
      correlation: {
        type: 'event_count',
        rules: ['r'],
        'group-by': ['host'],
        timespan: '1m',
        condition: { gte: 5 },
      },
    },
  ]);

  it('fires on a minute-straddling burst regardless of how it is split into batches', async () => {
    const events = [57, 58, 59, 60, 61].map((t, i) => hit('r', `e${i}`, s(t), { host: 'h' }));
    for (const split of [[5], [1, 1, 1, 1, 1], [3, 2], [2, 3]]) {
      const engine = new CorrelationEngine(burst, new MemoryCorrelationState());
      const alerts = [];
      let at = 0;
      for (const n of split) {
        alerts.push(...(await engine.process(events.slice(at, at + n))));
        at += n;
      }
      expect(alerts.map((a) => [a.firstTimestamp, a.lastTimestamp, a.eventCount])).toEqual([
        [s(57), s(61), 5],
      ]);
    }
  });

  it('fires on a reversed (out-of-order) burst within the lateness', async () => {
    const engine = new CorrelationEngine(burst, new MemoryCorrelationState(), { allowedLatenessMs: 10_000 });
    const events = [61, 60, 59, 58, 57].map((t, i) => hit('r', `e${i}`, s(t), { host: 'h' }));
    const alerts = [];
    for (const e of events) alerts.push(...(await engine.process([e])));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].lastTimestamp).toBe(s(61));
    expect(alerts[0].eventIds).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
  });

  it('caps eventIds but reports the total count', async () => {
    const engine = new CorrelationEngine(burst, new MemoryCorrelationState(), { maxEventIdsPerAlert: 2 });
    const [a] = await engine.process([0, 1, 2, 3, 4].map((t) => hit('r', `e${t}`, s(t), { host: 'h' })));
    expect(a.eventIds).toEqual(['e0', 'e1']);
    expect(a.eventCount).toBe(5);
  });

  it('counts matches lacking a group-by value and ignores them', async () => {
    const engine = new CorrelationEngine(burst, new MemoryCorrelationState());
    const alerts = await engine.process([0, 1, 2, 3, 4].map((t) => hit('r', `e${t}`, s(t), {})));
    expect(alerts).toEqual([]);
    expect(engine.stats().missingGroupBy).toBe(5);
  });

  it('a sustained burst alerts about once per timespan, not once per event', async () => {
    const engine = new CorrelationEngine(burst, new MemoryCorrelationState());
    const alerts = [];
    for (let t = 0; t < 600; t++)
      alerts.push(...(await engine.process([hit('r', `e${t}`, s(t), { host: 'h' })])));
    // first at 4 s, then each next anchor must be > previous + 60 s: 4, 65, 126, ... 554
    expect(alerts.map((a) => (a.lastTimestamp - s(0)) / 1000)).toEqual([
      4, 65, 126, 187, 248, 309, 370, 431, 492, 553,
    ]);
  });

  it('evicts groups once the watermark passes their timespan plus lateness', async () => {
    const state = new MemoryCorrelationState();
    const engine = new CorrelationEngine(burst, state, { allowedLatenessMs: 0 });
    await engine.process(
      Array.from({ length: 1000 }, (_, i) => hit('r', `e${i}`, s(i % 50), { host: `h${i}` })),
    );
    // the next batch moves the watermark to 1000 s: every group's window (50 s + 60 s) is behind it
    expect(engine.stats().activeGroups).toBe(1000);
    expect(engine.stats().bytesPerGroup).toBeGreaterThan(0);
    await engine.process([hit('r', 'late-comer', s(1000), { host: 'h-new' })]);
    expect(engine.stats().activeGroups).toBe(1);
  });

  it('keeps one group bounded over a long stream', async () => {
    const engine = new CorrelationEngine(
      compileScenarioRules([
        {
          title: 'Never',
          id: 'never',
          correlation: {
            type: 'event_count',
            rules: ['r'],
            'group-by': ['host'],
            timespan: '1m',
            condition: { gte: 1_000_000 },
          },
        },
      ]),
      new MemoryCorrelationState(),
      { allowedLatenessMs: 0 },
    );
    let t = 0;
    for (let b = 0; b < 100; b++) {
      await engine.process(Array.from({ length: 100 }, () => hit('r', `e${t}`, T(t++), { host: 'h' })));
    }
    // one event per second over 10 000 s, batches of 100 s: kept = what the last batch's anchors
    // can see, i.e. the last batch (100) plus one timespan before it (60) — not 10 000
    const st = engine.stats();
    expect(st.activeGroups).toBe(1);
    expect(st.bytesPerGroup).toBeLessThan(161 * 72 + 200);
    expect(st.bytesPerGroup).toBeGreaterThan(61 * 64);
    function T(i: number) {
      return s(i);
    }
  });

  it('exposes generate: referenced base rules are not emitted unless a referencing correlation says so', () => {
    const rules = compileScenarioRules([
      {
        title: 'A',
        id: 'A',
        correlation: {
          type: 'event_count',
          rules: ['base1', 'base2'],
          'group-by': ['x'],
          timespan: '1m',
          condition: { gte: 2 },
        },
      },
      {
        title: 'B',
        id: 'B',
        generate: true,
        correlation: {
          type: 'event_count',
          rules: ['base2'],
          'group-by': ['x'],
          timespan: '1m',
          condition: { gte: 2 },
        },
      },
    ]);
    const engine = new CorrelationEngine(rules, new MemoryCorrelationState());
    expect(engine.emitsRuleMatches('base1')).toBe(false);
    expect(engine.emitsRuleMatches('uuid', 'base1')).toBe(false);
    expect(engine.emitsRuleMatches('base2')).toBe(true);
    expect(engine.emitsRuleMatches('unrelated')).toBe(true);
  });

  it('rejects correlation cycles and duplicate names with context', () => {
    const cyc = compileScenarioRules([
      {
        title: 'X',
        name: 'x',
        correlation: {
          type: 'event_count',
          rules: ['y'],
          'group-by': ['h'],
          timespan: '1m',
          condition: { gte: 1 },
        },
      },
      {
        title: 'Y',
        name: 'y',
        correlation: {
          type: 'event_count',
          rules: ['x'],
          'group-by': ['h'],
          timespan: '1m',
          condition: { gte: 1 },
        },
      },
    ]);
    expect(() => new CorrelationEngine(cyc, new MemoryCorrelationState())).toThrow(
      /cycle: .*x -> y|cycle: .*y -> x/,
    );
    const dup = compileScenarioRules([
      {
        title: 'X',
        name: 'x',
        correlation: {
          type: 'event_count',
          rules: ['a'],
          'group-by': ['h'],
          timespan: '1m',
          condition: { gte: 1 },
        },
      },
      {
        title: 'X2',
        name: 'x',
        correlation: {
          type: 'event_count',
          rules: ['b'],
          'group-by': ['h'],
          timespan: '1m',
          condition: { gte: 1 },
        },
      },
    ]);
    expect(() => new CorrelationEngine(dup, new MemoryCorrelationState())).toThrow(
      /both use the id or name "x"/,
    );
  });

  it('two engines sharing one state, fed interleaved halves, equal one engine fed everything', async () => {
    const w = sharedStateWorkload(7, 3000, 50);
    const rules = compileScenarioRules(w.docs);
    const single = new CorrelationEngine(rules, new MemoryCorrelationState(), w.opts);
    const one = [];
    for (const b of w.batches) one.push(...(await single.process(b)));
    const shared = new MemoryCorrelationState();
    const workers = [
      new CorrelationEngine(rules, shared, w.opts),
      new CorrelationEngine(rules, shared, w.opts),
    ];
    const two = [];
    for (const [i, b] of w.batches.entries()) two.push(...(await workers[i % 2].process(b)));
    expect(one.length).toBeGreaterThan(20);
    expect(new Set(one.map((a) => a.correlationId))).toEqual(new Set(['brute_force', 'spray', 'chain']));
    expect(summarizeAlerts(two)).toEqual(summarizeAlerts(one));
  });
});
