import type { VigieConfig } from '../config/config.schema.js';
import { BullMqQueueAdapter } from './bullmq-queue.adapter.js';
import { InProcessQueueAdapter } from './in-process-queue.adapter.js';
import type { QueueOptions, QueuePort } from './queue.port.js';

/** BullMQ when REDIS_URL is set, the in-process queue otherwise. */
export function createQueue(config: VigieConfig): QueuePort {
  const opts: QueueOptions = { attempts: 8, backoffMs: 500, concurrency: config.WORKER_CONCURRENCY };
  return config.REDIS_URL
    ? new BullMqQueueAdapter(config.REDIS_URL, config.QUEUE_PREFIX, opts)
    : new InProcessQueueAdapter(opts);
}
