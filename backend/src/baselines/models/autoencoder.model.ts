/**
 * Placeholder registration of the autoencoder model type until the TensorFlow.js module
 * (`backend/src/baselines/autoencoder`) is wired: definitions of this type load, and the detector scores nothing.
 */
import type { BaselineModel } from '../model.js';

export const autoencoderModel: BaselineModel = {
  type: 'autoencoder',
  validate: () => undefined,
  params: () => ({ p: {}, s: {} }),
  plan: () => undefined,
};
