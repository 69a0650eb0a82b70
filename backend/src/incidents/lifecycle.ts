import type { AuditChange, Incident, IncidentStatus, Verdict, VerdictValue } from './incident.model.js';

/**
 * Allowed transitions: `new → acknowledged → in_progress → resolved | closed`. An analyst may close straight
 * from `new` or `acknowledged` (e.g. an obvious false positive), resolve from `acknowledged`, close a resolved
 * incident, and reopen a resolved or closed one (back to `in_progress`, the verdict is cleared; the audit keeps it).
 */
export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['acknowledged', 'closed'],
  acknowledged: ['in_progress', 'resolved', 'closed'],
  in_progress: ['resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export interface TransitionRequest {
  to: IncidentStatus;
  verdict?: VerdictValue;
  reason?: string;
  actor: string;
  at: string;
}

export type TransitionOutcome =
  { ok: true; incident: Incident; changes: AuditChange[] } | { ok: false; reason: string };

const isTerminal = (s: IncidentStatus) => s === 'resolved' || s === 'closed';

/** Applies a transition to a copy of the incident, or says why it is not allowed. Never throws. */
export function applyTransition(incident: Incident, req: TransitionRequest): TransitionOutcome {
  const from = incident.status;
  if (!TRANSITIONS[from].includes(req.to)) {
    const allowed = TRANSITIONS[from].join(', ') || 'none';
    return { ok: false, reason: `cannot go from ${from} to ${req.to} (allowed from ${from}: ${allowed})` };
  }
  const reason = req.reason?.trim() || null;
  let verdict: Verdict | null = null;
  if (isTerminal(req.to)) {
    if (req.verdict) verdict = { value: req.verdict, reason, by: req.actor, at: req.at };
    // Closing a resolved incident keeps its verdict unless a new one is given.
    else if (from === 'resolved' && incident.verdict) verdict = incident.verdict;
    else
      return {
        ok: false,
        reason: `a verdict (true_positive, false_positive, benign_true_positive) is required to go to ${req.to}`,
      };
    if (verdict.value === 'false_positive' && !verdict.reason)
      return { ok: false, reason: 'a false_positive verdict requires a reason' };
  } else if (req.verdict) {
    return {
      ok: false,
      reason: `a verdict is only given when resolving or closing, not when going to ${req.to}`,
    };
  }

  const next: Incident = structuredClone(incident);
  const changes: AuditChange[] = [{ field: 'status', before: from, after: req.to }];
  next.status = req.to;
  next.transitions.push({ from, to: req.to, at: req.at, by: req.actor });
  const ts = next.timestamps;
  // Leaving `new` in any way acknowledges the incident (time to acknowledge is always defined once handled).
  if (!ts.acknowledged_at) {
    ts.acknowledged_at = req.at;
    changes.push({ field: 'timestamps.acknowledged_at', before: null, after: req.at });
  }
  if (req.to === 'in_progress' && isTerminal(from)) {
    ts.reopened_at = req.at;
    changes.push({ field: 'timestamps.reopened_at', before: incident.timestamps.reopened_at, after: req.at });
    if (next.verdict) changes.push({ field: 'verdict', before: next.verdict.value, after: null });
    next.verdict = null;
  }
  if (req.to !== 'acknowledged') {
    const field = `${req.to}_at` as 'in_progress_at' | 'resolved_at' | 'closed_at';
    ts[field] = req.at;
    changes.push({ field: `timestamps.${field}`, before: incident.timestamps[field], after: req.at });
  }

  if (verdict && verdict !== incident.verdict) {
    changes.push({ field: 'verdict', before: incident.verdict?.value ?? null, after: verdict.value });
    changes.push({
      field: 'verdict.reason',
      before: incident.verdict?.reason ?? null,
      after: verdict.reason,
    });
    next.verdict = verdict;
  }
  next.updated_at = req.at;
  return { ok: true, incident: next, changes };
}
