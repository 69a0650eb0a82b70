/**
 * sigma-ts: a Sigma 2.1 detection engine. Load rules (`loadRuleSet`), compile them for a field-mapping pipeline
 * (`compileRuleSet`), match events (`engine.match`), export detections to Elasticsearch DSL or SQL.
 */
import { SigmaEngine, type EngineOptions } from './compiler/engine.js';
import type { RuleSet } from './loader/ruleset.loader.js';

export type {
  Issue,
  Logsource,
  Pred,
  FieldTest,
  DetectionNode,
  SigmaRule,
  SigmaFilter,
  GlobPart,
  RuleLevel,
} from './types.js';
export {
  loadRuleSet,
  documentKind,
  type RuleFile,
  type RuleSet,
  type LoadOptions,
} from './loader/ruleset.loader.js';
export { readRuleFiles, listFiles } from './loader/files.js';
export {
  parseDetectionRule,
  parseFilterRule,
  legacyConstruct,
  type ParseOptions,
} from './loader/rule.parser.js';
export { validateDocument, type DocKind } from './schema/validate.js';
export { parseCondition } from './condition/condition.parser.js';
export { buildFieldTest, KNOWN_MODIFIERS } from './modifiers/apply.js';
export type { Placeholders } from './modifiers/expand.modifier.js';
export {
  SigmaEngine,
  type EngineOptions,
  type Match,
  type MatchOptions,
  type RuleInfo,
} from './compiler/engine.js';
export {
  getPipeline,
  PIPELINE_NAMES,
  EcsPipeline,
  EvtxJsonPipeline,
  NonePipeline,
  flattenObject,
  type PipelineName,
  type Pipeline,
  type EventRoute,
  type FieldMapping,
} from './pipelines/index.js';
export { toElasticsearchQuery, type EsExportOptions } from './export/elasticsearch.export.js';
export { toSqlWhere, type SqlExportOptions } from './export/sql.export.js';
export { toRuleMatch } from './correlation-bridge.js';
export * from './correlation/index.js';

/** Compiles a loaded rule set (rules and filters) for a pipeline. */
export function compileRuleSet(set: Pick<RuleSet, 'rules' | 'filters'>, opts: EngineOptions): SigmaEngine {
  return new SigmaEngine(set.rules, set.filters, opts);
}
export { parseEventStream, type EventStreamResult } from './events/event-stream.js';
export { listEventFiles, readEventFile, type EventFile, type EventFileResult } from './events/event-files.js';
export {
  runRuleTests,
  testsPathOf,
  type RuleTestReport,
  type RuleTestResult,
} from './rule-tests/rule-tests.js';
