import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { nginxErrorConnector as c } from './nginx-error.connector.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-06-01T00:00:00Z') });

describe('nginx-error', () => {
  it('maps pid, tid, connection and the trailing client/server/request', () => {
    const out = c.parse(
      '2024/03/01 12:00:00 [error] 711#711: *99 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.0.2.8, server: api.example.com, request: "GET /slow HTTP/1.1", upstream: "http://10.0.0.9:8080/slow", host: "api.example.com"',
      ctx('-05:00'),
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-01T17:00:00.000Z');
    expect(getField(e, 'process.pid')).toBe(711);
    expect(getField(e, 'nginx.error.connection_id')).toBe(99);
    expect(getField(e, 'client.ip')).toBe('192.0.2.8');
    expect(getField(e, 'server.domain')).toBe('api.example.com');
    expect(getField(e, 'nginx.error.request')).toBe('GET /slow HTTP/1.1');
    expect(getField(e, 'nginx.error.upstream')).toBe('http://10.0.0.9:8080/slow');
    expect(getField(e, 'log.level')).toBe('error');
  });

  it('keeps a multi-line message', () => {
    const out = c.parse('2024/03/01 12:00:00 [notice] 1#1: signal process started\nsecond line', ctx());
    expect(out.kind === 'event' && getField(out.event, 'message')).toBe(
      'signal process started\nsecond line',
    );
    expect(out.kind === 'event' && getField(out.event, 'event.type')).toEqual(['info']);
  });

  it('rejects an access line', () => {
    expect(c.parse('10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1', ctx()).kind).toBe(
      'reject',
    );
  });
});
