/**
 * Sigma condition parser: `and`, `or`, `not`, parentheses (precedence not > and > or), `1 of`/`any of`/`all of`
 * with identifier patterns (`*` wildcard) or `them` (identifiers starting with `_` excluded from `them`).
 * Produces a DetectionNode tree over the already-built search identifiers.
 */
import type { DetectionNode } from '../types.js';

type Tok = { t: '(' | ')' | 'and' | 'or' | 'not' | 'of' | 'word'; v: string };

export function tokenize(cond: string): Tok[] | string {
  const toks: Tok[] = [];
  const re = /\s*(\(|\)|\||[^\s()|]+)/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < cond.length) {
    re.lastIndex = pos;
    m = re.exec(cond);
    if (!m) {
      if (/^\s*$/.test(cond.slice(pos))) break;
      return `condition: cannot read '${cond.slice(pos)}'`;
    }
    pos = re.lastIndex;
    const w = m[1];
    if (w === '|')
      return `condition: Sigma 1 aggregation '|${cond.split('|').slice(1).join('|')}' is obsolete, use a correlation rule`;
    const lw = w.toLowerCase();
    if (w === '(' || w === ')') toks.push({ t: w, v: w });
    else if (lw === 'and' || lw === 'or' || lw === 'not' || lw === 'of') toks.push({ t: lw, v: w });
    else if (lw === 'near')
      return `condition: Sigma 1 'near' operator is obsolete, use a temporal correlation rule`;
    else toks.push({ t: 'word', v: w });
  }
  return toks;
}

function wildcardToRegex(pattern: string): RegExp {
  return new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
}

/** Parses `cond` against the search identifiers. Returns a reason on syntax errors or unknown identifiers. */
export function parseCondition(cond: string, idents: Map<string, DetectionNode>): DetectionNode | string {
  const toks = tokenize(cond);
  if (typeof toks === 'string') return toks;
  if (toks.length === 0) return 'condition: empty';
  let i = 0;
  const peek = () => toks[i];
  const fail = (msg: string) => {
    throw new Error(`condition '${cond}': ${msg}`);
  };
  const pick = (pattern: string, quant: string): DetectionNode[] => {
    if (pattern === 'them') {
      const names = [...idents.keys()].filter((k) => !k.startsWith('_'));
      if (names.length === 0) fail(`'${quant} of them' has no search identifiers`);
      return names.map((n) => idents.get(n)!);
    }
    const re = wildcardToRegex(pattern);
    const names = [...idents.keys()].filter((k) => re.test(k));
    if (names.length === 0) fail(`'${quant} of ${pattern}' matches no search identifier`);
    return names.map((n) => idents.get(n)!);
  };
  const parseOr = (): DetectionNode => {
    const kids = [parseAnd()];
    while (peek()?.t === 'or') {
      i++;
      kids.push(parseAnd());
    }
    return kids.length === 1 ? kids[0] : { kind: 'or', children: kids };
  };
  const parseAnd = (): DetectionNode => {
    const kids = [parseNot()];
    while (peek()?.t === 'and') {
      i++;
      kids.push(parseNot());
    }
    return kids.length === 1 ? kids[0] : { kind: 'and', children: kids };
  };
  const parseNot = (): DetectionNode => {
    if (peek()?.t === 'not') {
      i++;
      return { kind: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): DetectionNode => {
    const tok = toks[i++];
    if (!tok) return fail('unexpected end');
    if (tok.t === '(') {
      const inner = parseOr();
      if (toks[i++]?.t !== ')') fail('missing )');
      return inner;
    }
    if (tok.t !== 'word') return fail(`unexpected '${tok.v}'`);
    if (toks[i]?.t === 'of') {
      const q = tok.v.toLowerCase();
      i++;
      const target = toks[i++];
      if (!target || target.t !== 'word') return fail(`'${tok.v} of' needs an identifier pattern or them`);
      const nodes = pick(target.v, q);
      if (q === '1' || q === 'any') return nodes.length === 1 ? nodes[0] : { kind: 'or', children: nodes };
      if (q === 'all') return nodes.length === 1 ? nodes[0] : { kind: 'and', children: nodes };
      return fail(`unknown quantifier '${tok.v} of'`);
    }
    const node = idents.get(tok.v);
    if (!node) return fail(`unknown search identifier '${tok.v}'`);
    return node;
  };
  try {
    const tree = parseOr();
    if (i < toks.length) fail(`unexpected '${toks[i].v}'`);
    return tree;
  } catch (e) {
    return (e as Error).message;
  }
}
