/**
 * The HTTP API end to end in embedded mode: real NestJS app, real DuckDB file, in-process queue and workers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';

let app: NestExpressApplication;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-api-'));

beforeAll(async () => {
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    TENANT: 'acme',
    INGEST_MAX_BODY_BYTES: '65536',
    LOG_LEVEL: 'silent',
  });
  app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Warm-up: the tenant's first batch compiles its detection rules; the 2 s bound below is about a running system.
  await post(
    '/api/ingest/linux-auth',
    'Mar  9 23:00:00 warm sshd[1]: Accepted password for warmup from 10.9.0.1 port 1 ssh2\n',
  );
  await eventually(
    () => search('user.name:warmup'),
    (r) => r.total === 1,
  );
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } });

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const search = async (q: string, tenant = 'acme') =>
  (await fetch(`${base}/api/events?tenant=${tenant}&q=${encodeURIComponent(q)}`)).json() as Promise<{
    hits: { id: string; doc: Record<string, any> }[];
    total: number;
  }>;

describe('ingest → queue → parse → store → search', () => {
  it('reports healthy storage, queue and worker', async () => {
    const h = await json(await fetch(`${base}/api/health`));
    expect(h).toMatchObject({
      status: 'ok',
      storage: { ok: true, adapter: 'duckdb' },
      queue: { ok: true },
      workers: { ok: true },
    });
  });

  it('returns an ingested line from /api/events within 2 s', async () => {
    const t0 = Date.now();
    const res = await post(
      '/api/ingest/linux-auth',
      'Mar  9 23:59:01 web01 sshd[1234]: Accepted password for bob from 10.0.0.5 port 50000 ssh2\n',
    );
    expect(res.status).toBe(202);
    expect(await json(res)).toMatchObject({ accepted: 1, rejected: 0, batches: 1 });
    const found = await eventually(
      () => search('user.name:bob AND source.ip:10.0.0.5'),
      (r) => r.total === 1,
    );
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(found.hits[0].doc).toMatchObject({
      vigie: { tenant: 'acme', connector: 'linux-auth' },
      host: { name: 'web01' },
    });
  });

  it('stores good lines, dead-letters bad ones with a reason, and says how many of each', async () => {
    const body = ['{"message":"ok one","n":1}', '{not json', '{"message":"ok two","n":2}', '[1,2]'].join(
      '\n',
    );
    const res = await post('/api/ingest/linux-syslog', body, { 'content-type': 'application/x-ndjson' });
    const out = await json(res);
    expect(out).toMatchObject({ accepted: 2, rejected: 2 });
    expect(out.rejects.map((r: { line: number }) => r.line)).toEqual([2, 4]);
    const dl = await json(await fetch(`${base}/api/deadletters?tenant=acme&source=linux-syslog`));
    expect(dl.items.map((d: { doc: { reason: string } }) => d.doc.reason).join('|')).toMatch(
      /invalid JSON.*\|.*not a JSON object|not a JSON object.*\|.*invalid JSON/,
    );
  });

  it('accepts gzip bodies', async () => {
    const res = await post(
      '/api/ingest/linux-auth',
      gzipSync(
        'Mar 10 01:02:03 db01 sshd[9]: Failed password for invalid user zed from 203.0.113.50 port 4000 ssh2\n',
      ),
      {
        'content-encoding': 'gzip',
      },
    );
    expect(res.status).toBe(202);
    const r = await eventually(
      () => search('source.ip:203.0.113.50'),
      (x) => x.total === 1,
    );
    expect(r.total).toBe(1);
  });

  it('does not store a retried delivery twice (Idempotency-Key)', async () => {
    const line =
      'Mar 10 02:00:00 web02 sshd[77]: Accepted publickey for carol from 10.9.9.9 port 2222 ssh2\n';
    await post('/api/ingest/linux-auth', line, { 'idempotency-key': 'delivery-42' });
    await post('/api/ingest/linux-auth', line, { 'idempotency-key': 'delivery-42' });
    await eventually(
      () => search('user.name:carol'),
      (r) => r.total >= 1,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await search('user.name:carol')).total).toBe(1);
  });

  it('keeps tenants apart', async () => {
    await post(
      '/api/ingest/linux-auth?tenant=globex',
      'Mar 10 03:00:00 gx sshd[5]: Accepted password for dave from 10.1.1.1 port 1 ssh2\n',
    );
    await eventually(
      () => search('user.name:dave', 'globex'),
      (r) => r.total === 1,
    );
    expect((await search('user.name:dave', 'acme')).total).toBe(0);
  });

  it('answers 404 listing the known sources for an unknown source', async () => {
    const res = await post('/api/ingest/no-such-source', 'x');
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body.error.known_sources).toEqual(
      expect.arrayContaining(['auto', 'linux-auth', 'windows-security']),
    );
  });

  it('answers 413 for an oversize body', async () => {
    const res = await post('/api/ingest/linux-auth', 'x'.repeat(70_000));
    expect(res.status).toBe(413);
  });

  it('answers 400 with the reason for a bad query', async () => {
    const res = await fetch(`${base}/api/events?q=${encodeURIComponent('user.name:(a')}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/KQL/);
  });

  it('serves an OpenAPI document generated from the code', async () => {
    const doc = await json(await fetch(`${base}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/ingest/{source}', '/api/events', '/api/health', '/api/sources']),
    );
    expect((await fetch(`${base}/api/docs`)).status).toBe(200);
  });

  it('counts events per source', async () => {
    const sources = await json(await fetch(`${base}/api/sources?tenant=acme`));
    const auth = sources.find((s: { id: string }) => s.id === 'linux-auth');
    expect(auth.events).toBeGreaterThanOrEqual(3);
    expect(auth.events_last_minute).toBe(auth.events);
    expect(auth.last_seen).toBeTruthy();
  });
});
