import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VigieConfig } from '../config/config.schema.js';
import type { QueuePort } from '../queue/queue.port.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, QUEUE, STORAGE } from '../tokens.js';

const started = Date.now();

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Storage, queue and worker status' })
  async health() {
    const [storage, queue, counts, workers] = await Promise.all([
      this.storage.health(),
      this.queue.health(),
      this.queue.counts().catch(() => undefined),
      this.queue.workers().catch(() => 0),
    ]);
    const ok = storage.ok && queue.ok && workers > 0;
    return {
      status: ok ? 'ok' : 'degraded',
      role: this.config.ROLE,
      tenant: this.config.TENANT,
      uptime_s: Math.round((Date.now() - started) / 1000),
      storage,
      queue: { ...queue, counts },
      workers: { count: workers, ok: workers > 0, concurrency: this.config.WORKER_CONCURRENCY },
    };
  }
}
