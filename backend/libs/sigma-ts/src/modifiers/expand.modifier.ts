/** The `expand` modifier: `%name%` placeholders replaced by every value of the caller's named list. */
import type { GlobPart } from '../types.js';
import { normalizeParts, parseSigmaString } from './sigma-string.js';

export type Placeholders = Record<string, (string | number)[]>;

/** Expands placeholders in the literal runs; returns a reason naming an unresolved placeholder. */
export function expandPlaceholders(
  parts: GlobPart[],
  placeholders: Placeholders | undefined,
): GlobPart[][] | string {
  let results: GlobPart[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string') {
      results = results.map((r) => [...r, p]);
      continue;
    }
    const pieces = p.split(/(%[^%\s]+%)/);
    for (const piece of pieces) {
      if (piece === '') continue;
      const m = /^%([^%\s]+)%$/.exec(piece);
      if (!m) {
        results = results.map((r) => [...r, piece]);
        continue;
      }
      const list = placeholders?.[m[1]];
      if (!list || list.length === 0) return `expand: placeholder %${m[1]}% has no value list`;
      const next: GlobPart[][] = [];
      for (const r of results) for (const v of list) next.push([...r, ...parseSigmaString(String(v))]);
      results = next;
    }
  }
  return results.map(normalizeParts);
}
