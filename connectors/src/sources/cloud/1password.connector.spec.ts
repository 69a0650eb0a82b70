import { describe, expect, it } from 'vitest';
import { onePasswordConnector as c } from './1password.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const signin = JSON.stringify({
  uuid: 'S1',
  session_uuid: 'SESS',
  timestamp: '2024-09-09T09:09:09Z',
  country: 'FR',
  category: 'mfa_failed',
  type: 'mfa_missing',
  target_user: { uuid: 'USR1', name: 'Luc Bernard', email: 'luc@corp.example' },
  client: { app_name: '1Password for Web', os_name: 'MacOSX', os_version: '14.4', ip_address: '192.0.2.81' },
});

describe('1password', () => {
  it('maps a failed sign-in attempt', () => {
    const doc = parseOk(c, signin);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'event.action',
        'event.outcome',
        'user.id',
        'user.email',
        'user.full_name',
        'source.ip',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-09-09T09:09:09.000Z',
      'event.category': ['authentication'],
      'event.action': 'mfa_failed',
      'event.outcome': 'failure',
      'user.id': 'USR1',
      'user.email': 'luc@corp.example',
      'user.full_name': 'Luc Bernard',
      'source.ip': '192.0.2.81',
      'vigie.logsource': { product: '1password', service: 'signin_attempts' },
    });
  });
  it('maps item usage and rejects foreign JSON', () => {
    const doc = parseOk(c, {
      uuid: 'I1',
      timestamp: '2024-09-09T10:00:00Z',
      used_version: 3,
      vault_uuid: 'V1',
      item_uuid: 'IT1',
      action: 'reveal',
      user: { uuid: 'USR1', name: 'Luc', email: 'luc@corp.example' },
      client: { ip_address: '192.0.2.82' },
    });
    expect(
      fields(doc, 'event.action', 'event.type', 'user.email', 'onepassword.item_uuid', 'vigie.logsource'),
    ).toEqual({
      'event.action': 'reveal',
      'event.type': ['access'],
      'user.email': 'luc@corp.example',
      'onepassword.item_uuid': 'IT1',
      'vigie.logsource': { product: '1password', service: 'item_usages' },
    });
    expect(reasonOf(c, '{"uuid":"x"}')).toMatch(/not a 1Password sign-in attempt or item usage/);
  });
});
