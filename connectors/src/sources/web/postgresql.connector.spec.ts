import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { postgresqlConnector as c } from './postgresql.connector.js';

const ctx = (options: Record<string, unknown> = {}) => ({ options, now: new Date('2024-06-01T00:00:00Z') });

describe('postgresql', () => {
  it('resolves zone abbreviations with daylight saving', () => {
    const summer = c.parse(
      '2024-07-10 09:00:00.500 CEST [812] app@orders LOG:  connection authorized',
      ctx(),
    );
    expect(summer.kind === 'event' && summer.event['@timestamp']).toBe('2024-07-10T07:00:00.500Z');
    // EST written in July still reads as New York time (EDT, -04:00), as Elastic's tz_map does.
    const est = c.parse('2024-07-10 09:00:00 EST [812] app@orders LOG:  x', ctx());
    expect(est.kind === 'event' && est.event['@timestamp']).toBe('2024-07-10T13:00:00.000Z');
    const custom = c.parse('2024-07-10 09:00:00 XYZ [1] LOG:  x', ctx({ tzMap: { XYZ: '+03:00' } }));
    expect(custom.kind === 'event' && custom.event['@timestamp']).toBe('2024-07-10T06:00:00.000Z');
  });

  it('maps user, database, level and a failed authentication', () => {
    const out = c.parse(
      '2024-07-10 09:00:00.000 UTC [990] mallory@payroll FATAL:  password authentication failed for user "mallory"',
      ctx(),
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(getField(out.event, 'user.name')).toBe('mallory');
    expect(getField(out.event, 'postgresql.log.database')).toBe('payroll');
    expect(getField(out.event, 'process.pid')).toBe(990);
    expect(getField(out.event, 'log.level')).toBe('FATAL');
    expect(getField(out.event, 'event.category')).toEqual(['database', 'authentication']);
    expect(getField(out.event, 'event.outcome')).toBe('failure');
  });

  it('reads a duration line and rejects an unknown abbreviation or a non-log line', () => {
    const d = c.parse('2024-07-10 09:00:00 UTC [5] LOG:  duration: 12.5 ms  statement: SELECT 1', ctx());
    expect(d.kind === 'event' && getField(d.event, 'event.duration')).toBe(12_500_000);
    expect(d.kind === 'event' && getField(d.event, 'postgresql.log.query')).toBe('SELECT 1');
    const bad = c.parse('2024-07-10 09:00:00 QQQ [5] LOG:  x', ctx());
    expect(bad.kind === 'reject' && bad.reason).toMatch(/unknown time-zone abbreviation "QQQ"/);
    expect(c.parse('hello', ctx()).kind).toBe('reject');
  });
});
