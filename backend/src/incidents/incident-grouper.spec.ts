/** The grouping sink on the real embedded store (DuckDB in memory), including two workers racing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/incidents/alert-factory.js';
import { DuckDbStorageAdapter } from '../storage/duckdb/duckdb-storage.adapter.js';
import type { StoragePort } from '../storage/storage.port.js';
import { IncidentGrouper } from './incident-grouper.js';
import type { Incident } from './incident.model.js';
import { SETTINGS_DOC_ID } from './incident-settings.js';

let storage: StoragePort;
beforeEach(async () => {
  storage = new DuckDbStorageAdapter(':memory:');
  await storage.init();
});
afterEach(async () => storage.close());

const incidents = async (tenant = 'acme') =>
  (await storage.listDocuments<Incident>(tenant, 'incidents', { size: 100, sortBy: 'created_at' })).items.map(
    (d) => d.doc,
  );

describe('IncidentGrouper', () => {
  it('groups alerts sharing a host within the window and keeps others apart', async () => {
    const g = new IncidentGrouper(storage);
    await g.onAlerts('acme', [
      makeAlert({
        rule: { id: 'a' },
        entities: { hosts: ['web01'] },
        event_time: '2025-03-10T10:00:00.000Z',
      }),
      makeAlert({
        rule: { id: 'b' },
        entities: { hosts: ['WEB01'], users: ['bob'] },
        event_time: '2025-03-10T12:00:00.000Z',
      }),
      makeAlert({ rule: { id: 'c' }, entities: { users: ['bob'] }, event_time: '2025-03-10T13:00:00.000Z' }),
      makeAlert({ rule: { id: 'd' }, entities: { hosts: ['db02'] }, event_time: '2025-03-10T10:30:00.000Z' }),
      makeAlert({
        rule: { id: 'e' },
        entities: { hosts: ['web01'] },
        event_time: '2025-03-12T10:00:00.000Z',
      }),
    ]);
    const all = await incidents();
    expect(all.map((i) => [i.entities.hosts.join(','), i.alert_count]).sort()).toEqual([
      ['db02', 1],
      ['web01', 1],
      ['web01', 3],
    ]);
    const big = all.find((i) => i.alert_count === 3)!;
    expect(big.rules.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(big.entities.users).toEqual(['bob']);
  });

  it('follows ATT&CK progression on a host beyond the window', async () => {
    const g = new IncidentGrouper(storage);
    await g.onAlerts('acme', [
      makeAlert({
        rule: { id: 'spray' },
        entities: { hosts: ['dc01'] },
        attack: { tactics: ['credential_access'], techniques: [] },
        event_time: '2025-03-10T10:00:00.000Z',
      }),
      makeAlert({
        rule: { id: 'psexec' },
        entities: { hosts: ['dc01'] },
        attack: { tactics: ['lateral_movement'], techniques: [] },
        event_time: '2025-03-12T10:00:00.000Z',
      }),
    ]);
    const all = await incidents();
    expect(all).toHaveLength(1);
    expect(all[0].audit.at(-1)!.changes).toContainEqual({
      field: 'join_reason',
      before: null,
      after: 'attack_progression',
    });
  });

  it('opens a new incident once the previous one is closed', async () => {
    const g = new IncidentGrouper(storage);
    await g.onAlerts('acme', [makeAlert({ rule: { id: 'a' }, entities: { hosts: ['web01'] } })]);
    const [first] = (await storage.listDocuments<Incident>('acme', 'incidents')).items;
    await storage.putDocument(
      'acme',
      'incidents',
      first.id,
      { ...first.doc, status: 'closed' },
      { ifVersion: first.version },
    );
    await g.onAlerts('acme', [
      makeAlert({
        rule: { id: 'b' },
        entities: { hosts: ['web01'] },
        event_time: '2025-03-10T10:10:00.000Z',
      }),
    ]);
    const all = await incidents();
    expect(all.map((i) => `${i.status}:${i.alert_count}`).sort()).toEqual(['closed:1', 'new:1']);
  });

  it('attaches a redelivered alert once, and records the incident on the stored alert', async () => {
    const g = new IncidentGrouper(storage);
    const a = makeAlert({ entities: { hosts: ['web01'] } });
    const b = makeAlert({
      rule: { id: 'other' },
      entities: { hosts: ['web01'] },
      event_time: '2025-03-10T10:01:00.000Z',
    });
    await storage.putDocument('acme', 'alerts', b.id, b);
    await g.onAlerts('acme', [a, b]);
    await g.onAlerts('acme', [b, a]);
    await new IncidentGrouper(storage).onAlerts('acme', [a]);
    const all = await incidents();
    expect(all).toHaveLength(1);
    expect(all[0].alert_ids.sort()).toEqual([a.id, b.id].sort());
    expect(all[0].audit.filter((e) => e.action === 'alert_attached')).toHaveLength(1);
    expect((await storage.getDocument('acme', 'alerts', b.id))?.doc.incident_id).toBe(all[0].id);
  });

  it('groups by the tenant settings (entities, window)', async () => {
    await storage.putDocument('acme', 'config', SETTINGS_DOC_ID, {
      group_by: ['source_ips'],
      window_minutes: 30,
    });
    const g = new IncidentGrouper(storage);
    await g.onAlerts('acme', [
      makeAlert({
        rule: { id: 'a' },
        entities: { hosts: ['h1'], source_ips: ['203.0.113.9'] },
        event_time: '2025-03-10T10:00:00.000Z',
      }),
      makeAlert({
        rule: { id: 'b' },
        entities: { hosts: ['h2'], source_ips: ['203.0.113.9'] },
        event_time: '2025-03-10T10:20:00.000Z',
      }),
      makeAlert({ rule: { id: 'c' }, entities: { hosts: ['h1'] }, event_time: '2025-03-10T10:21:00.000Z' }),
      makeAlert({
        rule: { id: 'd' },
        entities: { source_ips: ['203.0.113.9'] },
        event_time: '2025-03-10T11:30:00.000Z',
      }),
    ]);
    expect((await incidents()).map((i) => i.alert_count).sort()).toEqual([1, 1, 2]);
  });

  it('keeps tenants apart', async () => {
    const g = new IncidentGrouper(storage);
    await g.onAlerts('acme', [makeAlert({ entities: { hosts: ['web01'] } })]);
    await g.onAlerts('globex', [makeAlert({ tenant: 'globex', entities: { hosts: ['web01'] } })]);
    expect(await incidents('acme')).toHaveLength(1);
    expect(await incidents('globex')).toHaveLength(1);
  });

  it('two workers filing alerts of the same entities at once create one incident with every alert', async () => {
    const w1 = new IncidentGrouper(storage);
    const w2 = new IncidentGrouper(storage);
    const alerts = Array.from({ length: 24 }, (_, i) =>
      makeAlert({
        rule: { id: `r${i % 6}` },
        event_time: new Date(Date.parse('2025-03-10T10:00:00.000Z') + i * 60_000).toISOString(),
        entities:
          i % 2
            ? { hosts: ['web01'], users: ['bob'] }
            : { users: ['bob'], hosts: ['web01'], source_ips: [`10.0.0.${i}`] },
      }),
    );
    // Each worker gets every other alert, in batches of 3 delivered concurrently, and one batch twice.
    const batches = (mine: number) =>
      Array.from({ length: 4 }, (_, b) => alerts.filter((_, i) => i % 2 === mine).slice(b * 3, b * 3 + 3));
    await Promise.all([
      ...batches(0).map((b) => w1.onAlerts('acme', b)),
      ...batches(1).map((b) => w2.onAlerts('acme', b)),
      w2.onAlerts('acme', batches(0)[0]),
    ]);
    const all = await incidents();
    expect(all).toHaveLength(1);
    expect(all[0].alert_count).toBe(24);
    expect(new Set(all[0].alert_ids).size).toBe(24);
  });
});
