import { Controller, Headers, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { jsonSchema, parseInput } from '../common/zod-validation.js';
import type { VigieConfig } from '../config/config.schema.js';
import { tenantSchema } from '../config/config.schema.js';
import { CONFIG } from '../tokens.js';
import { IngestService, type IngestResult } from './ingest.service.js';
import { decodeBody } from './record-splitter.js';

const ingestQuery = z
  .object({
    tenant: tenantSchema.optional(),
    /** Connector options as `option.<key>=<value>`, e.g. `option.timezone=Europe/Paris`. */
  })
  .catchall(z.string());

const ingestResult = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  batches: z.number().int(),
  delivery_id: z.string(),
  rejects: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

@ApiTags('ingest')
@Controller('api/ingest')
export class IngestController {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(CONFIG) private readonly config: VigieConfig,
  ) {}

  @Post(':source')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send raw log records',
    description:
      'Body: one record per line (plain text or NDJSON with `Content-Type: application/x-ndjson`), optionally gzip. ' +
      'Good lines are queued even when some are bad; bad lines go to the dead-letter collection with their reason. ' +
      '`Idempotency-Key` makes a retried request safe.',
  })
  @ApiParam({ name: 'source', description: 'connector id (see GET /api/sources) or `auto`' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiBody({
    schema: {
      type: 'string',
      example:
        '<38>Mar  9 23:59:01 web01 sshd[1234]: Accepted password for bob from 10.0.0.5 port 50000 ssh2',
    },
  })
  @ApiResponse({ status: 202, schema: jsonSchema(ingestResult) })
  @ApiResponse({ status: 404, description: 'unknown source; the answer lists the known ones' })
  @ApiResponse({ status: 413, description: 'body too large' })
  @ApiResponse({ status: 429, description: 'queue full; retry later' })
  async post(
    @Param('source') source: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @Req() req: Request,
  ): Promise<IngestResult> {
    const q = parseInput(ingestQuery, query, 'query');
    this.ingest.assertSource(source);
    const body = Buffer.isBuffer(req.body)
      ? req.body
      : Buffer.from(typeof req.body === 'string' ? req.body : '');
    const text = decodeBody(body, this.config.INGEST_MAX_BODY_BYTES);
    const options = Object.fromEntries(
      Object.entries(q)
        .filter(([k]) => k.startsWith('option.'))
        .map(([k, v]) => [k.slice('option.'.length), v]),
    );
    return this.ingest.ingest({
      tenant: q.tenant ?? headers['x-vigie-tenant'] ?? this.config.TENANT,
      source,
      text,
      ndjson: /ndjson|jsonlines|x-json-stream/i.test(headers['content-type'] ?? ''),
      deliveryId: headers['idempotency-key'],
      options,
    });
  }
}
