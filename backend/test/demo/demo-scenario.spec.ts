/**
 * The demo scenario against the real connectors and the real starter pack: every raw record parses (0 rejects),
 * every intrusion step has events, the generator is reproducible, and the starter pack (sigma-ts engine with the
 * `ecs` pipeline + correlation engine, the same components the detection stage uses) fires each step's expected
 * rules — and nothing on the benign day.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConnector, safeParse, type SigmaLogsource } from '@vigie/connectors';
import {
  CorrelationEngine,
  MemoryCorrelationState,
  compileRuleSet,
  listFiles,
  loadRuleSet,
  toRuleMatch,
} from 'sigma-ts';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../src/demo/scenario.js';
import { toStoredEvent, type StoredEvent } from '../../src/events/event.model.js';

const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url));
const END = new Date('2026-05-04T16:30:00Z');

function parseAll(s: ReturnType<typeof generateScenario>) {
  const now = new Date(END.getTime() + 5 * 60_000);
  const rejects: string[] = [];
  const events: { step: string; event: StoredEvent }[] = [];
  s.records.forEach((r, i) => {
    const connector = getConnector(r.source)!;
    const out = safeParse(connector, r.record, { options: {}, now });
    if (out.kind !== 'event') {
      rejects.push(`${r.source} #${i} (${r.step}): ${out.kind === 'reject' ? out.reason : 'skipped'}`);
      return;
    }
    const raw = typeof r.record === 'string' ? r.record : JSON.stringify(r.record);
    const logsource =
      (out.event.vigie as { logsource?: SigmaLogsource } | undefined)?.logsource ?? connector.logsources[0];
    events.push({
      step: r.step,
      event: toStoredEvent(
        out.event,
        { tenant: 'demo', connector: r.source, raw, position: String(i), logsource },
        now,
      ),
    });
  });
  return { rejects, events };
}

describe('demo scenario', () => {
  const s = generateScenario({ end: END });
  const { rejects, events } = parseAll(s);

  it('is a day of a few thousand events for a few dozen users and hosts, ending at `end`', () => {
    expect(s.records.length).toBeGreaterThan(4000);
    const first = s.records[0].at.getTime();
    const last = s.records[s.records.length - 1].at.getTime();
    expect(END.getTime() - first).toBeGreaterThan(20 * 3600_000);
    expect(last).toBeLessThanOrEqual(END.getTime());
    const hosts = new Set(
      events.map((e) => (e.event.doc as { host?: { name?: string } }).host?.name).filter(Boolean),
    );
    expect(hosts.size).toBeGreaterThanOrEqual(25);
    expect(new Set(s.records.map((r) => r.source))).toEqual(
      new Set([
        'windows-security',
        'windows-system',
        'sysmon',
        'linux-auth',
        'nginx-access',
        'squid',
        'aws-cloudtrail',
      ]),
    );
  });

  it('parses every raw record with its connector (0 rejects)', () => {
    expect(rejects).toEqual([]);
    expect(events.length).toBe(s.records.length);
  });

  it('has events for every intrusion step, with event times inside the step', () => {
    for (const step of s.steps) {
      const mine = s.records.filter((r) => r.step === step.step);
      expect(mine.length, step.step).toBeGreaterThan(0);
      const start = END.getTime() - step.startsMinutesBeforeEnd * 60_000;
      for (const r of mine) expect(r.at.getTime(), step.step).toBeGreaterThanOrEqual(start);
    }
  });

  it('is reproducible from its seed, and another seed gives another day', () => {
    const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');
    expect(digest(generateScenario({ end: END }).records)).toBe(digest(s.records));
    expect(digest(generateScenario({ end: END, seed: 7 }).records)).not.toBe(digest(s.records));
  });

  it('ships an asset inventory and an identity directory covering the hosts and users of the scenario', () => {
    expect(s.assetsCsv.split('\n')[0]).toBe('host,criticality,owner,zone,tags');
    expect(s.assetsCsv).toMatch(/^dc01\.corp\.example,critical,/m);
    expect(s.identitiesCsv).toMatch(/^CORP\\mdupont,Finance,Accountant,false,jlefevre,/m);
  });

  it('makes the starter pack fire the expected rules per step, and none on the benign day', async () => {
    const files = listFiles([RULES_DIR], ['.yml'])
      .filter(
        (p) =>
          !p.endsWith('.tests.yml') && !p.endsWith('risk-catalogue.yml') && !/[\\/]baselines[\\/]/.test(p),
      )
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    const set = loadRuleSet(files, { pipeline: 'ecs' });
    expect(set.rejected).toEqual([]);
    const engine = compileRuleSet(set, { pipeline: 'ecs' });
    const correlations = new CorrelationEngine(set.correlations, new MemoryCorrelationState());
    const titles = new Map<string, string>([
      ...set.rules.map((r) => [r.id!, r.title] as const),
      ...set.correlations.map((c) => [c.key, c.title] as const),
    ]);
    const stepOf = new Map(events.map((e) => [e.event.id, e.step]));
    const fired = new Map<string, Set<string>>();
    const note = (step: string, title: string) => fired.set(step, (fired.get(step) ?? new Set()).add(title));
    // In event-time order, as the pipeline sees them after the replay's two phases.
    for (const { step, event } of events) {
      const matches = engine.match(event.doc);
      for (const m of matches)
        if (correlations.emitsRuleMatches(m.rule.id, m.rule.name)) note(step, m.rule.title);
      const alerts = await correlations.process(
        matches.map((m) =>
          toRuleMatch(m, { eventId: event.id, timestamp: Date.parse(event.doc['@timestamp']) }),
        ),
      );
      for (const a of alerts)
        if (a.emit)
          note(stepOf.get(a.eventIds[a.eventIds.length - 1])!, titles.get(a.correlationId) ?? a.title);
    }
    expect([...(fired.get('benign') ?? [])]).toEqual([]);
    for (const step of s.steps)
      expect([...(fired.get(step.step) ?? [])].sort(), step.step).toEqual([...step.expectedRules].sort());
  });
});
