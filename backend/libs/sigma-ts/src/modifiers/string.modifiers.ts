/** String modifiers: contains, startswith, endswith, windash, cased; and turning a Sigma string into a predicate. */
import type { GlobPart, Pred } from '../types.js';
import { STAR, normalizeParts } from './sigma-string.js';

export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** A dash or slash that starts a command-line flag (pySigma's `\B[-/]\b`, widened to the other dash characters). */
const WINDASH_RE = /\B[-/\u2013\u2014\u2015]\b/g;
export const WINDASH_MAX_VARIANTS = 625;

export function addWildcards(parts: GlobPart[], where: 'contains' | 'startswith' | 'endswith'): GlobPart[] {
  const out = [...parts];
  if (where !== 'startswith') out.unshift(STAR);
  if (where !== 'endswith') out.push(STAR);
  return normalizeParts(out);
}

/** Every permutation of the flag dash characters in the literal runs (`windash`). Returns a reason when too many. */
export function windashVariants(parts: GlobPart[]): GlobPart[][] | string {
  // Collect positions (part index, char offset) of replaceable dashes.
  const slots: { part: number; at: number }[] = [];
  const joined = parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  let offset = 0;
  const partStart: number[] = [];
  for (const p of parts) {
    partStart.push(offset);
    offset += typeof p === 'string' ? p.length : 1;
  }
  for (const m of joined.matchAll(WINDASH_RE)) {
    const pos = m.index ?? 0;
    let pi = 0;
    while (pi + 1 < partStart.length && partStart[pi + 1] <= pos) pi++;
    slots.push({ part: pi, at: pos - partStart[pi] });
  }
  if (slots.length === 0) return [parts];
  const total = WINDASH_CHARS.length ** slots.length;
  if (total > WINDASH_MAX_VARIANTS)
    return `windash: ${slots.length} dashes give ${total} variants (max ${WINDASH_MAX_VARIANTS})`;
  const out: GlobPart[][] = [];
  for (let n = 0; n < total; n++) {
    let k = n;
    const copy = parts.map((p) => (typeof p === 'string' ? p.split('') : p));
    for (const s of slots) {
      (copy[s.part] as string[])[s.at] = WINDASH_CHARS[k % WINDASH_CHARS.length];
      k = Math.floor(k / WINDASH_CHARS.length);
    }
    out.push(copy.map((p) => (Array.isArray(p) ? p.join('') : p)));
  }
  return out;
}

/** Classifies a glob into the cheapest predicate: equality, prefix, suffix, contains, or a general glob. */
export function globToPred(parts: GlobPart[], cased: boolean): Pred {
  const isStar = (p: GlobPart | undefined) => p !== undefined && typeof p !== 'string' && p.wild === '*';
  const inner = parts.filter((p, i) => !((i === 0 || i === parts.length - 1) && isStar(p)));
  if (parts.length === 0) return { t: 'str', mode: 'eq', lit: '', cased };
  if (inner.every((p) => typeof p === 'string') && inner.length <= 1) {
    const lit = (inner[0] as string | undefined) ?? '';
    const lead = isStar(parts[0]);
    const trail = parts.length > 1 || lit === '' ? isStar(parts[parts.length - 1]) : false;
    if (lit === '' && (lead || trail)) return { t: 'glob', parts: [STAR], cased };
    const mode = lead && trail ? 'contains' : lead ? 'suffix' : trail ? 'prefix' : 'eq';
    return { t: 'str', mode, lit, cased };
  }
  return { t: 'glob', parts, cased };
}
