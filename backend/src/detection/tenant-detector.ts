/**
 * A tenant's compiled detection: the sigma-ts engine of its enabled rules (plus the rules its enabled correlations
 * reference), the correlation engine on the tenant's correlation state, exceptions and suppressions. Built once
 * per configuration version and cached by `TenantDetectorCache`.
 */
import {
  compileRuleSet,
  CorrelationEngine,
  type CorrelationState,
  type SigmaEngine,
  type SigmaRule,
} from 'sigma-ts';
import type { Suppression, TenantDetectionConfig } from './detection-config.model.js';
import type { EffectiveRule } from './effective-rules.js';
import { ExceptionMatcher } from './exceptions.js';

export interface TenantDetector {
  /** Undefined when the tenant has no enabled rule. */
  engine?: SigmaEngine;
  correlation?: CorrelationEngine;
  /** Effective rules by id (every compiled rule, enabled or only referenced). */
  rules: Map<string, EffectiveRule>;
  /** Sigma rule ids and names that enabled correlations reference. */
  correlated: Set<string>;
  exceptions: ExceptionMatcher;
  suppressions: Map<string, Suppression>;
  ruleCount: number;
  rejected: { id?: string; reason: string }[];
}

export function buildTenantDetector(
  rules: EffectiveRule[],
  config: TenantDetectionConfig,
  state: () => CorrelationState,
): TenantDetector {
  const byRef = new Map<string, EffectiveRule>();
  for (const r of rules) {
    byRef.set(r.id, r);
    if (r.name) byRef.set(r.name, r);
  }
  const correlations = rules.filter((r) => r.enabled && r.type === 'correlation');
  // Referenced rules are compiled even when not enabled themselves (a chain may go through other correlations).
  const needed = new Map<string, EffectiveRule>();
  const correlated = new Set<string>();
  const visit = (r: EffectiveRule, seen: Set<string>): void => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    needed.set(r.id, r);
    for (const ref of r.catalog.correlation?.rules ?? []) {
      correlated.add(ref);
      const target = byRef.get(ref);
      if (target) visit(target, seen);
    }
  };
  for (const c of correlations) visit(c, new Set());
  for (const r of rules) if (r.enabled && r.type === 'signature') needed.set(r.id, r);
  const sigma: SigmaRule[] = [];
  const corrRules = [];
  for (const r of needed.values()) {
    if (r.catalog.detection) sigma.push(r.catalog.detection);
    else if (r.catalog.correlation) corrRules.push(r.catalog.correlation);
  }
  const rejected: { id?: string; reason: string }[] = [];
  const engine = sigma.length
    ? compileRuleSet({ rules: sigma, filters: [] }, { pipeline: 'ecs' })
    : undefined;
  if (engine) rejected.push(...engine.rejected);
  let correlation: CorrelationEngine | undefined;
  if (corrRules.length) {
    try {
      correlation = new CorrelationEngine(corrRules, state());
    } catch (err) {
      rejected.push({ reason: `correlations: ${(err as Error).message}` });
    }
  }
  const suppressions = new Map(config.suppressions.map((s) => [s.rule_id, s]));
  return {
    engine,
    correlation,
    rules: needed,
    correlated,
    exceptions: new ExceptionMatcher(config.exceptions),
    suppressions,
    ruleCount: needed.size,
    rejected,
  };
}
