import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { detectConnector } from '../../detect.js';
import { getField } from '../../util/ecs.js';
import { sysmonConnector } from './sysmon.connector.js';
import { readWinEvent, winShape } from './windows-event.js';
import { windowsSecurityConnector } from './windows-security.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

/** Winlogbeat 6.x (event fields at the top level), as a WEC collector ships them; values made up. */
const WLB6_4624 = {
  '@timestamp': '2024-05-20T08:15:31.500Z',
  '@metadata': { beat: 'winlogbeat', type: 'doc', version: '6.8.0' },
  beat: { name: 'WEC01', hostname: 'WEC01', version: '6.8.0' },
  host: { name: 'WEC01' },
  type: 'wineventlog',
  log_name: 'Security',
  source_name: 'Microsoft-Windows-Security-Auditing',
  event_id: 4624,
  computer_name: 'ws12.corp.example',
  record_number: '90211',
  level: 'Information',
  opcode: 'Info',
  task: 'Logon',
  keywords: ['Audit Success'],
  process_id: 640,
  thread_id: 700,
  provider_guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  message: 'An account was successfully logged on.',
  event_data: {
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: 'WS12$',
    SubjectDomainName: 'CORP',
    TargetUserName: 'jdoe',
    TargetDomainName: 'CORP',
    LogonType: '10',
    IpAddress: '203.0.113.44',
    IpPort: '51234',
    ProcessId: '0x2f4',
  },
};

const WLB6_SYSMON_1 = {
  '@timestamp': '2024-05-20T08:16:00.000Z',
  beat: { name: 'WEC01', version: '6.7.0' },
  host: { name: 'WEC01' },
  log_name: 'Microsoft-Windows-Sysmon/Operational',
  source_name: 'Microsoft-Windows-Sysmon',
  event_id: 1,
  computer_name: 'ws12.corp.example',
  record_number: '5120',
  user: { identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', type: 'User' },
  event_data: {
    UtcTime: '2024-05-20 08:15:59.250',
    ProcessId: '4242',
    Image: 'C:\\Windows\\System32\\whoami.exe',
    CommandLine: 'whoami /all',
    ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    User: 'CORP\\jdoe',
  },
};

describe('Windows events shipped by Winlogbeat 6.x (top-level event_id/log_name/event_data)', () => {
  it('reads the shape from an object and from its JSON text', () => {
    expect(winShape(WLB6_4624)).toBe('winlogbeat6');
    expect(winShape(JSON.stringify(WLB6_4624))).toBe('winlogbeat6');
    const r = readWinEvent(WLB6_4624, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.eventId).toBe(4624);
    expect(r.event.channel).toBe('Security');
    expect(r.event.computer).toBe('ws12.corp.example');
    expect(r.event.recordId).toBe(90211);
    expect(r.event.eventData.TargetUserName).toBe('jdoe');
    expect(r.event.time?.toISOString()).toBe('2024-05-20T08:15:31.500Z');
  });

  it('maps a Security 4624 to ECS, with the event machine (computer_name) as host, and auto-detects it', () => {
    const out = windowsSecurityConnector.parse(JSON.stringify(WLB6_4624), ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(getField(e, 'event.code')).toBe('4624');
    expect(getField(e, 'event.action')).toBe('logged-in');
    expect(getField(e, 'event.outcome')).toBe('success');
    expect(getField(e, 'user.name')).toBe('jdoe');
    expect(getField(e, 'source.ip')).toBe('203.0.113.44');
    expect(getField(e, 'host.name')).toBe('ws12.corp.example');
    expect(getField(e, 'winlog.channel')).toBe('Security');
    expect(getField(e, 'vigie.logsource')).toEqual({ product: 'windows', service: 'security' });
    expect(detectConnector([WLB6_4624, JSON.stringify(WLB6_4624)]).id).toBe('windows-security');
  });

  it('routes a Sysmon record to the sysmon connector as process creation', () => {
    expect(windowsSecurityConnector.detect(WLB6_SYSMON_1)).toBe(0);
    expect(sysmonConnector.detect(WLB6_SYSMON_1)).toBeGreaterThan(0.9);
    const out = sysmonConnector.parse(WLB6_SYSMON_1, ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(getField(out.event, 'process.command_line')).toBe('whoami /all');
    expect(getField(out.event, 'process.pid')).toBe(4242);
    expect(getField(out.event, '@timestamp')).toBe('2024-05-20T08:15:59.250Z');
    expect(getField(out.event, 'vigie.logsource')).toMatchObject({
      product: 'windows',
      category: 'process_creation',
    });
  });

  it('rejects with a reason when event_id is not a number or winlog is not an object', () => {
    const bad = windowsSecurityConnector.parse({ ...WLB6_4624, event_id: 'x' }, ctx);
    expect(bad).toMatchObject({ kind: 'reject' });
    if (bad.kind === 'reject') expect(bad.reason).toMatch(/event_id/);
    const notObject = windowsSecurityConnector.parse('{"winlog":"Security","message":"x"}', ctx);
    expect(notObject.kind).toBe('reject');
    if (notObject.kind === 'reject') expect(notObject.reason).toMatch(/winlog/);
    const nullEvent = windowsSecurityConnector.parse('{"Event":null}', ctx);
    expect(nullEvent.kind).toBe('reject');
  });
});
