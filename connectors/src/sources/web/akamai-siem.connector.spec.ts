import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { akamaiSiemConnector as c, decodeRuleList } from './akamai-siem.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('akamai-siem', () => {
  it('decodes URL-encoded base64 rule lists', () => {
    expect(decodeRuleList(encodeURIComponent(`${b64('950001')};${b64('950002')}`))).toEqual([
      '950001',
      '950002',
    ]);
  });

  it('maps an attack event', () => {
    const rec = {
      type: 'akamai_siem',
      format: 'json',
      version: '1.0',
      attackData: {
        clientIP: '203.0.113.77',
        configId: '1',
        policyId: 'p_1',
        appliedAction: 'deny',
        rules: encodeURIComponent(b64('3000001')),
        ruleMessages: encodeURIComponent(b64('SQL Injection')),
        ruleActions: encodeURIComponent(b64('deny')),
      },
      httpMessage: {
        requestId: 'r1',
        start: '1709733600',
        protocol: 'HTTP/2',
        method: 'GET',
        host: 'api.example.com',
        port: '443',
        path: '/v2/users',
        query: 'id=1%20or%201=1',
        status: '403',
        bytes: '120',
        tls: 'tls1.3',
        requestHeaders: encodeURIComponent('User-Agent: curl/8.0\r\nAccept: */*\r\n'),
      },
    };
    const out = c.parse(JSON.stringify(rec), ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-06T14:00:00.000Z');
    expect(getField(e, 'source.ip')).toBe('203.0.113.77');
    expect(getField(e, 'url.original')).toBe('https://api.example.com/v2/users?id=1%20or%201=1');
    expect(getField(e, 'url.path')).toBe('/v2/users');
    expect(getField(e, 'http.request.method')).toBe('GET');
    expect(getField(e, 'http.response.status_code')).toBe(403);
    expect(getField(e, 'http.response.bytes')).toBe(120);
    expect(getField(e, 'user_agent.original')).toBe('curl/8.0');
    expect(getField(e, 'rule.id')).toBe('3000001');
    expect(getField(e, 'akamai.siem.rule_messages')).toEqual(['SQL Injection']);
  });

  it('rejects JSON without httpMessage', () => {
    expect(c.parse('{"attackData":{}}', ctx).kind).toBe('reject');
  });
});
