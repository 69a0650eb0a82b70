/**
 * Shared helpers of the web family: raw-record unwrapping, the base ECS document, URLs, request lines,
 * Apache/NGINX-style timestamps, IP checks and HTTP outcome.
 */
import type { EcsDocument, RawRecord } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseJsonObject } from '../../formats/json.parser.js';
import { newEvent } from '../../util/event.js';
import { isIp, splitHostPort } from '../../util/ip.js';
import { rawParts as unwrap } from '../../util/raw.js';
import { setUrl, type UrlOptions } from '../../util/url.js';
import { MONTHS, wallClockToDate } from '../../util/time.js';

export { isIp, isIpv4, splitHostPort } from '../../util/ip.js';
export { setUrl } from '../../util/url.js';

export { rawParts as unwrap, type RawParts as Unwrapped } from '../../util/raw.js';
export { setTimestamp } from '../../util/event.js';

/** A JSON object from a raw record: the structured object itself, or its text parsed as JSON. */
export function jsonOf(raw: RawRecord): { obj?: Record<string, unknown>; text?: string; error?: string } {
  const u = unwrap(raw);
  if (u.error) return { error: u.error };
  const text = u.text?.trim();
  if (text !== undefined && text.startsWith('{')) {
    const parsed = parseJsonObject(text);
    return parsed.ok ? { obj: parsed.object, text: u.text } : { text: u.text, error: parsed.reason };
  }
  if (u.obj && text === undefined) return { obj: u.obj };
  return { text: u.text, error: text === undefined ? 'empty record' : 'not a JSON object' };
}

/** Starts an ECS document: `event.original` (unless disabled), `event.kind`, the Sigma logsource and observer. */
export const baseEvent = newEvent;

/** Sets `<side>.ip` or `<side>.domain` (and `.address`, `.port`) from an address token. */
export function setEndpoint(
  doc: EcsDocument,
  side: 'source' | 'destination' | 'client' | 'server',
  token: string | undefined,
): void {
  if (!token || token === '-') return;
  const { host, port } = splitHostPort(token);
  if (!host || host === '-') return;
  setField(doc, `${side}.address`, host);
  if (isIp(host)) {
    setField(doc, `${side}.ip`, host);
    appendUnique(doc, 'related.ip', host);
  } else {
    setField(doc, `${side}.domain`, host);
    appendUnique(doc, 'related.hosts', host);
  }
  setField(doc, `${side}.port`, port);
}

/** `GET /path HTTP/1.1` to `http.request.method`, `url.*`, `http.version`; returns false when it is not a request line. */
export function setRequestLine(doc: EcsDocument, line: string | undefined, defaults?: UrlOptions): boolean {
  if (!line || line === '-') return false;
  const m = /^([A-Za-z_-]+) (\S+)(?: +HTTP\/(\d(?:\.\d)?))?$/.exec(line.trim());
  if (!m) return false;
  setField(doc, 'http.request.method', m[1]);
  setUrl(doc, m[2], defaults);
  setField(doc, 'http.version', m[3]);
  return true;
}

/** `event.outcome` from an HTTP status (Elastic's convention: < 400 success, otherwise failure). */
export function setHttpStatus(doc: EcsDocument, status: unknown): void {
  const code = toInt(status);
  if (code === undefined || code <= 0) return;
  setField(doc, 'http.response.status_code', code);
  setField(doc, 'event.outcome', code < 400 ? 'success' : 'failure');
}

/** `26/Dec/2016:16:22:14 +0000` (Apache/NGINX `%t`, also HAProxy `06/Feb/2009:12:14:14.655`); zone-less uses `zone`. */
export function parseClfTime(text: string, zone?: string): Date | undefined {
  const m =
    /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:\s+([+-]\d{4}))?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const month = MONTHS[m[2].toLowerCase()];
  if (!month) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return wallClockToDate(
    { year: +m[3], month, day: +m[1], hour: +m[4], minute: +m[5], second: +m[6], ms },
    m[8] ?? zone,
  );
}

/** `-` and empty strings are "no value" in most web logs. */
export function dash(v: string | undefined): string | undefined {
  return v === undefined || v === '-' || v === '' ? undefined : v;
}

/** Number (int or float) from a string, `-` being undefined. */
export function toNum(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v.trim())) return undefined;
  return Number(v);
}

/**
 * Tokenises a space-separated line where `"quoted strings"` (with `\"` escapes) and `[bracketed]` values are single
 * tokens; quotes and brackets are removed.
 */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      let val = '';
      while (j < n && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < n) {
          val += line[j + 1] === '"' ? '"' : line[j] + line[j + 1];
          j += 2;
        } else val += line[j++];
      }
      out.push(val);
      i = j + 1;
    } else if (c === '[') {
      const j = line.indexOf(']', i);
      if (j < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && line[j] !== ' ') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** First line of a (possibly multi-line) record. */
export function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, '');
}

export const reject = (id: string, reason: string) => ({
  kind: 'reject' as const,
  reason: `${id}: ${reason}`,
});
