/**
 * The streaming baseline engine (plain TypeScript): routes each event to its detectors (one sigma-ts match for all
 * filters), lets each detector's model plan its state operations, runs the whole batch's operations in one state
 * round trip, and collects findings with their evidence (one alert key per finding, deduplicated per batch).
 * `refresh` re-learns models from the learning window; `tick` checks time-driven detectors (silent sources).
 *
 *   const engine = new BaselineEngine(definitions, new MemoryBaselineStateStore());
 *   const findings = await engine.score('acme', storedEvents);
 */
import type { StoredEvent } from '../events/event.model.js';
import type { LoadedDefinition } from './definition.loader.js';
import { durationMs } from './definition.schema.js';
import { entityOf, valueOf } from './features.js';
import { compileFilters, route, type CompiledFilters } from './filter.js';
import type { BaselineModel, Detector, EngineContext, Finding, Plan } from './model.js';
import { modelFor } from './models/index.js';
import type { BaselineStateStore, StateOp } from './state/state-store.port.js';

export interface EngineDetector extends Detector {
  model: BaselineModel;
}

export interface EngineStats {
  events: number;
  routed: number;
  ops: number;
  findings: number;
  /** Batches seen again (retries) whose state was already applied: their recorded findings were returned. */
  replayed: number;
  score_ms: number;
}

/** How long a batch's claim (and its recorded findings) is kept for a retry: 12 hours. */
export const APPLIED_TTL_S = 12 * 3600;

export class BaselineEngine {
  readonly detectors = new Map<string, EngineDetector>();
  private readonly filters: CompiledFilters;
  readonly stats: EngineStats = { events: 0, routed: 0, ops: 0, findings: 0, replayed: 0, score_ms: 0 };
  /** Latest event time seen per tenant (event time drives learning and silence). */
  private readonly watermarks = new Map<string, number>();

  constructor(
    definitions: LoadedDefinition[],
    readonly store: BaselineStateStore,
    readonly ctx: EngineContext = {},
  ) {
    for (const def of definitions) {
      const model = modelFor(def.model.type);
      const { p, s } = model.params(def);
      this.detectors.set(def.id, { def, model, p, s, windowMs: durationMs(def.learning.window), ctx });
    }
    this.filters = compileFilters(definitions);
  }

  watermark(tenant: string): number {
    return this.watermarks.get(tenant) ?? 0;
  }

  /**
   * Scores a batch. With `batchKey` (a key of the batch's content), the batch's state changes are applied at most
   * once (`applyOnce`): a retried batch — its first run failed after the state round trip, e.g. on an alert write —
   * changes no count a second time and gets back the findings the first run recorded, so first-seen values stay
   * first-seen and the same alerts are written.
   */
  async score(tenant: string, events: StoredEvent[], batchKey?: string): Promise<Finding[]> {
    if (events.length === 0 || this.detectors.size === 0) return [];
    const t0 = performance.now();
    for (const d of this.detectors.values())
      if (d.model.prepare) await d.model.prepare(d, this.store, tenant);
    const plans: Plan[] = [];
    const ops: StateOp[] = [];
    const blind = new Map<string, StateOp>();
    let mark = this.watermarks.get(tenant) ?? 0;
    for (const ev of events) {
      const ids = route(this.filters, ev.doc);
      if (ids.length === 0) continue;
      const ms = Date.parse(String(ev.doc['@timestamp']));
      if (!Number.isFinite(ms)) continue;
      if (ms > mark) mark = ms;
      for (const id of ids) {
        const d = this.detectors.get(id)!;
        const entity = entityOf(d.def.entity, ev.doc);
        if (entity === undefined) continue;
        if (d.model.accumulate) {
          d.model.accumulate(d, { ev, ms, entity });
          this.stats.routed++;
          continue;
        }
        const value = valueOf(d.def.feature.field, ev.doc, d.def.feature.lowercase);
        const plan = d.model.plan(d, { ev, ms, entity, value });
        if (!plan) continue;
        this.stats.routed++;
        if (plan.blind) {
          for (const op of plan.ops) mergeBlind(blind, op, ops);
          continue;
        }
        plans.push(plan);
        for (const op of plan.ops) ops.push(op);
      }
    }
    for (const op of blind.values()) ops.push(op);
    for (const d of this.detectors.values())
      if (d.model.batchOps) for (const op of d.model.batchOps(d)) ops.push(op);
    this.watermarks.set(tenant, mark);
    const onceKey = batchKey && ops.length ? `applied:${batchKey}` : undefined;
    const results = onceKey
      ? await this.store.applyOnce(tenant, onceKey, APPLIED_TTL_S, ops)
      : await this.store.apply(tenant, ops);
    if (results === undefined) {
      const out = replayed(await this.store.getOnceNote(tenant, onceKey!), events);
      this.stats.events += events.length;
      this.stats.replayed++;
      this.stats.findings += out.length;
      this.stats.score_ms += performance.now() - t0;
      return out;
    }
    const found = new Map<string, Finding>();
    let at = 0;
    for (const plan of plans) {
      const f = plan.decide(results.slice(at, at + plan.ops.length));
      at += plan.ops.length;
      if (!f) continue;
      const k = `${f.detector}\u0000${f.key}`;
      if (!found.has(k)) found.set(k, f);
    }
    const out = [...found.values()];
    for (const f of out) {
      const d = this.detectors.get(f.detector)!;
      if (d.model.explain) await d.model.explain(f, this.store, tenant);
    }
    if (onceKey && out.length) await this.store.setOnceNote(tenant, onceKey, recorded(out));
    this.stats.events += events.length;
    this.stats.ops += ops.length;
    this.stats.findings += out.length;
    this.stats.score_ms += performance.now() - t0;
    return out;
  }

  /** Per detector: 'scoring', or the model's own status (e.g. an autoencoder without a model yet). */
  status(tenant: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.detectors.values()) out[d.def.id] = d.model.status?.(d, tenant) ?? 'scoring';
    return out;
  }

  /** Time-driven detectors (silent sources) at the tenant's watermark. */
  async tick(tenant: string, watermarkMs = this.watermark(tenant)): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const d of this.detectors.values())
      if (d.model.tick) out.push(...(await d.model.tick(d, this.store, tenant, watermarkMs)));
    return out;
  }

  /** Re-learns every detector's model from its learning window ending at `asOfMs` (event time). */
  async refresh(
    tenant: string,
    asOfMs = this.watermark(tenant) || Date.now(),
    onProgress?: (done: number, total: number, id: string) => void,
  ): Promise<void> {
    const list = [...this.detectors.values()];
    for (const [i, d] of list.entries()) {
      if (d.model.refresh) await d.model.refresh(d, this.store, tenant, asOfMs);
      onProgress?.(i + 1, list.length, d.def.id);
    }
  }
}

/** Findings as recorded with a batch's claim: everything but the events, which a retry has again (by id). */
function recorded(findings: Finding[]): string {
  return JSON.stringify(
    findings.map(({ events, ...rest }) => ({ ...rest, eventIds: events.map((e) => e.id) })),
  );
}

function replayed(note: string | undefined, events: StoredEvent[]): Finding[] {
  if (!note) return [];
  const byId = new Map(events.map((e) => [e.id, e]));
  return (JSON.parse(note) as (Omit<Finding, 'events'> & { eventIds: string[] })[]).map(
    ({ eventIds, ...rest }) => ({
      ...rest,
      events: eventIds.map((id) => byId.get(id)).filter((e): e is StoredEvent => e !== undefined),
    }),
  );
}

/**
 * Folds an op whose result nobody reads into the batch's merged ops (one per kind, key and field): increments
 * summed, min/max folded, last `hset` kept. Other kinds go through unchanged, in order.
 */
function mergeBlind(merged: Map<string, StateOp>, op: StateOp, passthrough: StateOp[]): void {
  if (op.t === 'sadd') {
    // set semantics: one add per member and batch (a tracked cardinality is the same after the batch)
    const key = `sadd\u0000${op.k}\u0000${op.m}`;
    if (merged.has(key)) return;
    merged.set(key, op);
    return;
  }
  if (op.t !== 'hincr' && op.t !== 'hmin' && op.t !== 'hmax' && op.t !== 'hset') {
    passthrough.push(op);
    return;
  }
  const key = `${op.t}\u0000${op.k}\u0000${op.f}`;
  const prev = merged.get(key);
  if (!prev) {
    merged.set(key, { ...op });
    return;
  }
  if (prev.t === 'hincr' && op.t === 'hincr') prev.n += op.n;
  else if (prev.t === 'hmin' && op.t === 'hmin') prev.n = Math.min(prev.n, op.n);
  else if (prev.t === 'hmax' && op.t === 'hmax') prev.n = Math.max(prev.n, op.n);
  else if (prev.t === 'hset' && op.t === 'hset') prev.v = op.v;
}
