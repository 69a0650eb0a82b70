import { ErrorCode, VigieError } from '../common/errors.js';

/** Opaque page cursors: base64url JSON of the sort values of the last hit. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number'))
      return values;
  } catch {
    // fall through to the error below
  }
  throw new VigieError(ErrorCode.Validation, `invalid cursor "${cursor.slice(0, 40)}"`);
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 10_000;

export function pageSize(size: number | undefined): number {
  return Math.min(Math.max(1, size ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
}

/** Epoch milliseconds of a stored event's `@timestamp`. */
export function timestampMs(iso: unknown): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/** Epoch milliseconds of a date query parameter; a clear validation error names the bad parameter. */
export function dateParamMs(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new VigieError(ErrorCode.Validation, `"${name}" is not a date: ${iso}`);
  return ms;
}

/** Every bucket start from `from` (floored to the step) up to `to`, with its count (0 when absent). */
export function fillBuckets(
  from: number,
  to: number,
  step: number,
  counts: Map<number, number>,
): { start: string; count: number }[] {
  const out: { start: string; count: number }[] = [];
  for (let b = Math.floor(from / step) * step; b < to; b += step) {
    out.push({ start: new Date(b).toISOString(), count: counts.get(b) ?? 0 });
  }
  return out;
}
