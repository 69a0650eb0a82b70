/**
 * The incident document (collection `incidents`). KPIs compute time to detect / acknowledge / resolve and the
 * false-positive rate from exactly these fields, so every transition time and every verdict is recorded.
 */
import type { AlertEntities, Severity } from '../detection/alert.model.js';

export type IncidentStatus = 'new' | 'acknowledged' | 'in_progress' | 'resolved' | 'closed';
export const INCIDENT_STATUSES: readonly IncidentStatus[] = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
];
/** Statuses in which an incident still takes new alerts. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['new', 'acknowledged', 'in_progress'];

export type VerdictValue = 'true_positive' | 'false_positive' | 'benign_true_positive';
export const VERDICTS: readonly VerdictValue[] = ['true_positive', 'false_positive', 'benign_true_positive'];

export interface Verdict extends Record<string, unknown> {
  value: VerdictValue;
  /** Required for `false_positive`. */
  reason: string | null;
  by: string;
  at: string;
}

/** The last time each status was entered (`acknowledged_at` keeps the first acknowledgement, for time to acknowledge). */
export interface IncidentTimestamps extends Record<string, unknown> {
  new_at: string;
  acknowledged_at: string | null;
  in_progress_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopened_at: string | null;
}

export interface Transition extends Record<string, unknown> {
  from: IncidentStatus;
  to: IncidentStatus;
  at: string;
  by: string;
}

export interface Comment extends Record<string, unknown> {
  id: string;
  author: string;
  at: string;
  text: string;
}

export interface EvidenceLink extends Record<string, unknown> {
  id: string;
  url: string;
  label: string;
  added_by: string;
  added_at: string;
}

/** One field change; values are rendered as strings so every audit entry has the same shape in every store. */
export interface AuditChange extends Record<string, unknown> {
  field: string;
  before: string | null;
  after: string | null;
}

export interface AuditEntry extends Record<string, unknown> {
  at: string;
  actor: string;
  action: 'created' | 'alert_attached' | 'transition' | 'assign' | 'comment' | 'evidence';
  changes: AuditChange[];
}

export interface SlaState extends Record<string, unknown> {
  /** Targets in minutes for the incident's current severity. */
  acknowledge_minutes: number;
  resolve_minutes: number;
  acknowledge_due: string;
  resolve_due: string;
  /** Acknowledged (or, if not yet, now) after the due time. */
  acknowledge_breached: boolean;
  /** Resolved/closed (or, if not yet, now) after the due time. */
  resolve_breached: boolean;
  /** When the flags were computed (they change with time while the incident is open). */
  computed_at: string;
}

export interface IncidentRule extends Record<string, unknown> {
  id: string;
  title: string;
}

export interface Incident extends Record<string, unknown> {
  id: string;
  tenant: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  /** 0–100, see risk.ts. */
  risk: number;
  /** `risk` zero-padded to 3 digits: sorts the same as a number in every store. */
  risk_sort: string;
  /** 0 (informational) … 4 (critical), for sorting. */
  severity_rank: number;
  risk_types: string[];
  /** Highest risk score of the alerts. */
  max_alert_risk: number;
  asset_criticality: 'low' | 'medium' | 'high' | 'critical' | null;
  attack: { tactics: string[]; techniques: string[] };
  entities: AlertEntities;
  rules: IncidentRule[];
  alert_ids: string[];
  alert_count: number;
  /** Sum of the alerts' event counts. */
  event_count: number;
  first_event_time: string;
  last_event_time: string;
  /** Earliest detection time of its alerts (time to detect = first_detected_at − first_event_time). */
  first_detected_at: string;
  created_at: string;
  updated_at: string;
  timestamps: IncidentTimestamps;
  transitions: Transition[];
  verdict: Verdict | null;
  assignee: string | null;
  comments: Comment[];
  evidence: EvidenceLink[];
  sla: SlaState;
  audit: AuditEntry[];
}

/** What `GET /api/incidents` and `vigie incidents list --json` return per incident. */
export interface IncidentSummary {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  risk: number;
  risk_types: string[];
  assignee: string | null;
  alert_count: number;
  entities: AlertEntities;
  attack: { tactics: string[]; techniques: string[] };
  sla: SlaState;
  verdict: Verdict | null;
  first_event_time: string;
  last_event_time: string;
  created_at: string;
  updated_at: string;
  version: string;
}

export function summarize(incident: Incident, version: string): IncidentSummary {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    risk: incident.risk,
    risk_types: incident.risk_types,
    assignee: incident.assignee,
    alert_count: incident.alert_count,
    entities: incident.entities,
    attack: incident.attack,
    sla: incident.sla,
    verdict: incident.verdict,
    first_event_time: incident.first_event_time,
    last_event_time: incident.last_event_time,
    created_at: incident.created_at,
    updated_at: incident.updated_at,
    version,
  };
}
