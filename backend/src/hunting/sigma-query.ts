/**
 * A Sigma detection rule as a query over stored events, for the storage adapters' `huntSigma`: Elasticsearch DSL
 * (sigma-ts `toElasticsearchQuery` on the ECS field names; keyword fields match case-insensitively) and a DuckDB
 * WHERE clause (sigma-ts `toSqlWhere` per field test, applied to every value of the field in the JSON `doc`
 * column, arrays included, as the in-memory engine does). Both add the rule's logsource routing on
 * `vigie.logsource.*` (exact, with Sigma's umbrella categories), so they select what `engine.match` would.
 */
import {
  getPipeline,
  toElasticsearchQuery,
  toSqlWhere,
  type DetectionNode,
  type FieldTest,
  type Logsource,
  type SigmaRule,
} from 'sigma-ts';
import { fieldValuesSql, jsonPath } from '../storage/query/kql-to-sql.js';
import { sqlString } from '../storage/query/kql-to-sql.js';

export type SigmaQueryResult<T> = { ok: true; query: T } | { ok: false; reason: string };

const UMBRELLAS: Record<string, string[]> = {
  registry_event: ['registry_add', 'registry_delete', 'registry_set', 'registry_rename'],
};

/** The routing constraints of a rule's logsource (product, service, and the categories that satisfy it). */
export function logsourceConstraints(ls: Logsource): {
  product?: string;
  service?: string;
  categories?: string[];
} {
  return {
    product: ls.product,
    service: ls.service,
    categories: ls.category ? [ls.category, ...(UMBRELLAS[ls.category] ?? [])] : undefined,
  };
}

export function sigmaToElasticsearch(rule: SigmaRule): SigmaQueryResult<Record<string, unknown>> {
  const r = toElasticsearchQuery(rule, { pipeline: 'ecs' });
  if (!r.ok) return r;
  const c = logsourceConstraints(rule.logsource);
  const filter: Record<string, unknown>[] = [r.query];
  if (c.product) filter.push({ term: { 'vigie.logsource.product': c.product } });
  if (c.service) filter.push({ term: { 'vigie.logsource.service': c.service } });
  if (c.categories) filter.push({ terms: { 'vigie.logsource.category': c.categories } });
  return { ok: true, query: { bool: { filter } } };
}

const ecs = getPipeline('ecs');

/** Every value of a mapped Sigma field: the first ECS key (of the pipeline's candidates) that has values. */
function valuesSql(keys: string[]): string {
  if (keys.length === 1) return fieldValuesSql(keys[0]);
  return `(CASE ${keys
    .slice(0, -1)
    .map((k) => `WHEN len(${fieldValuesSql(k)}) > 0 THEN ${fieldValuesSql(k)}`)
    .join(' ')} ELSE ${fieldValuesSql(keys[keys.length - 1])} END)`;
}

/** Field-less (keyword) searches look into the first present of: winlog event/user data values, message, event.original. */
const KEYWORD_VALUES_SQL = `(CASE WHEN json_exists(doc, '$.winlog.event_data') OR json_exists(doc, '$.winlog.user_data')
  THEN list_filter(list_concat(coalesce(json_extract_string(doc, '$.winlog.event_data.*'), []), coalesce(json_extract_string(doc, '$.winlog.user_data.*'), [])), v -> v IS NOT NULL)
  WHEN len(${fieldValuesSql('message')}) > 0 THEN ${fieldValuesSql('message')} ELSE ${fieldValuesSql('event.original')} END)`;

export function sigmaToSql(rule: SigmaRule): SigmaQueryResult<string> {
  const one = (node: FieldTest): string => {
    const keys = node.field === null ? [] : ecs.mapField(node.field, rule.logsource).keys;
    const list = node.field === null ? KEYWORD_VALUES_SQL : valuesSql(keys);
    const items = node.items.map((p) => {
      if (p.t === 'exists') return p.value ? `(len(${list}) > 0)` : `(len(${list}) = 0)`;
      if (p.t === 'null') return `(len(${list}) = 0)`;
      const single: FieldTest = { kind: 'field', field: node.field, join: 'or', items: [p] };
      if (p.t === 'fieldref') {
        const scalar = (k: string) => `json_extract_string(doc, ${sqlString(jsonPath(k))})`;
        const r = toSqlWhere({ ...rule, detection: single }, { pipeline: 'ecs', fieldSql: scalar });
        if (!r.ok) throw new Error(r.reason);
        return r.sql;
      }
      const r = toSqlWhere(
        { ...rule, detection: single },
        { pipeline: 'ecs', fieldSql: () => 'x', allTextSql: 'x' },
      );
      if (!r.ok) throw new Error(r.reason);
      return `(len(list_filter(${list}, x -> ${r.sql})) > 0)`;
    });
    return items.length === 1 ? items[0] : `(${items.join(node.join === 'and' ? ' AND ' : ' OR ')})`;
  };
  const walk = (n: DetectionNode): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${n.children.map(walk).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT coalesce(${walk(n.child)}, false))`;
      case 'const':
        return n.value ? 'TRUE' : 'FALSE';
      case 'field':
        return one(n);
    }
  };
  try {
    const parts = [walk(rule.detection)];
    const c = logsourceConstraints(rule.logsource);
    const ls = (k: string) => `json_extract_string(doc, ${sqlString(jsonPath(`vigie.logsource.${k}`))})`;
    if (c.product) parts.push(`${ls('product')} = ${sqlString(c.product)}`);
    if (c.service) parts.push(`${ls('service')} = ${sqlString(c.service)}`);
    if (c.categories)
      parts.push(
        `list_has_any(${fieldValuesSql('vigie.logsource.category')}, [${c.categories.map(sqlString).join(', ')}])`,
      );
    return { ok: true, query: parts.join(' AND ') };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
