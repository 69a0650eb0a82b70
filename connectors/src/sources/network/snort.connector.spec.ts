import { describe, expect, it } from 'vitest';
import { snortConnector as c } from './snort.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('snort', () => {
  it('maps a syslog alert in the configured zone', () => {
    const e = parseEvent(
      c,
      'Feb 10 08:00:00 sensor1 snort[999]: [1:2100498:7] GPL ATTACK_RESPONSE id check returned root [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 198.51.100.20:80 -> 10.0.0.30:51000',
      { timezone: 'America/Chicago' },
    );
    expect(f(e, '@timestamp')).toBe('2024-02-10T14:00:00.000Z');
    expect(f(e, 'event.kind')).toBe('alert');
    expect(f(e, 'rule.id')).toBe('2100498');
    expect(f(e, 'rule.category')).toBe('Potentially Bad Traffic');
    expect(f(e, 'network.direction')).toBe('inbound');
    expect(f(e, 'source.port')).toBe(80);
    expect(f(e, 'process.pid')).toBe(999);
  });

  it('maps an alert_fast line without ports (ICMP)', () => {
    const e = parseEvent(
      c,
      '02/10-08:00:00.500000  [**] [1:384:5] ICMP PING [**] [Classification: Misc activity] [Priority: 3] {ICMP} 10.0.0.1 -> 10.0.0.2',
    );
    expect(f(e, '@timestamp')).toBe('2024-02-10T08:00:00.500Z');
    expect(f(e, 'network.transport')).toBe('icmp');
    expect(f(e, 'source.port')).toBeUndefined();
    expect(f(e, 'network.direction')).toBe('internal');
  });

  it('rejects a syslog line without an alert', () => {
    const r = c.parse('Feb 10 08:00:00 sensor1 snort[999]: Commencing packet processing', ctxOf());
    expect(r.kind).toBe('reject');
  });
});
