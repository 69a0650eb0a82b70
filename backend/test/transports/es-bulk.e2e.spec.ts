/**
 * Elasticsearch `_bulk` compatibility end to end: the official Python client (Debian's python3-elasticsearch)
 * connects to the app as to an Elasticsearch 8 node (product check on `GET /`) and sends documents with
 * `helpers.bulk`; the events are then found in storage, routed by index name. Browsers still get the workbench at `/`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, removeDir, run, sendersAvailable, startApp, type Running } from './support.js';

const PYTHON = '/usr/bin/python3';
const ready = await sendersAvailable('Elasticsearch _bulk transport', [
  {
    path: PYTHON,
    pkg: 'python3-elasticsearch',
    check: async () => (await run(PYTHON, ['-c', 'import elasticsearch.helpers'])).code === 0,
  },
  { path: '/usr/bin/curl', pkg: 'curl' },
]);

const script = `
import json, sys
from elasticsearch import Elasticsearch, helpers
es = Elasticsearch([sys.argv[1]], timeout=20, max_retries=0)
info = es.info()
docs = [
  {"_index": "vigie-acme-linux-auth", "_source": {"@timestamp": "2024-05-01T10:00:00Z", "message": "May  1 10:00:00 web01 sshd[1]: Accepted password for bulk_user from 10.7.0.1 port 1 ssh2", "host": {"name": "web01"}, "agent": {"type": "filebeat"}}},
  {"_index": "filebeat-8.17.0", "_op_type": "create", "_source": {"message": "May  1 10:00:01 web01 sshd[2]: Failed password for invalid user bulk_auto from 10.7.0.2 port 2 ssh2"}},
  {"_index": "vigie-globex", "_id": "fixed-id-1", "_source": {"event": {"original": "May  1 10:00:02 gx sshd[3]: Accepted publickey for bulk_globex from 10.7.0.3 port 3 ssh2"}}},
  {"_op_type": "delete", "_index": "vigie-acme-linux-auth", "_id": "whatever"},
  {"_index": "vigie-acme-no-such-connector", "_source": {"message": "x"}},
]
ok, errors = helpers.bulk(es, docs, raise_on_error=False, stats_only=False)
print(json.dumps({"version": info["version"]["number"], "ok": ok, "errors": errors}))
`;

describe.skipIf(!ready)('Elasticsearch _bulk with the Python client', () => {
  let vigie: Running;
  const work = mkdtempSync(join(tmpdir(), 'vigie-bulk-'));

  beforeAll(async () => {
    vigie = await startApp({ ES_COMPAT_VERSION: '8.17.0' });
    writeFileSync(join(work, 'bulk.py'), script);
  });
  afterAll(async () => {
    await vigie?.close();
    removeDir(work);
    if (vigie) removeDir(vigie.dir);
  });

  it('passes the client product check and indexes with helpers.bulk; per-item errors for delete and unknown connectors', async () => {
    const r = await run(PYTHON, [join(work, 'bulk.py'), vigie.base], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.version).toBe('8.17.0');
    expect(out.ok).toBe(3);
    expect(
      out.errors.map(
        (e: Record<string, { status: number; error: { type: string } }>) =>
          Object.entries(e).map(([k, v]) => `${k}:${v.status}:${v.error.type}`)[0],
      ),
    ).toEqual(['delete:400:illegal_argument_exception', 'index:404:index_not_found_exception']);
    const mapped = await found(vigie.base, 'user.name:bulk_user');
    expect(mapped.hits[0].doc).toMatchObject({
      vigie: { connector: 'linux-auth', transport: { type: 'es-bulk', index: 'vigie-acme-linux-auth' } },
      source: { ip: '10.7.0.1' },
    });
    const auto = await found(vigie.base, 'user.name:bulk_auto');
    expect(auto.hits[0].doc.vigie).toMatchObject({
      connector: 'linux-auth',
      transport: { type: 'es-bulk', index: 'filebeat-8.17.0' },
    });
    const globex = await found(vigie.base, 'user.name:bulk_globex', 1, 'globex');
    expect(globex.hits[0].doc.event.original).toContain('bulk_globex');
  });

  it('answers the Beats/Logstash start-up probes and keeps the workbench for browsers', async () => {
    const probe = async (method: string, path: string, accept = 'application/json') => {
      const res = await fetch(vigie.base + path, { method, headers: { accept } });
      return {
        status: res.status,
        product: res.headers.get('x-elastic-product'),
        type: res.headers.get('content-type'),
        body: method === 'HEAD' ? '' : await res.text(),
      };
    };
    expect(await probe('HEAD', '/')).toMatchObject({ status: 200, product: 'Elasticsearch' });
    expect(JSON.parse((await probe('GET', '/_license')).body).license).toMatchObject({
      status: 'active',
      type: 'basic',
    });
    expect(JSON.parse((await probe('GET', '/_xpack')).body).features.ilm.available).toBe(true);
    expect(await probe('HEAD', '/_index_template/filebeat-8.17.0')).toMatchObject({ status: 200 });
    expect(JSON.parse((await probe('PUT', '/_ilm/policy/logstash-policy')).body)).toEqual({
      acknowledged: true,
    });
    expect(JSON.parse((await probe('GET', '/es/')).body).version.number).toBe('8.17.0');
    const browser = await probe('GET', '/', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(browser.type).toMatch(/text\/html/);
    expect(browser.product).toBeNull();
  });

  it('answers a malformed NDJSON line with an item error and accepts the rest (curl, Fluent Bit style)', async () => {
    const body = [
      '{"create":{"_index":"vigie-acme-auto"}}',
      '{"message": broken',
      '{"create":{"_index":"vigie-acme-auto"}}',
      '{"message":"May  1 10:00:05 web03 sshd[5]: Accepted password for curl_bulk from 10.7.0.5 port 5 ssh2"}',
      '',
    ].join('\n');
    const r = await run('/usr/bin/curl', [
      '-sS',
      '-H',
      'Content-Type: application/x-ndjson',
      '--data-binary',
      body,
      `${vigie.base}/_bulk`,
    ]);
    const answer = JSON.parse(r.stdout);
    expect(answer.errors).toBe(true);
    expect(answer.items.map((i: { create: { status: number } }) => i.create.status)).toEqual([400, 201]);
    expect((await found(vigie.base, 'user.name:curl_bulk')).total).toBe(1);
  });
});
