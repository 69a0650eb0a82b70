import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { tomcatAccessConnector as c } from './tomcat-access.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('tomcat-access', () => {
  it('maps the default common pattern, keeping an invalid target as url.original only', () => {
    const out = c.parse(
      '192.0.2.44 - - [20/May/2024:13:14:15 +0200] "GET ..%2fWEB-INF/web.xml HTTP/1.1" 400 435',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(out.event['@timestamp']).toBe('2024-05-20T11:14:15.000Z');
    expect(getField(out.event, 'url.original')).toBe('..%2fWEB-INF/web.xml');
    expect(getField(out.event, 'url.path')).toBeUndefined();
    expect(getField(out.event, 'http.response.status_code')).toBe(400);
    expect(getField(out.event, 'vigie.logsource')).toEqual({ category: 'webserver', product: 'tomcat' });
  });

  it('rejects a truncated line', () => {
    expect(c.parse('192.0.2.44 - - [20/May/2024:13:14:15 +0200] "GET /', ctx).kind).toBe('reject');
  });
});
