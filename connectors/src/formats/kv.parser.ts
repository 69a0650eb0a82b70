/**
 * key=value text: `a=1 b="two words" c='x' d=`, with `\"` and `\\` escapes inside double quotes (any other
 * backslash is kept, so Windows paths survive). Keys are `[A-Za-z_@][\w.\-:@]*`; unquoted values run to the
 * next space (or to the next ` key=` when `greedy` is set, for formats whose unquoted values contain spaces).
 * Returns the pairs in order (`fields` keeps the first value of a repeated key), or a reason when nothing parses.
 *
 * Also here: `Key: value, Key: value` pairs (`parseColonPairs`), as Cisco FTD writes them.
 */
export interface KvOptions {
  /** Pair separator other than whitespace (e.g. `,` or `|`); whitespace around it is ignored. */
  separator?: string;
  /** Unquoted values may contain spaces: they end where the next `key=` begins. */
  greedy?: boolean;
  /**
   * Characters that may sit between pairs besides white space (e.g. `,;`). Unlike `separator`, they do not end
   * an unquoted value by themselves; with `greedy`, a value ends before `<delimiters or spaces>key=`.
   */
  delimiters?: string;
}

export type KvResult =
  { ok: true; pairs: [string, string][]; fields: Record<string, string> } | { ok: false; reason: string };

/** Character classes of a key: first `[A-Za-z_@]`, then `[\w.\-:@]` (ASCII), as a lookup table. */
const KEY_START = new Uint8Array(128);
const KEY_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_@]/.test(ch)) KEY_START[c] = 1;
  if (/[\w.\-:@]/.test(ch)) KEY_PART[c] = 1;
}
const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;

/**
 * Keys seen before, by a hash of their characters: parsers meet the same few hundred keys on every line, and
 * reusing one interned string instead of a fresh slice makes the `fields` object cheap to build (a fresh key must
 * be hashed and interned on every property write). Bounded, so hostile input cannot grow it.
 */
const KEY_CACHE = new Map<number, string>();
const KEY_CACHE_MAX = 8192;
let keyHash = 0;

/** End of the key starting at `i` (exclusive), or `i` when no key starts there; leaves its hash in `keyHash`. */
function keyEnd(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (!(c < 128 && KEY_START[c])) return i;
  let h = c;
  let j = i + 1;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (!(d < 128 && KEY_PART[d])) break;
    h = (Math.imul(h, 31) + d) | 0;
    j++;
  }
  keyHash = (Math.imul(h, 31) + (j - i)) | 0;
  return j;
}

function keyAt(text: string, start: number, end: number, hash: number): string {
  const hit = KEY_CACHE.get(hash);
  if (hit !== undefined && hit.length === end - start && text.startsWith(hit, start)) return hit;
  const key = text.slice(start, end);
  if (hit === undefined && KEY_CACHE.size < KEY_CACHE_MAX && key.length <= 64) {
    // The interned copy (a property name) keeps no reference to the line it was cut from.
    const interned = Object.keys({ [key]: 0 })[0];
    KEY_CACHE.set(hash, interned);
    return interned;
  }
  return key;
}

/** Index of the first character at or after `i` that is not white space, a delimiter or the separator. */
function skipSeparators(text: string, i: number, n: number, sep: string | undefined, delims: string): number {
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || (delims.length > 0 && delims.includes(text[i]))) i++;
    else if (sep !== undefined && text.startsWith(sep, i)) i += sep.length || 1;
    else break;
  }
  return i;
}

const nextKeyCache = new Map<string, RegExp>();

/** `<spaces or delimiters>key=`: where a greedy unquoted value ends. */
function nextKeyRe(delims: string): RegExp {
  let re = nextKeyCache.get(delims);
  if (!re) {
    // The look-behind starts a separator run only at its first character (no quadratic retries in long runs).
    const cls = `[\\s${delims.replace(/[\]\\^-]/g, '\\$&')}]`;
    re = new RegExp(`(?<!${cls})${cls}+[A-Za-z_@][\\w.\\-:@]*=`);
    nextKeyCache.set(delims, re);
  }
  return re;
}

/**
 * Linear in the text length: keys and values are scanned with char codes and copied as slices (the greedy mode's
 * "next key" search runs once per value over the rest of the text, and stops at the first key).
 */
export function parseKv(text: string, opts: KvOptions = {}): KvResult {
  const pairs: [string, string][] = [];
  const fields: Record<string, string> = {};
  const sep = opts.separator;
  const delims = opts.delimiters ?? '';
  const nextKey = opts.greedy ? nextKeyRe(delims) : undefined;
  let i = 0;
  const n = text.length;
  i = skipSeparators(text, i, n, sep, delims);
  while (i < n) {
    const ke = keyEnd(text, i, n);
    if (ke === i || text.charCodeAt(ke) !== EQUALS) {
      // Not a pair: skip this token (free text between pairs).
      while (
        i < n &&
        text.charCodeAt(i) !== SPACE &&
        !(delims.length > 0 && delims.includes(text[i])) &&
        !(sep && text.startsWith(sep, i))
      )
        i++;
      i = skipSeparators(text, i, n, sep, delims);
      continue;
    }
    const key = keyAt(text, i, ke, keyHash);
    i = ke + 1;
    let value: string;
    const q = text.charCodeAt(i);
    if (q === DQUOTE || q === SQUOTE) {
      let j = i + 1;
      let seg = j;
      let out = '';
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === q) break;
        if (c === BACKSLASH && q === DQUOTE) {
          const d = text.charCodeAt(j + 1);
          if (d === DQUOTE || d === BACKSLASH) {
            out += text.slice(seg, j) + text[j + 1];
            j += 2;
            seg = j;
            continue;
          }
        }
        j++;
      }
      value = out + text.slice(seg, Math.min(j, n));
      i = Math.min(j + 1, n);
    } else if (sep !== undefined) {
      const end = text.indexOf(sep, i);
      value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      i = end < 0 ? n : end;
    } else if (nextKey) {
      const rest = text.slice(i);
      const next = nextKey.exec(rest);
      value = (next ? rest.slice(0, next.index) : rest).trim();
      i += next ? next.index : rest.length;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === SPACE || c === TAB) break;
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    pairs.push([key, value]);
    if (!(key in fields)) fields[key] = value;
    i = skipSeparators(text, i, n, sep, delims);
  }
  if (!pairs.length) return { ok: false, reason: 'no key=value pairs found' };
  return { ok: true, pairs, fields };
}

/** `Key: value, Key: value` pairs (Cisco FTD 430001-430005 events). Values run to the next `, Key:`; first key wins. */
export function parseColonPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|,\s*)([A-Za-z][A-Za-z0-9_ ]{0,40}?):\s?/g;
  const marks: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text))
    marks.push({ key: m[1].trim(), start: m.index, end: m.index + m[0].length });
  for (let k = 0; k < marks.length; k++) {
    const value = text.slice(marks[k].end, k + 1 < marks.length ? marks[k + 1].start : text.length).trim();
    if (!(marks[k].key in out)) out[marks[k].key] = value;
  }
  return out;
}
