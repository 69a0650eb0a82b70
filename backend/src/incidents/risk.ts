import type { Alert, Severity } from '../detection/alert.model.js';
import { SEVERITIES } from '../detection/alert.model.js';

export type Criticality = NonNullable<Alert['asset_criticality']>;
const CRITICALITY_RANK: Record<Criticality, number> = { low: 0, medium: 1, high: 2, critical: 3 };
/** How much the most critical asset involved scales the risk. */
export const CRITICALITY_FACTOR: Record<Criticality, number> = {
  low: 0.8,
  medium: 1,
  high: 1.25,
  critical: 1.5,
};

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function maxCriticality(
  a: Criticality | null | undefined,
  b: Criticality | null | undefined,
): Criticality | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return CRITICALITY_RANK[a] >= CRITICALITY_RANK[b] ? a : b;
}

/**
 * Incident risk, 0–100: the highest alert risk score, plus breadth (5 per extra distinct rule and 5 per extra
 * distinct ATT&CK tactic, at most 25 in all), scaled by the most critical asset involved (low ×0.8, medium ×1,
 * high ×1.25, critical ×1.5; unknown ×1), rounded and capped at 100.
 */
export function incidentRisk(input: {
  maxAlertRisk: number;
  distinctRules: number;
  distinctTactics: number;
  criticality: Criticality | null;
}): number {
  const breadth = Math.min(
    25,
    5 * Math.max(0, input.distinctRules - 1) + 5 * Math.max(0, input.distinctTactics - 1),
  );
  const factor = input.criticality ? CRITICALITY_FACTOR[input.criticality] : 1;
  return Math.max(0, Math.min(100, Math.round((Math.max(0, input.maxAlertRisk) + breadth) * factor)));
}
