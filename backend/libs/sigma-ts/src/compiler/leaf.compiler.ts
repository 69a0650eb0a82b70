/**
 * Compiles value predicates into closures over the event context. Literal tests become Aho-Corasick patterns of
 * their field (case-folded), so a test costs one bit lookup; globs and regexes run only behind a literal prefilter.
 */
import { cidrMatcher, parseCidr } from '../modifiers/cidr.modifier.js';
import { compareNumber, toNumber } from '../modifiers/numeric.modifiers.js';
import { compileRegex, requiredLiteral } from '../modifiers/regex.modifier.js';
import { compileGlob, longestLiteral } from '../modifiers/sigma-string.js';
import { datePart } from '../modifiers/time.modifiers.js';
import type { FieldTest, GlobPart, Pred } from '../types.js';
import { HIT_CONTAINS, HIT_EQ, HIT_PREFIX, HIT_SUFFIX, type EventContext } from './event-context.js';

export type Fn = (c: EventContext) => boolean;
export interface CompiledLeaf {
  fn: Fn;
  /** Pattern ids of which at least one is hit whenever fn is true; null when no such set exists. */
  cover: number[] | null;
}

export interface LeafRegistry {
  /** Registers a lower-cased literal of an accessor; returns its pattern id. */
  pattern(acc: number, lit: string): number;
  /** Accessor id for a Sigma field (fieldref targets), or a reason. */
  accessorFor(field: string): number;
}

const MODE_MASK = { eq: HIT_EQ, prefix: HIT_PREFIX, suffix: HIT_SUFFIX, contains: HIT_CONTAINS } as const;

function strCheck(mode: 'eq' | 'prefix' | 'suffix' | 'contains', lit: string): (s: string) => boolean {
  switch (mode) {
    case 'eq':
      return (s) => s === lit;
    case 'prefix':
      return (s) => s.startsWith(lit);
    case 'suffix':
      return (s) => s.endsWith(lit);
    case 'contains':
      return (s) => s.includes(lit);
  }
}

function anyString(values: unknown[], test: (s: string) => boolean): boolean {
  for (let i = 0; i < values.length; i++) if (test(String(values[i]))) return true;
  return false;
}

function anyLower(values: string[], test: (s: string) => boolean): boolean {
  for (let i = 0; i < values.length; i++) if (test(values[i])) return true;
  return false;
}

/** Compiles one predicate on accessor `acc`; returns a reason when it cannot run (e.g. unsafe regex). */
export function compilePred(p: Pred, acc: number, reg: LeafRegistry): CompiledLeaf | string {
  switch (p.t) {
    case 'str': {
      if (p.lit === '') {
        if (p.mode === 'eq') return { fn: (c) => anyString(c.values(acc), (s) => s === ''), cover: null };
        return { fn: (c) => c.values(acc).length > 0, cover: null };
      }
      const lowered = p.lit.toLowerCase();
      const pid = reg.pattern(acc, lowered);
      const mask = MODE_MASK[p.mode];
      if (!p.cased) return { fn: (c) => c.hasHit(pid, mask), cover: [pid] };
      const check = strCheck(p.mode, p.lit);
      return { fn: (c) => c.hasHit(pid, mask) && anyString(c.values(acc), check), cover: [pid] };
    }
    case 'glob': {
      const parts: GlobPart[] = p.cased
        ? p.parts
        : p.parts.map((x) => (typeof x === 'string' ? x.toLowerCase() : x));
      const match = compileGlob(parts);
      const lit = longestLiteral(parts);
      if (lit === '') {
        return p.cased
          ? { fn: (c) => anyString(c.values(acc), match), cover: null }
          : { fn: (c) => anyLower(c.lower(acc), match), cover: null };
      }
      const pid = reg.pattern(acc, lit.toLowerCase());
      return p.cased
        ? { fn: (c) => c.hasHit(pid, HIT_CONTAINS) && anyString(c.values(acc), match), cover: [pid] }
        : { fn: (c) => c.hasHit(pid, HIT_CONTAINS) && anyLower(c.lower(acc), match), cover: [pid] };
    }
    case 're': {
      const re = compileRegex(p.source, p.flags);
      if (typeof re === 'string') return re;
      const lit = requiredLiteral(p.source);
      const test = (s: string) => re.test(s);
      if (lit.length < 2) return { fn: (c) => anyString(c.values(acc), test), cover: null };
      const pid = reg.pattern(acc, lit.toLowerCase());
      return { fn: (c) => c.hasHit(pid, HIT_CONTAINS) && anyString(c.values(acc), test), cover: [pid] };
    }
    case 'num': {
      const { cmp, value } = p;
      return {
        fn: (c) => {
          const vs = c.values(acc);
          for (let i = 0; i < vs.length; i++) {
            const n = toNumber(vs[i]);
            if (!Number.isNaN(n) && compareNumber(cmp, n, value)) return true;
          }
          return false;
        },
        cover: null,
      };
    }
    case 'cidr': {
      const range = parseCidr(p.cidr);
      if (typeof range === 'string') return range;
      const m = cidrMatcher(range);
      return { fn: (c) => anyString(c.values(acc), m), cover: null };
    }
    case 'exists':
      return p.value ? { fn: (c) => c.exists(acc), cover: null } : { fn: (c) => !c.exists(acc), cover: null };
    case 'null':
      return { fn: (c) => c.values(acc).length === 0, cover: null };
    case 'fieldref': {
      const other = reg.accessorFor(p.field);
      const { mode, cased } = p;
      return {
        fn: (c) => {
          const mine = cased ? c.values(acc).map(String) : c.lower(acc);
          const theirs = cased ? c.values(other).map(String) : c.lower(other);
          for (const t of theirs) {
            const check = strCheck(mode, t);
            for (const s of mine) if (check(s)) return true;
          }
          return false;
        },
        cover: null,
      };
    }
    case 'time': {
      const { part, value } = p;
      return { fn: (c) => c.values(acc).some((v) => datePart(part, v) === value), cover: null };
    }
    case 'not': {
      const inner = compilePred(p.p, acc, reg);
      if (typeof inner === 'string') return inner;
      const f = inner.fn;
      return { fn: (c) => !f(c), cover: null };
    }
    case 'or': {
      const kids: CompiledLeaf[] = [];
      for (const q of p.ps) {
        const k = compilePred(q, acc, reg);
        if (typeof k === 'string') return k;
        kids.push(k);
      }
      return { fn: anyOf(kids.map((k) => k.fn)), cover: unionCover(kids.map((k) => k.cover)) };
    }
  }
}

export function anyOf(fns: Fn[]): Fn {
  if (fns.length === 1) return fns[0];
  if (fns.length === 2) {
    const [a, b] = fns;
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (let i = 0; i < fns.length; i++) if (fns[i](c)) return true;
    return false;
  };
}

export function allOf(fns: Fn[]): Fn {
  if (fns.length === 1) return fns[0];
  if (fns.length === 2) {
    const [a, b] = fns;
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (let i = 0; i < fns.length; i++) if (!fns[i](c)) return false;
    return true;
  };
}

export function unionCover(covers: (number[] | null)[]): number[] | null {
  const out = new Set<number>();
  for (const c of covers) {
    if (c === null) return null;
    for (const x of c) out.add(x);
  }
  return [...out];
}

/** Compiles a field test (OR or AND of its items). */
export function compileFieldTest(
  t: FieldTest,
  acc: number,
  reg: LeafRegistry,
  pickCover: (cs: (number[] | null)[]) => number[] | null,
): CompiledLeaf | string {
  const kids: CompiledLeaf[] = [];
  for (const p of t.items) {
    const k = compilePred(p, acc, reg);
    if (typeof k === 'string') return `${t.field ?? '(keywords)'}: ${k}`;
    kids.push(k);
  }
  const fns = kids.map((k) => k.fn);
  if (t.join === 'or') return { fn: anyOf(fns), cover: unionCover(kids.map((k) => k.cover)) };
  return { fn: allOf(fns), cover: pickCover(kids.map((k) => k.cover)) };
}
