/**
 * The directory store and the per-worker cache on real storage: DuckDB always, Elasticsearch when reachable (CI
 * requires it). Chunked revisions, concurrent imports that both land, and a second "worker" seeing an import once
 * its cache TTL has passed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryCache } from '../../src/enrichment/directory.cache.js';
import { DirectoryService } from '../../src/enrichment/directory.service.js';
import { CHUNK_SIZE, DirectoryStore } from '../../src/enrichment/directory.store.js';
import { DuckDbStorageAdapter } from '../../src/storage/duckdb/duckdb-storage.adapter.js';
import { ElasticsearchStorageAdapter } from '../../src/storage/elasticsearch/elasticsearch-storage.adapter.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { elasticsearchUrl, serviceAvailable, uniqueName } from '../support/services.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-dirstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const esAvailable = await serviceAvailable('Elasticsearch');
const targets: { name: string; make: () => StoragePort }[] = [
  { name: 'duckdb', make: () => new DuckDbStorageAdapter(join(dir, 'vigie.duckdb')) },
];
if (esAvailable)
  targets.push({
    name: 'elasticsearch',
    make: () => new ElasticsearchStorageAdapter({ url: elasticsearchUrl, prefix: uniqueName('dir') }),
  });

describe.each(targets)('directory store on $name', ({ make }) => {
  let storage: StoragePort;

  it('stores a large import in chunks and reads it back whole; the old revision is removed', async () => {
    storage = make();
    await storage.init();
    const service = new DirectoryService(new DirectoryStore(storage));
    const n = CHUNK_SIZE * 2 + 17;
    const csv = [
      'host,criticality,zone',
      ...Array.from(
        { length: n },
        (_, i) =>
          `host-${String(i).padStart(5, '0')}.corp.example,${['low', 'medium', 'high', 'critical'][i % 4]},z${i % 7}`,
      ),
    ].join('\n');
    const r1 = await service.import({ tenant: 'acme', kind: 'assets', text: csv });
    expect(r1).toMatchObject({ revision: 1, imported: n, total: n, rejected: 0 });
    const r2 = await service.import({
      tenant: 'acme',
      kind: 'assets',
      text: 'host,criticality\nextra,low\n',
    });
    expect(r2).toMatchObject({ revision: 2, total: n + 1 });
    const snap = await new DirectoryStore(storage).load('acme', 'assets');
    expect(snap.entries.size).toBe(n + 1);
    expect(snap.entries.get('host-04000.corp.example')).toEqual({
      host: 'host-04000.corp.example',
      criticality: 'low',
      zone: 'z3',
    });
    expect(
      (await storage.listDocuments('acme', 'config', { size: 100 })).items
        .map((d) => d.id)
        .filter((id) => id.startsWith('enrichment.assets.r1.')),
    ).toEqual([]);
    const page = await service.list('acme', 'assets', { filter: 'z6', size: 10 });
    expect(page.total).toBe(Math.ceil((n - 6) / 7));
    expect(
      (
        await service.import({
          tenant: 'acme',
          kind: 'assets',
          text: 'host,criticality\nonly,high\n',
          mode: 'replace',
        })
      ).total,
    ).toBe(1);
  }, 120_000);

  it('keeps both of two concurrent imports (optimistic concurrency, re-applied)', async () => {
    const a = new DirectoryService(new DirectoryStore(storage));
    const b = new DirectoryService(new DirectoryStore(storage));
    await Promise.all([
      a.import({ tenant: 'race', kind: 'identities', text: 'user,department\nalice,Finance\n' }),
      b.import({ tenant: 'race', kind: 'identities', text: 'user,department\nbob,IT\n' }),
    ]);
    const all = await a.list('race', 'identities');
    expect(all.items.map((i) => (i as { user: string }).user).sort()).toEqual(['alice', 'bob']);
    expect(all.revision).toBe(2);
  }, 60_000);

  it('lets another worker see an import once its cache TTL has passed', async () => {
    let now = 0;
    const cache = new DirectoryCache(new DirectoryStore(storage), 5000, () => now);
    expect((await cache.index('ttl')).asset('srv')).toBeUndefined();
    await new DirectoryService(new DirectoryStore(storage)).import({
      tenant: 'ttl',
      kind: 'assets',
      text: 'host,criticality\nsrv,high\n',
    });
    now = 4000;
    expect((await cache.index('ttl')).asset('srv')).toBeUndefined();
    now = 5001;
    expect((await cache.index('ttl')).asset('srv')).toMatchObject({ criticality: 'high' });
    await storage.close();
  }, 60_000);
});
