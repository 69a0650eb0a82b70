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

export type KvResult = { ok: true; pairs: [string, string][]; fields: Record<string, string> } | { ok: false; reason: string };

const KEY = /[A-Za-z_@][\w.\-:@]*/y;

export function parseKv(text: string, opts: KvOptions = {}): KvResult {
  const pairs: [string, string][] = [];
  const sep = opts.separator;
  const delims = opts.delimiters ?? '';
  const nextKey = new RegExp(`[\\s${delims.replace(/[\]\\^-]/g, '\\$&')}]+[A-Za-z_@][\\w.\\-:@]*=`);
  let i = 0;
  const n = text.length;
  const skipSep = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || delims.includes(text[i]) || (sep !== undefined && text.startsWith(sep, i))))
      i += sep && text.startsWith(sep, i) ? sep.length : 1;
  };
  skipSep();
  while (i < n) {
    KEY.lastIndex = i;
    const km = KEY.exec(text);
    if (!km || text[i + km[0].length] !== '=') {
      // Not a pair: skip this token (free text between pairs).
      while (i < n && text[i] !== ' ' && !delims.includes(text[i]) && !(sep && text.startsWith(sep, i))) i++;
      skipSep();
      continue;
    }
    const key = km[0];
    i += key.length + 1;
    let value: string;
    const q = text[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      let out = '';
      while (j < n && text[j] !== q) {
        if (text[j] === '\\' && q === '"' && (text[j + 1] === '"' || text[j + 1] === '\\')) {
          out += text[j + 1];
          j += 2;
        } else out += text[j++];
      }
      value = out;
      i = Math.min(j + 1, n);
    } else if (sep !== undefined) {
      const end = text.indexOf(sep, i);
      value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      i = end < 0 ? n : end;
    } else if (opts.greedy) {
      const rest = text.slice(i);
      const next = nextKey.exec(rest);
      value = (next ? rest.slice(0, next.index) : rest).trim();
      i += next ? next.index : rest.length;
    } else {
      let j = i;
      while (j < n && text[j] !== ' ' && text[j] !== '\t') j++;
      value = text.slice(i, j);
      i = j;
    }
    pairs.push([key, value]);
    skipSep();
  }
  if (!pairs.length) return { ok: false, reason: 'no key=value pairs found' };
  const fields: Record<string, string> = {};
  for (const [k, v] of pairs) if (!(k in fields)) fields[k] = v;
  return { ok: true, pairs, fields };
}

/** `Key: value, Key: value` pairs (Cisco FTD 430001-430005 events). Values run to the next `, Key:`; first key wins. */
export function parseColonPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|,\s*)([A-Za-z][A-Za-z0-9_ ]{0,40}?):\s?/g;
  const marks: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) marks.push({ key: m[1].trim(), start: m.index, end: m.index + m[0].length });
  for (let k = 0; k < marks.length; k++) {
    const value = text.slice(marks[k].end, k + 1 < marks.length ? marks[k + 1].start : text.length).trim();
    if (!(marks[k].key in out)) out[marks[k].key] = value;
  }
  return out;
}
