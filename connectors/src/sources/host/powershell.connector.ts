import type { Connector } from '../../connector.js';
import { isClassicPowerShell, mapPowerShell } from './powershell.mapping.js';
import { parseWindows } from './windows-ecs.js';
import { peekChannel, winShape } from './windows-event.js';

const CHANNELS = new Set([
  'Microsoft-Windows-PowerShell/Operational',
  'Windows PowerShell',
  'PowerShellCore/Operational',
]);

/** PowerShell logging: Operational 4103/4104/4105/4106 and classic 400/403/600/800. */
export const powershellConnector: Connector = {
  id: 'powershell',
  name: 'Windows PowerShell logs',
  vendor: 'Microsoft',
  product: 'PowerShell',
  logsources: [
    { product: 'windows', service: 'powershell' },
    { product: 'windows', service: 'powershell-classic' },
    { product: 'windows', category: 'ps_script' },
    { product: 'windows', category: 'ps_module' },
    { product: 'windows', category: 'ps_classic_start' },
  ],
  formats: ['json', 'xml', 'evtx'],
  elasticFixtures: ['windows/powershell_operational'],
  parse(raw, ctx) {
    return parseWindows(raw, ctx, {
      accepts: (w) => CHANNELS.has(w.channel ?? ''),
      expected: 'a PowerShell channel',
      logsource: (w) => ({
        product: 'windows',
        service: isClassicPowerShell(w) ? 'powershell-classic' : 'powershell',
      }),
      mapper: mapPowerShell,
    });
  },
  detect(raw) {
    return winShape(raw) && CHANNELS.has(peekChannel(raw) ?? '') ? 0.95 : 0;
  },
};
