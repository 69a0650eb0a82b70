/**
 * Enrichment end to end in embedded mode (real app, DuckDB file, in-process queue): import the directories through
 * the API, ingest raw records, and find the asset, identity and GeoIP/ASN context on the stored events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';

let app: NestExpressApplication;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-enrich-'));

beforeAll(async () => {
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    TENANT: 'acme',
    LOG_LEVEL: 'silent',
    ENRICHMENT_CACHE_TTL_MS: '200',
  });
  app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const call = async (
  method: string,
  path: string,
  body?: string,
  type = 'text/csv',
): Promise<{ status: number; body: Json }> => {
  const res = await fetch(base + path, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': type },
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
};

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const search = async (q: string) =>
  (await call('GET', `/api/events?tenant=acme&q=${encodeURIComponent(q)}`)).body as {
    hits: { doc: Json }[];
    total: number;
  };

const ASSETS_CSV = [
  'hostname;criticality;owner;zone;tags',
  'DC01.corp.example;Critical;it-infra;servers;domain-controller|tier0',
  'web01;high;web-team;dmz;',
  'laptop-7;urgent;bob;office;', // bad criticality
].join('\n');

const IDENTITIES_JSON = JSON.stringify({
  identities: [
    {
      username: 'CORP\\Alice',
      department: 'Finance',
      title: 'Accountant',
      privileged: 'no',
      manager: 'carol',
    },
    { user: 'admin.joe@corp.example', department: 'IT', privileged: true },
    { department: 'nobody' },
  ],
});

describe('asset and identity directories (API)', () => {
  it('imports CSV assets and reports the bad row with its line and reason', async () => {
    const r = await call('POST', '/api/assets/import?tenant=acme', ASSETS_CSV);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ directory: 'assets', revision: 1, imported: 2, rejected: 1, total: 2 });
    expect(r.body.rejects[0]).toMatchObject({ at: 4 });
    expect(r.body.rejects[0].reason).toMatch(/criticality/);
  });

  it('imports JSON identities, normalising DOMAIN\\user and user@domain', async () => {
    const r = await call('POST', '/api/identities/import?tenant=acme', IDENTITIES_JSON, 'application/json');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ imported: 2, rejected: 1, total: 2 });
    expect((await call('GET', '/api/identities/alice?tenant=acme')).body).toMatchObject({
      department: 'Finance',
      privileged: false,
    });
    expect(
      (await call('GET', `/api/identities/${encodeURIComponent('CORP\\admin.joe')}?tenant=acme`)).body,
    ).toMatchObject({ privileged: true });
  });

  it('lists, filters, gets case-insensitively and deletes', async () => {
    const list = await call('GET', '/api/assets?tenant=acme&size=1');
    expect(list.body).toMatchObject({ total: 2, revision: 1, cursor: '1' });
    expect(list.body.items[0].host).toBe('DC01.corp.example');
    expect((await call('GET', '/api/assets?tenant=acme&q=dmz')).body.items.map((a: Json) => a.host)).toEqual([
      'web01',
    ]);
    expect((await call('GET', '/api/assets/dc01.CORP.example?tenant=acme')).body).toMatchObject({
      criticality: 'critical',
      tags: ['domain-controller', 'tier0'],
    });
    expect((await call('GET', '/api/assets/nope?tenant=acme')).status).toBe(404);
    await call('POST', '/api/assets/import?tenant=acme', 'host,criticality\nprinter-3,low\n');
    expect((await call('DELETE', '/api/assets/PRINTER-3?tenant=acme')).status).toBe(200);
    expect((await call('DELETE', '/api/assets/printer-3?tenant=acme')).status).toBe(404);
    expect((await call('GET', '/api/assets?tenant=acme')).body.total).toBe(2);
  });

  it('rejects an unreadable import with 400 and keeps the directory', async () => {
    const r = await call('POST', '/api/assets/import?tenant=acme', 'criticality,owner\nhigh,x\n');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/no "host" column/);
    expect((await call('GET', '/api/assets?tenant=acme')).body.total).toBe(2);
  });

  it('keeps tenants apart', async () => {
    expect((await call('GET', '/api/assets?tenant=other')).body).toMatchObject({ total: 0, revision: 0 });
  });
});

describe('enrichment stage on ingested events', () => {
  it('adds vigie.asset, vigie.identity and GeoIP/ASN of public IPs, not of private ones', async () => {
    const win = {
      '@timestamp': new Date().toISOString(),
      host: { name: 'dc01.corp.example' },
      winlog: {
        channel: 'Security',
        provider_name: 'Microsoft-Windows-Security-Auditing',
        event_id: 4625,
        computer_name: 'dc01.corp.example',
        record_id: 7,
        event_data: {
          TargetUserName: 'alice',
          TargetDomainName: 'CORP',
          LogonType: '3',
          IpAddress: '8.8.8.8',
          IpPort: '4444',
          Status: '0xc000006d',
        },
      },
    };
    const post = await fetch(`${base}/api/ingest/windows-security?tenant=acme`, {
      method: 'POST',
      body: JSON.stringify(win),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(post.status).toBe(202);
    await fetch(`${base}/api/ingest/linux-auth?tenant=acme`, {
      method: 'POST',
      body: 'Mar  9 23:59:01 WEB01.corp.example sshd[1234]: Accepted password for admin.joe from 10.0.0.5 port 50000 ssh2\n',
    });
    const w = await eventually(
      () => search('event.code:4625'),
      (r) => r.total === 1,
    );
    expect(w.hits[0].doc.vigie.asset).toEqual({
      criticality: 'critical',
      owner: 'it-infra',
      zone: 'servers',
      tags: ['domain-controller', 'tier0'],
    });
    expect(w.hits[0].doc.vigie.identity).toEqual({
      department: 'Finance',
      title: 'Accountant',
      privileged: false,
      manager: 'carol',
    });
    expect(w.hits[0].doc.source.geo).toEqual({ country_iso_code: 'US', country_name: 'United States' });
    expect(w.hits[0].doc.source.as).toEqual({ number: 15169, organization: { name: 'Google LLC' } });
    const l = await eventually(
      () => search('user.name:admin.joe'),
      (r) => r.total === 1,
    );
    expect(l.hits[0].doc.vigie.asset).toMatchObject({ criticality: 'high', zone: 'dmz' });
    expect(l.hits[0].doc.vigie.identity).toMatchObject({ department: 'IT', privileged: true });
    expect(l.hits[0].doc.source.geo).toBeUndefined();
    // Stored enrichment is searchable.
    expect((await search('vigie.asset.criticality:critical AND source.geo.country_iso_code:US')).total).toBe(
      1,
    );
  });

  it('sees a new import within the cache TTL', async () => {
    await call('POST', '/api/assets/import?tenant=acme', 'host,criticality,zone\nnew-box,medium,lab\n');
    await new Promise((r) => setTimeout(r, 300));
    await fetch(`${base}/api/ingest/linux-auth?tenant=acme`, {
      method: 'POST',
      body: 'Mar  9 23:59:05 new-box sshd[1]: Accepted password for zed from 10.0.0.6 port 5 ssh2\n',
    });
    const r = await eventually(
      () => search('host.name:new-box'),
      (x) => x.total === 1,
    );
    expect(r.hits[0].doc.vigie.asset).toEqual({ criticality: 'medium', zone: 'lab' });
  });
});
