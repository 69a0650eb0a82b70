/**
 * What a Sigma rule says about the alerts it produces: severity and base risk score from its level, ATT&CK tactics
 * and techniques from its tags, and the risk category (`risk_type`) the KPIs count by.
 */
import type { Severity } from './alert.model.js';

/** ATT&CK tactics by their Sigma tag spelling (both `credential-access` and `credential_access` are accepted). */
export const ATTACK_TACTICS = [
  'reconnaissance',
  'resource_development',
  'initial_access',
  'execution',
  'persistence',
  'privilege_escalation',
  'defense_evasion',
  'credential_access',
  'discovery',
  'lateral_movement',
  'collection',
  'command_and_control',
  'exfiltration',
  'impact',
] as const;

/** Base risk score of each severity (0–100). */
export const SEVERITY_SCORE: Record<Severity, number> = {
  informational: 10,
  low: 25,
  medium: 50,
  high: 75,
  critical: 95,
};

/** Points added to the risk score by the highest asset criticality among the hosts involved. */
export const CRITICALITY_BONUS: Record<string, number> = { low: 0, medium: 5, high: 10, critical: 20 };

export function severityOf(level: unknown): Severity {
  return typeof level === 'string' && level in SEVERITY_SCORE ? (level as Severity) : 'medium';
}

export interface AttackTags {
  tactics: string[];
  techniques: string[];
}

/** `attack.t1059.001` → technique `T1059.001`; `attack.credential-access` → tactic `credential_access`. */
export function attackOf(tags: readonly string[]): AttackTags {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const t = tag.toLowerCase();
    if (!t.startsWith('attack.')) continue;
    const rest = t.slice(7).replace(/-/g, '_');
    if (/^t\d{4}(\.\d{3})?$/.test(rest)) {
      const id = rest.toUpperCase();
      if (!techniques.includes(id)) techniques.push(id);
    } else if ((ATTACK_TACTICS as readonly string[]).includes(rest) && !tactics.includes(rest))
      tactics.push(rest);
  }
  return { tactics, techniques };
}

/**
 * The risk category of a rule: `custom.vigie.risk_type` (or a `vigie.risk.<type>` tag) when the rule names one,
 * else its first ATT&CK tactic, else `other`.
 */
export function riskTypeOf(raw: Record<string, unknown> | undefined, tags: readonly string[]): string {
  const custom = (raw?.custom as { vigie?: { risk_type?: unknown } } | undefined)?.vigie?.risk_type;
  if (typeof custom === 'string' && custom) return custom;
  const tagged = tags.find((t) => t.toLowerCase().startsWith('vigie.risk.'));
  if (tagged) return tagged.slice('vigie.risk.'.length).toLowerCase();
  return attackOf(tags).tactics[0] ?? 'other';
}

/** Risk score: the override or the severity's base, raised by the asset criticality, capped at 100. */
export function riskScore(
  severity: Severity,
  override: number | undefined,
  criticality: string | undefined,
): number {
  const base = override ?? SEVERITY_SCORE[severity];
  return Math.min(100, base + (criticality ? (CRITICALITY_BONUS[criticality] ?? 0) : 0));
}
