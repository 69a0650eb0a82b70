/**
 * Any JSON object: parsed from text (or taken as is), with its event time found among the common timestamp
 * fields (`@timestamp`, `timestamp`, `time`, `eventTime`, `ts`, epoch seconds/milliseconds…).
 */
import { getField } from '../util/ecs.js';
import { jsonTextTooDeep, tooDeepReason } from '../util/json-depth.js';
import { fromEpoch, parseIsoLike } from '../util/time.js';

export type JsonResult = { ok: true; object: Record<string, unknown> } | { ok: false; reason: string };

export function parseJsonObject(text: string): JsonResult {
  const t = text.trim();
  if (!t.startsWith('{')) return { ok: false, reason: 'not a JSON object (does not start with "{")' };
  if (jsonTextTooDeep(t)) return { ok: false, reason: tooDeepReason() };
  try {
    const v = JSON.parse(t) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v))
      return { ok: false, reason: 'JSON value is not an object' };
    return { ok: true, object: v as Record<string, unknown> };
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
}

export const TIMESTAMP_FIELDS = [
  '@timestamp',
  'timestamp',
  'time',
  'eventTime',
  'event_time',
  'EventTime',
  'datetime',
  'date',
  'ts',
  'created_at',
  'createdAt',
  'published',
  'TimeGenerated',
  'time_generated',
  'log_time',
  'logTime',
  'event.created',
  'Timestamp',
];

/** The first common timestamp field that parses, with its name; zone-less values use `zone`. */
export function detectTimestamp(
  obj: Record<string, unknown>,
  zone?: string,
): { field: string; date: Date } | undefined {
  for (const field of TIMESTAMP_FIELDS) {
    const v = getField(obj, field);
    if (v === undefined || v === null || v === '') continue;
    let date: Date | undefined;
    if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,19}(\.\d+)?$/.test(v))) date = fromEpoch(v);
    else if (typeof v === 'string') {
      date = parseIsoLike(v, zone);
      if (!date) {
        const d = new Date(v);
        date = Number.isNaN(d.getTime()) ? undefined : d;
      }
    }
    if (date && !Number.isNaN(date.getTime())) return { field, date };
  }
  return undefined;
}
