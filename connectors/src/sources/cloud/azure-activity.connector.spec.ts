import { describe, expect, it } from 'vitest';
import { azureActivityConnector as c } from './azure-activity.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const rec = {
  time: '2024-07-20T22:00:05.5Z',
  resourceId: '/SUBSCRIPTIONS/sub-123/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1',
  operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE',
  category: 'Administrative',
  resultType: 'Success',
  resultSignature: 'Succeeded.',
  callerIpAddress: '192.0.2.15',
  identity: {
    claims: {
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'ops@contoso.com',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': 'oid-9',
    },
  },
};

describe('azure-activity', () => {
  it('maps an administrative operation', () => {
    const doc = parseOk(c, JSON.stringify(rec));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.type',
        'event.outcome',
        'user.name',
        'user.email',
        'user.id',
        'source.ip',
        'cloud.account.id',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-07-20T22:00:05.500Z',
      'event.action': 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE',
      'event.type': ['change'],
      'event.outcome': 'success',
      'user.name': 'ops@contoso.com',
      'user.email': 'ops@contoso.com',
      'user.id': 'oid-9',
      'source.ip': '192.0.2.15',
      'cloud.account.id': 'sub-123',
      'vigie.logsource': { product: 'azure', service: 'activitylogs' },
    });
  });
  it('leaves the outcome unset for a Start record and rejects foreign categories', () => {
    expect(fields(parseOk(c, { ...rec, resultType: 'Start' }), 'event.outcome')).toEqual({
      'event.outcome': undefined,
    });
    expect(reasonOf(c, { ...rec, category: 'SignInLogs', resourceId: '/tenants/x' })).toMatch(
      /not an Azure Activity log record/,
    );
    expect(reasonOf(c, { ...rec, time: 'yesterday' })).toMatch(/unreadable time/);
  });
});
