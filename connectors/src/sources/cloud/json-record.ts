/**
 * Shared plumbing for the JSON-based cloud, SaaS, identity and EDR sources: reading a record from a text line or
 * an already structured object, typed field access, IP/e-mail/time helpers, and the document finishing step
 * (`event.original`, `vigie.logsource`, `observer.*`).
 */
import type { EcsDocument, ParseContext, RawRecord, SigmaLogsource } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { parseJsonObject as parseJson } from '../../formats/json.parser.js';
import { cleanIp } from '../../util/ip.js';
import { tooDeepReason, valueTooDeep } from '../../util/json-depth.js';

export { setUrl } from '../../util/url.js';
import { fromEpoch, parseIsoLike } from '../../util/time.js';

export type Json = Record<string, unknown>;

export interface ReadRecord {
  record: Json;
  /** The raw text the record came from (the line, the `message`, or `event.original`). */
  original: string;
}

export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses a JSON object from text; returns a reason string when the text is not a JSON object. */
export function parseJsonObject(text: string): Json | string {
  const r = parseJson(text);
  return r.ok ? r.object : r.reason;
}

/**
 * Turns a raw record into a JSON object. A string is parsed as JSON. An object whose `message` (or
 * `event.original`) is a JSON string is unwrapped; any other object is taken as the record itself.
 * `wrapperKey` names a pre-parsed envelope key some shippers use (e.g. `o365audit`).
 */
export function readRecord(raw: RawRecord, wrapperKey?: string): ReadRecord | string {
  if (typeof raw === 'string') {
    const rec = parseJsonObject(raw);
    return typeof rec === 'string' ? rec : { record: rec, original: raw };
  }
  if (!isObject(raw)) return 'record is neither text nor an object';
  if (valueTooDeep(raw)) return tooDeepReason();
  const ev = raw.event;
  const evOriginal = isObject(ev) && typeof ev.original === 'string' ? ev.original : undefined;
  if (wrapperKey && isObject(raw[wrapperKey])) {
    const rec = raw[wrapperKey] as Json;
    return { record: rec, original: evOriginal ?? JSON.stringify(rec) };
  }
  const text = typeof raw.message === 'string' ? raw.message : evOriginal;
  if (text !== undefined) {
    const rec = parseJsonObject(text);
    return typeof rec === 'string' ? rec : { record: rec, original: text };
  }
  return { record: raw, original: JSON.stringify(raw) };
}

/** Text used by `detect`: the line itself, an object's `message`/`event.original`, or its keys. */
export function detectText(raw: RawRecord): string {
  if (typeof raw === 'string') return raw;
  if (!isObject(raw)) return '';
  if (typeof raw.message === 'string') return raw.message;
  const ev = raw.event;
  if (isObject(ev) && typeof ev.original === 'string') return ev.original;
  try {
    return JSON.stringify(raw).slice(0, 4000);
  } catch {
    return '';
  }
}

/** Reads a nested value by path segments (`get(rec, 'userIdentity', 'arn')`). */
export function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A non-empty string (numbers are stringified), or undefined. Placeholders `-` and `null` count as empty. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' || t === '-' ? undefined : v;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** A number from a number or numeric string. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** The IP as a normalized string when valid (brackets and IPv4-mapped prefixes tolerated), else undefined. */
export const ip = cleanIp;

/** Splits `user@domain` into its parts; undefined when the value is not an e-mail-like address. */
export function splitEmail(v: unknown): { name: string; domain: string } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([^@\s]+)@([^@\s]+\.[^@\s]+|[^@\s]+)$/.exec(v.trim());
  return m ? { name: m[1], domain: m[2] } : undefined;
}

/** Splits `DOMAIN\user` into its parts. */
export function splitDomainUser(v: unknown): { domain?: string; name: string } | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const i = v.indexOf('\\');
  return i > 0 ? { domain: v.slice(0, i), name: v.slice(i + 1) } : { name: v };
}

/** An instant from an ISO-8601 string (zone-less → `zone`), or from epoch seconds/ms/µs. */
export function time(v: unknown, zone?: string): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) {
    const d = fromEpoch(v);
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const d = parseIsoLike(v, zone);
  if (d && !Number.isNaN(d.getTime())) return d;
  const loose = new Date(v);
  return Number.isNaN(loose.getTime()) ? undefined : loose;
}

export function isoTime(v: unknown, zone?: string): string | undefined {
  return time(v, zone)?.toISOString();
}

export interface FinishOptions {
  logsource: SigmaLogsource;
  observer?: { vendor: string; product: string; type?: string };
  kind?: string;
}

/**
 * Completes a document: `event.kind` default, `event.original` (unless `keepOriginal === false`),
 * `observer.*` and `vigie.logsource`; related.* arrays are de-duplicated by `appendUnique` already.
 */
export function finish(
  doc: EcsDocument,
  original: string,
  ctx: ParseContext,
  opts: FinishOptions,
): EcsDocument {
  if (opts.kind) setField(doc, 'event.kind', opts.kind);
  if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', original);
  if (opts.observer) {
    setField(doc, 'observer.vendor', opts.observer.vendor);
    setField(doc, 'observer.product', opts.observer.product);
    setField(doc, 'observer.type', opts.observer.type);
  }
  setField(doc, 'vigie.logsource', { ...opts.logsource });
  return doc;
}

/** Adds `related.ip` for each valid IP. */
export function relatedIp(doc: EcsDocument, ...values: unknown[]): void {
  for (const v of values) {
    const a = ip(v);
    if (a) appendUnique(doc, 'related.ip', a);
  }
}

export function relatedUser(doc: EcsDocument, ...values: unknown[]): void {
  for (const v of values) {
    const s = str(v);
    if (s) appendUnique(doc, 'related.user', s);
  }
}

export function relatedHost(doc: EcsDocument, ...values: unknown[]): void {
  for (const v of values) {
    const s = str(v);
    if (s) appendUnique(doc, 'related.hosts', s);
  }
}

export function relatedHash(doc: EcsDocument, ...values: unknown[]): void {
  for (const v of values) {
    const s = str(v);
    if (s) appendUnique(doc, 'related.hash', s);
  }
}

/** Sets `user.name`/`user.domain`/`user.email` from an e-mail address or `DOMAIN\user` or a bare name. */
export function setUserIdentity(doc: EcsDocument, prefix: string, value: unknown): void {
  const s = str(value);
  if (!s) return;
  const email = splitEmail(s);
  if (email) {
    setField(doc, `${prefix}.name`, email.name);
    setField(doc, `${prefix}.domain`, email.domain);
    setField(doc, `${prefix}.email`, s);
    return;
  }
  const du = splitDomainUser(s);
  if (du) {
    setField(doc, `${prefix}.name`, du.name);
    setField(doc, `${prefix}.domain`, du.domain);
  }
}

/** Copies every defined entry of `fields` (dotted ECS path → value) into `doc`. */
export function setAll(doc: EcsDocument, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) setField(doc, k, v);
}

/** Converts a camelCase / PascalCase key to snake_case (`userIdentity` → `user_identity`). */
export function snake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Splits a text holding one or more JSON objects — one per line, or pretty-printed over many lines, or simply
 * concatenated — into the text of each top-level object (brace depth outside strings). Use it in an import path
 * that receives a whole file from sources such as the CrowdStrike Falcon streaming API.
 */
export function splitJsonObjects(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return out;
}

/** Basename of a Windows or POSIX path. */
export function basename(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) || undefined : path;
}

/** Splits a command line into arguments (double quotes group, as Windows and POSIX shells both mostly agree). */
export function splitArgs(cmd: string | undefined): string[] {
  if (!cmd) return [];
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cmd)) !== null) out.push(m[1] ?? m[2]);
  return out;
}
