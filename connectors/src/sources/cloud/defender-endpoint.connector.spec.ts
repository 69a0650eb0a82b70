import { describe, expect, it } from 'vitest';
import { defenderEndpointConnector as c } from './defender-endpoint.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const alert = {
  id: 'da6380000000_1',
  incidentId: 3,
  severity: 'High',
  status: 'New',
  category: 'CredentialAccess',
  title: 'Suspicious access to LSASS',
  description: 'A process accessed LSASS memory.',
  alertCreationTime: '2024-01-15T03:04:05.6789012Z',
  firstEventTime: '2024-01-15T03:00:00Z',
  lastEventTime: '2024-01-15T03:01:00Z',
  machineId: 'm-77',
  computerDnsName: 'srv-db-01',
  aadTenantId: 'tenant-x',
  detectionSource: 'WindowsDefenderAtp',
  relatedUser: { userName: 'svc_backup', domainName: 'CORP' },
  evidence: {
    entityType: 'Process',
    fileName: 'procdump64.exe',
    filePath: 'C:\\Tools',
    processId: 6120,
    processCommandLine: 'procdump64.exe -ma lsass.exe',
    sha256: 'ef'.repeat(32),
    parentProcessId: 900,
  },
};

describe('defender-endpoint', () => {
  it('maps an alert with process evidence', () => {
    const doc = parseOk(c, JSON.stringify(alert));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.kind',
        'event.category',
        'event.type',
        'event.action',
        'host.name',
        'user.name',
        'user.domain',
        'process.pid',
        'process.command_line',
        'process.parent.pid',
        'file.name',
        'observer.vendor',
        'observer.product',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-01-15T03:04:05.678Z',
      'event.kind': 'alert',
      'event.category': ['host', 'process'],
      'event.type': ['creation', 'start'],
      'event.action': 'CredentialAccess',
      'host.name': 'srv-db-01',
      'user.name': 'svc_backup',
      'user.domain': 'CORP',
      'process.pid': 6120,
      'process.command_line': 'procdump64.exe -ma lsass.exe',
      'process.parent.pid': 900,
      'file.name': 'procdump64.exe',
      'observer.vendor': 'Microsoft',
      'observer.product': 'Defender for Endpoint',
      'vigie.logsource': { product: 'microsoft', service: 'defender_endpoint' },
    });
  });
  it('skips an empty API page and rejects non-alerts', () => {
    const out = c.parse('{"value":[]}', { options: {}, now: new Date() });
    expect(out.kind).toBe('skip');
    expect(reasonOf(c, { value: [alert, alert] })).toMatch(/feed its "value" elements/);
    expect(reasonOf(c, '{"id":"x"}')).toMatch(/not a Defender for Endpoint alert/);
  });
});
