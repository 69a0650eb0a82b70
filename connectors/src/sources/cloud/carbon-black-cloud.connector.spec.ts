import { describe, expect, it } from 'vitest';
import { carbonBlackCloudConnector as c } from './carbon-black-cloud.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const alert = {
  type: 'CB_ANALYTICS',
  id: 'al-1',
  org_key: 'ORG1',
  create_time: '2024-02-02T02:02:02Z',
  severity: 6,
  device_id: 77,
  device_os: 'WINDOWS',
  device_os_version: 'Windows 11 x64',
  device_name: 'ACME\\LAPTOP-9',
  device_username: 'ACME\\pierre',
  process_name: 'rundll32.exe',
  process_path: 'c:\\windows\\system32\\rundll32.exe',
  reason: 'Injected code',
  threat_cause_actor_sha256: '12'.repeat(32),
};

describe('carbon-black-cloud', () => {
  it('maps device, user and process', () => {
    const doc = parseOk(c, JSON.stringify(alert));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.kind',
        'event.severity',
        'host.name',
        'host.id',
        'host.os.type',
        'user.name',
        'user.domain',
        'process.name',
        'process.executable',
        'related.hash',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-02-02T02:02:02.000Z',
      'event.kind': 'alert',
      'event.severity': 6,
      'host.name': 'LAPTOP-9',
      'host.id': '77',
      'host.os.type': 'windows',
      'user.name': 'pierre',
      'user.domain': 'ACME',
      'process.name': 'rundll32.exe',
      'process.executable': 'c:\\windows\\system32\\rundll32.exe',
      'related.hash': ['12'.repeat(32)],
      'vigie.logsource': { product: 'carbon_black', service: 'alert' },
    });
  });
  it('rejects foreign JSON', () => {
    expect(reasonOf(c, '{"type":"x"}')).toMatch(/not a Carbon Black Cloud alert/);
    expect(c.detect(JSON.stringify(alert))).toBeGreaterThan(0.9);
  });
});
