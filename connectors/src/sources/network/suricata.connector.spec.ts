import { describe, expect, it } from 'vitest';
import { suricataConnector as c } from './suricata.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('suricata', () => {
  it('maps an alert with its http metadata', () => {
    const e = parseEvent(
      c,
      '{"timestamp":"2024-01-20T10:00:00.123456+0100","flow_id":42,"event_type":"alert","src_ip":"10.0.0.7","src_port":40404,"dest_ip":"198.51.100.80","dest_port":80,"proto":"TCP","alert":{"action":"blocked","gid":1,"signature_id":2000001,"rev":2,"signature":"ET TEST bad agent","category":"A Network Trojan was detected","severity":1},"http":{"hostname":"bad.example","url":"/x.php?a=b","http_user_agent":"evil/1.0","http_method":"GET","status":403}}',
    );
    expect(f(e, '@timestamp')).toBe('2024-01-20T09:00:00.123Z');
    expect(f(e, 'event.kind')).toBe('alert');
    expect(f(e, 'event.type')).toEqual(['denied']);
    expect(f(e, 'rule.name')).toBe('ET TEST bad agent');
    expect(f(e, 'rule.id')).toBe('2000001');
    expect(f(e, 'url.domain')).toBe('bad.example');
    expect(f(e, 'http.response.status_code')).toBe(403);
    expect(f(e, 'network.transport')).toBe('tcp');
  });

  it('maps dns v2 queries and rejects non-EVE JSON', () => {
    const d = parseEvent(c, {
      timestamp: '2024-01-20T10:00:00Z',
      event_type: 'dns',
      src_ip: '10.0.0.7',
      src_port: 5000,
      dest_ip: '10.0.0.1',
      dest_port: 53,
      proto: 'UDP',
      dns: { type: 'request', id: 7, queries: [{ rrname: 'x.example', rrtype: 'TXT' }] },
    });
    expect(f(d, 'dns.question.name')).toBe('x.example');
    expect(f(d, 'dns.question.type')).toBe('TXT');
    const r = c.parse('{"foo":1}', ctxOf());
    expect(r.kind).toBe('reject');
    expect(r.kind === 'reject' && r.reason).toMatch(/event_type/);
  });
});
