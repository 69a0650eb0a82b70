import type { Connector } from '../../connector.js';

/** Connectors of the "network" family (firewalls, IDS, network monitoring); each lives in its own `<id>.connector.ts` file beside this index. */
export const networkConnectors: Connector[] = [];
