/**
 * The trained autoencoders of the baseline detectors, per (tenant, detector): kept in memory, saved and loaded
 * through the storage port (document `autoencoder:baseline:<detector>`, re-read at most every `recheckMs` so every
 * worker picks up a model another one trained), with a status in words for the detector ("no model yet", training
 * progress, trained on N vectors…). Without storage (evaluation, unit specs) models live in memory only.
 */
import type { StoragePort } from '../../storage/storage.port.js';
import type { AutoencoderModel } from './autoencoder.model.js';

interface Entry {
  model?: AutoencoderModel;
  checkedAt: number;
  status: string;
}

export class AutoencoderRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly storage?: StoragePort,
    private readonly recheckMs = 60_000,
  ) {}

  static modelName(detector: string): string {
    return `baseline:${detector}`;
  }

  private entry(tenant: string, detector: string): Entry {
    const k = `${tenant}\u0000${detector}`;
    let e = this.entries.get(k);
    if (!e)
      this.entries.set(
        k,
        (e = {
          checkedAt: 0,
          status: 'no model yet: the detector stays silent until the first training on its learning window',
        }),
      );
    return e;
  }

  /** The detector's current model, or undefined when none was trained yet. */
  async get(tenant: string, detector: string): Promise<AutoencoderModel | undefined> {
    const e = this.entry(tenant, detector);
    if (!this.storage || Date.now() - e.checkedAt < this.recheckMs) return e.model;
    e.checkedAt = Date.now();
    try {
      const { readAutoencoderDocument } = await import('./model-store.js');
      const doc = await readAutoencoderDocument(
        this.storage,
        tenant,
        AutoencoderRegistry.modelName(detector),
      );
      // The TF.js model is built only for a newer training (TF.js loads only when a model is used).
      if (doc && doc.trainedAt !== e.model?.meta.trainedAt) {
        const tf = await import('./autoencoder.model.js');
        const stored = await tf.AutoencoderModel.fromDocument(doc);
        e.model?.dispose();
        e.model = stored;
        e.status = describe(stored);
      }
    } catch (err) {
      e.status = `model not loaded: ${(err as Error).message}`;
    }
    return e.model;
  }

  /** Installs a freshly trained model (and saves it through the storage port when there is one). */
  async put(tenant: string, detector: string, model: AutoencoderModel): Promise<void> {
    const e = this.entry(tenant, detector);
    if (this.storage)
      await (
        await import('./model-store.js')
      ).saveAutoencoder(this.storage, tenant, AutoencoderRegistry.modelName(detector), model);
    if (e.model !== model) e.model?.dispose();
    e.model = model;
    e.checkedAt = Date.now();
    e.status = describe(model);
  }

  setStatus(tenant: string, detector: string, status: string): void {
    this.entry(tenant, detector).status = status;
  }

  status(tenant: string, detector: string): string {
    return this.entry(tenant, detector).status;
  }

  dispose(): void {
    for (const e of this.entries.values()) e.model?.dispose();
    this.entries.clear();
  }
}

function describe(m: AutoencoderModel): string {
  const t = m.meta.training;
  return `model trained ${m.meta.trainedAt} on ${t.vectors} hourly vectors (${t.epochs} epochs, backend ${t.backend}); threshold ${m.threshold.toPrecision(3)} = p${Math.round(m.meta.quantile * 100)} of training errors`;
}
