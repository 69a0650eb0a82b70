/**
 * Engine batching: ops whose results no decision reads (a source's count, first and last times) are merged per
 * batch — one op per key and field — and leave exactly the state that event-by-event ops leave.
 */
import { describe, expect, it } from 'vitest';
import { BaselineEngine } from './baseline-engine.js';
import { loadDefinitions } from './definition.loader.js';
import { MemoryBaselineStateStore } from './state/memory-state.store.js';
import { firstOf } from './features.js';
import type { StoredEvent } from '../events/event.model.js';

const yaml = `id: silent
title: Silent source
description: a detector used by the engine spec
detection: { type: statistical }
tags: [attack.defense_evasion, attack.t1562.006]
level: low
risk_type: defense_evasion
entity: [vigie.connector, host.name]
feature: { name: silence }
model: { type: silence }
learning: { window: 7d, min_events: 5 }
threshold: { min_silence: 2h, factor: 10 }
filter: { selection: { host.name|exists: true } }
`;
const T0 = Date.parse('2026-04-01T00:00:00Z');
const ev = (i: number, host: string, ms: number) =>
  ({
    id: `e${i}`,
    doc: {
      '@timestamp': new Date(ms).toISOString(),
      host: { name: host },
      vigie: { tenant: 't', connector: 'x', logsource: { product: 'test' } },
    },
  }) as unknown as StoredEvent;

describe('baseline engine batching', () => {
  const { definitions } = loadDefinitions([{ path: 'baselines/silent.yml', text: yaml }]);

  it('merges blind ops per key and field, with the state of event-by-event scoring', async () => {
    // out of time order on purpose: min/max must fold, not take the last
    const events = [...Array(40).keys()].map((i) =>
      ev(i, i % 2 ? 'a' : 'b', T0 + ((i * 7919) % 40) * 60_000),
    );
    const batched = new BaselineEngine(definitions, new MemoryBaselineStateStore());
    await batched.score('t', events);
    const single = new BaselineEngine(definitions, new MemoryBaselineStateStore());
    for (const e of events) await single.score('t', [e]);
    const keys = ['silent:n', 'silent:first', 'silent:last', 'silent:w'];
    const a = await batched.store.hgetall('t', keys);
    expect(a).toEqual(await single.store.hgetall('t', keys));
    expect(a[0]).toEqual({ 'x|a': '20', 'x|b': '20' });
    expect(Number(a[1]['x|a'])).toBe(
      Math.min(...events.filter((_, i) => i % 2).map((e) => Date.parse(String(e.doc['@timestamp'])))),
    );
    // 2 entities × (n, first, last) + one watermark, instead of 4 ops per event
    expect(batched.stats.ops).toBe(7);
    expect(single.stats.ops).toBe(160);
  });
});

const rareYaml = `id: rare-proc
title: Rare process
description: a detector used by the engine spec
detection: { type: statistical }
tags: [attack.execution, attack.t1059]
level: low
risk_type: execution
entity: host.name
feature: { name: process, field: process.name }
model: { type: rare }
learning: { window: 7d, min_events: 3 }
threshold: { max_count: 0 }
filter: { selection: { process.name|exists: true } }
`;
const proc = (i: number, name: string) =>
  ({
    id: `p${i}`,
    doc: {
      '@timestamp': new Date(T0 + i * 60_000).toISOString(),
      host: { name: 'ws1' },
      process: { name },
      vigie: { tenant: 't', connector: 'x', logsource: { product: 'test' } },
    },
  }) as unknown as StoredEvent;

describe('baseline engine: a retried batch', () => {
  const { definitions } = loadDefinitions([{ path: 'baselines/rare.yml', text: rareYaml }]);

  it('applies its state once and gets back the findings of its first run', async () => {
    const engine = new BaselineEngine(definitions, new MemoryBaselineStateStore());
    await engine.score(
      't',
      [0, 1, 2, 3].map((i) => proc(i, 'explorer.exe')),
      'history',
    );
    const batch = [proc(4, 'explorer.exe'), proc(5, 'mimikatz.exe')];
    const first = await engine.score('t', batch, 'b1');
    expect(first.map((f) => f.evidence.observed)).toEqual(['mimikatz.exe']);
    // the job fails after scoring (an alert write), the queue runs it again
    const again = await engine.score('t', batch, 'b1');
    expect(again).toEqual(first);
    expect(again[0].events[0]).toBe(batch[1]);
    expect(engine.stats.replayed).toBe(1);
    const [counts] = await engine.store.hgetall('t', ['rare-proc:v:ws1']);
    expect(counts).toEqual({ 'explorer.exe': '5', 'mimikatz.exe': '1' });
    // without a key the same events count again: the rare value is no longer new
    expect(await engine.score('t', batch)).toEqual([]);
  });
});

describe('features: compiled field paths', () => {
  it('reads nested paths, literal dotted keys, arrays and fallbacks, skipping empty and "-" values', () => {
    const doc = {
      process: { executable: '', name: 'cmd.exe' },
      'winlog.event_data': { User: '-' },
      source: { ip: ['', '10.0.0.1'] },
      n: { x: 5 },
    };
    expect(firstOf(doc, 'process.executable|process.name')).toBe('cmd.exe');
    expect(firstOf(doc, 'winlog.event_data.User|user.name')).toBeUndefined();
    expect(firstOf(doc, 'source.ip')).toBe('10.0.0.1');
    expect(firstOf(doc, 'n.x')).toBe('5');
    expect(firstOf({ 'a.b': { c: 'deep' } }, 'a.b.c')).toBe('deep');
  });
});
