import type { Connector } from '../../connector.js';
import { ciscoAsaConnector } from './cisco-asa.connector.js';
import { ciscoFtdConnector } from './cisco-ftd.connector.js';
import { fortigateConnector } from './fortigate.connector.js';
import { panosConnector } from './panos.connector.js';
import { checkpointConnector } from './checkpoint.connector.js';
import { pfsenseConnector } from './pfsense.connector.js';
import { sonicwallConnector } from './sonicwall.connector.js';
import { juniperSrxConnector } from './juniper-srx.connector.js';
import { zeekConnector } from './zeek.connector.js';
import { suricataConnector } from './suricata.connector.js';
import { snortConnector } from './snort.connector.js';

/** Connectors of the "network" family (firewalls, IDS, network monitoring); each lives in its own `<id>.connector.ts` file beside this index. */
export const networkConnectors: Connector[] = [
  ciscoAsaConnector,
  ciscoFtdConnector,
  fortigateConnector,
  panosConnector,
  checkpointConnector,
  pfsenseConnector,
  sonicwallConnector,
  juniperSrxConnector,
  zeekConnector,
  suricataConnector,
  snortConnector,
];
