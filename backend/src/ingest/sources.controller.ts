import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { connectors } from '@vigie/connectors';
import { z } from 'zod';
import { parseInput } from '../common/zod-validation.js';
import { tenantSchema, type VigieConfig } from '../config/config.schema.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, STORAGE } from '../tokens.js';
import { SourceStatsService } from './source-stats.service.js';

const tenantQuery = z.object({ tenant: tenantSchema.optional() });
const deadLetterQuery = tenantQuery.extend({
  source: z.string().optional(),
  size: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

@ApiTags('sources')
@Controller('api')
export class SourcesController {
  constructor(
    @Inject(SourceStatsService) private readonly stats: SourceStatsService,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Get('connectors')
  @ApiOperation({ summary: 'Every connector: id, vendor/product, Sigma logsources, formats' })
  list() {
    return connectors.map((c) => ({
      id: c.id,
      name: c.name,
      vendor: c.vendor,
      product: c.product,
      logsources: c.logsources,
      formats: c.formats,
    }));
  }

  @Get('sources')
  @ApiOperation({
    summary: 'Sources seen for a tenant, with counters (events, events/s, parse errors, first/last seen)',
  })
  @ApiQuery({ name: 'tenant', required: false })
  async sources(@Query() query: Record<string, unknown>) {
    const q = parseInput(tenantQuery, query, 'query');
    return this.stats.forTenant(q.tenant ?? this.config.TENANT);
  }

  @Get('deadletters')
  @ApiOperation({ summary: 'Records that could not be accepted, parsed or stored, with their reason' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'source', required: false })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async deadLetters(@Query() query: Record<string, unknown>) {
    const q = parseInput(deadLetterQuery, query, 'query');
    return this.storage.listDocuments(q.tenant ?? this.config.TENANT, 'deadletter', {
      kql: q.source ? `source:"${q.source.replace(/"/g, '')}"` : undefined,
      sortBy: 'failed_at',
      order: 'desc',
      size: q.size,
      cursor: q.cursor,
    });
  }
}
