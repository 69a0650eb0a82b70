/**
 * JSON documents as records: a top-level array gives its elements; a wrapper object (`{"Records":[…]}` from
 * CloudTrail, `{"records":[…]}` from Azure diagnostics, `{"events":[…]}`) gives the elements of its array; any
 * other object is one record. Several objects concatenated or pretty-printed over many lines are scanned by
 * brace depth (outside strings), each becoming its own record.
 */
import type { RawRecord } from '../connector.js';

/** Array keys that wrap a batch of records. */
export const WRAPPER_KEYS = ['Records', 'records', 'events'] as const;

export type JsonItem =
  | { kind: 'record'; record: RawRecord; line: number }
  | { kind: 'reject'; raw: string; reason: string; line: number };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The batch array a value wraps, or undefined. `Records`/`records` wrap whatever sits next to them; `events`
 * only when it is the object's sole key (Google Workspace activities carry an `events` array of their own).
 */
export function wrappedRecords(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (!isObject(v)) return undefined;
  for (const key of WRAPPER_KEYS) {
    const arr = v[key];
    if (!Array.isArray(arr)) continue;
    if (key !== 'events' || Object.keys(v).length === 1) return arr;
  }
  return undefined;
}

/** Records of one parsed JSON value (`text` is its source text, kept as the record when it is a plain object). */
export function* recordsOfValue(value: unknown, text: string, line: number): Generator<JsonItem> {
  const batch = wrappedRecords(value);
  if (batch) {
    for (const el of batch) {
      if (isObject(el) || typeof el === 'string') yield { kind: 'record', record: el, line };
      else
        yield {
          kind: 'reject',
          raw: JSON.stringify(el) ?? String(el),
          reason: `batch element is ${el === null ? 'null' : typeof el}, not an object or a string`,
          line,
        };
    }
    return;
  }
  if (isObject(value)) yield { kind: 'record', record: text, line };
  else
    yield {
      kind: 'reject',
      raw: text.slice(0, 1024),
      reason: `JSON value is ${value === null ? 'null' : typeof value}, not an object`,
      line,
    };
}

/** Quick check that a wrapper key may be present, so plain NDJSON lines are not parsed twice. */
export function mayWrap(text: string): boolean {
  return (
    text.startsWith('[') ||
    text.includes('"Records"') ||
    text.includes('"records"') ||
    text.includes('"events"')
  );
}

/** Records of one NDJSON line: the line itself, or the elements it wraps. */
export function* recordsOfLine(text: string, line: number): Generator<JsonItem> {
  const t = text.trim();
  if (!mayWrap(t)) {
    yield { kind: 'record', record: text, line };
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    // Not JSON after all (or broken): the connector decides and gives the reason.
    yield { kind: 'record', record: text, line };
    return;
  }
  yield* recordsOfValue(value, text, line);
}

/**
 * Scans a text holding one or more top-level JSON values (objects or arrays, pretty-printed or concatenated,
 * optionally comma-separated). Text that is not part of a value is rejected with its position; a value cut off
 * at the end of the text is rejected as truncated.
 */
export function* scanJsonValues(text: string): Generator<JsonItem> {
  let depth = 0;
  let start = -1;
  let startLine = 1;
  let line = 1;
  let inString = false;
  let garbageStart = -1;
  let garbageLine = 1;
  const flushGarbage = function* (end: number): Generator<JsonItem> {
    if (garbageStart < 0) return;
    const raw = text.slice(garbageStart, end).trim();
    garbageStart = -1;
    if (raw !== '')
      yield {
        kind: 'reject',
        raw: raw.slice(0, 1024),
        reason: `text outside any JSON object at line ${garbageLine}`,
        line: garbageLine,
      };
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    if (inString) {
      if (ch === 92 /* \ */) {
        if (text.charCodeAt(i + 1) === 10) line++;
        i++;
      } else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (depth === 0) {
      if (ch === 123 /* { */ || ch === 91 /* [ */) {
        yield* flushGarbage(i);
        start = i;
        startLine = line;
        depth = 1;
      } else if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13 && ch !== 44 /* , */ && garbageStart < 0) {
        garbageStart = i;
        garbageLine = line;
      }
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) depth++;
    else if (ch === 125 || ch === 93) {
      depth--;
      if (depth === 0) {
        const body = text.slice(start, i + 1);
        start = -1;
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch (err) {
          yield {
            kind: 'reject',
            raw: body.slice(0, 1024),
            reason: `invalid JSON at line ${startLine}: ${(err as Error).message}`,
            line: startLine,
          };
          continue;
        }
        yield* recordsOfValue(value, body, startLine);
      }
    }
  }
  yield* flushGarbage(text.length);
  if (start >= 0) {
    yield {
      kind: 'reject',
      raw: text.slice(start, start + 1024),
      reason: `JSON value starting at line ${startLine} is truncated (end of file inside it)`,
      line: startLine,
    };
  }
}
