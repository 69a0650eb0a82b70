import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { barracudaWafConnector as c } from './barracuda-waf.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('barracuda-waf', () => {
  it('maps a web-firewall record with escaped details and a multi-word follow-up', () => {
    const out = c.parse(
      '<129>2024-03-06 15:00:00.250 +0100  waf01 WF ALER SQL_INJECTION_IN_URL 198.51.100.8 4444 10.0.5.5 443 shop-svc URL_POLICY DENY CHALLENGE WITH CAPTCHA [Pattern\\="sql\\[1\\]" value\\="1 or 1=1"] GET /items?id=1 TLSv1.3 "-" "sqlmap/1.7" 198.51.100.8 4444 "eve" "-" 18e0a1b2c3d-aa11',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-06T14:00:00.250Z');
    expect(getField(e, 'source.ip')).toBe('198.51.100.8');
    expect(getField(e, 'destination.port')).toBe(443);
    expect(getField(e, 'rule.name')).toBe('shop-svc');
    expect(getField(e, 'event.action')).toBe('DENY');
    expect(getField(e, 'barracuda.waf.followup_action')).toBe('CHALLENGE WITH CAPTCHA');
    expect(getField(e, 'http.request.method')).toBe('GET');
    expect(getField(e, 'url.path')).toBe('/items');
    expect(getField(e, 'user_agent.original')).toBe('sqlmap/1.7');
    expect(getField(e, 'user.name')).toBe('eve');
  });

  it('rejects a line that is not a Barracuda record', () => {
    expect(c.parse('<129>2024-03-06 15:00:00 host sshd: x', ctx).kind).toBe('reject');
  });
});
