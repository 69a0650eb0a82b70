import { describe, expect, it } from 'vitest';
import { kubernetesAuditConnector as c } from './kubernetes-audit.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const ev = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: 'aud-1',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/prod/secrets/db-creds',
  verb: 'get',
  user: { username: 'system:serviceaccount:prod:debugger', groups: ['system:serviceaccounts'] },
  sourceIPs: ['10.20.30.40'],
  userAgent: 'kubectl/v1.29.1',
  objectRef: { resource: 'secrets', namespace: 'prod', name: 'db-creds', apiVersion: 'v1' },
  responseStatus: { code: 403 },
  requestReceivedTimestamp: '2024-12-01T10:00:00.100000Z',
  stageTimestamp: '2024-12-01T10:00:00.120000Z',
};

describe('kubernetes-audit', () => {
  it('maps an API server audit event', () => {
    const doc = parseOk(c, JSON.stringify(ev));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.outcome',
        'user.name',
        'source.ip',
        'user_agent.original',
        'orchestrator.namespace',
        'orchestrator.resource.type',
        'kubernetes.audit.objectRef.name',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-12-01T10:00:00.120Z',
      'event.action': 'get',
      'event.outcome': 'failure',
      'user.name': 'system:serviceaccount:prod:debugger',
      'source.ip': ['10.20.30.40'],
      'user_agent.original': 'kubectl/v1.29.1',
      'orchestrator.namespace': 'prod',
      'orchestrator.resource.type': 'secrets',
      'kubernetes.audit.objectRef.name': 'db-creds',
      'vigie.logsource': { product: 'kubernetes', service: 'audit' },
    });
  });
  it('unwraps an AKS diagnostic record and rejects other JSON', () => {
    const aks = {
      category: 'kube-audit',
      operationName: 'x',
      time: '2024-12-01T10:00:01Z',
      resourceId: '/SUBSCRIPTIONS/S/RG',
      properties: { log: JSON.stringify({ ...ev, responseStatus: { code: 200 } }), pod: 'kube-apiserver-1' },
    };
    expect(fields(parseOk(c, aks), 'event.outcome', 'cloud.provider')).toEqual({
      'event.outcome': 'success',
      'cloud.provider': 'azure',
    });
    expect(c.detect(JSON.stringify(aks))).toBeGreaterThan(0.8);
    expect(reasonOf(c, { kind: 'Pod', apiVersion: 'v1' })).toMatch(/not a Kubernetes audit Event/);
  });
});
