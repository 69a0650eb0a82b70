export {
  generateHistory,
  resolveHistoryOptions,
  frenchHolidays,
  type GeneratedHistory,
  type HistoryOptions,
  type ResolvedHistoryOptions,
} from './history.generator.js';
export { ANOMALY_TYPES, type AnomalyLabel, type AnomalyType } from './anomalies.js';
export {
  writeHistoryDataset,
  readHistoryDataset,
  parseGeneratedSpec,
  asStoredEvent,
  type DatasetLabels,
} from './history.dataset.js';
export type { EcsDoc } from './ecs-events.js';
export type { Population, User, Server, Role, ServerKind } from './population.js';
