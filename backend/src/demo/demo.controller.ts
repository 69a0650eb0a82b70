import { Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../common/zod-validation.js';
import { tenantSchema } from '../config/config.schema.js';
import { DEMO_TENANT, DemoService, type DemoReplayResult } from './demo.service.js';

const replayQuery = z.object({
  tenant: tenantSchema.default(DEMO_TENANT),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});

@ApiTags('demo')
@Controller('api/demo')
export class DemoController {
  constructor(@Inject(DemoService) private readonly demo: DemoService) {}

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay the demo scenario (a day at a small insurer with an intrusion) into a tenant',
    description:
      'Imports the demo asset inventory and identity directory, then ingests the raw records through the normal pipeline, ending now. Answers once everything is stored.',
  })
  @ApiQuery({ name: 'tenant', required: false, description: 'default: demo' })
  @ApiQuery({ name: 'seed', required: false })
  replay(@Query() query: Record<string, unknown>): Promise<DemoReplayResult> {
    const q = parseInput(replayQuery, query, 'query');
    return this.demo.replay(q.tenant, { seed: q.seed });
  }
}
