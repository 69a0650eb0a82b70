/**
 * Storage conformance suite — one set of expectations, run against both adapters:
 * real DuckDB (temporary file) and a real Elasticsearch node (ELASTICSEARCH_URL; required when CI=true).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStoredEvent, type StoredEvent } from '../../src/events/event.model.js';
import { DuckDbStorageAdapter } from '../../src/storage/duckdb/duckdb-storage.adapter.js';
import { ElasticsearchStorageAdapter } from '../../src/storage/elasticsearch/elasticsearch-storage.adapter.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { elasticsearchUrl, serviceAvailable, uniqueName } from '../support/services.js';

const esAvailable = await serviceAvailable('Elasticsearch');
const T0 = Date.parse('2024-05-01T10:00:00.000Z');

function ev(tenant: string, i: number, connector: string, fields: Record<string, unknown>): StoredEvent {
  return toStoredEvent(
    { '@timestamp': new Date(T0 + i * 60_000).toISOString(), ...fields },
    { tenant, connector, raw: JSON.stringify(fields), position: `test:${i}` },
    new Date(T0 + 3600_000),
  );
}

/** The dataset: label → event, so expectations read as names. */
const A = 'acme';
const B = 'globex';
const data: Record<string, StoredEvent> = {
  a1: ev(A, 0, 'windows-security', {
    event: {
      code: '4688',
      category: ['process'],
      original: 'A new process has been created: powershell.exe -enc AAAA',
    },
    process: {
      executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      command_line: 'powershell.exe -enc AAAA',
      pid: 4242,
    },
    user: { name: 'Alice' },
    host: { name: 'WS-01' },
  }),
  a2: ev(A, 1, 'windows-security', {
    event: { code: '4624', category: ['authentication'], outcome: 'success' },
    user: { name: 'bob' },
    source: { ip: '10.0.0.5', port: 51000 },
    host: { name: 'WS-02' },
  }),
  a3: ev(A, 2, 'linux-auth', {
    event: {
      category: ['authentication'],
      outcome: 'failure',
      original: 'Failed password for root from 203.0.113.9 port 22 ssh2',
    },
    message: 'Failed password for root',
    user: { name: 'root' },
    source: { ip: '203.0.113.9', port: 22 },
    host: { name: 'srv-db' },
  }),
  a4: ev(A, 3, 'nginx-access', {
    url: { original: '/api/v1/users?id=1 UNION SELECT', path: '/api/v1/users' },
    http: { response: { status_code: 500 }, request: { method: 'GET' } },
    source: { ip: '198.51.100.7' },
    host: { name: 'web-01' },
  }),
  a5: ev(A, 4, 'nginx-access', {
    url: { original: '/index.html', path: '/index.html' },
    http: { response: { status_code: 200 }, request: { method: 'GET' } },
    source: { ip: '198.51.100.7' },
    host: { name: 'web-01' },
    tags: ['a*b'],
  }),
  b1: ev(B, 0, 'windows-security', {
    event: { code: '4688', category: ['process'], original: 'powershell.exe -enc BBBB' },
    process: { command_line: 'powershell.exe -enc BBBB' },
    user: { name: 'alice' },
    host: { name: 'GX-01' },
  }),
};
const labelOf = new Map(Object.entries(data).map(([k, v]) => [v.id, k]));

/** KQL query → labels of tenant A that must match, in any order. */
const QUERIES: [string, string[]][] = [
  ['', ['a1', 'a2', 'a3', 'a4', 'a5']],
  ['user.name:alice', ['a1']],
  ['user.name:ALICE', ['a1']],
  ['event.code:4688', ['a1']],
  ['process.command_line:*-ENC*', ['a1']],
  ['process.executable:*powershell.exe', ['a1']],
  ['event.category:authentication', ['a2', 'a3']],
  ['event.category:authentication AND NOT event.outcome:failure', ['a2']],
  ['event.category:authentication and event.outcome:failure', ['a3']],
  ['host.name:(WS-01 OR ws-02)', ['a1', 'a2']],
  ['host.name:WS-01 OR host.name:srv-db', ['a1', 'a3']],
  ['(user.name:root OR user.name:bob) AND source.port >= 1024', ['a2']],
  ['source.port < 1024', ['a3']],
  ['http.response.status_code:[400 TO 599]', ['a4']],
  ['http.response.status_code >= 200 and http.response.status_code < 300', ['a5']],
  ['process.pid:*', ['a1']],
  ['NOT source.ip:*', ['a1']],
  ['source.ip:198.51.100.*', ['a4', 'a5']],
  ['url.original:"/api/v1/users?id=1 UNION SELECT"', ['a4']],
  ['url.original:*union*', ['a4']],
  ['"failed password"', ['a3']],
  ['powershell', ['a1']],
  ['enc AND user.name:alice', ['a1']],
  ['user.name:al?ce', ['a1']],
  ['tags:a\\*b', ['a5']],
  ['tags:a\\*', []],
  [`@timestamp >= "${new Date(T0 + 120_000).toISOString()}"`, ['a3', 'a4', 'a5']],
  [
    `@timestamp:[${new Date(T0 + 60_000).toISOString()} TO ${new Date(T0 + 120_000).toISOString()}]`,
    ['a2', 'a3'],
  ],
  ['user.name:nobody', []],
];

interface Target {
  name: string;
  make: () => Promise<StoragePort>;
  cleanup?: () => void;
}

const dir = mkdtempSync(join(tmpdir(), 'vigie-conformance-'));
const targets: Target[] = [
  { name: 'duckdb', make: async () => new DuckDbStorageAdapter(join(dir, 'vigie.duckdb')) },
];
if (esAvailable) {
  targets.push({
    name: 'elasticsearch',
    make: async () => new ElasticsearchStorageAdapter({ url: elasticsearchUrl, prefix: uniqueName('conf') }),
  });
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(targets)('storage conformance: $name', (target) => {
  let store: StoragePort;

  beforeAll(async () => {
    store = await target.make();
    await store.init();
    const byTenant = new Map<string, StoredEvent[]>();
    for (const e of Object.values(data)) {
      byTenant.set(e.doc.vigie.tenant, [...(byTenant.get(e.doc.vigie.tenant) ?? []), e]);
    }
    for (const [tenant, events] of byTenant) {
      const res = await store.writeEvents(tenant, events);
      expect(res.failed).toEqual([]);
    }
    await store.refresh();
  });

  afterAll(async () => {
    await store?.close();
  });

  it.each(QUERIES)('KQL %s', async (kql, expected) => {
    const page = await store.searchEvents(A, { kql, size: 100 });
    expect(page.hits.map((h) => labelOf.get(h.id)).sort()).toEqual([...expected].sort());
    expect(page.total).toBe(expected.length);
    expect(await store.countEvents(A, { kql })).toBe(expected.length);
  });

  it('never returns another tenant’s events, for any query', async () => {
    for (const [kql] of QUERIES) {
      const page = await store.searchEvents(A, { kql, size: 100 });
      expect(page.hits.every((h) => h.doc.vigie.tenant === A)).toBe(true);
    }
    const b = await store.searchEvents(B, { kql: 'powershell', size: 100 });
    expect(b.hits.map((h) => labelOf.get(h.id))).toEqual(['b1']);
    expect(await store.searchEvents('initech', { size: 10 })).toMatchObject({ hits: [], total: 0 });
  });

  it('reads across tenants only through the explicit admin operation', async () => {
    const all = await store.admin.searchEventsAllTenants({ kql: 'user.name:alice', size: 100 });
    expect(all.hits.map((h) => labelOf.get(h.id)).sort()).toEqual(['a1', 'b1']);
    await store.putDocument('_library', 'config', 'pack-index', { packs: [] });
    const tenants = await store.tenants();
    expect(tenants).toEqual(expect.arrayContaining([A, B]));
    expect(tenants).not.toContain('_library');
  });

  it('writes idempotently: a retried batch does not duplicate', async () => {
    const again = await store.writeEvents(A, [data.a1, data.a2, data.a2]);
    expect(again.failed).toEqual([]);
    await store.refresh();
    expect(await store.countEvents(A, {})).toBe(5);
  });

  it('answers a page and its total from one snapshot while writes land', async () => {
    const T = 'snapshot-tenant';
    const checks: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      checks.push(
        store.writeEvents(T, [ev(T, 100 + i, 'json', { n: { i } })]).then(() => undefined),
        store.searchEvents(T, { kql: '', size: 100 }).then((page) => {
          expect(page.hits.length).toBe(page.total);
        }),
      );
    }
    await Promise.all(checks);
  });

  it('pages with a cursor in time order, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.searchEvents(A, { size: 2, cursor });
      seen.push(...page.hits.map((h) => labelOf.get(h.id)!));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    const asc = await store.searchEvents(A, { size: 3, order: 'asc' });
    expect(asc.hits.map((h) => labelOf.get(h.id))).toEqual(['a1', 'a2', 'a3']);
  });

  it('filters by time range (from inclusive, to exclusive)', async () => {
    const page = await store.searchEvents(A, {
      from: new Date(T0 + 60_000).toISOString(),
      to: new Date(T0 + 180_000).toISOString(),
    });
    expect(page.hits.map((h) => labelOf.get(h.id)).sort()).toEqual(['a2', 'a3']);
  });

  it('computes date histograms and top-N aggregations', async () => {
    const h = await store.histogram(A, {
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 300_000).toISOString(),
      intervalSeconds: 120,
    });
    expect(h.map((b) => b.count)).toEqual([2, 2, 1]);
    expect(h[0].start).toBe(new Date(T0).toISOString());
    const ingested = await store.histogram(A, {
      from: new Date(T0 + 3600_000 - 60_000).toISOString(),
      to: new Date(T0 + 3600_000 + 60_000).toISOString(),
      intervalSeconds: 60,
      timeField: 'event.ingested',
    });
    expect(ingested.map((b) => b.count)).toEqual([0, 5]);
    const top = await store.topN(A, { field: 'host.name', size: 2 });
    expect(top).toEqual([
      { value: 'web-01', count: 2 },
      { value: 'WS-01', count: 1 },
    ]);
    const ports = await store.topN(A, {
      field: 'http.response.status_code',
      size: 5,
      kql: 'host.name:web-01',
    });
    expect(ports).toEqual([
      { value: '200', count: 1 },
      { value: '500', count: 1 },
    ]);
  });

  it('stores documents with optimistic concurrency: a stale update conflicts and changes nothing', async () => {
    const created = await store.putDocument(
      A,
      'incidents',
      'inc-1',
      { title: 'Spray', status: 'new' },
      { ifVersion: null },
    );
    await expect(
      store.putDocument(A, 'incidents', 'inc-1', { title: 'x' }, { ifVersion: null }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    const first = await store.putDocument(
      A,
      'incidents',
      'inc-1',
      { title: 'Spray', status: 'acknowledged' },
      { ifVersion: created.version },
    );
    await expect(
      store.putDocument(
        A,
        'incidents',
        'inc-1',
        { title: 'Spray', status: 'closed' },
        { ifVersion: created.version },
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    const now = await store.getDocument(A, 'incidents', 'inc-1');
    expect(now).toMatchObject({ version: first.version, doc: { status: 'acknowledged' } });
    expect(await store.getDocument(B, 'incidents', 'inc-1')).toBeUndefined();
  });

  it('stores a document whose arrays mix integers and decimals (alert evidence, model parameters)', async () => {
    const doc = { evidence: { top: [{ contribution: 1 }, { contribution: 0.5 }], values: [0.962, 8] } };
    await store.putDocument(A, 'config', 'mixed-numbers', { means: [1, 0.5, 2], ...doc });
    const got = await store.getDocument(A, 'config', 'mixed-numbers');
    expect(got?.doc).toMatchObject({ means: [1, 0.5, 2], ...doc });
  });

  it('lists, filters, sorts and pages documents per tenant', async () => {
    for (const [i, sev] of ['high', 'low', 'critical', 'low'].entries()) {
      await store.putDocument(A, 'alerts', `al-${i}`, {
        severity: sev,
        rule: { title: `Rule ${i}` },
        n: `${i}`,
      });
    }
    await store.putDocument(B, 'alerts', 'al-x', { severity: 'low' });
    const low = await store.listDocuments(A, 'alerts', { kql: 'severity:low', sortBy: 'n', order: 'desc' });
    expect(low.items.map((d) => d.id)).toEqual(['al-3', 'al-1']);
    expect(low.total).toBe(2);
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listDocuments(A, 'alerts', { size: 3, sortBy: 'n', cursor });
      pages.push(...page.items.map((d) => d.id));
      cursor = page.cursor;
    } while (cursor);
    expect(pages).toEqual(['al-0', 'al-1', 'al-2', 'al-3']);
    expect(await store.deleteDocument(A, 'alerts', 'al-0')).toBe(true);
    expect(await store.deleteDocument(A, 'alerts', 'al-0')).toBe(false);
    expect((await store.listDocuments(B, 'alerts')).items.map((d) => d.id)).toEqual(['al-x']);
  });

  it('rejects a malformed query with a clear error', async () => {
    await expect(store.searchEvents(A, { kql: 'user.name:(alice' })).rejects.toThrow(/KQL: expected rparen/);
  });
});
