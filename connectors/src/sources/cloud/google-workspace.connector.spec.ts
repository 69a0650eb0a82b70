import { describe, expect, it } from 'vitest';
import { googleWorkspaceConnector as c } from './google-workspace.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const login = {
  kind: 'admin#reports#activity',
  id: {
    time: '2024-08-08T08:08:08.808Z',
    uniqueQualifier: '7',
    applicationName: 'login',
    customerId: 'C0abc',
  },
  actor: { email: 'alice@corp.example', profileId: '1001' },
  ipAddress: '203.0.113.5',
  events: [
    { type: 'login', name: 'login_failure', parameters: [{ name: 'login_type', value: 'google_password' }] },
  ],
};
const admin = {
  kind: 'admin#reports#activity',
  id: { time: '2024-08-08T09:00:00Z', uniqueQualifier: '8', applicationName: 'admin', customerId: 'C0abc' },
  actor: { email: 'root@corp.example', profileId: '1' },
  ipAddress: '198.51.100.1',
  events: [
    {
      type: 'DELEGATED_ADMIN_SETTINGS',
      name: 'ASSIGN_ROLE',
      parameters: [
        { name: 'ROLE_NAME', value: '_SEED_ADMIN_ROLE' },
        { name: 'USER_EMAIL', value: 'bob@corp.example' },
      ],
    },
  ],
};

describe('google-workspace', () => {
  it('maps a failed login', () => {
    const doc = parseOk(c, JSON.stringify(login));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.category',
        'event.type',
        'event.outcome',
        'user.name',
        'user.domain',
        'user.email',
        'source.ip',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-08-08T08:08:08.808Z',
      'event.action': 'login_failure',
      'event.category': ['authentication', 'session'],
      'event.type': ['start'],
      'event.outcome': 'failure',
      'user.name': 'alice',
      'user.domain': 'corp.example',
      'user.email': 'alice@corp.example',
      'source.ip': '203.0.113.5',
      'vigie.logsource': { product: 'google_workspace', service: 'google_workspace.login' },
    });
  });
  it('maps an admin role assignment with its target and routes to google_workspace.admin', () => {
    const doc = parseOk(c, admin);
    expect(
      fields(
        doc,
        'event.action',
        'event.category',
        'event.type',
        'user.target.email',
        'google_workspace.admin.parameters.ROLE_NAME',
        'vigie.logsource',
      ),
    ).toEqual({
      'event.action': 'ASSIGN_ROLE',
      'event.category': ['iam'],
      'event.type': ['admin', 'creation'],
      'user.target.email': 'bob@corp.example',
      'google_workspace.admin.parameters.ROLE_NAME': '_SEED_ADMIN_ROLE',
      'vigie.logsource': { product: 'google_workspace', service: 'google_workspace.admin' },
    });
    expect(reasonOf(c, { ...login, events: [] })).toMatch(/without events/);
  });
});
