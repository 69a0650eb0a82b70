/**
 * The alert document (collection `alerts`), written by detection and read by incidents, KPIs and the workbench.
 * Every timestamp the KPIs need is recorded here: event time, ingest time, detection time.
 */

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** Where a detection comes from: a Sigma rule, a correlation of rules, or a behavioural baseline. */
export type DetectionType = 'signature' | 'correlation' | 'statistical';

export interface AlertEntities {
  hosts: string[];
  users: string[];
  source_ips: string[];
  destination_ips: string[];
  processes: string[];
  file_hashes: string[];
}

export interface Alert extends Record<string, unknown> {
  /** Deterministic (tenant, rule, version, contributing events or window), so a retried batch rewrites the same alert. */
  id: string;
  tenant: string;
  rule: {
    id: string;
    title: string;
    version: number;
    type: DetectionType;
    /** The rule pack it came from (`vigie`, `sigmahq`, an imported folder's name…). */
    pack: string;
    /** Risk category of the catalogue (e.g. `credential_access`, `exfiltration`), for KPIs. */
    risk_type?: string;
  };
  severity: Severity;
  /** 0–100, from the rule's level or override and the assets involved. */
  risk_score: number;
  attack: { tactics: string[]; techniques: string[] };
  entities: AlertEntities;
  event_ids: string[];
  event_count: number;
  /** `@timestamp` of the first and last contributing events. */
  event_time: string;
  last_event_time: string;
  /** Earliest `event.ingested` of the contributing events. */
  ingested_at: string;
  detected_at: string;
  /** Matches folded into this alert by suppression (same group-by values within the window). */
  suppressed_count: number;
  /** Highest `vigie.asset.criticality` among the hosts involved (from the tenant's asset inventory). */
  asset_criticality?: 'low' | 'medium' | 'high' | 'critical';
  /** Baseline detectors: observed value, expected range, statistics, score, top features. */
  evidence?: Record<string, unknown>;
  incident_id?: string;
}
