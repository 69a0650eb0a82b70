/**
 * Writes alerts idempotently and folds suppressed repeats. A new alert is created only if its deterministic id is
 * absent (a retried batch finds it and leaves it as is). A suppressed match folds into the alert that opened its
 * group's window: its event id is added once, and `suppressed_count` counts each folded event once.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoredEvent } from '../events/event.model.js';
import type { StoragePort } from '../storage/storage.port.js';
import { addEntities } from './alert.builder.js';
import type { Alert } from './alert.model.js';
import type { Suppression } from './detection-config.model.js';
import { fieldValues } from './event-fields.js';

/** Folded event ids kept on an alert (beyond this, a retried batch may count a folded event twice). */
export const MAX_FOLDED_IDS = 1000;

export interface PendingSignature {
  alert: Alert;
  event: StoredEvent;
  ms: number;
}

interface SuppressionState extends Record<string, unknown> {
  kind: 'suppression-state';
  rule_id: string;
  alert_id: string;
  start_ms: number;
  window_ms: number;
}

const isConflict = (err: unknown) => err instanceof VigieError && err.code === ErrorCode.Conflict;

export class AlertWriter {
  constructor(private readonly storage: StoragePort) {}

  /** Creates the alert unless it exists; returns the stored alert either way. */
  async create(tenant: string, alert: Alert): Promise<Alert> {
    try {
      await this.storage.putDocument(tenant, 'alerts', alert.id, alert, { ifVersion: null });
      return alert;
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await this.storage.getDocument<Alert>(tenant, 'alerts', alert.id);
      return existing?.doc ?? alert;
    }
  }

  /**
   * Matches of one suppressed rule: grouped by the suppression's fields, each group's matches in event-time order
   * either open a new window (a new alert) or fold into the window's alert. Returns the alerts created or updated.
   */
  async suppressed(tenant: string, s: Suppression, pending: PendingSignature[]): Promise<Alert[]> {
    const groups = new Map<string, PendingSignature[]>();
    for (const p of pending) {
      const key = s.group_by.map((f) => fieldValues(p.event.doc, f).join(',')).join('\u0001');
      const list = groups.get(key) ?? [];
      list.push(p);
      groups.set(key, list);
    }
    const out: Alert[] = [];
    for (const [key, list] of groups) {
      list.sort((a, b) => a.ms - b.ms || (a.event.id < b.event.id ? -1 : 1));
      out.push(...(await this.foldGroup(tenant, s, key, list)));
    }
    return out;
  }

  private async foldGroup(
    tenant: string,
    s: Suppression,
    key: string,
    list: PendingSignature[],
  ): Promise<Alert[]> {
    const stateId = `suppression:${createHash('sha256').update(`${s.rule_id}\u0000${key}`).digest('base64url').slice(0, 32)}`;
    const cur = await this.storage.getDocument<SuppressionState>(tenant, 'config', stateId);
    let state = cur?.doc;
    const folds = new Map<string, PendingSignature[]>();
    const created: Alert[] = [];
    for (const p of list) {
      if (state && p.ms >= state.start_ms && p.ms < state.start_ms + s.window_ms) {
        const f = folds.get(state.alert_id) ?? [];
        f.push(p);
        folds.set(state.alert_id, f);
        continue;
      }
      const stored = await this.create(tenant, p.alert);
      created.push(stored);
      if (!state || p.ms > state.start_ms) {
        state = {
          kind: 'suppression-state',
          rule_id: s.rule_id,
          alert_id: stored.id,
          start_ms: p.ms,
          window_ms: s.window_ms,
        };
      }
    }
    if (state && state !== cur?.doc) {
      // Another worker may have moved the window meanwhile: the later window wins.
      try {
        await this.storage.putDocument(tenant, 'config', stateId, state, { ifVersion: cur?.version ?? null });
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    const updated: Alert[] = [];
    for (const [id, ps] of folds) {
      const a = await this.fold(tenant, id, ps);
      if (a) updated.push(a);
    }
    const byId = new Map([...created, ...updated].map((a) => [a.id, a]));
    return [...byId.values()];
  }

  private async fold(tenant: string, id: string, ps: PendingSignature[]): Promise<Alert | undefined> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const cur = await this.storage.getDocument<Alert>(tenant, 'alerts', id);
      if (!cur) return undefined;
      const a = cur.doc;
      const ids = new Set(a.event_ids);
      const fresh = ps.filter((p) => !ids.has(p.event.id));
      if (fresh.length === 0) return a;
      for (const p of fresh) {
        if (a.event_ids.length < MAX_FOLDED_IDS) a.event_ids.push(p.event.id);
        addEntities(a.entities, p.event.doc);
        if (p.alert.last_event_time > a.last_event_time) a.last_event_time = p.alert.last_event_time;
        if (p.alert.risk_score > a.risk_score) a.risk_score = p.alert.risk_score;
      }
      a.event_count += fresh.length;
      a.suppressed_count += fresh.length;
      try {
        await this.storage.putDocument(tenant, 'alerts', id, a, { ifVersion: cur.version });
        return a;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw new VigieError(
      ErrorCode.Conflict,
      `alert ${id}: too many concurrent updates while folding suppressed matches`,
    );
  }
}
