/**
 * IP address parsing and classification for the GeoIP lookup: IPv4 as an unsigned 32-bit number, IPv6 as its
 * upper 64 bits (the routing prefix, which is what IP-to-country and IP-to-ASN ranges are allocated on), and
 * whether an address is public (private, loopback, link-local, CGNAT, documentation, multicast and other
 * reserved ranges are not looked up). Never throws: an unparsable string is `undefined`.
 */

export type ParsedIp = { family: 4; value: number } | { family: 6; hi: bigint; words: number[] };

/** `a.b.c.d` → unsigned 32-bit number, or undefined. */
export function parseIpv4(s: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + part;
}

/** IPv6 text (with `::`, an optional zone `%eth0` and an optional embedded IPv4 tail) → its eight 16-bit words. */
export function parseIpv6Words(input: string): number[] | undefined {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const toWords = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = toWords(halves[0]);
  const tail = halves.length === 2 ? toWords(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

export function parseIp(s: string): ParsedIp | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const words = parseIpv6Words(s);
  if (!words) return undefined;
  // IPv4-mapped (::ffff:a.b.c.d) addresses are looked up as IPv4.
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff)
    return { family: 4, value: words[6] * 65536 + words[7] };
  const hi =
    (BigInt(words[0]) << 48n) | (BigInt(words[1]) << 32n) | (BigInt(words[2]) << 16n) | BigInt(words[3]);
  return { family: 6, hi, words };
}

const V4_RESERVED: [number, number][] = (
  [
    ['0.0.0.0', 8], // "this" network
    ['10.0.0.0', 8], // private
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local
    ['172.16.0.0', 12], // private
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // TEST-NET-1
    ['192.88.99.0', 24], // 6to4 relay anycast
    ['192.168.0.0', 16], // private
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // TEST-NET-2
    ['203.0.113.0', 24], // TEST-NET-3
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved + broadcast
  ] as const
).map(([base, bits]) => {
  const start = parseIpv4(base)!;
  return [start, start + 2 ** (32 - bits) - 1];
});

/** True for a globally routable IPv4 address (not private, loopback, link-local, CGNAT, documentation, multicast…). */
export function isPublicIpv4(v: number): boolean {
  for (const [a, b] of V4_RESERVED) if (v >= a && v <= b) return false;
  return true;
}

/** True for a global unicast IPv6 address (2000::/3, minus documentation 2001:db8::/32 and ORCHID/Teredo blocks). */
export function isPublicIpv6(words: number[]): boolean {
  const w0 = words[0];
  if ((w0 & 0xe000) !== 0x2000) return false; // outside 2000::/3: loopback, ULA fc00::/7, link-local fe80::/10, multicast…
  if (w0 === 0x2001 && words[1] === 0x0db8) return false; // documentation
  if (w0 === 0x2001 && words[1] < 0x0200) return false; // IETF protocol assignments (Teredo, ORCHID, benchmarking)
  if (w0 === 0x2002) return false; // 6to4
  return true;
}

export function isPublicIp(ip: ParsedIp): boolean {
  return ip.family === 4 ? isPublicIpv4(ip.value) : isPublicIpv6(ip.words);
}
