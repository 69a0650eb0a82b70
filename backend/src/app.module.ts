import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type Provider } from '@nestjs/common';
import type { VigieConfig } from './config/config.schema.js';
import { HealthController } from './health/health.controller.js';
import { IngestController } from './ingest/ingest.controller.js';
import { IngestService } from './ingest/ingest.service.js';
import { SourceStatsService } from './ingest/source-stats.service.js';
import { SourcesController } from './ingest/sources.controller.js';
import { transportControllers, transportProviders } from './ingest/transports/index.js';
import { PipelineWorker } from './pipeline/pipeline.worker.js';
import { ProcessBatchUseCase } from './pipeline/process-batch.use-case.js';
import { createQueue } from './queue/queue.factory.js';
import type { QueuePort } from './queue/queue.port.js';
import { EventsController } from './storage/events.controller.js';
import { createStorage } from './storage/storage.factory.js';
import type { StoragePort } from './storage/storage.port.js';
import { CONFIG, QUEUE, STORAGE } from './tokens.js';

/** Closes the queue first (draining jobs in flight), then storage. */
@Injectable()
class Lifecycle implements BeforeApplicationShutdown {
  constructor(
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(STORAGE) private readonly storage: StoragePort,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.storage.close();
  }
}

export interface AppParts {
  /** Serve the HTTP API (roles `all` and `api`). */
  http: boolean;
  /** Consume queue jobs (roles `all` and `worker`). */
  worker: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: VigieConfig, parts: AppParts): DynamicModule {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      {
        provide: STORAGE,
        useFactory: async () => {
          const storage = createStorage(config);
          await storage.init();
          return storage;
        },
      },
      {
        provide: QUEUE,
        useFactory: async () => {
          const queue = createQueue(config);
          await queue.init();
          return queue;
        },
      },
      IngestService,
      SourceStatsService,
      ProcessBatchUseCase,
      Lifecycle,
    ];
    if (parts.worker) providers.push(PipelineWorker);
    if (parts.http) providers.push(...transportProviders);
    return {
      module: AppModule,
      controllers: parts.http ? [HealthController, IngestController, EventsController, SourcesController, ...transportControllers] : [],
      providers,
      exports: [CONFIG, STORAGE, QUEUE, IngestService, SourceStatsService],
    };
  }
}
