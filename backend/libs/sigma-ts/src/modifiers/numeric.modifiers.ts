/** Numeric modifiers lt, lte, gt, gte, and `neq` (negation of the other value tests). */
import type { Pred } from '../types.js';

export const NUMERIC_MODIFIERS = ['lt', 'lte', 'gt', 'gte'] as const;
export type NumericModifier = (typeof NUMERIC_MODIFIERS)[number];

export function numericPred(mod: NumericModifier, value: unknown): Pred | string {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) return `${mod}: value '${String(value)}' is not a number`;
  return { t: 'num', cmp: mod, value: n };
}

/** Coerces an event value to a number (numbers, numeric strings, hex `0x..`); NaN when it is not numeric. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return NaN;
    if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
    return Number(s);
  }
  if (typeof v === 'boolean') return NaN;
  return NaN;
}

export function compareNumber(cmp: NumericModifier, a: number, b: number): boolean {
  switch (cmp) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

export function neqPred(p: Pred): Pred {
  return { t: 'not', p };
}
