import type { Connector } from '../../connector.js';
import { parseWindows } from './windows-ecs.js';
import { peekChannel, winShape } from './windows-event.js';
import { mapSystem, windowsService } from './windows-system.mapping.js';

const DEDICATED = new Set([
  'Security',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-PowerShell/Operational',
  'Windows PowerShell',
  'PowerShellCore/Operational',
]);

/**
 * Windows System channel, and every other Windows channel read generically (Application, Defender, Task
 * Scheduler…): Winlogbeat fields plus the Sigma service of the channel. Security, Sysmon and PowerShell have
 * their own connectors; this one accepts them too (as a fallback) but detects them with a low confidence.
 */
export const windowsSystemConnector: Connector = {
  id: 'windows-system',
  name: 'Windows event logs (System and other channels)',
  vendor: 'Microsoft',
  product: 'Windows',
  logsources: [
    { product: 'windows', service: 'system' },
    { product: 'windows', service: 'application' },
    { product: 'windows', service: 'windefend' },
    { product: 'windows', service: 'taskscheduler' },
  ],
  formats: ['json', 'xml', 'evtx'],
  elasticFixtures: [],
  parse(raw, ctx) {
    return parseWindows(raw, ctx, {
      accepts: () => true,
      expected: 'a Windows channel',
      logsource: (w) => ({ product: 'windows', service: windowsService(w.channel) }),
      mapper: mapSystem,
    });
  },
  detect(raw) {
    if (!winShape(raw)) return 0;
    const channel = peekChannel(raw);
    if (channel === 'System') return 0.95;
    return DEDICATED.has(channel ?? '') ? 0.3 : 0.7;
  },
};
