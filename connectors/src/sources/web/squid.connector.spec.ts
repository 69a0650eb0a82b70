import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { squidConnector as c } from './squid.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('squid', () => {
  it('maps the native format', () => {
    const out = c.parse(
      '1714550400.123    250 192.0.2.50 TCP_DENIED/403 3900 GET http://malware.example.test/payload.exe alice HIER_NONE/- text/html',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-05-01T08:00:00.123Z');
    expect(getField(e, 'source.ip')).toBe('192.0.2.50');
    expect(getField(e, 'squid.result_code')).toBe('TCP_DENIED');
    expect(getField(e, 'http.response.status_code')).toBe(403);
    expect(getField(e, 'url.domain')).toBe('malware.example.test');
    expect(getField(e, 'url.extension')).toBe('exe');
    expect(getField(e, 'source.user.name')).toBe('alice');
    expect(getField(e, 'event.duration')).toBe(250_000_000);
    expect(getField(e, 'vigie.logsource')).toEqual({ category: 'proxy', product: 'squid' });
  });

  it('maps a CONNECT to the destination host', () => {
    const out = c.parse(
      '1714550400.500     10 192.0.2.50 TCP_TUNNEL/200 5000 CONNECT login.example.com:443 - HIER_DIRECT/203.0.113.80 -',
      ctx,
    );
    expect(out.kind === 'event' && getField(out.event, 'destination.ip')).toBe('203.0.113.80');
    expect(out.kind === 'event' && getField(out.event, 'destination.domain')).toBe('login.example.com');
    expect(out.kind === 'event' && getField(out.event, 'url.original')).toBe('login.example.com:443');
  });

  it('rejects a line without the epoch time', () => {
    expect(c.parse('GET http://x/ 200', ctx).kind).toBe('reject');
  });
});
