/**
 * The baseline pipeline stage (order 210, after Sigma detection, worker roles): scores each batch with the
 * tenant's baseline engine and writes one alert per finding exactly like Sigma alerts — deterministic id
 * (tenant, detector, version, finding key), `rule.type: 'statistical'`, the finding's evidence — then hands the
 * stored alerts to every alert sink (incidents…). A batch's state changes are applied once (keyed by its events'
 * ids): a retried job rewrites the same alerts without counting its events twice. Time-driven detectors (silent sources) are checked at most
 * once a minute per tenant.
 */
import { createHash } from 'node:crypto';
import { childLogger } from '../common/logger.js';
import type { AlertSinkRegistry } from '../detection/alert-sink.js';
import { alertId, buildAlert } from '../detection/alert.builder.js';
import type { Alert } from '../detection/alert.model.js';
import type { AlertWriter } from '../detection/alert-writer.js';
import type { EventBatch, EventStage } from '../pipeline/event-stage.js';
import type { Finding } from './model.js';
import type { TenantBaselines, TenantBaselinesCache } from './tenant-baselines.cache.js';

export interface BaselineStageStats {
  batches: number;
  events: number;
  findings: number;
  alerts: number;
  excepted: number;
  /** Scoring only (routing, models, state round trip), per event, in microseconds. */
  score_us_per_event: number;
  /** Scoring and alert writes (sinks excluded), per event, in microseconds. */
  stage_us_per_event: number;
}

export const TICK_EVERY_MS = 60_000;
/** Memory state is snapshotted to storage at most this often from the pipeline (and by every refresh). */
export const FLUSH_EVERY_MS = 30_000;

export class BaselineStage implements EventStage {
  readonly name = 'baselines';
  readonly order = 210;
  private readonly log = childLogger('baselines');
  private readonly totals = {
    batches: 0,
    events: 0,
    findings: 0,
    alerts: 0,
    excepted: 0,
    scoreMs: 0,
    stageMs: 0,
  };
  private readonly lastTick = new Map<string, number>();
  private lastFlush = Date.now();

  constructor(
    private readonly cache: TenantBaselinesCache,
    private readonly writer: AlertWriter,
    private readonly sinks: AlertSinkRegistry,
  ) {}

  stats(): BaselineStageStats {
    const t = this.totals;
    const per = (ms: number) => (t.events ? Math.round((ms * 1000 * 100) / t.events) / 100 : 0);
    return {
      batches: t.batches,
      events: t.events,
      findings: t.findings,
      alerts: t.alerts,
      excepted: t.excepted,
      score_us_per_event: per(t.scoreMs),
      stage_us_per_event: per(t.stageMs),
    };
  }

  async run(batch: EventBatch): Promise<void> {
    const alerts = await this.detect(batch);
    await this.sinks.deliver(batch.tenant, alerts);
  }

  async detect({ tenant, events }: EventBatch): Promise<Alert[]> {
    if (events.length === 0) return [];
    const tb = await this.cache.get(tenant);
    if (tb.rules.size === 0) return [];
    const t0 = performance.now();
    const findings = await tb.engine.score(tenant, events, batchKey(events));
    const last = this.lastTick.get(tenant) ?? 0;
    if (Date.now() - last >= TICK_EVERY_MS) {
      this.lastTick.set(tenant, Date.now());
      findings.push(...(await tb.engine.tick(tenant)));
    }
    const t1 = performance.now();
    const out = await this.write(tenant, tb, findings);
    if (Date.now() - this.lastFlush >= FLUSH_EVERY_MS) {
      this.lastFlush = Date.now();
      await tb.engine.store.flush();
    }
    const t = this.totals;
    t.batches++;
    t.events += events.length;
    t.findings += findings.length;
    t.alerts += out.length;
    t.scoreMs += t1 - t0;
    t.stageMs += performance.now() - t0;
    if (out.length) this.log.debug({ tenant, events: events.length, alerts: out.length }, 'baseline alerts');
    return out;
  }

  /** Findings → stored alerts (exceptions applied); also used by the refresh job for silent sources. */
  async write(tenant: string, tb: TenantBaselines, findings: Finding[]): Promise<Alert[]> {
    const now = Date.now();
    const detectedAt = new Date(now).toISOString();
    const out: Alert[] = [];
    for (const f of findings) {
      const rule = tb.rules.get(f.detector);
      if (!rule) continue;
      if (tb.exceptions.size && f.events.some((e) => tb.exceptions.find(rule.id, e.doc, now))) {
        this.totals.excepted++;
        continue;
      }
      const id = alertId(tenant, 'baseline', rule.id, String(rule.version), f.key);
      const alert = buildAlert(tenant, rule, id, f.events, {
        detectedAt,
        firstMs: f.firstMs,
        lastMs: f.lastMs,
        evidence: f.evidence,
      });
      if (f.events.length === 0) addEntityOf(alert, f);
      out.push(await this.writer.create(tenant, alert));
    }
    return out;
  }
}

/**
 * A key of the batch's content: its events' ids (deterministic from tenant, source, position and raw record), so a
 * retried job — on this worker or another — has the same key and its baseline state is applied once.
 */
function batchKey(events: { id: string }[]): string {
  const h = createHash('sha256');
  for (const e of events) h.update(e.id).update('\n');
  return h.digest('base64url').slice(0, 32);
}

/** Alerts without events (silent sources) name their entity's host. */
function addEntityOf(alert: Alert, f: Finding): void {
  const fields = (f.evidence.entity?.fields ?? []) as string[];
  const parts = f.entity.split('|');
  fields.forEach((field, i) => {
    if (field.split('|')[0].startsWith('host.') && parts[i] && !alert.entities.hosts.includes(parts[i]))
      alert.entities.hosts.push(parts[i]);
  });
}
