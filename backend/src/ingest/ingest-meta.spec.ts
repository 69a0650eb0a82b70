/**
 * Record envelopes through `IngestService.ingestRecords` and a real queue (in-process, and BullMQ on a real Redis
 * when it answers; required in CI): validated where they enter, packed compactly in the `ingest.batch` payload,
 * absent from the payload when no record has one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redisUrl, serviceAvailable, uniqueName } from '../../test/support/services.js';
import { loadConfig } from '../config/config.schema.js';
import { BullMqQueueAdapter } from '../queue/bullmq-queue.adapter.js';
import { InProcessQueueAdapter } from '../queue/in-process-queue.adapter.js';
import type { QueueOptions, QueuePort } from '../queue/queue.port.js';
import { createStorage } from '../storage/storage.factory.js';
import type { StoragePort } from '../storage/storage.port.js';
import type { IngestBatch } from './ingest-batch.js';
import { IngestService } from './ingest.service.js';
import type { RecordMeta } from './record-meta.js';

const redisUp = await serviceAvailable('Redis');
const targets: { name: string; make: (o: QueueOptions) => QueuePort }[] = [
  { name: 'in-process', make: (o) => new InProcessQueueAdapter(o) },
];
if (redisUp)
  targets.push({ name: 'bullmq', make: (o) => new BullMqQueueAdapter(redisUrl, uniqueName('vqm'), o) });

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(targets)('ingestRecords envelopes through the $name queue', ({ make }) => {
  let q: QueuePort | undefined;
  let storage: StoragePort | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigie-ingest-meta-'));
  afterEach(async () => {
    await q?.close();
    await storage?.close();
    q = undefined;
    storage = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<{ ingest: IngestService; seen: IngestBatch[] }> {
    const config = loadConfig({ DATA_DIR: dir, INGEST_BATCH_SIZE: '3', LOG_LEVEL: 'silent' });
    q = make({ attempts: 1, backoffMs: 10, concurrency: 1 });
    await q.init();
    storage = createStorage(config);
    await storage.init();
    const seen: IngestBatch[] = [];
    q.process('ingest.batch', async (job) => {
      seen.push(job.data);
    });
    return { ingest: new IngestService(config, q, storage), seen };
  }

  it('packs each batch’s distinct envelopes once, indexed per record, with invalid fields dropped', async () => {
    const { ingest, seen } = await start();
    const connection: RecordMeta = { transport: 'syslog', host: '10.0.0.5' };
    const bad = { transport: 'hec', time: 'not a time', host: 'uf-07' } as RecordMeta;
    await ingest.ingestRecords({
      tenant: 'acme',
      source: 'kv',
      deliveryId: 'meta-1',
      records: [
        { position: 0, record: 'a=1', meta: connection },
        { position: 1, record: 'b=2' },
        { position: 2, record: 'c=3', meta: connection },
        { position: 3, record: 'd=4', meta: bad },
        { position: 4, record: 'e=5' },
      ],
    });
    await until(() => seen.length === 2);
    const byFirst = seen.sort((a, b) => a.positions[0] - b.positions[0]);
    expect(byFirst[0]).toMatchObject({
      records: ['a=1', 'b=2', 'c=3'],
      metas: [{ transport: 'syslog', host: '10.0.0.5' }],
      metaIndex: [0, -1, 0],
    });
    expect(byFirst[1]).toMatchObject({
      records: ['d=4', 'e=5'],
      metas: [{ transport: 'hec', host: 'uf-07' }],
      metaIndex: [0, -1],
    });
  });

  it('leaves the payload as it always was when no record has an envelope', async () => {
    const { ingest, seen } = await start();
    await ingest.ingestRecords({
      tenant: 'acme',
      source: 'kv',
      deliveryId: 'plain-1',
      records: [
        { position: 0, record: 'a=1' },
        { position: 1, record: 'b=2' },
      ],
    });
    await until(() => seen.length === 1);
    expect(seen[0]).not.toHaveProperty('metas');
    expect(seen[0]).not.toHaveProperty('metaIndex');
    // What a queue stores is the JSON of the payload: the same keys as before envelopes existed.
    expect(Object.keys(JSON.parse(JSON.stringify(seen[0]))).sort()).toEqual([
      'deliveryId',
      'positions',
      'receivedAt',
      'records',
      'source',
      'tenant',
    ]);
  });
});
