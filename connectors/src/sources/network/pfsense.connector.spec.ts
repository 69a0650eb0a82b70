import { describe, expect, it } from 'vitest';
import { pfsenseConnector as c } from './pfsense.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('pfsense', () => {
  it('maps an IPv4 TCP filterlog block, in the configured zone', () => {
    const e = parseEvent(
      c,
      '<134>Jun  3 10:00:00 fw1 filterlog[4242]: 5,,,1000000103,em0,match,block,in,4,0x0,,64,31337,0,DF,6,tcp,60,198.51.100.9,10.0.0.10,44444,3389,0,S,12345,,64240,,mss',
      { timezone: '-04:00' },
    );
    expect(f(e, '@timestamp')).toBe('2024-06-03T14:00:00.000Z');
    expect(f(e, 'source.ip')).toBe('198.51.100.9');
    expect(f(e, 'destination.port')).toBe(3389);
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'network.direction')).toBe('inbound');
    expect(f(e, 'event.action')).toBe('block');
    expect(f(e, 'event.type')).toEqual(['connection', 'denied']);
    expect(f(e, 'rule.id')).toBe('1000000103');
    expect(f(e, 'process.pid')).toBe(4242);
  });

  it('maps an IPv6 UDP record and a webConfigurator login', () => {
    const e = parseEvent(
      c,
      '<134>Jun  3 10:00:00 fw1 filterlog[1]: 7,,,1000000200,igb1,match,pass,out,6,0x00,0x00000,64,udp,17,48,2001:db8::5,2001:db8:1::53,5353,53,48',
    );
    expect(f(e, 'destination.ip')).toBe('2001:db8:1::53');
    expect(f(e, 'destination.port')).toBe(53);
    expect(f(e, 'network.direction')).toBe('outbound');
    const l = parseEvent(
      c,
      "<38>Jun  3 10:01:00 fw1 php-fpm[77]: /index.php: webConfigurator authentication error for user 'admin' from: 192.0.2.66",
    );
    expect(f(l, 'event.outcome')).toBe('failure');
    expect(f(l, 'user.name')).toBe('admin');
  });

  it('rejects a truncated filterlog record', () => {
    const r = c.parse('<134>Jun  3 10:00:00 fw1 filterlog[1]: 5,,,100,em0,match', ctxOf());
    expect(r.kind).toBe('reject');
    expect(r.kind === 'reject' && r.reason).toMatch(/at least 9/);
  });
});
