import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { AppParts } from '../app.module.js';
import { AlertSinkRegistry } from '../detection/alert-sink.js';
import type { StoragePort } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import { GetIncidentUseCase } from './get-incident.use-case.js';
import { IncidentGrouper } from './incident-grouper.js';
import { IncidentSettingsUseCase } from './incident-settings.use-case.js';
import { IncidentsController } from './incidents.controller.js';
import { ListIncidentsUseCase } from './list-incidents.use-case.js';
import { UpdateIncidentUseCase } from './update-incident.use-case.js';

/** Registers the grouping sink (worker roles): alerts stored by detection are filed into incidents. */
@Injectable()
class IncidentSinkRegistration implements OnModuleInit {
  constructor(
    @Inject(AlertSinkRegistry) private readonly sinks: AlertSinkRegistry,
    @Inject(STORAGE) private readonly storage: StoragePort,
  ) {}

  onModuleInit(): void {
    this.sinks.register(new IncidentGrouper(this.storage));
  }
}

/**
 * Incidents: grouping of alerts (worker roles), lifecycle, verdicts, SLAs, audit, and the API (HTTP roles). The
 * use-cases are always provided, so the CLI reaches them in-process.
 */
@Module({})
export class IncidentsModule {
  static forRoot(parts: AppParts): DynamicModule {
    const useCases = [
      ListIncidentsUseCase,
      GetIncidentUseCase,
      UpdateIncidentUseCase,
      IncidentSettingsUseCase,
    ];
    return {
      module: IncidentsModule,
      controllers: parts.http ? [IncidentsController] : [],
      providers: [...useCases, ...(parts.worker ? [IncidentSinkRegistration] : [])],
      exports: useCases,
    };
  }
}
