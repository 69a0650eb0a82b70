import { describe, expect, it } from 'vitest';
import { loadRuleSet } from './ruleset.loader.js';

const good = (id: string, extra = '') => `title: Good ${id}
id: ${id}
${extra}logsource:
  product: windows
  category: process_creation
detection:
  sel:
    Image|endswith: '\\evil.exe'
  condition: sel
level: high
`;

describe('loadRuleSet', () => {
  it('loads multi-document files: detection rules, a correlation and a filter', () => {
    const text = [
      good('5f1b6a40-0000-4000-8000-000000000001', 'name: evil_exec\n'),
      `title: Many evil
id: 5f1b6a40-0000-4000-8000-000000000002
correlation:
  type: event_count
  rules:
    - evil_exec
  group-by:
    - Computer
  timespan: 5m
  condition:
    gte: 3
level: high
`,
      `title: Ignore admin
id: 5f1b6a40-0000-4000-8000-000000000003
logsource:
  product: windows
  category: process_creation
filter:
  rules:
    - 5f1b6a40-0000-4000-8000-000000000001
  selection:
    User|startswith: adm_
  condition: selection
`,
    ].join('---\n');
    const set = loadRuleSet([{ path: 'multi.yml', text }]);
    expect(set.rejected).toEqual([]);
    expect(set.total).toBe(3);
    expect(set.rules.map((r) => r.name)).toEqual(['evil_exec']);
    expect(set.correlations).toHaveLength(1);
    expect(set.filters[0].rules).toEqual(['5f1b6a40-0000-4000-8000-000000000001']);
  });

  it('rejects a bad rule with path, id and the key at fault; the others load', () => {
    const bad = good('5f1b6a40-0000-4000-8000-00000000000a').replace('level: high', 'level: urgent');
    const set = loadRuleSet([
      { path: 'a.yml', text: good('5f1b6a40-0000-4000-8000-00000000000b') },
      { path: 'b.yml', text: bad },
      {
        path: 'c.yml',
        text: good('5f1b6a40-0000-4000-8000-00000000000c').replace('condition: sel', 'condition: nope'),
      },
      { path: 'd.yml', text: 'title: x\nlogsource: {}\n' },
      { path: 'e.yml', text: 'title: [unclosed\n' },
    ]);
    expect(set.rules).toHaveLength(1);
    expect(set.rejected).toHaveLength(4);
    const [b, c, d, e] = set.rejected;
    expect(b).toMatchObject({ path: 'b.yml', id: '5f1b6a40-0000-4000-8000-00000000000a' });
    expect(b.reason).toMatch(/schema: level/);
    expect(c.reason).toMatch(/unknown search identifier 'nope'/);
    expect(d.reason).toMatch(/detection/);
    expect(e.reason).toMatch(/^yaml:/);
  });

  it('rejects Sigma 1 constructs naming them', () => {
    const agg = good('5f1b6a40-0000-4000-8000-00000000000d').replace(
      'condition: sel',
      'timeframe: 1h\n  condition: sel | count() > 5',
    );
    const coll = `action: global\ntitle: t\ndetection:\n  a:\n    X: 1\n  condition: a\n---\nlogsource:\n  product: windows\n`;
    const set = loadRuleSet([
      { path: 'agg.yml', text: agg },
      { path: 'coll.yml', text: coll },
    ]);
    expect(set.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/Sigma 1 aggregation '\| count\(\)'/),
      expect.stringMatching(/rule collection 'action: global'/),
    ]);
  });

  it('rejects status unsupported unless allowed; accepts legacy slash dates', () => {
    const unsup = good('5f1b6a40-0000-4000-8000-00000000000e', 'status: unsupported\ndate: 2019/10/21\n');
    expect(loadRuleSet([{ path: 'u.yml', text: unsup }]).rejected[0].reason).toMatch(/status 'unsupported'/);
    expect(loadRuleSet([{ path: 'u.yml', text: unsup }], { allowUnsupported: true }).rules).toHaveLength(1);
  });

  it('rejects invalid correlation documents through the schema', () => {
    const text = `title: bad corr\ncorrelation:\n  type: event_count\n  rules: [base_rule]\n`;
    const set = loadRuleSet([{ path: 'c.yml', text }]);
    expect(set.rejected[0].reason).toMatch(/schema: .*timespan/);
  });

  it('reports degraded fields for the ecs pipeline', () => {
    const text = good('5f1b6a40-0000-4000-8000-00000000000f').replace(
      "Image|endswith: '\\evil.exe'",
      'NoSuchField: x',
    );
    const set = loadRuleSet([{ path: 'g.yml', text }], { pipeline: 'ecs' });
    expect(set.rules).toHaveLength(1);
    expect(set.degraded[0]).toMatchObject({ path: 'g.yml', id: '5f1b6a40-0000-4000-8000-00000000000f' });
    expect(set.degraded[0].reason).toMatch(/NoSuchField/);
  });
});
