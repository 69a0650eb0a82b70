/**
 * The demo scenario replayed on the real application (embedded: DuckDB, in-process queue, enrichment, Sigma
 * detection, the baseline stage): every baseline detector an intrusion step lists fires on that step's events, the
 * benign day raises no baseline alert, and at least 25% of the scenario's true detections (alerts on intrusion
 * events) come from baselines. Also: the default pack is ≥ 25% statistical among enabled content
 * (`GET /api/rules?enabled=true`, what `vigie rules list --json --enabled` prints), and a baseline alert carries
 * its evidence and joins an incident.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { generateScenario } from '../../src/demo/scenario.js';
import { INTRUSION_STEPS } from '../../src/demo/intrusion.js';
import type { StoragePort } from '../../src/storage/storage.port.js';
import { STORAGE } from '../../src/tokens.js';

let app: NestExpressApplication;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-bl-demo-'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const get = async (path: string): Promise<Json> => (await fetch(base + path)).json();

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

async function allAlerts(tenant: string): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(
      `/api/alerts?tenant=${tenant}&size=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...(page.items ?? []));
    cursor = page.cursor;
  } while (cursor);
  return out;
}

describe('baselines in the demo scenario', () => {
  it('has ≥ 25% statistical detectors among the enabled rules of the default pack', async () => {
    const rules: Json[] = await get('/api/rules?tenant=acme&enabled=true');
    const stat = rules.filter((r) => r.type === 'statistical').length;
    console.log(
      `enabled rules: ${rules.length}, statistical: ${stat} (${((100 * stat) / rules.length).toFixed(1)}%)`,
    );
    expect(stat / rules.length).toBeGreaterThanOrEqual(0.25);
  });

  it('fires the baselines each step lists, none on the benign day, and supplies ≥ 25% of the true detections', async () => {
    const res = await fetch(`${base}/api/demo/replay?tenant=demo`, { method: 'POST' });
    const replay: Json = await res.json();
    expect(res.status, JSON.stringify(replay)).toBe(200);
    const scenario = generateScenario({ seed: replay.seed, end: new Date(replay.end) });
    const stepOfRaw = new Map<string, string>();
    // a record's identity: the raw line, else its Windows record id or CloudTrail event id
    const trail = (r: Json) => (typeof r === 'string' && r.startsWith('{') ? JSON.parse(r) : r);
    const rawKey = (rec: Json) => {
      const r = trail(rec);
      if (typeof r === 'string') return r;
      return r.winlog?.record_id !== undefined
        ? `win:${r.winlog.record_id}`
        : `ct:${r.eventName}|${new Date(r.eventTime).toISOString()}`;
    };
    const docKey = (d: Json) =>
      d.winlog?.record_id !== undefined
        ? `win:${d.winlog.record_id}`
        : d.cloud?.provider === 'aws'
          ? `ct:${d.event?.action}|${new Date(d['@timestamp']).toISOString()}`
          : d.event?.original;
    for (const r of scenario.records) stepOfRaw.set(rawKey(r.record), r.step);
    // every stored event's step, through its raw record (event.original)
    const storage = app.get<StoragePort>(STORAGE);
    const stepOf = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await storage.searchEvents('demo', { size: 1000, cursor });
      for (const e of page.hits) {
        stepOf.set(e.id, stepOfRaw.get(String(docKey(e.doc))) ?? 'unknown');
      }
      cursor = page.cursor;
    } while (cursor);
    const alerts = await allAlerts('demo');
    const fired = new Map<string, Set<string>>();
    let trueSigma = 0;
    let trueBaseline = 0;
    const benign: string[] = [];
    for (const a of alerts) {
      const steps = new Set<string>((a.event_ids as string[]).map((id) => stepOf.get(id) ?? 'unknown'));
      const statistical = a.rule.type === 'statistical';
      const onIntrusion = [...steps].some((st) => st !== 'benign' && st !== 'unknown');
      if (!onIntrusion) {
        // silent-source alerts have no events; none is expected in the demo either
        benign.push(`${a.rule.title} ${JSON.stringify(a.evidence?.observed ?? a.entities)}`);
        continue;
      }
      if (statistical) trueBaseline++;
      else trueSigma++;
      for (const st of steps) {
        const set = fired.get(st) ?? new Set<string>();
        set.add(a.rule.title);
        fired.set(st, set);
      }
      if (statistical) {
        expect(a.evidence, a.rule.title).toMatchObject({
          observed: expect.anything(),
          expected: expect.any(String),
          baseline: expect.any(String),
          score: expect.any(Number),
        });
      }
    }
    expect(benign).toEqual([]);
    for (const step of INTRUSION_STEPS)
      for (const title of step.baselines ?? [])
        expect(fired.get(step.step)?.has(title), `${step.step}: ${title}`).toBe(true);
    const share = trueBaseline / (trueBaseline + trueSigma);
    console.log(
      `demo true detections: ${trueSigma} Sigma/correlation + ${trueBaseline} baseline alerts → baseline share ${(100 * share).toFixed(1)}%`,
    );
    expect(share).toBeGreaterThanOrEqual(0.25);
    // a baseline alert is grouped into an incident like any other
    const beacon = alerts.find((a) => a.rule.id === 'beaconing');
    expect(
      beacon?.incident_id ?? (await get(`/api/alerts/${beacon?.id}?tenant=demo`)).incident_id,
    ).toBeTruthy();
  }, 240_000);
});
