import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { impervaWafConnector as c } from './imperva-waf.connector.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-06-01T00:00:00Z') });

describe('imperva-waf', () => {
  it('maps a CEF alert behind a syslog header, with labelled custom strings', () => {
    const line =
      '<14>Mar  6 14:00:00 mx01 CEF:0|Imperva Inc.|SecureSphere|15.1.0|Signature|SQL injection|High|act=block dst=10.1.1.1 dpt=443 src=198.51.100.9 spt=50000 proto=TCP rt=Mar 06 2024 14:00:00 cat=Alert cs1Label=Policy cs1=Web Sigs cs3Label=ServiceName cs3=shop request=/cart?id=1 requestMethod=GET';
    const out = c.parse(line, ctx('+01:00'));
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-03-06T13:00:00.000Z');
    expect(getField(e, 'event.kind')).toBe('alert');
    expect(getField(e, 'event.action')).toBe('block');
    expect(getField(e, 'source.ip')).toBe('198.51.100.9');
    expect(getField(e, 'destination.port')).toBe(443);
    expect(getField(e, 'network.transport')).toBe('tcp');
    expect(getField(e, 'rule.ruleset')).toBe('Web Sigs');
    expect(getField(e, 'service.name')).toBe('shop');
    expect(getField(e, 'url.path')).toBe('/cart');
    expect(getField(e, 'event.severity')).toBe(7);
  });

  it('rejects CEF from another vendor', () => {
    const out = c.parse('CEF:0|Other|X|1|1|n|5|src=1.2.3.4', ctx());
    expect(out.kind === 'reject' && out.reason).toMatch(/not Imperva/);
  });
});
