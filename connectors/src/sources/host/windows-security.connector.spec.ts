import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';
import { windowsSecurityConnector as c } from './windows-security.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

const XML_4624 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-05-20T08:15:30.1234567Z'/><EventRecordID>90211</EventRecordID><Execution ProcessID='640' ThreadID='700'/><Channel>Security</Channel><Computer>ws12.corp.example</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>WS12$</Data><Data Name='SubjectDomainName'>CORP</Data><Data Name='TargetUserSid'>S-1-5-21-1-2-3-1107</Data><Data Name='TargetUserName'>jdoe</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='LogonType'>10</Data><Data Name='ProcessId'>0x2f4</Data><Data Name='ProcessName'>C:\\Windows\\System32\\svchost.exe</Data><Data Name='IpAddress'>203.0.113.44</Data><Data Name='IpPort'>51234</Data></EventData></Event>`;

describe('windows-security connector', () => {
  it('maps a rendered 4624 XML logon to Winlogbeat-style ECS', () => {
    const out = c.parse(XML_4624, ctx);
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(getField(e, '@timestamp')).toBe('2024-05-20T08:15:30.123Z');
    expect(getField(e, 'event.code')).toBe('4624');
    expect(getField(e, 'event.category')).toEqual(['authentication']);
    expect(getField(e, 'event.action')).toBe('logged-in');
    expect(getField(e, 'winlog.event_data.LogonType')).toBe('10');
    expect(getField(e, 'winlog.channel')).toBe('Security');
    expect(getField(e, 'winlog.record_id')).toBe(90211);
    expect(getField(e, 'user.name')).toBe('jdoe');
    expect(getField(e, 'user.domain')).toBe('CORP');
    expect(getField(e, 'source.ip')).toBe('203.0.113.44');
    expect(getField(e, 'source.port')).toBe(51234);
    expect(getField(e, 'host.name')).toBe('ws12.corp.example');
    expect(getField(e, 'process.pid')).toBe(756);
    expect(getField(e, 'vigie.logsource')).toEqual({ product: 'windows', service: 'security' });
    expect(c.detect(XML_4624)).toBeGreaterThan(0.9);
  });

  it('reads NXLog JSON (flattened event data) for a 4688 process creation', () => {
    const line = JSON.stringify({
      EventTime: '2024-05-20 10:00:00',
      '@timestamp': '2024-05-20T14:00:02.000Z',
      Hostname: 'ws7.corp.example',
      EventID: 4688,
      Channel: 'Security',
      SourceName: 'Microsoft-Windows-Security-Auditing',
      RecordNumber: 77,
      SubjectUserName: 'alice',
      SubjectDomainName: 'CORP',
      NewProcessId: '0x1f40',
      NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd.exe /c whoami',
      ProcessId: '0x10',
      ParentProcessName: 'C:\\Windows\\explorer.exe',
    });
    const out = c.parse(line, { ...ctx, options: { timezone: '-04:00' } });
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    // EventTime is the collector's wall clock: with a -04:00 zone it is 14:00:00Z.
    expect(getField(e, '@timestamp')).toBe('2024-05-20T14:00:00.000Z');
    expect(getField(e, 'process.executable')).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(getField(e, 'process.name')).toBe('cmd.exe');
    expect(getField(e, 'process.pid')).toBe(8000);
    expect(getField(e, 'process.command_line')).toBe('cmd.exe /c whoami');
    expect(getField(e, 'process.parent.name')).toBe('explorer.exe');
    expect(getField(e, 'user.name')).toBe('alice');
    expect(getField(e, 'vigie.logsource')).toEqual({
      product: 'windows',
      service: 'security',
      category: 'process_creation',
    });
  });

  it('rejects other channels and malformed input with a reason', () => {
    const sysmon = c.parse(
      { Event: { System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational' }, EventData: {} } },
      ctx,
    );
    expect(sysmon).toMatchObject({ kind: 'reject' });
    const bad = c.parse('<Event xmlns="x"><System><EventID>oops</EventID></System></Event>', ctx);
    expect(bad.kind).toBe('reject');
    if (bad.kind === 'reject') expect(bad.reason).toMatch(/EventID/);
    expect(c.parse('hello world', ctx)).toMatchObject({ kind: 'reject' });
    expect(c.detect('hello world')).toBe(0);
  });
});
