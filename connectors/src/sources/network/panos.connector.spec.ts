import { describe, expect, it } from 'vitest';
import { panosConnector as c } from './panos.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

const traffic =
  '<14>May 10 14:03:22 PA-3220 1,2024/05/10 14:03:22,013201000111,TRAFFIC,end,2561,2024/05/10 14:03:21,10.20.30.40,198.51.100.23,203.0.113.5,198.51.100.23,allow-web,corp\\alice,,web-browsing,vsys1,trust,untrust,ethernet1/2,ethernet1/1,fwd,2024/05/10 14:03:22,55501,1,50123,80,40001,80,0x400019,tcp,allow,5120,1200,3920,12,2024/05/10 14:03:10,11,computer-and-internet-info,0,7701,0x0,10.0.0.0-10.255.255.255,United States,0,6,6,tcp-fin,0,0,0,0,,PA-3220,from-policy,,,0,,0,,N/A,0,0,0,0';

describe('panos', () => {
  it('maps a TRAFFIC end record by the documented field order', () => {
    const e = parseEvent(c, traffic);
    expect(f(e, 'source.ip')).toBe('10.20.30.40');
    expect(f(e, 'source.nat.ip')).toBe('203.0.113.5');
    expect(f(e, 'source.nat.port')).toBe(40001);
    expect(f(e, 'destination.port')).toBe(80);
    expect(f(e, 'rule.name')).toBe('allow-web');
    expect(f(e, 'user.name')).toBe('alice');
    expect(f(e, 'user.domain')).toBe('corp');
    expect(f(e, 'event.action')).toBe('flow_terminated');
    expect(f(e, 'event.type')).toEqual(['connection', 'allowed', 'end']);
    expect(f(e, 'network.bytes')).toBe(5120);
    expect(f(e, 'event.reason')).toBe('tcp-fin');
    expect(f(e, 'observer.hostname')).toBe('PA-3220');
    expect(f(e, 'event.duration')).toBe(11e9);
  });

  it('interprets generated time in the configured zone', () => {
    expect(f(parseEvent(c, traffic, { timezone: '+02:00' }), '@timestamp')).toBe('2024-05-10T12:03:21.000Z');
  });

  it('maps CONFIG and rejects non-PAN-OS text', () => {
    const e = parseEvent(
      c,
      '1,2024/05/10 14:03:22,013201000111,CONFIG,0,0,2024/05/10 14:03:22,192.0.2.10,,set,admin,Web,Succeeded, deviceconfig system,,,1234,0x0,0,0,0,0,,PA-3220',
    );
    expect(f(e, 'event.category')).toEqual(['configuration']);
    expect(f(e, 'user.name')).toBe('admin');
    expect(f(e, 'event.outcome')).toBe('success');
    expect(c.parse('not,a,pan,log', ctxOf()).kind).toBe('reject');
    expect(c.detect(traffic)).toBeGreaterThan(0.9);
  });
});
