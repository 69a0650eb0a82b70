import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';
import { sysmonConnector as c } from './sysmon.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

function evtx(id: number, data: Record<string, unknown>) {
  return {
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
        EventID: id,
        TimeCreated: { '#attributes': { SystemTime: '2024-05-02T09:00:00.500Z' } },
        EventRecordID: 12,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'lab-pc',
      },
      EventData: data,
    },
  };
}

describe('sysmon connector', () => {
  it('maps event 1 (EVTX JSON) to process_creation with parent and hashes', () => {
    const out = c.parse(
      evtx(1, {
        UtcTime: '2024-05-02 09:00:00.321',
        ProcessGuid: '{AAAA-1}',
        ProcessId: 4242,
        Image: 'C:\\Tools\\psexec.exe',
        CommandLine: 'psexec.exe \\\\srv cmd',
        User: 'LAB\\bob',
        Hashes: 'SHA1=ABCD,MD5=1234',
        ParentImage: 'C:\\Windows\\System32\\cmd.exe',
        ParentProcessId: 100,
        ParentCommandLine: 'cmd.exe',
      }),
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(getField(e, '@timestamp')).toBe('2024-05-02T09:00:00.321Z');
    expect(getField(e, 'process.entity_id')).toBe('{AAAA-1}');
    expect(getField(e, 'process.name')).toBe('psexec.exe');
    expect(getField(e, 'process.parent.executable')).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(getField(e, 'process.hash.sha1')).toBe('abcd');
    expect(getField(e, 'user')).toMatchObject({ name: 'bob', domain: 'LAB' });
    expect(getField(e, 'winlog.event_data.CommandLine')).toBe('psexec.exe \\\\srv cmd');
    expect(getField(e, 'vigie.logsource')).toEqual({
      product: 'windows',
      service: 'sysmon',
      category: 'process_creation',
    });
  });

  it('maps network, registry and DNS events', () => {
    const net = c.parse(
      evtx(3, {
        Image: 'C:\\x.exe',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: '10.0.0.5',
        SourcePort: '50000',
        DestinationIp: '198.51.100.9',
        DestinationPort: '443',
      }),
      ctx,
    );
    expect(net.kind === 'event' && getField(net.event, 'destination.port')).toBe(443);
    expect(net.kind === 'event' && getField(net.event, 'vigie.logsource.category')).toBe(
      'network_connection',
    );
    const reg = c.parse(
      evtx(13, { EventType: 'SetValue', TargetObject: 'HKLM\\SOFTWARE\\Run\\evil', Details: 'c:\\evil.exe' }),
      ctx,
    );
    expect(reg.kind === 'event' && getField(reg.event, 'registry.hive')).toBe('HKLM');
    expect(reg.kind === 'event' && getField(reg.event, 'vigie.logsource.category')).toBe('registry_set');
    const dns = c.parse(evtx(22, { QueryName: 'example.org', QueryStatus: '0' }), ctx);
    expect(dns.kind === 'event' && getField(dns.event, 'dns.question.name')).toBe('example.org');
  });

  it('rejects a Security event and garbage', () => {
    expect(c.parse({ winlog: { channel: 'Security', event_id: '4624' } }, ctx)).toMatchObject({
      kind: 'reject',
    });
    expect(c.parse('{"Event": 1', ctx)).toMatchObject({ kind: 'reject' });
  });
});
