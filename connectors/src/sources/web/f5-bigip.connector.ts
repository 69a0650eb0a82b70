/**
 * F5 BIG-IP: Telemetry Streaming JSON (ASM, LTM request logging, APM, AVR, system), the ASM remote-logging
 * `key="value",…` syslog format (same field names as the JSON), ASM CEF (`CEF:0|F5|ASM|…`), and other
 * syslog lines (LTM/APM/system messages: kept as `message`, with `log.level`).
 *
 * The URL is rebuilt from the raw request's `Host` header only when that header is a well-formed host[:port]
 * (the request text is attacker-controlled); `uri` is the path.
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome } from '../../connector.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, isIp, jsonOf, reject, setTimestamp, setUrl, unwrap } from './common.js';
import { cefCustomLabels, parseCef } from '../../formats/cef.parser.js';
import { parseKv } from '../../formats/kv.parser.js';

const ID = 'f5-bigip';
const NS = 'f5_bigip.log';
const PRODUCTS: Record<string, string> = {
  ASM: 'Application Security Module',
  LTM: 'Local Traffic Manager',
  APM: 'Access Policy Manager',
  AVR: 'Application Visibility and Reporting',
  AFM: 'Advanced Firewall Manager',
};
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const str = (v: unknown) =>
  typeof v === 'string' && v !== '' && v !== 'N/A' ? v : typeof v === 'number' ? String(v) : undefined;

function ip(doc: EcsDocument, fields: string[], v: string | undefined): void {
  if (!v || !isIp(v)) return;
  for (const f of fields) setField(doc, f, v);
  appendUnique(doc, 'related.ip', v);
}

/** Parses the raw HTTP request text (`request` field): request line and headers. */
function requestParts(req: string): {
  method?: string;
  target?: string;
  version?: string;
  headers: Record<string, string>;
} {
  const lines = req.split(/\r?\n/);
  const rl = /^(\S+) (.+) HTTP\/(\d(?:\.\d)?)$/.exec(lines[0] ?? '');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(l);
    if (m && !(m[1].toLowerCase() in headers)) headers[m[1].toLowerCase()] = m[2];
  }
  return { method: rl?.[1], target: rl?.[2], version: rl?.[3], headers };
}

/** ASM/LTM telemetry fields (JSON or kv) to ECS. */
function applyFields(doc: EcsDocument, e: Record<string, unknown>, ctx: ParseContext): string | undefined {
  const t = str(e.date_time) ?? str(e.timestamp) ?? str(e.event_timestamp);
  const date = t
    ? (parseIsoLike(t, ctx.options.timezone) ?? (Number.isNaN(Date.parse(t)) ? undefined : new Date(t)))
    : undefined;
  if (!setTimestamp(doc, date)) return `invalid or missing date_time "${String(t)}"`;
  const cat = (
    str(e.telemetryEventCategory) ?? (e.policy_name || e.request_status ? 'ASM' : undefined)
  )?.toUpperCase();
  setField(doc, 'observer.vendor', 'F5');
  setField(doc, 'observer.product', cat ? (PRODUCTS[cat] ?? cat) : 'BIG-IP');
  setField(doc, `${NS}.telemetry.event.category`, str(e.telemetryEventCategory));
  setField(doc, 'event.category', ['network']);
  setField(doc, 'event.type', ['info']);
  if (cat === 'ASM') setField(doc, 'event.kind', 'alert');
  const host = str(e.hostname) ?? str(e.unit_hostname);
  setField(doc, 'host.name', host);
  if (host) appendUnique(doc, 'related.hosts', host);
  const cip = str(e.ip_client) ?? str(e.client_ip);
  ip(doc, ['source.ip', 'client.ip'], cip);
  const sport = toInt(e.src_port ?? e.client_port);
  setField(doc, 'source.port', sport);
  setField(doc, 'client.port', sport);
  ip(doc, ['destination.ip', 'server.ip'], str(e.dest_ip) ?? str(e.server_ip) ?? str(e.virtual_ip));
  const dport = toInt(e.dest_port ?? e.server_port);
  setField(doc, 'destination.port', dport);
  setField(doc, 'server.port', dport);
  const method = str(e.method) ?? str(e.http_method);
  setField(doc, 'http.request.method', method);
  const proto = str(e.protocol)?.toLowerCase();
  setField(doc, 'network.protocol', proto);
  setField(doc, `${NS}.policy.name`, str(e.policy_name));
  setField(doc, `${NS}.request.status`, str(e.request_status));
  setField(doc, `${NS}.severity.name`, str(e.severity));
  setField(doc, 'log.level', str(e.severity)?.toLowerCase());
  setField(doc, `${NS}.attack_type`, str(e.attack_type));
  setField(doc, `${NS}.violations`, str(e.violations));
  setField(doc, `${NS}.support_id`, str(e.support_id));
  setField(doc, 'rule.name', str(e.sig_names));
  setField(doc, 'rule.id', str(e.sig_ids));
  const user = str(e.username);
  if (user) {
    setField(doc, 'user.name', user);
    appendUnique(doc, 'related.user', user);
  }
  const code = toInt(e.response_code ?? e.http_status);
  if (code && code > 0) setField(doc, 'http.response.status_code', code);
  const uri = str(e.uri) ?? str(e.http_uri);
  const request = str(e.request);
  let hostHeader: string | undefined;
  if (request) {
    setField(doc, `${NS}.request.detail`, request);
    const r = requestParts(request);
    setField(doc, 'http.version', r.version);
    setField(doc, 'user_agent.original', r.headers['user-agent']);
    setField(doc, 'http.request.referrer', r.headers['referer']);
    const h = r.headers['host']?.trim();
    if (h && HOST.test(h)) hostHeader = h;
  }
  hostHeader ??= str(e.http_host) && HOST.test(String(e.http_host)) ? String(e.http_host) : undefined;
  const scheme = proto === 'https' || dport === 443 ? 'https' : 'http';
  if (hostHeader && uri) {
    setUrl(doc, `${scheme}://${hostHeader}${uri.startsWith('/') ? uri : `/${uri}`}`);
    appendUnique(doc, 'related.hosts', hostHeader.replace(/:\d+$/, ''));
  } else if (uri && !request) setUrl(doc, uri);
  const xff = str(e.x_forwarded_for_header_value);
  if (xff) setField(doc, `${NS}.request.x_forwarded_for`, xff.split(/,\s*/));
  return undefined;
}

function parseCefRecord(doc: EcsDocument, text: string, ctx: ParseContext): string | undefined {
  const parsed = parseCef(text);
  if (!parsed.ok) return parsed.reason;
  const c = parsed.record;
  const x = c.extensions;
  const labels = cefCustomLabels(x);
  const h = c.prefix ? parseSyslogHeader(c.prefix + ' x', ctx) : undefined;
  const rt = x.rt
    ? /^\d+$/.test(x.rt)
      ? new Date(Number(x.rt))
      : (parseIsoLike(x.rt, ctx.options.timezone) ?? new Date(Date.parse(x.rt)))
    : h?.timestamp;
  if (!setTimestamp(doc, rt)) return 'no usable time (rt or syslog header)';
  setField(doc, 'observer.vendor', 'F5');
  setField(doc, 'observer.product', PRODUCTS[c.deviceProduct.toUpperCase()] ?? c.deviceProduct);
  setField(doc, 'event.kind', 'alert');
  setField(doc, 'event.category', ['network']);
  setField(doc, 'event.type', ['info']);
  setField(doc, 'event.code', c.signatureId);
  setField(doc, 'rule.name', c.name);
  setField(doc, 'host.name', x.dvchost ?? h?.hostname);
  ip(doc, ['source.ip', 'client.ip'], x.src);
  setField(doc, 'source.port', toInt(x.spt));
  ip(doc, ['destination.ip', 'server.ip'], x.dst);
  setField(doc, 'destination.port', toInt(x.dpt));
  setField(doc, 'http.request.method', x.requestMethod);
  setField(doc, 'event.action', x.act);
  const code = toInt(labels.response_code ?? x.response_code);
  if (code && code > 0) setField(doc, 'http.response.status_code', code);
  const hostHeader = labels.http_host ?? labels.Host;
  const target = x.request;
  if (target)
    setUrl(
      doc,
      hostHeader && HOST.test(hostHeader) && target.startsWith('/')
        ? `${x.app === 'HTTPS' ? 'https' : 'http'}://${hostHeader}${target}`
        : target,
    );
  setField(doc, `${NS}.policy.name`, labels.policy_name);
  setField(doc, `${NS}.attack_type`, labels.attack_type);
  setField(doc, `${NS}.support_id`, labels.support_id);
  return undefined;
}

export const f5BigipConnector: Connector = {
  id: ID,
  name: 'F5 BIG-IP (LTM, ASM, APM)',
  vendor: 'F5',
  product: 'BIG-IP',
  logsources: [
    { category: 'waf', product: 'f5' },
    { product: 'f5', service: 'bigip' },
  ],
  formats: ['json', 'syslog', 'kv', 'cef'],
  elasticFixtures: ['f5_bigip/log'],
  parse(raw, ctx): ParseOutcome {
    const u = unwrap(raw);
    const text = u.text?.trim();
    const j = jsonOf(raw);
    if (j.obj) {
      const doc = baseEvent(ctx, j.text ?? JSON.stringify(j.obj), f5BigipConnector.logsources[0]);
      const err = applyFields(doc, j.obj, ctx);
      return err ? reject(ID, err) : { kind: 'event', event: doc };
    }
    if (!text) return reject(ID, 'empty record');
    if (text.includes('CEF:')) {
      const doc = baseEvent(ctx, u.text, f5BigipConnector.logsources[0]);
      const err = parseCefRecord(doc, text, ctx);
      return err ? reject(ID, err) : { kind: 'event', event: doc };
    }
    const h = parseSyslogHeader(text, ctx);
    const body = h?.message ?? text;
    const kvStart = body.search(/(?:^|ASM:|:)\s*unit_hostname=/);
    if (kvStart >= 0 || /(^|,)ip_client="?/.test(body)) {
      const pairs = parseKv(
        body.slice(Math.max(0, body.indexOf('=') - 40)).replace(/^[^=]*?([A-Za-z_]+=)/, '$1'),
        { greedy: true, delimiters: ',;' },
      );
      if (!pairs.ok) return reject(ID, 'ASM key=value record without pairs');
      const kv: Record<string, string> = { ...pairs.fields };
      if (!kv.date_time && h?.timestamp) kv.date_time = h.timestamp.toISOString();
      kv.telemetryEventCategory ??= 'ASM';
      const doc = baseEvent(ctx, u.text, f5BigipConnector.logsources[0]);
      const err = applyFields(doc, kv, ctx);
      return err ? reject(ID, err) : { kind: 'event', event: doc };
    }
    if (!h) return reject(ID, 'not F5 telemetry JSON, ASM key=value, CEF or syslog');
    const doc = baseEvent(ctx, u.text, f5BigipConnector.logsources[1], { vendor: 'F5', product: 'BIG-IP' });
    if (!setTimestamp(doc, h.timestamp)) return reject(ID, 'invalid syslog timestamp');
    setField(doc, 'host.name', h.hostname);
    // BIG-IP writes `host level proc[pid]: msg`: the header reader returns the level apart from the tag.
    setField(doc, 'log.level', h.level);
    setField(doc, 'process.name', h.appName);
    setField(doc, 'process.pid', toInt(h.procId));
    const msg = body;
    const code = /^([0-9a-f]{8}):\d+: /.exec(msg);
    setField(doc, 'event.code', code?.[1]);
    setField(doc, 'message', msg);
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    const probe = text ?? (obj ? JSON.stringify(obj).slice(0, 4000) : '');
    if (probe.includes('CEF:0|F5|')) return 0.95;
    if (
      probe.includes('"telemetryEventCategory"') ||
      /unit_hostname="?[^",]+"?,management_ip_address=/.test(probe)
    )
      return 0.9;
    if (probe.includes('"policy_name"') && probe.includes('"ip_client"')) return 0.8;
    return / (tmm|mcpd|apmd|tmsh)\[\d+\]: [0-9a-f]{8}:\d+: /.test(probe) ? 0.7 : 0;
  },
};
