import { describe, expect, it } from 'vitest';
import { awsAlbConnector as c, splitElbFields } from './aws-alb.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const alb =
  'https 2024-02-10T09:30:01.512345Z app/web-prod/0123456789abcdef 198.51.100.9:51514 10.1.2.3:8443 0.001 0.020 0.000 404 404 512 1024 "POST https://api.example.net:443/v1/login?next=%2Fhome HTTP/2.0" "Mozilla/5.0 (X11; Linux x86_64)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/abc "Root=1-65c7-abc" "api.example.net" "arn:aws:acm:eu-west-1:111122223333:certificate/x" 1 2024-02-10T09:30:01.490000Z "forward" "-" "-" "10.1.2.3:8443" "404" "-" "-"';
const nlb =
  'tls 2.0 2024-02-10T09:31:00 net/edge/fedcba9876543210 0a1b2c3d4e5f6a7b 192.0.2.44:40000 10.0.0.7:443 120 15 640 2048 - arn:aws:acm:eu-west-1:111122223333:certificate/y - ECDHE-RSA-AES128-GCM-SHA256 tlsv12 - edge.example.net h2 h2 "h2","http/1.1" 2024-02-10T09:30:58';

describe('aws-alb', () => {
  it('splits quoted fields', () => {
    expect(splitElbFields('a "b c" d "e \\"f\\""')).toEqual(['a', 'b c', 'd', 'e "f"']);
  });
  it('maps an ALB request line', () => {
    const doc = parseOk(c, alb);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'event.outcome',
        'source.ip',
        'source.port',
        'http.request.method',
        'http.response.status_code',
        'url.original',
        'url.domain',
        'url.port',
        'url.path',
        'url.query',
        'user_agent.original',
        'http.version',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-02-10T09:30:01.512Z',
      'event.category': ['web'],
      'event.outcome': 'failure',
      'source.ip': '198.51.100.9',
      'source.port': 51514,
      'http.request.method': 'POST',
      'http.response.status_code': 404,
      'url.original': 'https://api.example.net:443/v1/login?next=%2Fhome',
      'url.domain': 'api.example.net',
      'url.port': 443,
      'url.path': '/v1/login',
      'url.query': 'next=%2Fhome',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)',
      'http.version': '2.0',
      'vigie.logsource': { product: 'aws', service: 'elb', category: 'webserver' },
    });
  });
  it('maps an NLB TLS line', () => {
    const doc = parseOk(c, nlb);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'source.ip',
        'source.port',
        'source.bytes',
        'destination.bytes',
        'destination.domain',
      ),
    ).toEqual({
      '@timestamp': '2024-02-10T09:31:00.000Z',
      'event.category': ['network'],
      'source.ip': '192.0.2.44',
      'source.port': 40000,
      'source.bytes': 640,
      'destination.bytes': 2048,
      'destination.domain': 'edge.example.net',
    });
  });
  it('rejects a truncated line and ignores unrelated text in detect', () => {
    expect(reasonOf(c, 'http 2024-02-10T09:30:01Z app/web')).toMatch(/^reject: aws-alb: not an ELB/);
    expect(reasonOf(c, '')).toMatch(/^skip/);
    expect(c.detect(alb)).toBeGreaterThan(0.9);
    expect(c.detect('127.0.0.1 - - [10/Feb/2024:09:30:01 +0000] "GET / HTTP/1.1" 200 1')).toBe(0);
  });
});
