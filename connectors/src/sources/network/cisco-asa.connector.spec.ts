import { describe, expect, it } from 'vitest';
import { ciscoAsaConnector as c } from './cisco-asa.connector.js';
import { ciscoFtdConnector as ftd } from './cisco-ftd.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('cisco-asa', () => {
  it('swaps source and destination for a "Built outbound" TCP connection and keeps the NAT address', () => {
    const e = parseEvent(
      c,
      '<166>Mar 02 2024 10:11:12 fw-edge : %ASA-6-302013: Built outbound TCP connection 4471 for outside:198.51.100.7/443 (198.51.100.7/443) to inside:10.1.2.3/51515 (203.0.113.9/40001)',
    );
    expect(f(e, '@timestamp')).toBe('2024-03-02T10:11:12.000Z');
    expect(f(e, 'source.ip')).toBe('10.1.2.3');
    expect(f(e, 'source.port')).toBe(51515);
    expect(f(e, 'source.nat.ip')).toBe('203.0.113.9');
    expect(f(e, 'destination.ip')).toBe('198.51.100.7');
    expect(f(e, 'destination.port')).toBe(443);
    expect(f(e, 'network.direction')).toBe('outbound');
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'event.action')).toBe('flow-creation');
    expect(f(e, 'event.type')).toEqual(['connection', 'start']);
    expect(f(e, 'host.name')).toBe('fw-edge');
    expect(f(e, 'vigie.logsource')).toEqual({ category: 'firewall', product: 'cisco' });
  });

  it('decodes an access-group deny and a teardown with duration and bytes', () => {
    const d = parseEvent(
      c,
      '<164>Mar 02 2024 10:11:12 fw-edge : %ASA-4-106023: Deny udp src outside:192.0.2.44/5353 dst inside:10.9.9.9/53 by access-group "OUTSIDE_IN" [0x1a2b3c4d, 0x0]',
    );
    expect(f(d, 'rule.name')).toBe('OUTSIDE_IN');
    expect(f(d, 'event.outcome')).toBe('failure');
    expect(f(d, 'event.type')).toEqual(['connection', 'denied']);
    expect(f(d, 'destination.port')).toBe(53);
    const t = parseEvent(
      c,
      '<166>Mar 02 2024 10:15:00 fw-edge : %ASA-6-302014: Teardown TCP connection 4471 for outside:198.51.100.7/443 to inside:10.1.2.3/51515 duration 0:01:05 bytes 7321 TCP FINs',
    );
    expect(f(t, 'event.duration')).toBe(65e9);
    expect(f(t, 'network.bytes')).toBe(7321);
    expect(f(t, 'event.reason')).toBe('TCP FINs');
  });

  it('reads AAA failures and IPv6 VPN assignments', () => {
    const a = parseEvent(
      c,
      '<165>Mar 02 2024 10:20:00 fw-edge : %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.5 : user = mallory : user IP = 198.51.100.200',
    );
    expect(f(a, 'event.outcome')).toBe('failure');
    expect(f(a, 'source.ip')).toBe('198.51.100.200');
    expect(f(a, 'source.user.name')).toBe('mallory');
    const v = parseEvent(
      c,
      '<166>Mar 02 2024 10:21:00 vpn : %ASA-6-751025: Local:2001:db8:5::1:4500 Remote:2001:db8:9::7:61000 Username:zoe@corp.example IKEv2 Group:GP_Staff IPv4 Address=172.20.0.4 IPv6 address=invalid-addr-2-0.0.0.0 assigned to session',
    );
    expect(f(v, 'source.ip')).toBe('2001:db8:5::1');
    expect(f(v, 'destination.port')).toBe(61000);
    expect(f(v, 'source.user.domain')).toBe('corp.example');
  });

  it('applies the configured time zone to zone-less headers and honours a trailing Z', () => {
    const line =
      '<166>Jul 01 2024 12:00:00 fw : %ASA-6-302020: Built inbound ICMP connection for faddr 192.0.2.1/7 gaddr 10.0.0.1/0 laddr 10.0.0.1/0 type 8 code 0';
    expect(f(parseEvent(c, line, { timezone: 'Europe/Paris' }), '@timestamp')).toBe(
      '2024-07-01T10:00:00.000Z',
    );
    const z = parseEvent(
      ftd,
      '<166>Jul 01 2024 12:00:00Z  %FTD-6-113005: AAA user authentication Rejected : reason = Invalid password : server = 10.0.1.2 : user = bob : user IP = 10.0.3.4',
      { timezone: 'Europe/Paris' },
    );
    expect(f(z, '@timestamp')).toBe('2024-07-01T12:00:00.000Z');
    expect(f(z, 'observer.product')).toBe('ftd');
  });

  it('decodes FTD connection events and rejects lines without an ASA tag', () => {
    const e = parseEvent(
      ftd,
      '<166>Jul 01 2024 12:00:00 ftd01 : %FTD-1-430003: DeviceUUID: abc, AccessControlRuleAction: Block, SrcIP: 10.5.5.5, DstIP: 203.0.113.80, SrcPort: 50000, DstPort: 80, Protocol: tcp, IngressInterface: inside, EgressInterface: outside, ACPolicy: Corp, AccessControlRuleName: Block-Bad, URL: http://bad.example/x?y=1',
    );
    expect(f(e, 'rule.name')).toBe('Block-Bad');
    expect(f(e, 'event.outcome')).toBe('failure');
    expect(f(e, 'url.domain')).toBe('bad.example');
    expect(f(e, 'destination.port')).toBe(80);
    const r = c.parse('<166>Jul 01 2024 12:00:00 fw : something else entirely', ctxOf());
    expect(r.kind).toBe('reject');
    expect(r.kind === 'reject' && r.reason).toMatch(/no %ASA/);
    expect(c.detect('%ASA-6-302013: Built')).toBeGreaterThan(0.9);
    expect(c.detect('hello world')).toBe(0);
  });
});
