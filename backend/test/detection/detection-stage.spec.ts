/**
 * The detection stage on a real embedded store (DuckDB in memory): correct alerts on a mixed batch and the
 * measured per-event cost of matching with the repository's rules plus a test pack.
 */
import { existsSync } from 'node:fs';
import { getConnector, safeParse } from '@vigie/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSinkRegistry } from '../../src/detection/alert-sink.js';
import type { Alert } from '../../src/detection/alert.model.js';
import { AlertWriter } from '../../src/detection/alert-writer.js';
import { BUILTIN_RULES_DIR } from '../../src/detection/detection.module.js';
import { DetectionConfigRepository } from '../../src/detection/detection-config.repository.js';
import { DetectionStage } from '../../src/detection/detection.stage.js';
import { RuleCatalog } from '../../src/detection/rule-catalog.js';
import { RulesService } from '../../src/detection/rules.service.js';
import { TenantDetectorCache } from '../../src/detection/tenant-detector.cache.js';
import { toStoredEvent, type StoredEvent } from '../../src/events/event.model.js';
import { DuckDbStorageAdapter } from '../../src/storage/duckdb/duckdb-storage.adapter.js';

const RULE = `title: root ssh failure
id: 55555555-5555-4555-8555-555555555555
status: test
logsource: {product: linux, service: sshd}
detection:
  sel: {user.name: root, event.outcome: failure}
  condition: sel
level: medium
`;

const store = new DuckDbStorageAdapter(':memory:');
const sinks = new AlertSinkRegistry();
const received: Alert[] = [];
let stage: DetectionStage;

beforeAll(async () => {
  await store.init();
  const catalog = new RuleCatalog(store);
  const configs = new DetectionConfigRepository(store);
  if (existsSync(BUILTIN_RULES_DIR)) await catalog.syncBuiltin(BUILTIN_RULES_DIR);
  await catalog.importPack('t', [{ path: 'r.yml', text: RULE }], { actor: 'test', source: 'spec' });
  await new RulesService(store, catalog, configs).patch(
    's1',
    '55555555-5555-4555-8555-555555555555',
    { enabled: true },
    'test',
  );
  sinks.register({ name: 'capture', order: 1, onAlerts: async (_t, a) => void received.push(...a) });
  stage = new DetectionStage(new TenantDetectorCache(catalog, configs), new AlertWriter(store), sinks);
});
afterAll(() => store.close());

function events(n: number): StoredEvent[] {
  const c = getConnector('linux-auth')!;
  const now = new Date('2024-06-01T12:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const user = i % 100 === 0 ? 'root' : `user${i % 37}`;
    const raw = `Jun  1 11:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web${i % 5} sshd[${1000 + i}]: ${i % 3 ? 'Accepted' : 'Failed'} password for ${user} from 10.0.${i % 250}.${i % 200} port ${40000 + i} ssh2`;
    const o = safeParse(c, raw, { options: {}, now });
    if (o.kind !== 'event') throw new Error(`fixture did not parse: ${raw}`);
    return toStoredEvent(o.event, { tenant: 's1', connector: 'linux-auth', raw, position: `p:${i}` }, now);
  });
}

describe('detection stage', () => {
  it('raises one alert per matching event, hands them to the sinks, and reports its per-event cost', async () => {
    const batch = events(5000);
    const expected = batch.filter(
      (e) =>
        (e.doc.user as { name?: string } | undefined)?.name === 'root' && e.doc.event.outcome === 'failure',
    ).length;
    await stage.run({ tenant: 's1', events: batch.slice(0, 10) }); // compile outside the measurement
    const t0 = performance.now();
    for (let i = 10; i < batch.length; i += 500)
      await stage.run({ tenant: 's1', events: batch.slice(i, i + 500) });
    const perEvent = ((performance.now() - t0) * 1000) / (batch.length - 10);
    const mine = received.filter((a) => a.rule.id === '55555555-5555-4555-8555-555555555555');
    expect(mine).toHaveLength(expected);
    expect(new Set(mine.map((a) => a.id)).size).toBe(expected);
    const s = stage.stats();
    console.info(
      `[detection stage] ${s.events} events, ${s.matches} matches, ${s.alerts} alerts; match ${s.match_us_per_event} µs/event, stage ${s.stage_us_per_event} µs/event (wall ${perEvent.toFixed(1)} µs/event incl. alert writes)`,
    );
    expect(s.events).toBe(batch.length);
  });
});
