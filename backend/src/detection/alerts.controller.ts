import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../common/zod-validation.js';
import type { VigieConfig } from '../config/config.schema.js';
import { CONFIG } from '../tokens.js';
import { AlertsService } from './alerts.service.js';
import { alertsQuery, severityList, tenantQuery } from './detection.schemas.js';

@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    @Inject(AlertsService) private readonly alerts: AlertsService,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alerts, newest detection first, paged with a cursor' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'severity', required: false, description: 'comma-separated severities' })
  @ApiQuery({ name: 'rule', required: false, description: 'rule id' })
  @ApiQuery({ name: 'type', required: false, enum: ['signature', 'statistical', 'correlation'] })
  @ApiQuery({ name: 'since', required: false, description: 'detected at or after (ISO)' })
  @ApiQuery({ name: 'until', required: false, description: 'detected before (ISO)' })
  @ApiQuery({ name: 'entity', required: false, description: 'host, user, IP, process or file hash' })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query() query: Record<string, unknown>) {
    const q = parseInput(alertsQuery, query, 'query');
    const severity = q.severity ? parseInput(severityList, q.severity.split(','), 'severity') : undefined;
    return this.alerts.list(q.tenant ?? this.config.TENANT, { ...q, severity: severity as never });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert' })
  get(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    const q = parseInput(tenantQuery, { tenant: query.tenant }, 'query');
    return this.alerts.get(q.tenant ?? this.config.TENANT, id);
  }
}
