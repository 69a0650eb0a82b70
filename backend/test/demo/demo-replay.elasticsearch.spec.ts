/**
 * The demo replay with Elasticsearch storage and the BullMQ queue on Redis (real services; CI requires them):
 * every record stored, and the starter pack's expected alerts raised, grouped into incidents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { INTRUSION_STEPS } from '../../src/demo/intrusion.js';
import { elasticsearchUrl, redisUrl, serviceAvailable, uniqueName } from '../support/services.js';

const ready = (await serviceAvailable('Elasticsearch')) && (await serviceAvailable('Redis'));
const prefix = uniqueName('demo');
// A fresh tenant: correlation state lives in Redis per tenant, and a replay minutes after another one on the same
// tenant is (rightly) muted by the earlier alerts.
const tenant = uniqueName('demo_');
const dir = mkdtempSync(join(tmpdir(), 'vigie-demo-es-'));
let app: NestExpressApplication;
let base: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const get = async (path: string): Promise<Json> => (await fetch(base + path)).json();

describe.skipIf(!ready)('demo replay on Elasticsearch + Redis', () => {
  beforeAll(async () => {
    const config = loadConfig({
      STORAGE: 'elasticsearch',
      ELASTICSEARCH_URL: elasticsearchUrl,
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      DATA_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    await fetch(`${elasticsearchUrl}/_data_stream/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${elasticsearchUrl}/${prefix}-*?expand_wildcards=all`, { method: 'DELETE' }).catch(
      () => undefined,
    );
  });

  it('stores every record and raises the expected alerts and incidents', async () => {
    const res = await fetch(`${base}/api/demo/replay?tenant=${tenant}`, { method: 'POST' });
    const r = (await res.json()) as { stored: number; records: number; rejected: number };
    expect(res.status, JSON.stringify(r)).toBe(200);
    expect(r.stored).toBe(r.records);
    expect(r.rejected).toBe(0);
    const titles = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await get(
        `/api/alerts?tenant=${tenant}&size=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const a of page.items ?? []) titles.add(a.rule_title ?? a.rule?.title);
      cursor = page.cursor;
    } while (cursor);
    for (const step of INTRUSION_STEPS)
      for (const rule of step.expectedRules) expect(titles.has(rule), `${step.step}: ${rule}`).toBe(true);
    const incidents = await get(`/api/incidents?tenant=${tenant}`);
    expect(incidents.total ?? incidents.items?.length).toBeGreaterThan(0);
  }, 180_000);
});
