export * from './correlation.types.js';
export { parseCorrelationRule, compare } from './correlation.parser.js';
export { parseTimespan } from './timespan.js';
export * from './correlation-state.js';
export { MemoryCorrelationState } from './memory-correlation-state.js';
export {
  CorrelationEngine,
  type CorrelationEngineOptions,
  type CorrelationEngineStats,
} from './correlation.engine.js';
export { percentile } from './window-aggregate.js';
export { groupHash } from './group-key.js';
export * from './correlation.scenarios.js';
