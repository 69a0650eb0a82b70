/**
 * The `re` modifier and its flags (i/ignorecase, m/multiline, s/dotall). Patterns run on JavaScript RegExp when
 * they are provably free of catastrophic backtracking (no quantified group holding a quantifier or an alternation,
 * no back-references or look-arounds); otherwise on RE2 (linear time). What RE2 cannot compile is rejected.
 */
import { createRequire } from 'node:module';

export const RE_FLAG_ALIASES: Record<string, 'i' | 'm' | 's'> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};

export interface CompiledRegex {
  engine: 'js' | 're2';
  test(text: string): boolean;
}

type RE2Ctor = new (pattern: string, flags: string) => { test(s: string): boolean };
let re2Ctor: RE2Ctor | null | undefined;
function loadRE2(): RE2Ctor | null {
  if (re2Ctor === undefined) {
    try {
      const require = createRequire(import.meta.url);
      re2Ctor = (require('re2-wasm') as { RE2: RE2Ctor }).RE2;
    } catch {
      re2Ctor = null;
    }
  }
  return re2Ctor;
}

/** Moves leading inline flag groups such as `(?i)` into the flag string. */
export function hoistInlineFlags(source: string, flags: string): { source: string; flags: string } {
  let s = source;
  let f = flags;
  for (;;) {
    const m = /^\(\?([ims]+)\)/.exec(s);
    if (!m) break;
    for (const ch of m[1]) if (!f.includes(ch)) f += ch;
    s = s.slice(m[0].length);
  }
  return { source: s, flags: f };
}

/**
 * True when the pattern cannot backtrack catastrophically under a backtracking engine: star height one
 * (no quantifier applied to a group that itself holds a quantifier or an alternation), and no back-references,
 * look-arounds or inline flag groups.
 */
export function isSafeForBacktracking(source: string): boolean {
  if (/\\[1-9]|\\k<|\(\?[=!<]|\(\?[a-z]/i.test(source)) return false;
  // Walk groups: for each group remember whether it contains a quantifier or '|'.
  const stack: { quant: boolean; alt: boolean }[] = [];
  let cur = { quant: false, alt: false };
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      stack.push(cur);
      cur = { quant: false, alt: false };
      if (source[i + 1] === '?' && source[i + 2] === ':') i += 2;
    } else if (c === ')') {
      const inner = cur;
      cur = stack.pop() ?? { quant: false, alt: false };
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (quantified && (inner.quant || inner.alt)) return false;
      if (quantified || inner.quant) cur.quant = true;
    } else if (c === '|') cur.alt = true;
    else if (c === '*' || c === '+' || c === '{' || (c === '?' && i > 0)) cur.quant = true;
  }
  return true;
}

/** Compiles a Sigma regex; returns a reason when it cannot run safely or is invalid. */
export function compileRegex(source: string, flags: string): CompiledRegex | string {
  const h = hoistInlineFlags(source, flags);
  if (isSafeForBacktracking(h.source)) {
    try {
      const re = new RegExp(h.source, h.flags);
      return { engine: 'js', test: (t) => re.test(t) };
    } catch {
      // fall through: RE2 accepts some syntax JS does not (e.g. inline groups), and reports what is wrong.
    }
  }
  const RE2 = loadRE2();
  if (!RE2)
    return `re: pattern /${source}/ needs RE2 (not safe for a backtracking engine) and re2-wasm is unavailable`;
  try {
    const re = new RE2(source, 'u' + h.flags);
    return { engine: 're2', test: (t) => re.test(t) };
  } catch (e) {
    return `re: pattern /${source}/ cannot run in linear time (RE2): ${(e as Error).message}`;
  }
}

/**
 * A literal every match must contain (lower-cased use only as a prefilter), or '' when none can be proven:
 * the longest run of plain characters at the top level of a pattern without top-level alternation.
 */
export function requiredLiteral(source: string): string {
  const { source: s } = hoistInlineFlags(source, '');
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return '';
  }
  let best = '';
  let run = '';
  depth = 0;
  inClass = false;
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inClass) {
      if (c === '\\') i++;
      else if (c === ']') inClass = false;
      continue;
    }
    let ch: string | null = null;
    let width = 1;
    if (c === '\\') {
      const n = s[i + 1];
      if (n !== undefined && /[^A-Za-z0-9]/.test(n)) ch = n;
      width = 2;
    } else if (c === '[') {
      flush();
      inClass = true;
      continue;
    } else if ('()^$.|'.includes(c)) {
      if (c === '(') depth++;
      if (c === ')') depth--;
      flush();
      continue;
    } else if ('*+?{'.includes(c)) {
      // A quantifier makes the previous character optional/repeated: drop it from the run.
      run = run.slice(0, -1);
      flush();
      if (c === '{') while (i < s.length && s[i] !== '}') i++;
      continue;
    } else ch = c;
    if (depth > 0) {
      flush();
      i += width - 1;
      continue;
    }
    const next = s[i + width];
    if (ch === null) {
      flush();
    } else if (next === '*' || next === '?' || next === '{') {
      flush();
    } else run += ch;
    i += width - 1;
  }
  flush();
  return best;
}
