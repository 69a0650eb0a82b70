/**
 * The evaluation harness: streams a labelled dataset through the baseline engine (memory state) in event-time
 * order — the learning split trains (findings ignored), models refresh at the split and then daily, silent
 * sources are checked hourly — and scores the test split per detector: alerts (distinct finding keys), true
 * positives (an alert on an injected event, or for a silent source its entity inside the labelled window),
 * precision, and recall over the labelled anomalies that name the detector.
 */
import type { StoredEvent } from '../../events/event.model.js';
import { BaselineEngine } from '../baseline-engine.js';
import type { LoadedDefinition } from '../definition.loader.js';
import type { Finding } from '../model.js';
import { MemoryBaselineStateStore } from '../state/memory-state.store.js';
import { AutoencoderRegistry } from '../autoencoder/registry.js';

export interface EvalLabel {
  id: string;
  type: string;
  detectors: string[];
  entity: { field: string; value: string };
  start: string;
  end: string;
  eventIds: string[];
}

export interface EvalDataset {
  name: string;
  learningEnd: string;
  labels: EvalLabel[];
  events(): AsyncIterable<StoredEvent> | Iterable<StoredEvent>;
}

export interface DetectorScore {
  detector: string;
  title: string;
  enabled: boolean;
  alerts: number;
  true_positives: number;
  precision: number | null;
  labelled: number;
  detected: number;
  recall: number | null;
  alerts_per_day: number;
}

export interface EvalReport {
  dataset: string;
  events: { learning: number; test: number };
  test_days: number;
  detectors: DetectorScore[];
  score_us_per_event: number;
  elapsed_ms: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function evaluate(
  defs: LoadedDefinition[],
  ds: EvalDataset,
  opts: { batch?: number; onDay?: (day: string) => void } = {},
): Promise<EvalReport> {
  const t0 = Date.now();
  const tenant = 'eval';
  // training input of the autoencoder: the dataset's own events of the requested range (streamed again)
  const history = async function* (_tenant: string, fromMs: number, toMs: number) {
    for await (const ev of ds.events()) {
      const ms = Date.parse(String(ev.doc['@timestamp']));
      if (ms >= toMs) break;
      if (ms >= fromMs) yield ev.doc as Record<string, unknown>;
    }
  };
  const autoencoders = new AutoencoderRegistry();
  const engine = new BaselineEngine(defs, new MemoryBaselineStateStore(), { autoencoders, history });

  const split = Date.parse(ds.learningEnd);
  const size = opts.batch ?? 500;
  const attackIds = new Map<string, EvalLabel[]>();
  for (const l of ds.labels)
    for (const id of l.eventIds) attackIds.set(id, [...(attackIds.get(id) ?? []), l]);
  const alerts = new Map<string, Finding>();
  /** (entity, hour) → labels of the attack events in that hour (user.name and host.name, lower-cased): hourly findings. */
  const attackHours = new Map<string, Set<EvalLabel>>();
  const counts = { learning: 0, test: 0 };
  let lastMs = 0;
  let refreshed = false;
  let nextRefresh = split + DAY;
  let nextTick = 0;
  let day = '';
  let batch: StoredEvent[] = [];
  const keep = (fs: Finding[]) => {
    for (const f of fs) {
      const ms = f.events.length ? Date.parse(String(f.events[0].doc['@timestamp'])) : (f.lastMs ?? 0);
      if (ms < split) continue;
      const k = `${f.detector}\u0000${f.key}`;
      if (!alerts.has(k)) alerts.set(k, f);
    }
  };
  const flush = async () => {
    if (!batch.length) return;
    keep(await engine.score(tenant, batch));
    batch = [];
  };
  for await (const ev of ds.events()) {
    const ms = Date.parse(String(ev.doc['@timestamp']));
    if (!Number.isFinite(ms)) continue;
    if (ms >= split && !refreshed) {
      await flush();
      await engine.refresh(tenant, split);
      refreshed = true;
      nextTick = split + HOUR;
    }
    if (refreshed && ms >= nextRefresh) {
      await flush();
      await engine.refresh(tenant, nextRefresh);
      nextRefresh += DAY;
    }
    if (refreshed && ms >= nextTick) {
      await flush();
      keep(await engine.tick(tenant, nextTick));
      nextTick = Math.floor(ms / HOUR) * HOUR + HOUR;
    }
    const d = new Date(ms).toISOString().slice(0, 10);
    if (d !== day) {
      day = d;
      opts.onDay?.(d);
    }
    const ls =
      attackIds.get(String((ev.doc.event as { id?: unknown } | undefined)?.id ?? ev.id)) ??
      attackIds.get(ev.id);
    if (ls) {
      const hour = Math.floor(ms / HOUR);
      for (const v of [fieldOf(ev.doc, 'user', 'name'), fieldOf(ev.doc, 'host', 'name')]) {
        if (!v) continue;
        const k = `${v.toLowerCase()}\u0000${hour}`;
        const set = attackHours.get(k) ?? new Set<EvalLabel>();
        for (const l of ls) set.add(l);
        attackHours.set(k, set);
      }
    }
    if (ms < split) counts.learning++;
    else counts.test++;
    lastMs = Math.max(lastMs, ms);
    batch.push(ev);
    if (batch.length >= size) await flush();
  }
  await flush();
  keep(await engine.tick(tenant, lastMs));
  const testDays = Math.max(1 / 24, (lastMs - split) / DAY);
  const detectors: DetectorScore[] = [];
  for (const d of defs) {
    const mine = [...alerts.values()].filter((f) => f.detector === d.id);
    // labels naming no detector (OTRF recordings) are for every detector; only labels reaching the test split count
    const forMe = (l: EvalLabel) => l.detectors.length === 0 || l.detectors.includes(d.id);
    const labelled = ds.labels.filter((l) => forMe(l) && Date.parse(l.end) >= split);
    const hit = new Set<string>();
    let tp = 0;
    for (const f of mine) {
      const labels = matchLabels(f, attackIds, ds.labels, attackHours);
      if (labels.length) tp++;
      for (const l of labels) if (forMe(l) && Date.parse(l.end) >= split) hit.add(l.id);
    }
    detectors.push({
      detector: d.id,
      title: d.title,
      enabled: d.enabled,
      alerts: mine.length,
      true_positives: tp,
      precision: mine.length ? round(tp / mine.length) : null,
      labelled: labelled.length,
      detected: hit.size,
      recall: labelled.length ? round(hit.size / labelled.length) : null,
      alerts_per_day: round(mine.length / testDays),
    });
  }
  autoencoders.dispose();
  return {
    dataset: ds.name,
    events: counts,
    test_days: round(testDays),
    detectors,
    score_us_per_event: round((engine.stats.score_ms * 1000) / Math.max(1, engine.stats.events)),
    elapsed_ms: Date.now() - t0,
  };
}

function fieldOf(doc: Record<string, unknown>, a: string, b: string): string | undefined {
  const o = doc[a];
  const v = o && typeof o === 'object' ? (o as Record<string, unknown>)[b] : undefined;
  return typeof v === 'string' && v ? v : undefined;
}

function matchLabels(
  f: Finding,
  attackIds: Map<string, EvalLabel[]>,
  labels: EvalLabel[],
  attackHours: Map<string, Set<EvalLabel>>,
): EvalLabel[] {
  const out = new Set<EvalLabel>();
  for (const e of f.events) {
    const id = String((e.doc.event as { id?: unknown } | undefined)?.id ?? e.id);
    for (const l of attackIds.get(id) ?? attackIds.get(e.id) ?? []) out.add(l);
  }
  if (
    f.events.length === 0 &&
    f.firstMs !== undefined &&
    f.lastMs !== undefined &&
    f.lastMs - f.firstMs === HOUR
  ) {
    // an hourly finding (autoencoder): the entity's hour holds attack events
    for (const l of attackHours.get(`${f.entity}\u0000${Math.floor(f.firstMs / HOUR)}`) ?? []) out.add(l);
  } else if (f.events.length === 0) {
    // a silent source: its entity inside the labelled window
    for (const l of labels) {
      if (l.eventIds.length) continue;
      const inWindow = (f.lastMs ?? 0) >= Date.parse(l.start) && (f.firstMs ?? 0) <= Date.parse(l.end);
      if (inWindow && f.entity.toLowerCase().includes(l.entity.value.toLowerCase())) out.add(l);
    }
  }
  return [...out];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function formatTable(r: EvalReport): string {
  const head = [
    'detector',
    'enabled',
    'alerts',
    'TP',
    'precision',
    'labelled',
    'detected',
    'recall',
    'alerts/day',
  ];
  const rows = r.detectors.map((d) =>
    [
      d.detector,
      d.enabled ? 'yes' : 'no',
      d.alerts,
      d.true_positives,
      d.precision ?? '—',
      d.labelled,
      d.detected,
      d.recall ?? '—',
      d.alerts_per_day,
    ].map(String),
  );
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [
    `dataset ${r.dataset}: ${r.events.learning} learning + ${r.events.test} test events (${r.test_days} test days), ${r.score_us_per_event} µs/event scoring, ${Math.round(r.elapsed_ms / 1000)} s`,
    line(head),
    line(w.map((n) => '-'.repeat(n))),
    ...rows.map(line),
  ].join('\n');
}
