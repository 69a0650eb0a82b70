/** The skeleton every connector's ECS document starts from, and the `@timestamp` setter that refuses bad dates. */
import type { EcsDocument, ParseContext, SigmaLogsource } from '../connector.js';
import { setField } from './ecs.js';

export interface Observer {
  vendor?: string;
  product?: string;
  type?: string;
}

/** `event.kind: event`, `event.original` (unless `keepOriginal === false`), `observer.*` and `vigie.logsource`. */
export function newEvent(
  ctx: ParseContext,
  original: string | undefined,
  logsource: SigmaLogsource,
  observer?: Observer,
): EcsDocument {
  const doc: EcsDocument = {};
  setField(doc, 'event.kind', 'event');
  if (ctx.options.keepOriginal !== false && original !== undefined) setField(doc, 'event.original', original);
  if (observer) {
    setField(doc, 'observer.vendor', observer.vendor);
    setField(doc, 'observer.product', observer.product);
    setField(doc, 'observer.type', observer.type);
  }
  doc.vigie = { logsource: { ...logsource } };
  return doc;
}

/** Sets `@timestamp` from a Date; false when the date is missing or invalid. */
export function setTimestamp(doc: EcsDocument, date: Date | undefined): boolean {
  if (!date || Number.isNaN(date.getTime())) return false;
  doc['@timestamp'] = date.toISOString();
  return true;
}
