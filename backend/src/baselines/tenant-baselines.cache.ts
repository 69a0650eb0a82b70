/**
 * Per tenant, the baseline engine of its enabled statistical detectors (from the rule library and the tenant's
 * detection configuration: rule switches, level and risk overrides, exceptions), rebuilt when either changes
 * (checked at most every `checkEveryMs`). Engines share one state store.
 */
import { childLogger } from '../common/logger.js';
import type { DetectionConfigRepository } from '../detection/detection-config.repository.js';
import { effectiveRules, type EffectiveRule } from '../detection/effective-rules.js';
import { ExceptionMatcher } from '../detection/exceptions.js';
import type { RuleCatalog } from '../detection/rule-catalog.js';
import { BaselineEngine } from './baseline-engine.js';
import type { BaselineStateStore } from './state/state-store.port.js';
import type { EngineContext } from './model.js';

export interface TenantBaselines {
  engine: BaselineEngine;
  rules: Map<string, EffectiveRule>;
  /** The tenant's statistical detectors that are switched off (status only). */
  disabled: EffectiveRule[];
  exceptions: ExceptionMatcher;
}

export class TenantBaselinesCache {
  private readonly log = childLogger('baselines.cache');
  private readonly entries = new Map<string, { key: string; checkedAt: number; value: TenantBaselines }>();
  private readonly building = new Map<string, Promise<TenantBaselines>>();

  constructor(
    private readonly catalog: RuleCatalog,
    private readonly configs: DetectionConfigRepository,
    private readonly store: BaselineStateStore,
    private readonly checkEveryMs = 3000,
    /** Trained models and event history for the models that need them (autoencoder). */
    private readonly ctx: EngineContext = {},
  ) {}

  invalidate(tenant: string): void {
    const e = this.entries.get(tenant);
    if (e) e.checkedAt = 0;
  }

  tenants(): string[] {
    return [...this.entries.keys()];
  }

  async get(tenant: string): Promise<TenantBaselines> {
    const e = this.entries.get(tenant);
    if (e && Date.now() - e.checkedAt < this.checkEveryMs) return e.value;
    let p = this.building.get(tenant);
    if (!p) {
      p = this.refresh(tenant).finally(() => this.building.delete(tenant));
      this.building.set(tenant, p);
    }
    return p;
  }

  private async refresh(tenant: string): Promise<TenantBaselines> {
    const [idx, cfg] = await Promise.all([this.catalog.index(), this.configs.get(tenant)]);
    const key = `${idx.version}|${cfg.version}`;
    const e = this.entries.get(tenant);
    if (e && e.key === key) {
      e.checkedAt = Date.now();
      return e.value;
    }
    const { rules, summaries } = await this.catalog.rules();
    const statistical = effectiveRules(rules, summaries, cfg.config).filter(
      (r) => r.type === 'statistical' && r.catalog.baseline,
    );
    const enabled = statistical.filter((r) => r.enabled);
    const engine = new BaselineEngine(
      enabled.map((r) => r.catalog.baseline!),
      this.store,
      this.ctx,
    );
    const value: TenantBaselines = {
      engine,
      rules: new Map(enabled.map((r) => [r.id, r])),
      disabled: statistical.filter((r) => !r.enabled),
      exceptions: new ExceptionMatcher(cfg.config.exceptions),
    };
    this.entries.set(tenant, { key, checkedAt: Date.now(), value });
    this.log.info({ tenant, detectors: enabled.length }, 'baseline detectors compiled');
    return value;
  }
}
