import { createHash } from 'node:crypto';
import type { Alert, AlertEntities } from '../../src/detection/alert.model.js';

/** Builds Alert documents as detection writes them (see detection/alert.model.ts), for incidents tests. */
export function makeAlert(
  over: {
    id?: string;
    tenant?: string;
    severity?: Alert['severity'];
    risk_score?: number;
    attack?: Alert['attack'];
    event_ids?: string[];
    event_count?: number;
    event_time?: string;
    last_event_time?: string;
    ingested_at?: string;
    detected_at?: string;
    asset_criticality?: Alert['asset_criticality'];
    entities?: Partial<AlertEntities>;
    rule?: Partial<Alert['rule']>;
  } = {},
): Alert {
  const rule = {
    id: 'r-generic',
    title: 'Generic rule',
    version: 1,
    type: 'signature' as const,
    pack: 'vigie',
    ...over.rule,
  };
  const eventTime = over.event_time ?? '2025-03-10T10:00:00.000Z';
  const eventIds = over.event_ids ?? [
    createHash('sha256')
      .update(`${rule.id}|${eventTime}|${JSON.stringify(over.entities)}`)
      .digest('hex'),
  ];
  const id =
    over.id ??
    createHash('sha256')
      .update(`${over.tenant ?? 'acme'}|${rule.id}|${eventIds.join(',')}`)
      .digest('hex')
      .slice(0, 32);
  return {
    tenant: 'acme',
    severity: 'medium',
    risk_score: 47,
    attack: { tactics: [], techniques: [] },
    event_count: eventIds.length,
    last_event_time: eventTime,
    ingested_at: eventTime,
    detected_at: eventTime,
    suppressed_count: 0,
    ...over,
    id,
    rule,
    event_ids: eventIds,
    event_time: eventTime,
    entities: {
      hosts: [],
      users: [],
      source_ips: [],
      destination_ips: [],
      processes: [],
      file_hashes: [],
      ...over.entities,
    },
  };
}
