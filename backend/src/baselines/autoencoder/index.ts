export { FEATURES, FEATURE_NAMES, HourlyFeatureBuilder, entityOf, timeFeatures } from './hourly-features.js';
export type { EntityKind, FeatureDef, HourlyVector, HourlyFeatureOptions } from './hourly-features.js';
export { FeatureNormalizer, MIN_STD, type NormalizerState } from './feature-normalizer.js';
export { AutoencoderModel } from './autoencoder.model.js';
export type {
  AutoencoderDocument,
  AutoencoderScore,
  ErrorStats,
  FeatureContribution,
  ModelMeta,
  TrainingInfo,
  VectorInput,
} from './autoencoder.model.js';
export {
  trainAutoencoder,
  quantileOf,
  type TrainOptions,
  type TrainingProgress,
} from './train-autoencoder.js';
export { AutoencoderTrainingJob, type TrainingStatus } from './training-job.js';
export { saveAutoencoder, loadAutoencoder, modelDocumentId, type ModelStoreOptions } from './model-store.js';
export { ensureTfBackend, tfBackendInfo, type TfBackendInfo, type TfBackendName } from './tf-backend.js';
export { AutoencoderRegistry } from './registry.js';
export { storageHistory, type EventHistory } from './event-history.js';
export { eventFeatures, FEATURE_INDEX } from './hourly-features.js';
