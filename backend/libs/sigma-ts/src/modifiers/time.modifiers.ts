/** Time modifiers minute, hour, day, week, month, year: compare one part of a date value (UTC, no conversion). */
import type { Pred, TimePart } from '../types.js';

export const TIME_MODIFIERS: TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];
const RANGES: Record<TimePart, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  week: [1, 53],
  month: [1, 12],
  year: [0, 9999],
};

export function timePred(part: TimePart, value: unknown): Pred | string {
  const n = typeof value === 'number' ? value : Number(value);
  const [lo, hi] = RANGES[part];
  if (!Number.isInteger(n) || n < lo || n > hi)
    return `${part}: value '${String(value)}' is not between ${lo} and ${hi}`;
  return { t: 'time', part, value: n };
}

/** Extracts a date part from an ISO string, epoch milliseconds or a Date; NaN when not a date. */
export function datePart(part: TimePart, v: unknown): number {
  let d: Date;
  if (v instanceof Date) d = v;
  else if (typeof v === 'number') d = new Date(v);
  else if (typeof v === 'string') d = new Date(v);
  else return NaN;
  const t = d.getTime();
  if (Number.isNaN(t)) return NaN;
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    case 'week': {
      // ISO 8601 week number.
      const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      const dow = day.getUTCDay() || 7;
      day.setUTCDate(day.getUTCDate() + 4 - dow);
      const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
      return Math.ceil(((day.getTime() - yearStart) / 86400000 + 1) / 7);
    }
  }
}
