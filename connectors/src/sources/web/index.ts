import type { Connector } from '../../connector.js';

/** Connectors of the "web" family (web servers, proxies, databases, DNS); each lives in its own `<id>.connector.ts` file beside this index. */
export const webConnectors: Connector[] = [];
