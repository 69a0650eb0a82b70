import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { cloudflareLogpushConnector as c } from './cloudflare-logpush.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('cloudflare-logpush', () => {
  it('maps the request URL (not the referrer), latency and WAF action', () => {
    const rec = {
      ClientIP: '198.51.100.14',
      ClientSrcPort: 51515,
      ClientRequestHost: 'app.example.com',
      ClientRequestMethod: 'POST',
      ClientRequestURI: '/graphql?op=login',
      ClientRequestProtocol: 'HTTP/2',
      ClientRequestScheme: 'https',
      ClientRequestReferer: 'https://app.example.com/',
      ClientRequestUserAgent: 'Mozilla/5.0',
      EdgeStartTimestamp: '2024-03-06T14:00:00Z',
      EdgeEndTimestamp: '2024-03-06T14:00:00.250Z',
      EdgeResponseStatus: 403,
      EdgeResponseBytes: 700,
      OriginIP: '203.0.113.90',
      EdgeTimeToFirstByteMs: 240,
      SecurityAction: 'block',
      SecurityRuleID: 'abc',
      RayID: '8a1b',
    };
    const out = c.parse(JSON.stringify(rec), ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-06T14:00:00.000Z');
    expect(getField(e, 'url.original')).toBe('https://app.example.com/graphql?op=login');
    expect(getField(e, 'url.query')).toBe('op=login');
    expect(getField(e, 'http.request.referrer')).toBe('https://app.example.com/');
    expect(getField(e, 'source.port')).toBe(51515);
    expect(getField(e, 'destination.ip')).toBe('203.0.113.90');
    expect(getField(e, 'event.duration')).toBe(250_000_000);
    expect(getField(e, 'event.action')).toBe('block');
    expect(getField(e, 'event.kind')).toBe('alert');
  });

  it('accepts Unix-nanosecond timestamps and rejects unrelated JSON', () => {
    const out = c.parse(
      JSON.stringify({ ClientIP: '192.0.2.1', EdgeStartTimestamp: 1709733600000000000 }),
      ctx,
    );
    expect(out.kind === 'event' && out.event['@timestamp']).toBe('2024-03-06T14:00:00.000Z');
    expect(c.parse('{"a":1}', ctx).kind).toBe('reject');
  });
});
