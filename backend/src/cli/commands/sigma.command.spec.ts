import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonPathSql, registerSigmaCommands } from './sigma.command.js';

const RULE = `title: Whoami execution
id: 0c8f1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b
status: test
logsource:
  product: windows
  category: process_creation
detection:
  sel:
    Image|endswith: '\\whoami.exe'
  condition: sel
level: medium
`;
const BAD = `title: Broken
id: 0c8f1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2c
logsource:
  product: windows
detection:
  sel:
    Image|bogus: x
  condition: sel
`;
const ecs = (exe: string) => ({
  process: { executable: exe },
  vigie: { logsource: { product: 'windows', category: 'process_creation', service: 'sysmon' } },
});

let dir: string;
async function run(args: string[]): Promise<{ stdout: string; code: number }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  try {
    const program = new Command().exitOverride();
    registerSigmaCommands(program);
    await program.parseAsync(['node', 'vigie', ...args]);
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: chunks.join(''), code };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-sigma-cli-'));
  writeFileSync(join(dir, 'whoami.yml'), RULE);
  writeFileSync(join(dir, 'broken.yml'), BAD);
  writeFileSync(
    join(dir, 'events.ndjson'),
    [ecs('C:\\Windows\\whoami.exe'), ecs('C:\\calc.exe')].map((e) => JSON.stringify(e)).join('\n'),
  );
  writeFileSync(
    join(dir, 'pretty.json'),
    JSON.stringify(ecs('c:\\x\\WHOAMI.EXE'), null, 2) + '\n' + JSON.stringify(ecs('c:\\y.exe'), null, 2),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sigma check', () => {
  it('reports totals and rejected rules as JSON', async () => {
    const { stdout, code } = await run(['sigma', 'check', dir, '--json']);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ total: 2, loaded: 1, degraded: [] });
    expect(r.rejected).toEqual([
      {
        path: join(dir, 'broken.yml'),
        id: '0c8f1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2c',
        reason: expect.stringMatching(/unknown modifier 'bogus'/),
      },
    ]);
    expect(code).toBe(1);
  });
  it('prints totals and one line per rejected rule', async () => {
    const { stdout } = await run(['sigma', 'check', join(dir, 'broken.yml'), join(dir, 'whoami.yml')]);
    expect(stdout).toMatch(/2 documents, 1 loaded, 1 rejected/);
    expect(stdout).toMatch(/rejected .*broken\.yml/);
  });
});

describe('sigma scan', () => {
  it('matches NDJSON and concatenated pretty JSON through the ecs pipeline', async () => {
    const { stdout } = await run([
      'sigma',
      'scan',
      '--rules',
      join(dir, 'whoami.yml'),
      '--events',
      dir,
      '--pipeline',
      'ecs',
      '--json',
    ]);
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.events).toBe(4);
    expect(r.per_rule).toEqual({ '0c8f1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b': 2 });
    expect(
      r.matches.map((m: { file: string; event_index: number }) => [m.file.split('/').pop(), m.event_index]),
    ).toEqual([
      ['events.ndjson', 0],
      ['pretty.json', 0],
    ]);
    expect(r.matches[0]).toMatchObject({ rule_title: 'Whoami execution', level: 'medium' });
    expect(r.events_per_sec).toBeGreaterThan(0);
  });
});

describe('sigma convert', () => {
  it('writes one JSON line per rule for es-dsl and duckdb-sql', async () => {
    const es = await run(['sigma', 'convert', '--rules', join(dir, 'whoami.yml'), '--target', 'es-dsl']);
    const q = JSON.parse(es.stdout);
    expect(JSON.stringify(q.query)).toContain(
      '"wildcard":{"process.executable":{"value":"*\\\\\\\\whoami.exe","case_insensitive":true}}',
    );
    const sql = await run(['sigma', 'convert', '--rules', join(dir, 'whoami.yml'), '--target', 'duckdb-sql']);
    expect(JSON.parse(sql.stdout).sql).toContain(`json_extract_string("doc", '$.process.executable')`);
  });
  it('quotes JSON path segments that are not identifiers', () => {
    expect(jsonPathSql('cs-uri-query')).toBe(`'$."cs-uri-query"'`);
    expect(jsonPathSql("a.b'c")).toBe(`'$.a."b''c"'`);
  });
});

describe('sigma test', () => {
  it('runs positive and negative events from <rule>.tests.yml', async () => {
    const t = mkdtempSync(join(tmpdir(), 'vigie-sigma-tests-'));
    try {
      writeFileSync(join(t, 'whoami.yml'), RULE);
      writeFileSync(
        join(t, 'whoami.tests.yml'),
        `positive:\n  - ${JSON.stringify(ecs('C:\\Windows\\whoami.exe'))}\nnegative:\n  - ${JSON.stringify(ecs('C:\\Windows\\calc.exe'))}\n`,
      );
      const ok = await run(['sigma', 'test', t, '--json']);
      expect(JSON.parse(ok.stdout)).toMatchObject({ withTests: 1, passed: 1, failed: 0 });
      expect(ok.code).toBe(0);
      writeFileSync(
        join(t, 'whoami.tests.yml'),
        `positive:\n  - ${JSON.stringify(ecs('C:\\Windows\\calc.exe'))}\n`,
      );
      const bad = await run(['sigma', 'test', t]);
      expect(bad.stdout).toMatch(/FAIL .*whoami\.yml/);
      expect(bad.stdout).toMatch(/positive\[0\] does not fire/);
      expect(bad.code).toBe(1);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  });
});
