import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseInput, jsonSchema } from '../common/zod-validation.js';
import type { VigieConfig } from '../config/config.schema.js';
import { CONFIG } from '../tokens.js';
import {
  dryRunInput,
  exceptionInput,
  packImport,
  packPatch,
  rulePatch,
  rulesQuery,
  suppressionInput,
  tenantQuery,
} from './detection.schemas.js';
import { RulesService } from './rules.service.js';

/** Who makes a change (recorded in the history) until authentication exists: the `x-vigie-user` header. */
export const actorOf = (headers: Record<string, string | undefined>): string =>
  headers['x-vigie-user'] || 'api';

@ApiTags('rules')
@ApiHeader({ name: 'x-vigie-user', required: false, description: 'who makes the change (history)' })
@Controller('api/rules')
export class RulesController {
  constructor(
    @Inject(RulesService) private readonly rules: RulesService,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  private tenant(query: Record<string, unknown>): string {
    return parseInput(tenantQuery, { tenant: query.tenant }, 'query').tenant ?? this.config.TENANT;
  }

  @Get()
  @ApiOperation({
    summary: "The tenant's rules: id, title, type, enabled, level, risk, attack, source (pack)",
  })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'enabled', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'pack', required: false })
  @ApiQuery({ name: 'type', required: false, enum: ['signature', 'statistical', 'correlation'] })
  async list(@Query() query: Record<string, unknown>) {
    const q = parseInput(rulesQuery, query, 'query');
    return this.rules.list(q.tenant ?? this.config.TENANT, {
      enabled: q.enabled === undefined ? undefined : q.enabled === 'true',
      pack: q.pack,
      type: q.type,
    });
  }

  @Get('packs')
  @ApiOperation({
    summary: 'Rule packs with their import report and whether they are enabled for the tenant',
  })
  packs(@Query() query: Record<string, unknown>) {
    return this.rules.packs(this.tenant(query));
  }

  @Put('packs/:name')
  @ApiOperation({
    summary: 'Import (or replace) a rule pack from Sigma rule files; reports rejected and degraded rules',
  })
  @ApiBody({ schema: jsonSchema(packImport) })
  importPack(
    @Param('name') name: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    const b = parseInput(packImport, body, 'body');
    return this.rules.importPack(name, b.files, actorOf(headers), {
      source: b.source,
      defaultEnabled: b.default_enabled,
    });
  }

  @Patch('packs/:name')
  @ApiOperation({ summary: 'Enable or disable a whole pack for the tenant (rule switches still win)' })
  @ApiBody({ schema: jsonSchema(packPatch) })
  @HttpCode(204)
  async patchPack(
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    await this.rules.setPack(
      this.tenant(query),
      name,
      parseInput(packPatch, body, 'body').enabled,
      actorOf(headers),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule with its version, overrides, exceptions and suppression' })
  get(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.rules.get(this.tenant(query), id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Enable/disable a rule, override its severity (level) or risk score (null clears)',
  })
  @ApiBody({ schema: jsonSchema(rulePatch) })
  patch(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.rules.patch(this.tenant(query), id, parseInput(rulePatch, body, 'body'), actorOf(headers));
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'Every change of the rule for the tenant (who, when, what, before/after), newest first',
  })
  history(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.rules.history(this.tenant(query), id);
  }

  @Get(':id/exceptions')
  @ApiOperation({ summary: "The rule's exceptions (`*` lists those for every rule)" })
  exceptions(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.rules.exceptions(this.tenant(query), id);
  }

  @Post(':id/exceptions')
  @ApiOperation({
    summary:
      'Add an exception: events whose field holds one of the values do not raise the rule (until expires_at)',
  })
  @ApiBody({ schema: jsonSchema(exceptionInput) })
  addException(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.rules.addException(
      this.tenant(query),
      id,
      parseInput(exceptionInput, body, 'body'),
      actorOf(headers),
    );
  }

  @Delete(':id/exceptions/:exceptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an exception' })
  async deleteException(
    @Param('exceptionId') exceptionId: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    await this.rules.deleteException(this.tenant(query), exceptionId, actorOf(headers));
  }

  @Put(':id/suppression')
  @ApiOperation({
    summary:
      'Suppress repeats: matches with the same group-by values within the window fold into the first alert',
  })
  @ApiBody({ schema: jsonSchema(suppressionInput) })
  setSuppression(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.rules.setSuppression(
      this.tenant(query),
      id,
      parseInput(suppressionInput, body, 'body'),
      actorOf(headers),
    );
  }

  @Delete(':id/suppression')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove the rule's suppression" })
  async deleteSuppression(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    await this.rules.deleteSuppression(this.tenant(query), id, actorOf(headers));
  }

  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Run the rule over stored history (store query language): hits, samples, and the alerts it would raise',
  })
  @ApiBody({ schema: jsonSchema(dryRunInput) })
  dryRun(@Param('id') id: string, @Query() query: Record<string, unknown>, @Body() body: unknown) {
    return this.rules.dryRun(this.tenant(query), { id }, parseInput(dryRunInput, body ?? {}, 'body'));
  }
}
