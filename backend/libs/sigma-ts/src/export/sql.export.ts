/**
 * Export of a detection rule to a SQL WHERE clause for DuckDB. The caller supplies how a mapped field is read
 * (`fieldSql`, e.g. `json_extract_string(doc, '$.process.command_line')`). Case-insensitive tests use lower();
 * LIKE patterns escape `%`, `_` and `\` with ESCAPE '\'. Regexes use DuckDB's RE2 `regexp_matches`.
 */
import { parseCidr } from '../modifiers/cidr.modifier.js';
import type { DetectionNode, GlobPart, Pred, SigmaRule } from '../types.js';
import { ExportError, fieldKeys, resolvePipeline, type ExportBaseOptions } from './field-keys.js';

export interface SqlExportOptions extends ExportBaseOptions {
  /** SQL expression reading a mapped field (a dotted ECS path, or a Sigma field name for evtx-json/none). */
  fieldSql: (field: string) => string;
  /** SQL expression of the whole event as text, for keyword (field-less) searches; without it they are rejected. */
  allTextSql?: string;
}

export type SqlExportResult = { ok: true; sql: string } | { ok: false; reason: string };

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

function globToLike(parts: GlobPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeLike(p) : p.wild === '*' ? '%' : '_')).join('');
}

function like(expr: string, pattern: string, cased: boolean): string {
  return cased
    ? `(${expr} LIKE ${sqlString(pattern)} ESCAPE '\\')`
    : `(lower(${expr}) LIKE ${sqlString(pattern.toLowerCase())} ESCAPE '\\')`;
}

function ipv4Number(expr: string): string {
  const part = (i: number) => `TRY_CAST(split_part(${expr}, '.', ${i}) AS BIGINT)`;
  return `(${part(1)} * 16777216 + ${part(2)} * 65536 + ${part(3)} * 256 + ${part(4)})`;
}

function predSql(p: Pred, f: string, ref: (field: string) => string): string {
  switch (p.t) {
    case 'str': {
      if (p.mode === 'eq')
        return p.cased ? `(${f} = ${sqlString(p.lit)})` : `(lower(${f}) = ${sqlString(p.lit.toLowerCase())})`;
      const lit = escapeLike(p.lit);
      const pat = p.mode === 'prefix' ? lit + '%' : p.mode === 'suffix' ? '%' + lit : '%' + lit + '%';
      return like(f, pat, p.cased);
    }
    case 'glob':
      return like(f, globToLike(p.parts), p.cased);
    case 're': {
      const flags = p.flags.replace(/[^ims]/g, '');
      const src = (flags ? `(?${flags})` : '') + p.source;
      return `regexp_matches(${f}, ${sqlString(src)})`;
    }
    case 'num':
      return `(TRY_CAST(${f} AS DOUBLE) ${{ lt: '<', lte: '<=', gt: '>', gte: '>=' }[p.cmp]} ${p.value})`;
    case 'cidr': {
      const r = parseCidr(p.cidr);
      if (typeof r === 'string') throw new ExportError(r);
      if (r.bytes.length !== 4)
        throw new ExportError(`cidr ${p.cidr}: IPv6 ranges have no portable SQL form`);
      const base = ((r.bytes[0] << 24) >>> 0) + (r.bytes[1] << 16) + (r.bytes[2] << 8) + r.bytes[3];
      const size = 2 ** (32 - r.prefix);
      const lo = Math.floor(base / size) * size;
      return `(regexp_full_match(${f}, '\\d{1,3}(\\.\\d{1,3}){3}') AND ${ipv4Number(f)} BETWEEN ${lo} AND ${lo + size - 1})`;
    }
    case 'exists':
      return p.value ? `(${f} IS NOT NULL)` : `(${f} IS NULL)`;
    case 'null':
      return `(${f} IS NULL)`;
    case 'fieldref': {
      const g = ref(p.field);
      const a = p.cased ? f : `lower(${f})`;
      const b = p.cased ? g : `lower(${g})`;
      return {
        eq: `(${a} = ${b})`,
        prefix: `starts_with(${a}, ${b})`,
        suffix: `ends_with(${a}, ${b})`,
        contains: `contains(${a}, ${b})`,
      }[p.mode];
    }
    case 'time':
      return `(date_part('${p.part === 'week' ? 'week' : p.part}', TRY_CAST(${f} AS TIMESTAMP)) = ${p.value})`;
    case 'not':
      return `(NOT coalesce(${predSql(p.p, f, ref)}, false))`;
    case 'or':
      return `(${p.ps.map((q) => predSql(q, f, ref)).join(' OR ')})`;
  }
}

/** Builds the WHERE clause (without the WHERE keyword) of a rule. */
export function toSqlWhere(rule: SigmaRule, opts: SqlExportOptions): SqlExportResult {
  const pipeline = resolvePipeline(opts.pipeline);
  const expr = (field: string): string => {
    const ks = fieldKeys(pipeline, field, rule.logsource);
    const parts = ks.map((k) => opts.fieldSql(k));
    return parts.length === 1 ? parts[0] : `coalesce(${parts.join(', ')})`;
  };
  const walk = (n: DetectionNode): string => {
    switch (n.kind) {
      case 'and':
        return `(${n.children.map(walk).join(' AND ')})`;
      case 'or':
        return `(${n.children.map(walk).join(' OR ')})`;
      case 'not':
        return `(NOT coalesce(${walk(n.child)}, false))`;
      case 'const':
        return n.value ? 'TRUE' : 'FALSE';
      case 'field': {
        let f: string;
        if (n.field === null) {
          if (!opts.allTextSql) throw new ExportError('keyword search needs allTextSql');
          f = opts.allTextSql;
        } else f = expr(n.field);
        const qs = n.items.map((p) => `coalesce(${predSql(p, f, expr)}, false)`);
        return qs.length === 1 ? qs[0] : `(${qs.join(n.join === 'and' ? ' AND ' : ' OR ')})`;
      }
    }
  };
  try {
    return { ok: true, sql: walk(rule.detection) };
  } catch (e) {
    return { ok: false, reason: `${rule.id}: ${(e as Error).message}` };
  }
}
