import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { childLogger } from '../../../common/logger.js';
import type { RecordMeta } from '../../record-meta.js';
import { deliver, isBackpressure, type DeliveryItem } from '../deliver.js';
import { BodyError, readBody } from '../http-body.js';
import { isKnownSource, isTenant, type IngestTarget } from '../ingest-target.js';
import type { IngestRecordsFn } from '../record-batcher.js';
import type { TransportStats } from '../transport-stats.js';
import { parseBulk, type BulkOp } from './bulk.parser.js';
import { esError, esInfo, esLicense, esResourceExists, esXpack } from './es-compat.responses.js';
import { recordForDocument, targetForIndex } from './index-mapping.js';

export interface EsCompatDeps {
  ingest: IngestRecordsFn;
  stats: TransportStats;
  defaults: IngestTarget;
  version: string;
  maxBodyBytes: number;
}

/** Browsers ask for HTML; Elasticsearch clients ask for JSON (or send no Accept at all). */
export function wantsHtml(req: Request): boolean {
  return /text\/html/i.test(req.headers.accept ?? '');
}

const RESOURCE_KINDS = [
  '_index_template',
  '_component_template',
  '_template',
  '_ilm/policy',
  '_ingest/pipeline',
  '_data_stream',
];

function send(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('X-Elastic-Product', 'Elasticsearch');
  res.type('application/json; charset=UTF-8').send(JSON.stringify(body));
}

const newId = () => randomBytes(15).toString('base64url');

/**
 * Elasticsearch-compatible API, enough for the Elasticsearch outputs of Beats, Logstash, Fluent Bit, Vector and
 * the official clients: `POST [/<index>]/_bulk` plus the info, license and setup endpoints they probe at start.
 * `rootInfo` (the router mounted at `/`) answers `GET|HEAD /` only to non-browser clients, so the workbench stays
 * at `/` for browsers; under the `/es` prefix every path is the Elasticsearch API.
 */
export function esCompatRouter(deps: EsCompatDeps, opts: { rootInfo: 'always' | 'non-browser' }): Router {
  const log = childLogger('es-compat');
  const counters = deps.stats.of('es_bulk');
  const router = express.Router();

  const info = (req: Request, res: Response, next: NextFunction) => {
    if (opts.rootInfo === 'non-browser' && wantsHtml(req)) return next();
    if (req.method === 'HEAD') {
      res.status(200).setHeader('X-Elastic-Product', 'Elasticsearch');
      res.type('application/json').end();
      return;
    }
    send(res, 200, esInfo(deps.version));
  };
  router.get('/', info);
  router.head('/', info);
  router.get('/_license', (_req, res) => send(res, 200, esLicense()));
  router.get('/_xpack', (_req, res) => send(res, 200, esXpack(deps.version)));
  router.get('/_cluster/health', (_req, res) =>
    send(res, 200, {
      cluster_name: 'vigie',
      status: 'green',
      timed_out: false,
      number_of_nodes: 1,
      number_of_data_nodes: 1,
      active_primary_shards: 0,
      active_shards: 0,
    }),
  );
  for (const kind of RESOURCE_KINDS) {
    router.get(`/${kind}/:name`, (req, res) =>
      send(res, 200, esResourceExists(kind, String(req.params.name))),
    );
    router.head(`/${kind}/:name`, (_req, res) => {
      res.status(200).setHeader('X-Elastic-Product', 'Elasticsearch');
      res.end();
    });
    router.put(`/${kind}/:name`, (_req, res) => send(res, 200, { acknowledged: true }));
    router.post(`/${kind}/:name`, (_req, res) => send(res, 200, { acknowledged: true }));
  }

  const bulk = async (req: Request, res: Response) => {
    const t0 = Date.now();
    counters.requests++;
    let defaults = deps.defaults;
    const qTenant = String(req.query.tenant ?? req.headers['x-vigie-tenant'] ?? '') || undefined;
    const qSource = String(req.query.source ?? req.headers['x-vigie-source'] ?? '') || undefined;
    if ((qTenant && !isTenant(qTenant)) || (qSource && !isKnownSource(qSource))) {
      counters.errors++;
      return send(
        res,
        400,
        esError(
          400,
          'illegal_argument_exception',
          qSource && !isKnownSource(qSource)
            ? `unknown Vigie source [${qSource}]`
            : `invalid Vigie tenant [${qTenant}]`,
        ),
      );
    }
    defaults = { tenant: qTenant ?? defaults.tenant, source: qSource ?? defaults.source };
    let text: string;
    try {
      const buf = await readBody(req, deps.maxBodyBytes);
      counters.bytes += buf.length;
      text = buf.toString('utf8');
    } catch (err) {
      counters.errors++;
      const status = err instanceof BodyError ? err.status : 400;
      return send(
        res,
        status,
        esError(
          status,
          status === 413 ? 'content_too_long_exception' : 'parse_exception',
          (err as Error).message,
        ),
      );
    }
    const pathIndex = typeof req.params.index === 'string' ? req.params.index : undefined;
    const ops: BulkOp[] = parseBulk(text, pathIndex);
    if (ops.length === 0) {
      counters.errors++;
      return send(
        res,
        400,
        esError(400, 'action_request_validation_exception', 'Validation Failed: 1: no requests added;'),
      );
    }
    const items: DeliveryItem[] = [];
    // Documents are whole JSON documents: their envelope is only where they were sent, one object per index.
    const metas = new Map<string | undefined, RecordMeta>();
    const answers: {
      action: string;
      index: string;
      id: string;
      status: number;
      error?: { type: string; reason: string };
    }[] = [];
    ops.forEach((op, position) => {
      const index = op.index ?? 'vigie';
      const id = op.id ?? newId();
      if (op.kind === 'error') {
        answers.push({
          action: op.action,
          index,
          id,
          status: op.status,
          error: { type: op.type, reason: op.reason },
        });
        return;
      }
      counters.records++;
      const mapped = qTenant || qSource ? defaults : targetForIndex(op.index, defaults);
      if ('error' in mapped) {
        answers.push({
          action: op.action,
          index,
          id,
          status: 404,
          error: { type: 'index_not_found_exception', reason: mapped.error },
        });
        return;
      }
      let meta = metas.get(op.index);
      if (!meta) {
        meta = op.index ? { transport: 'es-bulk', index: op.index } : { transport: 'es-bulk' };
        metas.set(op.index, meta);
      }
      items.push({ target: mapped, position, record: recordForDocument(op.doc, mapped.source), meta });
      answers.push({ action: op.action, index, id, status: 201 });
    });
    const outcome = await deliver(deps.ingest, items, 'bulk');
    let errors = false;
    const itemsOut = answers.map((a, position) => {
      let { status, error } = a;
      const failed = outcome.failed.get(position);
      if (failed) {
        status = isBackpressure(failed) ? 429 : 503;
        error = {
          type: isBackpressure(failed) ? 'es_rejected_execution_exception' : 'unavailable_shards_exception',
          reason: failed.message,
        };
      }
      if (error) {
        errors = true;
        counters.rejects++;
        return { [a.action]: { _index: a.index, _id: a.id, status, error: { ...error, index: a.index } } };
      }
      return {
        [a.action]: {
          _index: a.index,
          _id: a.id,
          _version: 1,
          result: 'created',
          _shards: { total: 1, successful: 1, failed: 0 },
          _seq_no: position,
          _primary_term: 1,
          status,
        },
      };
    });
    if (outcome.failed.size)
      log.warn(
        { failed: outcome.failed.size, err: [...outcome.failed.values()][0].message },
        '_bulk items refused',
      );
    send(res, 200, { took: Date.now() - t0, errors, items: itemsOut });
  };
  const guarded = (req: Request, res: Response) => {
    bulk(req, res).catch((err: Error) => {
      log.error({ err: err.stack }, '_bulk failed');
      if (!res.headersSent) send(res, 500, esError(500, 'exception', err.message));
    });
  };
  router.post('/_bulk', guarded);
  router.put('/_bulk', guarded);
  router.post('/:index/_bulk', guarded);
  router.put('/:index/_bulk', guarded);
  return router;
}
