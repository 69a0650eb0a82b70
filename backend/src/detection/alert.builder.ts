/**
 * Builds alert documents from matched events: deterministic ids, entities, ATT&CK tags, severity and risk score
 * (raised by the asset criticality enrichment put on the events), and the three timestamps the KPIs need.
 */
import { createHash } from 'node:crypto';
import type { StoredEvent } from '../events/event.model.js';
import type { Alert, AlertEntities } from './alert.model.js';
import type { EffectiveRule } from './effective-rules.js';
import { fieldValues } from './event-fields.js';
import { riskScore } from './rule-meta.js';

const CRITICALITY_RANK = ['low', 'medium', 'high', 'critical'] as const;
type Criticality = (typeof CRITICALITY_RANK)[number];

export function alertId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

export function emptyEntities(): AlertEntities {
  return { hosts: [], users: [], source_ips: [], destination_ips: [], processes: [], file_hashes: [] };
}

const ENTITY_FIELDS: Record<keyof AlertEntities, string[]> = {
  hosts: ['host.name'],
  users: ['user.name', 'user.target.name'],
  source_ips: ['source.ip'],
  destination_ips: ['destination.ip'],
  processes: ['process.executable', 'process.name'],
  file_hashes: [
    'file.hash.sha256',
    'file.hash.sha1',
    'file.hash.md5',
    'process.hash.sha256',
    'process.hash.sha1',
    'process.hash.md5',
  ],
};

/** Adds an event's entities (distinct, at most 50 per kind). */
export function addEntities(into: AlertEntities, doc: unknown): AlertEntities {
  for (const [kind, fields] of Object.entries(ENTITY_FIELDS) as [keyof AlertEntities, string[]][]) {
    const list = into[kind];
    for (const f of fields) {
      // the process: its executable path when known, its name otherwise
      if (kind === 'processes' && f === 'process.name' && fieldValues(doc, 'process.executable').length)
        continue;
      for (const v of fieldValues(doc, f)) if (v && !list.includes(v) && list.length < 50) list.push(v);
    }
  }
  return into;
}

export function criticalityOf(docs: unknown[]): Criticality | undefined {
  let best = -1;
  for (const d of docs)
    for (const v of fieldValues(d, 'vigie.asset.criticality'))
      best = Math.max(best, CRITICALITY_RANK.indexOf(v.toLowerCase() as Criticality));
  return best >= 0 ? CRITICALITY_RANK[best] : undefined;
}

function isoOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? new Date(value).toISOString()
    : fallback;
}

export function eventTime(e: StoredEvent): string {
  return isoOr(e.doc['@timestamp'], new Date(0).toISOString());
}

/** An alert for one rule over some events (one for a signature match; the window's events for a correlation). */
export function buildAlert(
  tenant: string,
  rule: EffectiveRule,
  id: string,
  events: StoredEvent[],
  opts: {
    detectedAt: string;
    eventIds?: string[];
    eventCount?: number;
    firstMs?: number;
    lastMs?: number;
    evidence?: Record<string, unknown>;
  },
): Alert {
  const times = events.map(eventTime).sort();
  const ingested = events.map((e) => isoOr(e.doc.event?.ingested, opts.detectedAt)).sort();
  const entities = emptyEntities();
  for (const e of events) addEntities(entities, e.doc);
  const criticality = criticalityOf(events.map((e) => e.doc));
  const first =
    opts.firstMs !== undefined ? new Date(opts.firstMs).toISOString() : (times[0] ?? opts.detectedAt);
  const last =
    opts.lastMs !== undefined
      ? new Date(opts.lastMs).toISOString()
      : (times[times.length - 1] ?? opts.detectedAt);
  const alert: Alert = {
    id,
    tenant,
    rule: {
      id: rule.id,
      title: rule.title,
      version: rule.version,
      type: rule.type,
      pack: rule.pack,
      risk_type: rule.risk_type,
    },
    severity: rule.severity,
    risk_score: riskScore(rule.severity, rule.risk_score, criticality),
    attack: { tactics: [...rule.attack.tactics], techniques: [...rule.attack.techniques] },
    entities,
    event_ids: opts.eventIds ?? events.map((e) => e.id),
    event_count: opts.eventCount ?? events.length,
    event_time: first,
    last_event_time: last,
    ingested_at: ingested[0] ?? opts.detectedAt,
    detected_at: opts.detectedAt,
    suppressed_count: 0,
  };
  if (criticality) alert.asset_criticality = criticality;
  if (opts.evidence) alert.evidence = opts.evidence;
  return alert;
}
