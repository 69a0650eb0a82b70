/**
 * Offline GeoIP (country) and ASN lookup from databases that ship inside npm packages — nothing is downloaded at
 * run time:
 *  - country: `@ip-location-db/geo-whois-asn-country` (NRO statistics + WHOIS + GeoFeed; data CC BY 4.0 NRO),
 *  - ASN: `@ip-location-db/asn` (RouteViews + RIR + DB-IP IP-to-ASN Lite; CC BY 4.0 RouteViews and DB-IP.com).
 * Both are CSV range files (`start,end,value…` with decimal addresses). They are read once per process into
 * sorted typed arrays (IPv4 ≈ 750k ranges, ~0.5 s; IPv6 is loaded on the first public IPv6 address) and looked
 * up by binary search. IPv6 ranges are kept by their upper 64 bits (the allocation prefix).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isPublicIp, parseIp } from './ip-address.js';

export interface GeoInfo {
  country_iso_code: string;
  country_name?: string;
}

export interface AsInfo {
  number: number;
  organization?: { name: string };
}

export interface IpIntel {
  geo?: GeoInfo;
  as?: AsInfo;
}

/** Where the CSV files are; the defaults resolve the npm packages. */
export interface GeoIpFiles {
  countryV4: string;
  countryV6: string;
  asnV4: string;
  asnV6: string;
}

export const GEOIP_ATTRIBUTION =
  'IP to country: NRO statistics (CC BY 4.0, nro.net) via ip-location-db; IP to ASN: RouteViews (routeviews.org) and DB-IP.com IP to ASN Lite (CC BY 4.0) via ip-location-db';

export function defaultGeoIpFiles(): GeoIpFiles {
  const require = createRequire(import.meta.url);
  const country = dirname(require.resolve('@ip-location-db/geo-whois-asn-country/package.json'));
  const asn = dirname(require.resolve('@ip-location-db/asn/package.json'));
  return {
    countryV4: join(country, 'geo-whois-asn-country-ipv4-num.csv'),
    countryV6: join(country, 'geo-whois-asn-country-ipv6-num.csv'),
    asnV4: join(asn, 'asn-ipv4-num.csv'),
    asnV6: join(asn, 'asn-ipv6-num.csv'),
  };
}

/** Splits `a,b,c,rest…` where the last field may be quoted (`"LLC ""X"", Inc."`). */
function fieldsOf(line: string, n: number): string[] | undefined {
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; i < n - 1; i++) {
    const comma = line.indexOf(',', pos);
    if (comma < 0) return undefined;
    out.push(line.slice(pos, comma));
    pos = comma + 1;
  }
  let last = line.slice(pos);
  if (last.startsWith('"') && last.endsWith('"') && last.length >= 2)
    last = last.slice(1, -1).replace(/""/g, '"');
  out.push(last);
  return out;
}

function eachLine(path: string, fn: (line: string) => void): void {
  const text = readFileSync(path, 'utf8');
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (end > pos) fn(text.slice(pos, end));
    pos = nl + 1;
  }
}

const MASK64 = (1n << 64n) - 1n;
const hi64 = (decimal: string): bigint => (BigInt(decimal) >> 64n) & MASK64;

/** One family's ranges of one database: sorted starts/ends and a value index per range. */
interface RangeTable<K extends number | bigint> {
  starts: K extends number ? Uint32Array : BigUint64Array;
  ends: K extends number ? Uint32Array : BigUint64Array;
  values: Uint32Array;
}

function find<K extends number | bigint>(t: RangeTable<K>, key: K): number {
  const { starts, ends } = t as unknown as { starts: ArrayLike<K>; ends: ArrayLike<K> };
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] > key) hi = mid - 1;
    else if (ends[mid] < key) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function loadTable<K extends number | bigint>(
  path: string,
  family: 4 | 6,
  columns: number,
  value: (fields: string[]) => number | undefined,
): RangeTable<K> {
  const s: (number | bigint)[] = [];
  const e: (number | bigint)[] = [];
  const v: number[] = [];
  eachLine(path, (line) => {
    const f = fieldsOf(line, columns);
    if (!f) return;
    const val = value(f);
    if (val === undefined) return;
    if (family === 4) {
      s.push(Number(f[0]));
      e.push(Number(f[1]));
    } else {
      const a = hi64(f[0]);
      const b = hi64(f[1]);
      // Consecutive ranges inside one /64 collapse onto the first (the prefix is all we key on).
      if (s.length && a <= (e[e.length - 1] as bigint)) return;
      s.push(a);
      e.push(b);
    }
    v.push(val);
  });
  return {
    starts: (family === 4
      ? Uint32Array.from(s as number[])
      : BigUint64Array.from(s as bigint[])) as RangeTable<K>['starts'],
    ends: (family === 4
      ? Uint32Array.from(e as number[])
      : BigUint64Array.from(e as bigint[])) as RangeTable<K>['ends'],
    values: Uint32Array.from(v),
  };
}

interface FamilyTables<K extends number | bigint> {
  country: RangeTable<K>;
  asn: RangeTable<K>;
}

export class GeoIpDatabase {
  private v4?: FamilyTables<number>;
  private v6?: FamilyTables<bigint>;
  private readonly countries: string[] = [];
  private readonly countryIndex = new Map<string, number>();
  private readonly countryNames = new Map<string, string | undefined>();
  private readonly orgs = new Map<number, string>();
  private readonly regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  /** Milliseconds spent loading each family (for health/diagnostics). */
  readonly loadMs: { v4?: number; v6?: number } = {};

  constructor(private readonly files: GeoIpFiles = defaultGeoIpFiles()) {}

  private countryValue = (f: string[]): number | undefined => {
    const code = f[2]?.trim().toUpperCase();
    if (!code || !/^[A-Z]{2}$/.test(code)) return undefined;
    let idx = this.countryIndex.get(code);
    if (idx === undefined) {
      idx = this.countries.push(code) - 1;
      this.countryIndex.set(code, idx);
    }
    return idx;
  };

  private asnValue = (f: string[]): number | undefined => {
    const n = Number(f[2]);
    if (!Number.isInteger(n) || n <= 0) return undefined;
    const org = f[3]?.trim();
    if (org && !this.orgs.has(n)) this.orgs.set(n, org);
    return n;
  };

  /** Loads the IPv4 tables now (otherwise on the first lookup). */
  loadIpv4(): void {
    if (this.v4) return;
    const t0 = performance.now();
    this.v4 = {
      country: loadTable<number>(this.files.countryV4, 4, 3, this.countryValue),
      asn: loadTable<number>(this.files.asnV4, 4, 4, this.asnValue),
    };
    this.loadMs.v4 = Math.round(performance.now() - t0);
  }

  private loadIpv6(): FamilyTables<bigint> {
    if (!this.v6) {
      const t0 = performance.now();
      this.v6 = {
        country: loadTable<bigint>(this.files.countryV6, 6, 3, this.countryValue),
        asn: loadTable<bigint>(this.files.asnV6, 6, 4, this.asnValue),
      };
      this.loadMs.v6 = Math.round(performance.now() - t0);
    }
    return this.v6;
  }

  private countryName(code: string): string | undefined {
    if (!this.countryNames.has(code)) {
      let name: string | undefined;
      try {
        name = this.regionNames.of(code);
      } catch {
        name = undefined;
      }
      this.countryNames.set(code, name && name !== code ? name : undefined);
    }
    return this.countryNames.get(code);
  }

  /** Country and AS of a public IP address; undefined for private/reserved or unparsable addresses. */
  lookup(address: string): IpIntel | undefined {
    const ip = parseIp(address);
    if (!ip || !isPublicIp(ip)) return undefined;
    let ci: number;
    let ai: number;
    let tables: FamilyTables<number> | FamilyTables<bigint>;
    if (ip.family === 4) {
      this.loadIpv4();
      tables = this.v4!;
      ci = find(this.v4!.country, ip.value);
      ai = find(this.v4!.asn, ip.value);
    } else {
      const t = this.loadIpv6();
      tables = t;
      ci = find(t.country, ip.hi);
      ai = find(t.asn, ip.hi);
    }
    const out: IpIntel = {};
    if (ci >= 0) {
      const code = this.countries[tables.country.values[ci]];
      const name = this.countryName(code);
      out.geo = name ? { country_iso_code: code, country_name: name } : { country_iso_code: code };
    }
    if (ai >= 0) {
      const number = tables.asn.values[ai];
      const org = this.orgs.get(number);
      out.as = org ? { number, organization: { name: org } } : { number };
    }
    return out.geo || out.as ? out : undefined;
  }
}
