/**
 * A small dense autoencoder over normalized hourly feature vectors. An hour is anomalous when its reconstruction
 * error (mean squared error over the normalized features) exceeds the threshold learned at training time (a
 * quantile, p99 by default, of the training errors); the features with the largest squared errors explain it.
 */
import * as tf from '@tensorflow/tfjs';
import { ErrorCode, VigieError } from '../../common/errors.js';
import { FeatureNormalizer, type NormalizerState } from './feature-normalizer.js';
import { tfBackendInfo, ensureTfBackend } from './tf-backend.js';

/** A raw feature vector, or anything carrying one in `values` (e.g. a `HourlyVector`). */
export type VectorInput = ArrayLike<number> | { values: ArrayLike<number> };

export interface FeatureContribution {
  feature: string;
  /** Squared error of this feature in normalized units. */
  squaredError: number;
  /** Share of the hour's total squared error (0..1). */
  share: number;
  /** Observed raw value. */
  observed: number;
  /** The model's reconstruction, in raw units: what a normal hour like this one looks like. */
  expected: number;
}

export interface AutoencoderScore {
  /** Reconstruction error: mean squared error over the normalized features. */
  error: number;
  threshold: number;
  anomalous: boolean;
  /** Largest contributions first (`topK`, default 3). */
  topFeatures: FeatureContribution[];
}

export interface ErrorStats {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface TrainingInfo {
  vectors: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Encoder layer sizes (the decoder mirrors them). */
  hidden: number[];
  seed: number;
  /** Loss after each epoch. */
  loss: number[];
  durationMs: number;
  /** TensorFlow.js backend that trained the model. */
  backend: string;
  /** True when training stopped early on an abort signal. */
  stopped: boolean;
}

/** What the storage port keeps for one model (weights as base64, everything else as plain JSON). */
export type AutoencoderDocument = {
  kind: 'autoencoder';
  format: 1;
  features: string[];
  normalizer: NormalizerState;
  threshold: number;
  quantile: number;
  trainingErrors: ErrorStats;
  training: TrainingInfo;
  trainedAt: string;
  /** JSON text of the TF.js layers topology and of the weight specs (text, so stores do not index them). */
  topology: string;
  weightSpecs: string;
  weights: string;
};

export interface ModelMeta {
  features: string[];
  threshold: number;
  quantile: number;
  trainingErrors: ErrorStats;
  training: TrainingInfo;
  trainedAt: string;
}

export function valuesOf(v: VectorInput): ArrayLike<number> {
  return 'values' in v && typeof v.values === 'object' ? v.values : (v as ArrayLike<number>);
}

export class AutoencoderModel {
  constructor(
    private readonly net: tf.LayersModel,
    readonly normalizer: FeatureNormalizer,
    readonly meta: ModelMeta,
  ) {}

  get threshold(): number {
    return this.meta.threshold;
  }

  /** Reconstruction errors and per-feature squared errors for raw vectors, in batches. */
  async reconstruct(
    vectors: readonly VectorInput[],
    batchSize = 8192,
  ): Promise<{ errors: Float64Array; perFeature: Float32Array; recon: Float32Array }> {
    const d = this.normalizer.dims;
    const n = vectors.length;
    const input = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const v = valuesOf(vectors[i]);
      if (v.length !== d) {
        throw new VigieError(
          ErrorCode.Validation,
          `vector ${i} has ${v.length} features, the model expects ${d} (${this.meta.features.join(', ')})`,
        );
      }
      this.normalizer.transformInto(v, input, i * d);
    }
    const recon = new Float32Array(n * d);
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start);
      const out = tf.tidy(
        () =>
          this.net.predict(
            tf.tensor2d(input.subarray(start * d, (start + rows) * d), [rows, d]),
          ) as tf.Tensor,
      );
      recon.set((await out.data()) as Float32Array, start * d);
      out.dispose();
    }
    const perFeature = new Float32Array(n * d);
    const errors = new Float64Array(n);
    for (let i = 0; i < n * d; i++) {
      const e = (input[i] - recon[i]) ** 2;
      perFeature[i] = e;
      errors[Math.floor(i / d)] += e / d;
    }
    return { errors, perFeature, recon };
  }

  /** Scores raw vectors (batched inference): error, threshold, anomalous, top contributing features. */
  async score(
    vectors: readonly VectorInput[],
    opts: { topK?: number; batchSize?: number } = {},
  ): Promise<AutoencoderScore[]> {
    const d = this.normalizer.dims;
    const topK = opts.topK ?? 3;
    const { errors, perFeature, recon } = await this.reconstruct(vectors, opts.batchSize);
    return Array.from(errors, (error, i) => {
      const total = error * d || 1;
      const order = Array.from({ length: d }, (_, j) => j).sort(
        (a, b) => perFeature[i * d + b] - perFeature[i * d + a],
      );
      const raw = valuesOf(vectors[i]);
      return {
        error,
        threshold: this.meta.threshold,
        anomalous: error > this.meta.threshold,
        topFeatures: order.slice(0, topK).map((j) => ({
          feature: this.meta.features[j],
          squaredError: perFeature[i * d + j],
          share: perFeature[i * d + j] / total,
          observed: raw[j],
          expected: this.normalizer.inverse(j, recon[i * d + j]),
        })),
      };
    });
  }

  /** Serializes weights, normalization and threshold into one storable document. */
  async toDocument(): Promise<AutoencoderDocument> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await this.net.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!artifacts?.weightData || !artifacts.weightSpecs)
      throw new Error('TF.js save handler received no weights');
    const data = artifacts.weightData;
    const bytes = Array.isArray(data) ? Buffer.concat(data.map((b) => Buffer.from(b))) : Buffer.from(data);
    return {
      kind: 'autoencoder',
      format: 1,
      features: [...this.meta.features],
      normalizer: this.normalizer.state,
      threshold: this.meta.threshold,
      quantile: this.meta.quantile,
      trainingErrors: this.meta.trainingErrors,
      training: this.meta.training,
      trainedAt: this.meta.trainedAt,
      topology: JSON.stringify(artifacts.modelTopology),
      weightSpecs: JSON.stringify(artifacts.weightSpecs),
      weights: bytes.toString('base64'),
    };
  }

  /** Rebuilds a model saved by `toDocument` (on this process's backend). */
  static async fromDocument(doc: AutoencoderDocument): Promise<AutoencoderModel> {
    if (doc?.kind !== 'autoencoder' || doc.format !== 1) {
      throw new VigieError(
        ErrorCode.Validation,
        `not an autoencoder model document (kind ${String(doc?.kind)}, format ${String(doc?.format)})`,
      );
    }
    await ensureTfBackend();
    const buf = Buffer.from(doc.weights, 'base64');
    const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const net = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: JSON.parse(doc.topology),
        weightSpecs: JSON.parse(doc.weightSpecs),
        weightData,
      }),
    );
    const { features, threshold, quantile, trainingErrors, training, trainedAt } = doc;
    return new AutoencoderModel(net, new FeatureNormalizer(doc.normalizer), {
      features,
      threshold,
      quantile,
      trainingErrors,
      training,
      trainedAt,
    });
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.net.dispose();
  }

  /** The backend the process runs inference on. */
  static backend(): string | undefined {
    return tfBackendInfo()?.name;
  }
}
