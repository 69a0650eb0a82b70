/**
 * BaselineStateStore conformance: the memory store and the Redis store (real Redis; skipped when absent) give the
 * same results for the same operations; memory state survives a restart through the storage port (DuckDB); and
 * two engines (two workers) sharing one Redis state raise the same findings as one engine on the demo day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineEngine } from '../../src/baselines/baseline-engine.js';
import { MemoryBaselineStateStore } from '../../src/baselines/state/memory-state.store.js';
import { RedisBaselineStateStore } from '../../src/baselines/state/redis-state.store.js';
import type { BaselineStateStore, StateOp } from '../../src/baselines/state/state-store.port.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { createStorage } from '../../src/storage/storage.factory.js';
import { redisOptionsFromUrl } from '../../src/queue/redis-options.js';
import { redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import { batches, demoEvents, repoDefinitions } from './support.js';

const OPS: StateOp[] = [
  { t: 'hincr', k: 'a', f: 'x', n: 1 },
  { t: 'hincr', k: 'a', f: 'x', n: 2.5 },
  { t: 'hget', k: 'a', f: 'x' },
  { t: 'hget', k: 'a', f: 'missing' },
  { t: 'sadd', k: 's', m: 'u1' },
  { t: 'sadd', k: 's', m: 'u2', track: { k: 'tr', f: 'b' } },
  { t: 'sadd', k: 's', m: 'u1' },
  { t: 'hget', k: 'tr', f: 'b' },
  { t: 'hset', k: 'h', f: 'f', v: 'one' },
  { t: 'hset', k: 'h', f: 'f', v: 'two' },
  { t: 'hmax', k: 'm', f: 'f', n: 5 },
  { t: 'hmax', k: 'm', f: 'f', n: 3 },
  { t: 'hmax', k: 'm', f: 'f', n: 9 },
  { t: 'hmin', k: 'm', f: 'g', n: 5 },
  { t: 'hmin', k: 'm', f: 'g', n: 2 },
  { t: 'zpush', k: 'z', s: 30, m: '30', cap: 3 },
  { t: 'zpush', k: 'z', s: 10, m: '10', cap: 3 },
  { t: 'zpush', k: 'z', s: 20, m: '20', cap: 3 },
  { t: 'zpush', k: 'z', s: 40, m: '40', cap: 3 },
];
const EXPECTED = [
  1,
  3.5,
  '3.5',
  null,
  [1, 1],
  [1, 2],
  [0, 2],
  '2',
  null,
  'one',
  null,
  5,
  5,
  null,
  5,
  [30],
  [10, 30],
  [10, 20, 30],
  [20, 30, 40],
];

const hasRedis = await serviceAvailable('Redis');
let redis: Redis | undefined;
beforeAll(() => {
  if (hasRedis) redis = new Redis(redisOptionsFromUrl(redisUrl));
  else console.warn('Redis not reachable: the Redis state store specs are skipped');
});
afterAll(async () => {
  await redis?.quit();
});

async function conformance(store: BaselineStateStore) {
  expect(await store.apply('t1', OPS)).toEqual(EXPECTED);
  // tenants are separate
  expect(await store.apply('t2', [{ t: 'hget', k: 'a', f: 'x' }])).toEqual([null]);
  expect(await store.hgetall('t1', ['a', 'nothing'])).toEqual([{ x: '3.5' }, {}]);
  expect((await store.smembers('t1', 's')).sort()).toEqual(['u1', 'u2']);
  await store.hmset('t1', 'a', { y: '7' });
  await store.hdel('t1', 'a', ['x']);
  expect(await store.hgetall('t1', ['a'])).toEqual([{ y: '7' }]);
  // applyOnce: a second run of the same key applies nothing; its note is kept for the retry
  const incr: StateOp[] = [{ t: 'hincr', k: 'once', f: 'n', n: 1 }];
  expect(await store.applyOnce('t1', 'applied:b1', 60, incr)).toEqual([1]);
  expect(await store.getOnceNote('t1', 'applied:b1')).toBe('');
  await store.setOnceNote('t1', 'applied:b1', '[{"key":"k"}]');
  expect(await store.applyOnce('t1', 'applied:b1', 60, incr)).toBeUndefined();
  expect(await store.getOnceNote('t1', 'applied:b1')).toBe('[{"key":"k"}]');
  expect(await store.applyOnce('t1', 'applied:b2', 60, incr)).toEqual([2]);
  expect(await store.applyOnce('t2', 'applied:b1', 60, incr)).toEqual([1]);
  expect(await store.hgetall('t1', ['once'])).toEqual([{ n: '2' }]);
  expect(await store.getOnceNote('t1', 'applied:never')).toBeUndefined();
}

describe('baseline state store conformance', () => {
  it('memory', async () => {
    await conformance(new MemoryBaselineStateStore());
  });

  it.skipIf(!hasRedis)('Redis (one Lua call per batch)', async () => {
    await conformance(new RedisBaselineStateStore(redis!, `${uniqueName('vigie-bl-test')}:`));
  });

  it('memory state survives a restart through the storage port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bl-state-'));
    try {
      const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
      let storage = createStorage(config);
      await storage.init();
      const a = new MemoryBaselineStateStore(storage);
      await a.apply('acme', [
        { t: 'hincr', k: 'n', f: 'host1', n: 41 },
        { t: 'sadd', k: 's', m: 'x' },
      ]);
      await a.close();
      await storage.close();
      storage = createStorage(config);
      await storage.init();
      const b = new MemoryBaselineStateStore(storage);
      expect(
        await b.apply('acme', [
          { t: 'hincr', k: 'n', f: 'host1', n: 1 },
          { t: 'sadd', k: 's', m: 'x' },
        ]),
      ).toEqual([42, [0, 1]]);
      await storage.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasRedis)('two workers on one Redis state', () => {
  it('raise the same findings as one worker on the demo day', async () => {
    const defs = repoDefinitions();
    const events = demoEvents().map((e) => e.event);
    const parts = batches(events, 250);
    const keys = (fs: { detector: string; key: string }[]) => fs.map((f) => `${f.detector} ${f.key}`).sort();

    const one = new BaselineEngine(
      defs,
      new RedisBaselineStateStore(redis!, `${uniqueName('vigie-bl-one')}:`),
    );
    const single: { detector: string; key: string }[] = [];
    for (const b of parts) single.push(...(await one.score('acme', b)));

    const shared = `${uniqueName('vigie-bl-two')}:`;
    const w1 = new BaselineEngine(defs, new RedisBaselineStateStore(redis!, shared));
    const second = new Redis(redisOptionsFromUrl(redisUrl));
    const w2 = new BaselineEngine(defs, new RedisBaselineStateStore(second, shared));
    const two: { detector: string; key: string }[] = [];
    // the two workers take alternate batches, in flight at the same time
    for (let i = 0; i < parts.length; i += 2) {
      const [a, b] = await Promise.all([
        w1.score('acme', parts[i]),
        parts[i + 1] ? w2.score('acme', parts[i + 1]) : Promise.resolve([]),
      ]);
      two.push(...a, ...b);
    }
    await second.quit();
    expect(single.length).toBeGreaterThan(10);
    expect(keys(two)).toEqual(keys(single));
    // and the memory store (embedded mode) agrees with Redis
    const mem = new BaselineEngine(defs, new MemoryBaselineStateStore());
    const m: { detector: string; key: string }[] = [];
    for (const b of parts) m.push(...(await mem.score('acme', b)));
    expect(keys(m)).toEqual(keys(single));
  }, 60_000);
});
