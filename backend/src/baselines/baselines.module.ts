/**
 * Behavioural baselines: the statistical detectors of `rules/baselines/*.yml` (loaded with the rule library by
 * detection's catalogue), scored in the pipeline after Sigma detection (stage order 210, worker roles), with
 * state in Redis when `REDIS_URL` is set (shared by every worker) and in memory persisted through the storage
 * port otherwise; models refreshed by a BullMQ job scheduler or a timer. API roles serve `/api/baselines` (status,
 * refresh on demand).
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
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { AppParts } from '../app.module.js';
import { ErrorCode, VigieError } from '../common/errors.js';
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
import { BaselineStage, type BaselineStageStats } from './baseline.stage.js';
import { BASELINES, BaselinesController } from './baselines.controller.js';
import {
  BullMqRefreshScheduler,
  requestRefresh,
  TimerRefreshScheduler,
  type RefreshResult,
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

/** The tenant's `config` document recording its last model refresh. */
export const REFRESH_DOC_ID = 'baseline-refresh';

interface RefreshRecord extends Record<string, unknown> {
  kind: 'baseline-refresh';
  /** When the refresh ended (wall clock). */
  at: string;
  /** The event time the models were learned as of. */
  as_of: string;
  duration_ms: number;
  /** Time-driven alerts it raised. */
  alerts: number;
  /** When each detector's model was refreshed. */
  detectors: Record<string, string>;
}

/** `GET /api/baselines/status`. */
export interface BaselineStatus {
  tenant: string;
  detectors: {
    id: string;
    title: string;
    model: string;
    enabled: boolean;
    status: string;
    last_refresh: string | null;
  }[];
  last_refresh: { at: string; as_of: string; duration_ms: number; alerts: number } | null;
  /** The process that answered: its stage counters are its own (each worker keeps its own). */
  process: {
    role: string;
    host: string;
    pid: number;
    /** Baseline state store of this process (null: it runs no pipeline). */
    state: 'memory' | 'redis' | null;
    refresh_every_ms: number;
  };
  /** This process's baseline stage counters; null when it runs no pipeline (`ROLE=api`). */
  stage: BaselineStageStats | null;
}

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
    const configs = new DetectionConfigRepository(this.storage);
    // Re-read at each use (the per-minute tick, a refresh, a status request): a worker must see a model another
    // worker just trained before it claims an hour (see models/autoencoder.model.ts).
    this.autoencoders = new AutoencoderRegistry(this.storage, 0);
    if (!this.worker) {
      // API-only process: engines for `status` only (it scores nothing, so its state store is never written).
      this.cache = new TenantBaselinesCache(
        new RuleCatalog(this.storage),
        configs,
        new MemoryBaselineStateStore(),
        undefined,
        { autoencoders: this.autoencoders },
      );
      return;
    }
    if (this.config.REDIS_URL) {
      this.redis = new Redis({ ...redisOptionsFromUrl(this.config.REDIS_URL), maxRetriesPerRequest: 3 });
      this.store = new RedisBaselineStateStore(this.redis);
    } else {
      this.store = new MemoryBaselineStateStore(this.storage);
    }
    this.cache = new TenantBaselinesCache(new RuleCatalog(this.storage), configs, this.store, undefined, {
      autoencoders: this.autoencoders,
      history: storageHistory(this.storage),
    });
    this.stage = new BaselineStage(this.cache, new AlertWriter(this.storage), this.sinks);
    this.stages.register(this.stage);
    const run: RefreshRun = (onProgress, tenant) => this.refreshAll(onProgress, tenant);
    this.scheduler = this.config.REDIS_URL
      ? new BullMqRefreshScheduler(
          this.config.REDIS_URL,
          this.config.QUEUE_PREFIX,
          run,
          REFRESH_EVERY_MS,
          true,
        )
      : new TimerRefreshScheduler(run, REFRESH_EVERY_MS);
    await this.scheduler.start();
    this.log.info({ state: this.store.kind, refresh_every_ms: REFRESH_EVERY_MS }, 'baselines ready');
  }

  /**
   * Refreshes every tenant's models (or `only` that tenant's), raises time-driven alerts (silent sources), persists state. A tenant's models
   * are learned as of its newest stored event (event time, the same whichever worker runs the refresh — a worker's
   * own watermark only covers the batches it happened to process) and the time and detectors of the refresh are
   * recorded in its `config` document `baseline-refresh` (`GET /api/baselines/status`).
   */
  async refreshAll(
    onProgress: Parameters<RefreshRun>[0] = () => undefined,
    only?: string,
  ): Promise<RefreshResult> {
    if (!this.cache || !this.stage || !this.store) return { tenants: 0, alerts: 0 };
    await this.storage.refresh();
    const tenants = only ? [only] : await this.storage.tenants();
    let alerts = 0;
    for (const tenant of tenants) {
      const tb = await this.cache.get(tenant);
      if (tb.rules.size === 0) continue;
      const started = Date.now();
      const asOfMs = (await this.newestEventMs(tenant)) ?? (tb.engine.watermark(tenant) || Date.now());
      const refreshed: Record<string, string> = {};
      await tb.engine.refresh(tenant, asOfMs, (done, total, detector) => {
        refreshed[detector] = new Date().toISOString();
        onProgress({ tenant, done, total, detector });
      });
      const written = await this.stage.write(tenant, tb, await tb.engine.tick(tenant, asOfMs));
      await this.sinks.deliver(tenant, written);
      alerts += written.length;
      const record: RefreshRecord = {
        kind: 'baseline-refresh',
        at: new Date().toISOString(),
        as_of: new Date(asOfMs).toISOString(),
        duration_ms: Date.now() - started,
        alerts: written.length,
        detectors: refreshed,
      };
      await this.storage.putDocument(tenant, 'config', REFRESH_DOC_ID, record, { searchable: false });
    }
    await this.store.flush();
    return { tenants: tenants.length, alerts };
  }

  /** The tenant's newest stored event time (ms), undefined when it has none. */
  private async newestEventMs(tenant: string): Promise<number | undefined> {
    const page = await this.storage.searchEvents(tenant, { size: 1, order: 'desc' });
    const ms = page.hits.length ? Date.parse(String(page.hits[0].doc['@timestamp'])) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  }

  /**
   * Refreshes the tenant's models now and waits: the BullMQ refresh job, on whichever worker takes it; in-process
   * when there is no Redis (embedded, `ROLE=all`).
   */
  async refreshNow(tenant: string): Promise<RefreshResult> {
    if (this.config.REDIS_URL)
      return requestRefresh(this.config.REDIS_URL, this.config.QUEUE_PREFIX, { tenant });
    if (!this.stage)
      throw new VigieError(
        ErrorCode.Unavailable,
        'no worker in this process and no Redis queue: start Vigie with ROLE=all or set REDIS_URL',
      );
    return this.refreshAll(undefined, tenant);
  }

  /**
   * Per detector of the tenant (enabled ones as the engine sees them, then the switched-off ones): its status
   * ("scoring", "no model yet…"), its last refresh; and the baseline stage's counters of this process.
   */
  async status(tenant: string): Promise<BaselineStatus> {
    const tb = await this.cache!.get(tenant);
    for (const d of tb.engine.detectors.values())
      if (d.def.model.type === 'autoencoder') await this.autoencoders?.get(tenant, d.def.id);
    const record = (await this.storage.getDocument<RefreshRecord>(tenant, 'config', REFRESH_DOC_ID))?.doc;
    const states = tb.engine.status(tenant);
    const detectors: BaselineStatus['detectors'] = [];
    for (const d of tb.engine.detectors.values())
      detectors.push({
        id: d.def.id,
        title: tb.rules.get(d.def.id)?.title ?? d.def.title,
        model: d.def.model.type,
        enabled: true,
        status: states[d.def.id],
        last_refresh: record?.detectors[d.def.id] ?? null,
      });
    for (const r of tb.disabled)
      detectors.push({
        id: r.id,
        title: r.title,
        model: r.catalog.baseline!.model.type,
        enabled: false,
        status: 'disabled',
        last_refresh: record?.detectors[r.id] ?? null,
      });
    return {
      tenant,
      detectors,
      last_refresh: record
        ? { at: record.at, as_of: record.as_of, duration_ms: record.duration_ms, alerts: record.alerts }
        : null,
      process: {
        role: this.config.ROLE,
        host: hostname(),
        pid: process.pid,
        state: this.store?.kind ?? null,
        refresh_every_ms: REFRESH_EVERY_MS,
      },
      stage: this.stage?.stats() ?? null,
    };
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
      { provide: BASELINES, useExisting: BaselinesStartup },
    ];
    return {
      module: BaselinesModule,
      controllers: parts.http ? [BaselinesController] : [],
      providers,
      exports: [BaselinesStartup],
    };
  }
}
