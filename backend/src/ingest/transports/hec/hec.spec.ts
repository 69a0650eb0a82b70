import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config.schema.js';
import { parseHecTokens, parseSourcetypes } from './hec-config.js';
import { epochSecondsToIso, hecMeta, parseHecEvents, parseHecRaw } from './hec-events.parser.js';
import { hecToken, rawMeta } from './hec.router.js';

describe('parseHecEvents', () => {
  it('reads concatenated, newline-separated and pretty-printed objects with their metadata', () => {
    const body =
      '{"time":1714557600.5,"host":"web01","source":"/var/log/auth.log","sourcetype":"linux_secure","index":"main","event":"Accepted password for bob"}' +
      '{"event":{"action":"login","user":"carol"},"fields":{"env":"prod"}}\n' +
      '{\n  "event": "brace } and \\" quote {",\n  "time": "1714557601"\n}\n';
    const r = parseHecEvents(body);
    expect(r.ok).toBe(true);
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toMatchObject({
      time: 1714557600.5,
      host: 'web01',
      sourcetype: 'linux_secure',
      index: 'main',
      event: 'Accepted password for bob',
    });
    expect(r.events[1]).toMatchObject({ event: { action: 'login', user: 'carol' }, fields: { env: 'prod' } });
    expect(r.events[2]).toMatchObject({ event: 'brace } and " quote {', time: 1714557601 });
  });

  it('stops at the first bad event like Splunk: code 6 for bad JSON, 12 without event, 13 for a blank one', () => {
    const bad = parseHecEvents('{"event":"a"}{"event":"b"}{"event": nope}{"event":"c"}');
    expect(bad).toMatchObject({ ok: false, code: 6, index: 2 });
    expect(bad.events.map((e) => e.event)).toEqual(['a', 'b']);
    if (!bad.ok) expect(bad.rest).toContain('"c"');
    expect(parseHecEvents('{"event":"a"}{"host":"x"}')).toMatchObject({ ok: false, code: 12, index: 1 });
    expect(parseHecEvents('{"event":""}')).toMatchObject({ ok: false, code: 13, index: 0 });
    expect(parseHecEvents('{"event":"a"} trailing')).toMatchObject({ ok: false, code: 6, index: 1 });
    expect(parseHecEvents('{"event":"a"')).toMatchObject({ ok: false, code: 6, index: 0 });
    expect(parseHecEvents('{"event":"a","time":"soon"}')).toMatchObject({ ok: false, code: 6 });
  });

  it('splits raw bodies into lines', () => {
    expect(parseHecRaw('one\r\ntwo\n\nthree')).toEqual(['one', 'two', 'three']);
  });
});

describe('HEC envelope', () => {
  it('maps time, host, source, sourcetype, index and fields (scalars only, dots replaced) onto the record meta', () => {
    const r = parseHecEvents(
      '{"time":1714557600.25,"host":"uf-07","source":"/var/log/app.log","sourcetype":"kv","index":"main",' +
        '"fields":{"datacenter":"par1","rack":12,"pci":true,"team.name":"blue","multi":["a","b"],"obj":{"x":1}},' +
        '"event":"user=bob action=login"}' +
        '{"event":{"msg":"no metadata"}}',
    );
    expect(r.ok).toBe(true);
    expect(r.events.map(hecMeta)).toEqual([
      {
        transport: 'hec',
        time: '2024-05-01T10:00:00.250Z',
        host: 'uf-07',
        source: '/var/log/app.log',
        sourcetype: 'kv',
        index: 'main',
        labels: { datacenter: 'par1', rack: '12', pci: 'true', team_name: 'blue' },
      },
      { transport: 'hec' },
    ]);
  });

  it('reads epoch seconds (string or number) and drops times no ISO string can hold', () => {
    expect(epochSecondsToIso(1714557601.25)).toBe('2024-05-01T10:00:01.250Z');
    expect(epochSecondsToIso(parseHecEvents('{"event":"x","time":"1714557601"}').events[0].time)).toBe(
      '2024-05-01T10:00:01.000Z',
    );
    expect(epochSecondsToIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(epochSecondsToIso(-5)).toBeUndefined();
    expect(epochSecondsToIso(1714557600123 * 1000)).toBeUndefined();
    expect(epochSecondsToIso(undefined)).toBeUndefined();
  });

  it('takes the raw endpoint envelope from the query string', () => {
    expect(
      rawMeta({ host: 'web03', source: 'app', sourcetype: 'linux_secure', index: 'os', channel: 'c' }),
    ).toEqual({
      transport: 'hec',
      host: 'web03',
      source: 'app',
      sourcetype: 'linux_secure',
      index: 'os',
    });
    expect(rawMeta({ host: ['a', 'b'] })).toEqual({ transport: 'hec' });
  });
});

describe('HEC configuration', () => {
  it('reads tokens as a list or JSON and refuses unknown sources and bad tenants', () => {
    const list = parseHecTokens('t1=acme:linux-auth, t2=globex, t3', 'default');
    expect([...list]).toEqual([
      ['t1', { tenant: 'acme', source: 'linux-auth' }],
      ['t2', { tenant: 'globex', source: 'auto' }],
      ['t3', { tenant: 'default', source: 'auto' }],
    ]);
    const json = parseHecTokens(
      '{"abc":{"tenant":"acme","source":"cisco-asa"},"def":"globex:auto"}',
      'default',
    );
    expect(json.get('abc')).toEqual({ tenant: 'acme', source: 'cisco-asa' });
    expect(json.get('def')).toEqual({ tenant: 'globex', source: 'auto' });
    expect(() => parseHecTokens('t1=acme:no-such-connector', 'default')).toThrow(ConfigError);
    expect(() => parseHecTokens('t1=Bad-Tenant:auto', 'default')).toThrow(/not a valid tenant/);
  });

  it('maps Splunk sourcetypes to connectors, with prefixes, connector ids and overrides', () => {
    const map = parseSourcetypes('my:fw=fortigate,linux_secure=syslog');
    expect(map.connectorFor('cisco:asa')).toBe('cisco-asa');
    expect(map.connectorFor('pan:traffic')).toBe('panos');
    expect(map.connectorFor('XmlWinEventLog:Security')).toBe('windows-security');
    expect(map.connectorFor('okta')).toBe('okta');
    expect(map.connectorFor('my:fw')).toBe('fortigate');
    expect(map.connectorFor('linux_secure')).toBe('syslog');
    expect(map.connectorFor('something:else')).toBeUndefined();
    expect(() => parseSourcetypes('x=not-a-connector')).toThrow(/not a connector id/);
  });

  it('takes the token from Splunk, Bearer or Basic authorization, or the query', () => {
    expect(hecToken('Splunk abc-123', undefined)).toEqual({ token: 'abc-123' });
    expect(hecToken('Bearer xyz', undefined)).toEqual({ token: 'xyz' });
    expect(hecToken(`Basic ${Buffer.from('x:tok').toString('base64')}`, undefined)).toEqual({ token: 'tok' });
    expect(hecToken('Token abc', undefined)).toEqual({ malformed: true });
    expect(hecToken(undefined, 'q1')).toEqual({ token: 'q1' });
    expect(hecToken(undefined, undefined)).toEqual({});
  });
});
