/**
 * `GET /api/baselines/status` and `POST /api/baselines/refresh` on the real application (embedded: DuckDB file,
 * in-process queue and worker): per detector its status and last refresh, the answering process's stage counters;
 * tenant scoping and validation like the other routes; a refresh learns as of the tenant's newest stored event —
 * also in a process that scored none of them (a restart) — and an API-only process reports the same detectors and
 * refresh without stage counters.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig, type VigieConfig } from '../../src/config/config.schema.js';
import { BASELINES_DIR } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-bl-api-'));
let app: NestExpressApplication | undefined;
let base = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function start(role: VigieConfig['ROLE'] = 'all'): Promise<void> {
  await app?.close();
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', TENANT: 'ta', LOG_LEVEL: 'silent', ROLE: role });
  app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: res.status === 204 ? undefined : await res.json() };
}

/** sshd lines (linux-auth), stored when the call returns (so the baseline stage has scored them). */
async function ingest(tenant: string, lines: string[]): Promise<void> {
  const res = await fetch(`${base}/api/ingest/linux-auth?tenant=${tenant}`, {
    method: 'POST',
    body: lines.join('\n'),
    headers: { 'content-type': 'text/plain' },
  });
  expect(res.status).toBe(202);
  const end = Date.now() + 10_000;
  for (;;) {
    const { json } = await call('GET', `/api/events?tenant=${tenant}&size=1`);
    if (json.total >= lines.length) return;
    if (Date.now() > end) throw new Error(`events not stored for ${tenant}: ${json.total}/${lines.length}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const logon = (i: number) =>
  `Mar  9 10:${String(i % 60).padStart(2, '0')}:01 web01 sshd[${1000 + i}]: Accepted password for user${i % 7} from 10.0.0.${i % 200} port 22 ssh2`;

/** The shipped baseline definitions (rules/baselines/*.yml). */
const shipped = readdirSync(BASELINES_DIR).filter((f) => f.endsWith('.yml')).length;

describe('baselines API', () => {
  it('lists every detector of the tenant with its status, and the stage counters of the answering process', async () => {
    await start();
    const { status, json } = await call('GET', '/api/baselines/status?tenant=ta');
    expect(status).toBe(200);
    expect(json.tenant).toBe('ta');
    expect(json.detectors).toHaveLength(shipped);
    const byId = new Map<string, Json>(json.detectors.map((d: Json) => [d.id, d]));
    expect(byId.get('rare-process-per-host')).toEqual({
      id: 'rare-process-per-host',
      title: 'Rare process for a host',
      model: 'rare',
      enabled: true,
      status: 'scoring',
      last_refresh: null,
    });
    expect(byId.get('autoencoder-user-hourly')).toMatchObject({
      model: 'autoencoder',
      enabled: true,
      status: expect.stringMatching(/^no model yet/),
    });
    // shipped disabled (see rules/baselines/README.md)
    expect(byId.get('silent-log-source')).toMatchObject({ enabled: false, status: 'disabled' });
    expect(json.last_refresh).toBeNull();
    expect(json.process).toMatchObject({ role: 'all', pid: process.pid, state: 'memory' });
    expect(json.stage).toEqual({
      batches: 0,
      events: 0,
      findings: 0,
      alerts: 0,
      excepted: 0,
      score_us_per_event: 0,
      stage_us_per_event: 0,
    });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/docs/openapi.json')).json;
    const get = doc.paths['/api/baselines/status'].get;
    expect(get.tags).toEqual(['baselines']);
    expect(get.parameters.map((p: Json) => p.name)).toEqual(['tenant']);
    expect(doc.paths['/api/baselines/refresh'].post.tags).toEqual(['baselines']);
  });

  it('validates the tenant and scopes the answer to it (default: TENANT)', async () => {
    const bad = await call('GET', '/api/baselines/status?tenant=Not%20a%20tenant!');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/tenant/);
    // a detector switched off for tb only
    const off = await call('PATCH', '/api/rules/beaconing?tenant=tb', { enabled: false });
    expect(off.status).toBe(200);
    const tb = (await call('GET', '/api/baselines/status?tenant=tb')).json;
    const ta = (await call('GET', '/api/baselines/status')).json;
    expect(ta.tenant).toBe('ta');
    const beaconing = (s: Json) => s.detectors.find((d: Json) => d.id === 'beaconing');
    expect(beaconing(tb)).toMatchObject({ enabled: false, status: 'disabled' });
    expect(beaconing(ta)).toMatchObject({ enabled: true, status: 'scoring' });
  });

  it('counts what the stage scored, and records a refresh as of the newest stored event', async () => {
    await ingest(
      'ta',
      Array.from({ length: 40 }, (_, i) => logon(i)),
    );
    const before = (await call('GET', '/api/baselines/status?tenant=ta')).json;
    expect(before.stage.batches).toBeGreaterThanOrEqual(1);
    expect(before.stage.events).toBe(40);
    expect(before.stage.score_us_per_event).toBeGreaterThan(0);

    const refresh = await call('POST', '/api/baselines/refresh?tenant=ta');
    expect(refresh.status).toBe(200);
    expect(refresh.json).toEqual({ tenants: 1, alerts: 0 });
    // another tenant's refresh is its own
    expect((await call('GET', '/api/baselines/status?tenant=tb')).json.last_refresh).toBeNull();
    const newest = (await call('GET', '/api/events?tenant=ta&size=1')).json.hits[0].doc['@timestamp'];
    const after = (await call('GET', '/api/baselines/status?tenant=ta')).json;
    expect(after.last_refresh).toMatchObject({ as_of: new Date(newest).toISOString(), alerts: 0 });
    expect(Date.parse(after.last_refresh.at)).toBeGreaterThan(Date.now() - 60_000);
    for (const d of after.detectors.filter((x: Json) => x.enabled))
      expect(Date.parse(d.last_refresh), d.id).toBeGreaterThan(Date.now() - 60_000);
  });

  it('after a restart (a process that scored none of the events) the refresh still learns as of the stored history', async () => {
    await start();
    const refresh = await call('POST', '/api/baselines/refresh');
    expect(refresh.status).toBe(200);
    expect(refresh.json.tenants).toBe(1);
    const newest = (await call('GET', '/api/events?tenant=ta&size=1')).json.hits[0].doc['@timestamp'];
    const s = (await call('GET', '/api/baselines/status?tenant=ta')).json;
    expect(s.last_refresh.as_of).toBe(new Date(newest).toISOString());
    expect(s.stage.batches).toBe(0);
  });

  it('an API-only process answers with the same detectors and last refresh, without stage counters', async () => {
    const all = (await call('GET', '/api/baselines/status?tenant=ta')).json;
    await start('api');
    const api = (await call('GET', '/api/baselines/status?tenant=ta')).json;
    expect(api.process).toMatchObject({ role: 'api', state: null });
    expect(api.stage).toBeNull();
    expect(api.last_refresh).toEqual(all.last_refresh);
    // why a training did not happen is known to the process that tried (here: too few hourly vectors); an
    // API-only process knows whether a model is stored
    const ae = (s: Json) => s.detectors.find((d: Json) => d.id === 'autoencoder-user-hourly');
    expect(ae(all).status).toMatch(/^no model yet: 0 hourly vectors in the learning window/);
    expect(ae(api).status).toMatch(/^no model yet/);
    const rest = (s: Json) => s.detectors.filter((d: Json) => d.id !== 'autoencoder-user-hourly');
    expect(rest(api)).toEqual(rest(all));
    expect(ae(api)).toEqual({ ...ae(all), status: ae(api).status });
  });
});
