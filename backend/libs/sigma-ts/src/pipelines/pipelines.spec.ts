import { describe, expect, it } from 'vitest';
import { EcsPipeline } from './ecs.pipeline.js';
import { EvtxJsonPipeline } from './evtx-json.pipeline.js';
import { NonePipeline } from './none.pipeline.js';
import { flattenObject, routeMatches } from './pipeline.js';

const evtx = (
  channel: string,
  eventId: unknown,
  data: Record<string, unknown>,
  provider = 'Microsoft-Windows-Sysmon',
) => ({
  Event: {
    System: {
      Provider: { '#attributes': { Name: provider } },
      EventID: eventId,
      Channel: channel,
      Computer: 'WS1',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: data,
  },
});

describe('evtx-json pipeline', () => {
  const p = new EvtxJsonPipeline();
  it('flattens System and EventData into Sigma field names', () => {
    const f = p.flatten(
      evtx('Microsoft-Windows-Sysmon/Operational', 1, { Image: 'C:\\a.exe', 'Threat Name': 'X' }),
    );
    expect(f.get('Image')).toBe('C:\\a.exe');
    expect(f.get('EventID')).toBe(1);
    expect(f.get('Provider_Name')).toBe('Microsoft-Windows-Sysmon');
    expect(f.get('Security_UserID')).toBe('S-1-5-18');
    expect(f.get('Computer')).toBe('WS1');
    expect(f.get('ThreatName')).toBe('X');
  });
  it('unwraps #text values and reads UserData', () => {
    const ev = evtx('System', { '#attributes': { Qualifiers: 16384 }, '#text': 7045 }, {});
    (ev.Event as Record<string, unknown>).UserData = { LogFileCleared: { SubjectUserName: 'bob' } };
    const f = p.flatten(ev);
    expect(f.get('EventID')).toBe(7045);
    expect(f.get('SubjectUserName')).toBe('bob');
  });
  it('derives routing keys from Channel, Provider and EventID', () => {
    const r = (ch: string, id: number) =>
      p.route(
        p.view(
          evtx(
            ch,
            id,
            {},
            ch.includes('Sysmon') ? 'Microsoft-Windows-Sysmon' : 'Microsoft-Windows-Security-Auditing',
          ),
        ),
      );
    expect(r('Microsoft-Windows-Sysmon/Operational', 1)).toEqual({
      product: 'windows',
      service: 'sysmon',
      categories: ['process_creation'],
    });
    expect(r('Microsoft-Windows-Sysmon/Operational', 13).categories).toEqual([
      'registry_set',
      'registry_event',
    ]);
    expect(r('Security', 4688)).toEqual({
      product: 'windows',
      service: 'security',
      categories: ['process_creation'],
    });
    expect(r('Microsoft-Windows-PowerShell/Operational', 4104)).toMatchObject({
      service: 'powershell',
      categories: ['ps_script'],
    });
    expect(r('Microsoft-Windows-PowerShell/Operational', 4103).categories).toEqual(['ps_module']);
    expect(r('Windows PowerShell', 400)).toMatchObject({
      service: 'powershell-classic',
      categories: ['ps_classic_start'],
    });
  });
  it('a rule matches when each logsource part it names equals the event', () => {
    const route = { product: 'windows', service: 'sysmon', categories: ['process_creation'] };
    expect(routeMatches({ product: 'windows', category: 'process_creation' }, route)).toBe(true);
    expect(routeMatches({ product: 'windows', service: 'security' }, route)).toBe(false);
    expect(routeMatches({ product: 'linux' }, route)).toBe(false);
    expect(routeMatches({}, route)).toBe(true);
  });
});

describe('ecs pipeline', () => {
  const p = new EcsPipeline();
  const pc = { product: 'windows', category: 'process_creation' };
  it('maps Winlogbeat conventions with winlog.event_data fallback', () => {
    expect(p.mapField('Image', pc).keys).toEqual(['process.executable', 'winlog.event_data.Image']);
    expect(p.mapField('CommandLine', pc).keys[0]).toBe('process.command_line');
    expect(p.mapField('ParentImage', pc).keys[0]).toBe('process.parent.executable');
    expect(p.mapField('ParentCommandLine', pc).keys[0]).toBe('process.parent.command_line');
    expect(p.mapField('User', pc).keys).toEqual(['winlog.event_data.User', 'user.name']);
    expect(p.mapField('EventID', pc).keys.slice(0, 2)).toEqual(['event.code', 'winlog.event_id']);
    expect(p.mapField('Computer', pc).keys.slice(0, 2)).toEqual(['host.name', 'winlog.computer_name']);
    expect(p.mapField('TargetFilename', { product: 'windows', category: 'file_event' }).keys[0]).toBe(
      'file.path',
    );
    expect(p.mapField('TargetObject', { product: 'windows', category: 'registry_set' }).keys[0]).toBe(
      'registry.path',
    );
    expect(p.mapField('QueryName', { product: 'windows', category: 'dns_query' }).keys[0]).toBe(
      'dns.question.name',
    );
    expect(p.mapField('DestinationIp', { product: 'windows', category: 'network_connection' }).keys[0]).toBe(
      'destination.ip',
    );
    expect(p.mapField('IntegrityLevel', pc)).toEqual({ keys: ['winlog.event_data.IntegrityLevel'] });
  });
  it('maps non-Windows logsources and reports unmappable fields as degraded', () => {
    expect(p.mapField('cs-uri-query', { category: 'webserver' }).keys).toEqual(['url.query']);
    expect(p.mapField('c-ip', { category: 'webserver' }).keys).toEqual(['source.ip']);
    expect(p.mapField('Bogus', pc).degraded).toMatch(/Bogus/);
    expect(p.mapField('weird', { category: 'webserver' }).degraded).toMatch(/no ECS mapping/);
  });
  it('routes on vigie.logsource', () => {
    const f = p.view({
      vigie: { logsource: { product: 'windows', category: 'process_creation', service: 'sysmon' } },
    });
    expect(p.route(f)).toEqual({ product: 'windows', service: 'sysmon', categories: ['process_creation'] });
  });
});

describe('flattening', () => {
  it('dots nested keys and gathers arrays of objects', () => {
    const f = flattenObject({ a: { b: 1, c: [1, 2] }, dns: { answers: [{ data: 'x' }, { data: 'y' }] } });
    expect(f.get('a.b')).toBe(1);
    expect(f.get('a.c')).toEqual([1, 2]);
    expect(f.get('dns.answers.data')).toEqual(['x', 'y']);
    expect(new NonePipeline().route()).toBeNull();
  });
});

describe('taxonomy umbrellas', () => {
  it('registry_event rules see registry add/delete/set/rename events', () => {
    expect(
      routeMatches(
        { product: 'windows', category: 'registry_event' },
        { product: 'windows', categories: ['registry_set'] },
      ),
    ).toBe(true);
    expect(
      routeMatches(
        { product: 'windows', category: 'registry_set' },
        { product: 'windows', categories: ['registry_add'] },
      ),
    ).toBe(false);
  });
  it('ecs maps Defender data names with spaces', () => {
    expect(
      new EcsPipeline().mapField('ThreatName', { product: 'windows', service: 'windefend' }).keys,
    ).toEqual(['winlog.event_data.Threat Name', 'winlog.event_data.ThreatName']);
  });
});
