import type { ModelType } from '../definition.schema.js';
import type { BaselineModel } from '../model.js';
import { bucketThresholdModel } from './bucket-threshold.model.js';
import { domainNameModel } from './domain-name.model.js';
import { explainHours, hourOfDayModel } from './hour-of-day.model.js';
import { periodicityModel } from './periodicity.model.js';
import { rareModel } from './rare.model.js';
import { silenceModel } from './silence.model.js';
import { travelModel } from './travel.model.js';
import { autoencoderModel } from './autoencoder.model.js';

const MODELS: Record<ModelType, BaselineModel> = {
  rare: rareModel,
  hour_of_day: { ...hourOfDayModel, explain: explainHours },
  bucket_threshold: bucketThresholdModel,
  periodicity: periodicityModel,
  domain_name: domainNameModel,
  silence: silenceModel,
  travel: travelModel,
  autoencoder: autoencoderModel,
};

export function modelFor(type: ModelType): BaselineModel {
  return MODELS[type];
}
