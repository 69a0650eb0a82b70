import type { Incident, SlaState } from './incident.model.js';
import type { SlaTargets } from './incident-settings.js';

const MINUTE = 60_000;

/**
 * SLA state of an incident from its timestamps: the clock starts at creation; it is acknowledged in time if
 * `acknowledged_at` (or, while unacknowledged, `now`) is not after the due time; resolved in time likewise with
 * the first of `resolved_at` / `closed_at`. Targets follow the incident's current severity.
 */
export function computeSla(
  incident: Pick<Incident, 'severity' | 'created_at' | 'timestamps'>,
  targets: SlaTargets,
  now: Date,
): SlaState {
  const target = targets[incident.severity];
  const start = Date.parse(incident.created_at);
  const ackDue = start + target.acknowledge_minutes * MINUTE;
  const resolveDue = start + target.resolve_minutes * MINUTE;
  const ts = incident.timestamps;
  const ackAt = ts.acknowledged_at ? Date.parse(ts.acknowledged_at) : now.getTime();
  const done = [ts.resolved_at, ts.closed_at].filter((t): t is string => !!t).map((t) => Date.parse(t));
  // A reopened incident is open again: its resolution clock runs until it is resolved or closed anew.
  const reopened = ts.reopened_at ? Date.parse(ts.reopened_at) : -Infinity;
  const finished = done.filter((t) => t >= reopened);
  const resolvedAt = finished.length ? Math.min(...finished) : now.getTime();
  return {
    acknowledge_minutes: target.acknowledge_minutes,
    resolve_minutes: target.resolve_minutes,
    acknowledge_due: new Date(ackDue).toISOString(),
    resolve_due: new Date(resolveDue).toISOString(),
    acknowledge_breached: ackAt > ackDue,
    resolve_breached: resolvedAt > resolveDue,
    computed_at: now.toISOString(),
  };
}
