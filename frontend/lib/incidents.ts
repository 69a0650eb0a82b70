/** Client for the incidents API (same origin). Every change sends the version the analyst read. */
const BASE = process.env.NEXT_PUBLIC_VIGIE_API ?? '';

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'new' | 'acknowledged' | 'in_progress' | 'resolved' | 'closed';
export type VerdictValue = 'true_positive' | 'false_positive' | 'benign_true_positive';
export const STATUSES: IncidentStatus[] = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'];
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'informational'];
export const VERDICT_LABELS: Record<VerdictValue, string> = {
  true_positive: 'True positive',
  false_positive: 'False positive',
  benign_true_positive: 'Benign true positive',
};
/** Allowed next statuses (mirrors the server's lifecycle; the server enforces it). */
export const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  new: ['acknowledged', 'closed'],
  acknowledged: ['in_progress', 'resolved', 'closed'],
  in_progress: ['resolved', 'closed'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export interface Entities {
  hosts: string[];
  users: string[];
  source_ips: string[];
  destination_ips: string[];
  processes: string[];
  file_hashes: string[];
}

export interface Sla {
  acknowledge_due: string;
  resolve_due: string;
  acknowledge_breached: boolean;
  resolve_breached: boolean;
}

export interface Verdict {
  value: VerdictValue;
  reason: string | null;
  by: string;
  at: string;
}

export interface IncidentSummary {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  risk: number;
  risk_types: string[];
  assignee: string | null;
  alert_count: number;
  entities: Entities;
  attack: { tactics: string[]; techniques: string[] };
  sla: Sla;
  verdict: Verdict | null;
  first_event_time: string;
  last_event_time: string;
  created_at: string;
  updated_at: string;
  version: string;
}

export interface Incident extends Omit<IncidentSummary, 'version'> {
  timestamps: Record<string, string | null>;
  transitions: { from: string; to: string; at: string; by: string }[];
  comments: { id: string; author: string; at: string; text: string }[];
  evidence: { id: string; url: string; label: string; added_by: string; added_at: string }[];
  audit: {
    at: string;
    actor: string;
    action: string;
    changes: { field: string; before: string | null; after: string | null }[];
  }[];
  rules: { id: string; title: string }[];
  alert_ids: string[];
}

export interface Alert {
  id: string;
  rule: { id: string; title: string; type: string };
  severity: Severity;
  risk_score: number;
  attack: { tactics: string[]; techniques: string[] };
  entities: Entities;
  event_ids: string[];
  event_time: string;
  detected_at: string;
  suppressed_count: number;
}

export interface IncidentDetail {
  incident: Incident;
  version: string;
  alerts: Alert[];
  events: { id: string; doc: Record<string, any> & { '@timestamp': string } }[];
  truncated: boolean;
}

export interface IncidentPage {
  items: IncidentSummary[];
  total: number;
  cursor?: string;
  counts: { status: Record<IncidentStatus, number>; severity: Record<Severity, number> };
}

export interface Filters {
  status: IncidentStatus[];
  severity: Severity[];
  assignee: string;
  risk_type: string;
  sort: 'created_at' | 'updated_at' | 'last_event_time' | 'risk' | 'severity';
  order: 'asc' | 'desc';
}

/** An API error; `conflict` is set when someone else changed the incident since it was read (HTTP 409). */
export class IncidentApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly conflict = false,
  ) {
    super(message);
  }
}

/** The analyst name sent as X-Vigie-User (remembered in this browser). */
export function currentUser(): string {
  if (typeof window === 'undefined') return 'analyst';
  return window.localStorage.getItem('vigie.user') || 'analyst';
}

export function setCurrentUser(name: string): void {
  window.localStorage.setItem('vigie.user', name.trim() || 'analyst');
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(BASE + path, { cache: 'no-store', ...init });
  const body = await res.json().catch(() => undefined);
  if (!res.ok)
    throw new IncidentApiError(
      body?.error?.message ?? `${res.status} ${res.statusText}`,
      res.status,
      res.status === 409,
    );
  return body as T;
}

export function listIncidents(f: Filters, size = 100): Promise<IncidentPage> {
  const p = new URLSearchParams({ sort: f.sort, order: f.order, size: String(size) });
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.severity.length) p.set('severity', f.severity.join(','));
  if (f.assignee.trim()) p.set('assignee', f.assignee.trim());
  if (f.risk_type.trim()) p.set('risk_type', f.risk_type.trim());
  return call(`/api/incidents?${p}`);
}

export const getIncident = (id: string) => call<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`);

const post = <T>(id: string, action: string, body: unknown) =>
  call<T>(`/api/incidents/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-vigie-user': currentUser() },
  });

type Changed = { incident: Incident; version: string };
export const transition = (
  id: string,
  version: string,
  to: IncidentStatus,
  verdict?: VerdictValue,
  reason?: string,
) => post<Changed>(id, 'transition', { to, verdict, reason: reason || undefined, version });
export const assign = (id: string, version: string, assignee: string | null) =>
  post<Changed>(id, 'assign', { assignee, version });
export const comment = (id: string, version: string, text: string) =>
  post<Changed>(id, 'comments', { text, version });
export const addEvidence = (id: string, version: string, url: string, label: string) =>
  post<Changed>(id, 'evidence', { url, label, version });

export function statusLabel(s: string): string {
  return s.replace('_', ' ');
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
