import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../common/zod-validation.js';
import { tenantSchema, type VigieConfig } from '../config/config.schema.js';
import { CONFIG, STORAGE } from '../tokens.js';
import type { EventPage, StoragePort } from './storage.port.js';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date');
const base = z.object({
  tenant: tenantSchema.optional(),
  q: z.string().max(10_000).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
const searchQuery = base.extend({
  size: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});
const histogramQuery = base.extend({
  from: isoDate,
  to: isoDate,
  interval: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400 * 31)
    .default(60),
  time_field: z.enum(['@timestamp', 'event.ingested']).default('@timestamp'),
});
const topQuery = base.extend({
  field: z.string().regex(/^[A-Za-z0-9_@.-]+$/),
  size: z.coerce.number().int().min(1).max(100).default(10),
});

const Q_DOC =
  'KQL subset: field:value, wildcards * and ?, "quoted phrases", AND/OR/NOT, parentheses, field >= 10, field:[a TO b], field:* (exists); case-insensitive';

@ApiTags('events')
@Controller('api/events')
export class EventsController {
  constructor(
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Search stored events, newest first, paged with a cursor' })
  @ApiQuery({ name: 'q', required: false, description: Q_DOC })
  @ApiQuery({ name: 'from', required: false, description: 'inclusive ISO time' })
  @ApiQuery({ name: 'to', required: false, description: 'exclusive ISO time' })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'tenant', required: false })
  async search(@Query() query: Record<string, unknown>): Promise<EventPage> {
    const q = parseInput(searchQuery, query, 'query');
    return this.storage.searchEvents(q.tenant ?? this.config.TENANT, {
      kql: q.q,
      from: q.from,
      to: q.to,
      size: q.size,
      cursor: q.cursor,
      order: q.order,
    });
  }

  @Get('histogram')
  @ApiOperation({ summary: 'Event counts per fixed interval (seconds)' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  @ApiQuery({ name: 'interval', required: false })
  @ApiQuery({ name: 'time_field', required: false, enum: ['@timestamp', 'event.ingested'] })
  @ApiQuery({ name: 'q', required: false, description: Q_DOC })
  @ApiQuery({ name: 'tenant', required: false })
  async histogram(@Query() query: Record<string, unknown>) {
    const q = parseInput(histogramQuery, query, 'query');
    return this.storage.histogram(q.tenant ?? this.config.TENANT, {
      kql: q.q,
      from: q.from,
      to: q.to,
      intervalSeconds: q.interval,
      timeField: q.time_field,
    });
  }

  @Get('top')
  @ApiOperation({ summary: 'Most frequent values of a field' })
  @ApiQuery({ name: 'field', required: true })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'q', required: false, description: Q_DOC })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'tenant', required: false })
  async top(@Query() query: Record<string, unknown>) {
    const q = parseInput(topQuery, query, 'query');
    return this.storage.topN(q.tenant ?? this.config.TENANT, {
      kql: q.q,
      from: q.from,
      to: q.to,
      field: q.field,
      size: q.size,
    });
  }
}
