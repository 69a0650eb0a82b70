import { describe, expect, it } from 'vitest';
import { sonicwallConnector as c } from './sonicwall.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

const line =
  '<134>id=edge sn=C0EAE4000001 time="2024-02-01 09:30:00" fw=192.0.2.1 pri=5 c=1024 gcat=6 m=537 msg="Connection Closed" src=10.1.1.5:50500:X0 dst=203.0.113.10:443:X1 proto=tcp/https sent=900 rcvd=4000 rule="12 (LAN->WAN)" fw_action="drop" usr="bob"';

describe('sonicwall', () => {
  it('maps endpoints, interfaces, bytes and the rule', () => {
    const e = parseEvent(c, line, { timezone: '+01:00' });
    expect(f(e, '@timestamp')).toBe('2024-02-01T08:30:00.000Z');
    expect(f(e, 'source.ip')).toBe('10.1.1.5');
    expect(f(e, 'source.port')).toBe(50500);
    expect(f(e, 'observer.egress.interface.name')).toBe('X1');
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'network.protocol')).toBe('https');
    expect(f(e, 'network.bytes')).toBe(4900);
    expect(f(e, 'rule.id')).toBe('12');
    expect(f(e, 'rule.name')).toBe('LAN->WAN');
    expect(f(e, 'event.outcome')).toBe('failure');
    expect(f(e, 'user.name')).toBe('bob');
  });

  it('rejects a record without sn/time', () => {
    expect(c.parse('id=edge fw=1.2.3.4', ctxOf()).kind).toBe('reject');
    expect(c.detect(line)).toBeGreaterThan(0.9);
  });
});
