import { describe, expect, it } from 'vitest';
import type { RuleException } from './detection-config.model.js';
import { fieldValues } from './event-fields.js';
import { ExceptionMatcher } from './exceptions.js';

const ex = (p: Partial<RuleException>): RuleException => ({
  id: 'x',
  rule_id: 'r1',
  field: 'source.ip',
  values: ['10.0.0.1'],
  author: 'a',
  reason: 'r',
  created_at: '2024-01-01T00:00:00Z',
  ...p,
});

describe('exceptions', () => {
  const doc = {
    source: { ip: '10.0.0.1' },
    user: { name: 'SVC_Backup' },
    related: { hosts: ['a', 'WS-01'] },
    'host.name': 'web01',
  };

  it('reads nested, dotted-key and array fields', () => {
    expect(fieldValues(doc, 'related.hosts')).toEqual(['a', 'WS-01']);
    expect(fieldValues(doc, 'host.name')).toEqual(['web01']);
    expect(fieldValues(doc, 'nope.x')).toEqual([]);
  });

  it('matches its rule (or every rule with *), case-insensitively, with * wildcards', () => {
    const m = new ExceptionMatcher([
      ex({}),
      ex({ id: 'y', rule_id: '*', field: 'user.name', values: ['svc_*'] }),
      ex({ id: 'z', rule_id: 'r2', field: 'related.hosts', values: ['ws-01'] }),
    ]);
    expect(m.find('r1', doc, 0)?.id).toBe('x');
    expect(m.find('r3', doc, 0)?.id).toBe('y');
    expect(m.find('r2', { related: { hosts: ['WS-01'] } }, 0)?.id).toBe('z');
    expect(m.find('r2', { related: { hosts: ['WS-02'] } }, 0)).toBeUndefined();
  });

  it('stops applying once expired', () => {
    const m = new ExceptionMatcher([ex({ expires_at: '2024-01-02T00:00:00Z' })]);
    expect(m.find('r1', doc, Date.parse('2024-01-01T23:59:59Z'))?.id).toBe('x');
    expect(m.find('r1', doc, Date.parse('2024-01-02T00:00:00Z'))).toBeUndefined();
  });
});
