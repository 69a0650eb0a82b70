/** Schema validation of Sigma documents (detection, correlation and filter rules) with ajv, compiled once. */
import Ajv from 'ajv';
import { correlationRuleSchema } from './correlation-rule.schema.js';
import { detectionRuleSchema } from './detection-rule.schema.js';
import { filterRuleSchema } from './filter-rule.schema.js';

export type DocKind = 'detection' | 'correlation' | 'filter';

type Validator = ((doc: unknown) => boolean) & {
  errors?: { dataPath?: string; instancePath?: string; message?: string; params?: unknown }[] | null;
};

let validators: Record<DocKind, Validator> | undefined;

function compile(): Record<DocKind, Validator> {
  const ajv = new Ajv({ allErrors: false, format: 'full' } as never);
  const c = (s: unknown) => ajv.compile(s as object) as unknown as Validator;
  return {
    detection: c(detectionRuleSchema),
    correlation: c(correlationRuleSchema),
    filter: c(filterRuleSchema),
  };
}

/** Validates a document against the schema of its kind; returns null or a reason naming the key at fault. */
export function validateDocument(kind: DocKind, doc: unknown): string | null {
  validators ??= compile();
  const v = validators[kind];
  if (v(doc)) return null;
  const e = v.errors?.[0];
  if (!e) return 'schema: invalid document';
  const at =
    (e.dataPath ?? e.instancePath ?? '').replace(/^\./, '').replace(/\['([^']+)'\]/g, '.$1') || '(document)';
  const params = e.params && typeof e.params === 'object' ? JSON.stringify(e.params) : '';
  return `schema: ${at} ${e.message ?? 'is invalid'}${params && params !== '{}' ? ' ' + params : ''}`;
}
