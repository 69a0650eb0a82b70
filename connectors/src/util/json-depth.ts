/**
 * Nesting bounds for JSON input. `JSON.parse` copes with any depth, but everything that walks the result
 * recursively (`structuredClone`, `JSON.stringify`, flatteners, mappers) overflows the stack past a few thousand
 * levels, so parsers reject records nested deeper than `MAX_JSON_DEPTH` with a reason instead.
 */

/** Deepest nesting of objects/arrays a record may have (real logs stay far below: CloudTrail ~10, GCP ~12). */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * True when JSON text nests objects/arrays deeper than `max` (strings skipped, escapes honoured). Linear; text
 * shorter than `2 * max` characters cannot be that deep and costs nothing.
 */
export function jsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip to the closing quote: the next quote not preceded by an odd number of backslashes.
      let j = text.indexOf('"', i + 1);
      while (j > 0) {
        let bs = 0;
        for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) bs++;
        if ((bs & 1) === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (j < 0) return false; // unterminated string: JSON.parse will give the reason
      i = j;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** True when a parsed value nests objects/arrays deeper than `max`. Iterative; stops at the first too-deep node. */
export function valueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: { v: object; d: number }[] = [{ v: value, d: 1 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (d > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push({ v: c, d: d + 1 });
  }
  return false;
}

export function tooDeepReason(max = MAX_JSON_DEPTH): string {
  return `JSON nested deeper than ${max} levels`;
}
