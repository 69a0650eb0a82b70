/**
 * The autoencoder detector end to end in the engine: silent (and saying why) before a model exists; trained by
 * `refresh` on the learning window of a generated benign history; an injected hour of a user (large uploads and a
 * burst of failed logons at 03:00) is scored when event time passes that hour, and alerts with its evidence; the
 * user's ordinary next hours do not. Models are saved and reloaded through the storage port's document API.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../events/event.model.js';
import { BaselineEngine } from '../baseline-engine.js';
import { loadDefinitions } from '../definition.loader.js';
import { AutoencoderRegistry } from '../autoencoder/registry.js';
import { asStoredEvent, generateHistory } from '../generator/index.js';
import { proxyRequest, winLogon } from '../generator/ecs-events.js';
import { MemoryBaselineStateStore } from '../state/memory-state.store.js';
import type { StoragePort } from '../../storage/storage.port.js';

const H = 3_600_000;
const RULE = fileURLToPath(
  new URL('../../../../rules/baselines/autoencoder_user_hourly.yml', import.meta.url),
);

/** The document half of the storage port, in memory (the model store only uses getDocument/putDocument). */
function documentStore(): StoragePort {
  const docs = new Map<string, unknown>();
  return {
    async getDocument(tenant: string, coll: string, id: string) {
      const d = docs.get(`${tenant}/${coll}/${id}`);
      return d === undefined ? undefined : { id, doc: structuredClone(d), version: '1' };
    },
    async putDocument(tenant: string, coll: string, id: string, doc: unknown) {
      docs.set(`${tenant}/${coll}/${id}`, structuredClone(doc));
      return { id, version: '1' };
    },
  } as unknown as StoragePort;
}

describe('autoencoder detector', () => {
  const text = readFileSync(RULE, 'utf8').replace('min_vectors: 500', 'min_vectors: 100');
  const { definitions, rejected } = loadDefinitions([
    { path: 'baselines/autoencoder_user_hourly.yml', text },
  ]);
  const h = generateHistory({ seed: 3, days: 10, users: 30, servers: 2, anomaliesPerType: 0 });
  const all = [...h.events()].map(asStoredEvent);
  const split = Date.parse(h.learningEnd);
  const storage = documentStore();
  const registry = new AutoencoderRegistry(storage, 0);
  const history = async function* (_t: string, from: number, to: number) {
    for (const e of all) {
      const ms = Date.parse(String(e.doc['@timestamp']));
      if (ms >= from && ms < to) yield e.doc as Record<string, unknown>;
    }
  };
  const engine = new BaselineEngine(definitions, new MemoryBaselineStateStore(), {
    autoencoders: registry,
    history,
  });
  afterAll(() => registry.dispose());

  it('loads the shipped definition', () => {
    expect(rejected).toEqual([]);
    expect(definitions[0].model.type).toBe('autoencoder');
  });

  it('stays silent without a model and says so, then trains on the learning window and alerts on the injected hour', async () => {
    const learning = all.filter((e) => Date.parse(String(e.doc['@timestamp'])) < split);
    for (let i = 0; i < learning.length; i += 1000) await engine.score('t', learning.slice(i, i + 1000));
    expect(await engine.tick('t')).toEqual([]);
    expect(engine.status('t')['autoencoder-user-hourly']).toMatch(/^no model yet/);

    await engine.refresh('t', split);
    expect(engine.status('t')['autoencoder-user-hourly']).toMatch(/^model trained .* hourly vectors/);

    // a user's 03:00 hour on the first test day: 40 uploads of ~80 MB and 25 failed logons; the next hours are quiet
    const user = h.population.users[0];
    const hour = Math.floor(split / H) * H + 3 * H;
    const ctx = { tenant: 't', domain: 'CORP' };
    const injected: StoredEvent[] = [];
    for (let k = 0; k < 40; k++)
      injected.push(
        asStoredEvent(
          proxyRequest(ctx, `x${k}`, {
            t: hour + k * 60_000,
            user: user.name,
            sourceIp: user.ip,
            domain: 'drop.example.net',
            destIp: '203.0.113.9',
            bytesOut: 80_000_000,
            bytesIn: 500,
            method: 'POST',
          }),
        ),
      );
    for (let k = 0; k < 25; k++)
      injected.push(
        asStoredEvent(
          winLogon(ctx, `f${k}`, {
            t: hour + k * 90_000,
            host: 'dc1',
            user: user.name,
            success: false,
            logonType: '3',
            sourceIp: '10.9.9.9',
          }),
        ),
      );
    const normal = all.filter((e) => {
      const ms = Date.parse(String(e.doc['@timestamp']));
      return ms >= split && ms < hour + 6 * H;
    });
    const stream = [...normal, ...injected].sort((a, b) =>
      String(a.doc['@timestamp']).localeCompare(String(b.doc['@timestamp'])),
    );
    const findings = [];
    for (let i = 0; i < stream.length; i += 500) {
      await engine.score('t', stream.slice(i, i + 500));
      findings.push(...(await engine.tick('t')));
    }
    const mine = findings.filter((f) => f.entity === user.name.toLowerCase());
    expect(mine.map((f) => new Date(f.firstMs!).toISOString())).toEqual([new Date(hour).toISOString()]);
    const ev = mine[0].evidence;
    expect(ev.model).toBe('autoencoder');
    expect(Number(ev.statistics.error)).toBeGreaterThan(Number(ev.statistics.threshold));
    const names = (ev.features as { feature: string; observed: number; expected: number }[]).map(
      (f) => f.feature,
    );
    expect(names.some((n) => ['bytes_out', 'logon_failures', 'network_connections'].includes(n))).toBe(true);
    const bytes = (ev.features as { feature: string; observed: number; expected: number }[]).find(
      (f) => f.feature === 'bytes_out',
    );
    if (bytes) expect(bytes.observed).toBeGreaterThan(10 * Math.max(1, bytes.expected));
    expect(ev.baseline).toMatch(/trained on \d+ hourly vectors/);
    // few false alarms on the ordinary users of those hours
    expect(findings.length - mine.length).toBeLessThanOrEqual(3);
  }, 120_000);

  it('a second registry (another worker) loads the saved model through the storage port', async () => {
    const other = new AutoencoderRegistry(storage, 0);
    const m = await other.get('t', 'autoencoder-user-hourly');
    expect(m?.meta.training.vectors).toBeGreaterThan(100);
    expect(other.status('t', 'autoencoder-user-hourly')).toMatch(/^model trained/);
    other.dispose();
  });
});
