import { Body, Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { jsonSchema, parseInput } from '../common/zod-validation.js';
import type { VigieConfig } from '../config/config.schema.js';
import { huntInput, tenantQuery } from '../detection/detection.schemas.js';
import { CONFIG } from '../tokens.js';
import { HuntService } from './hunt.service.js';

@ApiTags('hunting')
@Controller('api/hunt')
export class HuntController {
  constructor(
    @Inject(HuntService) private readonly hunting: HuntService,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hunt over stored events with a Sigma rule (YAML, converted by sigma-ts) or a KQL query',
  })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiBody({ schema: jsonSchema(huntInput) })
  hunt(@Query() query: Record<string, unknown>, @Body() body: unknown) {
    const t = parseInput(tenantQuery, { tenant: query.tenant }, 'query');
    return this.hunting.hunt(t.tenant ?? this.config.TENANT, parseInput(huntInput, body, 'body'));
  }
}
