/**
 * Pure grouping rules: which entity keys an alert has, whether an alert joins an open incident, and how an
 * incident's aggregates change when an alert is attached. The storage protocol around them is incident-grouper.ts.
 */
import { createHash } from 'node:crypto';
import type { Alert, AlertEntities } from '../detection/alert.model.js';
import type { AuditChange, Incident, IncidentTimestamps } from './incident.model.js';
import { OPEN_STATUSES } from './incident.model.js';
import type { EntityKind, IncidentSettings } from './incident-settings.js';
import { incidentRisk, maxCriticality, maxSeverity, severityRank } from './risk.js';
import { computeSla } from './sla.js';
import { ATTACK_TACTICS } from '../detection/rule-meta.js';

/** ATT&CK enterprise tactics in kill-chain order (the order detection lists them in). */
const TACTIC_ORDER = ATTACK_TACTICS;

/** `attack.Credential-Access`, `credential access`, `TA0006`-less names → `credential_access`. */
export function normalizeTactic(tactic: string): string {
  return tactic
    .trim()
    .toLowerCase()
    .replace(/^attack\./, '')
    .replace(/[\s-]+/g, '_');
}

/** Kill-chain rank of the latest tactic (−1 when none is known). */
export function latestTacticRank(tactics: readonly string[]): number {
  return Math.max(
    -1,
    ...tactics.map((t) => TACTIC_ORDER.indexOf(normalizeTactic(t) as (typeof TACTIC_ORDER)[number])),
  );
}

/** Entity kinds on which ATT&CK progression is followed. */
const PROGRESSION_KINDS: readonly EntityKind[] = ['hosts', 'users'];

export interface EntityKey {
  kind: EntityKind;
  value: string;
  /** `<kind>:<lower-cased value>`. */
  key: string;
}

/** The alert's grouping keys (configured kinds only), de-duplicated and sorted so every worker visits them in the same order. */
export function entityKeys(alert: Pick<Alert, 'entities'>, groupBy: readonly EntityKind[]): EntityKey[] {
  const out = new Map<string, EntityKey>();
  for (const kind of groupBy) {
    for (const raw of alert.entities?.[kind] ?? []) {
      const value = String(raw).trim();
      if (!value || value === '-') continue;
      const key = `${kind}:${value.toLowerCase()}`;
      out.set(key, { kind, value, key });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Storage id of an entity's index document (hash: values may hold any character). */
export function keyDocId(key: string): string {
  return 'k_' + createHash('sha256').update(key).digest('hex').slice(0, 40);
}

/** Deterministic id of the incident an alert opens, so a retried batch creates the same incident. */
export function incidentIdFor(tenant: string, alertId: string): string {
  return 'inc_' + createHash('sha256').update(`${tenant}\u0000${alertId}`).digest('hex').slice(0, 24);
}

export type JoinReason = 'entity_window' | 'attack_progression';

/**
 * Whether `alert` joins `incident` through an entity of kind `kind` they share: the incident must be open, and
 * the alert within `window_minutes` of the incident's events, or — on a host or user — of a later ATT&CK tactic
 * than the incident's latest, within `progression_window_minutes` after its last event.
 */
export function joinReason(
  incident: Pick<Incident, 'status' | 'first_event_time' | 'last_event_time' | 'attack'>,
  alert: Pick<Alert, 'event_time' | 'attack'>,
  kind: EntityKind,
  settings: Pick<IncidentSettings, 'window_minutes' | 'progression_window_minutes'>,
): JoinReason | null {
  if (!OPEN_STATUSES.includes(incident.status)) return null;
  const t = Date.parse(alert.event_time);
  const first = Date.parse(incident.first_event_time);
  const last = Date.parse(incident.last_event_time);
  const w = settings.window_minutes * 60_000;
  if (t >= first - w && t <= last + w) return 'entity_window';
  if (
    settings.progression_window_minutes > 0 &&
    PROGRESSION_KINDS.includes(kind) &&
    t > last &&
    t <= last + settings.progression_window_minutes * 60_000 &&
    latestTacticRank(alert.attack?.tactics ?? []) > latestTacticRank(incident.attack.tactics)
  ) {
    return 'attack_progression';
  }
  return null;
}

const union = (a: readonly string[], b: readonly string[] | undefined): string[] => [
  ...new Set([...a, ...(b ?? [])]),
];
const minIso = (a: string, b: string) => (Date.parse(b) < Date.parse(a) ? b : a);
const maxIso = (a: string, b: string) => (Date.parse(b) > Date.parse(a) ? b : a);

/** Union ignoring case (`WEB01` and `web01` are one host), keeping the first spelling seen. */
function unionNoCase(a: readonly string[], b: readonly string[] | undefined): string[] {
  const seen = new Map(a.map((v) => [v.toLowerCase(), v]));
  for (const v of b ?? []) if (v && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

function mergeEntities(a: AlertEntities, b: Partial<AlertEntities> | undefined): AlertEntities {
  return {
    hosts: unionNoCase(a.hosts, b?.hosts),
    users: unionNoCase(a.users, b?.users),
    source_ips: unionNoCase(a.source_ips, b?.source_ips),
    destination_ips: unionNoCase(a.destination_ips, b?.destination_ips),
    processes: unionNoCase(a.processes, b?.processes),
    file_hashes: unionNoCase(a.file_hashes, b?.file_hashes),
  };
}

/** The main entity an incident is about, for its title. */
function primaryEntity(e: AlertEntities): string | undefined {
  return e.hosts[0] ?? e.users[0] ?? e.source_ips[0] ?? e.destination_ips[0];
}

function titleOf(incident: Pick<Incident, 'rules' | 'entities'>): string {
  const first = incident.rules[0]?.title ?? 'Incident';
  const more = incident.rules.length > 1 ? ` (+${incident.rules.length - 1} related)` : '';
  const on = primaryEntity(incident.entities);
  return `${first}${more}${on ? ` on ${on}` : ''}`;
}

/** Recomputes the derived fields (title, risk, sort keys, SLA) of an incident. */
export function refreshDerived(
  incident: Incident,
  settings: Pick<IncidentSettings, 'sla'>,
  now: Date,
): Incident {
  incident.title = titleOf(incident);
  incident.risk = incidentRisk({
    maxAlertRisk: incident.max_alert_risk,
    distinctRules: incident.rules.length,
    distinctTactics: incident.attack.tactics.length,
    criticality: incident.asset_criticality,
  });
  incident.risk_sort = String(incident.risk).padStart(3, '0');
  incident.severity_rank = severityRank(incident.severity);
  incident.sla = computeSla(incident, settings.sla, now);
  return incident;
}

/** A new incident opened by `alert`. */
export function newIncident(
  id: string,
  tenant: string,
  alert: Alert,
  settings: IncidentSettings,
  now: Date,
): Incident {
  const at = now.toISOString();
  const timestamps: IncidentTimestamps = {
    new_at: at,
    acknowledged_at: null,
    in_progress_at: null,
    resolved_at: null,
    closed_at: null,
    reopened_at: null,
  };
  const incident: Incident = {
    id,
    tenant,
    title: '',
    status: 'new',
    severity: alert.severity,
    risk: 0,
    risk_sort: '000',
    severity_rank: 0,
    risk_types: alert.rule.risk_type ? [alert.rule.risk_type] : [],
    max_alert_risk: alert.risk_score ?? 0,
    asset_criticality: alert.asset_criticality ?? null,
    attack: {
      tactics: union([], alert.attack?.tactics.map(normalizeTactic)),
      techniques: union([], alert.attack?.techniques),
    },
    entities: mergeEntities(
      { hosts: [], users: [], source_ips: [], destination_ips: [], processes: [], file_hashes: [] },
      alert.entities,
    ),
    rules: [{ id: alert.rule.id, title: alert.rule.title }],
    alert_ids: [alert.id],
    alert_count: 1,
    event_count: alert.event_count ?? alert.event_ids?.length ?? 0,
    first_event_time: alert.event_time,
    last_event_time: alert.last_event_time ?? alert.event_time,
    first_detected_at: alert.detected_at,
    created_at: at,
    updated_at: at,
    timestamps,
    transitions: [],
    verdict: null,
    assignee: null,
    comments: [],
    evidence: [],
    sla: undefined as unknown as Incident['sla'],
    audit: [
      {
        at,
        actor: 'system',
        action: 'created',
        changes: [
          { field: 'status', before: null, after: 'new' },
          { field: 'alert_ids', before: null, after: alert.id },
        ],
      },
    ],
  };
  return refreshDerived(incident, settings, now);
}

/** A copy of `incident` with `alert` attached (aggregates updated, audited); unchanged copy if already attached. */
export function attachAlert(
  incident: Incident,
  alert: Alert,
  reason: JoinReason,
  settings: IncidentSettings,
  now: Date,
): Incident {
  const next: Incident = structuredClone(incident);
  if (next.alert_ids.includes(alert.id)) return next;
  const at = now.toISOString();
  next.alert_ids.push(alert.id);
  next.alert_count = next.alert_ids.length;
  next.event_count += alert.event_count ?? alert.event_ids?.length ?? 0;
  const severityBefore = next.severity;
  next.severity = maxSeverity(next.severity, alert.severity);
  next.max_alert_risk = Math.max(next.max_alert_risk, alert.risk_score ?? 0);
  next.asset_criticality = maxCriticality(next.asset_criticality, alert.asset_criticality);
  if (alert.rule.risk_type) next.risk_types = union(next.risk_types, [alert.rule.risk_type]);
  next.attack = {
    tactics: union(next.attack.tactics, alert.attack?.tactics.map(normalizeTactic)),
    techniques: union(next.attack.techniques, alert.attack?.techniques),
  };
  next.entities = mergeEntities(next.entities, alert.entities);
  if (!next.rules.some((r) => r.id === alert.rule.id))
    next.rules.push({ id: alert.rule.id, title: alert.rule.title });
  next.first_event_time = minIso(next.first_event_time, alert.event_time);
  next.last_event_time = maxIso(next.last_event_time, alert.last_event_time ?? alert.event_time);
  next.first_detected_at = minIso(next.first_detected_at, alert.detected_at);
  next.updated_at = at;
  const riskBefore = next.risk;
  refreshDerived(next, settings, now);
  const changes: AuditChange[] = [
    { field: 'alert_ids', before: null, after: alert.id },
    { field: 'join_reason', before: null, after: reason },
  ];
  if (severityBefore !== next.severity)
    changes.push({ field: 'severity', before: severityBefore, after: next.severity });
  if (riskBefore !== next.risk)
    changes.push({ field: 'risk', before: String(riskBefore), after: String(next.risk) });
  next.audit.push({ at, actor: 'system', action: 'alert_attached', changes });
  return next;
}
