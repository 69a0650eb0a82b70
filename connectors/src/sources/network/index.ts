import type { Connector } from '../../connector.js';

/** Connectors of the "network" family; each lives in its own `<id>.connector.ts` file beside this index. */
export const networkConnectors: Connector[] = [];
