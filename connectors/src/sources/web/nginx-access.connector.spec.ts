import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { nginxAccessConnector as c } from './nginx-access.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('nginx-access', () => {
  it('maps a host-prefixed line with an X-Forwarded-For list', () => {
    const out = c.parse(
      'api.example.com 192.0.2.10, 10.1.1.1 - - [05/Feb/2024:10:00:00 -0500] "GET /v1/items?id=3 HTTP/1.1" 200 87 "-" "okhttp/4.9" "-"',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-02-05T15:00:00.000Z');
    expect(getField(e, 'source.ip')).toBe('192.0.2.10');
    expect(getField(e, 'nginx.access.remote_ip_list')).toEqual(['192.0.2.10', '10.1.1.1']);
    expect(getField(e, 'url.domain')).toBe('api.example.com');
    expect(getField(e, 'url.path')).toBe('/v1/items');
    expect(getField(e, 'event.type')).toEqual(['access']);
    expect(getField(e, 'vigie.logsource')).toEqual({ category: 'webserver', product: 'nginx' });
  });

  it('keeps an unparseable request (400 "") without inventing url fields', () => {
    const out = c.parse('203.0.113.5 - - [05/Feb/2024:10:00:00 +0000] "" 400 0 "-" "-"', ctx);
    expect(out.kind === 'event' && getField(out.event, 'url.original')).toBeUndefined();
    expect(out.kind === 'event' && getField(out.event, 'http.response.status_code')).toBe(400);
  });

  it('rejects a line with a bad date', () => {
    const out = c.parse('203.0.113.5 - - [32/Foo/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1', ctx);
    expect(out.kind).toBe('reject');
  });
});
