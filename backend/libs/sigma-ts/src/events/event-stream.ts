/**
 * Reads events from text: NDJSON, a JSON array, a single object, or concatenated pretty-printed JSON objects
 * (evtx_dump output). Returns a reason instead of throwing.
 */
export type EventStreamResult = { ok: true; events: unknown[] } | { ok: false; reason: string };

export function parseEventStream(text: string): EventStreamResult {
  const t = text.trim();
  if (t === '') return { ok: true, events: [] };
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v)) return { ok: true, events: v };
    } catch (e) {
      return { ok: false, reason: `JSON array: ${(e as Error).message}` };
    }
  }
  // Concatenated objects (one per line or pretty-printed): split at top-level object boundaries.
  const events: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inStr = false;
  let esc = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (inStr) {
      if (esc) esc = false;
      else if (c === 92) esc = true;
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125) {
      depth--;
      if (depth === 0 && start >= 0) {
        const chunk = t.slice(start, i + 1);
        try {
          events.push(JSON.parse(chunk));
        } catch (e) {
          return { ok: false, reason: `event ${events.length + 1}: ${(e as Error).message}` };
        }
        start = -1;
      } else if (depth < 0) return { ok: false, reason: `unbalanced '}' at offset ${i}` };
    } else if (depth === 0 && c > 32) {
      return { ok: false, reason: `unexpected '${t[i]}' at offset ${i} between events` };
    }
  }
  if (depth !== 0) return { ok: false, reason: 'truncated JSON object at end of input' };
  return { ok: true, events };
}
