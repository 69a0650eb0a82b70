import { describe, expect, it } from 'vitest';
import { awsWafConnector as c } from './aws-waf.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const line = JSON.stringify({
  timestamp: 1717243200123,
  formatVersion: 1,
  webaclId: 'arn:aws:wafv2:eu-central-1:444455556666:regional/webacl/shop/abcd',
  terminatingRuleId: 'AWS-AWSManagedRulesSQLiRuleSet',
  terminatingRuleType: 'MANAGED_RULE_GROUP',
  action: 'BLOCK',
  httpRequest: {
    clientIp: '203.0.113.77',
    country: 'FR',
    headers: [
      { name: 'Host', value: 'shop.example.org' },
      { name: 'User-Agent', value: 'sqlmap/1.7' },
    ],
    uri: '/search',
    args: 'q=1%27+or+1=1',
    httpVersion: 'HTTP/2.0',
    httpMethod: 'GET',
    requestId: 'r-1',
  },
});

describe('aws-waf', () => {
  it('maps a blocked request', () => {
    const doc = parseOk(c, line);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.type',
        'source.ip',
        'url.path',
        'url.query',
        'http.request.method',
        'http.version',
        'rule.id',
        'cloud.account.id',
        'cloud.region',
        'aws.waf.request.user_agent',
      ),
    ).toEqual({
      '@timestamp': '2024-06-01T12:00:00.123Z',
      'event.action': 'BLOCK',
      'event.type': ['access', 'denied'],
      'source.ip': '203.0.113.77',
      'url.path': '/search',
      'url.query': 'q=1%27+or+1=1',
      'http.request.method': 'GET',
      'http.version': '2.0',
      'rule.id': 'AWS-AWSManagedRulesSQLiRuleSet',
      'cloud.account.id': '444455556666',
      'cloud.region': 'eu-central-1',
      'aws.waf.request.user_agent': 'sqlmap/1.7',
    });
  });
  it('rejects records that are not WAF logs', () => {
    expect(reasonOf(c, '{"timestamp":1,"action":"BLOCK"}')).toMatch(/not an AWS WAF record/);
    expect(c.detect(line)).toBeGreaterThan(0.9);
    expect(c.detect('{"eventName":"x"}')).toBe(0);
  });
});
