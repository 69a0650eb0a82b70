import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/incidents/alert-factory.js';
import {
  attachAlert,
  entityKeys,
  joinReason,
  latestTacticRank,
  newIncident,
  normalizeTactic,
} from './grouping.js';
import { DEFAULT_INCIDENT_SETTINGS as S } from './incident-settings.js';
import { incidentRisk } from './risk.js';

const now = new Date('2025-03-10T10:05:00.000Z');

describe('entity keys', () => {
  it('takes the configured kinds only, lower-cased, de-duplicated and sorted', () => {
    const a = makeAlert({
      entities: {
        hosts: ['WEB01', 'web01'],
        users: ['Bob'],
        destination_ips: ['10.0.0.9'],
        source_ips: ['-', ''],
      },
    });
    expect(entityKeys(a, S.group_by).map((k) => k.key)).toEqual(['hosts:web01', 'users:bob']);
    expect(entityKeys(a, ['destination_ips']).map((k) => k.key)).toEqual(['destination_ips:10.0.0.9']);
  });
});

describe('joining an incident', () => {
  const inc = newIncident(
    'inc_1',
    'acme',
    makeAlert({
      event_time: '2025-03-10T10:00:00.000Z',
      attack: { tactics: ['attack.credential-access'], techniques: ['t1110'] },
    }),
    S,
    now,
  );

  it('joins within the window around the incident events, not after it', () => {
    expect(joinReason(inc, makeAlert({ event_time: '2025-03-11T09:59:00.000Z' }), 'hosts', S)).toBe(
      'entity_window',
    );
    expect(joinReason(inc, makeAlert({ event_time: '2025-03-09T10:01:00.000Z' }), 'hosts', S)).toBe(
      'entity_window',
    );
    expect(joinReason(inc, makeAlert({ event_time: '2025-03-11T10:01:00.000Z' }), 'hosts', S)).toBeNull();
    expect(
      joinReason(inc, makeAlert({ event_time: '2025-03-10T10:30:00.000Z' }), 'hosts', {
        ...S,
        window_minutes: 10,
      }),
    ).toBeNull();
  });

  it('follows ATT&CK progression on a host or user beyond the window, not on an IP nor backwards', () => {
    const later = makeAlert({
      event_time: '2025-03-13T10:00:00.000Z',
      attack: { tactics: ['lateral_movement'], techniques: [] },
    });
    const earlier = makeAlert({
      event_time: '2025-03-13T10:00:00.000Z',
      attack: { tactics: ['initial_access'], techniques: [] },
    });
    expect(joinReason(inc, later, 'hosts', S)).toBe('attack_progression');
    expect(joinReason(inc, later, 'users', S)).toBe('attack_progression');
    expect(joinReason(inc, later, 'source_ips', S)).toBeNull();
    expect(joinReason(inc, earlier, 'hosts', S)).toBeNull();
    expect(joinReason(inc, later, 'hosts', { ...S, progression_window_minutes: 0 })).toBeNull();
    expect(joinReason({ ...inc, status: 'resolved' }, makeAlert(), 'hosts', S)).toBeNull();
  });

  it('normalises tactic names and ranks them in kill-chain order', () => {
    expect(normalizeTactic('attack.Credential-Access')).toBe('credential_access');
    expect(latestTacticRank(['execution', 'exfiltration', 'discovery'])).toBe(12);
    expect(latestTacticRank(['t1059'])).toBe(-1);
  });
});

describe('incident aggregates and risk', () => {
  it('aggregates severity, risk, tactics, entities, rules, times and audits the attachment once', () => {
    const first = makeAlert({
      rule: { id: 'spray', title: 'Password spray', risk_type: 'credential_access' },
      severity: 'medium',
      risk_score: 47,
      event_time: '2025-03-10T10:00:00.000Z',
      entities: { hosts: ['dc01'], source_ips: ['203.0.113.9'] },
      attack: { tactics: ['credential_access'], techniques: ['t1110.003'] },
    });
    const second = makeAlert({
      rule: { id: 'lsass', title: 'LSASS access', risk_type: 'credential_access' },
      severity: 'high',
      risk_score: 73,
      event_time: '2025-03-10T11:00:00.000Z',
      detected_at: '2025-03-10T11:00:02.000Z',
      asset_criticality: 'critical',
      entities: { hosts: ['dc01'], users: ['svc-backup'] },
      attack: { tactics: ['credential_access', 'discovery'], techniques: ['t1003.001'] },
    });
    const inc = newIncident('inc_1', 'acme', first, S, now);
    expect(inc).toMatchObject({
      title: 'Password spray on dc01',
      severity: 'medium',
      risk: 47,
      risk_sort: '047',
      alert_count: 1,
    });
    const both = attachAlert(inc, second, 'entity_window', S, now);
    expect(both).toMatchObject({
      title: 'Password spray (+1 related) on dc01',
      severity: 'high',
      severity_rank: 3,
      max_alert_risk: 73,
      asset_criticality: 'critical',
      // (73 + 5 per extra rule + 5 per extra tactic) × 1.5, capped at 100
      risk: 100,
      risk_types: ['credential_access'],
      alert_count: 2,
      first_event_time: '2025-03-10T10:00:00.000Z',
      last_event_time: '2025-03-10T11:00:00.000Z',
      attack: { tactics: ['credential_access', 'discovery'], techniques: ['t1110.003', 't1003.001'] },
      entities: { hosts: ['dc01'], users: ['svc-backup'], source_ips: ['203.0.113.9'] },
    });
    expect(both.audit.at(-1)).toMatchObject({ actor: 'system', action: 'alert_attached' });
    expect(both.audit.at(-1)!.changes).toContainEqual({ field: 'severity', before: 'medium', after: 'high' });
    const again = attachAlert(both, second, 'entity_window', S, now);
    expect(again.alert_count).toBe(2);
    expect(again.audit).toHaveLength(both.audit.length);
  });

  it('scales risk with asset criticality and breadth, within 0–100', () => {
    expect(incidentRisk({ maxAlertRisk: 50, distinctRules: 1, distinctTactics: 1, criticality: null })).toBe(
      50,
    );
    expect(incidentRisk({ maxAlertRisk: 50, distinctRules: 1, distinctTactics: 1, criticality: 'low' })).toBe(
      40,
    );
    expect(
      incidentRisk({ maxAlertRisk: 50, distinctRules: 3, distinctTactics: 2, criticality: 'high' }),
    ).toBe(81);
    expect(
      incidentRisk({ maxAlertRisk: 50, distinctRules: 20, distinctTactics: 10, criticality: null }),
    ).toBe(75);
    expect(
      incidentRisk({ maxAlertRisk: 99, distinctRules: 1, distinctTactics: 1, criticality: 'critical' }),
    ).toBe(100);
  });
});
