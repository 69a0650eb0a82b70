/**
 * Time-zone abbreviations (`CEST`, `EDT`, `IST`…) as written by PostgreSQL and others, resolved to a zone
 * usable by `wallClockToDate`. Region abbreviations map to an IANA zone so that daylight saving follows the
 * date (Elastic's `tz_map` convention: `EST` in April reads as New York time); `options.tz_map`
 * (`[{tz_short, tz_long}]`) or `options.tzMap` (`{ABBR: zone}`) override the table.
 */
import type { ConnectorOptions } from '../../connector.js';

const DEFAULT: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  BST: 'Europe/London',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  MEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  PKT: 'Asia/Karachi',
  SGT: 'Asia/Singapore',
  SST: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AWST: 'Australia/Perth',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

/** The zone for an abbreviation, or undefined when unknown. Offsets (`+02`, `-0430`) pass through. */
export function zoneForAbbreviation(abbr: string, options: ConnectorOptions): string | undefined {
  const a = abbr.trim();
  if (/^[+-]\d{2}(:?\d{2})?$/.test(a)) return a.length === 3 ? `${a}:00` : a;
  const up = a.toUpperCase();
  const list = options.tz_map;
  if (Array.isArray(list)) {
    for (const e of list) {
      if (
        e &&
        typeof e === 'object' &&
        String((e as Record<string, unknown>).tz_short).toUpperCase() === up
      ) {
        const long = (e as Record<string, unknown>).tz_long;
        if (typeof long === 'string') return long;
      }
    }
  }
  const map = options.tzMap;
  if (map && typeof map === 'object' && typeof (map as Record<string, unknown>)[up] === 'string')
    return (map as Record<string, string>)[up];
  return DEFAULT[up];
}
