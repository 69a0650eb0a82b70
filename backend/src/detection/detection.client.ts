/**
 * The detection part of the CLI's `VigieClient`: the same use-cases through a running server's HTTP API or
 * in-process (rules, packs, history, dry-run, alerts, hunting).
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { RuleFile } from 'sigma-ts';
import { HuntService, type HuntRequest, type HuntResult } from '../hunting/hunt.service.js';
import { AlertsService, type AlertFilter, type AlertPage } from './alerts.service.js';
import type { RuleHistoryEntry } from './detection-config.model.js';
import type { ImportReport } from './rule-catalog.js';
import {
  RulesService,
  type DryRunResult,
  type ListedRule,
  type RuleDetail,
  type RulePatch,
} from './rules.service.js';

export interface DetectionClient {
  listRules(tenant: string, filter?: { enabled?: boolean; pack?: string }): Promise<ListedRule[]>;
  patchRule(tenant: string, id: string, patch: RulePatch, actor: string): Promise<RuleDetail>;
  setPack(tenant: string, pack: string, enabled: boolean, actor: string): Promise<void>;
  importPack(
    name: string,
    files: RuleFile[],
    actor: string,
    opts: { source?: string; defaultEnabled?: boolean },
  ): Promise<ImportReport>;
  ruleHistory(tenant: string, id: string): Promise<RuleHistoryEntry[]>;
  dryRun(
    tenant: string,
    id: string,
    range: { from?: string; to?: string; size?: number },
  ): Promise<DryRunResult>;
  listAlerts(tenant: string, filter: AlertFilter): Promise<AlertPage>;
  hunt(tenant: string, req: HuntRequest): Promise<HuntResult>;
}

type Call = <T>(path: string, init?: RequestInit) => Promise<T>;

const json = (method: string, body: unknown, actor?: string): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(actor ? { 'x-vigie-user': actor } : {}) },
});

export class RemoteDetectionClient implements DetectionClient {
  constructor(private readonly call: Call) {}

  listRules(tenant: string, filter: { enabled?: boolean; pack?: string } = {}) {
    const p = new URLSearchParams({ tenant });
    if (filter.enabled !== undefined) p.set('enabled', String(filter.enabled));
    if (filter.pack) p.set('pack', filter.pack);
    return this.call<ListedRule[]>(`/api/rules?${p}`);
  }
  patchRule(tenant: string, id: string, patch: RulePatch, actor: string) {
    return this.call<RuleDetail>(
      `/api/rules/${encodeURIComponent(id)}?tenant=${tenant}`,
      json('PATCH', patch, actor),
    );
  }
  async setPack(tenant: string, pack: string, enabled: boolean, actor: string) {
    await this.call(
      `/api/rules/packs/${encodeURIComponent(pack)}?tenant=${tenant}`,
      json('PATCH', { enabled }, actor),
    );
  }
  importPack(
    name: string,
    files: RuleFile[],
    actor: string,
    opts: { source?: string; defaultEnabled?: boolean },
  ) {
    return this.call<ImportReport>(
      `/api/rules/packs/${encodeURIComponent(name)}`,
      json('PUT', { files, source: opts.source, default_enabled: opts.defaultEnabled }, actor),
    );
  }
  ruleHistory(tenant: string, id: string) {
    return this.call<RuleHistoryEntry[]>(`/api/rules/${encodeURIComponent(id)}/history?tenant=${tenant}`);
  }
  dryRun(tenant: string, id: string, range: { from?: string; to?: string; size?: number }) {
    return this.call<DryRunResult>(
      `/api/rules/${encodeURIComponent(id)}/dry-run?tenant=${tenant}`,
      json('POST', range),
    );
  }
  listAlerts(tenant: string, f: AlertFilter) {
    const p = new URLSearchParams({ tenant });
    for (const [k, v] of Object.entries(f))
      if (v !== undefined) p.set(k, Array.isArray(v) ? v.join(',') : String(v));
    return this.call<AlertPage>(`/api/alerts?${p}`);
  }
  hunt(tenant: string, req: HuntRequest) {
    return this.call<HuntResult>(`/api/hunt?tenant=${tenant}`, json('POST', req));
  }
}

export class LocalDetectionClient implements DetectionClient {
  constructor(private readonly ctx: () => INestApplicationContext) {}

  private get rules(): RulesService {
    return this.ctx().get(RulesService, { strict: false });
  }
  listRules(tenant: string, filter: { enabled?: boolean; pack?: string } = {}) {
    return this.rules.list(tenant, filter);
  }
  patchRule(tenant: string, id: string, patch: RulePatch, actor: string) {
    return this.rules.patch(tenant, id, patch, actor);
  }
  setPack(tenant: string, pack: string, enabled: boolean, actor: string) {
    return this.rules.setPack(tenant, pack, enabled, actor);
  }
  importPack(
    name: string,
    files: RuleFile[],
    actor: string,
    opts: { source?: string; defaultEnabled?: boolean },
  ) {
    return this.rules.importPack(name, files, actor, opts);
  }
  ruleHistory(tenant: string, id: string) {
    return this.rules.history(tenant, id);
  }
  dryRun(tenant: string, id: string, range: { from?: string; to?: string; size?: number }) {
    return this.rules.dryRun(tenant, { id }, range);
  }
  listAlerts(tenant: string, f: AlertFilter) {
    return this.ctx().get(AlertsService, { strict: false }).list(tenant, f);
  }
  hunt(tenant: string, req: HuntRequest) {
    return this.ctx().get(HuntService, { strict: false }).hunt(tenant, req);
  }
}
