/**
 * IP normalization for comparisons: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes IPv4, IPv6 is lower-cased and
 * compressed per RFC 5952 (longest run of zero groups as `::`, no leading zeros), zone ids are kept, and
 * IPv4 loses leading zeros. Anything else is returned trimmed.
 */
export function normalizeIp(value: string): string {
  const text = value.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text))
    return text
      .split('.')
      .map((o) => String(Number(o)))
      .join('.');
  if (!text.includes(':')) return text;
  const [addr, zone] = text.replace(/^\[|\]$/g, '').split('%');
  const groups = expandIpv6(addr.toLowerCase());
  if (!groups) return text.toLowerCase();
  const zoneSuffix = zone ? `%${zone}` : '';
  // IPv4-mapped: ::ffff:a.b.c.d
  if (!zone && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  }
  return compressIpv6(groups) + zoneSuffix;
}

function expandIpv6(addr: string): number[] | undefined {
  let text = addr;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) =>
    s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

function compressIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
