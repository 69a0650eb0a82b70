import express, { type Request, type Response, type Router } from 'express';
import { childLogger } from '../../../common/logger.js';
import { deliver, isBackpressure, type DeliveryItem } from '../deliver.js';
import { BodyError, readBody } from '../http-body.js';
import { isKnownSource, isTenant, type IngestTarget } from '../ingest-target.js';
import type { IngestRecordsFn } from '../record-batcher.js';
import type { TransportStats } from '../transport-stats.js';
import { parseOtlpLogs } from './otlp-logs.parser.js';

export interface OtlpDeps {
  ingest: IngestRecordsFn;
  stats: TransportStats;
  defaults: IngestTarget;
  maxBodyBytes: number;
}

/** google.rpc.Status, the OTLP error body (JSON encoding). Codes: 3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 13 INTERNAL. */
const status = (res: Response, http: number, code: number, message: string) =>
  res.status(http).json({ code, message });

/** OTLP/HTTP logs, JSON encoding: `POST /v1/logs`. Protobuf is answered 415 with what to configure instead. */
export function otlpRouter(deps: OtlpDeps): Router {
  const log = childLogger('otlp');
  const counters = deps.stats.of('otlp');
  const router = express.Router();

  const handle = async (req: Request, res: Response) => {
    counters.requests++;
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/json')) {
      counters.errors++;
      return status(
        res,
        415,
        3,
        `unsupported Content-Type "${type || '(none)'}": Vigie accepts OTLP/HTTP logs in the JSON encoding only (application/json); ` +
          'set the exporter to JSON (OpenTelemetry Collector otlphttp: encoding: json; SDKs: OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/json)',
      );
    }
    let body: unknown;
    try {
      const buf = await readBody(req, deps.maxBodyBytes);
      counters.bytes += buf.length;
      body = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      counters.errors++;
      if (err instanceof BodyError) return status(res, err.status, 3, err.message);
      return status(res, 400, 3, `invalid JSON: ${(err as Error).message}`);
    }
    const parsed = parseOtlpLogs(body);
    if (!parsed.ok) {
      counters.errors++;
      return status(res, 400, 3, parsed.reason);
    }
    const bad: string[] = [];
    const items: DeliveryItem[] = parsed.records.map((r) => {
      let target: IngestTarget = {
        tenant: r.tenant ?? deps.defaults.tenant,
        source: r.source ?? deps.defaults.source,
      };
      if (!isTenant(target.tenant) || !isKnownSource(target.source)) {
        const reason = !isTenant(target.tenant)
          ? `vigie.tenant "${target.tenant}" is not a valid tenant id`
          : `vigie.source "${target.source}" is not a connector id or "auto"`;
        target = deps.defaults;
        bad.push(reason);
        return {
          target,
          position: r.position,
          reject: {
            raw: typeof r.record === 'string' ? r.record : JSON.stringify(r.record ?? r.reject?.raw),
            reason,
          },
        };
      }
      if (r.reject) bad.push(r.reject.reason);
      return { target, position: r.position, record: r.record, meta: r.meta, reject: r.reject };
    });
    counters.records += items.length;
    const outcome = await deliver(deps.ingest, items, 'otlp');
    counters.rejects += bad.length;
    if (outcome.failed.size) {
      counters.errors++;
      const err = [...outcome.failed.values()][0];
      if (isBackpressure(err)) {
        res.setHeader('Retry-After', '5');
        return status(res, 503, 8, `ingest queue is full; retry later (${err.message})`);
      }
      log.error({ err: err.message }, 'OTLP delivery failed');
      return status(res, 503, 14, `ingest unavailable: ${err.message}`);
    }
    if (bad.length) {
      return res.status(200).json({
        partialSuccess: {
          rejectedLogRecords: bad.length,
          errorMessage: `${bad.length} log record(s) rejected; first: ${bad[0]}`,
        },
      });
    }
    res.status(200).json({});
  };

  router.post('/v1/logs', (req, res) => {
    handle(req, res).catch((err: Error) => {
      log.error({ err: err.stack }, 'OTLP request failed');
      if (!res.headersSent) status(res, 500, 13, 'internal error');
    });
  });
  return router;
}
