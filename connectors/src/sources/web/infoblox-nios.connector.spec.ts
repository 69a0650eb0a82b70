import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { infobloxNiosConnector as c } from './infoblox-nios.connector.js';

const ctx = { options: { year: 2024 }, now: new Date('2024-06-01T00:00:00Z') };

describe('infoblox-nios', () => {
  it('maps an audit login with octal escapes', () => {
    const out = c.parse(
      '<29>May  3 10:00:00 gm.corp.example 10.1.1.1 httpd: 2024-05-03 08:00:00.120Z [jane\\040doe]: Login_Denied - - to=AdminConnector ip=192.0.2.66 info=Local apparently_via=GUI',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-05-03T08:00:00.120Z');
    expect(getField(e, 'user.name')).toBe('jane doe');
    expect(getField(e, 'event.action')).toBe('login_denied');
    expect(getField(e, 'event.outcome')).toBe('failure');
    expect(getField(e, 'source.ip')).toBe('192.0.2.66');
    expect(getField(e, 'host.ip')).toBe('10.1.1.1');
    expect(getField(e, 'vigie.logsource')).toEqual({ product: 'infoblox', service: 'audit' });
  });

  it('maps DNS queries and responses', () => {
    const q = c.parse(
      '<30>May  3 10:00:01 ns1 named[2211]: client @0x7f00aa 198.51.100.20#53001 (bad.example.org): query: bad.example.org IN A +E(0)K (10.1.1.2)',
      ctx,
    );
    expect(q.kind === 'event' && getField(q.event, 'dns.question.name')).toBe('bad.example.org');
    expect(q.kind === 'event' && getField(q.event, 'dns.question.type')).toBe('A');
    expect(q.kind === 'event' && getField(q.event, 'source.port')).toBe(53001);
    expect(q.kind === 'event' && getField(q.event, 'vigie.logsource')).toEqual({
      category: 'dns',
      product: 'infoblox',
    });
    const r = c.parse(
      '<30>May  3 10:00:01 ns1 named[2211]: client 198.51.100.20#53001: UDP: query: www.example.org IN A response: NOERROR +A www.example.org. 300 IN A 203.0.113.10;',
      ctx,
    );
    expect(r.kind === 'event' && getField(r.event, 'dns.response_code')).toBe('NOERROR');
    expect(r.kind === 'event' && getField(r.event, 'dns.resolved_ip')).toEqual(['203.0.113.10']);
  });

  it('maps DHCP and rejects non-syslog text', () => {
    const d = c.parse(
      '<30>May  3 10:00:02 dhcp1 dhcpd[77]: DHCPACK on 10.2.0.15 to aa:bb:cc:dd:ee:ff (laptop-7) via eth1 relay 10.2.0.1 lease-duration 3600',
      ctx,
    );
    expect(d.kind === 'event' && getField(d.event, 'client.mac')).toBe('AA-BB-CC-DD-EE-FF');
    expect(d.kind === 'event' && getField(d.event, 'event.action')).toBe('dhcpack');
    expect(c.parse('plain text', ctx).kind).toBe('reject');
  });
});
