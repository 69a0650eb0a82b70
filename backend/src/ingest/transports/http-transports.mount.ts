import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import type { VigieConfig } from '../../config/config.schema.js';
import { CONFIG } from '../../tokens.js';
import { IngestService } from '../ingest.service.js';
import { esCompatRouter } from './es-bulk/es-compat.router.js';
import { parseHecTokens, parseSourcetypes } from './hec/hec-config.js';
import { hecRouter } from './hec/hec.router.js';
import { checkTarget, type IngestTarget } from './ingest-target.js';
import { otlpRouter } from './otlp/otlp.router.js';
import type { IngestRecordsFn } from './record-batcher.js';
import { ConfigError } from '../../config/config.schema.js';
import { TransportStats } from './transport-stats.js';

export interface HttpTransportsDeps {
  config: VigieConfig;
  ingest: IngestRecordsFn;
  stats: TransportStats;
}

/** Which HTTP transports a configuration enables; throws ConfigError naming the bad settings. */
export function httpTransportSettings(config: VigieConfig) {
  const problems: string[] = [];
  const es: IngestTarget = {
    tenant: config.ES_COMPAT_TENANT ?? config.TENANT,
    source: config.ES_COMPAT_SOURCE,
  };
  const otlp: IngestTarget = { tenant: config.OTLP_TENANT ?? config.TENANT, source: config.OTLP_SOURCE };
  if (config.ES_COMPAT) problems.push(checkTarget('ES_COMPAT_TENANT/ES_COMPAT_SOURCE', es) ?? '');
  if (config.OTLP_ENABLED) problems.push(checkTarget('OTLP_TENANT/OTLP_SOURCE', otlp) ?? '');
  let hec:
    | { tokens: ReturnType<typeof parseHecTokens>; sourcetypes: ReturnType<typeof parseSourcetypes> }
    | undefined;
  try {
    if (config.HEC_TOKENS)
      hec = {
        tokens: parseHecTokens(config.HEC_TOKENS, config.TENANT),
        sourcetypes: parseSourcetypes(config.HEC_SOURCETYPES),
      };
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else throw err;
  }
  const real = problems.filter(Boolean);
  if (real.length) throw new ConfigError(real);
  return { es: config.ES_COMPAT ? es : undefined, otlp: config.OTLP_ENABLED ? otlp : undefined, hec };
}

/**
 * Mounts the HTTP transports on the Express app: Splunk HEC (`/services/collector…`, when HEC_TOKENS is set),
 * OTLP/HTTP JSON logs (`/v1/logs`), and the Elasticsearch-compatible API (under `/es` for every client, and at `/`
 * for non-browser clients). They read their own bodies (gzip included), so they must be mounted before the app's
 * global body parsers and before the workbench's static files.
 */
export function mountHttpTransports(app: Express, deps: HttpTransportsDeps): void {
  const settings = httpTransportSettings(deps.config);
  const maxBodyBytes = deps.config.INGEST_MAX_BODY_BYTES;
  if (settings.hec)
    app.use(hecRouter({ ingest: deps.ingest, stats: deps.stats, maxBodyBytes, ...settings.hec }));
  if (settings.otlp)
    app.use(otlpRouter({ ingest: deps.ingest, stats: deps.stats, defaults: settings.otlp, maxBodyBytes }));
  if (settings.es) {
    const es = {
      ingest: deps.ingest,
      stats: deps.stats,
      defaults: settings.es,
      version: deps.config.ES_COMPAT_VERSION,
      maxBodyBytes,
    };
    app.use('/es', esCompatRouter(es, { rootInfo: 'always' }));
    app.use(esCompatRouter(es, { rootInfo: 'non-browser' }));
  }
}

/**
 * Mounts the HTTP transports while Nest builds the application — before `createHttpApp` installs the JSON body
 * parser and the static workbench, which would otherwise consume HEC/OTLP bodies and answer `GET /` first.
 */
@Injectable()
export class HttpTransportsMount {
  constructor(
    @Inject(HttpAdapterHost) adapterHost: HttpAdapterHost,
    @Inject(CONFIG) config: VigieConfig,
    @Inject(IngestService) ingest: IngestService,
    @Inject(TransportStats) stats: TransportStats,
  ) {
    const app = adapterHost.httpAdapter?.getInstance?.() as Express | undefined;
    if (!app) throw new Error('HTTP transports: no Express instance to mount on (roles all/api only)');
    mountHttpTransports(app, { config, ingest: (cmd) => ingest.ingestRecords(cmd), stats });
  }
}
