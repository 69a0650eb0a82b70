/**
 * Time-zone handling for sources whose timestamps carry no zone. A zone is an offset (`-04:00`, `+0200`, `Z`),
 * `GMT+2`/`UTC-5`, or an IANA name (`Europe/Paris`, resolved with Intl, daylight saving included).
 */

const OFFSET = /^([+-])(\d{1,2}):?(\d{2})?$/;
const GMT_OFFSET = /^(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

export class TimezoneError extends Error {}

/** Fixed offset in minutes for an offset-style zone, or undefined for IANA names. */
function fixedOffsetMinutes(zone: string): number | undefined {
  const z = zone.trim();
  if (z === 'Z' || /^(UTC|GMT)$/i.test(z)) return 0;
  const m = OFFSET.exec(z) ?? GMT_OFFSET.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function ianaFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new TimezoneError(
        `unknown time zone "${zone}" (use an offset like -04:00, GMT+2 or an IANA name)`,
      );
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of an IANA zone at a given instant, in minutes east of UTC. */
function ianaOffsetMinutes(zone: string, at: number): number {
  const parts = ianaFormatter(zone).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60000);
}

/** Validates a zone string; throws TimezoneError with a clear message when it cannot be used. */
export function assertTimezone(zone: string): void {
  if (fixedOffsetMinutes(zone) === undefined) ianaFormatter(zone);
}

/**
 * Converts wall-clock fields read from a log (no zone) to an instant, interpreting them in `zone`
 * (UTC when absent). Month is 1-12. Returns NaN-safe `undefined` for impossible dates.
 */
export function wallClockToDate(
  fields: {
    year: number;
    month: number;
    day: number;
    hour?: number;
    minute?: number;
    second?: number;
    ms?: number;
  },
  zone?: string,
): Date | undefined {
  const { year, month, day, hour = 0, minute = 0, second = 0, ms = 0 } = fields;
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (!Number.isFinite(naive)) return undefined;
  if (!zone) return new Date(naive);
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== undefined) return new Date(naive - fixed * 60000);
  // Two passes settle the offset across a daylight-saving change.
  let guess = naive - ianaOffsetMinutes(zone, naive) * 60000;
  guess = naive - ianaOffsetMinutes(zone, guess) * 60000;
  return new Date(guess);
}

export const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * Year for a year-less timestamp (BSD syslog). Logs describe the past: an event month more than one month ahead
 * of `now` belongs to the previous year (a December line read in March); a January line read on 31 December
 * (clock skew across New Year) belongs to the next one.
 */
export function inferYear(month: number, now: Date): number {
  const year = now.getUTCFullYear();
  const nowMonth = now.getUTCMonth() + 1;
  if (month - nowMonth > 1) return year - 1;
  if (nowMonth - month > 10) return year + 1;
  return year;
}

/**
 * Parses an ISO-8601-like timestamp. When it carries no zone, `zone` (or UTC) applies.
 * Accepts `2024-05-01T10:00:00`, `2024-05-01 10:00:00.123`, with `Z`/`+02:00`/`+0200`.
 */
export function parseIsoLike(text: string, zone?: string): Date | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/.exec(
      text.trim(),
    );
  if (!m) {
    const d = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(text.trim() + 'T00:00:00Z') : undefined;
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  }
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const fields = {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +m[4],
    minute: +m[5],
    second: +(m[6] ?? 0),
    ms,
  };
  return wallClockToDate(fields, m[8] ?? zone);
}

/** Epoch seconds or milliseconds (number or numeric string) to a Date; the unit is guessed by magnitude. */
export function fromEpoch(value: unknown): Date | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) return undefined;
  const ms = n > 1e17 ? n / 1e6 : n > 1e14 ? n / 1e3 : n > 1e11 ? n : n * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
