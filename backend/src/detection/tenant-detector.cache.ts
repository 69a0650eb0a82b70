/**
 * Compiled detection per tenant, rebuilt when the tenant's configuration or the rule library changes. Workers
 * check both versions at most every `checkEveryMs`; changes made by this process apply at once (`invalidate`).
 */
import { MemoryCorrelationState, type CorrelationState } from 'sigma-ts';
import { childLogger } from '../common/logger.js';
import type { DetectionConfigRepository } from './detection-config.repository.js';
import { effectiveRules } from './effective-rules.js';
import type { RuleCatalog } from './rule-catalog.js';
import { buildTenantDetector, type TenantDetector } from './tenant-detector.js';

interface Entry {
  key: string;
  checkedAt: number;
  detector: TenantDetector;
}

export class TenantDetectorCache {
  private readonly log = childLogger('detection.cache');
  private readonly entries = new Map<string, Entry>();
  private readonly states = new Map<string, CorrelationState>();
  private readonly building = new Map<string, Promise<TenantDetector>>();

  constructor(
    private readonly catalog: RuleCatalog,
    private readonly configs: DetectionConfigRepository,
    private readonly stateFor: (tenant: string) => CorrelationState = () => new MemoryCorrelationState(),
    private readonly checkEveryMs = 3000,
  ) {}

  invalidate(tenant: string): void {
    const e = this.entries.get(tenant);
    if (e) e.checkedAt = 0;
  }

  async get(tenant: string): Promise<TenantDetector> {
    const e = this.entries.get(tenant);
    if (e && Date.now() - e.checkedAt < this.checkEveryMs) return e.detector;
    let p = this.building.get(tenant);
    if (!p) {
      p = this.refresh(tenant, e).finally(() => this.building.delete(tenant));
      this.building.set(tenant, p);
    }
    return p;
  }

  private async refresh(tenant: string, e: Entry | undefined): Promise<TenantDetector> {
    const [idx, cfg] = await Promise.all([this.catalog.index(), this.configs.get(tenant)]);
    const key = `${idx.version}|${cfg.version}`;
    if (e && e.key === key) {
      e.checkedAt = Date.now();
      return e.detector;
    }
    const t0 = performance.now();
    const { rules, summaries } = await this.catalog.rules();
    const detector = buildTenantDetector(effectiveRules(rules, summaries, cfg.config), cfg.config, () =>
      this.state(tenant),
    );
    this.entries.set(tenant, { key, checkedAt: Date.now(), detector });
    this.log.info(
      {
        tenant,
        rules: detector.ruleCount,
        rejected: detector.rejected.length,
        ms: Math.round(performance.now() - t0),
      },
      'detection rules compiled',
    );
    return detector;
  }

  private state(tenant: string): CorrelationState {
    let s = this.states.get(tenant);
    if (!s) this.states.set(tenant, (s = this.stateFor(tenant)));
    return s;
  }
}
