/**
 * Which events feed which detector: each definition's filter (a Sigma logsource plus an optional selection and
 * exclusion, in the field names the starter pack uses) becomes a Sigma rule, and all of them are compiled into
 * one sigma-ts engine (`ecs` pipeline), so an event is routed to its detectors by one `match` call.
 */
import { createHash } from 'node:crypto';
import { compileRuleSet, loadRuleSet, type SigmaEngine } from 'sigma-ts';
import { stringify } from 'yaml';
import type { BaselineDefinition } from './definition.schema.js';

export interface CompiledFilters {
  engine?: SigmaEngine;
  /** Sigma rule id → detector id. */
  detectorOf: Map<string, string>;
  rejected: { id: string; reason: string }[];
}

function uuidOf(id: string): string {
  const h = createHash('sha256').update(`baseline:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sigmaText(def: Pick<BaselineDefinition, 'id' | 'title' | 'filter'>): string {
  const detection: Record<string, unknown> = {};
  const terms: string[] = [];
  if (def.filter.selection) {
    detection.selection = def.filter.selection;
    terms.push('selection');
  } else {
    // logsource only: any event of it
    detection.any = { 'vigie.logsource.product|exists': true };
    detection.any_cat = { 'vigie.logsource.category|exists': true };
    terms.push('(any or any_cat)');
  }
  if (def.filter.exclude) {
    detection.exclusion = def.filter.exclude;
    terms.push('not exclusion');
  }
  detection.condition = terms.join(' and ');
  return stringify({
    title: `baseline filter ${def.id}`,
    id: uuidOf(def.id),
    status: 'stable',
    logsource: def.filter.logsource ?? {},
    detection,
    level: 'low',
  });
}

export function compileFilters(defs: Pick<BaselineDefinition, 'id' | 'title' | 'filter'>[]): CompiledFilters {
  const detectorOf = new Map<string, string>();
  const rejected: CompiledFilters['rejected'] = [];
  const files = defs.map((d) => {
    detectorOf.set(uuidOf(d.id), d.id);
    return { path: `${d.id}.yml`, text: sigmaText(d) };
  });
  const set = loadRuleSet(files, { pipeline: 'ecs' });
  for (const r of set.rejected) {
    const id = defs.find((d) => r.path?.startsWith(d.id))?.id ?? String(r.path);
    rejected.push({ id, reason: `filter: ${r.reason}` });
  }
  if (!set.rules.length) return { detectorOf, rejected };
  const engine = compileRuleSet(set, { pipeline: 'ecs' });
  for (const r of engine.rejected)
    rejected.push({ id: detectorOf.get(r.id ?? '') ?? String(r.id), reason: `filter: ${r.reason}` });
  return { engine, detectorOf, rejected };
}

/** Detector ids an event feeds. */
export function route(filters: CompiledFilters, doc: unknown): string[] {
  if (!filters.engine) return [];
  const out: string[] = [];
  for (const m of filters.engine.match(doc as Record<string, unknown>)) {
    const id = filters.detectorOf.get(m.rule.id);
    if (id) out.push(id);
  }
  return out;
}
