import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compare, parseCorrelationRule } from './correlation.parser.js';
import { parseTimespan } from './timespan.js';
import { percentile } from './window-aggregate.js';

const ctx = { path: 'rules/mr_test.yml' };
const base = (correlation: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  title: 'T',
  id: '0e95725d-7320-415d-80f7-004da920fc11',
  ...extra,
  correlation: { rules: ['a', 'b'], 'group-by': ['host'], timespan: '5m', ...correlation },
});
const reason = (doc: Record<string, unknown>): string => {
  const r = parseCorrelationRule(doc, ctx);
  return r.ok ? 'ok' : r.reason;
};

describe('parseTimespan', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['90m', 5_400_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1M', 2_592_000_000],
    ['1y', 31_536_000_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseTimespan(text)).toEqual({ ok: true, ms });
  });
  it.each(['', '5', 'm', '0m', '-1m', '1.5h', '5 minutes', '1H', '5ms'])('rejects %j', (text) => {
    expect(parseTimespan(text).ok).toBe(false);
  });
});

describe('parseCorrelationRule', () => {
  it('parses the spec example with name, level and generate', () => {
    const r = parseCorrelationRule(
      base(
        { type: 'event_count', condition: { gte: 100 } },
        { name: 'many_failed', level: 'high', generate: true },
      ),
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      rule: expect.objectContaining({
        key: '0e95725d-7320-415d-80f7-004da920fc11',
        name: 'many_failed',
        level: 'high',
        type: 'event_count',
        rules: ['a', 'b'],
        groupBy: ['host'],
        timespanMs: 300_000,
        comparisons: [{ op: 'gte', value: 100 }],
        fields: [],
        generate: true,
      }),
    });
  });

  it('temporal without condition requires every referenced rule', () => {
    const r = parseCorrelationRule(base({ type: 'temporal' }), ctx);
    expect(r.ok && r.rule.comparisons).toEqual([{ op: 'gte', value: 2 }]);
  });

  it('keeps a range as AND of comparisons and value_count field lists', () => {
    const r = parseCorrelationRule(
      base({ type: 'value_count', condition: { field: ['user', 'domain'], gt: 100, lte: 200 } }),
      ctx,
    );
    expect(r.ok && [r.rule.fields, r.rule.comparisons]).toEqual([
      ['user', 'domain'],
      [
        { op: 'gt', value: 100 },
        { op: 'lte', value: 200 },
      ],
    ]);
  });

  it('value_median is percentile 50; value_percentile needs its percentile', () => {
    const m = parseCorrelationRule(base({ type: 'value_median', condition: { field: 'x', gt: 1 } }), ctx);
    expect(m.ok && m.rule.percentile).toBe(50);
    expect(reason(base({ type: 'value_percentile', condition: { field: 'x', lte: 1 } }))).toMatch(
      /needs correlation.condition.percentile/,
    );
    const p = parseCorrelationRule(
      base({ type: 'value_percentile', condition: { field: 'x', percentile: 95, gt: 1 } }),
      ctx,
    );
    expect(p.ok && p.rule.percentile).toBe(95);
  });

  it.each([
    [{ title: 'T' }, /correlation section is missing/],
    [base({ type: 'nearby' }), /correlation.type "nearby" is not one of/],
    [base({ type: 'event_count' }), /condition is mandatory for event_count/],
    [base({ type: 'event_count', condition: { gte: '10' } }), /condition.gte must be a number/],
    [
      base({ type: 'event_count', condition: { field: 'x', gte: 1 } }),
      /field is meaningless for event_count/,
    ],
    [base({ type: 'event_count', condition: { gte: 1, most: 3 } }), /unknown key "most"/],
    [base({ type: 'event_count', condition: { gt: 10, lt: 5 } }), /can never be true/],
    [base({ type: 'event_count', condition: { eq: 3, neq: 3 } }), /can never be true/],
    [base({ type: 'value_sum', condition: { gt: 10 } }), /field is mandatory for value_sum/],
    [base({ type: 'value_avg', condition: { field: ['a', 'b'], gt: 10 } }), /aggregates one numeric field/],
    [base({ type: 'event_count', condition: { gte: 1 }, timespan: '1 hour' }), /timespan "1 hour"/],
    [base({ type: 'temporal', rules: ['a'] }), /at least 2 referenced rules/],
    [base({ type: 'temporal', rules: ['a', 'a'] }), /same rule twice/],
    [base({ type: 'temporal', rules: [] }), /non-empty list/],
    [
      base({ type: 'temporal', aliases: { ip: { c: 'source.ip' } } }),
      /maps rule "c", which is not in correlation.rules/,
    ],
    [
      base({ type: 'temporal', rules: ['a', '0e95725d-7320-415d-80f7-004da920fc11'] }),
      /references the correlation itself/,
    ],
    [base({ type: 'temporal' }, { generate: 'yes' }), /generate must be true or false/],
  ])('rejects %j with a reason', (doc, re) => {
    const r = reason(doc as Record<string, unknown>);
    expect(r).toMatch(re);
    expect(r.startsWith('rules/mr_test.yml: ')).toBe(true);
  });
});

describe('compare', () => {
  it.each([
    ['gt', 5, 6, true],
    ['gt', 5, 5, false],
    ['gte', 5, 5, true],
    ['lt', 5, 4, true],
    ['lt', 5, 5, false],
    ['lte', 5, 5, true],
    ['eq', 5, 5, true],
    ['eq', 5, 6, false],
    ['neq', 5, 6, true],
    ['neq', 5, 5, false],
  ] as const)('%s %d against %d -> %s', (op, threshold, value, want) => {
    expect(compare(value, [{ op, value: threshold }])).toBe(want);
  });
});

describe('percentile (linear interpolation between closest ranks)', () => {
  it('matches hand-computed values', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBeCloseTo(91, 10);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBe(29); // rank 1.6: 20 + 0.6 * 15
  });
});

const specDir = fileURLToPath(
  new URL('../../../../../../shared/corpora/sigma-spec/tests/schema/correlation/', import.meta.url),
);
if (!existsSync(specDir)) console.warn(`sigma-spec correlation fixtures not found at ${specDir}: skipping`);

describe.skipIf(!existsSync(specDir))('sigma-spec correlation fixtures', () => {
  it('parses every spec fixture except value_percentile, which lacks condition.percentile', () => {
    const files = readdirSync(specDir).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const r = parseCorrelationRule(parse(readFileSync(specDir + f, 'utf8')) as Record<string, unknown>, {
        path: f,
      });
      if (f === 'value_percentile.yml')
        expect(r.ok ? 'ok' : r.reason).toMatch(/needs correlation.condition.percentile/);
      else expect(r.ok ? 'ok' : r.reason, f).toBe('ok');
    }
  });
});
