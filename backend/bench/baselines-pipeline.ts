/**
 * What baseline scoring adds to the pipeline's per-event cost, measured in the pipeline itself (loaded by
 * baselines.bench.ts with the backend's tsconfig, like pipeline-run.ts): the embedded application (DuckDB,
 * in-process queue, WORKER_CONCURRENCY=1 so a batch's stages are not interleaved with another batch's) processes
 * raw records of the demo company — the workbench demo's benign day plus its intrusion, one day per seed, in the
 * connectors' own formats (nginx, squid, Sysmon, Windows Security, linux-auth, CloudTrail…) — and every stage and
 * the event write are timed by pipeline-run.ts's instrumentation. Per event:
 *   pipeline = batch time − baselines stage time (parse, enrich, Sigma detection, store, alerts, incidents)
 *   scoring  = the baselines stage's own `score_us_per_event` (routing, models, state; alert writes excluded)
 * added share = scoring / pipeline. Each run starts a fresh application and tenant; one more demo day is processed
 * first, untimed, as the warm-up of what a process does once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaselineStage } from '../src/baselines/baseline.stage.js';
import type { RawRecord } from '../src/demo/raw-records.js';
import { generateScenario } from '../src/demo/scenario.js';
import { EventStageRegistry } from '../src/pipeline/event-stage.js';
import { drained, startApp } from './pipeline-run.js';

export interface ShareResult {
  records: number;
  events: number;
  pipeline_us_per_event: number;
  scoring_us_per_event: number;
  stage_us_per_event: number;
  added_share: number;
}

interface Delivery {
  source: string;
  records: RawRecord[];
}

/**
 * `days` demo days (seeds 20260504…, each ending one day after the previous); per day, each source's records in
 * time order in deliveries of up to `size` (as a collector per source would send them; one record per delivery
 * would measure per-batch overhead instead of per-event cost).
 */
function demoDeliveries(days: number, size = 500): { deliveries: Delivery[]; firstDay: number } {
  const out: Delivery[] = [];
  let firstDay = 0;
  const end0 = Date.parse('2026-05-04T12:00:00Z');
  for (let d = 0; d < days; d++) {
    const s = generateScenario({ seed: 20260504 + d, end: new Date(end0 + d * 86_400_000) });
    const bySource = new Map<string, RawRecord[]>();
    for (const r of s.records) {
      let list = bySource.get(r.source);
      if (!list) bySource.set(r.source, (list = []));
      list.push(r.record);
    }
    for (const [source, list] of bySource)
      for (let i = 0; i < list.length; i += size) out.push({ source, records: list.slice(i, i + size) });
    if (d === 0) firstDay = out.length;
  }
  return { deliveries: out, firstDay };
}

/** Cumulative times so far (ms): the stage's own counters and the instrumented batch / stage wall times. */
function snapshot(stage: BaselineStage, timing: Map<string, number>) {
  const st = stage.stats();
  return {
    events: st.events,
    scoreMs: (st.score_us_per_event * st.events) / 1000,
    stageMs: (st.stage_us_per_event * st.events) / 1000,
    batchMs: timing.get('batch') ?? 0,
    blStageMs: timing.get('stage baselines') ?? 0,
  };
}

export async function measureShare(days: number, runs: number): Promise<ShareResult[]> {
  const { deliveries: all, firstDay } = demoDeliveries(days + 1);
  const warmup = all.slice(0, firstDay);
  const deliveries = all.slice(firstDay);
  const records = deliveries.reduce((n, d) => n + d.records.length, 0);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-blshare-'));
  const results: ShareResult[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const h = await startApp({
        STORAGE: 'embedded',
        DATA_DIR: join(dir, String(r)),
        WORKER_CONCURRENCY: '1',
      });
      try {
        const stage = h.ctx
          .get(EventStageRegistry, { strict: false })
          .list()
          .find((s) => s.name === 'baselines') as BaselineStage | undefined;
        if (!stage) throw new Error('the application registers no baselines stage');
        const tenant = `blshare${r}`;
        const ingest = async (list: Delivery[], from: number) => {
          for (const [i, d] of list.entries())
            await h.ingest.ingestRecords({
              tenant,
              source: d.source,
              records: d.records.map((record, position) => ({ position, record })),
              deliveryId: `${tenant}-${from + i}`,
            });
          await drained(h.queue);
        };
        // Warm-up, untimed: the first day loads what a process loads once (rule and filter compilation, the
        // TensorFlow.js backend, GeoIP tables, DuckDB tables) and starts the tenant's baseline state.
        await ingest(warmup, 0);
        const before = snapshot(stage, h.timing);
        await ingest(deliveries, warmup.length);
        const after = snapshot(stage, h.timing);
        const events = after.events - before.events;
        const scoringUs = ((after.scoreMs - before.scoreMs) * 1000) / events;
        const stageUs = ((after.stageMs - before.stageMs) * 1000) / events;
        const pipelineUs =
          ((after.batchMs - before.batchMs - (after.blStageMs - before.blStageMs)) * 1000) / events;
        results.push({
          records,
          events,
          pipeline_us_per_event: pipelineUs,
          scoring_us_per_event: scoringUs,
          stage_us_per_event: stageUs,
          added_share: scoringUs / pipelineUs,
        });
      } finally {
        await h.ctx.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
