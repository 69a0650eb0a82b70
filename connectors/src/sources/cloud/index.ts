import type { Connector } from '../../connector.js';

/** Connectors of the "cloud" family (cloud, SaaS, identity, EDR, CDN/WAF services); each lives in its own `<id>.connector.ts` file beside this index. */
export const cloudConnectors: Connector[] = [];
