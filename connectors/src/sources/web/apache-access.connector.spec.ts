import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { apacheAccessConnector as c } from './apache-access.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };
const ev = (line: string) => {
  const out = c.parse(line, ctx);
  if (out.kind !== 'event')
    throw new Error(`expected an event, got ${out.kind}: ${'reason' in out ? out.reason : ''}`);
  return out.event;
};

describe('apache-access', () => {
  it('maps a combined line', () => {
    const e = ev(
      '203.0.113.7 - alice [12/Mar/2024:08:01:02 +0100] "POST /login.php?next=%2F HTTP/1.1" 302 512 "https://shop.example.org/" "curl/8.5.0"',
    );
    expect(e['@timestamp']).toBe('2024-03-12T07:01:02.000Z');
    expect(getField(e, 'source.ip')).toBe('203.0.113.7');
    expect(getField(e, 'user.name')).toBe('alice');
    expect(getField(e, 'http.request.method')).toBe('POST');
    expect(getField(e, 'url.original')).toBe('/login.php?next=%2F');
    expect(getField(e, 'url.path')).toBe('/login.php');
    expect(getField(e, 'url.query')).toBe('next=%2F');
    expect(getField(e, 'http.response.status_code')).toBe(302);
    expect(getField(e, 'http.response.body.bytes')).toBe(512);
    expect(getField(e, 'http.request.referrer')).toBe('https://shop.example.org/');
    expect(getField(e, 'user_agent.original')).toBe('curl/8.5.0');
    expect(getField(e, 'event.outcome')).toBe('success');
    expect(getField(e, 'vigie.logsource')).toEqual({ category: 'webserver', product: 'apache' });
    expect(getField(e, 'event.original')).toContain('POST /login.php');
  });

  it('reads vhost_combined: the virtual host is the server, the next token the client', () => {
    const e = ev(
      'www.example.net:443 198.51.100.9 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/2.0" 404 10 "-" "Mozilla/5.0"',
    );
    expect(getField(e, 'destination.domain')).toBe('www.example.net');
    expect(getField(e, 'destination.port')).toBe(443);
    expect(getField(e, 'url.domain')).toBe('www.example.net');
    expect(getField(e, 'source.ip')).toBe('198.51.100.9');
    expect(getField(e, 'event.outcome')).toBe('failure');
  });

  it('omits event.original when keepOriginal is false', () => {
    const out = c.parse('10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1', {
      ...ctx,
      options: { keepOriginal: false },
    });
    expect(out.kind).toBe('event');
    expect(out.kind === 'event' ? getField(out.event, 'event.original') : 'no event').toBeUndefined();
  });

  it('rejects a malformed line with a reason, and detects only access lines', () => {
    const out = c.parse('this is not an access log', ctx);
    expect(out.kind).toBe('reject');
    expect(out.kind === 'reject' && out.reason).toMatch(/apache-access: not an access-log line/);
    expect(c.detect('hello world')).toBe(0);
    expect(
      c.detect('10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"'),
    ).toBeGreaterThan(0.4);
  });
});
