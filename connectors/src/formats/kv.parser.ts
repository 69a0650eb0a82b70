/**
 * key=value text: `a=1 b="two words" c='x' d=`, with `\"` escapes inside double quotes. Keys are
 * `[A-Za-z_][\w.\-:]*`; unquoted values run to the next space (or to the next ` key=` when `greedy` is set, for
 * formats whose unquoted values contain spaces). Returns the pairs in order, or a reason when nothing parses.
 */
export interface KvOptions {
  /** Pair separator other than whitespace (e.g. `,` or `|`); whitespace around it is ignored. */
  separator?: string;
  /** Unquoted values may contain spaces: they end where the next `key=` begins. */
  greedy?: boolean;
}

export type KvResult = { ok: true; pairs: [string, string][]; fields: Record<string, string> } | { ok: false; reason: string };

const KEY = /[A-Za-z_@][\w.\-:@]*/y;

export function parseKv(text: string, opts: KvOptions = {}): KvResult {
  const pairs: [string, string][] = [];
  const sep = opts.separator;
  let i = 0;
  const n = text.length;
  const skipSep = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || (sep !== undefined && text.startsWith(sep, i)))) i += sep && text.startsWith(sep, i) ? sep.length : 1;
  };
  skipSep();
  while (i < n) {
    KEY.lastIndex = i;
    const km = KEY.exec(text);
    if (!km || text[i + km[0].length] !== '=') {
      // Not a pair: skip this token (free text between pairs).
      while (i < n && text[i] !== ' ' && !(sep && text.startsWith(sep, i))) i++;
      skipSep();
      continue;
    }
    const key = km[0];
    i += key.length + 1;
    let value = '';
    const q = text[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      let out = '';
      while (j < n && text[j] !== q) {
        if (text[j] === '\\' && q === '"' && j + 1 < n) {
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
      const next = /\s+[A-Za-z_@][\w.\-:@]*=/.exec(rest);
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
