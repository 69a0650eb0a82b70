/**
 * Loads Sigma YAML files (multi-document) into detection rules, correlation rules and filters. A bad document is
 * rejected with `{path, id, reason}`; the others load. Fields a pipeline cannot map are reported as degraded.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { parseCorrelationRule, type CorrelationRule } from '../correlation/index.js';
import type { Placeholders } from '../modifiers/expand.modifier.js';
import { getPipeline, type PipelineName } from '../pipelines/index.js';
import type { Pipeline } from '../pipelines/pipeline.js';
import { validateDocument } from '../schema/validate.js';
import type { Issue, SigmaFilter, SigmaRule } from '../types.js';
import { parseSigmaYaml } from './fast-yaml.js';
import { legacyConstruct, parseDetectionRule, parseFilterRule, ruleIdOf } from './rule.parser.js';

export interface RuleFile {
  path: string;
  text: string;
}

export interface LoadOptions {
  /** Pipeline used to report degraded fields (the engine compiles with its own, normally the same). */
  pipeline?: PipelineName | Pipeline;
  /** Value lists for the `expand` modifier, by placeholder name. */
  placeholders?: Placeholders;
  /** Accept `status: unsupported` rules. */
  allowUnsupported?: boolean;
}

export interface RuleSet {
  rules: SigmaRule[];
  correlations: CorrelationRule[];
  filters: SigmaFilter[];
  rejected: Issue[];
  degraded: Issue[];
  /** Number of YAML documents read. */
  total: number;
}

export function documentKind(doc: Record<string, unknown>): 'detection' | 'correlation' | 'filter' {
  if ('correlation' in doc) return 'correlation';
  if ('filter' in doc && !('detection' in doc)) return 'filter';
  return 'detection';
}

/** The non-empty documents of a YAML text (fast Sigma-subset reader, full parser otherwise), or a reason. */
export function readDocuments(text: string): unknown[] | string {
  const fast = parseSigmaYaml(text);
  if (fast) return fast.filter((v) => v !== null && v !== undefined);
  try {
    const values: unknown[] = [];
    for (const d of parseAllDocuments(text, { prettyErrors: false }) as Document[]) {
      if (d.errors.length) return d.errors[0].message.split('\n')[0];
      const v = d.toJS({ maxAliasCount: 100 });
      if (v !== null && v !== undefined) values.push(v);
    }
    return values;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Parses every document of every file. Never throws. */
export function loadRuleSet(files: RuleFile[], opts: LoadOptions = {}): RuleSet {
  const set: RuleSet = { rules: [], correlations: [], filters: [], rejected: [], degraded: [], total: 0 };
  const pipeline = opts.pipeline ? getPipeline(opts.pipeline) : undefined;
  for (const file of files) {
    const values = readDocuments(file.text);
    if (typeof values === 'string') {
      set.total++;
      set.rejected.push({ path: file.path, reason: `yaml: ${values}` });
      continue;
    }
    // Sigma 1 rule collections: the whole file goes (its documents are fragments of one rule).
    const collection = values.find((v) => v && typeof v === 'object' && 'action' in (v as object)) as
      Record<string, unknown> | undefined;
    if (collection) {
      set.total++;
      set.rejected.push({
        path: file.path,
        id: ruleIdOf(collection),
        reason: legacyConstruct(collection) ?? 'rule collection',
      });
      continue;
    }
    for (const v of values) {
      set.total++;
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        set.rejected.push({ path: file.path, reason: 'document is not a mapping' });
        continue;
      }
      const doc = v as Record<string, unknown>;
      const id = ruleIdOf(doc);
      const kind = documentKind(doc);
      if (kind === 'correlation') {
        const err = validateDocument('correlation', doc);
        if (err) {
          set.rejected.push({ path: file.path, id, reason: err });
          continue;
        }
        const r = parseCorrelationRule(doc, { path: file.path });
        if (r.ok) set.correlations.push(r.rule);
        else set.rejected.push({ path: file.path, id, reason: r.reason });
      } else if (kind === 'filter') {
        const r = parseFilterRule(doc, file.path, opts);
        if (r.ok) set.filters.push(r.value);
        else set.rejected.push({ path: file.path, id, reason: r.reason });
      } else {
        const r = parseDetectionRule(doc, file.path, opts);
        if (!r.ok) {
          set.rejected.push({ path: file.path, id, reason: r.reason });
          continue;
        }
        set.rules.push(r.value);
        if (pipeline) {
          const seen = new Set<string>();
          for (const f of r.value.fields) {
            const m = pipeline.mapField(f, r.value.logsource);
            if (m.degraded && !seen.has(m.degraded)) {
              seen.add(m.degraded);
              set.degraded.push({ path: file.path, id: r.value.id, reason: m.degraded });
            }
          }
        }
      }
    }
  }
  return set;
}
