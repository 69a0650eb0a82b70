import { describe, expect, it } from 'vitest';
import { loadOne, ruleYaml } from '../testing/rule-helpers.js';
import { toElasticsearchQuery } from './elasticsearch.export.js';
import { escapeLike, toSqlWhere } from './sql.export.js';

const ecsRule = (det: string) => {
  const text = ruleYaml(det).replace(
    '  product: test\n',
    '  product: windows\n  category: process_creation\n',
  );
  const { rule, reason } = loadOne(text);
  if (!rule) throw new Error(reason);
  return rule;
};
const fieldSql = (f: string) => `json_extract_string(doc, '$.${f}')`;

describe('Elasticsearch export', () => {
  it('uses case-insensitive term/prefix/wildcard on mapped fields', () => {
    const r = ecsRule(
      `sel:\n  Image|endswith: '\\cmd.exe'\n  CommandLine|startswith: 'Run'\n  User: 'Bob*?'\ncondition: sel`,
    );
    const q = toElasticsearchQuery(r, { pipeline: 'ecs' });
    expect(q.ok).toBe(true);
    const s = JSON.stringify(q.ok && q.query);
    expect(s).toContain(
      '{"wildcard":{"process.executable":{"value":"*\\\\\\\\cmd.exe","case_insensitive":true}}}',
    );
    expect(s).toContain('{"prefix":{"process.command_line":{"value":"Run","case_insensitive":true}}}');
    expect(s).toContain('{"wildcard":{"user.name":{"value":"Bob*?","case_insensitive":true}}}');
    // fallback key only when the preferred one is absent
    expect(s).toContain('{"must_not":[{"exists":{"field":"process.executable"}}]}');
  });
  it('exports numbers, regex flags, cidr, exists and not', () => {
    const r = ecsRule(
      `a:\n  EventID: 1\nb:\n  CommandLine|re|i: '^foo.*bar'\nc:\n  ParentProcessId|gt: 4\nd:\n  DestinationIp|cidr: 10.0.0.0/8\ne:\n  User|exists: true\ncondition: a and b and not (c or d) and e`,
    );
    const q = toElasticsearchQuery(r, { pipeline: 'ecs' });
    const s = JSON.stringify(q.ok && q.query);
    expect(s).toContain('{"term":{"event.code":{"value":"1"}}}');
    expect(s).toContain(
      '"regexp":{"process.command_line":{"value":"foo.*bar.*","flags":"NONE","case_insensitive":true}}',
    );
    expect(s).toContain('{"range":{"process.parent.pid":{"gt":4}}}');
    expect(s).toContain('{"term":{"winlog.event_data.DestinationIp":"10.0.0.0/8"}}');
    expect(s).toContain('"must_not"');
    expect(s).toContain('{"exists":{"field":"user.name"}}');
  });
  it('adds logsource terms on request', () => {
    const r = ecsRule(`sel:\n  Image: x\ncondition: sel`);
    const q = toElasticsearchQuery(r, { pipeline: 'ecs', logsourceFilter: true });
    expect(JSON.stringify(q.ok && q.query)).toContain(
      '{"term":{"vigie.logsource.category":"process_creation"}}',
    );
  });
});

describe('SQL export', () => {
  it('escapes LIKE metacharacters and lower-cases', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    const r = ecsRule(`sel:\n  CommandLine|contains: "100%_it's"\ncondition: sel`);
    const q = toSqlWhere(r, { pipeline: 'ecs', fieldSql });
    expect(q.ok).toBe(true);
    expect(q.ok && q.sql).toContain(
      `lower(coalesce(json_extract_string(doc, '$.process.command_line'), json_extract_string(doc, '$.winlog.event_data.CommandLine'))) LIKE '%100\\%\\_it''s%' ESCAPE '\\'`,
    );
  });
  it('exports equality, globs, regex, numbers, cidr and negation', () => {
    const r = ecsRule(
      `a:\n  Image: 'C:\\X.exe'\nb:\n  User: 'a?b*'\nc:\n  CommandLine|re|i: 'x+y'\nd:\n  ProcessId|lte: 10\ne:\n  DestinationIp|cidr: 192.168.0.0/16\ncondition: a and b and c and d and not e`,
    );
    const q = toSqlWhere(r, { pipeline: 'ecs', fieldSql });
    const s = q.ok ? q.sql : q.reason;
    expect(s).toContain(`= 'c:\\x.exe')`);
    expect(s).toContain(`LIKE 'a_b%' ESCAPE`);
    expect(s).toContain(`regexp_matches(`);
    expect(s).toContain(`'(?i)x+y'`);
    expect(s).toContain(`AS DOUBLE) <= 10)`);
    expect(s).toContain(`BETWEEN 3232235520 AND 3232301055`);
    expect(s).toContain('(NOT coalesce(');
  });
  it('rejects keyword searches without allTextSql, with a reason', () => {
    const r = ecsRule(`k:\n  - evil\ncondition: k`);
    const q = toSqlWhere(r, { pipeline: 'ecs', fieldSql });
    expect(q.ok).toBe(false);
    expect(!q.ok && q.reason).toMatch(/allTextSql/);
    const ok = toSqlWhere(r, { pipeline: 'ecs', fieldSql, allTextSql: 'CAST(doc AS VARCHAR)' });
    expect(ok.ok && ok.sql).toContain(`lower(CAST(doc AS VARCHAR)) LIKE '%evil%'`);
  });
});

describe('Lucene regexp conversion', () => {
  it('spells out shorthand classes and control escapes, escapes Lucene operators, anchors with .*', async () => {
    const { toLuceneRegexp } = await import('./elasticsearch.export.js');
    expect(toLuceneRegexp('\\.exe[\\"\\\']?\\s+\\d{2,10}')).toBe(
      '.*\\.exe[\\"\\\']?[ \t\n\r\f\v]+[0-9]{2,10}.*',
    );
    expect(toLuceneRegexp('^a[\\w-]+@x\\D$')).toBe('a[A-Za-z0-9_-]+\\@x[^0-9]');
    expect(toLuceneRegexp('a<b>"c"#~&')).toBe('.*a\\<b\\>\\"c\\"\\#\\~\\&.*');
    expect(toLuceneRegexp('x\\ty')).toBe('.*x\ty.*');
  });
  it('exports flags NONE so Lucene operators stay literal', () => {
    const r = ecsRule(`sel:\n  CommandLine|re: '(?i)a\\s+b'\ncondition: sel`);
    const q = toElasticsearchQuery(r, { pipeline: 'ecs' });
    expect(JSON.stringify(q.ok && q.query)).toContain(
      '"regexp":{"process.command_line":{"value":".*a[ \\t\\n\\r\\f\\u000b]+b.*","flags":"NONE","case_insensitive":true}}',
    );
  });
});
