import { join, resolve } from 'node:path';
import type { VigieConfig } from '../config/config.schema.js';
import { DuckDbStorageAdapter } from './duckdb/duckdb-storage.adapter.js';
import { ElasticsearchStorageAdapter } from './elasticsearch/elasticsearch-storage.adapter.js';
import type { StoragePort } from './storage.port.js';

/** The storage adapter the configuration asks for (not yet initialised). */
export function createStorage(config: VigieConfig): StoragePort {
  if (config.STORAGE === 'elasticsearch') {
    return new ElasticsearchStorageAdapter({
      url: config.ELASTICSEARCH_URL!,
      username: config.ELASTICSEARCH_USERNAME,
      password: config.ELASTICSEARCH_PASSWORD,
      apiKey: config.ELASTICSEARCH_API_KEY,
      prefix: config.ELASTICSEARCH_INDEX_PREFIX,
    });
  }
  return new DuckDbStorageAdapter(join(resolve(config.DATA_DIR), 'vigie.duckdb'));
}
