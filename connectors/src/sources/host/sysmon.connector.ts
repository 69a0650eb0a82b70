import type { Connector } from '../../connector.js';
import { mapSysmon } from './sysmon.mapping.js';
import { parseWindows } from './windows-ecs.js';
import { peekChannel, winShape } from './windows-event.js';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/** Sysinternals Sysmon on Windows (channel Microsoft-Windows-Sysmon/Operational). */
export const sysmonConnector: Connector = {
  id: 'sysmon',
  name: 'Sysmon (Windows)',
  vendor: 'Microsoft',
  product: 'Sysmon',
  logsources: [
    { product: 'windows', service: 'sysmon' },
    { product: 'windows', category: 'process_creation' },
    { product: 'windows', category: 'network_connection' },
    { product: 'windows', category: 'image_load' },
    { product: 'windows', category: 'file_event' },
    { product: 'windows', category: 'registry_set' },
    { product: 'windows', category: 'dns_query' },
  ],
  formats: ['json', 'xml', 'evtx'],
  elasticFixtures: ['windows/sysmon_operational'],
  parse(raw, ctx) {
    return parseWindows(raw, ctx, {
      accepts: (w) => w.channel === SYSMON_CHANNEL,
      expected: SYSMON_CHANNEL,
      logsource: () => ({ product: 'windows', service: 'sysmon' }),
      mapper: mapSysmon,
    });
  },
  detect(raw) {
    return winShape(raw) && peekChannel(raw) === SYSMON_CHANNEL ? 0.95 : 0;
  },
};
