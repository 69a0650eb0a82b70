import { describe, expect, it } from 'vitest';
import { juniperSrxConnector as c } from './juniper-srx.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('juniper-srx', () => {
  it('maps an RT_FLOW session close', () => {
    const e = parseEvent(
      c,
      '<14>1 2024-03-05T11:00:00.250+01:00 srx-a RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.40 reason="TCP FIN" source-address="10.3.3.3" source-port="40000" destination-address="198.51.100.99" destination-port="443" service-name="junos-https" nat-source-address="203.0.113.3" nat-source-port="20000" nat-destination-address="198.51.100.99" nat-destination-port="443" protocol-id="6" policy-name="out-web" source-zone-name="trust" destination-zone-name="untrust" session-id-32="777" packets-from-client="10" bytes-from-client="1500" packets-from-server="12" bytes-from-server="9000" elapsed-time="4" username="N/A"]',
    );
    expect(f(e, '@timestamp')).toBe('2024-03-05T10:00:00.250Z');
    expect(f(e, 'source.nat.ip')).toBe('203.0.113.3');
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'rule.name')).toBe('out-web');
    expect(f(e, 'event.type')).toEqual(['connection', 'allowed', 'end']);
    expect(f(e, 'network.bytes')).toBe(10500);
    expect(f(e, 'event.reason')).toBe('TCP FIN');
  });

  it('maps an IDP attack as an alert and a BSD header in the configured zone', () => {
    const e = parseEvent(
      c,
      '<12>Mar  5 11:00:00 srx-a RT_IDP: IDP_ATTACK_LOG_EVENT: source-address="198.51.100.4" source-port="1111" destination-address="10.0.0.8" destination-port="80" protocol-name="TCP" rule-name="r3" rulebase-name="IPS" action="DROP" threat-severity="HIGH" attack-name="HTTP:SQL:INJ"',
      { timezone: 'Europe/Paris' },
    );
    expect(f(e, '@timestamp')).toBe('2024-03-05T10:00:00.000Z');
    expect(f(e, 'event.kind')).toBe('alert');
    expect(f(e, 'rule.name')).toBe('HTTP:SQL:INJ');
    expect(f(e, 'event.type')).toEqual(['denied']);
  });

  it('rejects a line without a syslog header', () => {
    expect(c.parse('RT_FLOW_SESSION_CREATE without header', ctxOf()).kind).toBe('reject');
  });
});
