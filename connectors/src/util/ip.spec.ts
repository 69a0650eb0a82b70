import { describe, expect, it } from 'vitest';
import { cleanIp, directionFromIps, ipType, isIp, isPrivateIp, splitHostPort } from './ip.js';

describe('ip helpers', () => {
  it('recognizes IPv4 and IPv6 text, zone ids and embedded IPv4 included', () => {
    for (const ok of [
      '192.0.2.1',
      '0.0.0.0',
      '2001:db8::1',
      '::1',
      'fe80::1%eth0',
      '::ffff:198.51.100.2',
      '1:2:3:4:5:6:7:8',
    ])
      expect(isIp(ok), ok).toBe(true);
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      'example.com',
      '1:2:3:4:5:6:7:8:9',
      '2001:db8:::1',
      '',
      undefined,
      42,
    ])
      expect(isIp(bad), String(bad)).toBe(false);
    expect(ipType('10.0.0.1')).toBe('ipv4');
    expect(ipType('2001:db8::1')).toBe('ipv6');
    expect(ipType('host')).toBeUndefined();
  });

  it('cleans brackets and the IPv4-mapped prefix', () => {
    expect(cleanIp(' [2001:db8::9] ')).toBe('2001:db8::9');
    expect(cleanIp('::FFFF:203.0.113.5')).toBe('203.0.113.5');
    expect(cleanIp('unknown')).toBeUndefined();
  });

  it('splits host and port', () => {
    expect(splitHostPort('203.0.113.5:8080')).toEqual({ host: '203.0.113.5', port: 8080 });
    expect(splitHostPort('[2001:db8::1]:443')).toEqual({ host: '2001:db8::1', port: 443 });
    expect(splitHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1' });
    expect(splitHostPort('proxy.example')).toEqual({ host: 'proxy.example' });
  });

  it('classifies private ranges and derives the direction', () => {
    expect(isPrivateIp('172.20.1.1')).toBe(true);
    expect(isPrivateIp('172.32.1.1')).toBe(false);
    expect(isPrivateIp('fd00::5')).toBe(true);
    expect(directionFromIps('10.0.0.5', '198.51.100.9')).toBe('outbound');
    expect(directionFromIps('198.51.100.9', '10.0.0.5')).toBe('inbound');
    expect(directionFromIps('10.0.0.5', '192.168.1.1')).toBe('internal');
    expect(directionFromIps('198.51.100.9', '203.0.113.1')).toBe('external');
    expect(directionFromIps('10.0.0.5', 'gw.example')).toBeUndefined();
  });
});
