/**
 * The demo replay on the real application in embedded mode (DuckDB file, in-process queue, the registered
 * pipeline stages): `POST /api/demo/replay` stores every record of the scenario through the ingest path, enriched
 * with the demo company's assets, identities and GeoIP; when the detection module is part of the app, the alerts
 * are exactly the starter-pack rules the intrusion steps expect (none from the benign day); `seedOnce` is
 * idempotent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { DemoService } from '../../src/demo/demo.service.js';
import { INTRUSION_STEPS } from '../../src/demo/intrusion.js';

const HAS_DETECTION = existsSync(
  fileURLToPath(new URL('../../src/detection/detection.module.ts', import.meta.url)),
);
let app: NestExpressApplication;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-demo-'));

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', TENANT: 'acme', LOG_LEVEL: 'silent' });
  app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const get = async (path: string): Promise<Json> => (await fetch(base + path)).json();

describe('demo replay (embedded)', () => {
  let replay: Json;

  it('replays the scenario through the ingest path and answers once it is stored', async () => {
    const t0 = Date.now();
    const res = await fetch(`${base}/api/demo/replay?tenant=demo`, { method: 'POST' });
    replay = await res.json();
    expect(res.status, JSON.stringify(replay)).toBe(200);
    expect(replay).toMatchObject({ tenant: 'demo', rejected: 0, assets: expect.any(Number), identities: 30 });
    expect(replay.stored).toBe(replay.records);
    expect(replay.accepted).toBe(replay.records);
    expect((await get('/api/deadletters?tenant=demo')).total ?? 0).toBe(0);
    console.info(`demo replay: ${replay.records} records stored in ${Date.now() - t0} ms`);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);

  it('stores events enriched with the demo assets, identities and GeoIP', async () => {
    const spray = await get(
      `/api/events?tenant=demo&size=50&q=${encodeURIComponent('event.code:4625 AND source.ip:185.220.101.34')}`,
    );
    expect(spray.total).toBe(14);
    const doc = spray.hits[0].doc;
    expect(doc.vigie.asset).toMatchObject({ criticality: 'critical', owner: 'it-infra', zone: 'servers' });
    expect(doc.source.geo.country_iso_code).toMatch(/^[A-Z]{2}$/);
    expect(doc.source.as.number).toBeGreaterThan(0);
    const victim = await get(
      `/api/events?tenant=demo&size=1&q=${encodeURIComponent('event.code:4624 AND user.name:mdupont AND source.ip:185.220.101.34')}`,
    );
    expect(victim.hits[0].doc.vigie.identity).toMatchObject({
      department: 'Finance',
      privileged: false,
      manager: 'jlefevre',
    });
  });

  it.skipIf(!HAS_DETECTION)(
    'raises exactly the Sigma alerts the intrusion steps expect, none from the benign day',
    async () => {
      const titles = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await get(
          `/api/alerts?tenant=demo&size=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        for (const a of page.items ?? []) {
          // Statistical (baseline) detectors are not part of the starter pack's contract with the scenario.
          if ((a.type ?? a.rule?.type ?? a.doc?.rule?.type) === 'statistical') continue;
          titles.add(a.rule_title ?? a.rule?.title ?? a.doc?.rule?.title);
        }
        cursor = page.cursor;
      } while (cursor);
      const expected = new Set(INTRUSION_STEPS.flatMap((s) => s.expectedRules));
      for (const step of INTRUSION_STEPS)
        for (const rule of step.expectedRules) expect(titles.has(rule), `${step.step}: ${rule}`).toBe(true);
      expect([...titles].filter((t) => !expected.has(t))).toEqual([]);
    },
  );

  it('seeds a tenant only once (marker document)', async () => {
    const demo = app.get(DemoService);
    const first = await demo.seedOnce('demo_once');
    expect(first?.records).toBeGreaterThan(4000);
    expect(await demo.seedOnce('demo_once')).toBeUndefined();
    const events = await get('/api/events?tenant=demo_once&size=1');
    expect(events.total).toBe(first!.records);
  }, 120_000);
});
