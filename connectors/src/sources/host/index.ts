import type { Connector } from '../../connector.js';

/** Connectors of the "host" family (Windows, Linux, generic formats); each lives in its own `<id>.connector.ts` file beside this index. */
export const hostConnectors: Connector[] = [];
