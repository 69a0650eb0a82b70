/**
 * A tenant's view of the catalogue: which rules are enabled (rule switch, else its pack's switch, else the pack's
 * default: `vigie` on, imported packs off), their severity and risk after overrides, ATT&CK tags and risk type.
 */
import type { DetectionType, Severity } from './alert.model.js';
import type { CatalogRule, PackSummary } from './rule-catalog.js';
import type { TenantDetectionConfig } from './detection-config.model.js';
import { attackOf, riskTypeOf, severityOf, SEVERITY_SCORE, type AttackTags } from './rule-meta.js';

export interface EffectiveRule {
  id: string;
  name?: string;
  title: string;
  type: DetectionType;
  pack: string;
  version: number;
  enabled: boolean;
  /** The rule's own level. */
  level: Severity;
  /** After the tenant's override. */
  severity: Severity;
  risk_score: number;
  risk_type: string;
  attack: AttackTags;
  catalog: CatalogRule;
}

export function effectiveRules(
  rules: CatalogRule[],
  packs: PackSummary[],
  config: TenantDetectionConfig,
): EffectiveRule[] {
  const packDefault = new Map(packs.map((p) => [p.name, p.default_enabled]));
  const packSwitch = new Map(config.packs.map((p) => [p.name, p.enabled]));
  const overrides = new Map(config.rules.map((r) => [r.id, r]));
  const byRef = new Map<string, CatalogRule>();
  for (const r of rules) {
    byRef.set(r.id, r);
    if (r.name) byRef.set(r.name, r);
  }
  return rules.map((r) => {
    const o = overrides.get(r.id);
    const level = severityOf(r.level);
    const severity = o?.level ?? level;
    // A correlation carries no tags of its own: it inherits those of the rules it correlates.
    const tags =
      r.kind === 'correlation'
        ? (r.correlation?.rules ?? []).flatMap((ref) => byRef.get(ref)?.tags ?? [])
        : r.tags;
    return {
      id: r.id,
      name: r.name,
      title: r.title,
      type: r.kind === 'correlation' ? 'correlation' : r.kind === 'statistical' ? 'statistical' : 'signature',
      pack: r.pack,
      version: r.version,
      // a baseline definition may ship disabled (`enabled: false`): only a rule switch turns it on
      enabled:
        o?.enabled ??
        (r.baseline?.enabled === false
          ? false
          : (packSwitch.get(r.pack) ?? packDefault.get(r.pack) ?? false)),
      level,
      severity,
      risk_score: o?.risk_score ?? SEVERITY_SCORE[severity],
      risk_type: r.baseline ? r.baseline.risk_type : riskTypeOf(r.detection?.raw, tags),
      attack: attackOf(tags),
      catalog: r,
    };
  });
}
