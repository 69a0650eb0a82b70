import { describe, expect, it } from 'vitest';
import { m365AuditConnector as c } from './m365-audit.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const rule = {
  CreationTime: '2024-04-11T09:15:00',
  Id: 'r-1',
  Operation: 'New-InboxRule',
  OrganizationId: 'org-1',
  RecordType: 1,
  ResultStatus: 'True',
  UserKey: 'k',
  UserType: 2,
  Version: 1,
  Workload: 'Exchange',
  ClientIP: '[2001:db8::5]:50123',
  UserId: 'mallory@contoso.com',
  ObjectId: 'mallory',
  Parameters: [{ Name: 'ForwardTo', Value: 'x@evil.example' }],
};

describe('m365-audit', () => {
  it('maps an Exchange admin cmdlet with the workload as Sigma service', () => {
    const doc = parseOk(c, JSON.stringify(rule));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.code',
        'event.outcome',
        'event.kind',
        'user.name',
        'user.domain',
        'user.email',
        'user.id',
        'source.ip',
        'o365.audit.Parameters',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-04-11T09:15:00.000Z',
      'event.action': 'New-InboxRule',
      'event.code': 'ExchangeAdmin',
      'event.outcome': 'success',
      'event.kind': 'event',
      'user.name': 'mallory',
      'user.domain': 'contoso.com',
      'user.email': 'mallory@contoso.com',
      'user.id': 'mallory@contoso.com',
      'source.ip': '2001:db8::5',
      'o365.audit.Parameters': [{ Name: 'ForwardTo', Value: 'x@evil.example' }],
      'vigie.logsource': { product: 'm365', service: 'exchange' },
    });
  });
  it('maps alerts to threat_management, failed logins to failure, and honours a timezone for zone-less times', () => {
    const alert = parseOk(c, {
      ...rule,
      RecordType: 40,
      Workload: 'SecurityComplianceCenter',
      Operation: 'AlertTriggered',
      Name: 'Suspicious email forwarding activity',
      AlertId: 'a-9',
      UserId: 'SecurityComplianceAlerts',
    });
    expect(fields(alert, 'event.kind', 'rule.name', 'rule.id', 'user.name', 'vigie.logsource')).toEqual({
      'event.kind': 'alert',
      'rule.name': 'Suspicious email forwarding activity',
      'rule.id': 'a-9',
      'user.name': undefined,
      'vigie.logsource': { product: 'm365', service: 'threat_management' },
    });
    const login = parseOk(
      c,
      {
        ...rule,
        RecordType: 15,
        Workload: 'AzureActiveDirectory',
        Operation: 'UserLoginFailed',
        ClientIP: '198.51.100.3',
      },
      { timezone: '+02:00' },
    );
    expect(
      fields(login, '@timestamp', 'event.category', 'event.outcome', 'source.ip', 'vigie.logsource'),
    ).toEqual({
      '@timestamp': '2024-04-11T07:15:00.000Z',
      'event.category': ['authentication'],
      'event.outcome': 'failure',
      'source.ip': '198.51.100.3',
      'vigie.logsource': { product: 'm365', service: 'audit' },
    });
  });
  it('unwraps the o365audit envelope and rejects non-audit JSON', () => {
    const doc = parseOk(c, { event: { original: JSON.stringify(rule) }, o365audit: rule });
    expect(fields(doc, 'event.original')).toEqual({ 'event.original': JSON.stringify(rule) });
    expect(reasonOf(c, '{"Operation":"x"}')).toMatch(/not an Office 365 audit record/);
  });
});
