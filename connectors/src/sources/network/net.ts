/**
 * Shared helpers of the network family: raw-record normalisation, IP classification, network direction,
 * IANA protocol numbers and the common skeleton of an ECS document (observer, event.original, logsource).
 */
import type { EcsDocument, ParseContext, RawRecord, SigmaLogsource } from '../../connector.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';

/** A raw record reduced to its text (`message` / `event.original` of structured input) and the object, if any. */
export interface RawInput {
  text?: string;
  obj?: Record<string, unknown>;
}

export function rawInput(raw: RawRecord): RawInput {
  if (typeof raw === 'string') return { text: raw };
  if (raw === null || typeof raw !== 'object') return {};
  const original = getField(raw, 'event.original');
  if (typeof original === 'string' && original) return { text: original, obj: raw };
  const message = raw.message;
  if (typeof message === 'string' && message) return { text: message, obj: raw };
  return { obj: raw };
}

/** Cheap text of a record for `detect`: the string itself, or its `message`/`event.original`. */
export function detectText(raw: RawRecord): string {
  const { text } = rawInput(raw);
  return text ?? '';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+(%[\w.]+)?$/.test(s)) return false;
  const addr = s.replace(/%.*$/, '');
  const double = addr.split('::');
  if (double.length > 2) return false;
  const groups = addr.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4tail = last.includes('.');
  if (v4tail && !isIPv4(last)) return false;
  const n = groups.length + (v4tail ? 1 : 0);
  if (!groups.every((g, i) => (v4tail && i === groups.length - 1) || /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return double.length === 2 ? n < 8 : n === 8;
}

export function isIP(s: unknown): s is string {
  return typeof s === 'string' && (isIPv4(s) || isIPv6(s));
}

/** Private, loopback, link-local, CGNAT and unique-local ranges: Elastic's `private` internal network set. */
export function isPrivateIP(ip: string): boolean {
  if (isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const l = ip.toLowerCase();
  return l === '::1' || /^f[cd]/.test(l) || /^fe[89ab]/.test(l);
}

/** Direction from the point of view of the monitored (private) network. */
export function directionFromIPs(src?: string, dst?: string): 'inbound' | 'outbound' | 'internal' | 'external' | undefined {
  if (!isIP(src) || !isIP(dst)) return undefined;
  const s = isPrivateIP(src);
  const d = isPrivateIP(dst);
  if (s && d) return 'internal';
  if (s) return 'outbound';
  if (d) return 'inbound';
  return 'external';
}

const IANA: Record<number, string> = {
  0: 'hopopt', 1: 'icmp', 2: 'igmp', 4: 'ipv4', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah',
  58: 'ipv6-icmp', 88: 'eigrp', 89: 'ospf', 103: 'pim', 112: 'vrrp', 115: 'l2tp', 132: 'sctp',
};

/** IANA protocol number (number or numeric string) to its lower-case keyword (`6` → `tcp`). */
export function ianaName(n: unknown): string | undefined {
  const i = toInt(n);
  return i === undefined ? undefined : IANA[i];
}

export function ipType(ip?: string): 'ipv4' | 'ipv6' | undefined {
  if (!ip) return undefined;
  return isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
}

/** Sets `<side>.ip` (or `<side>.domain` for a host name) and `<side>.port`, and feeds `related.*`. */
export function setEndpoint(doc: EcsDocument, side: string, host?: string, port?: unknown): void {
  if (host) {
    const h = host.replace(/^\[(.*)\]$/, '$1');
    if (isIP(h)) {
      setField(doc, `${side}.ip`, h);
      appendUnique(doc, 'related.ip', h);
    } else if (/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(h)) {
      setField(doc, `${side}.domain`, h);
      appendUnique(doc, 'related.hosts', h);
    }
  }
  const p = toInt(port);
  if (p !== undefined && p >= 0 && p <= 65535) setField(doc, `${side}.port`, p);
}

export function setIP(doc: EcsDocument, path: string, ip?: string): void {
  if (isIP(ip)) {
    setField(doc, path, ip);
    appendUnique(doc, 'related.ip', ip);
  }
}

/** `user@domain` / `DOMAIN\user` split into `{name, domain, email}`. */
export function splitUser(raw: string): { name: string; domain?: string; email?: string } {
  const at = /^([^@\s]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$/.exec(raw);
  if (at) return { name: at[1], domain: at[2], email: raw };
  const bs = /^([^\\]+)\\(.+)$/.exec(raw);
  if (bs) return { name: bs[2], domain: bs[1] };
  return { name: raw };
}

/** Sets `user.name`/`user.domain`/`user.email` (under `prefix`, e.g. `source.user`) and `related.user`. */
export function setUser(doc: EcsDocument, raw: string | undefined, prefix = 'user'): void {
  if (!raw || raw === '-' || raw.toLowerCase() === 'none') return;
  const u = splitUser(raw.trim());
  setField(doc, `${prefix}.name`, u.name);
  setField(doc, `${prefix}.domain`, u.domain);
  setField(doc, `${prefix}.email`, u.email);
  appendUnique(doc, 'related.user', u.name);
}

/** The skeleton every network-family event starts from. */
export function baseEvent(
  ctx: ParseContext,
  original: string | undefined,
  observer: { vendor: string; product: string; type: string },
  logsource: SigmaLogsource,
): EcsDocument {
  const doc: EcsDocument = {};
  setField(doc, 'event.kind', 'event');
  if (original !== undefined && ctx.options.keepOriginal !== false) setField(doc, 'event.original', original);
  setField(doc, 'observer.vendor', observer.vendor);
  setField(doc, 'observer.product', observer.product);
  setField(doc, 'observer.type', observer.type);
  setField(doc, 'vigie.logsource', { ...logsource });
  return doc;
}

export function setTimestamp(doc: EcsDocument, d: Date | undefined): boolean {
  if (!d || Number.isNaN(d.getTime())) return false;
  setField(doc, '@timestamp', d.toISOString());
  return true;
}

/** Parses JSON text that must be an object; returns a reason when it is not. */
export function parseJsonObject(text: string): { obj: Record<string, unknown> } | { error: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { error: 'JSON value is not an object' };
    return { obj: v as Record<string, unknown> };
  } catch (err) {
    return { error: `invalid JSON: ${(err as Error).message}` };
  }
}

/** `http://host:port/path?query` split into ECS `url.*` fields (the original is kept as given). */
export function setUrl(doc: EcsDocument, original: string | undefined, prefix = 'url'): void {
  if (!original) return;
  setField(doc, `${prefix}.original`, original);
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(?:([^/?#@\s]+)@)?(\[[^\]]+\]|[^/?#:\s]*)(?::(\d+))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(
    original,
  );
  if (!m) return;
  const [, scheme, userinfo, host, port, path, query, fragment] = m;
  if (!scheme && !original.startsWith('/') && host && !port && !path.startsWith('/')) {
    // A bare word: treat as a path only.
    setField(doc, `${prefix}.path`, original);
    return;
  }
  setField(doc, `${prefix}.scheme`, scheme?.toLowerCase());
  if (userinfo) setField(doc, `${prefix}.username`, userinfo.split(':')[0]);
  if (host) setField(doc, `${prefix}.domain`, host.replace(/^\[|\]$/g, ''));
  setField(doc, `${prefix}.port`, toInt(port));
  setField(doc, `${prefix}.path`, path);
  if (query !== undefined) setField(doc, `${prefix}.query`, query);
  setField(doc, `${prefix}.fragment`, fragment);
}
