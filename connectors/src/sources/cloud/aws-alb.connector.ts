/**
 * AWS Elastic Load Balancing access logs: Application LB (`http`/`https`/`h2`/`grpcs`/`ws`/`wss` entries),
 * Network LB TLS listeners (`tls 2.0 …`), Classic ELB, and ALB connection logs. Space-separated, with
 * double-quoted fields for the request line, user agent and lists.
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { finish, ip, isObject, isoTime, num, relatedIp, setUrl, str } from './json-record.js';

const HTTP_LOGSOURCE = { product: 'aws', service: 'elb', category: 'webserver' };
const NET_LOGSOURCE = { product: 'aws', service: 'elb' };
const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/;

/** Splits on spaces, keeping double-quoted fields whole (quotes removed, `\"` unescaped). */
export function splitElbFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    if (line[i] === '"') {
      let j = i + 1;
      let val = '';
      while (j < n && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < n) {
          val += line[j + 1];
          j += 2;
        } else val += line[j++];
      }
      out.push(val);
      i = j + 1;
    } else {
      let j = i;
      while (j < n && line[j] !== ' ') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function hostPort(v: string | undefined): { ip?: string; port?: number } {
  if (!v || v === '-') return {};
  const m = /^(.*):(\d+)$/.exec(v);
  return m ? { ip: ip(m[1]), port: toInt(m[2]) } : { ip: ip(v) };
}

function timeOf(v: string | undefined): string | undefined {
  if (!v || !ISO.test(v)) return undefined;
  return isoTime(v.endsWith('Z') ? v : `${v}Z`);
}

function setSource(doc: EcsDocument, v: string | undefined): void {
  const s = hostPort(v);
  if (v && v !== '-') setField(doc, 'source.address', v.replace(/:\d+$/, ''));
  setField(doc, 'source.ip', s.ip);
  setField(doc, 'source.port', s.port);
  relatedIp(doc, s.ip);
}

function mapAlb(f: string[], doc: EcsDocument, classic: boolean): string | undefined {
  // ALB: type time elb client target rpt tpt rspt elb_status target_status rcvd sent "request" "ua" cipher proto tg …
  const o = classic ? -1 : 0;
  const ts = timeOf(f[1 + o]);
  if (!ts) return `unreadable ELB time ${JSON.stringify(f[1 + o])}`;
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.category', ['web']);
  setField(doc, 'aws.elb.type', classic ? 'http' : f[0]);
  setField(doc, 'aws.elb.name', f[2 + o]);
  setSource(doc, f[3 + o]);
  const backend = hostPort(f[4 + o]);
  setField(doc, 'aws.elb.backend.ip', backend.ip);
  setField(doc, 'aws.elb.backend.port', backend.port);
  for (const [i, k] of [
    [5, 'request'],
    [6, 'backend'],
    [7, 'response'],
  ] as const) {
    const v = num(f[i + o]);
    if (v !== undefined && v >= 0) setField(doc, `aws.elb.${k}_processing_time.sec`, v);
  }
  const status = toInt(f[8 + o]);
  setField(doc, 'http.response.status_code', status);
  if (status !== undefined) setField(doc, 'event.outcome', status < 400 ? 'success' : 'failure');
  setField(doc, 'aws.elb.backend.http.response.status_code', toInt(f[9 + o]));
  setField(doc, 'http.request.body.bytes', toInt(f[10 + o]));
  setField(doc, 'http.response.body.bytes', toInt(f[11 + o]));
  const request = f[12 + o];
  const rm = request ? /^([A-Z]+) (.+?)(?: (HTTP\/[\d.]+|-))?\s*$/.exec(request) : null;
  if (rm && rm[1] !== '-') {
    setField(doc, 'http.request.method', rm[1]);
    setUrl(doc, rm[2]);
    const version = /^HTTP\/([\d.]+)$/.exec(rm[3] ?? '')?.[1];
    setField(doc, 'http.version', version);
  }
  if (f[13 + o] !== undefined && f[13 + o] !== '') setField(doc, 'user_agent.original', f[13 + o]);
  setField(doc, 'tls.cipher', str(f[14 + o]));
  setField(doc, 'aws.elb.ssl_protocol', str(f[15 + o]));
  if (classic) return undefined;
  setField(doc, 'aws.elb.target_group.arn', str(f[16]));
  setField(doc, 'aws.elb.trace_id', str(f[17]));
  setField(doc, 'aws.elb.domain_name', str(f[18]));
  setField(doc, 'aws.elb.chosen_cert.arn', str(f[19]));
  setField(doc, 'aws.elb.matched_rule_priority', str(f[20]));
  setField(doc, 'aws.elb.request_creation_time', timeOf(f[21]));
  const actions = str(f[22]);
  if (actions) setField(doc, 'aws.elb.action_executed', actions.split(','));
  setField(doc, 'aws.elb.redirect_url', str(f[23]));
  setField(doc, 'aws.elb.error.message', str(f[24]));
  setField(doc, 'aws.elb.target_port', str(f[25]));
  setField(doc, 'aws.elb.target_status_code', str(f[26]));
  setField(doc, 'aws.elb.classification', str(f[27]));
  setField(doc, 'aws.elb.classification_reason', str(f[28]));
  setField(doc, 'aws.elb.connection_trace_id', str(f[29]));
  return undefined;
}

function mapNlbTls(f: string[], doc: EcsDocument): string | undefined {
  // tls version time elb listener client dest conn_time tls_handshake_time rcvd sent alert cert_arn cert_serial
  // cipher tls_version named_group domain alpn_fe alpn_be alpn_client_list creation_time
  const ts = timeOf(f[2]);
  if (!ts) return `unreadable NLB time ${JSON.stringify(f[2])}`;
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.category', ['network']);
  setField(doc, 'aws.elb.type', 'tls');
  setField(doc, 'aws.elb.protocol', 'tls');
  setField(doc, 'aws.elb.name', f[3]);
  setField(doc, 'aws.elb.listener', str(f[4]));
  setSource(doc, f[5]);
  const backend = hostPort(f[6]);
  setField(doc, 'aws.elb.backend.ip', backend.ip);
  setField(doc, 'aws.elb.backend.port', backend.port);
  setField(doc, 'aws.elb.connection_time.ms', toInt(f[7]));
  setField(doc, 'aws.elb.tls_handshake_time.ms', toInt(f[8]));
  setField(doc, 'source.bytes', toInt(f[9]));
  setField(doc, 'destination.bytes', toInt(f[10]));
  setField(doc, 'aws.elb.incoming_tls_alert', str(f[11]));
  setField(doc, 'aws.elb.chosen_cert.arn', str(f[12]));
  setField(doc, 'aws.elb.chosen_cert.serial', str(f[13]));
  setField(doc, 'tls.cipher', str(f[14]));
  setField(doc, 'aws.elb.ssl_protocol', str(f[15]));
  setField(doc, 'aws.elb.tls_named_group', str(f[16]));
  setField(doc, 'destination.domain', str(f[17]));
  setField(doc, 'aws.elb.tls_connection_creation_time', timeOf(f[21]));
  return undefined;
}

function mapConnectionLog(f: string[], doc: EcsDocument): string | undefined {
  // time client_ip client_port listener_port tls_protocol tls_cipher handshake_latency "cert subject" validity serial verify_status [conn_trace_id]
  const ts = timeOf(f[0]);
  if (!ts) return `unreadable connection-log time ${JSON.stringify(f[0])}`;
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.category', ['network']);
  setField(doc, 'aws.elb.type', 'connection');
  const client = ip(f[1]);
  setField(doc, 'aws.elb.client.ip', client);
  setField(doc, 'aws.elb.client.port', toInt(f[2]));
  setField(doc, 'aws.elb.listener_port', toInt(f[3]));
  setField(doc, 'aws.elb.ssl_protocol', str(f[4]));
  setField(doc, 'tls.cipher', str(f[5]));
  setField(doc, 'aws.elb.tls_handshake_latency.sec', num(f[6]));
  setField(doc, 'tls.client.subject', str(f[7]));
  setField(doc, 'tls.client.x509.serial_number', str(f[9]));
  setField(doc, 'aws.elb.tls_verify_status', str(f[10]));
  setField(doc, 'aws.elb.connection_trace_id', str(f[11]));
  relatedIp(doc, client);
  return undefined;
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const line =
    typeof raw === 'string'
      ? raw
      : isObject(raw) && typeof raw.message === 'string'
        ? raw.message
        : undefined;
  if (line === undefined)
    return { kind: 'reject', reason: 'aws-alb: expected a text line (or an object with a message)' };
  const text = line.trim();
  if (text === '') return { kind: 'skip', reason: 'aws-alb: empty line' };
  if (text.startsWith('#')) return { kind: 'skip', reason: 'aws-alb: comment line' };
  const f = splitElbFields(text);
  const doc: EcsDocument = { event: { kind: 'event' } };
  let err: string | undefined;
  let logsource = NET_LOGSOURCE;
  if (ALB_TYPES.has(f[0]) && f.length >= 16) {
    err = mapAlb(f, doc, false);
    logsource = HTTP_LOGSOURCE;
  } else if (f[0] === 'tls' && f.length >= 18) {
    err = mapNlbTls(f, doc);
  } else if (ISO.test(f[0] ?? '') && ip(f[1]) && f.length >= 11) {
    err = mapConnectionLog(f, doc);
  } else if (ISO.test(f[0] ?? '') && f.length >= 14 && f[11]?.includes(' ')) {
    err = mapAlb(f, doc, true);
    logsource = HTTP_LOGSOURCE;
  } else {
    err = `not an ELB access/connection log line (${f.length} fields, first ${JSON.stringify(f[0] ?? '')})`;
  }
  if (err) return { kind: 'reject', reason: `aws-alb: ${err}` };
  setField(doc, 'cloud.provider', 'aws');
  return { kind: 'event', event: finish(doc, line, ctx, { logsource }) };
}

export const awsAlbConnector: Connector = {
  id: 'aws-alb',
  name: 'AWS Elastic Load Balancing access logs',
  vendor: 'Amazon',
  product: 'Elastic Load Balancing',
  logsources: [HTTP_LOGSOURCE, NET_LOGSOURCE],
  formats: ['text'],
  elasticFixtures: ['aws/elb_logs'],
  parse,
  detect(raw) {
    const line =
      typeof raw === 'string' ? raw : isObject(raw) && typeof raw.message === 'string' ? raw.message : '';
    if (/^(https?|h2|grpcs|wss?) \d{4}-\d{2}-\d{2}T[\d:.]+Z (app|net)\//.test(line)) return 0.95;
    if (/^tls \d\.\d \d{4}-\d{2}-\d{2}T[\d:]+ net\//.test(line)) return 0.95;
    if (
      /^\d{4}-\d{2}-\d{2}T[\d:.]+Z \S+ \d+ \d+ (TLSv[\d.]+|-) /.test(line) &&
      /\bTID_|NotBefore=|\s(Success|Failed:\S+)$/.test(line)
    )
      return 0.7;
    return 0;
  },
};
