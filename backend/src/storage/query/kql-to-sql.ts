import { FREE_TEXT_FIELDS, isNumeric, type KqlNode } from './kql.ast.js';
import { unescapeValue, wildcardParts } from './kql-values.js';

/** A SQL string literal. */
export const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** JSON path for a dotted field, each key quoted so `@timestamp` or `-` never break it. */
export function jsonPath(field: string): string {
  return (
    '$.' +
    field
      .split('.')
      .map((k) => `"${k.replace(/"/g, '')}"`)
      .join('.')
  );
}

/** The values of a field of `doc` as a VARCHAR list (a scalar becomes a one-element list). */
export function fieldValuesSql(field: string, docColumn = 'doc'): string {
  return `vigie_vals(json_extract(${docColumn}, ${sqlString(jsonPath(field))}))`;
}

/** Macros the compiled SQL relies on; created once per database by the DuckDB adapter. */
export const SQL_MACROS = [
  `CREATE OR REPLACE MACRO vigie_vals(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN []::VARCHAR[]
     WHEN json_type(j) = 'ARRAY' THEN list_filter(json_extract_string(j, '$[*]'), x -> x IS NOT NULL)
     ELSE [json_extract_string(j, '$')] END`,
];

/** SQL LIKE pattern (escape `\`) from a KQL value with `*`/`?` wildcards, lower-cased. */
function likePattern(value: string): string {
  return wildcardParts(value.toLowerCase())
    .map((p) => (typeof p === 'string' ? p.replace(/[\\%_]/g, (c) => '\\' + c) : p.wild === '*' ? '%' : '_'))
    .join('');
}

/**
 * True when any value of the field satisfies `predicate` (given the SQL of one value). Scalars — the common case —
 * are tested directly on `json_extract_string`; only arrays pay for the list expansion.
 */
function anyValue(field: string, predicate: (v: string) => string, docColumn: string): string {
  const path = sqlString(jsonPath(field));
  return `(CASE WHEN json_type(${docColumn}, ${path}) = 'ARRAY' THEN len(list_filter(${fieldValuesSql(field, docColumn)}, x -> ${predicate('x')})) > 0 ELSE coalesce(${predicate(`json_extract_string(${docColumn}, ${path})`)}, false) END)`;
}

function matchSql(field: string, value: string, wildcard: boolean, docColumn: string): string {
  if (field === '@timestamp') {
    const ms = Date.parse(unescapeValue(value));
    return wildcard || Number.isNaN(ms) ? 'false' : `ts_ms = ${ms}`;
  }
  if (wildcard)
    return anyValue(field, (x) => `lower(${x}) LIKE ${sqlString(likePattern(value))} ESCAPE '\\'`, docColumn);
  const literal = unescapeValue(value);
  // `EventID:4688` matches 4688 stored as a number or as a string; `1.0` equals `1` numerically.
  if (isNumeric(literal)) {
    return anyValue(
      field,
      (x) => `(${x} = ${sqlString(literal)} OR TRY_CAST(${x} AS DOUBLE) = ${Number(literal)})`,
      docColumn,
    );
  }
  return anyValue(field, (x) => `lower(${x}) = ${sqlString(literal.toLowerCase())}`, docColumn);
}

function rangeSql(node: Extract<KqlNode, { type: 'range' }>, docColumn: string): string {
  const ops = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  const bounds = (Object.keys(ops) as (keyof typeof ops)[]).filter((k) => node[k] !== undefined);
  if (node.field === '@timestamp') {
    return bounds
      .map((k) => {
        const ms = isNumeric(node[k]!) ? Number(node[k]) : Date.parse(node[k]!);
        return Number.isNaN(ms) ? 'false' : `ts_ms ${ops[k]} ${ms}`;
      })
      .join(' AND ');
  }
  const numeric = bounds.every((k) => isNumeric(node[k]!));
  const datey = !numeric && bounds.every((k) => !Number.isNaN(Date.parse(node[k]!)));
  const predicate = (x: string) =>
    bounds
      .map((k) => {
        const v = node[k]!;
        if (numeric) return `TRY_CAST(${x} AS DOUBLE) ${ops[k]} ${Number(v)}`;
        if (datey) return `TRY_CAST(${x} AS TIMESTAMPTZ) ${ops[k]} TRY_CAST(${sqlString(v)} AS TIMESTAMPTZ)`;
        return `${x} ${ops[k]} ${sqlString(v)}`;
      })
      .join(' AND ');
  return anyValue(node.field, predicate, docColumn);
}

/** Compiles a KQL tree to a DuckDB SQL boolean expression over `ts_ms` (epoch ms of `@timestamp`) and the JSON column `doc`. */
export function kqlToSql(node: KqlNode, docColumn = 'doc'): string {
  switch (node.type) {
    case 'all':
      return 'true';
    case 'and':
      return `(${node.children.map((c) => kqlToSql(c, docColumn)).join(' AND ')})`;
    case 'or':
      return `(${node.children.map((c) => kqlToSql(c, docColumn)).join(' OR ')})`;
    case 'not':
      return `(NOT COALESCE(${kqlToSql(node.child, docColumn)}, false))`;
    case 'exists':
      return node.field === '@timestamp'
        ? 'ts_ms IS NOT NULL'
        : `len(${fieldValuesSql(node.field, docColumn)}) > 0`;
    case 'range':
      return rangeSql(node, docColumn);
    case 'match': {
      if (node.field) return matchSql(node.field, node.value, node.wildcard, docColumn);
      const inner = node.wildcard
        ? `*${node.value}*`
        : `*${unescapeValue(node.value).replace(/[*?]/g, '\\$&')}*`;
      return `(${FREE_TEXT_FIELDS.map((f) => matchSql(f, inner, true, docColumn)).join(' OR ')})`;
    }
  }
}
