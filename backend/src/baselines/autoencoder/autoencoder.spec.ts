import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../demo/seeded-random.js';
import { DuckDbStorageAdapter } from '../../storage/duckdb/duckdb-storage.adapter.js';
import {
  AutoencoderModel,
  AutoencoderTrainingJob,
  FEATURE_NAMES,
  ensureTfBackend,
  loadAutoencoder,
  saveAutoencoder,
  timeFeatures,
  trainAutoencoder,
  type TrainingProgress,
} from './index.js';

const f = (name: string) => FEATURE_NAMES.indexOf(name);
const HOUR = 3_600_000;
const T0 = Date.parse('2024-05-06T00:00:00Z'); // a Monday

/** Poisson-ish count around `mean`. */
const around = (rng: SeededRandom, mean: number) => Math.max(0, Math.round(mean * (0.7 + 0.6 * rng.next())));

/** A plausible office worker hour: busy on weekday working hours, near silent otherwise. */
function hourVector(rng: SeededRandom, hourMs: number, level: number): number[] {
  const v = new Array<number>(FEATURE_NAMES.length).fill(0);
  const [s, c, weekend] = timeFeatures(hourMs);
  const h = new Date(hourMs).getUTCHours();
  const working = !weekend && h >= 8 && h < 18;
  if (working) {
    v[f('logons')] = around(rng, 1.5 * level);
    v[f('logon_failures')] = rng.chance(0.05) ? 1 : 0;
    v[f('processes')] = around(rng, 12 * level);
    v[f('distinct_processes')] = Math.min(v[f('processes')], around(rng, 5));
    v[f('network_connections')] = around(rng, 40 * level);
    v[f('distinct_destinations')] = Math.min(v[f('network_connections')], around(rng, 8));
    v[f('bytes_out')] = around(rng, 150_000 * level);
    v[f('dns_queries')] = around(rng, 30 * level);
    v[f('distinct_dns_domains')] = Math.min(v[f('dns_queries')], around(rng, 7));
    v[f('distinct_source_ips')] = v[f('logons')] ? 1 : 0;
  } else if (rng.chance(0.3)) {
    v[f('dns_queries')] = around(rng, 2);
    v[f('distinct_dns_domains')] = v[f('dns_queries')] ? 1 : 0;
  }
  v[f('hour_sin')] = s;
  v[f('hour_cos')] = c;
  v[f('weekend')] = weekend;
  return v;
}

function history(seed: number, entities: number, days: number, startMs = T0): number[][] {
  const rng = new SeededRandom(seed);
  const out: number[][] = [];
  for (let e = 0; e < entities; e++) {
    const level = 0.6 + 0.8 * rng.next();
    for (let h = 0; h < days * 24; h++) out.push(hourVector(rng, startMs + h * HOUR, level));
  }
  return out;
}

describe('TensorFlow.js autoencoder', () => {
  const train = history(7, 12, 21);
  let model: AutoencoderModel;
  const progress: TrainingProgress[] = [];
  let dir: string;

  beforeAll(async () => {
    model = await trainAutoencoder(train, { epochs: 25, seed: 3, onProgress: (p) => progress.push(p) });
    dir = mkdtempSync(join(tmpdir(), 'vigie-ae-'));
  }, 120_000);
  afterAll(() => {
    model?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs on tfjs-node when it loads, else wasm, else cpu, and says which', async () => {
    const info = await ensureTfBackend();
    expect(tf.getBackend()).toBe(info.name);
    expect(model.meta.training.backend).toBe(info.name);
    // Every backend above the selected one was tried and its failure reason kept.
    const order = ['tensorflow', 'wasm', 'cpu'];
    expect(info.skipped.map((s) => s.name)).toEqual(order.slice(0, order.indexOf(info.name)));
    for (const s of info.skipped) expect(s.reason.length).toBeGreaterThan(0);
  });

  it('reports progress per epoch and learns (loss falls)', () => {
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss * 0.6);
    expect(model.meta.training.loss).toHaveLength(25);
    expect(model.threshold).toBeGreaterThan(model.meta.trainingErrors.p50);
    expect(model.threshold).toBeCloseTo(model.meta.trainingErrors.p99, 10);
  });

  it('keeps normal unseen hours below the threshold', async () => {
    const test = history(99, 12, 7, T0 + 21 * 24 * HOUR);
    const scores = await model.score(test, { batchSize: 500 });
    const flagged = scores.filter((s) => s.anomalous).length / scores.length;
    expect(flagged).toBeLessThan(0.03);
  });

  it('flags injected anomalous hours and names the injected feature first', async () => {
    const rng = new SeededRandom(5);
    const workHour = T0 + (28 * 24 + 10) * HOUR; // a Monday, 10:00
    const nightHour = T0 + (29 * 24 + 3) * HOUR; // Tuesday, 03:00
    const exfil = hourVector(rng, workHour, 1);
    exfil[f('bytes_out')] = 900_000_000;
    const spray = hourVector(rng, nightHour, 1);
    spray[f('logon_failures')] = 60;
    spray[f('distinct_source_ips')] = 1;
    const cloud = hourVector(rng, workHour, 1);
    cloud[f('privileged_actions')] = 3;
    const normal = hourVector(rng, workHour, 1);
    const [a, b, c, n] = await model.score([exfil, spray, cloud, normal]);
    expect(a.anomalous).toBe(true);
    expect(a.topFeatures[0].feature).toBe('bytes_out');
    expect(a.topFeatures[0].observed).toBe(900_000_000);
    expect(a.topFeatures[0].expected).toBeLessThan(10_000_000);
    expect(b.anomalous).toBe(true);
    expect(b.topFeatures[0].feature).toBe('logon_failures');
    expect(c.anomalous).toBe(true);
    expect(c.topFeatures[0].feature).toBe('privileged_actions');
    expect(n.anomalous).toBe(false);
    expect(n.error).toBeLessThan(n.threshold);
    expect(a.topFeatures[0].share).toBeGreaterThan(0.5);
  });

  it('saves through the storage port and loads back with the same scores', async () => {
    const store = new DuckDbStorageAdapter(join(dir, 'ae.duckdb'));
    await store.init();
    try {
      await saveAutoencoder(store, 'acme', 'users', model);
      const stored = await store.getDocument<Record<string, unknown>>('acme', 'config', 'autoencoder:users');
      expect(typeof stored?.doc.weights).toBe('string');
      const loaded = await loadAutoencoder(store, 'acme', 'users');
      expect(loaded).toBeDefined();
      expect(await loadAutoencoder(store, 'acme', 'hosts')).toBeUndefined();
      const sample = history(11, 2, 3);
      const [before, after] = [await model.score(sample), await loaded!.score(sample)];
      expect(after.map((s) => s.error)).toEqual(before.map((s) => s.error));
      expect(after.map((s) => s.topFeatures)).toEqual(before.map((s) => s.topFeatures));
      expect(loaded!.threshold).toBe(model.threshold);
      expect(loaded!.meta.training).toEqual(model.meta.training);
      loaded!.dispose();
    } finally {
      await store.close();
    }
  });

  it('is deterministic for a seed', async () => {
    const small = train.slice(0, 2000);
    const [m1, m2] = [
      await trainAutoencoder(small, { epochs: 3, seed: 9 }),
      await trainAutoencoder(small, { epochs: 3, seed: 9 }),
    ];
    expect(m2.meta.training.loss).toEqual(m1.meta.training.loss);
    expect(m2.threshold).toBe(m1.threshold);
    m1.dispose();
    m2.dispose();
  });

  it('rejects vectors of the wrong width with a reason', async () => {
    await expect(
      trainAutoencoder([
        [1, 2],
        [3, 4],
      ]),
    ).rejects.toThrow(/vector 0 has 2 features, expected 15/);
    await expect(model.score([[1, 2, 3]])).rejects.toThrow(/expects 15/);
  });

  it('trains as a background job with a status and can be cancelled', async () => {
    const job = AutoencoderTrainingJob.start(train, { epochs: 200, seed: 1 });
    expect(job.status().state).toBe('running');
    while (job.status().epoch < 1) await new Promise((r) => setTimeout(r, 20));
    job.cancel();
    const m = await job.result;
    const st = job.status();
    expect(st.state).toBe('cancelled');
    expect(m.meta.training.stopped).toBe(true);
    expect(m.meta.training.epochs).toBeLessThan(200);
    expect(st.loss).toBeGreaterThan(0);
    m.dispose();
  });
});
