import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, HourlyFeatureBuilder, entityOf, timeFeatures } from './hourly-features.js';

const f = (name: string) => FEATURE_NAMES.indexOf(name);

describe('hourly features', () => {
  it('reads the entity of each kind', () => {
    expect(entityOf({ user: { name: 'CORP\\Alice' } }, 'user')).toBe('alice');
    expect(entityOf({ host: { name: 'WS-01' } }, 'host')).toBe('ws-01');
    expect(entityOf({ host: { name: 'WS-01' } }, 'user')).toBeUndefined();
  });

  it('encodes hour of day and weekends/holidays', () => {
    const sat = Date.parse('2024-06-01T06:00:00Z');
    expect(timeFeatures(sat)[2]).toBe(1);
    const mon = Date.parse('2024-06-03T06:00:00Z');
    const [s, c, w] = timeFeatures(mon);
    expect(w).toBe(0);
    expect(s).toBeCloseTo(1);
    expect(c).toBeCloseTo(0);
    expect(timeFeatures(mon, { holidays: new Set(['2024-06-03']) })[2]).toBe(1);
    expect(timeFeatures(Date.parse('2024-06-02T23:00:00Z'), { utcOffsetMinutes: 120 })[2]).toBe(0); // Monday 01:00 local
  });

  it('counts an hour of ECS events per entity, distinct values included, and fills quiet hours', () => {
    const b = new HourlyFeatureBuilder('user');
    const t = '2024-06-03T09:';
    const events = [
      {
        '@timestamp': `${t}01:00Z`,
        user: { name: 'bob' },
        event: { category: ['authentication'], outcome: 'success', code: '4624' },
        source: { ip: '10.0.0.5' },
      },
      {
        '@timestamp': `${t}02:00Z`,
        user: { name: 'bob' },
        event: { category: ['authentication'], outcome: 'failure', code: '4625' },
        source: { ip: '10.0.0.6' },
      },
      {
        '@timestamp': `${t}03:00Z`,
        user: { name: 'bob' },
        event: { category: ['process'], type: ['start'], code: '1' },
        process: { name: 'cmd.exe' },
      },
      {
        '@timestamp': `${t}04:00Z`,
        user: { name: 'bob' },
        event: { category: ['process'], type: ['start'], code: '1' },
        process: { name: 'CMD.exe' },
      },
      {
        '@timestamp': `${t}05:00Z`,
        user: { name: 'bob' },
        event: { category: ['web', 'network'] },
        url: { domain: 'a.example.com' },
        source: { bytes: 1000 },
      },
      {
        '@timestamp': `${t}06:00Z`,
        user: { name: 'bob' },
        event: { category: ['network'] },
        destination: { ip: '1.2.3.4' },
        source: { bytes: 500 },
      },
      {
        '@timestamp': `${t}07:00Z`,
        user: { name: 'bob' },
        event: { category: ['network'] },
        dns: { question: { name: 'x.example.com' } },
      },
      {
        '@timestamp': `${t}08:00Z`,
        user: { name: 'bob' },
        event: { category: ['network'] },
        dns: { question: { name: 'y.example.com' } },
      },
      {
        '@timestamp': `${t}09:00Z`,
        user: { name: 'bob' },
        event: { category: ['iam'], type: ['user', 'change'], action: 'AttachUserPolicy' },
        cloud: { provider: 'aws' },
      },
      { '@timestamp': `2024-06-03T11:30:00Z`, user: { name: 'bob' }, event: { code: '4672' } },
      {
        '@timestamp': `${t}10:00Z`,
        host: { name: 'ws-1' },
        event: { category: ['process'], type: ['start'] },
      },
    ];
    for (const e of events) b.add(e);
    expect(b.added).toBe(10);
    expect(b.ignored).toBe(1);
    const vs = [...b.vectors()];
    expect(vs.map((v) => v.hour)).toEqual([
      '2024-06-03T09:00:00.000Z',
      '2024-06-03T10:00:00.000Z',
      '2024-06-03T11:00:00.000Z',
    ]);
    const [h9, h10, h11] = vs;
    expect(h9.entity).toBe('bob');
    const expected: Record<string, number> = {
      logons: 1,
      logon_failures: 1,
      processes: 2,
      distinct_processes: 1,
      network_connections: 2,
      distinct_destinations: 2,
      bytes_out: 1500,
      dns_queries: 2,
      distinct_dns_domains: 1,
      privileged_actions: 1,
      cloud_api_calls: 1,
      distinct_source_ips: 2,
    };
    for (const [name, value] of Object.entries(expected))
      expect([name, h9.values[f(name)]]).toEqual([name, value]);
    expect(h10.values.slice(0, 12).every((v) => v === 0)).toBe(true);
    expect(h11.values[f('privileged_actions')]).toBe(1);
    expect([...b.vectors({ dense: false })]).toHaveLength(2);
  });
});
