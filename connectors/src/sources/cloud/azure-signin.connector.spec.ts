import { describe, expect, it } from 'vitest';
import { azureRecords } from './azure.js';
import { azureSigninConnector as c } from './azure-signin.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const failed = {
  time: '2024-09-14T07:02:03.4567891Z',
  resourceId: '/tenants/t-1/providers/Microsoft.aadiam',
  operationName: 'Sign-in activity',
  category: 'SignInLogs',
  tenantId: 'tenant-42',
  resultType: '50126',
  resultSignature: 'None',
  durationMs: 0,
  callerIpAddress: '203.0.113.200',
  identity: 'Jean Dupont',
  properties: {
    id: 'sig-1',
    userPrincipalName: 'jean.dupont@contoso.fr',
    userId: 'u-1',
    userDisplayName: 'Jean Dupont',
    appDisplayName: 'Azure Portal',
    ipAddress: '203.0.113.200',
    status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
    userAgent: 'Mozilla/5.0',
    location: { city: 'Lyon', countryOrRegion: 'FR' },
  },
};

describe('azure-signin', () => {
  it('maps a failed interactive sign-in', () => {
    const doc = parseOk(c, JSON.stringify(failed));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'event.outcome',
        'event.action',
        'user.name',
        'user.email',
        'user.id',
        'source.ip',
        'user_agent.original',
        'cloud.account.id',
        'azure.signinlogs.result_type',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-09-14T07:02:03.456Z',
      'event.category': ['authentication'],
      'event.outcome': 'failure',
      'event.action': 'Sign-in activity',
      'user.name': 'jean.dupont@contoso.fr',
      'user.email': 'jean.dupont@contoso.fr',
      'user.id': 'u-1',
      'source.ip': '203.0.113.200',
      'user_agent.original': 'Mozilla/5.0',
      'cloud.account.id': 'tenant-42',
      'azure.signinlogs.result_type': '50126',
      'vigie.logsource': { product: 'azure', service: 'signinlogs' },
    });
  });
  it('reads the US time form of AD FS exports and splits Event Hub batches', () => {
    const doc = parseOk(c, {
      ...failed,
      category: 'ADFSSignInLogs',
      resultType: '0',
      time: '3/4/2024 1:05:09 AM',
    });
    expect(fields(doc, '@timestamp', 'event.outcome')).toEqual({
      '@timestamp': '2024-03-04T01:05:09.000Z',
      'event.outcome': 'success',
    });
    const batch = azureRecords(JSON.stringify({ records: [failed, failed] }));
    expect(Array.isArray(batch) && batch.length).toBe(2);
  });
  it('rejects other Azure categories', () => {
    expect(reasonOf(c, { ...failed, category: 'AuditLogs' })).toMatch(/not an Entra ID sign-in record/);
    expect(c.detect(JSON.stringify(failed))).toBeGreaterThan(0.9);
    expect(c.detect(JSON.stringify({ ...failed, category: 'AuditLogs' }))).toBe(0);
  });
});
