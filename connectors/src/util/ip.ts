/**
 * IP address helpers shared by every connector family: textual IPv4/IPv6 checks (zone ids and embedded IPv4
 * allowed), `host:port` splitting, private-range classification and network direction.
 */
import { toInt } from './ecs.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIpv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+(%[\w.]+)?$/.test(s)) return false;
  const addr = s.replace(/%.*$/, '');
  // At most one `::`, no `:::`, and no lone colon at either end.
  if (addr.includes(':::') || /^:[^:]|[^:]:$/.test(addr)) return false;
  const double = addr.split('::');
  if (double.length > 2) return false;
  const groups = addr.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4tail = last.includes('.');
  if (v4tail && !isIpv4(last)) return false;
  const n = groups.length + (v4tail ? 1 : 0);
  if (!groups.every((g, i) => (v4tail && i === groups.length - 1) || /^[0-9a-fA-F]{1,4}$/.test(g)))
    return false;
  return double.length === 2 ? n < 8 : n === 8;
}

export function isIp(s: unknown): s is string {
  return typeof s === 'string' && (isIpv4(s) || isIpv6(s));
}

export function ipType(ip?: string): 'ipv4' | 'ipv6' | undefined {
  if (!ip) return undefined;
  return isIpv4(ip) ? 'ipv4' : isIpv6(ip) ? 'ipv6' : undefined;
}

/**
 * A valid IP from a loosely written one — trimmed, `[v6]` brackets and the IPv4-mapped `::ffff:` prefix
 * removed — or undefined when it is not an address.
 */
export function cleanIp(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  let t = v.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (!isIp(t)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(t);
  return mapped ? mapped[1] : t;
}

/** Splits `host:port`, `[v6]:port`, a bare IPv6 or a bare host. */
export function splitHostPort(s: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1], port: toInt(v6[2]) };
  if (isIp(s)) return { host: s };
  const m = /^(.*):(\d{1,5})$/.exec(s);
  if (m && !m[1].includes(':')) return { host: m[1], port: toInt(m[2]) };
  return { host: s };
}

/** Private, loopback, link-local, CGNAT and unique-local ranges: Elastic's `private` internal network set. */
export function isPrivateIp(ip: string): boolean {
  if (isIpv4(ip)) {
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
export function directionFromIps(
  src?: string,
  dst?: string,
): 'inbound' | 'outbound' | 'internal' | 'external' | undefined {
  if (!isIp(src) || !isIp(dst)) return undefined;
  const s = isPrivateIp(src);
  const d = isPrivateIp(dst);
  if (s && d) return 'internal';
  if (s) return 'outbound';
  if (d) return 'inbound';
  return 'external';
}
