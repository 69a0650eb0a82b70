import { describe, expect, it } from 'vitest';
import { fortigateConnector as c } from './fortigate.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

const traffic =
  '<189>date=2024-05-10 time=14:03:22 devname="FGT-HQ" devid="FG100FTK00000001" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=10.10.1.20 srcport=53211 srcintf="lan" dstip=93.184.215.14 dstport=443 dstintf="wan1" proto=6 service="HTTPS" action="deny" policyid=7 policyname="block-out" sentbyte=0 rcvdbyte=0';

describe('fortigate', () => {
  it('maps a denied traffic log', () => {
    const e = parseEvent(c, traffic);
    expect(f(e, 'source.ip')).toBe('10.10.1.20');
    expect(f(e, 'destination.port')).toBe(443);
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'network.direction')).toBe('outbound');
    expect(f(e, 'event.action')).toBe('deny');
    expect(f(e, 'event.outcome')).toBe('failure');
    expect(f(e, 'event.type')).toEqual(['connection', 'denied']);
    expect(f(e, 'rule.name')).toBe('block-out');
    expect(f(e, 'observer.name')).toBe('FGT-HQ');
    expect(f(e, 'event.code')).toBe('0000000013');
  });

  it('uses the tz field, else the configured zone', () => {
    expect(f(parseEvent(c, traffic.replace('level=', 'tz="+0200" level=')), '@timestamp')).toBe(
      '2024-05-10T12:03:22.000Z',
    );
    expect(f(parseEvent(c, traffic, { timezone: '-05:00' }), '@timestamp')).toBe('2024-05-10T19:03:22.000Z');
  });

  it('rejects a line without FortiGate fields', () => {
    const r = c.parse('<13>May 10 14:03:22 host app: hello', ctxOf());
    expect(r.kind).toBe('reject');
    expect(c.detect(traffic)).toBeGreaterThan(0.8);
    expect(c.detect('a=b c=d')).toBe(0);
  });
});
