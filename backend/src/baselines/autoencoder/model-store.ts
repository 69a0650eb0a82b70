/**
 * Saving and loading autoencoders through the storage port: one document per model (id `autoencoder:<name>`) in the
 * `config` collection by default, written with `searchable: false` (models are only read by id).
 */
import type { Collection, StoragePort } from '../../storage/storage.port.js';
import { AutoencoderModel, type AutoencoderDocument } from './autoencoder.model.js';

export interface ModelStoreOptions {
  /** Default `config`. */
  collection?: Collection;
}

export const modelDocumentId = (name: string) => `autoencoder:${name}`;

/** Stores the model under `name` (replacing the previous one); returns the stored version token. */
export async function saveAutoencoder(
  storage: StoragePort,
  tenant: string,
  name: string,
  model: AutoencoderModel,
  opts: ModelStoreOptions = {},
): Promise<string> {
  const doc = await model.toDocument();
  const stored = await storage.putDocument(tenant, opts.collection ?? 'config', modelDocumentId(name), doc, {
    searchable: false,
  });
  return stored.version;
}

/** The document stored under `name` (no TF.js model built), or undefined when there is none. */
export async function readAutoencoderDocument(
  storage: StoragePort,
  tenant: string,
  name: string,
  opts: ModelStoreOptions = {},
): Promise<AutoencoderDocument | undefined> {
  const stored = await storage.getDocument<AutoencoderDocument>(
    tenant,
    opts.collection ?? 'config',
    modelDocumentId(name),
  );
  return stored?.doc;
}

/** Loads the model stored under `name`, or undefined when there is none. */
export async function loadAutoencoder(
  storage: StoragePort,
  tenant: string,
  name: string,
  opts: ModelStoreOptions = {},
): Promise<AutoencoderModel | undefined> {
  const doc = await readAutoencoderDocument(storage, tenant, name, opts);
  return doc ? AutoencoderModel.fromDocument(doc) : undefined;
}
