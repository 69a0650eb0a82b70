import { beforeEach, describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { iisConnector as c, resetIisLayouts } from './iis.connector.js';

const ctx = (options: Record<string, unknown> = {}) => ({ options, now: new Date('2024-06-01T00:00:00Z') });

describe('iis', () => {
  beforeEach(() => resetIisLayouts());

  it('parses the default 15-column layout without a header', () => {
    const out = c.parse(
      '2024-05-02 07:08:09 10.0.0.5 GET /default.aspx q=1 443 CORP\\jdoe 198.51.100.77 Mozilla/5.0+(Windows+NT+10.0) https://intranet/ 401 2 5 31',
      ctx(),
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-05-02T07:08:09.000Z');
    expect(getField(e, 'destination.ip')).toBe('10.0.0.5');
    expect(getField(e, 'destination.port')).toBe(443);
    expect(getField(e, 'source.ip')).toBe('198.51.100.77');
    expect(getField(e, 'user.name')).toBe('jdoe');
    expect(getField(e, 'user.domain')).toBe('CORP');
    expect(getField(e, 'url.original')).toBe('/default.aspx');
    expect(getField(e, 'url.query')).toBe('q=1');
    expect(getField(e, 'user_agent.original')).toBe('Mozilla/5.0 (Windows NT 10.0)');
    expect(getField(e, 'http.response.status_code')).toBe(401);
    expect(getField(e, 'event.outcome')).toBe('failure');
    expect(getField(e, 'event.duration')).toBe(31_000_000);
    expect(getField(e, 'vigie.logsource')).toEqual({
      category: 'webserver',
      product: 'windows',
      service: 'iis',
    });
  });

  it('skips # lines and uses the last #Fields layout of the same key', () => {
    expect(
      c.parse('#Software: Microsoft Internet Information Services 10.0', ctx({ source: 'web01' })).kind,
    ).toBe('skip');
    expect(
      c.parse('#Fields: date time cs-method cs-uri-stem c-ip sc-status cs-host', ctx({ source: 'web01' }))
        .kind,
    ).toBe('skip');
    const out = c.parse(
      '2024-05-02 07:08:09 PUT /upload 192.0.2.1 201 files.example.com',
      ctx({ source: 'web01' }),
    );
    expect(out.kind === 'event' && getField(out.event, 'url.domain')).toBe('files.example.com');
    expect(out.kind === 'event' && getField(out.event, 'http.response.status_code')).toBe(201);
    // Another key does not see that layout: 7 columns is no default layout.
    const other = c.parse(
      '2024-05-02 07:08:09 PUT /upload 192.0.2.1 201 files.example.com',
      ctx({ source: 'web02' }),
    );
    expect(other.kind).toBe('reject');
  });

  it('honours a time zone for local-time logs and rejects a column-count mismatch', () => {
    const line = '2024-05-02 07:08:09 10.0.0.5 GET / - 80 - 198.51.100.77 curl/8 - 200 0 0 3';
    const out = c.parse(line, ctx({ timezone: '+02:00' }));
    expect(out.kind === 'event' && out.event['@timestamp']).toBe('2024-05-02T05:08:09.000Z');
    const bad = c.parse('2024-05-02 07:08:09 only four', ctx());
    expect(bad.kind === 'reject' && bad.reason).toMatch(/columns/);
  });
});
