/**
 * Turns one YAML document into a Sigma detection rule or filter: Sigma 1 constructs rejected with a reason naming
 * them, schema validation, then detection items and condition resolved into one DetectionNode tree.
 */
import { parseCondition } from '../condition/condition.parser.js';
import { buildFieldTest, type ModifierOptions } from '../modifiers/apply.js';
import { validateDocument } from '../schema/validate.js';
import type {
  DetectionNode,
  FieldTest,
  Logsource,
  Result,
  RuleLevel,
  SigmaFilter,
  SigmaRule,
} from '../types.js';

export interface ParseOptions extends ModifierOptions {
  /** Accept rules with `status: unsupported` (rejected by default: the spec says they cannot be used as they are). */
  allowUnsupported?: boolean;
}

/** Sigma 1 constructs that Sigma 2 dropped; returns a reason naming the construct, or null. */
export function legacyConstruct(doc: Record<string, unknown>): string | null {
  if ('action' in doc)
    return `rule collection 'action: ${String(doc.action)}' (Sigma 1) is not supported in Sigma 2`;
  const det = doc.detection;
  if (det && typeof det === 'object' && !Array.isArray(det)) {
    const d = det as Record<string, unknown>;
    const conds = Array.isArray(d.condition) ? d.condition : [d.condition];
    for (const c of conds) {
      if (typeof c !== 'string') continue;
      const agg = /\|\s*(count|min|max|avg|sum)\s*\(/i.exec(c);
      if (agg) return `Sigma 1 aggregation '| ${agg[1]}()' in condition is obsolete, use a correlation rule`;
      if (c.includes('|')) return `Sigma 1 aggregation '|' in condition is obsolete, use a correlation rule`;
      if (/\bnear\b/i.test(c))
        return `Sigma 1 'near' operator in condition is obsolete, use a temporal correlation rule`;
      if (/\bcount\s*\(/i.test(c))
        return `Sigma 1 aggregation 'count()' in condition is obsolete, use a correlation rule`;
    }
    if ('timeframe' in d)
      return `Sigma 1 'detection.timeframe' (aggregation time window) is obsolete, use a correlation rule`;
  }
  return null;
}

/** Legacy `YYYY/MM/DD` dates become `YYYY-MM-DD` (Sigma 2 dropped the slash form; old rules still carry it). */
function normalizeDates(doc: Record<string, unknown>): Record<string, unknown> {
  const out = { ...doc };
  for (const k of ['date', 'modified']) {
    const v = out[k];
    if (v instanceof Date) out[k] = v.toISOString().slice(0, 10);
    else if (typeof v === 'string' && /^\d{4}\/\d{2}\/\d{2}$/.test(v)) out[k] = v.replace(/\//g, '-');
  }
  return out;
}

/** Metadata lists with duplicates (old rules) are de-duplicated: harmless to detection, rejected by the schema. */
function dedupeMetadata(doc: Record<string, unknown>): Record<string, unknown> {
  for (const k of ['falsepositives', 'references', 'tags', 'fields']) {
    const v = doc[k];
    if (Array.isArray(v)) doc[k] = [...new Set(v)];
  }
  return doc;
}

function forSchema(doc: Record<string, unknown>): Record<string, unknown> {
  const out = dedupeMetadata(normalizeDates(doc));
  const det = out.detection;
  if (det && typeof det === 'object' && !Array.isArray(det)) {
    const d = { ...(det as Record<string, unknown>) };
    if (Array.isArray(d.condition)) d.condition = d.condition.map(String).join(' or ');
    out.detection = d;
  }
  return out;
}

/** Builds one search identifier: a map (AND of fields), a list of maps (OR), or a list of keywords (OR). */
export function buildSearch(name: string, value: unknown, opts: ModifierOptions): DetectionNode | string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `detection.${name}: empty list`;
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const t = buildFieldTest('', value, opts);
      return typeof t === 'string' ? `detection.${name}: keywords ${t}` : t;
    }
    const kids: DetectionNode[] = [];
    for (const v of value) {
      const k = buildSearch(name, v, opts);
      if (typeof k === 'string') return k;
      kids.push(k);
    }
    return kids.length === 1 ? kids[0] : { kind: 'or', children: kids };
  }
  if (value !== null && typeof value === 'object') {
    const kids: DetectionNode[] = [];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const t = buildFieldTest(key, v, opts);
      if (typeof t === 'string') return `detection.${name}.${t}`;
      kids.push(t);
    }
    if (kids.length === 0) return `detection.${name}: empty map`;
    return kids.length === 1 ? kids[0] : { kind: 'and', children: kids };
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const t = buildFieldTest('', [value], opts);
    return typeof t === 'string' ? `detection.${name}: ${t}` : t;
  }
  return `detection.${name}: must be a map or a list`;
}

/** Builds the detection tree of a `detection`-like block (identifiers plus `condition`). */
export function buildDetection(det: Record<string, unknown>, opts: ModifierOptions): DetectionNode | string {
  const idents = new Map<string, DetectionNode>();
  for (const [name, value] of Object.entries(det)) {
    if (name === 'condition' || name === 'rules') continue;
    const node = buildSearch(name, value, opts);
    if (typeof node === 'string') return node;
    idents.set(name, node);
  }
  const conds = Array.isArray(det.condition) ? det.condition : [det.condition];
  const trees: DetectionNode[] = [];
  for (const c of conds) {
    if (typeof c !== 'string') return 'detection.condition: must be a string or a list of strings';
    const tree = parseCondition(c, idents);
    if (typeof tree === 'string') return `detection.${tree}`;
    trees.push(tree);
  }
  return trees.length === 1 ? trees[0] : { kind: 'or', children: trees };
}

/** Every Sigma field name used in a tree, fieldref targets included. */
export function collectFields(node: DetectionNode, out = new Set<string>()): Set<string> {
  if (node.kind === 'field') {
    if (node.field !== null) out.add(node.field);
    const visit = (p: FieldTest['items'][number]) => {
      if (p.t === 'fieldref') out.add(p.field);
      else if (p.t === 'not') visit(p.p);
      else if (p.t === 'or') p.ps.forEach(visit);
    };
    node.items.forEach(visit);
  } else if (node.kind === 'and' || node.kind === 'or') node.children.forEach((c) => collectFields(c, out));
  else if (node.kind === 'not') collectFields(node.child, out);
  return out;
}

function logsourceOf(v: unknown): Logsource {
  const ls = (v ?? {}) as Record<string, unknown>;
  const out: Logsource = {};
  for (const k of ['product', 'category', 'service'] as const)
    if (typeof ls[k] === 'string') out[k] = ls[k] as string;
  return out;
}

export function ruleIdOf(doc: Record<string, unknown>): string | undefined {
  return typeof doc.id === 'string' ? doc.id : undefined;
}

export function parseDetectionRule(
  doc: Record<string, unknown>,
  path: string,
  opts: ParseOptions = {},
): Result<SigmaRule> {
  const legacy = legacyConstruct(doc);
  if (legacy) return { ok: false, reason: legacy };
  if (doc.status === 'unsupported' && !opts.allowUnsupported)
    return {
      ok: false,
      reason: "status 'unsupported': the rule cannot be used in its current state (Sigma spec)",
    };
  const schemaError = validateDocument('detection', forSchema(doc));
  if (schemaError) return { ok: false, reason: schemaError };
  const detection = buildDetection(doc.detection as Record<string, unknown>, opts);
  if (typeof detection === 'string') return { ok: false, reason: detection };
  const id = ruleIdOf(doc) ?? `${path}#${String(doc.title)}`;
  return {
    ok: true,
    value: {
      id,
      name: typeof doc.name === 'string' ? doc.name : undefined,
      title: String(doc.title),
      level: doc.level as RuleLevel | undefined,
      status: typeof doc.status === 'string' ? doc.status : undefined,
      tags: Array.isArray(doc.tags) ? doc.tags.map(String) : [],
      logsource: logsourceOf(doc.logsource),
      detection,
      fields: [...collectFields(detection)],
      path,
      raw: doc,
    },
  };
}

export function parseFilterRule(
  doc: Record<string, unknown>,
  path: string,
  opts: ParseOptions = {},
): Result<SigmaFilter> {
  const schemaError = validateDocument('filter', normalizeDates(doc));
  if (schemaError) return { ok: false, reason: schemaError };
  const f = doc.filter as Record<string, unknown>;
  const detection = buildDetection(f, opts);
  if (typeof detection === 'string')
    return { ok: false, reason: `filter.${detection.replace(/^detection\./, '')}` };
  return {
    ok: true,
    value: {
      id: ruleIdOf(doc),
      title: String(doc.title),
      logsource: logsourceOf(doc.logsource),
      rules: (f.rules as unknown[]).map(String),
      detection,
      fields: [...collectFields(detection)],
      path,
    },
  };
}
