import express from 'express';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import type { AppParts } from '../app.module.js';
import type { VigieConfig } from '../config/config.schema.js';
import { EventStageRegistry } from '../pipeline/event-stage.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, STORAGE } from '../tokens.js';
import { AssetsController, IdentitiesController } from './directory.controller.js';
import { DirectoryCache } from './directory.cache.js';
import { DirectoryService } from './directory.service.js';
import { DirectoryStore } from './directory.store.js';
import { EnrichmentStage } from './enrichment.stage.js';
import { EventEnricher } from './event-enricher.js';
import { GeoIpDatabase } from './geoip/geoip.database.js';

/** Registers the enrichment stage (order 100) in worker roles. */
@Injectable()
class EnrichmentStageRegistration implements OnModuleInit {
  constructor(
    @Inject(EventStageRegistry) private readonly stages: EventStageRegistry,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  onModuleInit(): void {
    const geo = this.config.ENRICHMENT_GEOIP ? new GeoIpDatabase() : undefined;
    this.stages.register(new EnrichmentStage(this.cache, new EventEnricher(geo)));
  }
}

/** CSV bodies for the import routes (JSON bodies are parsed by the application's JSON parser). */
class ImportBodyMiddlewareHost implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        express.text({
          type: (req) => !/json/i.test(String(req.headers['content-type'] ?? '')),
          limit: '50mb',
        }),
      )
      .forRoutes('api/assets/import', 'api/identities/import');
  }
}

/**
 * Enrichment: the tenant's asset inventory and identity directory (API, CLI through DirectoryService) and the
 * pipeline stage that adds asset, identity and offline GeoIP/ASN context to events.
 */
@Module({})
export class EnrichmentModule extends ImportBodyMiddlewareHost {
  static forRoot(parts: AppParts): DynamicModule {
    const providers: Provider[] = [
      {
        provide: DirectoryStore,
        useFactory: (storage: StoragePort) => new DirectoryStore(storage),
        inject: [STORAGE],
      },
      {
        provide: DirectoryCache,
        useFactory: (store: DirectoryStore, config: VigieConfig) =>
          new DirectoryCache(store, config.ENRICHMENT_CACHE_TTL_MS),
        inject: [DirectoryStore, CONFIG],
      },
      {
        provide: DirectoryService,
        useFactory: (store: DirectoryStore, cache: DirectoryCache) => new DirectoryService(store, cache),
        inject: [DirectoryStore, DirectoryCache],
      },
    ];
    if (parts.worker) providers.push(EnrichmentStageRegistration);
    return {
      module: EnrichmentModule,
      // Global: the demo and the CLI reach DirectoryService without importing (and so re-registering) this module.
      global: true,
      controllers: parts.http ? [AssetsController, IdentitiesController] : [],
      providers,
      exports: [DirectoryService],
    };
  }
}
