import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { nginxIngressConnector as c } from './nginx-ingress.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };
const LINE =
  '10.244.0.1 - bob [03/Mar/2024:09:10:11 +0000] "PUT /api/orders/7 HTTP/1.1" 503 190 "-" "Go-http-client/2.0" 412 0.250 [shop-api-80] [] 10.244.1.5:8080, 10.244.1.6:8080 0, 190 0.100, 0.150 502, 503 f00dfeedf00dfeedf00dfeedf00dfeed';

describe('nginx-ingress', () => {
  it('maps the ingress-nginx extras including upstream lists', () => {
    const out = c.parse(LINE, ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(getField(e, 'user.name')).toBe('bob');
    expect(getField(e, 'http.response.status_code')).toBe(503);
    expect(getField(e, 'http.request.id')).toBe('f00dfeedf00dfeedf00dfeedf00dfeed');
    expect(getField(e, 'event.duration')).toBe(250_000_000);
    expect(getField(e, 'nginx_ingress_controller.access.upstream.name')).toBe('shop-api-80');
    expect(getField(e, 'nginx_ingress_controller.access.upstream.ip')).toBe('10.244.1.5');
    expect(getField(e, 'nginx_ingress_controller.access.upstream.response.status_code')).toEqual([502, 503]);
    expect(c.detect(LINE)).toBeGreaterThan(0.8);
  });

  it('rejects a non-access line', () => {
    expect(c.parse('I0303 09:10:11 controller started', ctx).kind).toBe('reject');
  });
});
