/**
 * Concurrency on the real stores (DuckDB file, and Elasticsearch when reachable; required in CI): two workers
 * grouping alerts of the same entities create one incident, and two analysts writing the same version of an
 * incident at the same moment get one success and one conflict carrying the current version — nothing is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, VigieError } from '../../src/common/errors.js';
import { IncidentGrouper } from '../../src/incidents/incident-grouper.js';
import type { Incident } from '../../src/incidents/incident.model.js';
import { UpdateIncidentUseCase } from '../../src/incidents/update-incident.use-case.js';
import { DuckDbStorageAdapter } from '../../src/storage/duckdb/duckdb-storage.adapter.js';
import { ElasticsearchStorageAdapter } from '../../src/storage/elasticsearch/elasticsearch-storage.adapter.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { elasticsearchUrl, serviceAvailable, uniqueName } from '../support/services.js';
import { makeAlert } from './alert-factory.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-incidents-conc-'));
const esPrefix = uniqueName('inctest');
const targets: { name: string; alerts: number; make: () => StoragePort }[] = [
  { name: 'duckdb', alerts: 20, make: () => new DuckDbStorageAdapter(join(dir, 'vigie.duckdb')) },
];
if (await serviceAvailable('Elasticsearch')) {
  targets.push({
    name: 'elasticsearch',
    alerts: 8,
    make: () => new ElasticsearchStorageAdapter({ url: elasticsearchUrl, prefix: esPrefix }),
  });
}
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (targets.length > 1)
    await fetch(`${elasticsearchUrl}/${esPrefix}-*?expand_wildcards=all`, { method: 'DELETE' }).catch(
      () => undefined,
    );
});

describe.each(targets)('incidents concurrency on $name', (target) => {
  let storage: StoragePort;
  beforeAll(async () => {
    storage = target.make();
    await storage.init();
  });
  afterAll(async () => storage?.close());

  it('two workers grouping alerts of one host at once create a single incident holding every alert once', async () => {
    const alerts = Array.from({ length: target.alerts }, (_, i) =>
      makeAlert({
        rule: { id: `rule-${i % 4}`, title: `Rule ${i % 4}` },
        event_time: new Date(Date.parse('2025-03-10T10:00:00.000Z') + i * 30_000).toISOString(),
        entities: { hosts: ['srv-web-01'], users: i % 3 ? ['carol'] : [], source_ips: [`10.1.0.${i}`] },
      }),
    );
    const w1 = new IncidentGrouper(storage);
    const w2 = new IncidentGrouper(storage);
    // Alerts dealt alternately, one alert per call so the workers interleave; the first alert is delivered to both.
    await Promise.all([
      (async () => {
        for (const a of alerts.filter((_, i) => i % 2 === 0)) await w1.onAlerts('acme', [a]);
      })(),
      (async () => {
        await w2.onAlerts('acme', [alerts[0]]);
        for (const a of alerts.filter((_, i) => i % 2 === 1)) await w2.onAlerts('acme', [a]);
      })(),
    ]);
    await storage.refresh();
    const { items } = await storage.listDocuments<Incident>('acme', 'incidents', { size: 10 });
    expect(items).toHaveLength(1);
    expect(items[0].doc.alert_count).toBe(target.alerts);
    expect([...items[0].doc.alert_ids].sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('two analysts writing the same version: one wins, the other gets a conflict with the current version', async () => {
    await storage.refresh();
    const [{ id, version }] = (await storage.listDocuments<Incident>('acme', 'incidents', { size: 1 })).items;
    const alice = new UpdateIncidentUseCase(storage);
    const bob = new UpdateIncidentUseCase(storage);
    const results = await Promise.allSettled([
      alice.assign({ tenant: 'acme', user: 'alice' }, id, version, 'alice'),
      bob.comment({ tenant: 'acme', user: 'bob' }, id, version, 'looking at the web logs'),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const err = failed[0].reason as VigieError;
    expect(err).toBeInstanceOf(VigieError);
    expect(err.code).toBe(ErrorCode.Conflict);
    const current = await storage.getDocument<Incident>('acme', 'incidents', id);
    expect(err.details?.current_version).toBe(current!.version);
    // The loser reloads and applies its change again: both changes are kept.
    const loserIsBob = results[1].status === 'rejected';
    if (loserIsBob)
      await bob.comment({ tenant: 'acme', user: 'bob' }, id, current!.version, 'looking at the web logs');
    else await alice.assign({ tenant: 'acme', user: 'alice' }, id, current!.version, 'alice');
    const final = (await storage.getDocument<Incident>('acme', 'incidents', id))!.doc;
    expect(final.assignee).toBe('alice');
    expect(final.comments.map((c) => `${c.author}:${c.text}`)).toEqual(['bob:looking at the web logs']);
    expect(
      final.audit
        .filter((e) => e.actor !== 'system')
        .map((e) => e.action)
        .sort(),
    ).toEqual(['assign', 'comment']);
  });
});
