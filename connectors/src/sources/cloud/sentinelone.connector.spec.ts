import { describe, expect, it } from 'vitest';
import { sentineloneConnector as c } from './sentinelone.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const alert = {
  alertInfo: {
    alertId: '1900000000000000001',
    createdAt: '2024-03-03T03:03:03.303000Z',
    srcIp: '10.9.8.7',
    dstIp: '203.0.113.50',
    dstPort: '4444',
    srcPort: '50505',
    dnsRequest: null,
    loginsUserName: null,
  },
  ruleInfo: { id: 'r-55', name: 'Reverse shell', severity: 'Critical', description: 'Outbound shell' },
  agentDetectionInfo: {
    name: 'lnx-web-2',
    osFamily: 'linux',
    osName: 'Ubuntu 22.04',
    osRevision: '22.04',
    machineType: 'server',
    uuid: 'agent-uuid',
    version: '23.3.1',
  },
  agentRealtimeInfo: { id: '1800000000000000002', name: 'lnx-web-2' },
  sourceProcessInfo: {
    pid: '2211',
    name: 'bash',
    filePath: '/usr/bin/bash',
    commandline: 'bash -i',
    user: 'www-data',
    uniqueId: 'U1',
    fileHashSha1: 'aa'.repeat(20),
  },
  sourceParentProcessInfo: {
    pid: '2200',
    name: 'php-fpm',
    filePath: '/usr/sbin/php-fpm8.1',
    commandline: 'php-fpm: pool www',
  },
  targetProcessInfo: {},
};

describe('sentinelone', () => {
  it('maps an alert with network and process details', () => {
    const doc = parseOk(c, JSON.stringify(alert));
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'source.ip',
        'source.port',
        'destination.ip',
        'destination.port',
        'host.name',
        'host.os.type',
        'process.pid',
        'process.executable',
        'process.command_line',
        'process.parent.executable',
        'rule.name',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-03-03T03:03:03.303Z',
      'event.category': ['malware'],
      'source.ip': '10.9.8.7',
      'source.port': 50505,
      'destination.ip': '203.0.113.50',
      'destination.port': 4444,
      'host.name': 'lnx-web-2',
      'host.os.type': 'linux',
      'process.pid': 2211,
      'process.executable': '/usr/bin/bash',
      'process.command_line': 'bash -i',
      'process.parent.executable': '/usr/sbin/php-fpm8.1',
      'rule.name': 'Reverse shell',
      'vigie.logsource': { product: 'sentinelone', service: 'alert' },
    });
  });
  it('rejects JSON without alertInfo/ruleInfo', () => {
    expect(reasonOf(c, '{"alertInfo":{}}')).toMatch(/not a SentinelOne alert/);
    expect(c.detect(JSON.stringify(alert))).toBeGreaterThan(0.9);
  });
});
