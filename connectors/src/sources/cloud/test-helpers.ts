/** Test helpers for the cloud-family specs: parse one record and read flat fields from the event. */
import type { Connector, ConnectorOptions, EcsDocument, RawRecord } from '../../connector.js';
import { getField } from '../../util/ecs.js';

export const NOW = new Date('2025-06-01T12:00:00Z');

export function parseOk(c: Connector, raw: RawRecord, options: ConnectorOptions = {}): EcsDocument {
  const out = c.parse(raw, { options, now: NOW });
  if (out.kind !== 'event') throw new Error(`${c.id}: expected an event, got ${out.kind}: ${out.reason}`);
  return out.event;
}

export function fields(doc: EcsDocument, ...paths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) out[p] = getField(doc, p);
  return out;
}

export function reasonOf(c: Connector, raw: RawRecord): string {
  const out = c.parse(raw, { options: {}, now: NOW });
  return out.kind === 'event' ? '' : `${out.kind}: ${out.reason}`;
}
