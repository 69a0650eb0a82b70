/**
 * The raw text of a record as connectors receive it: a line, or a structured object carrying the vendor text in
 * `message` or `event.original` (shippers differ in which they fill; `prefer` picks when both are present).
 */
import type { RawRecord } from '../connector.js';
import { getField } from './ecs.js';
import { tooDeepReason, valueTooDeep } from './json-depth.js';

export interface RawParts {
  /** The vendor text, when there is any (never an empty string taken from an object). */
  text?: string;
  /** The object, when the record is structured. */
  obj?: Record<string, unknown>;
  /** Why a structured record was refused (nested deeper than parsers may walk); `text` and `obj` are then unset. */
  error?: string;
}

export function rawParts(raw: RawRecord, prefer: 'message' | 'original' = 'message'): RawParts {
  if (typeof raw === 'string') return { text: raw };
  if (raw === null || typeof raw !== 'object') return {};
  if (valueTooDeep(raw)) return { error: tooDeepReason() };
  const order = prefer === 'message' ? ['message', 'event.original'] : ['event.original', 'message'];
  for (const path of order) {
    const v = getField(raw, path);
    if (typeof v === 'string' && v !== '') return { text: v, obj: raw };
  }
  return { obj: raw };
}
