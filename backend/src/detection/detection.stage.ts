/**
 * The detection pipeline stage (order 200, worker roles): every event of a batch goes through the tenant's
 * compiled Sigma engine; exceptions drop matches; correlations see the remaining matches; signature alerts (of
 * enabled rules the correlations do not swallow) and correlation alerts are written with deterministic ids,
 * suppressed repeats fold into their window's alert, and the stored alerts go to every registered alert sink —
 * all before the batch's job completes.
 */
import { toRuleMatch, type RuleMatch } from 'sigma-ts';
import { childLogger } from '../common/logger.js';
import type { StoredEvent } from '../events/event.model.js';
import type { EventBatch, EventStage } from '../pipeline/event-stage.js';
import type { AlertSinkRegistry } from './alert-sink.js';
import { alertId, buildAlert, eventTime } from './alert.builder.js';
import type { Alert } from './alert.model.js';
import type { AlertWriter, PendingSignature } from './alert-writer.js';
import type { TenantDetectorCache } from './tenant-detector.cache.js';

export interface DetectionStats {
  batches: number;
  events: number;
  matches: number;
  excepted: number;
  alerts: number;
  /** Time spent matching (engine + exceptions + correlation input), per event, in microseconds. */
  match_us_per_event: number;
  /** Matching, correlation state and alert writes (sinks excluded), per event, in microseconds. */
  stage_us_per_event: number;
}

export class DetectionStage implements EventStage {
  readonly name = 'detection';
  readonly order = 200;
  private readonly log = childLogger('detection');
  private readonly totals = {
    batches: 0,
    events: 0,
    matches: 0,
    excepted: 0,
    alerts: 0,
    matchMs: 0,
    stageMs: 0,
  };

  constructor(
    private readonly cache: TenantDetectorCache,
    private readonly writer: AlertWriter,
    private readonly sinks: AlertSinkRegistry,
  ) {}

  stats(): DetectionStats {
    const t = this.totals;
    const per = (ms: number) => (t.events ? Math.round((ms * 1000 * 100) / t.events) / 100 : 0);
    return {
      batches: t.batches,
      events: t.events,
      matches: t.matches,
      excepted: t.excepted,
      alerts: t.alerts,
      match_us_per_event: per(t.matchMs),
      stage_us_per_event: per(t.stageMs),
    };
  }

  async run(batch: EventBatch): Promise<void> {
    const alerts = await this.detect(batch);
    await this.sinks.deliver(batch.tenant, alerts);
  }

  /** Detects and stores; returns the alerts created or updated by this batch. */
  async detect({ tenant, events }: EventBatch): Promise<Alert[]> {
    const det = await this.cache.get(tenant);
    if (!det.engine || events.length === 0) return [];
    const t0 = performance.now();
    const now = Date.now();
    const detectedAt = new Date(now).toISOString();
    const signatures: PendingSignature[] = [];
    const corrInput: RuleMatch[] = [];
    let matches = 0;
    let excepted = 0;
    for (const ev of events) {
      const found = det.engine.match(ev.doc);
      if (found.length === 0) continue;
      const ms = Date.parse(eventTime(ev));
      for (const m of found) {
        const rule = det.rules.get(m.rule.id);
        if (!rule) continue;
        matches++;
        if (det.exceptions.size && det.exceptions.find(rule.id, ev.doc, now)) {
          excepted++;
          continue;
        }
        const referenced =
          det.correlated.has(rule.id) || (rule.name !== undefined && det.correlated.has(rule.name));
        if (referenced) corrInput.push(toRuleMatch(m, { eventId: ev.id, timestamp: ms }));
        if (
          rule.enabled &&
          (!referenced || det.correlation?.emitsRuleMatches(rule.id, rule.name) !== false)
        ) {
          const id = alertId(tenant, rule.id, String(rule.version), ev.id);
          signatures.push({ alert: buildAlert(tenant, rule, id, [ev], { detectedAt }), event: ev, ms });
        }
      }
    }
    const t1 = performance.now();
    const out: Alert[] = [];
    // Correlations first in time, so their state sees this batch even if an alert write fails and the batch retries.
    if (det.correlation && corrInput.length) {
      const byId = new Map<string, StoredEvent>(events.map((e) => [e.id, e]));
      for (const ca of await det.correlation.process(corrInput)) {
        if (!ca.emit) continue;
        const rule =
          det.rules.get(ca.correlationId) ??
          [...det.rules.values()].find((r) => r.name === ca.correlationName);
        if (!rule || !rule.enabled) continue;
        const evs = ca.eventIds.map((id) => byId.get(id)).filter((e): e is StoredEvent => e !== undefined);
        const alert = buildAlert(tenant, rule, alertId(tenant, 'correlation', ca.alertId), evs, {
          detectedAt,
          eventIds: ca.eventIds,
          eventCount: ca.eventCount,
          firstMs: ca.firstTimestamp,
          lastMs: ca.lastTimestamp,
          evidence: { correlation_type: ca.type, group: ca.groupKey, value: ca.value },
        });
        out.push(await this.writer.create(tenant, alert));
      }
    }
    const bySuppression = new Map<string, PendingSignature[]>();
    for (const p of signatures) {
      const s = det.suppressions.get(p.alert.rule.id);
      if (!s) {
        out.push(await this.writer.create(tenant, p.alert));
        continue;
      }
      const list = bySuppression.get(s.rule_id) ?? [];
      list.push(p);
      bySuppression.set(s.rule_id, list);
    }
    for (const [ruleId, list] of bySuppression)
      out.push(...(await this.writer.suppressed(tenant, det.suppressions.get(ruleId)!, list)));
    const t2 = performance.now();
    const t = this.totals;
    t.batches++;
    t.events += events.length;
    t.matches += matches;
    t.excepted += excepted;
    t.alerts += out.length;
    t.matchMs += t1 - t0;
    t.stageMs += t2 - t0;
    if (out.length)
      this.log.debug({ tenant, events: events.length, matches, excepted, alerts: out.length }, 'detection');
    return dedupe(out);
  }
}

function dedupe(alerts: Alert[]): Alert[] {
  const m = new Map<string, Alert>();
  for (const a of alerts) m.set(a.id, a);
  return [...m.values()];
}
