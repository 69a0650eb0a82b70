/**
 * Read access to one event by key, without flattening it: nested documents are walked along the dotted path
 * (with flat dotted keys and arrays of objects handled), flat maps are looked up directly.
 */

/** Returned by `lookup` when no key holds a value (distinct from a present `null`). */
export const MISSING: unique symbol = Symbol('missing');
export type Lookup = unknown | typeof MISSING;

export interface FieldView {
  lookup(key: string): Lookup;
  /** Every scalar value that keyword (field-less) searches look into. */
  strings(): string[];
}

const SEGMENTS = new Map<string, { segs: string[]; rest: string[] }>();

function segmentsOf(key: string): { segs: string[]; rest: string[] } {
  let s = SEGMENTS.get(key);
  if (!s) {
    const segs = key.split('.');
    s = { segs, rest: segs.map((_, i) => segs.slice(i).join('.')) };
    SEGMENTS.set(key, s);
  }
  return s;
}

function walk(cur: unknown, segs: string[], rest: string[], i: number): Lookup {
  for (; i < segs.length; i++) {
    if (cur === null || typeof cur !== 'object') return MISSING;
    if (Array.isArray(cur)) {
      const out: unknown[] = [];
      for (const item of cur) {
        const v = walk(item, segs, rest, i);
        if (v === MISSING) continue;
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out.length ? out : MISSING;
    }
    const obj = cur as Record<string, unknown>;
    const v = obj[segs[i]];
    if (v === undefined) {
      // A flat dotted key holding the rest of the path (`{"process.executable": …}`).
      if (i < segs.length - 1) {
        const flat = obj[rest[i]];
        if (flat !== undefined) return flat;
      }
      return MISSING;
    }
    cur = v;
  }
  return cur;
}

function collectStrings(v: unknown, out: string[], depth = 0): void {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (v !== null && typeof v === 'object' && depth < 16) {
    if (Array.isArray(v)) for (const x of v) collectStrings(x, out, depth + 1);
    else
      for (const k in v as Record<string, unknown>)
        collectStrings((v as Record<string, unknown>)[k], out, depth + 1);
  }
}

/**
 * A nested JSON document. `keywordRoots`: groups of keys searched by keyword rules; the first group with a present
 * key is used (e.g. the rendered message, else the event data), the whole event when none is present.
 */
export class NestedView implements FieldView {
  private strs: string[] | null = null;
  constructor(
    readonly doc: unknown,
    private readonly keywordRoots: string[][] = [],
  ) {}

  lookup(key: string): Lookup {
    const { segs, rest } = segmentsOf(key);
    return walk(this.doc, segs, rest, 0);
  }

  strings(): string[] {
    if (!this.strs) {
      const out: string[] = [];
      let rooted = false;
      for (const group of this.keywordRoots) {
        for (const r of group) {
          const v = this.lookup(r);
          if (v === MISSING) continue;
          rooted = true;
          collectStrings(v, out);
        }
        if (rooted) break;
      }
      if (!rooted) collectStrings(this.doc, out);
      this.strs = out;
    }
    return this.strs;
  }
}

/** An already flat key → value map. */
export class MapView implements FieldView {
  private strs: string[] | null = null;
  constructor(readonly map: Map<string, unknown>) {}

  lookup(key: string): Lookup {
    const v = this.map.get(key);
    return v === undefined && !this.map.has(key) ? MISSING : v;
  }

  strings(): string[] {
    if (!this.strs) {
      const out: string[] = [];
      for (const v of this.map.values()) collectStrings(v, out);
      this.strs = out;
    }
    return this.strs;
  }
}
