import { FREE_TEXT_FIELDS, isNumeric, type KqlNode } from './kql.ast.js';
import { unescapeValue, wildcardParts } from './kql-values.js';

type EsQuery = Record<string, unknown>;

const escapeLiteral = (text: string): string => text.replace(/[\\*?]/g, (c) => '\\' + c);

/** Elasticsearch wildcard syntax: `*`/`?` wildcards, `\` escapes the literal ones. */
function esWildcard(value: string): string {
  return wildcardParts(value)
    .map((p) => (typeof p === 'string' ? escapeLiteral(p) : p.wild))
    .join('');
}

function matchQuery(field: string, value: string, wildcard: boolean): EsQuery {
  if (wildcard) return { wildcard: { [field]: { value: esWildcard(value), case_insensitive: true } } };
  const literal = unescapeValue(value);
  // Numbers and booleans also hit numeric/boolean fields, where case_insensitive is not accepted.
  if (isNumeric(literal) || literal === 'true' || literal === 'false') return { term: { [field]: literal } };
  return { term: { [field]: { value: literal, case_insensitive: true } } };
}

/** Compiles a KQL tree to Elasticsearch query DSL (case-insensitive on keyword and wildcard fields). */
export function kqlToElasticsearch(node: KqlNode): EsQuery {
  switch (node.type) {
    case 'all':
      return { match_all: {} };
    case 'and':
      return { bool: { filter: node.children.map(kqlToElasticsearch) } };
    case 'or':
      return { bool: { should: node.children.map(kqlToElasticsearch), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [kqlToElasticsearch(node.child)] } };
    case 'exists':
      return { exists: { field: node.field } };
    case 'range': {
      const bounds: Record<string, string | number> = {};
      for (const k of ['gt', 'gte', 'lt', 'lte'] as const) {
        const v = node[k];
        if (v !== undefined) bounds[k] = isNumeric(v) ? Number(v) : v;
      }
      return { range: { [node.field]: bounds } };
    }
    case 'match': {
      if (node.field) return matchQuery(node.field, node.value, node.wildcard);
      const inner = node.wildcard ? esWildcard(node.value) : escapeLiteral(unescapeValue(node.value));
      return {
        bool: {
          should: FREE_TEXT_FIELDS.map((f) => ({
            wildcard: { [f]: { value: `*${inner}*`, case_insensitive: true } },
          })),
          minimum_should_match: 1,
        },
      };
    }
  }
}
