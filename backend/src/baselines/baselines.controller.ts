import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../common/zod-validation.js';
import type { VigieConfig } from '../config/config.schema.js';
import { tenantQuery } from '../detection/detection.schemas.js';
import { CONFIG } from '../tokens.js';
import type { BaselinesStartup, BaselineStatus } from './baselines.module.js';
import type { RefreshResult } from './refresh.scheduler.js';

/** DI token of the module's `BaselinesStartup` (a string: the module file imports this one). */
export const BASELINES = 'vigie.baselines';

/** Behavioural baselines: the detectors' state and the model refresh. */
@ApiTags('baselines')
@Controller('api/baselines')
export class BaselinesController {
  constructor(
    @Inject(BASELINES) private readonly baselines: BaselinesStartup,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  private tenant(query: Record<string, unknown>): string {
    return parseInput(tenantQuery, { tenant: query.tenant }, 'query').tenant ?? this.config.TENANT;
  }

  @Get('status')
  @ApiOperation({
    summary:
      "The tenant's baseline detectors: status (scoring, no model yet…), last model refresh, and the answering process's stage counters",
  })
  @ApiQuery({ name: 'tenant', required: false })
  status(@Query() query: Record<string, unknown>): Promise<BaselineStatus> {
    return this.baselines.status(this.tenant(query));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Re-learn the tenant's baseline models now (the periodic refresh job, run by one worker) and wait for it",
  })
  @ApiQuery({ name: 'tenant', required: false })
  refresh(@Query() query: Record<string, unknown>): Promise<RefreshResult> {
    return this.baselines.refreshNow(this.tenant(query));
  }
}
