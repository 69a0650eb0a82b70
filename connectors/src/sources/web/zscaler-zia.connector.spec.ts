import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { zscalerZiaConnector as c } from './zscaler-zia.connector.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-06-01T00:00:00Z') });

describe('zscaler-zia', () => {
  it('maps an NSS JSON web record', () => {
    const line = JSON.stringify({
      sourcetype: 'zscalernss-web',
      event: {
        time: '2024-02-02 10:00:00',
        login: 'ann@example.com',
        proto: 'HTTPS',
        eurl: 'files.example.net/share/x.zip',
        action: 'Allowed',
        reqmethod: 'GET',
        respcode: '200',
        cip: '198.51.100.3',
        sip: '203.0.113.44',
        ua: 'Mozilla/5.0',
        rulelabel: 'Default Allow',
        reqsize: '300',
        respsize: '90000',
        urlcat: 'File Host',
      },
    });
    const out = c.parse(line, ctx());
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-02-02T10:00:00.000Z');
    expect(getField(e, 'url.original')).toBe('https://files.example.net/share/x.zip');
    expect(getField(e, 'url.domain')).toBe('files.example.net');
    expect(getField(e, 'user.email')).toBe('ann@example.com');
    expect(getField(e, 'destination.ip')).toBe('203.0.113.44');
    expect(getField(e, 'http.response.status_code')).toBe(200);
    expect(getField(e, 'rule.name')).toBe('Default Allow');
    expect(getField(e, 'event.action')).toBe('allowed');
  });

  it('maps key=value with the feed time zone', () => {
    const out = c.parse(
      'time="2024-02-02 10:00:00" login=bob reqmethod=POST eurl=api.example.org/v1 action=Blocked respcode=403 urlcat=Other',
      ctx('+01:00'),
    );
    expect(out.kind === 'event' && out.event['@timestamp']).toBe('2024-02-02T09:00:00.000Z');
    expect(out.kind === 'event' && getField(out.event, 'user.name')).toBe('bob');
    expect(out.kind === 'event' && getField(out.event, 'http.request.method')).toBe('POST');
  });

  it('rejects a record without time', () => {
    expect(c.parse('{"event":{"login":"x"}}', ctx()).kind).toBe('reject');
  });
});
