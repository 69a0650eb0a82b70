/**
 * HAProxy logs over syslog: the HTTP log format, the TCP log format, and other messages (kept as `message`).
 *
 * HTTP: `client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes req_cookie res_cookie
 *        term_state actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue [{req_hdrs}] [{res_hdrs}] "request"`
 * TCP:  `client:port [accept_date] frontend backend/server Tw/Tc/Tt bytes term_state actconn/…/retries srv_queue/backend_queue`
 */
import type { Connector, EcsDocument, ParseOutcome } from '../../connector.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { setField, toInt } from '../../util/ecs.js';
import {
  baseEvent,
  parseClfTime,
  reject,
  setEndpoint,
  setHttpStatus,
  setRequestLine,
  setTimestamp,
  unwrap,
} from './common.js';

const ID = 'haproxy';
const CLIENT = /^(\S+):(\d+) \[(\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?)\] (\S+) (\S+)\/(\S+) /;
const HTTP_REST =
  /^(-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/(\+?-?\d+) (-?\d+) (\+?\d+) (\S+) (\S+) (\S{4}) (\d+)\/(\d+)\/(\d+)\/(\d+)\/(\+?\d+) (\d+)\/(\d+)(?: \{([^}]*)\})?(?: \{([^}]*)\})? "([^"]*)"?(.*)$/;
const TCP_REST =
  /^(-?\d+)\/(-?\d+)\/(\+?-?\d+) (\+?\d+) (\S{2,4}) (\d+)\/(\d+)\/(\d+)\/(\d+)\/(\+?\d+) (\d+)\/(\d+)(.*)$/;
const NS = 'haproxy';
const int = (s: string | undefined) => toInt(s?.replace(/^\+/, ''));

function applyHttp(doc: EcsDocument, m: RegExpExecArray): void {
  setField(doc, `${NS}.http.request.time_wait_ms`, int(m[1]));
  setField(doc, `${NS}.total_waiting_time_ms`, int(m[2]));
  setField(doc, `${NS}.connection_wait_time_ms`, int(m[3]));
  setField(doc, `${NS}.http.request.time_wait_without_data_ms`, int(m[4]));
  const total = int(m[5]);
  if (total !== undefined && total >= 0) setField(doc, 'event.duration', total * 1e6);
  setHttpStatus(doc, m[6]);
  setField(doc, 'http.response.bytes', int(m[7]));
  setField(doc, `${NS}.bytes_read`, int(m[7]));
  setField(doc, `${NS}.http.request.captured_cookie`, m[8]);
  setField(doc, `${NS}.http.response.captured_cookie`, m[9]);
  setField(doc, `${NS}.termination_state`, m[10]);
  setField(doc, `${NS}.connections.active`, int(m[11]));
  setField(doc, `${NS}.connections.frontend`, int(m[12]));
  setField(doc, `${NS}.connections.backend`, int(m[13]));
  setField(doc, `${NS}.connections.server`, int(m[14]));
  setField(doc, `${NS}.connections.retries`, int(m[15]));
  setField(doc, `${NS}.server_queue`, int(m[16]));
  setField(doc, `${NS}.backend_queue`, int(m[17]));
  if (m[18] !== undefined) setField(doc, `${NS}.http.request.captured_headers`, m[18].split('|'));
  if (m[19] !== undefined) setField(doc, `${NS}.http.response.captured_headers`, m[19].split('|'));
  setField(doc, `${NS}.http.request.raw_request_line`, m[20]);
  setRequestLine(doc, m[20]);
}

function applyTcp(doc: EcsDocument, m: RegExpExecArray): void {
  setField(doc, `${NS}.total_waiting_time_ms`, int(m[1]));
  setField(doc, `${NS}.connection_wait_time_ms`, int(m[2]));
  const total = int(m[3]);
  if (total !== undefined && total >= 0) setField(doc, 'event.duration', total * 1e6);
  setField(doc, `${NS}.bytes_read`, int(m[4]));
  setField(doc, 'destination.bytes', int(m[4]));
  setField(doc, `${NS}.termination_state`, m[5]);
  setField(doc, `${NS}.connections.active`, int(m[6]));
  setField(doc, `${NS}.connections.frontend`, int(m[7]));
  setField(doc, `${NS}.connections.backend`, int(m[8]));
  setField(doc, `${NS}.connections.server`, int(m[9]));
  setField(doc, `${NS}.connections.retries`, int(m[10]));
  setField(doc, `${NS}.server_queue`, int(m[11]));
  setField(doc, `${NS}.backend_queue`, int(m[12]));
}

export const haproxyConnector: Connector = {
  id: ID,
  name: 'HAProxy',
  vendor: 'HAProxy',
  product: 'HAProxy',
  logsources: [{ category: 'proxy', product: 'haproxy' }],
  formats: ['syslog'],
  elasticFixtures: ['haproxy/log'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const h = parseSyslogHeader(text.trim(), ctx);
    const body = h ? h.message : text.trim();
    const doc = baseEvent(ctx, text, haproxyConnector.logsources[0]);
    if (h) {
      setTimestamp(doc, h.timestamp);
      setField(doc, 'host.name', h.hostname);
      setField(doc, 'process.name', h.appName);
      setField(doc, 'process.pid', toInt(h.procId));
    }
    const c = CLIENT.exec(body);
    if (!c) {
      if (!h || !/^haproxy/i.test(h.appName ?? ''))
        return reject(
          ID,
          'not a HAProxy log line (no syslog header with a haproxy tag, no `client:port [date]`)',
        );
      setField(doc, 'message', body);
      if (!doc['@timestamp']) return reject(ID, 'no timestamp');
      return { kind: 'event', event: doc };
    }
    setEndpoint(doc, 'source', `${c[1]}:${c[2]}`);
    setTimestamp(doc, parseClfTime(c[3], ctx.options.timezone));
    if (!doc['@timestamp']) return reject(ID, `invalid accept date "${c[3]}"`);
    setField(doc, `${NS}.frontend_name`, c[4]);
    setField(doc, `${NS}.backend_name`, c[5]);
    setField(doc, `${NS}.server_name`, c[6]);
    const rest = body.slice(c[0].length);
    const http = HTTP_REST.exec(rest);
    if (http) {
      setField(doc, 'event.category', ['web']);
      applyHttp(doc, http);
    } else {
      const tcp = TCP_REST.exec(rest);
      if (!tcp) return reject(ID, `unrecognised HAProxy log format after "${c[0].trim()}"`);
      setField(doc, 'event.category', ['network']);
      setField(doc, 'event.type', ['connection']);
      setField(doc, 'network.transport', 'tcp');
      applyTcp(doc, tcp);
    }
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !text.includes('haproxy')) return 0;
    return /haproxy\[\d+\]: /.test(text) ? 0.9 : 0.3;
  },
};
