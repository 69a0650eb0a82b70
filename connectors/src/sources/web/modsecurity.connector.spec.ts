import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { modsecurityConnector as c } from './modsecurity.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('modsecurity', () => {
  it('maps a v3 JSON audit record with a rule match', () => {
    const rec = {
      transaction: {
        client_ip: '198.51.100.61',
        time_stamp: 'Wed Mar  6 14:00:01 2024',
        client_port: 51000,
        host_ip: '10.0.0.4',
        host_port: 443,
        unique_id: 'abc123',
        request: {
          method: 'GET',
          http_version: 1.1,
          uri: '/search?q=1%27%20or%201=1',
          headers: { Host: 'shop.example.com', 'User-Agent': 'sqlmap/1.7' },
        },
        response: { http_code: 403, headers: { 'Content-Type': 'text/html' } },
        messages: [
          {
            message: 'SQL Injection Attack Detected via libinjection',
            details: { ruleId: '942100', severity: '2', tags: ['attack-sqli'] },
          },
        ],
      },
    };
    const out = c.parse(JSON.stringify(rec), ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-06T14:00:01.000Z');
    expect(getField(e, 'source.ip')).toBe('198.51.100.61');
    expect(getField(e, 'server.ip')).toBe('10.0.0.4');
    expect(getField(e, 'url.original')).toBe('https://shop.example.com:443/search?q=1%27%20or%201=1');
    expect(getField(e, 'url.query')).toBe('q=1%27%20or%201=1');
    expect(getField(e, 'user_agent.original')).toBe('sqlmap/1.7');
    expect(getField(e, 'http.response.status_code')).toBe(403);
    expect(getField(e, 'rule.id')).toBe('942100');
    expect(getField(e, 'event.kind')).toBe('alert');
  });

  it('maps a native serial record', () => {
    const rec = [
      '--5a1b2c3d-A--',
      '[06/Mar/2024:14:00:01 +0100] Zeh1AbC 192.0.2.33 40000 10.0.0.4 80',
      '--5a1b2c3d-B--',
      'POST /wp-login.php HTTP/1.1',
      'Host: blog.example.org',
      'User-Agent: python-requests/2.31',
      '--5a1b2c3d-F--',
      'HTTP/1.1 403 Forbidden',
      '--5a1b2c3d-H--',
      'Message: Access denied with code 403 (phase 2). [file "/etc/crs/rules/x.conf"] [line "10"] [id "9001"] [msg "Brute force"] [tag "attack-bruteforce"]',
      'Action: Intercepted (phase 2)',
      '--5a1b2c3d-Z--',
    ].join('\n');
    const out = c.parse(rec, ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(out.event['@timestamp']).toBe('2024-03-06T13:00:01.000Z');
    expect(getField(out.event, 'url.original')).toBe('/wp-login.php');
    expect(getField(out.event, 'url.domain')).toBe('blog.example.org');
    expect(getField(out.event, 'rule.name')).toBe('Brute force');
    expect(getField(out.event, 'http.response.status_code')).toBe(403);
  });

  it('rejects JSON without a transaction', () => {
    const out = c.parse('{"foo":1}', ctx);
    expect(out.kind === 'reject' && out.reason).toMatch(/transaction/);
  });
});
