import type { Connector } from '../../connector.js';
import { getField, setField } from '../../util/ecs.js';
import { mapSysmon } from './sysmon.mapping.js';
import { parseWindows } from './windows-ecs.js';
import { peekChannel, winShape } from './windows-event.js';

const CHANNEL = 'Linux-Sysmon/Operational';

/**
 * Sysmon for Linux: the Sysmon event XML it writes to syslog (`… sysmon: <Event>…</Event>`), or the decoded
 * Winlogbeat-style document (`winlog.channel: Linux-Sysmon/Operational`). Same event ids as Windows Sysmon.
 */
export const sysmonLinuxConnector: Connector = {
  id: 'sysmon-linux',
  name: 'Sysmon for Linux',
  vendor: 'Microsoft',
  product: 'Sysmon for Linux',
  logsources: [
    { product: 'linux', service: 'sysmon' },
    { product: 'linux', category: 'process_creation' },
    { product: 'linux', category: 'network_connection' },
    { product: 'linux', category: 'file_event' },
  ],
  formats: ['syslog', 'xml', 'json'],
  elasticFixtures: ['sysmon_linux/log'],
  parse(raw, ctx) {
    const out = parseWindows(raw, ctx, {
      accepts: (w) => w.channel === CHANNEL,
      expected: CHANNEL,
      logsource: () => ({ product: 'linux', service: 'sysmon' }),
      mapper: mapSysmon,
    });
    if (out.kind === 'event' && typeof raw === 'object') {
      const host = getField(raw, 'log.syslog.hostname');
      if (typeof host === 'string') {
        setField(out.event, 'host.name', host);
        setField(out.event, 'host.hostname', host);
      }
    }
    if (out.kind === 'event') setField(out.event, 'event.module', 'sysmon_linux');
    return out;
  },
  detect(raw) {
    return winShape(raw) && peekChannel(raw) === CHANNEL ? 0.97 : 0;
  },
};
