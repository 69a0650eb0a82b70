/** Reading entities and feature values from ECS documents (fallbacks with `|`, values joined). */

/** A field path compiled once: its parts, and every literal dotted key `parts[i..j)` precomputed. */
interface CompiledPath {
  parts: string[];
  /** keys[i][j - i - 1] = parts.slice(i, j).join('.') */
  keys: string[][];
}

const compiledSpecs = new Map<string, CompiledPath[]>();

function compileSpec(spec: string): CompiledPath[] {
  let c = compiledSpecs.get(spec);
  if (c) return c;
  c = spec.split('|').map((f) => {
    const parts = f.trim().split('.');
    const keys = parts.map((_, i) => parts.slice(i).map((__, k) => parts.slice(i, i + k + 1).join('.')));
    return { parts, keys };
  });
  compiledSpecs.set(spec, c);
  return c;
}

/** The first usable scalar at `path` (nested objects first, then literal dotted keys; arrays: first usable item). */
function first(node: unknown, p: CompiledPath, i: number): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const v = first(n, p, i);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  if (i === p.parts.length) {
    if (typeof node === 'object') return undefined;
    const v = typeof node === 'string' ? node : String(node);
    return v === '' || v === '-' ? undefined : v;
  }
  if (typeof node !== 'object') return undefined;
  const obj = node as Record<string, unknown>;
  const keys = p.keys[i];
  for (let j = keys.length - 1; j >= 0; j--) {
    const child = obj[keys[j]];
    if (child === undefined) continue;
    const v = first(child, p, i + j + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The first usable value of a `a|b` fallback spec (paths compiled once per spec). */
export function firstOf(doc: unknown, spec: string): string | undefined {
  for (const p of compileSpec(spec)) {
    const v = first(doc, p, 0);
    if (v !== undefined) return v;
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
  if (value.length < 7 || (value.charCodeAt(1) !== 58 /* : */ && value.charCodeAt(0) !== 47) /* / */)
    return value;
  return value.replace(/^([a-z]:\\users\\)[^\\]+\\/i, '$1*\\').replace(/^\/home\/[^/]+\//, '/home/*/');
}
