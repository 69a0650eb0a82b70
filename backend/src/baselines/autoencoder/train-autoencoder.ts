/**
 * Training: normalizer fitted on the learning window → dense autoencoder (seeded initial weights, seeded shuffling
 * every epoch, Adam, MSE) → threshold = `quantile` of the training reconstruction errors.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../demo/seeded-random.js';
import { ErrorCode, VigieError } from '../../common/errors.js';
import { FEATURES, type FeatureDef } from './hourly-features.js';
import { FeatureNormalizer } from './feature-normalizer.js';
import { AutoencoderModel, valuesOf, type ErrorStats, type VectorInput } from './autoencoder.model.js';
import { ensureTfBackend } from './tf-backend.js';

export interface TrainingProgress {
  /** 1-based epoch just finished. */
  epoch: number;
  epochs: number;
  loss: number;
  elapsedMs: number;
}

export interface TrainOptions {
  /** Default 10. */
  epochs?: number;
  /** Default 512. */
  batchSize?: number;
  /** Adam learning rate, default 0.005. */
  learningRate?: number;
  /** Encoder layer sizes, the last being the bottleneck (default [10, 4]); the decoder mirrors them. */
  hidden?: number[];
  /** Seeds initial weights and shuffling (default 1). */
  seed?: number;
  /** Quantile of training errors used as threshold (default 0.99). */
  quantile?: number;
  /** Feature definitions of the vectors (default `FEATURES`). */
  features?: readonly FeatureDef[];
  /** Called after each epoch. */
  onProgress?: (p: TrainingProgress) => void;
  /** Stops training after the current batch; the model trained so far is returned (`training.stopped`). */
  signal?: AbortSignal;
}

export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) return 0;
  const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function buildNet(d: number, hidden: number[], seed: number, learningRate: number): tf.Sequential {
  const net = tf.sequential();
  const sizes = [...hidden, ...hidden.slice(0, -1).reverse()];
  sizes.forEach((units, i) =>
    net.add(
      tf.layers.dense({
        units,
        activation: i === hidden.length - 1 ? 'linear' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        ...(i === 0 ? { inputShape: [d] } : {}),
      }),
    ),
  );
  net.add(
    tf.layers.dense({
      units: d,
      activation: 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + sizes.length }),
    }),
  );
  net.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
  return net;
}

/** Trains a model on raw vectors of the learning window. Runs in the background of the event loop (awaitable). */
export async function trainAutoencoder(
  vectors: readonly VectorInput[],
  options: TrainOptions = {},
): Promise<AutoencoderModel> {
  const features = options.features ?? FEATURES;
  const d = features.length;
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 512;
  const learningRate = options.learningRate ?? 0.005;
  const hidden = options.hidden ?? [10, 4];
  const seed = options.seed ?? 1;
  const quantile = options.quantile ?? 0.99;
  const n = vectors.length;
  if (n < 2)
    throw new VigieError(ErrorCode.Validation, `autoencoder training needs at least 2 vectors, got ${n}`);
  if (!hidden.length || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new VigieError(
      ErrorCode.Validation,
      `hidden layer sizes must be positive integers, got ${JSON.stringify(hidden)}`,
    );
  }
  const raw = vectors.map(valuesOf);
  const bad = raw.findIndex((v) => v.length !== d);
  if (bad >= 0)
    throw new VigieError(
      ErrorCode.Validation,
      `vector ${bad} has ${raw[bad].length} features, expected ${d}`,
    );

  const backend = await ensureTfBackend();
  const started = performance.now();
  const normalizer = FeatureNormalizer.fit(
    raw,
    features.map((f) => f.kind === 'count'),
  );
  const input = new Float32Array(n * d);
  raw.forEach((v, i) => normalizer.transformInto(v, input, i * d));

  const net = buildNet(d, hidden, seed, learningRate);
  const rng = new SeededRandom(seed);
  const perm = new Int32Array(n);
  const x = tf.tensor2d(input, [n, d]);
  const loss: number[] = [];
  let stopped = false;
  try {
    for (let epoch = 1; epoch <= epochs && !stopped; epoch++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      const xs = tf.tidy(() => tf.gather(x, tf.tensor1d(perm, 'int32')));
      try {
        const h = await net.fit(xs, xs, {
          epochs: 1,
          batchSize,
          shuffle: false,
          verbose: 0,
          // Give timers and I/O a turn after every batch: training shares the event loop with the rest of the process.
          yieldEvery: 'batch',
          callbacks: {
            onBatchEnd: async () => {
              if (options.signal?.aborted) {
                net.stopTraining = true;
                stopped = true;
              }
            },
          },
        });
        const l = Number(h.history.loss.at(-1));
        loss.push(l);
        options.onProgress?.({ epoch, epochs, loss: l, elapsedMs: performance.now() - started });
      } finally {
        xs.dispose();
      }
    }
  } finally {
    x.dispose();
  }

  const model = new AutoencoderModel(net, normalizer, {
    features: features.map((f) => f.name),
    threshold: Infinity,
    quantile,
    trainingErrors: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
    training: {
      vectors: n,
      epochs: loss.length,
      batchSize,
      learningRate,
      hidden,
      seed,
      loss,
      durationMs: 0,
      backend: backend.name,
      stopped,
    },
    trainedAt: new Date().toISOString(),
  });
  const { errors } = await model.reconstruct(raw);
  const sorted = Float64Array.from(errors).sort();
  const stats: ErrorStats = {
    mean: errors.reduce((a, b) => a + b, 0) / n,
    p50: quantileOf(sorted, 0.5),
    p90: quantileOf(sorted, 0.9),
    p99: quantileOf(sorted, 0.99),
    max: sorted[n - 1],
  };
  model.meta.threshold = quantileOf(sorted, quantile);
  model.meta.trainingErrors = stats;
  model.meta.training.durationMs = performance.now() - started;
  return model;
}
