import { describe, expect, it } from 'vitest';
import { azureAuditConnector as c } from './azure-audit.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const rec = {
  time: '2024-05-02T10:11:12.1234567Z',
  operationName: 'Add member to group',
  category: 'AuditLogs',
  tenantId: 'tenant-7',
  resultSignature: 'None',
  durationMs: 0,
  callerIpAddress: '198.51.100.61',
  correlationId: 'c-1',
  identity: 'Admin Ops',
  properties: {
    id: 'Directory_1',
    category: 'GroupManagement',
    result: 'success',
    activityDisplayName: 'Add member to group',
    operationType: 'Assign',
    loggedByService: 'Core Directory',
    initiatedBy: {
      user: { id: 'admin-id', userPrincipalName: 'admin@fabrikam.com', ipAddress: '198.51.100.61' },
    },
    targetResources: [
      { id: 'victim-id', type: 'User', userPrincipalName: 'victim@fabrikam.com' },
      { id: 'grp-id', type: 'Group', displayName: 'Global Admins' },
    ],
  },
};

describe('azure-audit', () => {
  it('maps the initiating user and the targets', () => {
    const doc = parseOk(c, JSON.stringify(rec));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.outcome',
        'user.name',
        'user.email',
        'user.id',
        'user.target.name',
        'group.name',
        'source.ip',
        'cloud.account.id',
        'azure.auditlogs.operation_type',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-05-02T10:11:12.123Z',
      'event.action': 'Add member to group',
      'event.outcome': 'success',
      'user.name': 'admin@fabrikam.com',
      'user.email': 'admin@fabrikam.com',
      'user.id': 'admin-id',
      'user.target.name': 'victim@fabrikam.com',
      'group.name': 'Global Admins',
      'source.ip': '198.51.100.61',
      'cloud.account.id': 'tenant-7',
      'azure.auditlogs.operation_type': 'Assign',
      'vigie.logsource': { product: 'azure', service: 'auditlogs' },
    });
  });
  it('ignores an invalid caller IP and rejects non-audit records', () => {
    const doc = parseOk(c, {
      ...rec,
      callerIpAddress: '::2a02:cf40:zz',
      properties: { ...rec.properties, initiatedBy: {} },
    });
    expect(fields(doc, 'source.ip', 'source.address')).toEqual({
      'source.ip': undefined,
      'source.address': '::2a02:cf40:zz',
    });
    expect(reasonOf(c, { ...rec, category: 'SignInLogs' })).toMatch(/not an Entra ID audit record/);
    expect(reasonOf(c, 'not json')).toMatch(/not a JSON object/);
  });
});
