/**
 * Behavioural baselines: the statistical detectors of `rules/baselines/*.yml` (loaded with the rule library by
 * detection's catalogue), scored in the pipeline after Sigma detection (stage order 210, worker roles), with
 * state in Redis when `REDIS_URL` is set (shared by every worker) and in memory persisted through the storage
 * port otherwise; models refreshed by a BullMQ job scheduler or a timer.
 */
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppParts } from '../app.module.js';
import { childLogger } from '../common/logger.js';
import type { VigieConfig } from '../config/config.schema.js';
import { AlertSinkRegistry } from '../detection/alert-sink.js';
import { AlertWriter } from '../detection/alert-writer.js';
import { DetectionConfigRepository } from '../detection/detection-config.repository.js';
import { RuleCatalog } from '../detection/rule-catalog.js';
import { EventStageRegistry } from '../pipeline/event-stage.js';
import { redisOptionsFromUrl } from '../queue/redis-options.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, STORAGE } from '../tokens.js';
import { BaselineStage } from './baseline.stage.js';
import {
  BullMqRefreshScheduler,
  TimerRefreshScheduler,
  type RefreshRun,
  type RefreshScheduler,
} from './refresh.scheduler.js';
import { MemoryBaselineStateStore } from './state/memory-state.store.js';
import { RedisBaselineStateStore } from './state/redis-state.store.js';
import type { BaselineStateStore } from './state/state-store.port.js';
import { TenantBaselinesCache } from './tenant-baselines.cache.js';
import { AutoencoderRegistry } from './autoencoder/registry.js';
import { storageHistory } from './autoencoder/event-history.js';

/** Model refresh period (ms); `BASELINE_REFRESH_MS` overrides (default 15 minutes). */
export const REFRESH_EVERY_MS = Number(process.env.BASELINE_REFRESH_MS ?? 15 * 60_000);

@Injectable()
export class BaselinesStartup implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly log = childLogger('baselines');
  private redis?: Redis;
  private scheduler?: RefreshScheduler;
  store?: BaselineStateStore;
  cache?: TenantBaselinesCache;
  stage?: BaselineStage;
  /** Trained autoencoders (saved through the storage port, trained by the refresh job). */
  autoencoders?: AutoencoderRegistry;

  constructor(
    @Inject(CONFIG) private readonly config: VigieConfig,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(EventStageRegistry) private readonly stages: EventStageRegistry,
    @Inject(AlertSinkRegistry) private readonly sinks: AlertSinkRegistry,
    @Inject('vigie.baselines.worker') private readonly worker: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.worker) return;
    if (this.config.REDIS_URL) {
      this.redis = new Redis({ ...redisOptionsFromUrl(this.config.REDIS_URL), maxRetriesPerRequest: 3 });
      this.store = new RedisBaselineStateStore(this.redis);
    } else {
      this.store = new MemoryBaselineStateStore(this.storage);
    }
    const configs = new DetectionConfigRepository(this.storage);
    this.autoencoders = new AutoencoderRegistry(this.storage);
    this.cache = new TenantBaselinesCache(new RuleCatalog(this.storage), configs, this.store, undefined, {
      autoencoders: this.autoencoders,
      history: storageHistory(this.storage),
    });
    this.stage = new BaselineStage(this.cache, new AlertWriter(this.storage), this.sinks);
    this.stages.register(this.stage);
    const run: RefreshRun = (onProgress) => this.refreshAll(onProgress);
    this.scheduler = this.config.REDIS_URL
      ? new BullMqRefreshScheduler(this.config.REDIS_URL, run, REFRESH_EVERY_MS, true)
      : new TimerRefreshScheduler(run, REFRESH_EVERY_MS);
    await this.scheduler.start();
    this.log.info({ state: this.store.kind, refresh_every_ms: REFRESH_EVERY_MS }, 'baselines ready');
  }

  /** Refreshes every tenant's models, raises time-driven alerts (silent sources), persists state. */
  async refreshAll(
    onProgress: Parameters<RefreshRun>[0] = () => undefined,
  ): Promise<{ tenants: number; alerts: number }> {
    if (!this.cache || !this.stage || !this.store) return { tenants: 0, alerts: 0 };
    const tenants = await this.storage.tenants();
    let alerts = 0;
    for (const tenant of tenants) {
      const tb = await this.cache.get(tenant);
      if (tb.rules.size === 0) continue;
      await tb.engine.refresh(tenant, undefined, (done, total, detector) =>
        onProgress({ tenant, done, total, detector }),
      );
      const written = await this.stage.write(tenant, tb, await tb.engine.tick(tenant));
      await this.sinks.deliver(tenant, written);
      alerts += written.length;
    }
    await this.store.flush();
    return { tenants: tenants.length, alerts };
  }

  /** Memory state is persisted while storage is still open (core closes it at shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.scheduler?.stop();
    await this.store
      ?.flush()
      .catch((err: Error) => this.log.warn({ err: err.message }, 'baseline state not persisted'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.stage) this.log.info(this.stage.stats(), 'baseline stage totals');
    this.autoencoders?.dispose();
    await this.redis?.quit().catch(() => undefined);
  }
}

@Module({})
export class BaselinesModule {
  static forRoot(parts: AppParts): DynamicModule {
    const providers: Provider[] = [
      { provide: 'vigie.baselines.worker', useValue: parts.worker },
      BaselinesStartup,
    ];
    return { module: BaselinesModule, providers, exports: [BaselinesStartup] };
  }
}
