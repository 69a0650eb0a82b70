import { describe, expect, it } from 'vitest';
import { compareDocs, isYearless, normalizeValue } from './compare.js';
import { splitLogEntries, optionsFromConfig } from './corpus.js';
import { normalizeIp } from './ip.js';
import { alignExpected } from './runner.js';
import type { LoadedFixture } from './corpus.js';

describe('normalizeIp', () => {
  it('maps IPv4-mapped IPv6 to IPv4 and compresses IPv6', () => {
    expect(normalizeIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('::FFFF:0a01:0203')).toBe('10.1.2.3');
    expect(normalizeIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(normalizeIp('010.001.002.003')).toBe('10.1.2.3');
    expect(normalizeIp('not-an-ip')).toBe('not-an-ip');
  });
});

describe('compareDocs', () => {
  it('compares arrays as sets, numbers with numeric strings, timestamps as instants', () => {
    const expected = {
      '@timestamp': '2024-03-01T10:00:00.000Z',
      event: { category: ['network', 'authentication'], code: '4624' },
      source: { ip: '::ffff:192.0.2.1', port: 443 },
    };
    const actual = {
      '@timestamp': '2024-03-01T12:00:00+02:00',
      event: { category: ['authentication', 'network'], code: 4624 },
      source: { ip: '192.0.2.1', port: '443' },
    };
    const r = compareDocs(expected, actual);
    expect(r).toEqual({ comparisons: 5, matches: 5, mismatches: [], extras: [] });
  });

  it('reports a field only we emit as an extra, outside the agreement', () => {
    const r = compareDocs({ user: { name: 'alice' } }, { user: { name: 'alice' }, host: { name: 'h1' } });
    expect(r.comparisons).toBe(1);
    expect(r.matches).toBe(1);
    expect(r.mismatches).toEqual([]);
    expect(r.extras).toEqual([{ field: 'host.name', actual: 'h1' }]);
  });

  it('counts an expected field we lack or hold with another value as a mismatch', () => {
    const r = compareDocs({ user: { name: 'alice' }, host: { name: 'h1' } }, { user: { name: 'bob' } });
    expect(r.comparisons).toBe(2);
    expect(r.matches).toBe(0);
    expect(r.mismatches).toEqual([
      { field: 'user.name', expected: 'alice', actual: 'bob' },
      { field: 'host.name', expected: 'h1', actual: undefined },
    ]);
    expect(r.extras).toEqual([]);
  });

  it('reads host.hostname when the expected doc has no host.name', () => {
    expect(compareDocs({ host: { hostname: 'srv' } }, { host: { name: 'srv' } }).matches).toBe(1);
  });

  it('ignores the year for year-less syslog lines only', () => {
    const exp = { '@timestamp': '2021-05-27T11:19:35.000Z' };
    const act = { '@timestamp': '2026-05-27T11:19:35.000Z' };
    expect(isYearless('May 27 11:19:35 host systemd[1]: Stopped.')).toBe(true);
    expect(isYearless('May 27 2021 11:19:35 host x')).toBe(false);
    expect(compareDocs(exp, act, { yearless: true }).matches).toBe(1);
    expect(compareDocs(exp, act).matches).toBe(0);
  });

  it('skips ignored fields and treats a missing document as all mismatches', () => {
    const exp = { '@timestamp': '2021-05-27T11:19:35.000Z', event: { kind: 'event' } };
    expect(compareDocs(exp, undefined, { ignored: new Set(['@timestamp']) })).toEqual({
      comparisons: 1,
      matches: 0,
      mismatches: [{ field: 'event.kind', expected: 'event', actual: undefined }],
      extras: [],
    });
    // An ignored field is neither compared nor reported as an extra.
    expect(compareDocs({}, { host: { name: 'h' } }, { ignored: new Set(['host.name']) }).extras).toEqual([]);
  });

  it('normalizes empty values away', () => {
    expect(normalizeValue('event.type', ['a', '', null, 'a'])).toEqual(['a']);
  });
});

describe('corpus reading rules', () => {
  it('joins continuation lines with a multiline pattern and drops blank lines', () => {
    const text = '2024/01/01 a\n  cont\n\n2024/01/02 b\r\n';
    expect(splitLogEntries(text)).toEqual(['2024/01/01 a', '  cont', '2024/01/02 b']);
    expect(splitLogEntries(text, { firstLinePattern: /^\d{4}\// })).toEqual([
      '2024/01/01 a\n  cont\n',
      '2024/01/02 b',
    ]);
  });

  it('turns tz_offset, event.timezone and _conf.* into connector options', () => {
    expect(optionsFromConfig({ fields: { '_tmp.tz_offset': '-04:00' }, dynamicFields: [] })).toEqual({
      timezone: '-04:00',
    });
    expect(optionsFromConfig({ fields: { 'event.timezone': 'GMT+2' }, dynamicFields: [] })).toEqual({
      timezone: 'GMT+2',
    });
    expect(
      optionsFromConfig({ fields: { '_conf.tz_offset': '+0500', '_conf.flag': true }, dynamicFields: [] }),
    ).toEqual({
      tz_offset: '+0500',
      flag: true,
      timezone: '+0500',
    });
  });

  it('aligns expected docs by event.original, then message substring, then position', () => {
    const fx = {
      entries: [
        { record: 'line one', text: 'line one', index: 0 },
        { record: 'Jan 1 00:00:00 h app: second', text: 'Jan 1 00:00:00 h app: second', index: 1 },
        { record: 'line three', text: 'line three', index: 2 },
      ],
      expected: [{ event: { original: 'line three' } }, { message: 'second' }],
    } as unknown as LoadedFixture;
    expect(alignExpected(fx)).toEqual([2, undefined]);
    const fx2 = {
      ...fx,
      expected: [{ event: { original: 'line one' } }, { message: 'second' }],
    } as unknown as LoadedFixture;
    expect(alignExpected(fx2)).toEqual([0, 1]);
  });
});
