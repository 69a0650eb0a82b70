/**
 * Reads and changes a tenant's detection configuration. Every change is a read-modify-write with optimistic
 * concurrency (a concurrent change is re-applied on the fresh document) and leaves one history entry per rule it
 * touched: who, when, what, before and after.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort } from '../storage/storage.port.js';
import {
  DETECTION_CONFIG_ID,
  emptyDetectionConfig,
  type RuleHistoryEntry,
  type TenantDetectionConfig,
} from './detection-config.model.js';

export interface ConfigChange {
  /** Rule id the history entry is filed under (`pack:<name>` for a pack). */
  ruleId: string;
  action: string;
  /** The slice of the configuration before and after, for the history. */
  before: unknown;
  after: unknown;
}

export class DetectionConfigRepository {
  /** Called after every change this process makes (the detection stage drops its cache at once). */
  onChange?: (tenant: string) => void;

  constructor(private readonly storage: StoragePort) {}

  async get(tenant: string): Promise<{ config: TenantDetectionConfig; version: string }> {
    const doc = await this.storage.getDocument<TenantDetectionConfig>(tenant, 'config', DETECTION_CONFIG_ID);
    return doc
      ? { config: { ...emptyDetectionConfig(), ...doc.doc }, version: doc.version }
      : { config: emptyDetectionConfig(), version: 'none' };
  }

  /**
   * Applies `mutate` (which returns the changes it made, or an empty list for none) and records the history.
   * Retries on a concurrent write, so two admins changing different rules both win.
   */
  async update(
    tenant: string,
    actor: string,
    mutate: (c: TenantDetectionConfig) => ConfigChange[],
  ): Promise<{ config: TenantDetectionConfig; changes: ConfigChange[] }> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.storage.getDocument<TenantDetectionConfig>(
        tenant,
        'config',
        DETECTION_CONFIG_ID,
      );
      const config: TenantDetectionConfig = structuredClone({
        ...emptyDetectionConfig(),
        ...(cur?.doc ?? {}),
      });
      const changes = mutate(config);
      if (changes.length === 0) return { config, changes };
      const now = new Date().toISOString();
      config.revision = (config.revision ?? 0) + 1;
      config.updated_at = now;
      config.updated_by = actor;
      try {
        await this.storage.putDocument(tenant, 'config', DETECTION_CONFIG_ID, config, {
          ifVersion: cur?.version ?? null,
        });
      } catch (err) {
        if (err instanceof VigieError && err.code === ErrorCode.Conflict && attempt < 5) continue;
        throw err;
      }
      for (const [i, ch] of changes.entries()) {
        const entry: RuleHistoryEntry = {
          kind: 'rule-history',
          rule_id: ch.ruleId,
          action: ch.action,
          actor,
          at: now,
          before: JSON.stringify(ch.before ?? null),
          after: JSON.stringify(ch.after ?? null),
          revision: config.revision,
        };
        const id = `history:${createHash('sha256').update(`${ch.ruleId}\u0000${config.revision}\u0000${i}`).digest('base64url').slice(0, 24)}`;
        await this.storage.putDocument(tenant, 'config', id, entry);
      }
      this.onChange?.(tenant);
      return { config, changes };
    }
  }

  /** History of one rule (or `pack:<name>`), newest first. */
  async history(tenant: string, ruleId: string, size = 100): Promise<RuleHistoryEntry[]> {
    const page = await this.storage.listDocuments<RuleHistoryEntry>(tenant, 'config', {
      kql: `kind:"rule-history" AND rule_id:"${ruleId.replace(/["\\]/g, '\\$&')}"`,
      sortBy: 'at',
      order: 'desc',
      size,
    });
    return page.items.map((i) => i.doc).sort((a, b) => b.revision - a.revision);
  }
}
