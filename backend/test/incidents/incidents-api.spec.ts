/**
 * The incidents API on the real app in embedded mode (NestJS, temp DuckDB, in-process workers). Alerts are built
 * as detection writes them and handed to the sinks registered in the app, so these tests do not depend on rules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import type { Alert } from '../../src/detection/alert.model.js';
import { AlertSinkRegistry } from '../../src/detection/alert-sink.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { STORAGE } from '../../src/tokens.js';
import { makeAlert } from './alert-factory.js';

let app: NestExpressApplication;
let base: string;
let storage: StoragePort;
const dir = mkdtempSync(join(tmpdir(), 'vigie-incidents-api-'));

beforeAll(async () => {
  app = await createHttpApp(loadConfig({ DATA_DIR: dir, PORT: '0', TENANT: 'acme', LOG_LEVEL: 'silent' }));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  storage = app.get<StoragePort>(STORAGE);
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const get = async (path: string): Promise<{ status: number; body: Json }> => {
  const res = await fetch(base + path);
  return { status: res.status, body: await res.json() };
};
const post = async (path: string, body: unknown, user?: string): Promise<{ status: number; body: Json }> => {
  const res = await fetch(base + path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(user ? { 'x-vigie-user': user } : {}) },
  });
  return { status: res.status, body: await res.json() };
};

/** Stores the alerts like detection does, then hands them to every registered sink (the incidents grouper among them). */
async function deliver(tenant: string, alerts: Alert[]): Promise<void> {
  for (const a of alerts) await storage.putDocument(tenant, 'alerts', a.id, a);
  const sinks = app.get(AlertSinkRegistry).list();
  expect(sinks.map((s) => s.name)).toContain('incidents');
  for (const s of sinks) await s.onAlerts(tenant, alerts);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('incidents API', () => {
  let spray: Json;

  it('groups delivered alerts into incidents listed with counts, filters and sort', async () => {
    // A real event, so the incident timeline can show it.
    const line = 'Mar 10 10:00:01 dc01 sshd[77]: Failed password for admin from 203.0.113.9 port 4242 ssh2';
    expect((await fetch(`${base}/api/ingest/linux-auth`, { method: 'POST', body: line })).status).toBe(202);
    const ev = await eventually(
      () => get('/api/events?q=source.ip:203.0.113.9'),
      (r) => r.body.total === 1,
    );
    const eventId = ev.body.hits[0].id as string;

    await deliver('acme', [
      makeAlert({
        rule: { id: 'spray', title: 'Password spray', risk_type: 'credential_access' },
        severity: 'high',
        risk_score: 73,
        event_ids: [eventId],
        event_time: '2025-03-10T10:00:01.000Z',
        entities: { hosts: ['dc01'], source_ips: ['203.0.113.9'] },
        attack: { tactics: ['credential_access'], techniques: ['t1110.003'] },
        asset_criticality: 'high',
      }),
      makeAlert({
        rule: { id: 'whoami', title: 'Discovery commands', risk_type: 'discovery' },
        severity: 'medium',
        event_time: '2025-03-10T10:20:00.000Z',
        entities: { hosts: ['dc01'], users: ['admin'] },
        attack: { tactics: ['discovery'], techniques: ['t1033'] },
      }),
      makeAlert({
        rule: { id: 'scan', title: 'Port scan', risk_type: 'reconnaissance' },
        severity: 'low',
        risk_score: 21,
        entities: { source_ips: ['198.51.100.20'] },
      }),
    ]);

    const list = await get('/api/incidents');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.counts.status).toEqual({
      new: 2,
      acknowledged: 0,
      in_progress: 0,
      resolved: 0,
      closed: 0,
    });
    expect(list.body.counts.severity).toMatchObject({ high: 1, low: 1, medium: 0 });
    spray = list.body.items.find((i: Json) => i.entities.hosts.includes('dc01'));
    expect(spray).toMatchObject({
      title: 'Password spray (+1 related) on dc01',
      status: 'new',
      severity: 'high',
      alert_count: 2,
      risk_types: ['credential_access', 'discovery'],
      attack: { tactics: ['credential_access', 'discovery'] },
      sla: { acknowledge_minutes: 60, acknowledge_breached: false },
      assignee: null,
    });
    expect(spray.risk).toBe(Math.min(100, Math.round((73 + 10) * 1.25)));
    expect(spray.version).toEqual(expect.any(String));

    expect((await get('/api/incidents?severity=low,medium')).body.items.map((i: Json) => i.title)).toEqual([
      'Port scan on 198.51.100.20',
    ]);
    expect((await get('/api/incidents?risk_type=discovery')).body.total).toBe(1);
    expect((await get('/api/incidents?entity=203.0.113.9')).body.total).toBe(1);
    expect((await get('/api/incidents?assignee=none')).body.total).toBe(2);
    expect((await get('/api/incidents?sort=risk&order=asc')).body.items.map((i: Json) => i.risk)).toEqual([
      21,
      spray.risk,
    ]);
    expect((await get('/api/incidents?sort=risk&order=desc&size=1')).body).toMatchObject({
      total: 2,
      items: [{ id: spray.id }],
      cursor: expect.any(String),
    });
    const bad = await get('/api/incidents?status=open');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status/);
  });

  it('returns an incident with its alerts and their events for the timeline', async () => {
    const res = await get(`/api/incidents/${spray.id}`);
    expect(res.status).toBe(200);
    expect(res.body.alerts.map((a: Json) => a.rule.id)).toEqual(['spray', 'whoami']);
    expect(res.body.events).toHaveLength(1);
    expect(res.body.events[0].doc).toMatchObject({ host: { name: 'dc01' }, source: { ip: '203.0.113.9' } });
    expect(res.body.alerts[0].incident_id).toBe(spray.id);
    expect((await get('/api/incidents/inc_nope')).status).toBe(404);
  });

  it('walks the lifecycle with the acting analyst, verdict and audit trail', async () => {
    let version = spray.version;
    const ack = await post(`/api/incidents/${spray.id}/transition`, { to: 'acknowledged', version }, 'alice');
    expect(ack.status).toBe(200);
    expect(ack.body.incident.timestamps.acknowledged_at).toEqual(expect.any(String));
    version = ack.body.version;
    const asg = await post(`/api/incidents/${spray.id}/assign`, { assignee: 'alice', version }, 'alice');
    expect(asg.status).toBe(200);
    version = asg.body.version;
    const com = await post(
      `/api/incidents/${spray.id}/comments`,
      { text: 'spray from a known bad ASN', version },
      'alice',
    );
    expect(com.status).toBe(201);
    version = com.body.version;
    const evd = await post(
      `/api/incidents/${spray.id}/evidence`,
      { url: 'https://ti.example/203.0.113.9', label: 'TI report', version },
      'alice',
    );
    expect(evd.status).toBe(201);
    version = evd.body.version;
    expect(
      (await post(`/api/incidents/${spray.id}/evidence`, { url: 'javascript:alert(1)', label: 'x', version }))
        .status,
    ).toBe(400);
    const skip = await post(`/api/incidents/${spray.id}/transition`, { to: 'new', version });
    expect(skip.status).toBe(400);
    expect(skip.body.error.message).toMatch(/cannot go from acknowledged to new/);
    const fp = await post(`/api/incidents/${spray.id}/transition`, {
      to: 'closed',
      verdict: 'false_positive',
      version,
    });
    expect(fp.status).toBe(400);
    expect(fp.body.error.message).toMatch(/requires a reason/);
    const close = await post(
      `/api/incidents/${spray.id}/transition`,
      { to: 'closed', verdict: 'true_positive', version },
      'bob',
    );
    expect(close.status).toBe(200);
    expect(close.body.incident).toMatchObject({
      status: 'closed',
      assignee: 'alice',
      verdict: { value: 'true_positive', by: 'bob' },
      comments: [{ author: 'alice', text: 'spray from a known bad ASN' }],
      evidence: [{ url: 'https://ti.example/203.0.113.9', label: 'TI report', added_by: 'alice' }],
    });
    expect(close.body.incident.timestamps.closed_at).toEqual(expect.any(String));

    const audit = await get(`/api/incidents/${spray.id}/audit`);
    expect(audit.body.audit.map((e: Json) => `${e.actor}:${e.action}`)).toEqual([
      'system:created',
      'system:alert_attached',
      'alice:transition',
      'alice:assign',
      'alice:comment',
      'alice:evidence',
      'bob:transition',
    ]);
    expect(audit.body.audit[3].changes).toEqual([{ field: 'assignee', before: null, after: 'alice' }]);
    expect(audit.body.audit[6].changes).toContainEqual({
      field: 'status',
      before: 'acknowledged',
      after: 'closed',
    });

    const counts = (await get('/api/incidents')).body.counts.status;
    expect(counts).toMatchObject({ new: 1, closed: 1 });
    expect((await get('/api/incidents?assignee=alice')).body.total).toBe(1);
  });

  it('refuses a stale write with 409 and the current version; nothing is lost', async () => {
    const [inc] = (await get('/api/incidents?status=new')).body.items;
    const read = inc.version;
    const first = await post(
      `/api/incidents/${inc.id}/comments`,
      { text: 'first analyst', version: read },
      'alice',
    );
    expect(first.status).toBe(201);
    const stale = await post(`/api/incidents/${inc.id}/assign`, { assignee: 'bob', version: read }, 'bob');
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'conflict',
      your_version: read,
      current_version: first.body.version,
    });
    expect(stale.body.error.message).toMatch(/changed by someone else.*alice: comment/);
    const retry = await post(
      `/api/incidents/${inc.id}/assign`,
      { assignee: 'bob', version: stale.body.error.current_version },
      'bob',
    );
    expect(retry.status).toBe(200);
    expect(retry.body.incident).toMatchObject({ assignee: 'bob', comments: [{ text: 'first analyst' }] });
  });

  it('reads and replaces the tenant settings with optimistic concurrency', async () => {
    const s = await get('/api/incidents/settings');
    expect(s.body).toMatchObject({
      version: null,
      settings: { window_minutes: 1440, group_by: ['hosts', 'users', 'source_ips'] },
    });
    const put = await fetch(`${base}/api/incidents/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { ...s.body.settings, window_minutes: 60 }, version: null }),
    });
    expect(put.status).toBe(200);
    const again = await fetch(`${base}/api/incidents/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: s.body.settings, version: null }),
    });
    expect(again.status).toBe(409);
    expect((await get('/api/incidents/settings')).body.settings.window_minutes).toBe(60);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await get('/api/docs/openapi.json')).body;
    for (const p of [
      '/api/incidents',
      '/api/incidents/{id}',
      '/api/incidents/{id}/transition',
      '/api/incidents/{id}/assign',
      '/api/incidents/{id}/comments',
      '/api/incidents/{id}/evidence',
      '/api/incidents/{id}/audit',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(JSON.stringify(doc.paths['/api/incidents/{id}/transition'].post)).toContain('false_positive');
  });
});
