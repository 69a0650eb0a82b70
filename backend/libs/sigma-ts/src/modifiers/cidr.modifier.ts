/** The `cidr` modifier: IPv4 and IPv6 network ranges, compiled once into a byte prefix test. */

/** Parses an IPv4 or IPv6 address (IPv4-mapped IPv6 and zone ids accepted) into 4 or 16 bytes. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.trim().replace(/%.*$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const b = s.split('.').map(Number);
    return b.every((x) => x <= 255) ? Uint8Array.from(b) : null;
  }
  if (!s.includes(':')) return null;
  let head = s;
  let tail4: number[] = [];
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    tail4 = v4[1].split('.').map(Number);
    if (tail4.some((x) => x > 255)) return null;
    head = s.slice(0, -v4[1].length) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === '' ? [] : h.split(':'));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...left, ...Array(missing).fill('0'), ...right];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(groups[i])) return null;
    const v = parseInt(groups[i], 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  }
  if (tail4.length) out.set(tail4, 12);
  return out;
}

export interface CidrRange {
  bytes: Uint8Array;
  prefix: number;
}

export function parseCidr(text: string): CidrRange | string {
  const [addr, len, extra] = String(text).split('/');
  if (extra !== undefined) return `cidr: '${text}' is not a network range`;
  const bytes = parseIp(addr);
  if (!bytes) return `cidr: '${text}' is not an IPv4 or IPv6 network`;
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
    return `cidr: '${text}' has an invalid prefix length`;
  return { bytes, prefix };
}

/** A compiled range test; IPv4 values also match IPv4-mapped IPv6 ranges' counterpart when written as v4. */
export function cidrMatcher(range: CidrRange): (ip: string) => boolean {
  return (ip: string) => {
    let b = parseIp(ip);
    if (!b) return false;
    if (b.length !== range.bytes.length) {
      // ::ffff:a.b.c.d against an IPv4 range
      if (
        b.length === 16 &&
        range.bytes.length === 4 &&
        b.slice(0, 10).every((x) => x === 0) &&
        b[10] === 0xff &&
        b[11] === 0xff
      )
        b = b.slice(12);
      else return false;
    }
    let bits = range.prefix;
    for (let i = 0; bits > 0; i++, bits -= 8) {
      const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((b[i] & mask) !== (range.bytes[i] & mask)) return false;
    }
    return true;
  };
}

/** The network address and mask as text, for exporters. */
export function cidrNetwork(range: CidrRange): string {
  const b = range.bytes;
  if (b.length === 4) return `${Array.from(b).join('.')}/${range.prefix}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return `${groups.join(':')}/${range.prefix}`;
}
