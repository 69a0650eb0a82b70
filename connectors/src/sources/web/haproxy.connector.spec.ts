import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { haproxyConnector as c } from './haproxy.connector.js';

const ctx = { options: { year: 2024 }, now: new Date('2024-06-01T00:00:00Z') };

describe('haproxy', () => {
  it('maps the HTTP log format', () => {
    const out = c.parse(
      'May 10 11:12:13 lb1 haproxy[321]: 198.51.100.4:40112 [10/May/2024:11:12:13.250] web~ app/srv2 5/0/1/40/46 500 1234 - - ---- 3/3/1/1/0 0/0 "POST /checkout HTTP/1.1"',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-05-10T11:12:13.250Z');
    expect(getField(e, 'source.ip')).toBe('198.51.100.4');
    expect(getField(e, 'source.port')).toBe(40112);
    expect(getField(e, 'process.pid')).toBe(321);
    expect(getField(e, 'haproxy.backend_name')).toBe('app');
    expect(getField(e, 'haproxy.server_name')).toBe('srv2');
    expect(getField(e, 'http.request.method')).toBe('POST');
    expect(getField(e, 'url.path')).toBe('/checkout');
    expect(getField(e, 'http.response.status_code')).toBe(500);
    expect(getField(e, 'event.outcome')).toBe('failure');
    expect(getField(e, 'event.duration')).toBe(46_000_000);
  });

  it('maps the TCP log format', () => {
    const out = c.parse(
      'May 10 11:12:13 lb1 haproxy[321]: 192.0.2.9:5000 [10/May/2024:11:12:13.000] pg-in pg/db1 0/0/5012 1820 -- 1/1/1/1/0 0/0',
      ctx,
    );
    expect(out.kind === 'event' && getField(out.event, 'event.category')).toEqual(['network']);
    expect(out.kind === 'event' && getField(out.event, 'destination.bytes')).toBe(1820);
  });

  it('rejects unrelated syslog', () => {
    expect(c.parse('May 10 11:12:13 host sshd[1]: Accepted password for bob', ctx).kind).toBe('reject');
  });
});
