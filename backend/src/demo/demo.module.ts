import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { AppParts } from '../app.module.js';
import { childLogger } from '../common/logger.js';
import type { VigieConfig } from '../config/config.schema.js';
import { DirectoryService } from '../enrichment/directory.service.js';
import { IngestService } from '../ingest/ingest.service.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, STORAGE } from '../tokens.js';
import { DemoController } from './demo.controller.js';
import { DemoService } from './demo.service.js';

/**
 * With `DEMO=true` in a process that runs both the API and a worker (`npm start` sets it in embedded mode), seeds
 * the `demo` tenant once, in the background, after start-up.
 */
@Injectable()
class DemoSeeder implements OnApplicationBootstrap {
  private readonly log = childLogger('demo');

  constructor(
    @Inject(DemoService) private readonly demo: DemoService,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DEMO) return;
    setTimeout(() => {
      this.demo
        .seedOnce()
        .then(
          (r) =>
            r &&
            this.log.info(
              { tenant: r.tenant, records: r.records, elapsed_ms: r.elapsed_ms },
              'demo tenant created',
            ),
        )
        .catch((err: unknown) =>
          this.log.error({ err: (err as Error)?.message ?? String(err) }, 'demo scenario failed'),
        );
    }, 250).unref();
  }
}

/** The demo scenario: `POST /api/demo/replay`, `vigie demo replay`, and the one-time seeding of `npm start`. */
@Module({})
export class DemoModule {
  static forRoot(parts: AppParts): DynamicModule {
    const providers: Provider[] = [
      IngestService,
      {
        provide: DemoService,
        useFactory: (ingest: IngestService, directories: DirectoryService, storage: StoragePort) =>
          new DemoService(ingest, directories, storage),
        inject: [IngestService, DirectoryService, STORAGE],
      },
    ];
    if (parts.http && parts.worker) providers.push(DemoSeeder);
    return {
      module: DemoModule,
      controllers: parts.http ? [DemoController] : [],
      providers,
      exports: [DemoService],
    };
  }
}
