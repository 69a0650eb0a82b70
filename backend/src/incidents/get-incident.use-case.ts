import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { Alert } from '../detection/alert.model.js';
import type { StoredEvent } from '../events/event.model.js';
import type { StoragePort, StoredDocument } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import type { AuditEntry, Incident } from './incident.model.js';
import { loadIncidentSettings } from './incident-settings.js';
import { computeSla } from './sla.js';

/** At most this many alerts and events are returned with an incident (the counts say how many there are). */
export const MAX_TIMELINE_ALERTS = 200;
export const MAX_TIMELINE_EVENTS = 500;
const EVENT_IDS_PER_QUERY = 100;

export interface IncidentDetail {
  incident: Incident;
  version: string;
  /** Its alerts, oldest event first. */
  alerts: Alert[];
  /** Alert ids attached to the incident but not (or no longer) in the alerts collection. */
  missing_alert_ids: string[];
  /** The alerts' source events, oldest first. */
  events: StoredEvent[];
  truncated: boolean;
}

/** Reads one incident with its SLA state as of now. */
export async function readIncident(
  storage: StoragePort,
  tenant: string,
  id: string,
  now = new Date(),
): Promise<StoredDocument<Incident>> {
  const stored = await storage.getDocument<Incident>(tenant, 'incidents', id);
  if (!stored)
    throw new VigieError(ErrorCode.NotFound, `incident ${id} not found in tenant ${tenant}`, { id, tenant });
  const { settings } = await loadIncidentSettings(storage, tenant);
  return { ...stored, doc: { ...stored.doc, sla: computeSla(stored.doc, settings.sla, now) } };
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** An incident with its alerts and their events, for the timeline. */
@Injectable()
export class GetIncidentUseCase {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  async execute(tenant: string, id: string): Promise<IncidentDetail> {
    const stored = await readIncident(this.storage, tenant, id);
    const alertIds = stored.doc.alert_ids.slice(0, MAX_TIMELINE_ALERTS);
    const found = await Promise.all(
      alertIds.map((a) => this.storage.getDocument<Alert>(tenant, 'alerts', a)),
    );
    const alerts = found.filter((a): a is StoredDocument<Alert> => !!a).map((a) => a.doc);
    alerts.sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
    const eventIds = [...new Set(alerts.flatMap((a) => a.event_ids ?? []))].slice(0, MAX_TIMELINE_EVENTS);
    const events: StoredEvent[] = [];
    for (let i = 0; i < eventIds.length; i += EVENT_IDS_PER_QUERY) {
      const chunk = eventIds.slice(i, i + EVENT_IDS_PER_QUERY);
      const page = await this.storage.searchEvents(tenant, {
        kql: `event.id:(${chunk.map(quote).join(' OR ')})`,
        size: chunk.length,
        order: 'asc',
      });
      events.push(...page.hits);
    }
    events.sort((a, b) => Date.parse(a.doc['@timestamp']) - Date.parse(b.doc['@timestamp']));
    return {
      incident: stored.doc,
      version: stored.version,
      alerts,
      missing_alert_ids: alertIds.filter((a, i) => !found[i]),
      events,
      truncated: stored.doc.alert_ids.length > alertIds.length || eventIds.length >= MAX_TIMELINE_EVENTS,
    };
  }

  async audit(tenant: string, id: string): Promise<{ id: string; version: string; audit: AuditEntry[] }> {
    const stored = await readIncident(this.storage, tenant, id);
    return { id, version: stored.version, audit: stored.doc.audit };
  }
}
