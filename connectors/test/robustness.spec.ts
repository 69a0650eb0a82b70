/**
 * Regression cases of the fuzz test's findings: inputs that made a parser throw or run in super-linear time.
 * Each must give an event, or a reject/skip with a reason, and a 1 MB line must parse in well under a second.
 */
import { describe, expect, it } from 'vitest';
import type { ParseOutcome, RawRecord } from '../src/connector.js';
import { connectors, getConnector } from '../src/registry.js';
import { fromFlat, getField, toFlat } from '../src/util/ecs.js';

const ctx = { options: {}, now: new Date('2025-06-01T12:00:00Z') };
const MB = 1024 * 1024;
/** Per 1 MB record; linear parsers take 5–150 ms here, the quadratic ones took 3 s to minutes. */
const HUGE_BOUND_MS = 1000;

function run(id: string, raw: RawRecord): { outcome: ParseOutcome; ms: number } {
  const c = getConnector(id);
  if (!c) throw new Error(`no connector ${id}`);
  let best = Infinity;
  let outcome: ParseOutcome | undefined;
  // Best of two: a GC pause or a busy machine should not fail a linear parser.
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    outcome = c.parse(raw, ctx);
    best = Math.min(best, performance.now() - t0);
    if (best < HUGE_BOUND_MS / 4) break;
  }
  return { outcome: outcome!, ms: best };
}

function expectAnswered(o: ParseOutcome): void {
  expect(['event', 'reject', 'skip']).toContain(o.kind);
  if (o.kind !== 'event') expect(o.reason.trim()).not.toBe('');
  else expect(() => JSON.stringify(o.event)).not.toThrow();
}

describe('parsers answer malformed records with a reason instead of throwing', () => {
  it('imperva-waf: an unknown zone in rt', () => {
    const o = run('imperva-waf', 'CEF:|Imperva||||||rt=Oct 5 2023 18:35:08 t').outcome;
    expectAnswered(o);
    expect(o.kind).toBe('reject');
  });

  it('modsecurity: null and non-object entries in transaction.messages', () => {
    const rec = {
      transaction: {
        time_stamp: 'Mon Jan 20 10:00:00 2025',
        client_ip: '198.51.100.7',
        host_ip: '10.0.0.5',
        host_port: 443,
        request: { method: 'GET', uri: '/x', headers: { Host: 'web.example' } },
        response: { http_code: 403 },
        messages: [
          null,
          42,
          { message: 'SQL Injection Attack', details: { ruleId: '942100', severity: '2' } },
        ],
      },
    };
    const o = run('modsecurity', rec).outcome;
    expect(o.kind).toBe('event');
    if (o.kind === 'event') expect(getField(o.event, 'rule.id')).toBe('942100');
  });

  it('windows-security / sysmon-linux: winlog that is not an object', () => {
    for (const id of ['windows-security', 'sysmon-linux', 'sysmon', 'powershell', 'windows-system']) {
      for (const raw of [
        '{"winlog":"x","message":"y"}',
        '{"a":{"winlog":1}}',
        { winlog: 'x' } as RawRecord,
        '{"Event":null}',
        '{"Event":"x"}',
      ]) {
        expectAnswered(run(id, raw).outcome);
      }
    }
  });

  it('auditd: an audit time out of the Date range', () => {
    const o = run('auditd', 'type=L msg=audit(14896369648963:1):').outcome;
    expect(o.kind).toBe('reject');
  });

  it('every connector: 20,000-deep nested JSON, as a line and inside message', () => {
    const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const deepArr = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const id of [
      'json',
      'aws-cloudtrail',
      'okta',
      'zeek',
      'suricata',
      'windows-security',
      'cisco-umbrella',
      'kv',
    ]) {
      for (const raw of [deep, deepArr, JSON.stringify({ message: deep })]) {
        const { outcome, ms } = run(id, raw);
        expectAnswered(outcome);
        expect(ms).toBeLessThan(250);
      }
    }
    const o = run('json', deep).outcome;
    expect(o).toMatchObject({ kind: 'reject' });
    if (o.kind === 'reject') expect(o.reason).toMatch(/nested deeper/);
  });

  it('every connector: structured records holding 20,000-deep objects or arrays', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const arr: unknown[] = [];
    let cur = arr;
    for (let i = 0; i < 20_000; i++) {
      const next: unknown[] = [];
      cur.push(next);
      cur = next;
    }
    const inputs: RawRecord[] = [
      deep,
      { message: 'x', deep },
      { deep },
      { x: arr },
      { Records: [deep] },
      { EventID: 4624, Channel: 'Security', x: deep },
      { winlog: { event_id: 1, channel: 'Security', event_data: deep } },
      { event_id: 4624, log_name: 'Security', event_data: { x: deep } },
      { Event: { System: { EventID: 1, Channel: 'Security' }, EventData: deep } },
      {
        time: '2024-01-01T00:00:00Z',
        timestamp: '2024-01-01T00:00:00Z',
        event_type: 'alert',
        transaction: { time_stamp: 'Mon Jan 20 10:00:00 2025' },
        deep,
      },
    ];
    for (const c of connectors) for (const raw of inputs) expectAnswered(run(c.id, raw).outcome);
  });

  it('ecs helpers bound their recursion on deep documents', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(() => toFlat(deep)).not.toThrow();
    expect(Object.keys(toFlat(deep)).length).toBe(1);
    const longPath = Array.from({ length: 20_000 }, () => 'a').join('.');
    expect(() => getField(deep, longPath + '.leaf')).not.toThrow();
    expect(() => fromFlat({ [longPath]: 1 })).not.toThrow();
  });
});

describe('1 MB lines parse in linear time', () => {
  const cases: [string, string][] = [
    ['checkpoint', 'CEF:0|Check Point|' + 'A'.repeat(MB)],
    [
      'checkpoint',
      '<134>1 2024-01-20T10:00:00Z cp CheckPoint 1 - [origin:"10.0.0.1"; ' + 'A'.repeat(MB) + ':"x"]',
    ],
    ['juniper-srx', '<14>1 2024-01-20T10:00:00Z srx RT_FLOW - RT_FLOW_SESSION_CREATE ' + 'A'.repeat(MB)],
    ['cisco-umbrella', '"2024-01-20 10:00:00","a","b" x="' + 'a\\"'.repeat(MB / 3) + '"'],
    ['zscaler-zia', 'time=x x="' + 'a\\"'.repeat(MB / 3) + '"'],
    [
      'snort',
      'Sep  5 16:05:26 dev snort: [1:1000016:0] TCP Connection [Priority: 3] {TCP} 10.0.0.1:58720 -> 10.0.0.2:80 '.repeat(
        MB / 100,
      ),
    ],
    ['snort', '[1:1:1] ' + '['.repeat(MB)],
  ];
  for (const [id, line] of cases) {
    it(`${id}: ${JSON.stringify(line.slice(0, 60))}… (${line.length} chars)`, () => {
      const { outcome, ms } = run(id, line);
      expectAnswered(outcome);
      expect(ms).toBeLessThan(HUGE_BOUND_MS);
    });
  }
});
