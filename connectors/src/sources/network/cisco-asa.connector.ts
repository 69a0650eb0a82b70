import type { Connector } from '../../connector.js';
import { detectCisco, parseCisco } from './cisco-asa.parser.js';
import { knownAsaMessageIds } from './cisco-asa.messages.js';

/** Cisco ASA (and PIX/FWSM) syslog: `%ASA-<level>-<id>:` messages, connections, denies, NAT, AAA and VPN. */
export const ciscoAsaConnector: Connector = {
  id: 'cisco-asa',
  name: `Cisco ASA (${knownAsaMessageIds.length} message ids decoded)`,
  vendor: 'Cisco',
  product: 'ASA',
  logsources: [{ category: 'firewall', product: 'cisco' }],
  formats: ['syslog'],
  elasticFixtures: ['cisco_asa/log'],
  parse: (raw, ctx) => parseCisco(raw, ctx, 'asa'),
  detect: (raw) => detectCisco(raw, 'ASA'),
};
