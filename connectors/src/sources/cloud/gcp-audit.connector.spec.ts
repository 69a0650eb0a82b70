import { describe, expect, it } from 'vitest';
import { gcpAuditConnector as c } from './gcp-audit.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const entry = {
  insertId: 'abc1',
  logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
  timestamp: '2024-10-01T12:34:56.789012Z',
  resource: { type: 'gce_instance', labels: { project_id: 'acme-prod', zone: 'europe-west1-b' } },
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    serviceName: 'compute.googleapis.com',
    methodName: 'v1.compute.instances.delete',
    resourceName: 'projects/acme-prod/zones/europe-west1-b/instances/web-1',
    authenticationInfo: { principalEmail: 'eve@acme.example' },
    authorizationInfo: [{ permission: 'compute.instances.delete', granted: true }],
    requestMetadata: { callerIp: '198.51.100.88', callerSuppliedUserAgent: 'gcloud/470.0.0' },
    status: {},
  },
};

describe('gcp-audit', () => {
  it('maps an admin activity entry', () => {
    const doc = parseOk(c, JSON.stringify(entry));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.outcome',
        'event.type',
        'user.email',
        'source.ip',
        'user_agent.original',
        'cloud.project.id',
        'cloud.availability_zone',
        'cloud.region',
        'gcp.audit.resource_name',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-10-01T12:34:56.789Z',
      'event.action': 'v1.compute.instances.delete',
      'event.outcome': 'success',
      'event.type': ['access', 'allowed'],
      'user.email': 'eve@acme.example',
      'source.ip': '198.51.100.88',
      'user_agent.original': 'gcloud/470.0.0',
      'cloud.project.id': 'acme-prod',
      'cloud.availability_zone': 'europe-west1-b',
      'cloud.region': 'europe-west1',
      'gcp.audit.resource_name': 'projects/acme-prod/zones/europe-west1-b/instances/web-1',
      'vigie.logsource': { product: 'gcp', service: 'gcp.audit' },
    });
  });
  it('marks a non-zero status as failure and rejects non-audit entries', () => {
    const denied = parseOk(c, {
      ...entry,
      protoPayload: { ...entry.protoPayload, status: { code: 7 }, authorizationInfo: [{ granted: false }] },
    });
    expect(fields(denied, 'event.outcome', 'event.type')).toEqual({
      'event.outcome': 'failure',
      'event.type': ['access', 'denied'],
    });
    expect(reasonOf(c, { ...entry, protoPayload: { '@type': 'type.googleapis.com/other' } })).toMatch(
      /not a GCP audit LogEntry/,
    );
  });
});
