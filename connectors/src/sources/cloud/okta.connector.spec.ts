import { describe, expect, it } from 'vitest';
import { oktaConnector as c } from './okta.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

// Shaped after Okta's documented LogEvent schema (no Elastic fixture for Okta).
const failedLogin = {
  uuid: 'f0e1d2c3-0000-11ef-8000-000000000001',
  published: '2024-11-05T14:22:33.456Z',
  eventType: 'user.session.start',
  version: '0',
  severity: 'INFO',
  legacyEventType: 'core.user_auth.login_failed',
  displayMessage: 'User login to Okta',
  actor: { id: '00u1abcd', type: 'User', alternateId: 'marc@example.fr', displayName: 'Marc Martin' },
  client: {
    userAgent: { rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0)', os: 'Windows 10', browser: 'CHROME' },
    zone: 'null',
    device: 'Computer',
    ipAddress: '198.51.100.140',
    geographicalContext: {
      city: 'Nantes',
      state: 'Pays de la Loire',
      country: 'France',
      postalCode: '44000',
      geolocation: { lat: 47.2, lon: -1.55 },
    },
  },
  outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  target: [],
  transaction: { type: 'WEB', id: 'tx-1' },
  securityContext: {
    asNumber: 64500,
    asOrg: 'example isp',
    isp: 'example',
    domain: 'example.net',
    isProxy: false,
  },
};

describe('okta', () => {
  it('maps a failed sign-in', () => {
    const doc = parseOk(c, JSON.stringify(failedLogin));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.category',
        'event.type',
        'event.outcome',
        'event.reason',
        'user.name',
        'user.email',
        'user.domain',
        'user.id',
        'user.full_name',
        'source.ip',
        'user_agent.original',
        'source.geo.city_name',
        'okta.display_message',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-11-05T14:22:33.456Z',
      'event.action': 'user.session.start',
      'event.category': ['authentication', 'session'],
      'event.type': ['start'],
      'event.outcome': 'failure',
      'event.reason': 'INVALID_CREDENTIALS',
      'user.name': 'marc@example.fr',
      'user.email': 'marc@example.fr',
      'user.domain': 'example.fr',
      'user.id': '00u1abcd',
      'user.full_name': 'Marc Martin',
      'source.ip': '198.51.100.140',
      'user_agent.original': 'Mozilla/5.0 (Windows NT 10.0)',
      'source.geo.city_name': 'Nantes',
      'okta.display_message': 'User login to Okta',
      'vigie.logsource': { product: 'okta', service: 'okta' },
    });
  });
  it('maps a user creation with its target', () => {
    const doc = parseOk(c, {
      ...failedLogin,
      eventType: 'user.lifecycle.create',
      outcome: { result: 'SUCCESS' },
      target: [{ id: '00u9new', type: 'User', alternateId: 'new.hire@example.fr', displayName: 'New Hire' }],
    });
    expect(
      fields(doc, 'event.category', 'event.type', 'event.outcome', 'user.target.name', 'user.target.id'),
    ).toEqual({
      'event.category': ['iam'],
      'event.type': ['user', 'creation'],
      'event.outcome': 'success',
      'user.target.name': 'new.hire@example.fr',
      'user.target.id': '00u9new',
    });
  });
  it('rejects non-Okta JSON', () => {
    expect(reasonOf(c, '{"eventType":"x"}')).toMatch(/not an Okta System Log event/);
    expect(reasonOf(c, { ...failedLogin, published: 'n/a' })).toMatch(/unreadable published/);
    expect(c.detect(JSON.stringify(failedLogin))).toBeGreaterThan(0.9);
  });
});
