/**
 * Rule management use-cases (API and CLI): list a tenant's rules, switch rules and packs, override severity and
 * risk, exceptions and suppressions, history, pack import, and dry-run of a rule over stored history.
 */
import { randomUUID } from 'node:crypto';
import { loadRuleSet, parseTimespan, type RuleFile, type SigmaRule } from 'sigma-ts';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoredEvent } from '../events/event.model.js';
import type { StoragePort } from '../storage/storage.port.js';
import { alertId, buildAlert, eventTime, addEntities } from './alert.builder.js';
import type { Alert, DetectionType, Severity } from './alert.model.js';
import type { RuleException, RuleHistoryEntry, Suppression } from './detection-config.model.js';
import type { ConfigChange, DetectionConfigRepository } from './detection-config.repository.js';
import { effectiveRules, type EffectiveRule } from './effective-rules.js';
import { ExceptionMatcher } from './exceptions.js';
import { fieldValues } from './event-fields.js';
import type { ImportReport, PackSummary, RuleCatalog } from './rule-catalog.js';
import { SEVERITY_SCORE } from './rule-meta.js';

/** One rule as `GET /api/rules` and `vigie rules list --json` show it. */
export interface ListedRule {
  id: string;
  title: string;
  type: DetectionType;
  enabled: boolean;
  level: Severity;
  risk: string;
  attack: string[];
  source: string;
}

export interface RuleDetail extends ListedRule {
  version: number;
  rule_level: Severity;
  risk_score: number;
  exceptions: RuleException[];
  suppression?: Suppression;
}

export interface RulePatch {
  enabled?: boolean;
  level?: Severity | null;
  risk_score?: number | null;
}

export interface DryRunResult {
  rule: { id: string; title: string };
  /** Stored events the rule selects in the range. */
  hits: number;
  samples: StoredEvent[];
  /** What the rule would have raised over the examined hits (exceptions and suppression applied). */
  alerts: Alert[];
  excepted: number;
  examined: number;
}

export function listed(r: EffectiveRule): ListedRule {
  return {
    id: r.id,
    title: r.title,
    type: r.type,
    enabled: r.enabled,
    level: r.severity,
    risk: r.risk_type,
    attack: [...r.attack.tactics, ...r.attack.techniques],
    source: r.pack,
  };
}

export class RulesService {
  constructor(
    private readonly storage: StoragePort,
    private readonly catalog: RuleCatalog,
    private readonly configs: DetectionConfigRepository,
  ) {}

  private async effective(tenant: string): Promise<{ rules: EffectiveRule[]; packs: PackSummary[] }> {
    const [{ rules, summaries }, { config }] = await Promise.all([
      this.catalog.rules(),
      this.configs.get(tenant),
    ]);
    return { rules: effectiveRules(rules, summaries, config), packs: summaries };
  }

  private async find(tenant: string, id: string): Promise<EffectiveRule> {
    const r = (await this.effective(tenant)).rules.find((x) => x.id === id || x.name === id);
    if (!r)
      throw new VigieError(ErrorCode.NotFound, `no rule "${id}" in the rule library (see GET /api/rules)`);
    return r;
  }

  async list(
    tenant: string,
    filter: { enabled?: boolean; pack?: string; type?: DetectionType } = {},
  ): Promise<ListedRule[]> {
    return (await this.effective(tenant)).rules
      .filter(
        (r) =>
          (filter.enabled === undefined || r.enabled === filter.enabled) &&
          (!filter.pack || r.pack === filter.pack) &&
          (!filter.type || r.type === filter.type),
      )
      .map(listed);
  }

  async packs(tenant: string): Promise<(PackSummary & { enabled: boolean })[]> {
    const [{ summaries }, { config }] = await Promise.all([this.catalog.rules(), this.configs.get(tenant)]);
    const sw = new Map(config.packs.map((p) => [p.name, p.enabled]));
    return summaries.map((p) => ({ ...p, enabled: sw.get(p.name) ?? p.default_enabled }));
  }

  async get(tenant: string, id: string): Promise<RuleDetail> {
    const r = await this.find(tenant, id);
    const { config } = await this.configs.get(tenant);
    return {
      ...listed(r),
      version: r.version,
      rule_level: r.level,
      risk_score: r.risk_score,
      exceptions: config.exceptions.filter((e) => e.rule_id === r.id),
      suppression: config.suppressions.find((s) => s.rule_id === r.id),
    };
  }

  async patch(tenant: string, id: string, patch: RulePatch, actor: string): Promise<RuleDetail> {
    const rule = await this.find(tenant, id);
    await this.configs.update(tenant, actor, (c) => {
      const cur = c.rules.find((r) => r.id === rule.id);
      const before = cur ? { ...cur } : { id: rule.id };
      const next = { ...before };
      if (patch.enabled !== undefined) next.enabled = patch.enabled;
      if (patch.level !== undefined) {
        if (patch.level === null) delete next.level;
        else next.level = patch.level;
      }
      if (patch.risk_score !== undefined) {
        if (patch.risk_score === null) delete next.risk_score;
        else next.risk_score = patch.risk_score;
      }
      if (JSON.stringify(next) === JSON.stringify(before)) return [];
      c.rules = [...c.rules.filter((r) => r.id !== rule.id), next];
      const action = patch.enabled === true ? 'enable' : patch.enabled === false ? 'disable' : 'override';
      return [{ ruleId: rule.id, action, before, after: next }];
    });
    return this.get(tenant, rule.id);
  }

  async setPack(tenant: string, pack: string, enabled: boolean, actor: string): Promise<void> {
    const packs = await this.packs(tenant);
    if (!packs.some((p) => p.name === pack))
      throw new VigieError(
        ErrorCode.NotFound,
        `no rule pack "${pack}" (known: ${packs.map((p) => p.name).join(', ') || 'none'})`,
      );
    await this.configs.update(tenant, actor, (c) => {
      const cur = c.packs.find((p) => p.name === pack);
      if (cur?.enabled === enabled) return [];
      c.packs = [...c.packs.filter((p) => p.name !== pack), { name: pack, enabled }];
      return [
        {
          ruleId: `pack:${pack}`,
          action: enabled ? 'enable-pack' : 'disable-pack',
          before: cur ?? null,
          after: { name: pack, enabled },
        },
      ];
    });
  }

  async addException(
    tenant: string,
    ruleId: string,
    input: { field: string; values: string[]; reason: string; expires_at?: string },
    actor: string,
  ): Promise<RuleException> {
    const id = ruleId === '*' ? '*' : (await this.find(tenant, ruleId)).id;
    const ex: RuleException = {
      id: randomUUID(),
      rule_id: id,
      field: input.field,
      values: input.values,
      author: actor,
      reason: input.reason,
      created_at: new Date().toISOString(),
    };
    if (input.expires_at) ex.expires_at = new Date(input.expires_at).toISOString();
    await this.configs.update(tenant, actor, (c) => {
      c.exceptions = [...c.exceptions, ex];
      return [{ ruleId: id, action: 'add-exception', before: null, after: ex }];
    });
    return ex;
  }

  async deleteException(tenant: string, exceptionId: string, actor: string): Promise<void> {
    const { changes } = await this.configs.update(tenant, actor, (c) => {
      const cur = c.exceptions.find((e) => e.id === exceptionId);
      if (!cur) return [];
      c.exceptions = c.exceptions.filter((e) => e.id !== exceptionId);
      return [{ ruleId: cur.rule_id, action: 'delete-exception', before: cur, after: null }];
    });
    if (!changes.length) throw new VigieError(ErrorCode.NotFound, `no exception "${exceptionId}"`);
  }

  async exceptions(tenant: string, ruleId?: string): Promise<RuleException[]> {
    const { config } = await this.configs.get(tenant);
    return config.exceptions.filter((e) => !ruleId || e.rule_id === ruleId);
  }

  async setSuppression(
    tenant: string,
    ruleId: string,
    input: { group_by: string[]; window: string },
    actor: string,
  ): Promise<Suppression> {
    const rule = await this.find(tenant, ruleId);
    const span = parseTimespan(input.window);
    if (!span.ok) throw new VigieError(ErrorCode.Validation, `suppression window: ${span.reason}`);
    const s: Suppression = {
      rule_id: rule.id,
      group_by: input.group_by,
      window: input.window,
      window_ms: span.ms,
      author: actor,
      created_at: new Date().toISOString(),
    };
    await this.configs.update(tenant, actor, (c) => {
      const cur = c.suppressions.find((x) => x.rule_id === rule.id) ?? null;
      c.suppressions = [...c.suppressions.filter((x) => x.rule_id !== rule.id), s];
      return [{ ruleId: rule.id, action: 'set-suppression', before: cur, after: s }];
    });
    return s;
  }

  async deleteSuppression(tenant: string, ruleId: string, actor: string): Promise<void> {
    const rule = await this.find(tenant, ruleId);
    const { changes } = await this.configs.update(tenant, actor, (c) => {
      const cur = c.suppressions.find((x) => x.rule_id === rule.id);
      if (!cur) return [];
      c.suppressions = c.suppressions.filter((x) => x.rule_id !== rule.id);
      return [{ ruleId: rule.id, action: 'delete-suppression', before: cur, after: null }] as ConfigChange[];
    });
    if (!changes.length) throw new VigieError(ErrorCode.NotFound, `rule "${ruleId}" has no suppression`);
  }

  async history(tenant: string, ruleId: string): Promise<RuleHistoryEntry[]> {
    const id = ruleId.startsWith('pack:') ? ruleId : (await this.find(tenant, ruleId)).id;
    return this.configs.history(tenant, id);
  }

  importPack(
    name: string,
    files: RuleFile[],
    actor: string,
    opts: { source?: string; defaultEnabled?: boolean } = {},
  ): Promise<ImportReport> {
    return this.catalog.importPack(name, files, {
      actor,
      source: opts.source ?? 'api',
      defaultEnabled: opts.defaultEnabled,
    });
  }

  /**
   * Runs a library rule (by id) or a Sigma rule text over stored history through the store's query language, and
   * shows what it would have raised: the hits, samples, and the alerts (current exceptions and suppression applied).
   */
  async dryRun(
    tenant: string,
    target: { id?: string; yaml?: string },
    range: { from?: string; to?: string; size?: number },
  ): Promise<DryRunResult> {
    let rule: EffectiveRule;
    if (target.id) {
      rule = await this.find(tenant, target.id);
    } else {
      const sigma = parseSigma(target.yaml ?? '');
      const version = 0;
      rule = {
        id: sigma.id,
        name: sigma.name,
        title: sigma.title,
        type: 'signature',
        pack: 'dry-run',
        version,
        enabled: false,
        level: (sigma.level ?? 'medium') as Severity,
        severity: (sigma.level ?? 'medium') as Severity,
        risk_score: SEVERITY_SCORE[(sigma.level ?? 'medium') as Severity],
        risk_type: 'other',
        attack: { tactics: [], techniques: [] },
        catalog: {
          id: sigma.id,
          title: sigma.title,
          kind: 'detection',
          tags: sigma.tags,
          pack: 'dry-run',
          version,
          detection: sigma,
        },
      };
      rule = effectiveRules([rule.catalog], [], (await this.configs.get(tenant)).config)[0];
    }
    const sigma = rule.catalog.detection;
    if (!sigma)
      throw new VigieError(
        ErrorCode.Validation,
        `rule "${rule.id}" is a correlation: dry-run runs detection rules`,
      );
    const size = Math.min(range.size ?? 500, 5000);
    const page = await this.storage.huntSigma(tenant, sigma, {
      from: range.from,
      to: range.to,
      size,
      order: 'asc',
    });
    const { config } = await this.configs.get(tenant);
    const exceptions = new ExceptionMatcher(config.exceptions);
    const suppression = config.suppressions.find((s) => s.rule_id === rule.id);
    const now = Date.now();
    const detectedAt = new Date(now).toISOString();
    const alerts: Alert[] = [];
    const windows = new Map<string, { alert: Alert; start: number }>();
    let excepted = 0;
    for (const ev of page.hits) {
      if (exceptions.find(rule.id, ev.doc, now)) {
        excepted++;
        continue;
      }
      const ms = Date.parse(eventTime(ev));
      if (suppression) {
        const key = suppression.group_by.map((f) => fieldValues(ev.doc, f).join(',')).join('\u0001');
        const w = windows.get(key);
        if (w && ms >= w.start && ms < w.start + suppression.window_ms) {
          w.alert.suppressed_count++;
          w.alert.event_count++;
          w.alert.event_ids.push(ev.id);
          addEntities(w.alert.entities, ev.doc);
          continue;
        }
        const a = buildAlert(tenant, rule, alertId(tenant, rule.id, String(rule.version), ev.id), [ev], {
          detectedAt,
        });
        windows.set(key, { alert: a, start: ms });
        alerts.push(a);
        continue;
      }
      alerts.push(
        buildAlert(tenant, rule, alertId(tenant, rule.id, String(rule.version), ev.id), [ev], { detectedAt }),
      );
    }
    return {
      rule: { id: rule.id, title: rule.title },
      hits: page.total,
      samples: page.hits.slice(0, 10),
      alerts,
      excepted,
      examined: page.hits.length,
    };
  }
}

/** One Sigma detection rule from YAML text, or a Validation error with the loader's reason. */
export function parseSigma(yaml: string): SigmaRule {
  const set = loadRuleSet([{ path: 'request.yml', text: yaml }], { pipeline: 'ecs' });
  if (set.rules.length === 1) return set.rules[0];
  if (set.rejected.length)
    throw new VigieError(
      ErrorCode.Validation,
      `invalid Sigma rule: ${set.rejected.map((r) => r.reason).join('; ')}`,
    );
  throw new VigieError(
    ErrorCode.Validation,
    `expected exactly one Sigma detection rule, found ${set.rules.length} (and ${set.correlations.length} correlation(s))`,
  );
}
