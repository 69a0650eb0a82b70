import { createHash } from 'node:crypto';
import { ErrorCode, VigieError } from '../common/errors.js';
import { childLogger } from '../common/logger.js';
import type { Alert } from '../detection/alert.model.js';
import type { AlertSink } from '../detection/alert-sink.js';
import type { StoragePort, StoredDocument } from '../storage/storage.port.js';
import {
  attachAlert,
  entityKeys,
  incidentIdFor,
  joinReason,
  keyDocId,
  newIncident,
  type EntityKey,
  type JoinReason,
} from './grouping.js';
import type { Incident } from './incident.model.js';
import { loadIncidentSettings, type IncidentSettings } from './incident-settings.js';

/** Entity → incident index document (collection `incidentkeys`). */
interface EntityEntry extends Record<string, unknown> {
  kind: 'entity';
  key: string;
  incident_id: string | null;
  claimed_at: string;
}

/** Alert → incident document (collection `incidentkeys`): makes a redelivered alert a no-op. */
interface AlertEntry extends Record<string, unknown> {
  kind: 'alert';
  alert_id: string;
  incident_id: string;
}

const isConflict = (err: unknown) => err instanceof VigieError && err.code === ErrorCode.Conflict;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (attempt: number) => 10 + Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5));

export interface GrouperOptions {
  /** An entity claimed for an incident that does not exist after this long belongs to a dead worker and may be taken. */
  pendingClaimMs?: number;
  maxAttempts?: number;
  now?: () => Date;
}

/**
 * Groups stored alerts into incidents (an `AlertSink`). Safe with any number of workers: an alert opens an
 * incident only after claiming every one of its entity keys with a compare-and-set on the key's index document
 * (all or nothing, in sorted order; a lost race rolls back and retries, then finds the winner's incident), and
 * attaching is a compare-and-set on the incident. Ids are deterministic and attaching is a set-add, so a
 * redelivered alert is attached once.
 */
export class IncidentGrouper implements AlertSink {
  readonly name = 'incidents';
  readonly order = 100;
  private readonly log = childLogger('incidents');
  private readonly pendingClaimMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;

  constructor(
    private readonly storage: StoragePort,
    options: GrouperOptions = {},
  ) {
    this.pendingClaimMs = options.pendingClaimMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 200;
    this.now = options.now ?? (() => new Date());
  }

  async onAlerts(tenant: string, alerts: Alert[]): Promise<void> {
    if (!alerts.length) return;
    const { settings } = await loadIncidentSettings(this.storage, tenant);
    const sorted = [...alerts].sort(
      (a, b) => Date.parse(a.event_time) - Date.parse(b.event_time) || (a.id < b.id ? -1 : 1),
    );
    for (const alert of sorted) await this.group(tenant, alert, settings);
  }

  /** Files one alert into an incident; returns the incident id. */
  async group(tenant: string, alert: Alert, settings: IncidentSettings): Promise<string> {
    const alertDocId = 'a_' + createHash('sha256').update(alert.id).digest('hex').slice(0, 40);
    const known = await this.storage.getDocument<AlertEntry>(tenant, 'incidentkeys', alertDocId);
    if (known) {
      const inc = await this.storage.getDocument<Incident>(tenant, 'incidents', known.doc.incident_id);
      if (inc?.doc.alert_ids.includes(alert.id)) return inc.id;
    }
    const incidentId = await this.place(tenant, alert, settings);
    await this.storage.putDocument<AlertEntry>(
      tenant,
      'incidentkeys',
      alertDocId,
      { kind: 'alert', alert_id: alert.id, incident_id: incidentId },
      { searchable: false },
    );
    await this.markAlert(tenant, alert.id, incidentId);
    return incidentId;
  }

  private async place(tenant: string, alert: Alert, settings: IncidentSettings): Promise<string> {
    const myId = incidentIdFor(tenant, alert.id);
    const keys = entityKeys(alert, settings.group_by);
    if (!keys.length) {
      await this.createOrAttach(tenant, myId, alert, settings);
      return myId;
    }
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const entries = await Promise.all(
        keys.map((k) => this.storage.getDocument<EntityEntry>(tenant, 'incidentkeys', keyDocId(k.key))),
      );
      const incidents = new Map<string, StoredDocument<Incident> | undefined>();
      for (const id of new Set(entries.map((e) => e?.doc.incident_id).filter((x): x is string => !!x))) {
        incidents.set(id, await this.storage.getDocument<Incident>(tenant, 'incidents', id));
      }
      let pending = false;
      const candidates: { inc: StoredDocument<Incident>; reason: JoinReason }[] = [];
      keys.forEach((k, i) => {
        const e = entries[i];
        const id = e?.doc.incident_id;
        if (!e || !id) return;
        const inc = incidents.get(id);
        if (!inc) {
          // Claimed by a worker that is creating the incident (or by our own earlier attempt, or by a dead worker).
          if (id !== myId && this.now().getTime() - Date.parse(e.doc.claimed_at) < this.pendingClaimMs)
            pending = true;
          return;
        }
        const reason = joinReason(inc.doc, alert, k.kind, settings);
        if (reason && !candidates.some((c) => c.inc.id === inc.id)) candidates.push({ inc, reason });
      });
      if (pending) {
        await sleep(jitter(attempt));
        continue;
      }
      if (candidates.length) {
        candidates.sort(
          (a, b) =>
            a.inc.doc.created_at.localeCompare(b.inc.doc.created_at) || a.inc.id.localeCompare(b.inc.id),
        );
        const target = candidates[0];
        const attached = await this.attach(tenant, target.inc.id, alert, target.reason, settings);
        if (!attached) continue; // closed or moved out of reach meanwhile: look again
        await this.pointFreeKeys(tenant, keys, entries, incidents, target.inc.id, alert, settings);
        return target.inc.id;
      }
      // No incident to join: claim every key (all or nothing), then create ours.
      const claimed = await this.claimAll(tenant, keys, entries, myId);
      if (!claimed) {
        await sleep(jitter(attempt));
        continue;
      }
      await this.createOrAttach(tenant, myId, alert, settings);
      return myId;
    }
    throw new VigieError(
      ErrorCode.Unavailable,
      `incidents: could not file alert ${alert.id} of tenant ${tenant} after ${this.maxAttempts} attempts (entity keys under contention: ${keys.map((k) => k.key).join(', ')})`,
    );
  }

  /** Compare-and-set every key to `incidentId` in order; on a lost race, restores what was claimed and says so. */
  private async claimAll(
    tenant: string,
    keys: EntityKey[],
    entries: (StoredDocument<EntityEntry> | undefined)[],
    incidentId: string,
  ): Promise<boolean> {
    const done: { id: string; key: string; version: string; previous?: EntityEntry }[] = [];
    for (let i = 0; i < keys.length; i++) {
      const id = keyDocId(keys[i].key);
      try {
        const res = await this.storage.putDocument<EntityEntry>(
          tenant,
          'incidentkeys',
          id,
          { kind: 'entity', key: keys[i].key, incident_id: incidentId, claimed_at: this.now().toISOString() },
          { ifVersion: entries[i]?.version ?? null, searchable: false },
        );
        done.push({ id, key: keys[i].key, version: res.version, previous: entries[i]?.doc });
      } catch (err) {
        if (!isConflict(err)) throw err;
        for (const d of done.reverse()) {
          const restored: EntityEntry = d.previous ?? {
            kind: 'entity',
            key: d.key,
            incident_id: null,
            claimed_at: this.now().toISOString(),
          };
          await this.storage
            .putDocument(tenant, 'incidentkeys', d.id, restored, { ifVersion: d.version, searchable: false })
            .catch((e) => {
              if (!isConflict(e)) throw e;
            });
        }
        return false;
      }
    }
    return true;
  }

  /** Points the alert's keys that lead nowhere useful (free, dead, or to an incident it cannot join) at the target. */
  private async pointFreeKeys(
    tenant: string,
    keys: EntityKey[],
    entries: (StoredDocument<EntityEntry> | undefined)[],
    incidents: Map<string, StoredDocument<Incident> | undefined>,
    targetId: string,
    alert: Alert,
    settings: IncidentSettings,
  ): Promise<void> {
    await Promise.all(
      keys.map(async (k, i) => {
        const e = entries[i];
        const current = e?.doc.incident_id ? incidents.get(e.doc.incident_id) : undefined;
        if (e?.doc.incident_id === targetId) return;
        if (current && joinReason(current.doc, alert, k.kind, settings)) return; // another live incident keeps its entity
        const doc: EntityEntry = {
          kind: 'entity',
          key: k.key,
          incident_id: targetId,
          claimed_at: this.now().toISOString(),
        };
        await this.storage
          .putDocument(tenant, 'incidentkeys', keyDocId(k.key), doc, {
            ifVersion: e?.version ?? null,
            searchable: false,
          })
          .catch((err) => {
            if (!isConflict(err)) throw err;
          });
      }),
    );
  }

  /** Attaches with compare-and-set; false when the incident can no longer take the alert. */
  private async attach(
    tenant: string,
    id: string,
    alert: Alert,
    reason: JoinReason,
    settings: IncidentSettings,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const inc = await this.storage.getDocument<Incident>(tenant, 'incidents', id);
      if (!inc) return false;
      if (inc.doc.alert_ids.includes(alert.id)) return true;
      if (!['new', 'acknowledged', 'in_progress'].includes(inc.doc.status)) return false;
      const next = attachAlert(inc.doc, alert, reason, settings, this.now());
      try {
        await this.storage.putDocument(tenant, 'incidents', id, next, { ifVersion: inc.version });
        return true;
      } catch (err) {
        if (!isConflict(err)) throw err;
        await sleep(jitter(attempt));
      }
    }
    throw new VigieError(
      ErrorCode.Unavailable,
      `incidents: could not attach alert ${alert.id} to ${id} (too many concurrent updates)`,
    );
  }

  /** Creates the incident this alert opens; if it exists already (a redelivery), attaches to it idempotently. */
  private async createOrAttach(
    tenant: string,
    id: string,
    alert: Alert,
    settings: IncidentSettings,
  ): Promise<void> {
    try {
      await this.storage.putDocument(
        tenant,
        'incidents',
        id,
        newIncident(id, tenant, alert, settings, this.now()),
        { ifVersion: null },
      );
      this.log.debug({ tenant, incident: id, alert: alert.id }, 'incident opened');
    } catch (err) {
      if (!isConflict(err)) throw err;
      await this.attach(tenant, id, alert, 'entity_window', settings);
    }
  }

  /** Records the incident on the stored alert (when detection stored it), for the alert views. */
  private async markAlert(tenant: string, alertId: string, incidentId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.storage.getDocument<Alert>(tenant, 'alerts', alertId);
      if (!stored || stored.doc.incident_id === incidentId) return;
      try {
        await this.storage.putDocument(
          tenant,
          'alerts',
          alertId,
          { ...stored.doc, incident_id: incidentId },
          { ifVersion: stored.version },
        );
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }
}
