/**
 * The starter rule pack (`rules/`): every detection rule loads, carries ATT&CK tags, a level and a risk type of
 * the catalogue, and passes its positive/negative test events (`runRuleTests`, as `vigie sigma test rules/`);
 * the correlation rules fire on the sequences they describe and not on near misses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CorrelationEngine,
  MemoryCorrelationState,
  compileRuleSet,
  listFiles,
  loadRuleSet,
  runRuleTests,
  toRuleMatch,
  type RuleSet,
} from 'sigma-ts';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
/** Sigma documents of the pack: not the test events, the risk catalogue, or `baselines/` (statistical detector definitions, not Sigma). */
const ruleFiles = listFiles([RULES_DIR], ['.yml']).filter(
  (p) => !p.endsWith('.tests.yml') && !p.endsWith('risk-catalogue.yml') && !/[\\/]baselines[\\/]/.test(p),
);
const set: RuleSet = loadRuleSet(
  ruleFiles.map((path) => ({ path, text: readFileSync(path, 'utf8') })),
  { pipeline: 'ecs' },
);
const catalogue = parse(readFileSync(`${RULES_DIR}/risk-catalogue.yml`, 'utf8')) as {
  risk_types: Record<string, { tactics: string[] }>;
};

describe('starter rule pack', () => {
  it('loads every rule and correlation without rejection', () => {
    expect(set.rejected).toEqual([]);
    expect(set.rules.length).toBeGreaterThanOrEqual(20);
    expect(set.correlations.length).toBeGreaterThanOrEqual(2);
  });

  it('passes the test events of every detection rule (vigie sigma test rules/)', () => {
    const report = runRuleTests([RULES_DIR]);
    expect(report.rejected).toEqual([]);
    expect(report.results.flatMap((r) => r.failures)).toEqual([]);
    expect(report.failed).toBe(0);
    // Every detection rule has its tests file (correlations are tested below).
    expect(report.withTests).toBe(set.rules.length);
    expect(report.passed).toBe(set.rules.length);
  });

  it('gives every rule ATT&CK tags, a level and a catalogued risk type matching its tactics', () => {
    for (const path of ruleFiles) {
      const doc = parse(readFileSync(path, 'utf8')) as {
        level?: string;
        tags?: string[];
        custom?: { vigie?: { risk_type?: string } };
        id?: string;
      };
      const tactics = (doc.tags ?? [])
        .filter((t) => /^attack\.[a-z_]+$/.test(t))
        .map((t) => t.slice('attack.'.length));
      expect(doc.id, path).toMatch(/^[0-9a-f-]{36}$/);
      expect(['low', 'medium', 'high', 'critical'], path).toContain(doc.level);
      expect(tactics.length, `${path}: ATT&CK tactic tags`).toBeGreaterThan(0);
      expect(
        (doc.tags ?? []).some((t) => /^attack\.t\d{4}/.test(t)),
        `${path}: ATT&CK technique tag`,
      ).toBe(true);
      const risk = doc.custom?.vigie?.risk_type;
      expect(Object.keys(catalogue.risk_types), `${path}: risk type`).toContain(risk);
      expect(
        tactics.some((t) => catalogue.risk_types[risk!].tactics.includes(t)),
        `${path}: ${risk} vs ${tactics.join(',')}`,
      ).toBe(true);
    }
  });
});

describe('starter pack correlations', () => {
  const engine = compileRuleSet(set, { pipeline: 'ecs' });
  const T0 = Date.parse('2026-05-04T10:00:00Z');
  let n = 0;

  const logon = (code: number, user: string, ip: string, at: number, host = 'dc01.corp.example') => ({
    '@timestamp': new Date(at).toISOString(),
    event: { code: String(code) },
    host: { name: host },
    source: { ip },
    user: { name: user },
    winlog: {
      channel: 'Security',
      event_id: String(code),
      event_data: { TargetUserName: user, LogonType: code === 4624 ? '10' : '3', IpAddress: ip },
    },
    vigie: { logsource: { product: 'windows', service: 'security' } },
  });
  const command = (image: string, cmd: string, at: number, host = 'ws-fin-03.corp.example') => ({
    '@timestamp': new Date(at).toISOString(),
    event: { code: '1' },
    host: { name: host },
    process: { executable: image, command_line: cmd },
    vigie: { logsource: { product: 'windows', service: 'sysmon', category: 'process_creation' } },
  });

  /** Titles of the correlations fired by these events, fed in order to a fresh engine and state. */
  async function fired(events: Record<string, unknown>[]): Promise<string[]> {
    const corr = new CorrelationEngine(set.correlations, new MemoryCorrelationState());
    const out: string[] = [];
    for (const e of events) {
      const matches = engine
        .match(e)
        .map((m) => toRuleMatch(m, { eventId: `e${n++}`, timestamp: Date.parse(e['@timestamp'] as string) }));
      for (const a of await corr.process(matches)) if (a.emit) out.push(a.title);
    }
    return out;
  }

  const SPRAY = 'Password spray from one public IP address';
  const SUCCESS = 'Successful logon after a password spray from the same IP address';
  const BURST = 'Burst of discovery commands on one host';
  const users = (k: number) => Array.from({ length: k }, (_, i) => `user${i}`);

  it('password spray: 8 accounts from one public IP within 10 minutes', async () => {
    expect(await fired(users(8).map((u, i) => logon(4625, u, '185.220.101.34', T0 + i * 30_000)))).toEqual([
      SPRAY,
    ]);
    expect(await fired(users(7).map((u, i) => logon(4625, u, '185.220.101.34', T0 + i * 30_000)))).toEqual(
      [],
    );
    // Same account 8 times is brute force, not a spray; 8 accounts over 80 minutes is not a burst; private IPs are not looked at.
    expect(
      await fired(users(8).map((_, i) => logon(4625, 'user0', '185.220.101.34', T0 + i * 30_000))),
    ).toEqual([]);
    expect(await fired(users(8).map((u, i) => logon(4625, u, '185.220.101.34', T0 + i * 600_000)))).toEqual(
      [],
    );
    expect(await fired(users(8).map((u, i) => logon(4625, u, '10.20.1.5', T0 + i * 30_000)))).toEqual([]);
  });

  it('spray then success: a failure then a success from the same public IP within 30 minutes', async () => {
    expect(
      await fired([
        logon(4625, 'a', '185.220.101.34', T0),
        logon(4624, 'b', '185.220.101.34', T0 + 600_000, 'ws-fin-03.corp.example'),
      ]),
    ).toEqual([SUCCESS]);
    expect(
      await fired([logon(4624, 'b', '185.220.101.34', T0), logon(4625, 'a', '185.220.101.34', T0 + 60_000)]),
    ).toEqual([]);
    expect(
      await fired([logon(4625, 'a', '185.220.101.34', T0), logon(4624, 'b', '185.220.101.35', T0 + 60_000)]),
    ).toEqual([]);
    expect(
      await fired([
        logon(4625, 'a', '185.220.101.34', T0),
        logon(4624, 'b', '185.220.101.34', T0 + 31 * 60_000),
      ]),
    ).toEqual([]);
  });

  it('discovery burst: 4 discovery commands on one host within 15 minutes', async () => {
    const cmds: [string, string][] = [
      ['C:\\Windows\\System32\\whoami.exe', 'whoami /all'],
      ['C:\\Windows\\System32\\net.exe', 'net group "Domain Admins" /domain'],
      ['C:\\Windows\\System32\\nltest.exe', 'nltest /dclist:corp.example'],
      ['C:\\Windows\\System32\\systeminfo.exe', 'systeminfo'],
    ];
    expect(await fired(cmds.map(([i, c], k) => command(i, c, T0 + k * 60_000)))).toEqual([BURST]);
    expect(await fired(cmds.slice(0, 3).map(([i, c], k) => command(i, c, T0 + k * 60_000)))).toEqual([]);
    expect(
      await fired(cmds.map(([i, c], k) => command(i, c, T0 + k * 60_000, `ws-${k}.corp.example`))),
    ).toEqual([]);
    expect(await fired(cmds.map(([i, c], k) => command(i, c, T0 + k * 10 * 60_000)))).toEqual([]);
  });
});
