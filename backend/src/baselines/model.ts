/**
 * What a baseline model is: it validates its parameters, turns an event routed to its detector into state
 * operations plus a decision on their results (`plan` — so a whole batch of every detector costs one state round
 * trip), refreshes its learned statistics from the learning window (`refresh`), and may check time-driven
 * conditions such as a silent source (`tick`). Findings carry their evidence.
 */
import type { StoredEvent } from '../events/event.model.js';
import type { EventHistory } from './autoencoder/event-history.js';
import type { AutoencoderRegistry } from './autoencoder/registry.js';
import type { LoadedDefinition } from './definition.loader.js';
import type { BaselineStateStore, StateOp, StateResult } from './state/state-store.port.js';

export interface Detector {
  def: LoadedDefinition;
  windowMs: number;
  /** Numeric thresholds and params, defaults applied by the model's `validate`. */
  p: Record<string, number>;
  /** String params. */
  s: Record<string, string>;
  /** What some models need beyond the state (trained models, event history); set by the engine. */
  ctx?: EngineContext;
}

/** Services of the engine's models: the autoencoders (trained models) and the events of a time range (training). */
export interface EngineContext {
  autoencoders?: AutoencoderRegistry;
  history?: EventHistory;
}

export interface EventContext {
  ev: StoredEvent;
  ms: number;
  /** Entity value (fields joined by `|`), `*` for a population-wide baseline. */
  entity: string;
  /** The feature's value when the definition names fields. */
  value?: string;
}

export interface TopFeature {
  name: string;
  value: number | string;
  /** Share of the anomaly explained by this feature (0–1) or its z-score / ratio. */
  contribution: number;
}

/** Evidence shown on a baseline alert and in the incident's "Why is this anomalous?" block. */
export interface Evidence extends Record<string, unknown> {
  detector: string;
  model: string;
  entity: { fields: string[]; value: string };
  feature: string;
  observed: number | string;
  expected: string;
  /** The baseline statistics, in words ("seen 0 times in 30 days; p99 = 3 per hour"). */
  baseline: string;
  statistics: Record<string, number | string>;
  /** 0–100. */
  score: number;
  top_features: TopFeature[];
  learning_window: string;
}

export interface Finding {
  detector: string;
  /** Deterministic alert key (within the detector): one alert per key. */
  key: string;
  entity: string;
  events: StoredEvent[];
  evidence: Evidence;
  firstMs?: number;
  lastMs?: number;
}

export interface Plan {
  ops: StateOp[];
  /**
   * The decision ignores the results (pure accumulation, e.g. a source's count and first/last times): the engine
   * merges such ops per batch — one `hincr` (summed), `hmin`/`hmax` (folded) or `hset` (last) per key and field.
   */
  blind?: boolean;
  decide(results: StateResult[]): Finding | undefined;
}

export interface BaselineModel {
  readonly type: string;
  /** Returns a reason when the definition's params do not suit the model. */
  validate(def: LoadedDefinition | Omit<LoadedDefinition, 'path' | 'hash'>): string | undefined;
  /** Numeric/string params with defaults. */
  params(def: LoadedDefinition): { p: Record<string, number>; s: Record<string, string> };
  plan(d: Detector, c: EventContext): Plan | undefined;
  /**
   * Pure accumulation instead of `plan` (no per-event decision): the model folds the event into its own per-batch
   * aggregate, and `batchOps` returns the batch's state writes — one per key and field — after the last event.
   */
  accumulate?(d: Detector, c: EventContext): void;
  batchOps?(d: Detector): StateOp[];
  /** Called before a batch is scored (e.g. load a shared learned model). */
  prepare?(d: Detector, store: BaselineStateStore, tenant: string): Promise<void>;
  /** Adds what only the state can tell to a finding's evidence (one read, findings only). */
  explain?(f: Finding, store: BaselineStateStore, tenant: string): Promise<void>;
  refresh?(d: Detector, store: BaselineStateStore, tenant: string, asOfMs: number): Promise<void>;
  tick?(d: Detector, store: BaselineStateStore, tenant: string, watermarkMs: number): Promise<Finding[]>;
  /** The detector's state in words when it is not simply "scoring" (e.g. "no model yet"). */
  status?(d: Detector, tenant: string): string | undefined;
}

export function evidenceBase(
  d: Detector,
  entity: string,
): Pick<Evidence, 'detector' | 'model' | 'entity' | 'feature' | 'learning_window'> {
  return {
    detector: d.def.id,
    model: d.def.model.type,
    entity: { fields: d.def.entity, value: entity },
    feature: d.def.feature.name,
    learning_window: d.def.learning.window,
  };
}

/** Params: the definition's `threshold` and `model.params` merged over defaults; numbers and strings split. */
export function mergeParams(
  def: { threshold: Record<string, number | string>; model: { params: Record<string, unknown> } },
  defaults: Record<string, number | string>,
) {
  const all: Record<string, unknown> = { ...defaults, ...def.model.params, ...def.threshold };
  const p: Record<string, number> = {};
  const s: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (typeof v === 'number') p[k] = v;
    else if (typeof v === 'string') s[k] = v;
  }
  return { p, s };
}

export function checkNumbers(
  def: { threshold: Record<string, number | string>; model: { params: Record<string, unknown> } },
  names: string[],
): string | undefined {
  const all: Record<string, unknown> = { ...def.model.params, ...def.threshold };
  for (const n of names)
    if (n in all && (typeof all[n] !== 'number' || !Number.isFinite(all[n] as number)))
      return `${n} must be a number (got ${JSON.stringify(all[n])})`;
  return undefined;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function days(ms: number): string {
  const d = ms / 86_400_000;
  return d >= 1 ? `${round(d, 1)} days` : `${round(ms / 3_600_000, 1)} hours`;
}
