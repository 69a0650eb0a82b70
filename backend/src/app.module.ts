import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { VigieConfig } from './config/config.schema.js';
import { CoreModule } from './core.module.js';
import { HealthController } from './health/health.controller.js';
import { IngestController } from './ingest/ingest.controller.js';
import { IngestService } from './ingest/ingest.service.js';
import { SourceStatsService } from './ingest/source-stats.service.js';
import { SourcesController } from './ingest/sources.controller.js';
import { transportControllers, transportProviders } from './ingest/transports/index.js';
import { PipelineWorker } from './pipeline/pipeline.worker.js';
import { ProcessBatchUseCase } from './pipeline/process-batch.use-case.js';
import { EventsController } from './storage/events.controller.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { EnrichmentModule } from './enrichment/enrichment.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DetectionModule } from './detection/detection.module.js';
import { BaselinesModule } from './baselines/baselines.module.js';

export interface AppParts {
  /** Serve the HTTP API (roles `all` and `api`). */
  http: boolean;
  /** Consume queue jobs (roles `all` and `worker`). */
  worker: boolean;
}

/**
 * The application: the core (configuration, storage, queue) and one module per domain. Domain modules take the
 * same `parts` so an API-only process registers no job handlers and a worker serves no HTTP.
 */
@Module({})
export class AppModule {
  static forRoot(config: VigieConfig, parts: AppParts): DynamicModule {
    const providers: Provider[] = [IngestService, SourceStatsService, ProcessBatchUseCase];
    if (parts.worker) providers.push(PipelineWorker);
    if (parts.http) providers.push(...transportProviders);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        EnrichmentModule.forRoot(parts),
        DemoModule.forRoot(parts),
        IncidentsModule.forRoot(parts),
        DetectionModule.forRoot(parts),
        BaselinesModule.forRoot(parts),
      ],
      controllers: parts.http
        ? [HealthController, IngestController, EventsController, SourcesController, ...transportControllers]
        : [],
      providers,
      exports: [IngestService, SourceStatsService],
    };
  }
}
