const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  /** A month is taken as 30 days and a year as 365 days: correlation windows are fixed durations. */
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

const TIMESPAN = /^([1-9][0-9]{0,9})([smhdwMy])$/;

/** Parses a Sigma timespan (`90s`, `5m`, `1h`, `2d`, `1w`, `1M`, `1y`) into milliseconds. */
export function parseTimespan(text: unknown): { ok: true; ms: number } | { ok: false; reason: string } {
  if (typeof text !== 'string') {
    return { ok: false, reason: `timespan must be a string like "5m", got ${typeof text}` };
  }
  const m = TIMESPAN.exec(text.trim());
  if (!m) {
    return { ok: false, reason: `timespan "${text}" is not <positive integer><s|m|h|d|w|M|y>` };
  }
  return { ok: true, ms: Number(m[1]) * UNIT_MS[m[2]] };
}
