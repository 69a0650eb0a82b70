/**
 * RedisCorrelationState on a real Redis (REDIS_URL, default redis://127.0.0.1:6379; required when
 * CI=true): the sigma-ts correlation conformance scenarios, several engines sharing one state,
 * round trips per batch, and TTL eviction. Every run writes under a unique key prefix and deletes it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bySummaryOrder,
  compileScenarioRules,
  CORRELATION_SCENARIOS,
  CorrelationEngine,
  MemoryCorrelationState,
  runCorrelationScenario,
  scenarioSeconds as s,
  sharedStateWorkload,
  summarizeAlerts,
  type RuleMatch,
} from 'sigma-ts';
import { RedisCorrelationState } from '../../src/detection/correlation-state.redis.adapter.js';
import { redisUrl, serviceAvailable, uniqueName } from '../support/services.js';

const redisUp = await serviceAvailable('Redis');
const runPrefix = `${uniqueName('vigie-test-corr')}:`;

const hit = (eventId: string, t: number, host: string): RuleMatch => ({
  ruleId: 'failed_login',
  eventId,
  timestamp: t,
  fields: (f) => (f === 'host' ? host : undefined),
});

const burstRule = (timespan = '1m') =>
  compileScenarioRules([
    {
      title: 'Burst',
      id: 'burst',
      correlation: {
        type: 'event_count',
        rules: ['failed_login'],
        'group-by': ['host'],
        timespan,
        condition: { gte: 5 },
      },
    },
  ]);

describe.skipIf(!redisUp)('RedisCorrelationState (real Redis)', () => {
  const clients: Redis[] = [];
  const client = (): Redis => {
    const c = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  let n = 0;
  const prefix = (): string => `${runPrefix}${n++}:`;

  beforeAll(async () => {
    expect(await client().ping()).toBe('PONG');
  });

  afterAll(async () => {
    const c = clients[0];
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await c.del(...keys);
    } while (cursor !== '0');
    const [, left] = await c.scan('0', 'MATCH', `${runPrefix}*`, 'COUNT', 10_000);
    expect(left).toEqual([]);
    await Promise.all(clients.map((x) => x.quit()));
  });

  describe('conformance scenarios', () => {
    for (const sc of CORRELATION_SCENARIOS) {
      it(sc.name, async () => {
        const { alerts, stats } = await runCorrelationScenario(
          sc,
          new RedisCorrelationState(client(), { keyPrefix: prefix() }),
        );
        expect(summarizeAlerts(alerts)).toEqual([...sc.expected].sort(bySummaryOrder));
        if (sc.expectedStats) expect(stats).toMatchObject(sc.expectedStats);
      });
    }
  });

  it('two engines sharing one Redis state, each fed every other batch, equal one engine fed everything', async () => {
    const w = sharedStateWorkload(11, 3000, 50);
    const rules = compileScenarioRules(w.docs);

    const single = new CorrelationEngine(
      rules,
      new RedisCorrelationState(client(), { keyPrefix: prefix() }),
      w.opts,
    );
    const one = [];
    for (const b of w.batches) one.push(...(await single.process(b)));

    const sharedPrefix = prefix();
    const workers = [0, 1].map(
      () =>
        new CorrelationEngine(
          rules,
          new RedisCorrelationState(client(), { keyPrefix: sharedPrefix }),
          w.opts,
        ),
    );
    const two = [];
    for (const [i, b] of w.batches.entries()) two.push(...(await workers[i % 2].process(b)));

    const memory = new CorrelationEngine(rules, new MemoryCorrelationState(), w.opts);
    const mem = [];
    for (const b of w.batches) mem.push(...(await memory.process(b)));

    expect(one.length).toBeGreaterThan(20);
    expect(new Set(one.map((a) => a.correlationId))).toEqual(new Set(['brute_force', 'spray', 'chain']));
    expect(summarizeAlerts(two)).toEqual(summarizeAlerts(one));
    expect(summarizeAlerts(one)).toEqual(summarizeAlerts(mem));
  });

  it('concurrent workers on one group emit a burst once', async () => {
    const p = prefix();
    const workers = [0, 1].map(
      () => new CorrelationEngine(burstRule(), new RedisCorrelationState(client(), { keyPrefix: p })),
    );
    const events = Array.from({ length: 10 }, (_, i) => hit(`c${i}`, s(57 + i), 'h1'));
    const [a, b] = await Promise.all([
      workers[0].process(events.slice(0, 5)),
      workers[1].process(events.slice(5)),
    ]);
    // whichever order Redis ran the scripts in, the second anchor is within a minute of the first: muted
    expect([...a, ...b]).toHaveLength(1);
  });

  it('needs one round trip for a quiet batch and two for a batch that fires, whatever its size', async () => {
    const redis = client();
    let calls = 0;
    const evalsha = redis.evalsha.bind(redis);
    const evalScript = redis.eval.bind(redis);
    redis.evalsha = ((...args: Parameters<typeof evalsha>) => {
      calls++;
      return evalsha(...args);
    }) as typeof redis.evalsha;
    redis.eval = ((...args: Parameters<typeof evalScript>) => {
      calls++;
      return evalScript(...args);
    }) as typeof redis.eval;
    const engine = new CorrelationEngine(
      burstRule(),
      new RedisCorrelationState(redis, { keyPrefix: prefix() }),
    );

    // 1000 matches over 250 hosts, 4 each: nothing fires (first call may add a script load on NOSCRIPT)
    await engine.process(Array.from({ length: 1000 }, (_, i) => hit(`q${i}`, s(i % 4), `h${i % 250}`)));
    calls = 0;
    await engine.process(
      Array.from({ length: 1000 }, (_, i) => hit(`r${i}`, s(10 + (i % 3)), `g${i % 250}`)),
    );
    expect(calls).toBe(1);
    calls = 0;
    const alerts = await engine.process(Array.from({ length: 250 }, (_, i) => hit(`x${i}`, s(5), `h${i}`)));
    expect(alerts).toHaveLength(250);
    expect(calls).toBe(2);
    expect(engine.stats().activeGroups).toBe(500);
  });

  it('sets TTL = timespan + lateness on group keys and lets Redis evict idle groups', async () => {
    const redis = client();
    const state = new RedisCorrelationState(redis, { keyPrefix: prefix() });
    const engine = new CorrelationEngine(burstRule('1s'), state, { allowedLatenessMs: 500 });
    await engine.process(Array.from({ length: 40 }, (_, i) => hit(`t${i}`, s(0), `h${i % 20}`)));
    expect(await state.countGroups()).toBe(20);
    const [, keys] = await redis.scan('0', 'MATCH', `${state.keyPrefix}z:*`, 'COUNT', 1000);
    const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
    for (const t of ttls) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(1500);
    }
    await new Promise((r) => setTimeout(r, 1700));
    expect(await state.countGroups()).toBe(0);
    expect(state.stats().activeGroups).toBe(0);
  });
});
