/**
 * Splunk HEC bodies. The event endpoint takes JSON objects one after the other — newline-separated or simply
 * concatenated (`{…}{…}`), as Splunk's own forwarders send them; the raw endpoint takes lines.
 */
import { toLabels, type RecordMeta } from '../../record-meta.js';

export interface HecEvent {
  /** The `event` value: a string (raw text, kept as the record) or a JSON object. */
  event: string | Record<string, unknown>;
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  fields?: Record<string, unknown>;
}

export type HecParse =
  | { ok: true; events: HecEvent[] }
  /** Splunk stops at the first bad event: `events` holds the good ones before it; `index` is 0-based. */
  | { ok: false; events: HecEvent[]; index: number; code: 6 | 12 | 13; reason: string; rest: string };

/** End offset (exclusive) of the JSON object starting at `start`, or -1 when it is not closed. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function parseHecEvents(text: string): HecParse {
  const events: HecEvent[] = [];
  let i = 0;
  const fail = (code: 6 | 12 | 13, reason: string, at: number): HecParse => ({
    ok: false,
    events,
    index: events.length,
    code,
    reason,
    rest: text.slice(at),
  });
  for (;;) {
    while (i < text.length && isWs(text.charCodeAt(i))) i++;
    if (i >= text.length) return { ok: true, events };
    if (text[i] !== '{')
      return fail(6, `event ${events.length}: expected a JSON object, found "${text.slice(i, i + 20)}"`, i);
    const end = objectEnd(text, i);
    if (end < 0) return fail(6, `event ${events.length}: unterminated JSON object`, i);
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(text.slice(i, end)) as Record<string, unknown>;
    } catch (err) {
      return fail(6, `event ${events.length}: invalid JSON: ${(err as Error).message}`, i);
    }
    if (!('event' in obj)) return fail(12, `event ${events.length}: no "event" field`, i);
    const ev = obj.event;
    if (ev === null || ev === '' || (typeof ev === 'string' && ev.trim() === ''))
      return fail(13, `event ${events.length}: "event" is blank`, i);
    const time =
      typeof obj.time === 'number'
        ? obj.time
        : typeof obj.time === 'string' && obj.time.trim() !== ''
          ? Number(obj.time)
          : undefined;
    if (time !== undefined && !Number.isFinite(time))
      return fail(6, `event ${events.length}: "time" is not epoch seconds`, i);
    events.push({
      event:
        typeof ev === 'object' && !Array.isArray(ev)
          ? (ev as Record<string, unknown>)
          : typeof ev === 'string'
            ? ev
            : JSON.stringify(ev),
      time,
      host: str(obj.host),
      source: str(obj.source),
      sourcetype: str(obj.sourcetype),
      index: str(obj.index),
      fields:
        obj.fields && typeof obj.fields === 'object' && !Array.isArray(obj.fields)
          ? (obj.fields as Record<string, unknown>)
          : undefined,
    });
    i = end;
  }
}

/** Latest instant an ISO 8601 string with a four-digit year can name. */
const MAX_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** HEC `time` (epoch seconds, fractions allowed) → ISO 8601; undefined when it is not a plausible instant. */
export function epochSecondsToIso(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ISO_MS) return undefined;
  return new Date(ms).toISOString();
}

/**
 * The envelope of an HEC event: `time` → time, `host`, `source`, `sourcetype`, `index`, and `fields` (Splunk
 * indexed fields) → labels — scalar values stringified, nested ones (multi-value arrays, objects) ignored.
 */
export function hecMeta(ev: HecEvent): RecordMeta {
  const meta: RecordMeta = { transport: 'hec' };
  const time = epochSecondsToIso(ev.time);
  if (time) meta.time = time;
  if (ev.host) meta.host = ev.host;
  if (ev.source) meta.source = ev.source;
  if (ev.sourcetype) meta.sourcetype = ev.sourcetype;
  if (ev.index) meta.index = ev.index;
  const labels = toLabels(ev.fields);
  if (labels) meta.labels = labels;
  return meta;
}

/** Raw endpoint: one event per line (LF or CRLF); blank lines are ignored. */
export function parseHecRaw(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}
