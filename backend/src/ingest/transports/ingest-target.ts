import { connectorIds } from '@vigie/connectors';
import { TENANT_PATTERN } from '../../config/config.schema.js';
import { AUTO_SOURCE } from '../ingest.service.js';

/** Where a transport's records go: one tenant and one connector id (or `auto`). */
export interface IngestTarget {
  tenant: string;
  source: string;
}

let known: Set<string> | undefined;

/** Connector ids plus `auto`. */
export function isKnownSource(id: string): boolean {
  known ??= new Set([AUTO_SOURCE, ...connectorIds()]);
  return known.has(id);
}

export function isTenant(id: string): boolean {
  return TENANT_PATTERN.test(id);
}

/** Validates a configured target; the message names the setting so a bad deployment fails at start. */
export function checkTarget(setting: string, target: IngestTarget): string | undefined {
  if (!isTenant(target.tenant)) return `${setting}: "${target.tenant}" is not a valid tenant id`;
  if (!isKnownSource(target.source)) return `${setting}: "${target.source}" is not a connector id or "auto"`;
  return undefined;
}

/** Groups records by target, keeping their order, so each group is one ingestRecords call. */
export function groupByTarget<T extends { target: IngestTarget }>(
  items: T[],
): Map<string, { target: IngestTarget; items: T[] }> {
  const groups = new Map<string, { target: IngestTarget; items: T[] }>();
  for (const item of items) {
    const key = `${item.target.tenant}\u0000${item.target.source}`;
    let g = groups.get(key);
    if (!g) {
      g = { target: item.target, items: [] };
      groups.set(key, g);
    }
    g.items.push(item);
  }
  return groups;
}
