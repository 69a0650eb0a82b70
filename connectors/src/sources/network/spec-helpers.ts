import type { Connector, EcsDocument, ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';

/** Test helpers for the network-family specs: a fixed "now" and a parse that must yield an event. */
export function ctxOf(options: ParseContext['options'] = {}): ParseContext {
  return { options, now: new Date('2024-06-15T12:00:00Z') };
}

export function parseEvent(
  c: Connector,
  raw: Parameters<Connector['parse']>[0],
  options: ParseContext['options'] = {},
): EcsDocument {
  const out = c.parse(raw, ctxOf(options));
  if (out.kind !== 'event') throw new Error(`${c.id}: expected an event, got ${out.kind}: ${out.reason}`);
  return out.event;
}

export const f = getField;
