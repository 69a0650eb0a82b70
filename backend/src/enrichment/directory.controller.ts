/**
 * `/api/assets` and `/api/identities`: import (CSV or JSON body), list, get, delete. One controller class per
 * directory, built by `directoryController` so both stay identical.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchema, parseInput } from '../common/zod-validation.js';
import { tenantSchema, type VigieConfig } from '../config/config.schema.js';
import { CONFIG } from '../tokens.js';
import { assetSchema, identitySchema, type DirectoryKind } from './directory.model.js';
import { DirectoryService, type DirectoryPage, type ImportDirectoryResult } from './directory.service.js';

const importQuery = z.object({
  tenant: tenantSchema.optional(),
  mode: z.enum(['merge', 'replace']).default('merge'),
  format: z.enum(['csv', 'json']).optional(),
});
const listQuery = z.object({
  tenant: tenantSchema.optional(),
  q: z.string().max(256).optional(),
  size: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().regex(/^\d+$/).optional(),
});
const tenantQuery = z.object({ tenant: tenantSchema.optional() });
const importResult = z.object({
  directory: z.enum(['assets', 'identities']),
  revision: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  total: z.number().int(),
  rejects: z.array(z.object({ at: z.number().int(), reason: z.string() })),
});

export function directoryController(kind: DirectoryKind): Type<unknown> {
  const param = kind === 'assets' ? 'host' : 'user';
  const entry = kind === 'assets' ? assetSchema : identitySchema;
  const example =
    kind === 'assets'
      ? 'host,criticality,owner,zone,tags\ndc01.corp.example,critical,it-infra,servers,domain-controller;tier0\n'
      : 'user,department,title,privileged,manager\nalice,Finance,Accountant,false,carol\n';

  @ApiTags('enrichment')
  @Controller(`api/${kind}`)
  class DirectoryController {
    constructor(
      @Inject(DirectoryService) readonly service: DirectoryService,
      @Inject(CONFIG) readonly config: VigieConfig,
    ) {}

    @Post('import')
    @HttpCode(200)
    @ApiOperation({
      summary: `Import ${kind} from CSV (header row) or JSON (array of objects)`,
      description: `Body: \`text/csv\` or \`application/json\`. \`mode=merge\` (default) upserts, \`mode=replace\` replaces the whole directory. Bad rows are listed in \`rejects\`; good rows are imported. Workers see the change within seconds.`,
    })
    @ApiQuery({ name: 'tenant', required: false })
    @ApiQuery({ name: 'mode', required: false, enum: ['merge', 'replace'] })
    @ApiQuery({ name: 'format', required: false, enum: ['csv', 'json'] })
    @ApiBody({
      schema: {
        oneOf: [
          { type: 'string', example },
          { type: 'array', items: jsonSchema(entry) },
        ],
      },
    })
    @ApiResponse({ status: 200, schema: jsonSchema(importResult) })
    @ApiResponse({ status: 400, description: 'unreadable input or no valid entry' })
    async import(
      @Query() query: Record<string, unknown>,
      @Body() body: unknown,
    ): Promise<ImportDirectoryResult> {
      const q = parseInput(importQuery, query, 'query');
      const text =
        typeof body === 'string'
          ? body
          : Buffer.isBuffer(body)
            ? body.toString('utf8')
            : body === undefined
              ? ''
              : JSON.stringify(body);
      const format =
        q.format ??
        (typeof body === 'object' && body !== null && !Buffer.isBuffer(body) ? 'json' : undefined);
      return this.service.import({
        tenant: q.tenant ?? this.config.TENANT,
        kind,
        text,
        format,
        mode: q.mode,
      });
    }

    @Get()
    @ApiOperation({ summary: `List ${kind} (sorted by ${param}, paged; \`q\` filters on any field)` })
    @ApiQuery({ name: 'tenant', required: false })
    @ApiQuery({ name: 'q', required: false })
    @ApiQuery({ name: 'size', required: false })
    @ApiQuery({ name: 'cursor', required: false })
    list(@Query() query: Record<string, unknown>): Promise<DirectoryPage> {
      const q = parseInput(listQuery, query, 'query');
      return this.service.list(q.tenant ?? this.config.TENANT, kind, {
        filter: q.q,
        size: q.size,
        cursor: q.cursor,
      });
    }

    @Get(`:${param}`)
    @ApiOperation({
      summary: `One ${param} of the ${kind} directory (${kind === 'assets' ? 'case-insensitive' : 'DOMAIN\\user and user@domain accepted'})`,
    })
    @ApiParam({ name: param })
    @ApiQuery({ name: 'tenant', required: false })
    @ApiResponse({ status: 200, schema: jsonSchema(entry) })
    @ApiResponse({ status: 404, description: 'not in the directory' })
    get(@Param(param) name: string, @Query() query: Record<string, unknown>): Promise<unknown> {
      const q = parseInput(tenantQuery, query, 'query');
      return this.service.get(q.tenant ?? this.config.TENANT, kind, name);
    }

    @Delete(`:${param}`)
    @ApiOperation({ summary: `Remove one ${param} from the ${kind} directory` })
    @ApiParam({ name: param })
    @ApiQuery({ name: 'tenant', required: false })
    @ApiResponse({ status: 404, description: 'not in the directory' })
    remove(
      @Param(param) name: string,
      @Query() query: Record<string, unknown>,
    ): Promise<{ revision: number; total: number }> {
      const q = parseInput(tenantQuery, query, 'query');
      return this.service.remove(q.tenant ?? this.config.TENANT, kind, name);
    }
  }
  Object.defineProperty(DirectoryController, 'name', {
    value: kind === 'assets' ? 'AssetsController' : 'IdentitiesController',
  });
  return DirectoryController;
}

export const AssetsController = directoryController('assets');
export const IdentitiesController = directoryController('identities');
