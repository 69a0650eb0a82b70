/** Reading entities and feature values from ECS documents (fallbacks with `|`, values joined). */
import { fieldValues } from '../detection/event-fields.js';

export function firstOf(doc: unknown, spec: string): string | undefined {
  for (const f of spec.split('|')) {
    const v = fieldValues(doc, f.trim());
    if (v.length && v[0] !== '' && v[0] !== '-') return v[0];
  }
  return undefined;
}

/** The entity value: every field present (fallbacks per entry), joined by `|`; `*` when the definition has none. */
export function entityOf(fields: string[], doc: unknown): string | undefined {
  if (fields.length === 0) return '*';
  const parts: string[] = [];
  for (const f of fields) {
    const v = firstOf(doc, f);
    if (v === undefined) return undefined;
    parts.push(v.toLowerCase());
  }
  return parts.join('|');
}

export function valueOf(fields: string[] | undefined, doc: unknown, lowercase: boolean): string | undefined {
  if (!fields) return undefined;
  const parts: string[] = [];
  for (const f of fields) {
    const v = firstOf(doc, f);
    if (v === undefined) return undefined;
    parts.push(normalise(lowercase ? v.toLowerCase() : v));
  }
  return parts.join(' → ');
}

/** Numeric value of the first field present. */
export function numberOf(fields: string[] | undefined, doc: unknown): number | undefined {
  if (!fields) return undefined;
  for (const spec of fields) {
    const v = firstOf(doc, spec);
    if (v !== undefined && v !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** Nearest-rank percentile of values (0 when empty). */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function meanStd(xs: number[]): { mean: number; std: number } {
  if (!xs.length) return { mean: 0, std: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

/** Per-user profile folders vary by user: `C:\\Users\\<name>\\…` becomes `C:\\Users\\*\\…` so peers compare. */
export function normalise(value: string): string {
  return value.replace(/^([a-z]:\\users\\)[^\\]+\\/i, '$1*\\').replace(/^\/home\/[^/]+\//, '/home/*/');
}
