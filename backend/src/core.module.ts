import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
} from '@nestjs/common';
import type { VigieConfig } from './config/config.schema.js';
import { AlertSinkRegistry } from './detection/alert-sink.js';
import { EventStageRegistry } from './pipeline/event-stage.js';
import { createQueue } from './queue/queue.factory.js';
import type { QueuePort } from './queue/queue.port.js';
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

/**
 * The configuration, the storage and queue ports (adapters chosen by the configuration), and the registries of
 * pipeline stages and alert sinks, available to every domain module.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: VigieConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
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
        EventStageRegistry,
        AlertSinkRegistry,
        Lifecycle,
      ],
      exports: [CONFIG, STORAGE, QUEUE, EventStageRegistry, AlertSinkRegistry],
    };
  }
}
