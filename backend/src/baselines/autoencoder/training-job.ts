/**
 * A training run in the background of the event loop, with a status snapshot (epoch, loss) that an API or a queue
 * job can report while it runs, and cancellation.
 */
import type { AutoencoderModel, VectorInput } from './autoencoder.model.js';
import { trainAutoencoder, type TrainingProgress, type TrainOptions } from './train-autoencoder.js';

export interface TrainingStatus {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  epoch: number;
  epochs: number;
  /** Loss after the last finished epoch. */
  loss?: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export class AutoencoderTrainingJob {
  private readonly abort = new AbortController();
  private readonly state: TrainingStatus;
  /** Resolves with the trained model (also after `cancel()`: the model trained so far), rejects on failure. */
  readonly result: Promise<AutoencoderModel>;

  private constructor(vectors: readonly VectorInput[], options: TrainOptions) {
    this.state = {
      state: 'running',
      epoch: 0,
      epochs: options.epochs ?? 10,
      startedAt: new Date().toISOString(),
    };
    this.result = trainAutoencoder(vectors, {
      ...options,
      signal: this.abort.signal,
      onProgress: (p: TrainingProgress) => {
        this.state.epoch = p.epoch;
        this.state.loss = p.loss;
        options.onProgress?.(p);
      },
    }).then(
      (model) => {
        Object.assign(this.state, {
          state: this.abort.signal.aborted ? 'cancelled' : 'done',
          finishedAt: new Date().toISOString(),
        });
        return model;
      },
      (err: unknown) => {
        Object.assign(this.state, {
          state: 'failed',
          finishedAt: new Date().toISOString(),
          error: err instanceof Error ? err.message : String(err),
        });
        throw err;
      },
    );
  }

  /** Starts training at once (the returned job runs while the caller goes on). */
  static start(vectors: readonly VectorInput[], options: TrainOptions = {}): AutoencoderTrainingJob {
    return new AutoencoderTrainingJob(vectors, options);
  }

  status(): TrainingStatus {
    return { ...this.state };
  }

  cancel(): void {
    this.abort.abort();
  }
}
