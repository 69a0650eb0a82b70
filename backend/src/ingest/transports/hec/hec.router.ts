import express, { type Request, type Response, type Router } from 'express';
import { childLogger } from '../../../common/logger.js';
import { deliver, isBackpressure, type DeliveryItem } from '../deliver.js';
import { BodyError, readBody } from '../http-body.js';
import type { IngestTarget } from '../ingest-target.js';
import type { IngestRecordsFn } from '../record-batcher.js';
import type { TransportStats } from '../transport-stats.js';
import type { RecordMeta } from '../../record-meta.js';
import { hecMeta, parseHecEvents, parseHecRaw } from './hec-events.parser.js';
import { Hec, type HecReply } from './hec.protocol.js';
import type { SourcetypeMap } from './hec-config.js';

export interface HecDeps {
  ingest: IngestRecordsFn;
  stats: TransportStats;
  tokens: Map<string, IngestTarget>;
  sourcetypes: SourcetypeMap;
  maxBodyBytes: number;
}

/** The token of a request: `Authorization: Splunk <t>` (also Bearer, or Basic with the token as password), or `?token=`. */
export function hecToken(
  authorization: string | undefined,
  queryToken: unknown,
): { token?: string; malformed?: boolean } {
  if (authorization?.trim()) {
    const m = /^(Splunk|Bearer)\s+(\S+)\s*$/i.exec(authorization.trim());
    if (m) return { token: m[2] };
    const b = /^Basic\s+(\S+)\s*$/i.exec(authorization.trim());
    if (b) {
      const decoded = Buffer.from(b[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0 && decoded.length > colon + 1) return { token: decoded.slice(colon + 1) };
    }
    return { malformed: true };
  }
  return typeof queryToken === 'string' && queryToken ? { token: queryToken } : {};
}

/** The envelope of the raw endpoint's lines, from the query (`?host=&source=&sourcetype=&index=`), as Splunk reads it. */
export function rawMeta(query: Request['query']): RecordMeta {
  const meta: RecordMeta = { transport: 'hec' };
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    const v = query[key];
    if (typeof v === 'string' && v !== '') meta[key] = v;
  }
  return meta;
}

const send = (res: Response, r: HecReply): void => {
  res.status(r.status).type('application/json').send(JSON.stringify(r.body));
};

/**
 * Splunk HTTP Event Collector compatible endpoints: `/services/collector[/event[/1.0]]` (JSON events, concatenated
 * or one per line), `/services/collector/raw[/1.0]` (lines) and `/services/collector/health`. Each token maps to a
 * tenant and default source; an event's `sourcetype` can select a connector (see hec-config.ts).
 */
export function hecRouter(deps: HecDeps): Router {
  const log = childLogger('hec');
  const counters = deps.stats.of('hec');
  const router = express.Router();

  const authenticate = (req: Request, res: Response): IngestTarget | undefined => {
    const { token, malformed } = hecToken(req.headers.authorization, req.query.token);
    const fail = malformed
      ? Hec.invalidAuthorization()
      : !token
        ? Hec.tokenRequired()
        : deps.tokens.has(token)
          ? undefined
          : Hec.invalidToken();
    if (fail) {
      counters.errors++;
      send(res, fail);
      return undefined;
    }
    return deps.tokens.get(token!);
  };

  const body = async (req: Request, res: Response): Promise<string | undefined> => {
    try {
      const buf = await readBody(req, deps.maxBodyBytes);
      counters.bytes += buf.length;
      return buf.toString('utf8');
    } catch (err) {
      counters.errors++;
      if (err instanceof BodyError && err.status === 413) send(res, Hec.tooLarge());
      else send(res, Hec.invalidDataFormat(0));
      return undefined;
    }
  };

  const finish = async (res: Response, items: DeliveryItem[], success: HecReply) => {
    const outcome = await deliver(deps.ingest, items, 'hec');
    counters.rejects += outcome.rejected;
    if (outcome.failed.size) {
      counters.errors++;
      const err = [...outcome.failed.values()][0];
      if (isBackpressure(err)) return send(res, Hec.serverBusy());
      log.error({ err: err.message }, 'HEC delivery failed');
      return send(res, Hec.internalError());
    }
    send(res, success);
  };

  const events = async (req: Request, res: Response) => {
    counters.requests++;
    const target = authenticate(req, res);
    if (!target) return;
    const text = await body(req, res);
    if (text === undefined) return;
    if (text.trim() === '') {
      counters.errors++;
      return send(res, Hec.noData());
    }
    const parsed = parseHecEvents(text);
    counters.records += parsed.events.length;
    const items: DeliveryItem[] = parsed.events.map((ev, position) => ({
      target: {
        tenant: target.tenant,
        source: deps.sourcetypes.connectorFor(ev.sourcetype) ?? target.source,
      },
      position,
      record: ev.event,
      meta: hecMeta(ev),
    }));
    let reply = Hec.success();
    if (!parsed.ok) {
      // Like Splunk: the events before the bad one are indexed; the rest of the body is dead-lettered, not lost.
      items.push({
        target,
        position: parsed.index,
        reject: { raw: parsed.rest, reason: `HEC: ${parsed.reason}` },
      });
      reply =
        parsed.code === 12
          ? Hec.eventFieldRequired(parsed.index)
          : parsed.code === 13
            ? Hec.eventFieldBlank(parsed.index)
            : Hec.invalidDataFormat(parsed.index);
    }
    await finish(res, items, reply);
  };

  const raw = async (req: Request, res: Response) => {
    counters.requests++;
    const target = authenticate(req, res);
    if (!target) return;
    const text = await body(req, res);
    if (text === undefined) return;
    const lines = parseHecRaw(text);
    if (lines.length === 0) {
      counters.errors++;
      return send(res, Hec.noData());
    }
    counters.records += lines.length;
    const meta = rawMeta(req.query);
    const source = deps.sourcetypes.connectorFor(meta.sourcetype) ?? target.source;
    await finish(
      res,
      lines.map((record, position) => ({
        target: { tenant: target.tenant, source },
        position,
        record,
        meta,
      })),
      Hec.success(),
    );
  };

  const guard = (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response) => {
    fn(req, res).catch((err: Error) => {
      log.error({ err: err.stack }, 'HEC request failed');
      if (!res.headersSent) send(res, Hec.internalError());
    });
  };

  router.post(
    ['/services/collector', '/services/collector/event', '/services/collector/event/1.0'],
    guard(events),
  );
  router.post(['/services/collector/raw', '/services/collector/raw/1.0'], guard(raw));
  router.post('/services/collector/ack', (req, res) => {
    if (authenticate(req, res)) send(res, Hec.ackDisabled());
  });
  router.get(['/services/collector/health', '/services/collector/health/1.0'], (_req, res) =>
    send(res, Hec.healthy()),
  );
  return router;
}
