import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchema, parseInput } from '../common/zod-validation.js';
import { tenantSchema, type VigieConfig } from '../config/config.schema.js';
import { SEVERITIES } from '../detection/alert.model.js';
import { CONFIG } from '../tokens.js';
import { GetIncidentUseCase } from './get-incident.use-case.js';
import { INCIDENT_STATUSES, VERDICTS } from './incident.model.js';
import { incidentSettingsSchema } from './incident-settings.js';
import { IncidentSettingsUseCase } from './incident-settings.use-case.js';
import { INCIDENT_SORTS, ListIncidentsUseCase } from './list-incidents.use-case.js';
import { UpdateIncidentUseCase, type Actor } from './update-incident.use-case.js';

const csv = <T extends [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

const listQuery = z.object({
  tenant: tenantSchema.optional(),
  status: csv(INCIDENT_STATUSES as unknown as [string, ...string[]]).optional(),
  severity: csv(SEVERITIES as unknown as [string, ...string[]]).optional(),
  assignee: z.string().min(1).max(200).optional(),
  risk_type: z.string().min(1).max(200).optional(),
  entity: z.string().min(1).max(500).optional(),
  sort: z.enum(INCIDENT_SORTS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  size: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
const tenantQuery = z.object({ tenant: tenantSchema.optional() });
const version = z.string().min(1).max(100);
const transitionBody = z.object({
  to: z.enum(INCIDENT_STATUSES),
  verdict: z.enum(VERDICTS).optional(),
  reason: z.string().max(5000).optional(),
  version,
});
const assignBody = z.object({ assignee: z.string().trim().min(1).max(200).nullable(), version });
const commentBody = z.object({ text: z.string().trim().min(1).max(20_000), version });
const evidenceBody = z.object({
  url: z
    .string()
    .url()
    .max(4000)
    .refine((u) => /^(https?|ftp|s3|file):/i.test(u), 'only http(s), ftp, s3 and file links'),
  label: z.string().trim().min(1).max(500),
  version,
});
const settingsBody = z.object({ settings: z.unknown(), version: z.string().nullable() });
const userHeader = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), 'no control characters');

const listQueryDoc = () =>
  applyDecorators(
    ...(
      ['status', 'severity', 'assignee', 'risk_type', 'entity', 'sort', 'order', 'size', 'cursor'] as const
    ).map((name) => ApiQuery({ name, required: false, schema: jsonSchema(listQuery.shape[name]) })),
  );

const conflictDoc = {
  status: 409,
  description:
    'the incident changed since `version` was read; the answer carries `current_version` and `current`',
};

@ApiTags('incidents')
@Controller('api/incidents')
export class IncidentsController {
  constructor(
    @Inject(ListIncidentsUseCase) private readonly list: ListIncidentsUseCase,
    @Inject(GetIncidentUseCase) private readonly get: GetIncidentUseCase,
    @Inject(UpdateIncidentUseCase) private readonly update: UpdateIncidentUseCase,
    @Inject(IncidentSettingsUseCase) private readonly settings: IncidentSettingsUseCase,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  private tenant(query: unknown, headers: Record<string, string | undefined>): string {
    const q = parseInput(tenantQuery, query, 'query');
    return (
      q.tenant ??
      parseInput(tenantSchema.optional(), headers['x-vigie-tenant'], 'X-Vigie-Tenant') ??
      this.config.TENANT
    );
  }

  private actor(query: unknown, headers: Record<string, string | undefined>): Actor {
    return {
      tenant: this.tenant(query, headers),
      user: parseInput(userHeader.default('analyst'), headers['x-vigie-user'], 'X-Vigie-User'),
    };
  }

  @Get()
  @ApiOperation({
    summary: 'The incident queue',
    description:
      'Filters: `status` and `severity` (comma-separated), `assignee` (`none` = unassigned), `risk_type`, `entity`. ' +
      'Sort by created_at, updated_at, last_event_time, risk or severity. `counts` gives the number per status ' +
      '(under the other filters) and per severity (under the other filters).',
  })
  @ApiQuery({ name: 'tenant', required: false })
  @listQueryDoc()
  async listIncidents(
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    const q = parseInput(listQuery, query, 'query');
    return this.list.execute(
      this.tenant({ tenant: q.tenant }, headers),
      q as Parameters<ListIncidentsUseCase['execute']>[1],
    );
  }

  @Get('settings')
  @ApiOperation({
    summary:
      "The tenant's incident settings: grouping entities and window, ATT&CK progression window, SLA targets per severity",
  })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiResponse({
    status: 200,
    schema: jsonSchema(z.object({ settings: incidentSettingsSchema, version: z.string().nullable() })),
  })
  getSettings(
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.settings.get(this.tenant(query, headers));
  }

  @Put('settings')
  @ApiOperation({ summary: 'Replace the incident settings (`version` as read; null the first time)' })
  @ApiBody({
    schema: jsonSchema(z.object({ settings: incidentSettingsSchema, version: z.string().nullable() })),
  })
  @ApiResponse(conflictDoc)
  putSettings(
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
  ) {
    const b = parseInput(settingsBody, body, 'body');
    return this.settings.put(this.tenant(query, headers), b.settings, b.version);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One incident with its alerts and their events (timeline), its SLA state and version',
  })
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiResponse({ status: 404, description: 'no such incident' })
  getIncident(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.get.execute(this.tenant(query, headers), id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The audit trail: who changed what, when, before and after' })
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'tenant', required: false })
  audit(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.get.audit(this.tenant(query, headers), id);
  }

  @Post(':id/transition')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change the status (new → acknowledged → in_progress → resolved | closed; reopen to in_progress)',
    description:
      'Resolving or closing needs a `verdict`; `false_positive` needs a `reason`. `version` is the one read.',
  })
  @ApiHeader({ name: 'X-Vigie-User', required: false, description: 'acting analyst (default: analyst)' })
  @ApiBody({ schema: jsonSchema(transitionBody) })
  @ApiResponse({ status: 400, description: 'transition not allowed, or verdict/reason missing' })
  @ApiResponse(conflictDoc)
  transition(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
  ) {
    const b = parseInput(transitionBody, body, 'body');
    return this.update.transition(this.actor(query, headers), id, b.version, b.to, b.verdict, b.reason);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign to an analyst (null unassigns)' })
  @ApiHeader({ name: 'X-Vigie-User', required: false })
  @ApiBody({ schema: jsonSchema(assignBody) })
  @ApiResponse(conflictDoc)
  assign(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
  ) {
    const b = parseInput(assignBody, body, 'body');
    return this.update.assign(this.actor(query, headers), id, b.version, b.assignee);
  }

  @Post(':id/comments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a comment' })
  @ApiHeader({ name: 'X-Vigie-User', required: false })
  @ApiBody({ schema: jsonSchema(commentBody) })
  @ApiResponse(conflictDoc)
  comment(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
  ) {
    const b = parseInput(commentBody, body, 'body');
    return this.update.comment(this.actor(query, headers), id, b.version, b.text);
  }

  @Post(':id/evidence')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an evidence link (url, label)' })
  @ApiHeader({ name: 'X-Vigie-User', required: false })
  @ApiBody({ schema: jsonSchema(evidenceBody) })
  @ApiResponse(conflictDoc)
  evidence(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: unknown,
  ) {
    const b = parseInput(evidenceBody, body, 'body');
    return this.update.addEvidence(this.actor(query, headers), id, b.version, b.url, b.label);
  }
}
