import { describe, expect, it } from 'vitest';
import {
  cefCustomLabels,
  cefToEcs,
  detectTimestamp,
  parseCef,
  parseColonPairs,
  parseKv,
  parseLeef,
} from './index.js';
import { getField } from '../util/ecs.js';

describe('CEF parser', () => {
  it('reads the header with escaped pipes and extensions with escapes and spaces', () => {
    const r = parseCef(
      '<134>May 12 10:00:00 fw1 CEF:0|Acme\\|Labs|Shield|2.1|4001|Blocked \\| bad|7|src=192.0.2.10 spt=5353 dst=198.51.100.2 dpt=443 proto=TCP act=blocked msg=path a\\=b c:\\\\temp suser=eve cs1Label=Rule cs1=deny all',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.deviceVendor).toBe('Acme|Labs');
    expect(r.record.name).toBe('Blocked | bad');
    expect(r.record.extensions.msg).toBe('path a=b c:\\temp');
    expect(r.record.extensions.cs1).toBe('deny all');
    const doc = {};
    cefToEcs(r.record, doc);
    expect(getField(doc, 'source.port')).toBe(5353);
    expect(getField(doc, 'network.transport')).toBe('tcp');
    expect(getField(doc, 'rule.name')).toBe('deny all');
    expect(getField(doc, 'observer.product')).toBe('Shield');
  });
  it('rejects a truncated header with a reason', () => {
    expect(parseCef('CEF:0|a|b|c')).toEqual({
      ok: false,
      reason: 'CEF header has 4 of 8 pipe-separated fields',
    });
  });
});

describe('LEEF parser', () => {
  it('reads 1.0 (tab) and 2.0 with a custom hex delimiter', () => {
    const one = parseLeef('LEEF:1.0|Acme|Gate|1.0|login|src=192.0.2.1\tusrName=amy\tdstPort=22');
    expect(one.ok && one.record.attributes).toEqual({ src: '192.0.2.1', usrName: 'amy', dstPort: '22' });
    const two = parseLeef('LEEF:2.0|Acme|Gate|1.0|login|x5E|src=192.0.2.1^usrName=amy bob^proto=UDP');
    expect(two.ok && two.record.delimiter).toBe('^');
    expect(two.ok && two.record.attributes.usrName).toBe('amy bob');
  });
  it('rejects an unknown version', () => {
    expect(parseLeef('LEEF:3.0|a|b|c|d|e=f').ok).toBe(false);
  });
});

describe('kv and JSON', () => {
  it('parses quoted values and escapes', () => {
    const r = parseKv('user="J. Doe" action=login msg="said \\"hi\\"" empty= n=5');
    expect(r.ok && r.fields).toEqual({
      user: 'J. Doe',
      action: 'login',
      msg: 'said "hi"',
      empty: '',
      n: '5',
    });
    expect(parseKv('no pairs here').ok).toBe(false);
  });
  it('keeps backslashes that escape nothing (Windows paths) and the first of a repeated key', () => {
    const r = parseKv('file="C:\\Windows\\x.exe" dir="C:\\\\srv\\share" k=1 k=2');
    expect(r.ok && r.fields).toEqual({ file: 'C:\\Windows\\x.exe', dir: 'C:\\srv\\share', k: '1' });
    const one = parseKv('path="C:\\Program Files\\app.exe"');
    expect(one.ok && one.fields.path).toBe('C:\\Program Files\\app.exe');
  });
  it('reuses interned keys without mixing up keys whose hashes collide', () => {
    // "Aa" and "BB" have the same 31-multiplier hash and length: the cached key must not be returned for the other.
    for (let i = 0; i < 3; i++) {
      const r = parseKv(`Aa=1 BB=2 ${'k'.repeat(80)}=3 srcip=10.0.0.${i}`);
      expect(r.ok && r.fields).toEqual({ Aa: '1', BB: '2', ['k'.repeat(80)]: '3', srcip: `10.0.0.${i}` });
      expect(r.ok && r.pairs.map(([k]) => k)).toEqual(['Aa', 'BB', 'k'.repeat(80), 'srcip']);
    }
  });
  it('reads greedy values between comma/semicolon-delimited pairs', () => {
    const r = parseKv('unit_hostname="lb1.example",request_status="blocked",uri=/a b/c.php;method=GET', {
      greedy: true,
      delimiters: ',;',
    });
    expect(r.ok && r.fields).toEqual({
      unit_hostname: 'lb1.example',
      request_status: 'blocked',
      uri: '/a b/c.php',
      method: 'GET',
    });
  });
  it('reads `Key: value, Key: value` pairs', () => {
    expect(
      parseColonPairs('Protocol: TCP, SrcIP: 198.51.100.4, Initiator Bytes: 120, URL: http://x.example/a,b'),
    ).toEqual({
      Protocol: 'TCP',
      SrcIP: '198.51.100.4',
      'Initiator Bytes': '120',
      URL: 'http://x.example/a,b',
    });
  });
  it('resolves CEF custom labels', () => {
    expect(
      cefCustomLabels({
        cs1Label: 'Policy',
        cs1: 'Default Web',
        cn2Label: 'Score',
        cn2: '7',
        cs3: 'unlabelled',
      }),
    ).toEqual({ Policy: 'Default Web', Score: '7' });
  });
  it('finds common timestamp fields', () => {
    expect(detectTimestamp({ ts: 1715500000 })?.date.toISOString()).toBe('2024-05-12T07:46:40.000Z');
    expect(detectTimestamp({ time: '2024-05-12 09:00:00' }, '+02:00')?.date.toISOString()).toBe(
      '2024-05-12T07:00:00.000Z',
    );
    expect(detectTimestamp({ other: 1 })).toBeUndefined();
  });
});
