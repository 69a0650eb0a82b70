/**
 * A tenant's detection configuration (document `detection` of its `config` collection): pack and rule switches,
 * overrides, exceptions and suppressions. One document, written with optimistic concurrency; its `revision`
 * tells workers when to recompile. Lists, not maps keyed by rule id, so the stores never see a field per rule.
 */
import type { Severity } from './alert.model.js';

export const DETECTION_CONFIG_ID = 'detection';

export interface PackSwitch {
  name: string;
  enabled: boolean;
}

export interface RuleOverride {
  id: string;
  enabled?: boolean;
  level?: Severity;
  risk_score?: number;
}

/** Events whose `field` holds one of `values` (case-insensitive) do not raise the rule(s) until `expires_at`. */
export interface RuleException {
  id: string;
  /** A rule id, or `*` for every rule of the tenant. */
  rule_id: string;
  field: string;
  values: string[];
  author: string;
  reason: string;
  expires_at?: string;
  created_at: string;
}

/** Later matches with the same `group_by` values within `window` fold into the first alert. */
export interface Suppression {
  rule_id: string;
  group_by: string[];
  window: string;
  window_ms: number;
  author: string;
  created_at: string;
}

export interface TenantDetectionConfig extends Record<string, unknown> {
  revision: number;
  packs: PackSwitch[];
  rules: RuleOverride[];
  exceptions: RuleException[];
  suppressions: Suppression[];
  updated_at?: string;
  updated_by?: string;
}

export function emptyDetectionConfig(): TenantDetectionConfig {
  return { revision: 0, packs: [], rules: [], exceptions: [], suppressions: [] };
}

/** One change of a tenant's rule configuration (collection `config`, `kind: rule-history`). */
export interface RuleHistoryEntry extends Record<string, unknown> {
  kind: 'rule-history';
  /** A rule id, `pack:<name>` for a pack switch. */
  rule_id: string;
  action: string;
  actor: string;
  at: string;
  /** JSON text of the state before and after (text, so every store keeps any shape). */
  before: string;
  after: string;
  revision: number;
}
