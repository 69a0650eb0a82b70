import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { f5BigipConnector as c } from './f5-bigip.connector.js';

const ctx = { options: { year: 2024 }, now: new Date('2024-06-01T00:00:00Z') };

describe('f5-bigip', () => {
  it('maps an ASM telemetry JSON event and only trusts a well-formed Host header', () => {
    const base = {
      hostname: 'bigip-a',
      policy_name: '/Common/api',
      request_status: 'blocked',
      response_code: '0',
      ip_client: '192.0.2.70',
      method: 'POST',
      protocol: 'HTTPS',
      date_time: '2024-03-06 14:00:00',
      severity: 'Critical',
      src_port: '40001',
      dest_port: '443',
      dest_ip: '10.3.3.3',
      uri: '/login',
      telemetryEventCategory: 'ASM',
      attack_type: 'Brute Force Attack',
    };
    const good = c.parse(
      JSON.stringify({
        ...base,
        request: 'POST /login HTTP/1.1\r\nHost: portal.example.com\r\nUser-Agent: hydra\r\n\r\n',
      }),
      ctx,
    );
    expect(good.kind).toBe('event');
    if (good.kind !== 'event') return;
    expect(good.event['@timestamp']).toBe('2024-03-06T14:00:00.000Z');
    expect(getField(good.event, 'url.original')).toBe('https://portal.example.com/login');
    expect(getField(good.event, 'user_agent.original')).toBe('hydra');
    expect(getField(good.event, 'source.ip')).toBe('192.0.2.70');
    expect(getField(good.event, 'event.kind')).toBe('alert');
    expect(getField(good.event, 'observer.product')).toBe('Application Security Module');
    const bad = c.parse(
      JSON.stringify({ ...base, request: 'POST /login HTTP/1.1\r\nHost: a.example/../x\r\n\r\n' }),
      ctx,
    );
    expect(bad.kind === 'event' && getField(bad.event, 'url.original')).toBeUndefined();
  });

  it('maps ASM key=value syslog', () => {
    const line =
      '<131>Mar  6 14:00:00 bigip-a ASM:unit_hostname="bigip-a",management_ip_address="10.0.0.1",policy_name="/Common/web",ip_client="198.51.100.2",src_port="5555",dest_ip="10.3.3.4",dest_port="80",method="GET",protocol="HTTP",uri="/admin",request_status="alerted",response_code="404",date_time="2024-03-06 14:00:00",severity="Warning"';
    const out = c.parse(line, ctx);
    expect(out.kind === 'event' && getField(out.event, 'source.ip')).toBe('198.51.100.2');
    expect(out.kind === 'event' && getField(out.event, 'http.response.status_code')).toBe(404);
    expect(out.kind === 'event' && getField(out.event, 'f5_bigip.log.request.status')).toBe('alerted');
  });

  it('keeps other syslog lines and rejects garbage', () => {
    const out = c.parse(
      '<133>Mar  6 14:00:00 bigip-a notice tmm[1234]: 01490502:5: /Common/ap:Common:abcd1234: New session from client IP 192.0.2.1',
      ctx,
    );
    expect(out.kind === 'event' && getField(out.event, 'event.code')).toBe('01490502');
    expect(c.parse('garbage', ctx).kind).toBe('reject');
  });
});
