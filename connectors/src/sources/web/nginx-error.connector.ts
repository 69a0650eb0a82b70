/**
 * NGINX error log: `2016/10/25 14:49:34 [error] 54053#0: *1 message, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", host: "h"`.
 * The timestamp carries no zone: `options.timezone` applies. Continuation lines (multi-line messages) are kept in `message`.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { wallClockToDate } from '../../util/time.js';
import { baseEvent, reject, setEndpoint, setTimestamp, unwrap } from './common.js';

const ID = 'nginx-error';
const HEAD =
  /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?([\s\S]*)$/;
const ERROR_LEVELS = new Set(['emerg', 'alert', 'crit', 'error', 'warn']);

function trailer(msg: string, key: string): string | undefined {
  const m = new RegExp(`, ${key}: (?:"((?:[^"\\\\]|\\\\.)*)"|([^,\\s]+))`).exec(msg);
  return m ? (m[1] ?? m[2]) : undefined;
}

export const nginxErrorConnector: Connector = {
  id: ID,
  name: 'NGINX error log',
  vendor: 'NGINX',
  product: 'NGINX',
  logsources: [{ category: 'webserver', product: 'nginx', service: 'error' }],
  formats: ['text'],
  elasticFixtures: ['nginx/error'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const m = HEAD.exec(text.trim());
    if (!m) return reject(ID, 'not an NGINX error line (expected `yyyy/mm/dd hh:mm:ss [level] pid#tid: …`)');
    const doc = baseEvent(ctx, text, nginxErrorConnector.logsources[0]);
    const date = wallClockToDate(
      { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +m[6] },
      ctx.options.timezone,
    );
    if (!setTimestamp(doc, date)) return reject(ID, 'invalid timestamp');
    setField(doc, 'log.level', m[7]);
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', [ERROR_LEVELS.has(m[7]) ? 'error' : 'info']);
    setField(doc, 'process.pid', toInt(m[8]));
    setField(doc, 'process.thread.id', toInt(m[9]));
    setField(doc, 'nginx.error.connection_id', toInt(m[10]));
    const msg = m[11];
    setField(doc, 'message', msg);
    // The client and request of an error line are context, not the event's own network facts: they go to
    // `client.*` and `nginx.error.*` (as Elastic does), so access-log detections do not fire on error lines.
    setEndpoint(doc, 'client', trailer(msg, 'client'));
    setField(doc, 'server.domain', trailer(msg, 'server'));
    setField(doc, 'nginx.error.request', trailer(msg, 'request'));
    setField(doc, 'nginx.error.host', trailer(msg, 'host'));
    setField(doc, 'nginx.error.upstream', trailer(msg, 'upstream'));
    setField(doc, 'http.request.referrer', trailer(msg, 'referrer'));
    const file = /^(?:open\(\)|stat\(\)) "([^"]+)" failed/.exec(msg);
    if (file) setField(doc, 'nginx.error.file', file[1]);
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^\d{4}\/\d{2}\/\d{2} /.test(text)) return 0;
    return HEAD.test(text) ? 0.9 : 0;
  },
};
