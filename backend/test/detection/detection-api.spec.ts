/**
 * Detection end to end in embedded mode: real NestJS app, real DuckDB file, in-process queue and workers. Rules are
 * imported as a pack through the API (imported packs start disabled), switched per tenant, and fed by real ingest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import type { IngestBatch } from '../../src/ingest/ingest-batch.js';
import { ProcessBatchUseCase } from '../../src/pipeline/process-batch.use-case.js';

let app: NestExpressApplication;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-detect-'));

const SSH_FAIL = '11111111-1111-4111-8111-111111111111';
const BASE_FAIL = '22222222-2222-4222-8222-222222222222';
const BRUTE = '33333333-3333-4333-8333-333333333333';

const sshFailRule = `title: SSH password failure for root
id: ${SSH_FAIL}
status: test
logsource: {product: linux, service: sshd}
detection:
  selection:
    user.name: root
    event.outcome: failure
  condition: selection
level: high
tags: [attack.credential-access, attack.t1110.001]
`;
const bruteRules = `title: SSH failure (any user)
id: ${BASE_FAIL}
name: ssh_failure_any
status: test
logsource: {product: linux, service: sshd}
detection:
  selection:
    event.outcome: failure
  condition: selection
level: low
tags: [attack.credential-access, attack.t1110]
---
title: SSH brute force from one source
id: ${BRUTE}
status: test
correlation:
  type: event_count
  rules: [ssh_failure_any]
  group-by: [source.ip]
  timespan: 10m
  condition: {gte: 3}
level: critical
`;

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', TENANT: 'ta', LOG_LEVEL: 'silent' });
  app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const imp = await call('PUT', '/api/rules/packs/tests', {
    files: [
      { path: 'ssh_fail.yml', text: sshFailRule },
      { path: 'brute.yml', text: bruteRules },
    ],
  });
  expect(imp).toMatchObject({
    pack: 'tests',
    rules: 2,
    correlations: 1,
    rejected: [],
    default_enabled: false,
  });
  // The repository's own pack (enabled by default) is switched off so only this spec's rules raise alerts here.
  const packs = await call('GET', '/api/rules/packs?tenant=ta');
  if (packs.some((p: { name: string }) => p.name === 'vigie')) {
    for (const t of ['ta', 'tb', 'tc'])
      await call('PATCH', `/api/rules/packs/vigie?tenant=${t}`, { enabled: false });
  }
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, body?: unknown, user = 'alice'): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', 'x-vigie-user': user },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined;
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let n = 0;
/** Ingests sshd lines and waits until all are stored (the batch's job is done, so its alerts exist). */
async function ingest(tenant: string, lines: string[]): Promise<void> {
  const tag = `t${++n}x`;
  const body = lines.map((l) => `${l} ${tag}`).join('\n');
  const res = await fetch(`${base}/api/ingest/linux-auth?tenant=${tenant}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain' },
  });
  expect(res.status).toBe(202);
  const end = Date.now() + 5000;
  for (;;) {
    const page = await call(
      'GET',
      `/api/events?tenant=${tenant}&q=${encodeURIComponent(`message:*${tag}*`)}`,
    );
    if (page.total === lines.length) return;
    if (Date.now() > end)
      throw new Error(`ingested lines not stored for ${tenant}: ${page.total}/${lines.length}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const fail = (user: string, ip: string, sec = 1) =>
  `Mar  9 10:00:${String(sec).padStart(2, '0')} web01 sshd[1234]: Failed password for ${user} from ${ip} port 22 ssh2`;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const alerts = async (tenant: string, q = '') =>
  (await call('GET', `/api/alerts?tenant=${tenant}&size=1000${q}`)) as {
    items: Record<string, any>[];
    total: number;
  };

describe('rule management and the detection stage', () => {
  it('lists imported rules disabled by default, with type, level, risk and ATT&CK', async () => {
    const rules = await call('GET', '/api/rules?tenant=ta&pack=tests');
    const r = rules.find((x: { id: string }) => x.id === SSH_FAIL);
    expect(r).toEqual({
      id: SSH_FAIL,
      title: 'SSH password failure for root',
      type: 'signature',
      enabled: false,
      level: 'high',
      risk: 'credential_access',
      attack: ['credential_access', 'T1110.001'],
      source: 'tests',
    });
    expect(rules.find((x: { id: string }) => x.id === BRUTE)).toMatchObject({
      type: 'correlation',
      level: 'critical',
      enabled: false,
    });
  });

  it('a rule enabled for tenant A fires for A only, with the alert contract filled', async () => {
    await call('PATCH', `/api/rules/${SSH_FAIL}?tenant=ta`, { enabled: true });
    await ingest('ta', [fail('root', '198.51.100.1')]);
    await ingest('tb', [fail('root', '198.51.100.1')]);
    const a = await alerts('ta', `&rule=${SSH_FAIL}`);
    expect(a.total).toBe(1);
    expect(a.items[0]).toMatchObject({
      tenant: 'ta',
      rule: {
        id: SSH_FAIL,
        title: 'SSH password failure for root',
        version: 1,
        type: 'signature',
        pack: 'tests',
        risk_type: 'credential_access',
      },
      severity: 'high',
      risk_score: 75,
      attack: { tactics: ['credential_access'], techniques: ['T1110.001'] },
      entities: { hosts: ['web01'], users: ['root'], source_ips: ['198.51.100.1'] },
      event_count: 1,
      suppressed_count: 0,
    });
    expect(a.items[0].event_ids).toHaveLength(1);
    expect(Date.parse(a.items[0].detected_at)).toBeGreaterThanOrEqual(Date.parse(a.items[0].ingested_at));
    expect((await alerts('tb')).total).toBe(0);
    const one = await call('GET', `/api/alerts/${a.items[0].id}?tenant=ta`);
    expect(one.id).toBe(a.items[0].id);
  });

  it('filters alerts by severity and entity', async () => {
    expect((await alerts('ta', '&severity=high&entity=198.51.100.1')).total).toBe(1);
    expect((await alerts('ta', '&severity=low')).total).toBe(0);
    expect((await alerts('ta', '&entity=192.0.2.250')).total).toBe(0);
  });

  it('disabling the rule stops it', async () => {
    await call('PATCH', `/api/rules/${SSH_FAIL}?tenant=ta`, { enabled: false });
    await ingest('ta', [fail('root', '198.51.100.2')]);
    expect((await alerts('ta', `&rule=${SSH_FAIL}`)).total).toBe(1);
    await call('PATCH', `/api/rules/${SSH_FAIL}?tenant=ta`, { enabled: true });
  });

  it('an exception suppresses matching events until it expires', async () => {
    const ex = await call('POST', `/api/rules/${SSH_FAIL}/exceptions?tenant=ta`, {
      field: 'source.ip',
      values: ['198.51.100.3'],
      reason: 'vulnerability scanner',
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(ex).toMatchObject({ author: 'alice', rule_id: SSH_FAIL });
    await ingest('ta', [fail('root', '198.51.100.3'), fail('root', '198.51.100.4')]);
    let a = await alerts('ta', `&rule=${SSH_FAIL}`);
    expect(a.items.map((x) => x.entities.source_ips[0]).sort()).toEqual(['198.51.100.1', '198.51.100.4']);
    await new Promise((r) => setTimeout(r, 1600));
    await ingest('ta', [fail('root', '198.51.100.3')]);
    a = await alerts('ta', `&rule=${SSH_FAIL}`);
    expect(a.items.filter((x) => x.entities.source_ips[0] === '198.51.100.3')).toHaveLength(1);
  });

  it('suppression folds repeats into the first alert and counts them', async () => {
    await call('PUT', `/api/rules/${SSH_FAIL}/suppression?tenant=ta`, {
      group_by: ['source.ip'],
      window: '1h',
    });
    await ingest('ta', [fail('root', '203.0.113.7', 1), fail('root', '203.0.113.7', 2)]);
    await ingest('ta', [fail('root', '203.0.113.7', 3)]);
    const a = (await alerts('ta', `&entity=203.0.113.7`)).items;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ suppressed_count: 2, event_count: 3 });
    expect(a[0].event_ids).toHaveLength(3);
    await call('DELETE', `/api/rules/${SSH_FAIL}/suppression?tenant=ta`);
  });

  it('a retried batch (same events again) produces no new alert', async () => {
    const batch: IngestBatch = {
      tenant: 'ta',
      source: 'linux-auth',
      records: [fail('root', '203.0.113.8', 5)],
      positions: [0],
      deliveryId: 'retry-delivery',
      receivedAt: new Date().toISOString(),
    } as IngestBatch;
    const use = app.get(ProcessBatchUseCase);
    await use.execute(batch);
    const first = (await alerts('ta', '&entity=203.0.113.8')).items;
    await use.execute(batch);
    const second = (await alerts('ta', '&entity=203.0.113.8')).items;
    expect(first).toHaveLength(1);
    expect(second.map((x) => x.id)).toEqual(first.map((x) => x.id));
  });

  it('an event_count correlation fires across two batches, once, without the base rule alerting alone', async () => {
    await call('PATCH', `/api/rules/${BRUTE}?tenant=tc`, { enabled: true });
    await ingest('tc', [fail('alice', '192.0.2.9', 10), fail('bob', '192.0.2.9', 11)]);
    expect((await alerts('tc')).total).toBe(0);
    await ingest('tc', [fail('carol', '192.0.2.9', 12), fail('dave', '192.0.2.9', 13)]);
    const a = (await alerts('tc')).items;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      rule: { id: BRUTE, type: 'correlation' },
      severity: 'critical',
      event_count: 3,
      attack: { techniques: ['T1110'] },
    });
    expect(a[0].event_ids).toHaveLength(3);
    expect((await alerts('tc', '&type=correlation')).total).toBe(1);
  });

  it('records every change in the rule history (who, what, before/after)', async () => {
    const h = await call('GET', `/api/rules/${SSH_FAIL}/history?tenant=ta`);
    expect(h.map((e: { action: string }) => e.action)).toEqual([
      'delete-suppression',
      'set-suppression',
      'add-exception',
      'enable',
      'disable',
      'enable',
    ]);
    expect(h[0]).toMatchObject({ actor: 'alice', rule_id: SSH_FAIL });
    expect(JSON.parse(h[4].before)).toMatchObject({ enabled: true });
    expect(JSON.parse(h[4].after)).toMatchObject({ enabled: false });
  });

  it('dry-run counts the stored hits of a rule and shows the alerts it would raise', async () => {
    const d = await call('POST', `/api/rules/${SSH_FAIL}/dry-run?tenant=tb`, {});
    expect(d).toMatchObject({ hits: 1, examined: 1, excepted: 0 });
    expect(d.alerts).toHaveLength(1);
    expect(d.samples[0].doc.source.ip).toBe('198.51.100.1');
    const dc = await call('POST', `/api/rules/${BASE_FAIL}/dry-run?tenant=tc`, {});
    expect(dc.hits).toBe(4);
  });

  it('hunts with a Sigma rule and with KQL', async () => {
    const sigma = await call('POST', '/api/hunt?tenant=tc', {
      sigma: sshFailRule.replace('user.name: root', "user.name: 'car*'"),
    });
    expect(sigma).toMatchObject({ language: 'sigma', total: 1, rule: { id: SSH_FAIL } });
    expect(sigma.hits[0].doc.user.name).toBe('carol');
    const kql = await call('POST', '/api/hunt?tenant=tc', {
      kql: 'source.ip:192.0.2.9 AND NOT user.name:alice',
    });
    expect(kql).toMatchObject({ language: 'kql', total: 3 });
    await expect(call('POST', '/api/hunt?tenant=tc', { sigma: 'title: broken' })).rejects.toThrow(/400/);
  });
});
