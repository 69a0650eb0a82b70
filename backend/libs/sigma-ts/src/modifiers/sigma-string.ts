/**
 * Sigma string values: wildcards `*` and `?`, and the spec's escaping (a backslash escapes `*`, `?` and itself;
 * a backslash before any other character is a plain backslash).
 */
import type { GlobPart } from '../types.js';

export const STAR: GlobPart = { wild: '*' };
export const ONE: GlobPart = { wild: '?' };

/** Parses a Sigma string into literal runs and wildcards. */
export function parseSigmaString(raw: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let lit = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const n = raw[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      if (lit) parts.push(lit);
      lit = '';
      parts.push(c === '*' ? STAR : ONE);
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return normalizeParts(parts);
}

/** Merges adjacent literals and collapses runs of `*`. */
export function normalizeParts(parts: GlobPart[]): GlobPart[] {
  const out: GlobPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string') {
      if (p === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else if (p.wild === '*' && last !== undefined && typeof last !== 'string' && last.wild === '*') {
      continue;
    } else out.push(p);
  }
  return out;
}

export function hasWildcards(parts: GlobPart[]): boolean {
  return parts.some((p) => typeof p !== 'string');
}

export function literalOf(parts: GlobPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : '')).join('');
}

/** Back to Sigma's escaped notation (used in messages and round trips). */
export function formatSigmaString(parts: GlobPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p.replace(/[\\*?]/g, (m) => '\\' + m) : p.wild)).join('');
}

/** The longest literal run of a glob: every match contains it. */
export function longestLiteral(parts: GlobPart[]): string {
  let best = '';
  for (const p of parts) if (typeof p === 'string' && p.length > best.length) best = p;
  return best;
}

/**
 * Glob matcher for `*` and `?` (iterative, with single back-tracking point: O(n·m) worst case, never exponential).
 * `text` and the parts must already share the same case folding.
 */
export function globMatch(parts: GlobPart[], text: string): boolean {
  // Flatten to a token array: strings become single characters to keep the classic algorithm simple.
  const pat: (string | 0 | 1)[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) pat.push(ch);
    else pat.push(p.wild === '*' ? 0 : 1);
  }
  const chars = Array.from(text);
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < chars.length) {
    const tok = pat[p];
    if (p < pat.length && (tok === 1 || tok === chars[t])) {
      p++;
      t++;
    } else if (p < pat.length && tok === 0) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < pat.length && pat[p] === 0) p++;
  return p === pat.length;
}

/** A glob compiled once into a fast closure; literal-only shapes avoid the generic matcher. */
export function compileGlob(parts: GlobPart[]): (text: string) => boolean {
  const n = parts.length;
  const first = parts[0];
  const last = parts[n - 1];
  const isStar = (p: GlobPart | undefined) => p !== undefined && typeof p !== 'string' && p.wild === '*';
  if (n === 1 && isStar(first)) return () => true;
  if (!parts.some((p) => typeof p !== 'string' && p.wild === '?')) {
    // Only `*`: anchored literal pieces searched left to right (greedy leftmost is correct for `*`-only globs).
    const lits = parts.filter((p): p is string => typeof p === 'string');
    const anchoredStart = !isStar(first);
    const anchoredEnd = !isStar(last);
    return (text: string) => {
      let pos = 0;
      let i = 0;
      if (anchoredStart) {
        if (!text.startsWith(lits[0])) return false;
        pos = lits[0].length;
        i = 1;
      }
      const endLit = anchoredEnd ? lits[lits.length - 1] : undefined;
      const stop = anchoredEnd ? lits.length - 1 : lits.length;
      if (anchoredEnd && anchoredStart && lits.length === 1) return text.length === lits[0].length;
      for (; i < stop; i++) {
        const at = text.indexOf(lits[i], pos);
        if (at < 0) return false;
        pos = at + lits[i].length;
      }
      if (endLit !== undefined) return text.length - endLit.length >= pos && text.endsWith(endLit);
      return true;
    };
  }
  return (text: string) => globMatch(parts, text);
}
