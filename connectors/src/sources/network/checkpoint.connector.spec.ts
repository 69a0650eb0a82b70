import { describe, expect, it } from 'vitest';
import { checkpointConnector as c } from './checkpoint.connector.js';
import { ctxOf, f, parseEvent } from './spec-helpers.js';

describe('checkpoint', () => {
  it('maps a dropped connection', () => {
    const e = parseEvent(
      c,
      '<134>1 2024-04-02T08:00:01Z gw-01 CheckPoint 2211 - [action:"Drop"; ifdir:"inbound"; ifname:"eth1"; loguid:"{0x1,0x2,0x3,0x4}"; origin:"10.1.1.1"; time:"1712044801"; product:"VPN-1 & FireWall-1"; src:"203.0.113.77"; dst:"10.1.2.3"; proto:"6"; s_port:"41000"; service:"22"; rule_name:"Stealth"]',
    );
    expect(f(e, 'source.ip')).toBe('203.0.113.77');
    expect(f(e, 'destination.port')).toBe(22);
    expect(f(e, 'network.transport')).toBe('tcp');
    expect(f(e, 'network.direction')).toBe('inbound');
    expect(f(e, 'event.outcome')).toBe('failure');
    expect(f(e, 'rule.name')).toBe('Stealth');
    expect(f(e, '@timestamp')).toBe('2024-04-02T08:00:01.000Z');
  });

  it('maps an administrator login failure', () => {
    const e = parseEvent(
      c,
      '<134>1 2024-04-02T09:00:00Z mgmt CheckPoint 10 - [action:"Accept"; ifdir:"outbound"; loguid:"{0x9}"; origin:"10.0.0.2"; administrator:"Eve@Example.org"; audit_status:"Failure"; client_ip:"10.0.0.50"; operation:"Log In"; operation_number:"11"; product:"SmartConsole"; additional_info:"Administrator failed to log in: Wrong Password"]',
    );
    expect(f(e, 'event.action')).toBe('logon-failed');
    expect(f(e, 'user.name')).toBe('eve');
    expect(f(e, 'user.domain')).toBe('example.org');
    expect(f(e, 'event.reason')).toBe('Wrong Password');
  });

  it('rejects text without Log Exporter fields', () => {
    const r = c.parse('<134>1 2024-04-02T09:00:00Z h app - - plain text', ctxOf());
    expect(r.kind).toBe('reject');
    expect(r.kind === 'reject' && r.reason).toMatch(/key:"value"/);
  });
});
