import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../index.js';
import { loadRuleSet } from '../loader/ruleset.loader.js';

const rule = (id: string, ls: string, det: string, extra = '') =>
  `title: R ${id}\nid: ${id}\n${extra}logsource:\n${ls}\ndetection:\n${det}\nlevel: high\n`;

const procRule = rule(
  'aaaaaaaa-0000-4000-8000-000000000001',
  '  product: windows\n  category: process_creation',
  "  sel:\n    Image|endswith: '\\whoami.exe'\n  condition: sel",
  'name: whoami_exec\n',
);
const secRule = rule(
  'aaaaaaaa-0000-4000-8000-000000000002',
  '  product: windows\n  service: security',
  '  sel:\n    EventID: 4625\n  condition: sel',
);
const filter = `title: F\nlogsource:\n  product: windows\n  category: process_creation\nfilter:\n  rules: [aaaaaaaa-0000-4000-8000-000000000001]\n  selection:\n    User|startswith: 'adm_'\n  condition: selection\n`;

const ecsProc = (exe: string, user = 'bob') => ({
  process: { executable: exe, command_line: exe },
  user: { name: user },
  event: { code: '1' },
  host: { name: 'ws1' },
  vigie: { logsource: { product: 'windows', category: 'process_creation', service: 'sysmon' } },
});

describe('SigmaEngine (ecs pipeline)', () => {
  const set = loadRuleSet([
    { path: 'p.yml', text: procRule },
    { path: 's.yml', text: secRule },
    { path: 'f.yml', text: filter },
  ]);
  const engine = compileRuleSet(set, { pipeline: 'ecs' });

  it('matches through the ECS mapping and exposes rule info and a field resolver', () => {
    const [m, ...rest] = engine.match(ecsProc('C:\\Windows\\System32\\WHOAMI.EXE'));
    expect(rest).toEqual([]);
    expect(m.rule).toMatchObject({
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      name: 'whoami_exec',
      level: 'high',
    });
    expect(m.field('Image')).toBe('C:\\Windows\\System32\\WHOAMI.EXE');
    expect(m.field('Computer')).toBe('ws1');
    expect(m.field('EventID')).toBe('1');
  });

  it('routes on vigie.logsource: a rule only sees events of its logsource', () => {
    const ev = ecsProc('C:\\whoami.exe');
    ev.vigie.logsource.category = 'network_connection';
    expect(engine.match(ev)).toEqual([]);
    const sec = {
      event: { code: '4625' },
      vigie: { logsource: { product: 'windows', service: 'security' } },
    };
    expect(engine.match(sec).map((m) => m.rule.id)).toEqual(['aaaaaaaa-0000-4000-8000-000000000002']);
    const secWrong = {
      event: { code: '4625' },
      vigie: { logsource: { product: 'windows', service: 'system' } },
    };
    expect(engine.match(secWrong)).toEqual([]);
  });

  it('applies filters as exclusions of the rules they name', () => {
    expect(engine.match(ecsProc('C:\\whoami.exe', 'adm_alice'))).toEqual([]);
    expect(engine.match(ecsProc('C:\\whoami.exe', 'alice'))).toHaveLength(1);
  });

  it('matchBatch returns one list per event', () => {
    const r = engine.matchBatch([ecsProc('C:\\whoami.exe'), ecsProc('C:\\calc.exe')]);
    expect(r.map((x) => x.length)).toEqual([1, 0]);
  });
});

describe('SigmaEngine (none pipeline)', () => {
  it('matches every rule when no logsource is given, routes when one is', () => {
    const set = loadRuleSet([{ path: 'p.yml', text: procRule }]);
    const engine = compileRuleSet(set, { pipeline: 'none' });
    const ev = { Image: 'c:\\x\\whoami.exe' };
    expect(engine.match(ev)).toHaveLength(1);
    expect(
      engine.match(ev, { logsource: { product: 'windows', category: 'process_creation' } }),
    ).toHaveLength(1);
    expect(engine.match(ev, { logsource: { product: 'linux', category: 'process_creation' } })).toHaveLength(
      0,
    );
  });
});

describe('multi-pattern compilation', () => {
  it('gives the same answers with many rules sharing fields as each rule alone', () => {
    const texts: string[] = [];
    const words = [
      'mimikatz',
      'psexec',
      'whoami',
      'net.exe',
      'rundll32',
      'regsvr32',
      '-enc',
      'comsvcs',
      'lsass',
      'vssadmin',
    ];
    words.forEach((w, i) => {
      const id = `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const det =
        i % 3 === 0
          ? `  sel:\n    CommandLine|contains: '${w}'\n  f:\n    Image|endswith: '\\\\${w}'\n  condition: sel and not f`
          : i % 3 === 1
            ? `  sel:\n    CommandLine|contains|all: ['${w}', '${words[(i + 1) % words.length]}']\n  condition: sel`
            : `  sel:\n    Image|endswith: '${w}'\n  re:\n    CommandLine|re: '(?i)${w.replace('.', '\\\\.')}\\\\s+/x'\n  condition: sel or re`;
      texts.push(rule(id, '  product: windows\n  category: process_creation', det));
    });
    const set = loadRuleSet(texts.map((text, i) => ({ path: `r${i}.yml`, text })));
    expect(set.rejected).toEqual([]);
    const all = compileRuleSet(set, { pipeline: 'none' });
    const singles = set.rules.map((r) => compileRuleSet({ rules: [r], filters: [] }, { pipeline: 'none' }));
    const events = [];
    for (const a of words)
      for (const b of words) events.push({ CommandLine: `x ${a} ${b.toUpperCase()} /x`, Image: `c:\\${b}` });
    let matches = 0;
    for (const ev of events) {
      const got = all.match(ev).map((m) => m.rule.id);
      const want = singles.flatMap((s) => s.match(ev).map((m) => m.rule.id));
      expect(got).toEqual(want);
      matches += got.length;
    }
    expect(matches).toBeGreaterThan(20);
  });
});

describe('scanner tiers', () => {
  it('indexOf sets, regex-prefiltered automata and large automata agree with single-rule engines', () => {
    // 3 rules on A (indexOf tier), 40 on B (regex prefilter + automaton), 120 on C (automaton only)
    const texts: string[] = [];
    const mk = (field: string, n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const id = `cccccccc-${tag}000-4000-8000-${String(i).padStart(12, '0')}`;
        texts.push(
          rule(
            id,
            '  product: p',
            `  sel:\n    ${field}|contains: 'w${i}x'\n    ${field}|endswith: 'z'\n  condition: sel`,
          ),
        );
      }
    };
    mk('A', 3, 'a');
    mk('B', 40, 'b');
    mk('C', 120, 'c');
    const set = loadRuleSet(texts.map((text, i) => ({ path: `t${i}.yml`, text })));
    expect(set.rejected).toEqual([]);
    const all = compileRuleSet(set, { pipeline: 'none' });
    const singles = set.rules.map((r) => compileRuleSet({ rules: [r], filters: [] }, { pipeline: 'none' }));
    let fired = 0;
    for (let i = 0; i < 130; i += 7) {
      for (const suffix of ['z', 'q']) {
        const ev = { A: `..W${i}X..${suffix}`, B: `w${i}xw${i + 1}x${suffix}`, C: `W${i}X${suffix}` };
        const got = all.match(ev, { logsource: { product: 'p' } }).map((m) => m.rule.id);
        const want = singles.flatMap((s) =>
          s.match(ev, { logsource: { product: 'p' } }).map((m) => m.rule.id),
        );
        expect(got).toEqual(want);
        fired += got.length;
      }
    }
    expect(fired).toBeGreaterThan(20);
  });
});
