import { describe, expect, it } from 'vitest';
import { isPublicIp, parseIp, parseIpv4, parseIpv6Words } from './ip-address.js';

describe('ip-address', () => {
  it('parses IPv4 strictly', () => {
    expect(parseIpv4('8.8.8.8')).toBe(0x08080808);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', 'a.b.c.d', '', '1.2.3.4 ', '01234.1.1.1'])
      expect(parseIpv4(bad), bad).toBeUndefined();
  });

  it('parses IPv6 with ::, zones, brackets and an IPv4 tail', () => {
    expect(parseIpv6Words('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6Words('[fe80::1%eth0]')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6Words('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    for (const bad of ['1::2::3', '12345::1', 'g::1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', ':::'])
      expect(parseIpv6Words(bad), bad).toBeUndefined();
    expect(parseIp('::ffff:8.8.4.4')).toEqual({ family: 4, value: 0x08080404 });
  });

  it('looks up only globally routable addresses', () => {
    const pub = (s: string) => isPublicIp(parseIp(s)!);
    for (const ip of ['8.8.8.8', '185.220.101.34', '1.1.1.1', '2a00:1450:4007:80e::200e', '2606:4700::1111'])
      expect(pub(ip), ip).toBe(true);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      '192.0.2.5',
      '198.51.100.7',
      '203.0.113.9',
      '224.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '2001:db8::1',
      'ff02::1',
    ])
      expect(pub(ip), ip).toBe(false);
    expect(pub('172.32.0.1')).toBe(true);
  });
});
