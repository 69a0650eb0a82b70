import { Inject, Injectable } from '@nestjs/common';
import { SEVERITIES, type Severity } from '../detection/alert.model.js';
import type { StoragePort } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import {
  INCIDENT_STATUSES,
  summarize,
  type Incident,
  type IncidentStatus,
  type IncidentSummary,
} from './incident.model.js';
import { loadIncidentSettings } from './incident-settings.js';
import { computeSla } from './sla.js';

export const INCIDENT_SORTS = ['created_at', 'updated_at', 'last_event_time', 'risk', 'severity'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];
const SORT_FIELD: Record<IncidentSort, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  last_event_time: 'last_event_time',
  risk: 'risk_sort',
  severity: 'severity_rank',
};

export interface IncidentFilters {
  status?: IncidentStatus[];
  severity?: Severity[];
  /** An analyst, or `none` for unassigned incidents. */
  assignee?: string;
  risk_type?: string;
  /** An entity value (host, user, IP…) the incident involves. */
  entity?: string;
}

export interface ListIncidentsQuery extends IncidentFilters {
  sort?: IncidentSort;
  order?: 'asc' | 'desc';
  size?: number;
  cursor?: string;
}

export interface IncidentPage {
  items: IncidentSummary[];
  total: number;
  cursor?: string;
  /** Per status under the other filters, and per severity under the other filters: the queue's counters. */
  counts: { status: Record<IncidentStatus, number>; severity: Record<Severity, number> };
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const anyOf = (field: string, values: readonly string[]) => `${field}:(${values.map(quote).join(' OR ')})`;

/** KQL over incident documents for the filters, leaving one dimension out (for its counters). */
export function filtersToKql(f: IncidentFilters, omit?: 'status' | 'severity'): string {
  const parts: string[] = [];
  if (f.status?.length && omit !== 'status') parts.push(anyOf('status', f.status));
  if (f.severity?.length && omit !== 'severity') parts.push(anyOf('severity', f.severity));
  if (f.assignee) parts.push(f.assignee === 'none' ? 'NOT assignee:*' : `assignee:${quote(f.assignee)}`);
  if (f.risk_type) parts.push(`risk_types:${quote(f.risk_type)}`);
  if (f.entity) {
    const fields = ['hosts', 'users', 'source_ips', 'destination_ips', 'processes', 'file_hashes'];
    parts.push(`(${fields.map((x) => `entities.${x}:${quote(f.entity!)}`).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** The incident queue: filtered, sorted, paginated summaries with counters per status and severity. */
@Injectable()
export class ListIncidentsUseCase {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  async execute(tenant: string, q: ListIncidentsQuery, now = new Date()): Promise<IncidentPage> {
    const { settings } = await loadIncidentSettings(this.storage, tenant);
    const page = await this.storage.listDocuments<Incident>(tenant, 'incidents', {
      kql: filtersToKql(q),
      sortBy: SORT_FIELD[q.sort ?? 'created_at'],
      order: q.order ?? 'desc',
      size: q.size ?? 50,
      cursor: q.cursor,
    });
    const count = async (kql: string) =>
      (await this.storage.listDocuments(tenant, 'incidents', { kql, size: 1 })).total;
    const byStatus = filtersToKql(q, 'status');
    const bySeverity = filtersToKql(q, 'severity');
    const and = (base: string, extra: string) => (base ? `${base} AND ${extra}` : extra);
    const statusCounts = await Promise.all(INCIDENT_STATUSES.map((s) => count(and(byStatus, `status:${s}`))));
    const severityCounts = await Promise.all(SEVERITIES.map((s) => count(and(bySeverity, `severity:${s}`))));
    return {
      items: page.items.map((d) =>
        summarize({ ...d.doc, sla: computeSla(d.doc, settings.sla, now) }, d.version),
      ),
      total: page.total,
      cursor: page.cursor,
      counts: {
        status: Object.fromEntries(INCIDENT_STATUSES.map((s, i) => [s, statusCounts[i]])) as Record<
          IncidentStatus,
          number
        >,
        severity: Object.fromEntries(SEVERITIES.map((s, i) => [s, severityCounts[i]])) as Record<
          Severity,
          number
        >,
      },
    };
  }
}
