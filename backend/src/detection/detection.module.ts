import { fileURLToPath } from 'node:url';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { MemoryCorrelationState, type CorrelationState } from 'sigma-ts';
import type { AppParts } from '../app.module.js';
import { childLogger } from '../common/logger.js';
import type { VigieConfig } from '../config/config.schema.js';
import { HuntController } from '../hunting/hunt.controller.js';
import { HuntService } from '../hunting/hunt.service.js';
import { EventStageRegistry } from '../pipeline/event-stage.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, STORAGE } from '../tokens.js';
import { AlertSinkRegistry } from './alert-sink.js';
import { AlertWriter } from './alert-writer.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';
import { RedisCorrelationState } from './correlation-state.redis.adapter.js';
import { DetectionConfigRepository } from './detection-config.repository.js';
import { DetectionStage } from './detection.stage.js';
import { RuleCatalog } from './rule-catalog.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { TenantDetectorCache } from './tenant-detector.cache.js';

/** The repository's own rules (pack `vigie`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url));

/**
 * Start-up: loads the `vigie` pack from `rules/` into the library (every role), and in worker roles registers the
 * detection stage with correlation state in Redis when `REDIS_URL` is set (in memory otherwise).
 */
@Injectable()
export class DetectionStartup implements OnModuleInit, OnApplicationShutdown {
  private readonly log = childLogger('detection');
  private redis?: Redis;
  stage?: DetectionStage;

  constructor(
    @Inject(CONFIG) private readonly config: VigieConfig,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(RuleCatalog) private readonly catalog: RuleCatalog,
    @Inject(DetectionConfigRepository) private readonly configs: DetectionConfigRepository,
    @Inject(EventStageRegistry) private readonly stages: EventStageRegistry,
    @Inject(AlertSinkRegistry) private readonly sinks: AlertSinkRegistry,
    @Inject('vigie.detection.worker') private readonly worker: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    const report = await this.catalog.syncBuiltin(BUILTIN_RULES_DIR);
    if (report)
      this.log.info(
        {
          pack: report.pack,
          rules: report.rules + report.correlations,
          rejected: report.rejected.length,
          changed: report.changed,
        },
        'built-in rule pack loaded',
      );
    if (!this.worker) return;
    let stateFor: (tenant: string) => CorrelationState = () => new MemoryCorrelationState();
    if (this.config.REDIS_URL) {
      const redis = (this.redis = new Redis({
        ...redisOptionsFromUrl(this.config.REDIS_URL),
        maxRetriesPerRequest: 3,
      }));
      stateFor = (tenant) => new RedisCorrelationState(redis, { keyPrefix: `vigie:corr:${tenant}:` });
    }
    const cache = new TenantDetectorCache(this.catalog, this.configs, stateFor);
    this.configs.onChange = (tenant) => cache.invalidate(tenant);
    this.stage = new DetectionStage(cache, new AlertWriter(this.storage), this.sinks);
    this.stages.register(this.stage);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.stage) this.log.info(this.stage.stats(), 'detection stage totals');
    await this.redis?.quit().catch(() => undefined);
  }
}

@Module({})
export class DetectionModule {
  static forRoot(parts: AppParts): DynamicModule {
    const providers: Provider[] = [
      { provide: 'vigie.detection.worker', useValue: parts.worker },
      { provide: RuleCatalog, useFactory: (s: StoragePort) => new RuleCatalog(s), inject: [STORAGE] },
      {
        provide: DetectionConfigRepository,
        useFactory: (s: StoragePort) => new DetectionConfigRepository(s),
        inject: [STORAGE],
      },
      {
        provide: RulesService,
        useFactory: (s: StoragePort, c: RuleCatalog, r: DetectionConfigRepository) =>
          new RulesService(s, c, r),
        inject: [STORAGE, RuleCatalog, DetectionConfigRepository],
      },
      { provide: AlertsService, useFactory: (s: StoragePort) => new AlertsService(s), inject: [STORAGE] },
      { provide: HuntService, useFactory: (s: StoragePort) => new HuntService(s), inject: [STORAGE] },
      DetectionStartup,
    ];
    return {
      module: DetectionModule,
      controllers: parts.http ? [RulesController, AlertsController, HuntController] : [],
      providers,
      exports: [RulesService, AlertsService, HuntService, DetectionStartup],
    };
  }
}
