import { parseTimespan } from './timespan.js';
import {
  COMPARISON_OPERATORS,
  CORRELATION_TYPES,
  type Comparison,
  type ComparisonOperator,
  type CorrelationRule,
  type CorrelationType,
} from './correlation.types.js';

type Result = { ok: true; rule: CorrelationRule } | { ok: false; reason: string };

const FIELD_TYPES: ReadonlySet<CorrelationType> = new Set([
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
  'value_median',
]);
const TEMPORAL_TYPES: ReadonlySet<CorrelationType> = new Set(['temporal', 'temporal_ordered']);
const CONDITION_KEYS = new Set<string>([...COMPARISON_OPERATORS, 'field', 'percentile']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(doc: Record<string, unknown>, key: string): string | undefined | { bad: string } {
  const v = doc[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') return { bad: `${key} must be a non-empty string` };
  return v;
}

/**
 * Semantic validation of a Sigma correlation document (schema validation is the parser's job).
 * Never throws: bad input returns `{ ok: false, reason }` naming the file and the attribute.
 */
export function parseCorrelationRule(doc: Record<string, unknown>, ctx: { path: string }): Result {
  const fail = (reason: string): Result => ({ ok: false, reason: `${ctx.path}: ${reason}` });
  if (!isRecord(doc)) return fail('correlation document must be a mapping');

  const title = doc.title;
  if (typeof title !== 'string' || title.trim() === '') return fail('title is mandatory');
  const meta: Record<string, string | undefined> = {};
  for (const key of ['id', 'name', 'level']) {
    const v = optionalString(doc, key);
    if (typeof v === 'object') return fail(v.bad);
    meta[key] = v;
  }
  let generate = false;
  if (doc.generate !== undefined && doc.generate !== null) {
    if (typeof doc.generate !== 'boolean') return fail('generate must be true or false');
    generate = doc.generate;
  }

  const c = doc.correlation;
  if (!isRecord(c)) return fail('correlation section is missing or not a mapping');

  const type = c.type;
  if (typeof type !== 'string' || !(CORRELATION_TYPES as readonly string[]).includes(type)) {
    return fail(`correlation.type "${String(type)}" is not one of ${CORRELATION_TYPES.join(', ')}`);
  }
  const ctype = type as CorrelationType;

  // rules
  const rules = c.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    return fail('correlation.rules must be a non-empty list of rule ids or names');
  }
  for (const r of rules) {
    if (typeof r !== 'string' || r.trim() === '')
      return fail('correlation.rules entries must be non-empty strings');
  }
  const ruleRefs = rules as string[];
  if (new Set(ruleRefs).size !== ruleRefs.length) return fail('correlation.rules lists the same rule twice');
  if (TEMPORAL_TYPES.has(ctype) && ruleRefs.length < 2) {
    return fail(`a ${ctype} correlation needs at least 2 referenced rules, found ${ruleRefs.length}`);
  }
  const self = [meta.id, meta.name].filter((x): x is string => x !== undefined);
  const selfRef = ruleRefs.find((r) => self.includes(r));
  if (selfRef) return fail(`correlation.rules references the correlation itself ("${selfRef}")`);

  // group-by (absent means one global group)
  let groupBy: string[] = [];
  if (c['group-by'] !== undefined && c['group-by'] !== null) {
    const g = c['group-by'];
    if (!Array.isArray(g) || g.some((x) => typeof x !== 'string' || x === '')) {
      return fail('correlation.group-by must be a list of field names');
    }
    groupBy = g as string[];
    if (new Set(groupBy).size !== groupBy.length)
      return fail('correlation.group-by lists the same field twice');
  }

  // aliases
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases !== undefined && c.aliases !== null) {
    if (!isRecord(c.aliases)) return fail('correlation.aliases must be a mapping alias -> { rule: field }');
    for (const [alias, mapping] of Object.entries(c.aliases)) {
      if (!isRecord(mapping)) return fail(`correlation.aliases.${alias} must be a mapping rule -> field`);
      const out: Record<string, string> = {};
      for (const [ruleRef, field] of Object.entries(mapping)) {
        if (typeof field !== 'string' || field === '') {
          return fail(`correlation.aliases.${alias}.${ruleRef} must be a field name`);
        }
        if (!ruleRefs.includes(ruleRef)) {
          return fail(
            `correlation.aliases.${alias} maps rule "${ruleRef}", which is not in correlation.rules`,
          );
        }
        out[ruleRef] = field;
      }
      aliases[alias] = out;
    }
  }

  // timespan
  const ts = parseTimespan(c.timespan);
  if (!ts.ok) return fail(`correlation.${ts.reason}`);

  // condition
  const comparisons: Comparison[] = [];
  let fields: string[] = [];
  let percentile: number | undefined;
  const cond = c.condition;
  if (cond === undefined || cond === null) {
    if (!TEMPORAL_TYPES.has(ctype)) return fail(`correlation.condition is mandatory for ${ctype}`);
  } else {
    if (!isRecord(cond)) return fail('correlation.condition must be a mapping such as { gte: 10 }');
    for (const [k, v] of Object.entries(cond)) {
      if (!CONDITION_KEYS.has(k)) {
        return fail(
          `correlation.condition has unknown key "${k}" (allowed: ${[...CONDITION_KEYS].join(', ')})`,
        );
      }
      if ((COMPARISON_OPERATORS as readonly string[]).includes(k)) {
        if (typeof v !== 'number' || !Number.isFinite(v))
          return fail(`correlation.condition.${k} must be a number`);
        comparisons.push({ op: k as ComparisonOperator, value: v });
      }
    }
    if (comparisons.length === 0) {
      return fail('correlation.condition needs at least one of gt, gte, lt, lte, eq, neq');
    }
    const f = cond.field;
    if (f !== undefined && f !== null) {
      const list = Array.isArray(f) ? f : [f];
      if (list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
        return fail('correlation.condition.field must be a field name or a list of field names');
      }
      fields = list as string[];
    }
    if (cond.percentile !== undefined && cond.percentile !== null) {
      const p = cond.percentile;
      if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
        return fail('correlation.condition.percentile must be a number between 0 and 100');
      }
      percentile = p;
    }
  }
  if (FIELD_TYPES.has(ctype)) {
    if (fields.length === 0) return fail(`correlation.condition.field is mandatory for ${ctype}`);
    if (ctype !== 'value_count' && fields.length > 1) {
      return fail(`${ctype} aggregates one numeric field, got ${fields.length}`);
    }
  } else if (fields.length > 0) {
    return fail(`correlation.condition.field is meaningless for ${ctype}`);
  }
  if (ctype === 'value_percentile' && percentile === undefined) {
    return fail(
      'value_percentile needs correlation.condition.percentile (0-100), e.g. { field: x, percentile: 95, gt: 1000 }',
    );
  }
  if (ctype === 'value_median') {
    if (percentile !== undefined && percentile !== 50)
      return fail('value_median is percentile 50; drop condition.percentile');
    percentile = 50;
  } else if (ctype !== 'value_percentile' && percentile !== undefined) {
    return fail(`correlation.condition.percentile is only valid for value_percentile`);
  }
  if (!satisfiable(comparisons)) {
    return fail(`correlation.condition ${JSON.stringify(cond)} can never be true`);
  }

  if (comparisons.length === 0) {
    // temporal without condition: every referenced rule must appear (in order for temporal_ordered)
    comparisons.push({ op: 'gte', value: ruleRefs.length });
  }

  const rule: CorrelationRule = {
    key: meta.id ?? meta.name ?? `${ctx.path}#${title}`,
    title,
    path: ctx.path,
    type: ctype,
    rules: ruleRefs,
    groupBy,
    aliases,
    timespan: String(c.timespan),
    timespanMs: ts.ms,
    comparisons,
    fields,
    generate,
  };
  if (meta.id) rule.id = meta.id;
  if (meta.name) rule.name = meta.name;
  if (meta.level) rule.level = meta.level;
  if (percentile !== undefined) rule.percentile = percentile;
  return { ok: true, rule };
}

/** Rejects ranges with an empty interval, e.g. { gt: 10, lt: 5 }. */
function satisfiable(comparisons: Comparison[]): boolean {
  let lo = -Infinity;
  let loIncl = false;
  let hi = Infinity;
  let hiIncl = false;
  for (const { op, value } of comparisons) {
    if ((op === 'gt' || op === 'gte') && (value > lo || (value === lo && op === 'gt'))) {
      lo = value;
      loIncl = op === 'gte';
    } else if ((op === 'lt' || op === 'lte') && (value < hi || (value === hi && op === 'lt'))) {
      hi = value;
      hiIncl = op === 'lte';
    } else if (op === 'eq') {
      if (comparisons.some((o) => o.op === 'eq' && o.value !== value)) return false;
      if (comparisons.some((o) => o.op === 'neq' && o.value === value)) return false;
    }
  }
  for (const { op, value } of comparisons) {
    if (op === 'eq' && !compare(value, comparisons)) return false;
  }
  if (lo > hi) return false;
  if (lo === hi && !(loIncl && hiIncl)) return false;
  return true;
}

/** True when `value` satisfies every comparison. */
export function compare(value: number, comparisons: readonly Comparison[]): boolean {
  for (const { op, value: t } of comparisons) {
    switch (op) {
      case 'gt':
        if (!(value > t)) return false;
        break;
      case 'gte':
        if (!(value >= t)) return false;
        break;
      case 'lt':
        if (!(value < t)) return false;
        break;
      case 'lte':
        if (!(value <= t)) return false;
        break;
      case 'eq':
        if (value !== t) return false;
        break;
      case 'neq':
        if (value === t) return false;
        break;
    }
  }
  return true;
}
