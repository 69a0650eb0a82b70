import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';
import { cefConnector } from './cef.connector.js';
import { jsonConnector } from './json.connector.js';
import { kvConnector } from './kv.connector.js';
import { leefConnector } from './leef.connector.js';
import { linuxSyslogConnector } from './linux-syslog.connector.js';
import { powershellConnector } from './powershell.connector.js';
import { syslogConnector } from './syslog.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('generic format connectors', () => {
  it('syslog: RFC 5424 with structured data', () => {
    const out = syslogConnector.parse(
      '<165>1 2024-05-12T10:00:00.5+02:00 node7 app 42 ID47 [meta k="v"] started',
      ctx,
    );
    expect(out.kind === 'event' && getField(out.event, '@timestamp')).toBe('2024-05-12T08:00:00.500Z');
    expect(out.kind === 'event' && getField(out.event, 'log.syslog.structured_data')).toEqual({
      meta: { k: 'v' },
    });
    expect(syslogConnector.parse('garbage', ctx).kind).toBe('reject');
  });
  it('linux-syslog: systemd start/stop with a timezone', () => {
    const out = linuxSyslogConnector.parse(
      'Feb  2 03:04:05 box systemd[1]: Started cron.service - Regular background program processing daemon.',
      { ...ctx, options: { timezone: '+01:00' } },
    );
    expect(out.kind === 'event' && getField(out.event, 'event.action')).toBe('service-start');
    expect(out.kind === 'event' && getField(out.event, '@timestamp')).toBe('2024-02-02T02:04:05.000Z');
  });
  it('cef, leef, kv and json', () => {
    const cef = cefConnector.parse(
      'CEF:0|Acme|Shield|1|9|Hit|5|rt=1715500000000 src=192.0.2.4 request=https://x.example/a',
      ctx,
    );
    expect(cef.kind === 'event' && getField(cef.event, 'url.original')).toBe('https://x.example/a');
    expect(cef.kind === 'event' && getField(cef.event, '@timestamp')).toBe('2024-05-12T07:46:40.000Z');
    const leef = leefConnector.parse('LEEF:2.0|Acme|Gate|1.0|deny|\t|src=192.0.2.1\tdstPort=25', ctx);
    expect(leef.kind === 'event' && getField(leef.event, 'destination.port')).toBe(25);
    const kv = kvConnector.parse('time="2024-05-12 10:00:00" user=z action=drop', ctx);
    expect(kv.kind === 'event' && getField(kv.event, 'kv.action')).toBe('drop');
    // a syslog header names the host for enrichment and incident grouping (host.name), as syslog-line does
    const kvh = kvConnector.parse('<13>May 12 10:00:00 fw01 app: user=z action=drop', ctx);
    expect(kvh.kind === 'event' && getField(kvh.event, 'host.name')).toBe('fw01');
    const json = jsonConnector.parse('{"timestamp":"2024-05-12T10:00:00Z","a":{"b":1}}', ctx);
    expect(json.kind === 'event' && getField(json.event, 'a.b')).toBe(1);
    expect(jsonConnector.parse('{"a":', ctx).kind).toBe('reject');
  });
  it('powershell: 4104 script block to ps_script', () => {
    const out = powershellConnector.parse(
      {
        winlog: {
          channel: 'Microsoft-Windows-PowerShell/Operational',
          event_id: '4104',
          computer_name: 'w1',
          event_data: {
            ScriptBlockText: 'IEX (New-Object Net.WebClient)',
            ScriptBlockId: 'id1',
            Path: 'C:\\s.ps1',
          },
        },
      },
      ctx,
    );
    expect(out.kind === 'event' && getField(out.event, 'powershell.file.script_block_text')).toBe(
      'IEX (New-Object Net.WebClient)',
    );
    expect(out.kind === 'event' && getField(out.event, 'vigie.logsource')).toEqual({
      product: 'windows',
      service: 'powershell',
      category: 'ps_script',
    });
  });
});
