import type { Connector } from '../../connector.js';
import { parseWindows } from './windows-ecs.js';
import { peekChannel, winShape } from './windows-event.js';
import { mapSecurity } from './windows-security.mapping.js';

/** Windows Security event log (Winlogbeat/NXLog JSON, event XML, EVTX JSON). */
export const windowsSecurityConnector: Connector = {
  id: 'windows-security',
  name: 'Windows Security event log',
  vendor: 'Microsoft',
  product: 'Windows',
  logsources: [
    { product: 'windows', service: 'security' },
    { product: 'windows', category: 'process_creation' },
  ],
  formats: ['json', 'xml', 'evtx'],
  elasticFixtures: ['system/security', 'windows/forwarded'],
  parse(raw, ctx) {
    return parseWindows(raw, ctx, {
      accepts: (w) =>
        w.channel === 'Security' || (!w.channel && w.provider === 'Microsoft-Windows-Security-Auditing'),
      expected: 'Security',
      logsource: () => ({ product: 'windows', service: 'security' }),
      mapper: mapSecurity,
    });
  },
  detect(raw) {
    if (!winShape(raw)) return 0;
    const channel = peekChannel(raw);
    if (channel === 'Security') return 0.95;
    return channel === undefined && JSON.stringify(raw).includes('Microsoft-Windows-Security-Auditing')
      ? 0.8
      : 0;
  },
};
