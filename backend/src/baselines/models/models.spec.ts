/**
 * Each baseline model on synthetic ECS events: it stays quiet while learning and on normal behaviour, fires on the
 * anomaly, and its evidence states the observed value, the expected range and the baseline statistics.
 */
import { describe, expect, it } from 'vitest';
import { BaselineEngine } from '../baseline-engine.js';
import { loadDefinitions, type LoadedDefinition } from '../definition.loader.js';
import { MemoryBaselineStateStore } from '../state/memory-state.store.js';
import type { StoredEvent } from '../../events/event.model.js';
import { entropy, learnBigrams, nameScore, splitDomain } from './domain-name.model.js';

let seq = 0;
const T0 = Date.parse('2026-04-01T00:00:00Z');
const H = 3_600_000;
function ev(ms: number, doc: Record<string, unknown>): StoredEvent {
  return {
    id: `e${seq++}`,
    doc: {
      '@timestamp': new Date(ms).toISOString(),
      event: {},
      vigie: { tenant: 't', connector: 'x', raw_size: 1, logsource: { product: 'test' } },
      ...doc,
    },
  } as unknown as StoredEvent;
}
function def(yaml: string): LoadedDefinition {
  const set = loadDefinitions([{ path: 'baselines/x.yml', text: yaml }]);
  expect(set.rejected).toEqual([]);
  return set.definitions[0];
}
const common = `description: a detector used by the unit specs of the models
detection: { type: statistical }
tags: [attack.execution, attack.t1059]
level: medium
risk_type: execution
`;

describe('definition loader', () => {
  it('rejects a bad definition with its reason and loads the others', () => {
    const good = `id: good-one\ntitle: Good detector\n${common}entity: host.name\nfeature: { name: process, field: process.name }\nmodel: { type: rare }\nlearning: { window: 30d }\nfilter: { selection: { event.code: '1' } }\n`;
    const set = loadDefinitions([
      { path: 'baselines/good.yml', text: good },
      {
        path: 'baselines/bad-model.yml',
        text: good.replace('good-one', 'bad-model').replace('type: rare', 'type: magic'),
      },
      {
        path: 'baselines/bad-params.yml',
        text: good
          .replace('good-one', 'bad-params')
          .replace('type: rare }', 'type: bucket_threshold, params: { kind: count } }'),
      },
      {
        path: 'baselines/no-filter.yml',
        text: good.replace('good-one', 'no-filter').replace(/filter:.*\n/, ''),
      },
      { path: 'baselines/dup.yml', text: good },
    ]);
    expect(set.definitions.map((d) => d.id)).toEqual(['good-one']);
    expect(set.rejected.map((r) => [r.path, r.reason.split(':')[0]])).toEqual([
      ['baselines/bad-model.yml', 'model.type'],
      ['baselines/bad-params.yml', 'bucket_threshold'],
      ['baselines/no-filter.yml', 'filter'],
      ['baselines/dup.yml', 'duplicate detector id "good-one"'],
    ]);
  });
});

describe('rare', () => {
  const d = def(
    `id: rare-proc\ntitle: Rare process\n${common}entity: host.name\nfeature: { name: process, field: process.name }\nmodel: { type: rare }\nlearning: { window: 30d, min_events: 5 }\nthreshold: { max_count: 0, max_population: 1 }\nfilter: { selection: { event.category: process } }\n`,
  );
  it('learns each host, then flags a process new to the host and to its peers', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const events: StoredEvent[] = [];
    for (let i = 0; i < 6; i++)
      for (const h of ['a', 'b', 'c'])
        events.push(
          ev(T0 + i * H, {
            event: { category: 'process' },
            host: { name: h },
            process: { name: i % 2 ? 'outlook.exe' : 'excel.exe' },
          }),
        );
    expect(await e.score('t', events)).toEqual([]);
    // word.exe: new on host a, unknown elsewhere → anomalous; excel on a new host d (no history) → learning
    const f = await e.score('t', [
      ev(T0 + 7 * H, { event: { category: 'process' }, host: { name: 'a' }, process: { name: 'mimi.exe' } }),
      ev(T0 + 7 * H, { event: { category: 'process' }, host: { name: 'd' }, process: { name: 'mimi.exe' } }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].evidence).toMatchObject({
      observed: 'mimi.exe',
      statistics: { prior_observations: 6, value_count: 0, other_entities_with_value: 0 },
    });
    expect(f[0].evidence.baseline).toContain('seen 0 time(s) for this host in 6 observations');
    // host d (still learning) counts as a peer: on host b, two other hosts already ran it → above max_population 1
    expect(
      await e.score('t', [
        ev(T0 + 8 * H, {
          event: { category: 'process' },
          host: { name: 'b' },
          process: { name: 'mimi.exe' },
        }),
      ]),
    ).toHaveLength(0);
  });
});

describe('rare with a thin history (population fallback)', () => {
  const d = def(
    `id: rare-country\ntitle: New country for a user\n${common}entity: user.name\nfeature: { name: country, field: source.geo.country_iso_code }\nmodel: { type: rare }\nlearning: { window: 30d, min_events: 10 }\nthreshold: { max_count: 0, max_population: 2, thin_max_population: 0, thin_min_population: 20 }\nfilter: { selection: { event.category: authentication } }\n`,
  );
  const logon = (i: number, user: string, country: string) =>
    ev(T0 + i * H, {
      event: { category: 'authentication' },
      user: { name: user },
      source: { geo: { country_iso_code: country } },
    });
  it('judges a user with few geolocated logons by the population: a country nobody uses alerts', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    // dora's BE logon comes while the population is still too small to judge (< 20 observations)
    const history: StoredEvent[] = [logon(0, 'dora', 'BE')];
    for (let i = 1; i < 13; i++) for (const u of ['ann', 'bob']) history.push(logon(i, u, 'FR'));
    history.push(logon(13, 'carl', 'FR'));
    expect(await e.score('t', history)).toEqual([]);
    const f = await e.score('t', [
      logon(20, 'carl', 'VN'), // 1 prior logon: thin, VN used by nobody → alert, judged by the population
      logon(21, 'carl', 'BE'), // thin, BE already used by dora → no alert
    ]);
    expect(f.map((x) => x.evidence.observed)).toEqual(['vn']); // values are lower-cased (feature.lowercase)
    expect(f[0].evidence.statistics).toMatchObject({ prior_observations: 1, judged_by: 'population' });
    expect(f[0].evidence.baseline).toContain('thin history: judged by the population (26 observations)');
  });
  it('stays silent on thin histories when the detector does not opt in, or the population is too small', async () => {
    const off = { ...d, threshold: { max_count: 0, max_population: 2 } } as LoadedDefinition;
    const e = new BaselineEngine([off], new MemoryBaselineStateStore());
    const history = [...Array(25).keys()].map((i) => logon(i, 'ann', 'FR'));
    await e.score('t', [...history, logon(30, 'carl', 'FR')]);
    expect(await e.score('t', [logon(31, 'carl', 'VN')])).toEqual([]);
    const small = new BaselineEngine([d], new MemoryBaselineStateStore());
    await small.score('t', [logon(0, 'ann', 'FR'), logon(1, 'carl', 'FR')]);
    expect(await small.score('t', [logon(2, 'carl', 'VN')])).toEqual([]);
  });
});

describe('hour_of_day', () => {
  const d = def(
    `id: logon-hour\ntitle: Logon hour\n${common}entity: user.name\nfeature: { name: hour }\nmodel: { type: hour_of_day }\nlearning: { window: 30d, min_events: 20 }\nthreshold: { max_share: 0.02 }\nfilter: { selection: { event.category: authentication } }\n`,
  );
  it('flags a 3 am logon of a 9-to-5 user, with the usual hours', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const evs = [];
    for (let day = 0; day < 20; day++)
      for (const h of [8, 9, 13, 16])
        evs.push(
          ev(T0 + day * 24 * H + h * H, { event: { category: 'authentication' }, user: { name: 'ann' } }),
        );
    expect(await e.score('t', evs)).toEqual([]);
    expect(
      await e.score('t', [
        ev(T0 + 21 * 24 * H + 14 * H, { event: { category: 'authentication' }, user: { name: 'ann' } }),
      ]),
    ).toEqual([]);
    const f = await e.score('t', [
      ev(T0 + 21 * 24 * H + 3 * H, { event: { category: 'authentication' }, user: { name: 'ann' } }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].evidence).toMatchObject({
      observed: '03:00–03:59',
      statistics: { hour: 3, observations_near_hour: 0, prior_observations: 81 },
    });
    expect(f[0].evidence.expected).toMatch(/^08:00–16:59/);
  });
  it('with neighbours: 3, an empty hour next to the usual ones is not unusual, one far from them is', async () => {
    const wide = def(
      `id: logon-hour-wide\ntitle: Logon hour\n${common}entity: user.name\nfeature: { name: hour }\nmodel: { type: hour_of_day }\nlearning: { window: 30d, min_events: 20 }\nthreshold: { max_share: 0.01, neighbours: 3 }\nfilter: { selection: { event.category: authentication } }\n`,
    );
    const logon = (day: number, h: number) =>
      ev(T0 + day * 24 * H + h * H, { event: { category: 'authentication' }, user: { name: 'bo' } });
    const narrow = new BaselineEngine([d], new MemoryBaselineStateStore());
    const e = new BaselineEngine([wide], new MemoryBaselineStateStore());
    const history = [...Array(12).keys()].flatMap((day) => [logon(day, 8), logon(day, 13)]);
    await narrow.score('t', history);
    await e.score('t', history);
    // 16:00: nothing at 15–17 (the narrow window flags it), but 13–19 holds the 13:00 logons (the wide one does not)
    expect(await narrow.score('t', [logon(13, 16)])).toHaveLength(1);
    expect(await e.score('t', [logon(13, 16)])).toEqual([]);
    const f = await e.score('t', [logon(13, 2)]);
    expect(f).toHaveLength(1);
    expect(f[0].evidence.baseline).toContain('in 23:00–05:59');
  });
});

describe('bucket_threshold', () => {
  const d = def(
    `id: bytes-out\ntitle: Bytes out\n${common}entity: user.name\nfeature: { name: bytes, field: destination.bytes }\nmodel: { type: bucket_threshold, params: { kind: sum, bucket: 1h, unit: bytes } }\nlearning: { window: 30d }\nthreshold: { min: 60000, factor: 5 }\nfilter: { selection: { event.category: web } }\n`,
  );
  it('learns each user’s p99 per hour and alerts once when an hour crosses 5 × p99', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const evs = [];
    for (let h = 0; h < 24 * 10; h++)
      evs.push(
        ev(T0 + h * H + 60_000, {
          event: { category: 'web' },
          user: { name: 'bob' },
          destination: { bytes: 10_000 + (h % 7) * 1000 },
        }),
      );
    expect(await e.score('t', evs)).toEqual([]);
    await e.refresh('t', T0 + 240 * H);
    // 40 kB in an hour: below 5 × p99 (16 kB) = 80 kB
    expect(
      await e.score('t', [
        ev(T0 + 241 * H, {
          event: { category: 'web' },
          user: { name: 'bob' },
          destination: { bytes: 40_000 },
        }),
      ]),
    ).toEqual([]);
    const f = await e.score('t', [
      ev(T0 + 241 * H + 60_000, {
        event: { category: 'web' },
        user: { name: 'bob' },
        destination: { bytes: 50_000 },
      }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].evidence.statistics).toMatchObject({
      observed: 90_000,
      threshold: 80_000,
      quantile: 16_000,
      baseline_from: 'entity',
    });
    expect(f[0].evidence.baseline).toContain('entity p99 = 16 kB per 1h');
    // the same hour keeps growing: no second alert
    expect(
      await e.score('t', [
        ev(T0 + 241 * H + 120_000, {
          event: { category: 'web' },
          user: { name: 'bob' },
          destination: { bytes: 50_000 },
        }),
      ]),
    ).toEqual([]);
  });

  it('learns a population model only from at least min_population entities', async () => {
    const failures = def(
      `id: fail-spike\ntitle: Failed logon spike\n${common}entity: source.ip\nfeature: { name: failed logons }\nmodel: { type: bucket_threshold, params: { kind: count, bucket: 10m } }\nlearning: { window: 30d }\nthreshold: { min: 10, factor: 3 }\nfilter: { selection: { event.outcome: failure } }\n`,
    );
    const fail = (ms: number, ip: string) => ev(ms, { event: { outcome: 'failure' }, source: { ip } });
    const burst = (ip: string, at: number, n: number) =>
      [...Array(n).keys()].map((i) => fail(at + i * 10_000, ip));
    // one source only (an attack in the learning data): no population model, a new source meets the floor
    const one = new BaselineEngine([failures], new MemoryBaselineStateStore());
    await one.score('t', burst('203.0.113.9', T0, 25));
    await one.refresh('t', T0 + 2 * H);
    const [m1] = await one.store.hgetall('t', ['fail-spike:m']);
    expect(Object.keys(m1)).toEqual(['203.0.113.9']);
    const f = await one.score('t', burst('10.0.0.7', T0 + 3 * H, 12));
    expect(f.map((x) => [x.entity, x.evidence.statistics.baseline_from])).toEqual([['10.0.0.7', 'none']]);
    // five sources: their pooled buckets make the population model
    const five = new BaselineEngine([failures], new MemoryBaselineStateStore());
    for (const [i, ip] of ['a', 'b', 'c', 'd', 'e'].entries())
      await five.score('t', burst(ip, T0 + i * 60_000, 2));
    await five.refresh('t', T0 + 2 * H);
    const [m5] = await five.store.hgetall('t', ['fail-spike:m']);
    expect(Object.keys(m5).sort()).toEqual(['*', 'a', 'b', 'c', 'd', 'e']);
  });

  it('counts distinct values per source (password spray), across a bucket boundary', async () => {
    const spray = def(
      `id: spray\ntitle: Spray detector\n${common}entity: source.ip\nfeature: { name: accounts, field: user.name }\nmodel: { type: bucket_threshold, params: { kind: distinct, bucket: 10m } }\nlearning: { window: 30d }\nthreshold: { min: 8 }\nfilter: { selection: { event.outcome: failure } }\n`,
    );
    const e = new BaselineEngine([spray], new MemoryBaselineStateStore());
    // 10 accounts in 4 minutes straddling 00:10
    const evs = Array.from({ length: 10 }, (_, i) =>
      ev(T0 + 8 * 60_000 + i * 24_000, {
        event: { outcome: 'failure' },
        source: { ip: '203.0.113.9' },
        user: { name: `u${i}` },
      }),
    );
    const f = await e.score('t', evs);
    expect(f).toHaveLength(1);
    expect(f[0].evidence.observed).toBe('8 distinct in 10m (at least)');
  });
});

describe('periodicity', () => {
  const d = def(
    `id: beacon\ntitle: Beaconing\n${common}entity: source.ip\nfeature: { name: destination, field: destination.domain }\nmodel: { type: periodicity }\nlearning: { window: 7d }\nthreshold: { min_points: 8, max_cv: 0.1 }\nfilter: { selection: { event.category: web } }\n`,
  );
  it('flags regular polling, not irregular browsing', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const jitter = [0, 1, -1, 2, 0, -2, 1, 0, -1, 1];
    const beacon = jitter.map((j, i) =>
      ev(T0 + i * 60_000 + j * 1000, {
        event: { category: 'web' },
        source: { ip: '10.0.0.5' },
        destination: { domain: 'c2.example' },
      }),
    );
    const browse = [0, 7, 9, 60, 61, 200, 420, 421, 900, 1300].map((s) =>
      ev(T0 + s * 1000, {
        event: { category: 'web' },
        source: { ip: '10.0.0.6' },
        destination: { domain: 'news.example' },
      }),
    );
    const f = await e.score('t', [...beacon, ...browse]);
    expect(f.map((x) => x.entity)).toEqual(['10.0.0.5']);
    expect(f[0].evidence.statistics).toMatchObject({ connections: 8 });
    expect(Number(f[0].evidence.statistics.mean_interval_s)).toBeCloseTo(60, 0);
  });
});

describe('domain_name', () => {
  it('splits, measures entropy and scores generated names above dictionary-like ones', () => {
    expect(splitDomain('a.b.example.co.uk')).toMatchObject({ registered: 'example.co.uk', sub: 'a.b' });
    expect(entropy('aaaa')).toBe(0);
    const m = learnBigrams([
      'google',
      'microsoft',
      'wikipedia',
      'linkedin',
      'service',
      'public',
      'outlook',
      'office',
    ]);
    expect(nameScore(m, 'xk7qz9vbw2mfp4tr.info').score).toBeGreaterThan(70);
    expect(nameScore(m, 'www.service-public.fr').score).toBeLessThan(70);
    expect(nameScore(m, 'fr.wikipedia.org').score).toBeLessThan(40);
  });
  const d = def(
    `id: dga\ntitle: DGA detector\n${common}entity: source.ip\nfeature: { name: name, field: dns.question.name, lowercase: true }\nmodel: { type: domain_name }\nlearning: { window: 30d }\nthreshold: { min_score: 70, max_subdomains: 20 }\nfilter: { selection: { dns.question.name|exists: true } }\n`,
  );
  it('flags a generated domain and a tunnel of many long subdomains', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const q = (name: string, ip = '10.0.0.9', ms = T0) =>
      ev(ms, { source: { ip }, dns: { question: { name } } });
    expect(await e.score('t', [q('www.google.com'), q('outlook.office365.com')])).toEqual([]);
    expect((await e.score('t', [q('qx7kzv9wb2mfp4rt.biz')])).map((f) => f.evidence.observed)).toEqual([
      'qx7kzv9wb2mfp4rt.biz',
    ]);
    const t = new BaselineEngine(
      [{ ...d, threshold: { ...d.threshold, min_score: 101 } }],
      new MemoryBaselineStateStore(),
    );
    const tunnel = Array.from({ length: 25 }, (_, i) =>
      q(
        `${Buffer.from(`secret-chunk-${i}-payload`).toString('hex')}.t.example.net`,
        '10.0.0.8',
        T0 + i * 1000,
      ),
    );
    const f = await t.score('t', tunnel);
    expect(f).toHaveLength(1);
    expect(f[0].evidence.expected).toContain('distinct long subdomains per hour');
    expect(f[0].evidence.statistics.subdomains_this_hour).toBeGreaterThanOrEqual(20);
  });
});

describe('silence', () => {
  const d = def(
    `id: silent\ntitle: Silent source\n${common}entity: [vigie.connector, host.name]\nfeature: { name: silence }\nmodel: { type: silence }\nlearning: { window: 7d, min_events: 20 }\nthreshold: { min_silence: 2h, factor: 10 }\nfilter: { selection: { host.name|exists: true } }\n`,
  );
  it('flags a source silent for longer than max(2h, 10 × its mean interval) while others go on', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const evs = [];
    for (let m = 0; m < 600; m += 5) {
      evs.push(ev(T0 + m * 60_000, { host: { name: 'dc01' } }));
      if (m < 300) evs.push(ev(T0 + m * 60_000, { host: { name: 'fs01' } }));
    }
    await e.score('t', evs);
    const f = await e.tick('t');
    expect(f.map((x) => x.entity)).toEqual(['x|fs01']);
    expect(f[0].evidence.statistics).toMatchObject({ events: 60, mean_interval_s: 300 });
    expect(f[0].evidence.observed).toMatch(/^silent for 5/);
  });
});

describe('travel', () => {
  const d = def(
    `id: travel\ntitle: Impossible travel\n${common}entity: user.name\nfeature: { name: country, field: source.geo.country_iso_code }\nmodel: { type: travel }\nlearning: { window: 1d }\nfilter: { selection: { event.category: authentication } }\n`,
  );
  it('flags Paris then Sydney within an hour, not Paris then Brussels', async () => {
    const e = new BaselineEngine([d], new MemoryBaselineStateStore());
    const logon = (ms: number, c: string, user = 'eve') =>
      ev(ms, {
        event: { category: 'authentication' },
        user: { name: user },
        source: { ip: '198.51.100.1', geo: { country_iso_code: c } },
      });
    expect(await e.score('t', [logon(T0, 'FR'), logon(T0 + H, 'BE')])).toEqual([]);
    const f = await e.score('t', [logon(T0 + 2 * H, 'AU')]);
    expect(f).toHaveLength(1);
    expect(f[0].evidence.statistics).toMatchObject({ from_country: 'BE', to_country: 'AU' });
    expect(Number(f[0].evidence.statistics.speed_kmh)).toBeGreaterThan(10_000);
  });
});
