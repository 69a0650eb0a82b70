import { describe, expect, it } from 'vitest';
import { zeekConnector as c } from './zeek.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('zeek', () => {
  it('maps a conn record with direction from local_orig/local_resp', () => {
    const e = parseEvent(
      c,
      '{"ts":1717243200.5,"uid":"CXy12abc","id.orig_h":"10.0.0.5","id.orig_p":51000,"id.resp_h":"203.0.113.50","id.resp_p":22,"proto":"tcp","service":"ssh","duration":2.5,"conn_state":"REJ","local_orig":true,"local_resp":false,"orig_ip_bytes":60,"resp_ip_bytes":40}',
    );
    expect(f(e, '@timestamp')).toBe('2024-06-01T12:00:00.500Z');
    expect(f(e, 'network.direction')).toBe('outbound');
    expect(f(e, 'event.type')).toEqual(['connection', 'start', 'denied']);
    expect(f(e, 'network.bytes')).toBe(100);
    expect(f(e, 'vigie.logsource')).toEqual({ product: 'zeek', service: 'conn' });
  });

  it('maps dns and http JSON records', () => {
    const d = parseEvent(
      c,
      '{"ts":1717243200,"uid":"C1","id.orig_h":"10.0.0.5","id.orig_p":5000,"id.resp_h":"10.0.0.1","id.resp_p":53,"proto":"udp","trans_id":9,"query":"evil.example","qtype_name":"A","rcode_name":"NXDOMAIN","RD":true}',
    );
    expect(f(d, 'dns.question.name')).toBe('evil.example');
    expect(f(d, 'event.outcome')).toBe('failure');
    const h = parseEvent(
      c,
      '{"ts":1717243200,"uid":"C2","id.orig_h":"10.0.0.5","id.orig_p":5001,"id.resp_h":"198.51.100.1","id.resp_p":80,"trans_depth":1,"method":"POST","host":"upload.example","uri":"/drop?x=1","user_agent":"curl/8.0","status_code":201}',
    );
    expect(f(h, 'url.domain')).toBe('upload.example');
    expect(f(h, 'url.path')).toBe('/drop');
    expect(f(h, 'http.request.method')).toBe('POST');
    expect(f(h, 'vigie.logsource')).toEqual({ product: 'zeek', service: 'http' });
  });

  it('reads TSV after #fields/#path headers of the same run and rejects TSV without them', () => {
    const ctx = ctxOf();
    expect(c.parse('#separator \\x09', ctx).kind).toBe('skip');
    expect(c.parse('#path\tssl', ctx).kind).toBe('skip');
    expect(
      c.parse(
        '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tserver_name\testablished',
        ctx,
      ).kind,
    ).toBe('skip');
    const out = c.parse(
      '1717243200.000000\tC3\t10.0.0.9\t40000\t198.51.100.3\t443\tTLSv13\tsecure.example\tT',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind === 'event') {
      expect(f(out.event, 'tls.version')).toBe('1.3');
      expect(f(out.event, 'destination.domain')).toBe('secure.example');
      expect(f(out.event, 'vigie.logsource')).toEqual({ product: 'zeek', service: 'ssl' });
    }
    const r = c.parse('1717243200.0\tC4\t10.0.0.1', ctxOf());
    expect(r.kind).toBe('reject');
    expect(r.kind === 'reject' && r.reason).toMatch(/#fields/);
  });
});
