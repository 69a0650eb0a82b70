import type { Connector, ParseContext, ParseOutcome, RawRecord } from './connector.js';
import { cloudConnectors } from './sources/cloud/index.js';
import { hostConnectors } from './sources/host/index.js';
import { networkConnectors } from './sources/network/index.js';
import { webConnectors } from './sources/web/index.js';

/** Every connector Vigie ships, by id. Ids are unique; the registry refuses duplicates at load. */
export const connectors: readonly Connector[] = [
  ...hostConnectors,
  ...webConnectors,
  ...networkConnectors,
  ...cloudConnectors,
];
const byId = new Map<string, Connector>();
for (const c of connectors) {
  if (byId.has(c.id)) throw new Error(`duplicate connector id "${c.id}"`);
  byId.set(c.id, c);
}

export function getConnector(id: string): Connector | undefined {
  return byId.get(id);
}

export function connectorIds(): string[] {
  return [...byId.keys()].sort();
}

/**
 * Parses one record with a connector, never throwing: a parser exception becomes a reject whose reason names
 * the connector and the error, so the batch goes on.
 */
export function safeParse(connector: Connector, raw: RawRecord, ctx: ParseContext): ParseOutcome {
  try {
    return connector.parse(raw, ctx);
  } catch (err) {
    return {
      kind: 'reject',
      reason: `${connector.id}: parser error: ${(err as Error)?.message ?? String(err)}`,
    };
  }
}
