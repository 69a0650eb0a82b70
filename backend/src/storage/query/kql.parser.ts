import { ErrorCode, VigieError } from '../../common/errors.js';
import type { KqlNode } from './kql.ast.js';

/**
 * Parser for a KQL subset: `field:value`, wildcards (`*`, `?`), quoted phrases, `AND`/`OR`/`NOT` (juxtaposition
 * means AND), parentheses, `field:(a OR b)`, ranges `field >= 10`, `field < "2024-01-01"` and `field:[a TO b]`,
 * `field:*` (exists), and field-less terms (searched in `event.original` and `message`). Matching is
 * case-insensitive. Errors name the position.
 */

type Token =
  | { t: 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'colon' | 'and' | 'or' | 'not' | 'to'; pos: number }
  | { t: 'op'; op: '<' | '<=' | '>' | '>='; pos: number }
  | { t: 'word'; text: string; quoted: boolean; wildcard: boolean; pos: number };

const SPECIAL = new Set(['(', ')', '[', ']', ':', '<', '>', '"', ' ', '\t', '\n', '\r']);

export class KqlSyntaxError extends VigieError {
  constructor(message: string, query: string, pos: number) {
    super(ErrorCode.Validation, `KQL: ${message} at position ${pos + 1} of "${query}"`, {
      position: pos + 1,
    });
  }
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let inRange = false; // inside `[a TO b]`, ':' belongs to values such as times
  while (i < q.length) {
    const c = q[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const single: Record<string, Token['t']> = {
      '(': 'lparen',
      ')': 'rparen',
      '[': 'lbracket',
      ']': 'rbracket',
      ':': 'colon',
    };
    if (single[c] && !(c === ':' && inRange)) {
      if (c === '[') inRange = true;
      if (c === ']') inRange = false;
      out.push({ t: single[c], pos: i } as Token);
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      const op = (q[i + 1] === '=' ? c + '=' : c) as '<' | '<=' | '>' | '>=';
      out.push({ t: 'op', op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < q.length && q[j] !== '"'; j++) {
        if (q[j] === '\\' && j + 1 < q.length) j++;
        text += q[j];
      }
      if (j >= q.length) throw new KqlSyntaxError('unterminated quoted phrase', q, i);
      out.push({ t: 'word', text, quoted: true, wildcard: false, pos: i });
      i = j + 1;
      continue;
    }
    let text = '';
    let wildcard = false;
    const start = i;
    while (i < q.length && (!SPECIAL.has(q[i]) || (inRange && q[i] === ':'))) {
      if (q[i] === '\\' && i + 1 < q.length) {
        // An escaped wildcard stays literal: keep the backslash so the compilers can tell.
        text += q[i + 1] === '*' || q[i + 1] === '?' ? '\\' + q[i + 1] : q[i + 1];
        i += 2;
        continue;
      }
      if (q[i] === '*' || q[i] === '?') wildcard = true;
      text += q[i];
      i++;
    }
    const upper = text.toUpperCase();
    if (upper === 'AND' || upper === 'OR' || upper === 'NOT' || upper === 'TO') {
      out.push({ t: upper.toLowerCase() as 'and' | 'or' | 'not' | 'to', pos: start });
    } else {
      out.push({ t: 'word', text, quoted: false, wildcard, pos: start });
    }
  }
  return out;
}

const FIELD = /^[A-Za-z0-9_@][A-Za-z0-9_@.-]*$/;

export function parseKql(query: string | undefined): KqlNode {
  const q = (query ?? '').trim();
  if (!q) return { type: 'all' };
  const tokens = tokenize(q);
  let p = 0;
  const peek = () => tokens[p];
  const fail = (msg: string): never => {
    throw new KqlSyntaxError(msg, q, peek()?.pos ?? q.length);
  };
  const expect = (t: Token['t']) => {
    if (peek()?.t !== t) fail(`expected ${t}`);
    return tokens[p++];
  };

  function orExpr(): KqlNode {
    const children = [andExpr()];
    while (peek()?.t === 'or') {
      p++;
      children.push(andExpr());
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  }
  function andExpr(): KqlNode {
    const children = [notExpr()];
    for (;;) {
      const t = peek();
      if (!t || t.t === 'or' || t.t === 'rparen') break;
      if (t.t === 'and') p++;
      children.push(notExpr());
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  }
  function notExpr(): KqlNode {
    if (peek()?.t === 'not') {
      p++;
      return { type: 'not', child: notExpr() };
    }
    return primary();
  }
  function word(): Extract<Token, { t: 'word' }> {
    const t = peek();
    if (t?.t !== 'word') return fail('expected a value');
    p++;
    return t;
  }
  function primary(): KqlNode {
    const t = peek();
    if (!t) return fail('unexpected end of query');
    if (t.t === 'lparen') {
      p++;
      const inner = orExpr();
      expect('rparen');
      return inner;
    }
    if (t.t !== 'word') return fail(`unexpected "${t.t}"`);
    const next = tokens[p + 1];
    if (!t.quoted && next?.t === 'colon') {
      if (!FIELD.test(t.text)) fail(`invalid field name "${t.text}"`);
      p += 2;
      return fieldValue(t.text);
    }
    if (!t.quoted && next?.t === 'op') {
      if (!FIELD.test(t.text)) fail(`invalid field name "${t.text}"`);
      p += 2;
      const v = word().text;
      const key = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' }[next.op];
      return { type: 'range', field: t.text, [key]: v };
    }
    p++;
    return { type: 'match', value: t.text, wildcard: t.wildcard };
  }
  function fieldValue(field: string): KqlNode {
    const t = peek();
    if (t?.t === 'lparen') {
      p++;
      const values: KqlNode[] = [valueNode(field)];
      while (peek()?.t === 'or' || peek()?.t === 'word') {
        if (peek()?.t === 'or') p++;
        values.push(valueNode(field));
      }
      expect('rparen');
      return values.length === 1 ? values[0] : { type: 'or', children: values };
    }
    if (t?.t === 'lbracket') {
      p++;
      const lo = word().text;
      expect('to');
      const hi = word().text;
      expect('rbracket');
      const range: KqlNode = { type: 'range', field };
      if (lo !== '*') range.gte = lo;
      if (hi !== '*') range.lte = hi;
      return range;
    }
    return valueNode(field);
  }
  function valueNode(field: string): KqlNode {
    const w = word();
    if (!w.quoted && w.text === '*') return { type: 'exists', field };
    return { type: 'match', field, value: w.text, wildcard: w.wildcard };
  }

  const node = orExpr();
  if (p < tokens.length) fail(`unexpected "${(tokens[p] as { text?: string }).text ?? tokens[p].t}"`);
  return node;
}
