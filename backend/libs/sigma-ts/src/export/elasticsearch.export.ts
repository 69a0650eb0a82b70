/**
 * Export of a detection rule to Elasticsearch query DSL on the mapped field names of a pipeline. Case-insensitive
 * matching uses `case_insensitive: true` on term/prefix/wildcard (keyword fields); regexps get it from the `i` flag.
 */
import { parseCidr, cidrNetwork } from '../modifiers/cidr.modifier.js';
import { hoistInlineFlags } from '../modifiers/regex.modifier.js';
import type { DetectionNode, GlobPart, Pred, SigmaRule } from '../types.js';
import { ExportError, fieldKeys, resolvePipeline, type ExportBaseOptions } from './field-keys.js';

export interface EsExportOptions extends ExportBaseOptions {
  /** Also require the rule's logsource through `vigie.logsource.*` term filters (default false). */
  logsourceFilter?: boolean;
}

export type EsQuery = Record<string, unknown>;
export type EsExportResult = { ok: true; query: EsQuery } | { ok: false; reason: string };

const bool = (b: Record<string, unknown>): EsQuery => ({ bool: b });
const or = (qs: EsQuery[]): EsQuery =>
  qs.length === 1 ? qs[0] : bool({ should: qs, minimum_should_match: 1 });
const and = (qs: EsQuery[]): EsQuery => (qs.length === 1 ? qs[0] : bool({ filter: qs }));
const not = (q: EsQuery): EsQuery => bool({ must_not: [q] });

function escapeWildcard(s: string): string {
  return s.replace(/[\\*?]/g, (m) => '\\' + m);
}

function globToWildcard(parts: GlobPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeWildcard(p) : p.wild)).join('');
}

const CLASS_ESCAPES: Record<string, string> = {
  d: '0-9',
  w: 'A-Za-z0-9_',
  s: ' \t\n\r\f\v',
};
const CHAR_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };

/**
 * A Sigma (PCRE subset) regex as a Lucene regexp: anchored with `.*` unless `^`/`$`, shorthand classes
 * (`\d \w \s` and negations) and control escapes (`\t \n`…) spelled out, since Lucene reads `\c` as a literal `c`,
 * and Lucene operators that PCRE treats as literals (`"`, `<`, `>`, `#`, `@`, `&`, `~`) escaped.
 */
export function toLuceneRegexp(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      const lower = n.toLowerCase();
      if (lower in CLASS_ESCAPES) {
        const set = CLASS_ESCAPES[lower];
        const negated = n !== lower;
        if (inClass) {
          if (negated) throw new ExportError(`regex \\${n} inside a character class has no Lucene form`);
          out += set;
        } else out += negated ? `[^${set}]` : `[${set}]`;
      } else if (n in CHAR_ESCAPES) out += CHAR_ESCAPES[n];
      else out += '\\' + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c === '"' ? '\\"' : c;
      continue;
    }
    if (c === '[') inClass = true;
    out += '"<>#@&~'.includes(c) ? '\\' + c : c;
  }
  let s = out;
  s = s.startsWith('^') ? s.slice(1) : '.*' + s;
  s = s.endsWith('$') && !s.endsWith('\\$') ? s.slice(0, -1) : s + '.*';
  return s;
}

function hasLetters(s: string): boolean {
  return s.toLowerCase() !== s.toUpperCase();
}

function predQuery(p: Pred, field: string, allKeysForRef: (f: string) => string): EsQuery {
  switch (p.t) {
    case 'str': {
      const ci = !p.cased && hasLetters(p.lit);
      const opt = (value: string) => (ci ? { value, case_insensitive: true } : { value });
      if (p.mode === 'eq') return { term: { [field]: opt(p.lit) } };
      if (p.mode === 'prefix') return { prefix: { [field]: opt(p.lit) } };
      const w = p.mode === 'suffix' ? '*' + escapeWildcard(p.lit) : '*' + escapeWildcard(p.lit) + '*';
      return { wildcard: { [field]: opt(w) } };
    }
    case 'glob': {
      const value = globToWildcard(p.parts);
      return { wildcard: { [field]: p.cased ? { value } : { value, case_insensitive: true } } };
    }
    case 're': {
      const h = hoistInlineFlags(p.source, p.flags);
      const q: Record<string, unknown> = { value: toLuceneRegexp(h.source), flags: 'NONE' };
      if (h.flags.includes('i')) q.case_insensitive = true;
      return { regexp: { [field]: q } };
    }
    case 'num':
      return { range: { [field]: { [p.cmp]: p.value } } };
    case 'cidr': {
      const r = parseCidr(p.cidr);
      if (typeof r === 'string') throw new ExportError(r);
      return { term: { [field]: cidrNetwork(r) } };
    }
    case 'exists':
      return p.value ? { exists: { field } } : not({ exists: { field } });
    case 'null':
      return not({ exists: { field } });
    case 'fieldref': {
      if (p.mode !== 'eq') throw new ExportError(`fieldref|${p.mode} has no Elasticsearch DSL form`);
      const other = allKeysForRef(p.field);
      return {
        script: {
          script: {
            source:
              'doc.containsKey(params.a) && doc.containsKey(params.b) && doc[params.a].size() > 0 && doc[params.b].size() > 0 && doc[params.a].value.toString().equalsIgnoreCase(doc[params.b].value.toString())',
            params: { a: field, b: other },
          },
        },
      };
    }
    case 'time':
      return {
        script: {
          script: {
            source: `doc.containsKey(params.f) && doc[params.f].size() > 0 && doc[params.f].value.get${{ minute: 'Minute', hour: 'Hour', day: 'DayOfMonth', week: 'DayOfYear', month: 'MonthValue', year: 'Year' }[p.part]}() == params.v`,
            params: { f: field, v: p.value },
          },
        },
      };
    case 'not':
      return not(predQuery(p.p, field, allKeysForRef));
    case 'or':
      return or(p.ps.map((q) => predQuery(q, field, allKeysForRef)));
  }
}

function keywordQuery(p: Pred): EsQuery {
  if (p.t === 'str') {
    const lit = p.mode === 'eq' ? p.lit : `*${p.lit}*`;
    return {
      query_string: {
        query:
          p.mode === 'eq'
            ? `"${p.lit.replace(/["\\]/g, '\\$&')}"`
            : lit.replace(/[+\-=&|><!(){}[\]^"~:\\/ ]/g, '\\$&'),
        default_field: '*',
        analyze_wildcard: true,
      },
    };
  }
  if (p.t === 'or') return or(p.ps.map(keywordQuery));
  if (p.t === 'not') return not(keywordQuery(p.p));
  throw new ExportError(`keyword search with '${p.t}' has no Elasticsearch DSL form`);
}

/** Builds the query for a rule (its whole detection, condition resolved). */
export function toElasticsearchQuery(rule: SigmaRule, opts: EsExportOptions): EsExportResult {
  const pipeline = resolvePipeline(opts.pipeline);
  const keys = (f: string) => fieldKeys(pipeline, f, rule.logsource);
  const walk = (n: DetectionNode): EsQuery => {
    switch (n.kind) {
      case 'and':
        return and(n.children.map(walk));
      case 'or':
        return or(n.children.map(walk));
      case 'not':
        return not(walk(n.child));
      case 'const':
        return n.value ? { match_all: {} } : { match_none: {} };
      case 'field': {
        const one = (p: Pred): EsQuery => {
          if (n.field === null) return keywordQuery(p);
          const ks = keys(n.field);
          // First present key wins: key i is tested only when keys before it are absent.
          const alts = ks.map((k, i) => {
            const q = predQuery(p, k, (f) => keys(f)[0]);
            if (i === 0 || p.t === 'exists' || p.t === 'null') return q;
            return and([q, ...ks.slice(0, i).map((prev) => not({ exists: { field: prev } }))]);
          });
          if (p.t === 'exists' && p.value) return or(alts);
          if (p.t === 'null' || (p.t === 'exists' && !p.value)) return and(alts);
          return or(alts);
        };
        const qs = n.items.map(one);
        return n.join === 'and' ? and(qs) : or(qs);
      }
    }
  };
  try {
    let q = walk(rule.detection);
    if (opts.logsourceFilter) {
      const terms: EsQuery[] = [];
      for (const k of ['product', 'category', 'service'] as const) {
        const v = rule.logsource[k];
        if (v) terms.push({ term: { [`vigie.logsource.${k}`]: v } });
      }
      if (terms.length) q = and([q, ...terms]);
    }
    return { ok: true, query: q };
  } catch (e) {
    return { ok: false, reason: `${rule.id}: ${(e as Error).message}` };
  }
}
