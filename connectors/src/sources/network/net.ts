/**
 * Shared helpers of the network family: raw-record normalisation, IP classification, network direction,
 * IANA protocol numbers and the common skeleton of an ECS document (observer, event.original, logsource).
 */
import type { EcsDocument, ParseContext, RawRecord, SigmaLogsource } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { newEvent, type Observer } from '../../util/event.js';
import { isIp } from '../../util/ip.js';
import { rawParts, type RawParts } from '../../util/raw.js';

export { setUrl } from '../../util/url.js';
export { directionFromIps, ipType, isIp, isIpv4, isIpv6, isPrivateIp } from '../../util/ip.js';

/** A raw record reduced to its text (`event.original` first, then `message`) and the object, if any. */
export function rawInput(raw: RawRecord): RawParts {
  return rawParts(raw, 'original');
}

/** Cheap text of a record for `detect`: the string itself, or its `message`/`event.original`. */
export function detectText(raw: RawRecord): string {
  const { text } = rawInput(raw);
  return text ?? '';
}

const IANA: Record<number, string> = {
  0: 'hopopt',
  1: 'icmp',
  2: 'igmp',
  4: 'ipv4',
  6: 'tcp',
  17: 'udp',
  41: 'ipv6',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  58: 'ipv6-icmp',
  88: 'eigrp',
  89: 'ospf',
  103: 'pim',
  112: 'vrrp',
  115: 'l2tp',
  132: 'sctp',
};

/** IANA protocol number (number or numeric string) to its lower-case keyword (`6` → `tcp`). */
export function ianaName(n: unknown): string | undefined {
  const i = toInt(n);
  return i === undefined ? undefined : IANA[i];
}

/** Sets `<side>.ip` (or `<side>.domain` for a host name) and `<side>.port`, and feeds `related.*`. */
export function setEndpoint(doc: EcsDocument, side: string, host?: string, port?: unknown): void {
  if (host) {
    const h = host.replace(/^\[(.*)\]$/, '$1');
    if (isIp(h)) {
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
  if (isIp(ip)) {
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

/** The skeleton every network-family event starts from (observer first, then logsource). */
export function baseEvent(
  ctx: ParseContext,
  original: string | undefined,
  observer: Observer,
  logsource: SigmaLogsource,
): EcsDocument {
  return newEvent(ctx, original, logsource, observer);
}

export { setTimestamp } from '../../util/event.js';
