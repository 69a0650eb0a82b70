/**
 * The autoencoder detector with two workers sharing one baseline state and one storage (DuckDB): a closed hour is
 * claimed — and so scored — only by a worker that holds a model. A worker that has not loaded the model another
 * worker just trained (its registry re-reads storage at most once a minute by default) leaves the hour to the next
 * tick instead of letting it pass unscored; and hours before the first model are not scored.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoencoderRegistry } from '../../src/baselines/autoencoder/registry.js';
import { storageHistory } from '../../src/baselines/autoencoder/event-history.js';
import { BaselineEngine } from '../../src/baselines/baseline-engine.js';
import { loadDefinitions } from '../../src/baselines/definition.loader.js';
import { MemoryBaselineStateStore } from '../../src/baselines/state/memory-state.store.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { createStorage } from '../../src/storage/storage.factory.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { BASELINES_DIR, batches, demoEvents } from './support.js';

const H = 3_600_000;
const ID = 'autoencoder-user-hourly';
const TENANT = 'acme';

describe('autoencoder hours across two workers', () => {
  // The shipped definition, with a factor so small that every scored (entity, hour) vector is a finding: the
  // findings then tell exactly which hours were scored. Two epochs keep the training short.
  const text = readFileSync(`${BASELINES_DIR}/autoencoder_user_hourly.yml`, 'utf8')
    .replace('factor: 2', 'factor: 0.000001')
    .replace('epochs: 10', 'epochs: 2');
  const { definitions } = loadDefinitions([{ path: 'baselines/autoencoder_user_hourly.yml', text }]);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bl-ae-'));
  let storage: StoragePort;
  const registries: AutoencoderRegistry[] = [];

  beforeAll(async () => {
    storage = createStorage(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    await storage.init();
  });
  afterAll(async () => {
    for (const r of registries) r.dispose();
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an hour is scored once by the worker holding the model, never dropped by one that has not loaded it', async () => {
    expect(definitions.map((d) => d.id)).toEqual([ID]);
    // the demo day (ends 2026-05-04T12:00Z): learning until 10:00, then the hour 10:00–11:00
    const events = demoEvents(TENANT).map((e) => e.event);
    const ms = (e: (typeof events)[number]) => Date.parse(String(e.doc['@timestamp']));
    const learningEnd = Date.parse('2026-05-04T10:00:00Z');
    const hour10 = learningEnd / H;
    const learning = events.filter((e) => ms(e) < learningEnd);
    const next = events.filter((e) => ms(e) >= learningEnd && ms(e) < learningEnd + H);
    expect(next.length).toBeGreaterThan(0);

    // two workers: one state, one storage, a model registry each (as two processes have)
    const state = new MemoryBaselineStateStore();
    const worker = () => {
      const autoencoders = new AutoencoderRegistry(storage);
      registries.push(autoencoders);
      return new BaselineEngine(definitions, state, { autoencoders, history: storageHistory(storage) });
    };
    const [w1, w2] = [worker(), worker()];

    await storage.writeEvents(TENANT, learning);
    for (const b of batches(learning, 250)) await w1.score(TENANT, b);
    // no model anywhere yet: nothing is scored (and worker 2 has now looked for a model and found none)
    expect(await w2.tick(TENANT, learningEnd)).toEqual([]);
    expect(w2.status(TENANT)[ID]).toMatch(/^no model yet/);

    // worker 1 trains on the learning window and saves the model; worker 2 has not re-read storage since
    await w1.refresh(TENANT, learningEnd);
    expect(w1.status(TENANT)[ID]).toMatch(/^model trained/);
    expect(w2.status(TENANT)[ID]).toMatch(/^no model yet/);

    for (const b of batches(next, 250)) await w1.score(TENANT, b);
    const active = (await state.smembers(TENANT, `${ID}:open:${hour10}`)).sort();
    expect(active.length).toBeGreaterThan(0);

    // event time passes 11:00: worker 2 ticks first, without a model — it must leave the hour to a worker that has one
    const end = learningEnd + H;
    expect(await w2.tick(TENANT, end)).toEqual([]);
    const scored = await w1.tick(TENANT, end);
    // every vector of the hour 10:00 scored (one finding each at this factor), and only that hour: the hours
    // before the first model pass unscored
    expect(scored.map((f) => f.entity).sort()).toEqual(active);
    expect(new Set(scored.map((f) => f.firstMs))).toEqual(new Set([learningEnd]));
    // claimed once: neither worker scores it again
    expect(await w1.tick(TENANT, end)).toEqual([]);
    expect(await w2.tick(TENANT, end)).toEqual([]);
  }, 120_000);
});
