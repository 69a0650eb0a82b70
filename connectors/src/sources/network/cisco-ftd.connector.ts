import type { Connector } from '../../connector.js';
import { detectCisco, parseCisco } from './cisco-asa.parser.js';

/**
 * Cisco Firepower Threat Defense syslog: `%FTD-<level>-<id>:`, the ASA message set plus the FTD
 * connection (430002/430003), intrusion (430001) and file/malware (430004/430005) events.
 */
export const ciscoFtdConnector: Connector = {
  id: 'cisco-ftd',
  name: 'Cisco Firepower Threat Defense',
  vendor: 'Cisco',
  product: 'FTD',
  logsources: [{ category: 'firewall', product: 'cisco' }],
  formats: ['syslog'],
  elasticFixtures: ['cisco_ftd/log'],
  parse: (raw, ctx) => parseCisco(raw, ctx, 'ftd'),
  detect: (raw) => detectCisco(raw, 'FTD'),
};
