import { describe, expect, it } from 'vitest';
import { crowdstrikeFdrConnector as c } from './crowdstrike-fdr.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const proc = JSON.stringify({
  event_simpleName: 'ProcessRollup2',
  timestamp: '1718000000500',
  aid: 'aid-01',
  aip: '198.51.100.12',
  cid: 'cid-01',
  event_platform: 'Win',
  ComputerName: 'WS-042',
  UserName: 'j.doe',
  RawProcessId: '4321',
  TargetProcessId: '99887766',
  ImageFileName: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
  CommandLine: 'cmd.exe /c whoami',
  SHA256HashData: 'ab'.repeat(32),
  ConfigBuild: '1007.3.0',
});

describe('crowdstrike-fdr', () => {
  it('maps a process creation and routes it to the Windows process_creation logsource', () => {
    const doc = parseOk(c, proc);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.category',
        'event.type',
        'host.name',
        'host.os.type',
        'user.name',
        'process.pid',
        'process.name',
        'process.command_line',
        'process.entity_id',
        'observer.ip',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-06-10T06:13:20.500Z',
      'event.action': 'ProcessRollup2',
      'event.category': ['process'],
      'event.type': ['start'],
      'host.name': 'WS-042',
      'host.os.type': 'windows',
      'user.name': 'j.doe',
      'process.pid': 4321,
      'process.name': 'cmd.exe',
      'process.command_line': 'cmd.exe /c whoami',
      'process.entity_id': '99887766',
      'observer.ip': ['198.51.100.12'],
      'vigie.logsource': { product: 'windows', category: 'process_creation' },
    });
  });
  it('maps a network connection and a DNS request', () => {
    const net = parseOk(c, {
      event_simpleName: 'NetworkConnectIP4',
      timestamp: '1718000001000',
      aid: 'a',
      event_platform: 'Lin',
      LocalAddressIP4: '10.0.0.5',
      LocalPort: '51000',
      RemoteAddressIP4: '203.0.113.9',
      RemotePort: '443',
      Protocol: '6',
    });
    expect(
      fields(
        net,
        'source.ip',
        'source.port',
        'destination.ip',
        'destination.port',
        'network.transport',
        'network.direction',
        'vigie.logsource',
      ),
    ).toEqual({
      'source.ip': '10.0.0.5',
      'source.port': 51000,
      'destination.ip': '203.0.113.9',
      'destination.port': 443,
      'network.transport': 'tcp',
      'network.direction': 'egress',
      'vigie.logsource': { product: 'linux', category: 'network_connection' },
    });
    const dns = parseOk(c, {
      event_simpleName: 'DnsRequest',
      timestamp: '1718000002000',
      aid: 'a',
      event_platform: 'Mac',
      DomainName: 'bad.example.com',
    });
    expect(fields(dns, 'dns.question.name', 'vigie.logsource')).toEqual({
      'dns.question.name': 'bad.example.com',
      'vigie.logsource': { product: 'macos', category: 'dns_query' },
    });
  });
  it('rejects records without event_simpleName or time', () => {
    expect(reasonOf(c, '{"aid":"x"}')).toMatch(/not a CrowdStrike FDR event/);
    expect(reasonOf(c, '{"event_simpleName":"X","timestamp":"later"}')).toMatch(/unreadable timestamp/);
    expect(c.detect(proc)).toBeGreaterThan(0.9);
  });
});
