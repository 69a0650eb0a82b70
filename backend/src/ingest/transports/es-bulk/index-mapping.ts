import type { Connector, RawRecord } from '@vigie/connectors';
import { getConnector } from '@vigie/connectors';
import { AUTO_SOURCE } from '../../ingest.service.js';
import { isKnownSource, isTenant, type IngestTarget } from '../ingest-target.js';

/**
 * Index name → tenant and source:
 *   `vigie-<connector>`           default tenant, that connector (`vigie-cisco-asa`, `vigie-auto`)
 *   `vigie-<tenant>-<connector>`  that tenant and connector (`vigie-acme-linux-auth`)
 *   `vigie-<tenant>`              that tenant, default source
 *   anything else                 (`filebeat-8.x`, `logstash-*`, `logs-generic-default`) default tenant and source
 * A trailing date (`-2024.05.01`, `-2024-05-01`) is ignored; `?tenant=` / `?source=` (or the `X-Vigie-Tenant` /
 * `X-Vigie-Source` headers) override both.
 */
export function targetForIndex(
  index: string | undefined,
  defaults: IngestTarget,
): IngestTarget | { error: string } {
  if (!index || !index.startsWith('vigie-')) return defaults;
  const rest = index.slice('vigie-'.length).replace(/-\d{4}[.-]\d{2}[.-]\d{2}$/, '');
  if (isKnownSource(rest)) return { tenant: defaults.tenant, source: rest };
  const dash = rest.indexOf('-');
  if (dash > 0) {
    const tenant = rest.slice(0, dash);
    const source = rest.slice(dash + 1);
    if (isTenant(tenant) && isKnownSource(source)) return { tenant, source };
  }
  if (isTenant(rest)) return { tenant: rest, source: defaults.source };
  return {
    error: `index [${index}] names no known Vigie connector: use vigie-<connector>, vigie-<tenant>-<connector> or vigie-<tenant>`,
  };
}

const textual = (c: Connector | undefined) => !c || !c.formats.some((f) => f === 'json' || f === 'ndjson');

function original(doc: Record<string, unknown>): string | undefined {
  const flat = doc['event.original'];
  if (typeof flat === 'string') return flat;
  const ev = doc.event as Record<string, unknown> | undefined;
  return ev && typeof ev === 'object' && typeof ev.original === 'string' ? ev.original : undefined;
}

/**
 * The record a document becomes. The raw text wins when there is one: `event.original`, else `message` — for
 * `auto` and text connectors always, for JSON connectors when `message` holds a JSON object (a shipper that did not
 * decode the line). Otherwise the document itself is the record.
 */
export function recordForDocument(doc: Record<string, unknown>, source: string): RawRecord {
  const orig = original(doc);
  if (orig !== undefined) return orig;
  const message = typeof doc.message === 'string' ? doc.message : undefined;
  if (message === undefined) return doc;
  if (source === AUTO_SOURCE || textual(getConnector(source))) return message;
  return message.trimStart().startsWith('{') ? message : doc;
}
