import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { parseCsvLine } from '../../formats/csv.parser.js';
import { baseEvent, isIp, rawInput, setEndpoint, setIP, setTimestamp, setUrl, setUser } from './net.js';
import { PANOS_FIELDS } from './panos.fields.js';

const START = /(?:^|\s)(\d+,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},[^,]*,([A-Z]+),)/;
const THREAT_ACTIONS: Record<string, string> = {
  url: 'url_filtering',
  virus: 'malware_detection',
  spyware: 'spyware_detection',
  vulnerability: 'vulnerability_detection',
  file: 'file_match',
  scan: 'scan_detection',
  flood: 'flood_detection',
  packet: 'packet_attack',
  data: 'data_match',
  wildfire: 'wildfire_detection',
  'wildfire-virus': 'malware_detection',
};
const TRAFFIC_ACTIONS: Record<string, string> = {
  start: 'flow_started',
  end: 'flow_terminated',
  drop: 'flow_dropped',
  deny: 'flow_denied',
};
const SEVERITY: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4, informational: 5 };
const ALLOWED = /^(allow|alert|continue|override)$/;

function time(v: string | undefined, ctx: ParseContext): Date | undefined {
  return v ? parseIsoLike(v.replace(/\//g, '-'), ctx.options.timezone) : undefined;
}

function set(doc: EcsDocument, path: string, v: string | undefined): void {
  if (v !== undefined && v !== '' && v !== 'N/A') setField(doc, path, v);
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'panos: record has no message text' };
  const start = START.exec(text);
  if (!start)
    return {
      kind: 'reject',
      reason: 'panos: no "<n>,<yyyy/mm/dd hh:mm:ss>,<serial>,<TYPE>," CSV record found',
    };
  const type = start[2];
  const names = PANOS_FIELDS[type];
  if (!names) return { kind: 'reject', reason: `panos: unsupported log type ${type}` };
  // A truncated last field (unterminated quote) is kept as read: the fields before it are still good.
  const values = parseCsvLine(text.slice(start.index + start[0].length - start[1].length)).fields;
  const f: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n !== '_' && values[i] !== undefined) f[n] = values[i];
  }
  const logsource =
    type === 'GLOBALPROTECT'
      ? { product: 'paloalto', service: 'globalprotect' }
      : { category: 'firewall', product: 'paloalto' };
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'Palo Alto Networks', product: 'PAN-OS', type: 'firewall' },
    logsource,
  );
  if (!setTimestamp(doc, time(f.generated_time, ctx) ?? time(f.receive_time, ctx)))
    return { kind: 'reject', reason: `panos: unparsable time "${f.generated_time}"` };
  if (ctx.options.timezone) setField(doc, 'event.timezone', ctx.options.timezone);
  const prefix = text.slice(0, start.index).trim().split(/\s+/).pop();
  const host =
    f.device_name ||
    (prefix && /^[\w.-]+$/.test(prefix) && !/^\d{2}:\d{2}/.test(prefix) ? prefix : undefined);
  set(doc, 'observer.hostname', host);
  if (host) appendUnique(doc, 'related.hosts', host);
  set(doc, 'observer.serial_number', f.serial);
  set(doc, 'panw.panos.type', type);
  set(doc, 'panw.panos.sub_type', f.subtype);
  set(doc, 'panw.panos.virtual_sys', f.vsys);
  set(doc, 'panw.panos.sequence_number', f.seqno);

  if (type === 'TRAFFIC' || type === 'THREAT') session(doc, f, type);
  else if (type === 'SYSTEM') {
    set(doc, 'event.code', f.eventid);
    set(doc, 'message', f.opaque);
    set(doc, 'log.level', f.severity);
    setField(doc, 'event.severity', SEVERITY[f.severity]);
    set(doc, 'panw.panos.module', f.module);
    set(doc, 'panw.panos.object', f.object);
    set(doc, 'event.action', f.eventid);
    const desc = `${f.eventid} ${f.opaque}`.toLowerCase();
    if (/auth|login|logout/.test(desc)) {
      appendUnique(doc, 'event.category', 'authentication');
      appendUnique(doc, 'event.type', /logout/.test(desc) ? 'end' : 'start');
      setField(doc, 'event.outcome', /fail/.test(desc) ? 'failure' : 'success');
      const u = /user '([^']+)'/i.exec(f.opaque ?? '');
      if (u) setUser(doc, u[1]);
      const ip = /from '?([0-9A-Fa-f.:]+)'?/.exec(f.opaque ?? '');
      if (ip && isIp(ip[1])) setIP(doc, 'source.ip', ip[1]);
    } else {
      appendUnique(doc, 'event.category', 'host');
      appendUnique(doc, 'event.type', 'info');
    }
  } else if (type === 'CONFIG') {
    setUser(doc, f.admin);
    setIP(doc, 'source.ip', f.host);
    set(doc, 'event.action', f.cmd);
    set(doc, 'panw.panos.configuration_path', f.path);
    set(doc, 'panw.panos.client', f.client);
    setField(
      doc,
      'event.outcome',
      /succe/i.test(f.result ?? '') ? 'success' : /fail/i.test(f.result ?? '') ? 'failure' : undefined,
    );
    appendUnique(doc, 'event.category', 'configuration');
    appendUnique(doc, 'event.type', 'change');
  } else if (type === 'GLOBALPROTECT') {
    set(doc, 'event.action', f.eventid);
    setUser(doc, f.srcuser);
    setIP(doc, 'source.ip', f.public_ip || f.public_ipv6);
    setIP(doc, 'source.nat.ip', f.private_ip || f.private_ipv6);
    set(doc, 'source.geo.country_iso_code', f.srcregion);
    set(doc, 'host.name', f.machinename);
    set(doc, 'host.os.full', [f.client_os, f.client_os_ver].filter(Boolean).join(' '));
    set(doc, 'panw.panos.globalprotect.stage', f.stage);
    set(doc, 'panw.panos.globalprotect.auth_method', f.auth_method);
    set(doc, 'panw.panos.globalprotect.portal', f.portal);
    set(doc, 'message', f.opaque);
    set(doc, 'event.reason', f.error || f.reason);
    const outcome = /fail/i.test(f.status ?? '')
      ? 'failure'
      : /succe/i.test(f.status ?? '')
        ? 'success'
        : undefined;
    setField(doc, 'event.outcome', outcome);
    appendUnique(doc, 'event.category', 'authentication', 'network');
    appendUnique(doc, 'event.type', /logout|disconnect/.test(f.eventid ?? '') ? 'end' : 'start');
  }
  return { kind: 'event', event: doc };
}

function session(doc: EcsDocument, f: Record<string, string>, type: string): void {
  setEndpoint(doc, 'source', f.src, f.sport);
  setEndpoint(doc, 'destination', f.dst, f.dport);
  if (f.natsrc && f.natsrc !== '0.0.0.0') {
    setIP(doc, 'source.nat.ip', f.natsrc);
    setField(doc, 'source.nat.port', toInt(f.natsport));
  }
  if (f.natdst && f.natdst !== '0.0.0.0') {
    setIP(doc, 'destination.nat.ip', f.natdst);
    setField(doc, 'destination.nat.port', toInt(f.natdport));
  }
  set(doc, 'rule.name', f.rule);
  set(doc, 'panw.panos.ruleset', f.rule);
  setUser(doc, f.srcuser, 'source.user');
  setUser(doc, f.srcuser);
  setUser(doc, f.dstuser, 'destination.user');
  set(doc, 'network.application', f.app);
  set(doc, 'network.transport', f.proto?.toLowerCase());
  setField(doc, 'network.type', isIp(f.src) ? (f.src.includes(':') ? 'ipv6' : 'ipv4') : undefined);
  set(doc, 'observer.ingress.zone', f.from);
  set(doc, 'observer.egress.zone', f.to);
  set(doc, 'observer.ingress.interface.name', f.inbound_if);
  set(doc, 'observer.egress.interface.name', f.outbound_if);
  set(doc, 'panw.panos.flow_id', f.sessionid);
  setField(doc, 'panw.panos.repeat_count', toInt(f.repeatcnt));
  set(doc, 'panw.panos.action', f.action);
  const allowed = ALLOWED.test(f.action ?? '');
  appendUnique(doc, 'event.category', 'network');
  if (type === 'TRAFFIC') {
    setField(doc, 'event.action', TRAFFIC_ACTIONS[f.subtype] ?? f.subtype);
    appendUnique(doc, 'event.type', 'connection', allowed ? 'allowed' : 'denied');
    if (f.subtype === 'start') appendUnique(doc, 'event.type', 'start');
    if (f.subtype === 'end') appendUnique(doc, 'event.type', 'end');
    setField(doc, 'event.outcome', allowed ? 'success' : 'failure');
    setField(doc, 'network.bytes', toInt(f.bytes));
    setField(doc, 'source.bytes', toInt(f.bytes_sent));
    setField(doc, 'destination.bytes', toInt(f.bytes_received));
    setField(doc, 'network.packets', toInt(f.packets));
    setField(doc, 'source.packets', toInt(f.pkts_sent));
    setField(doc, 'destination.packets', toInt(f.pkts_received));
    set(doc, 'event.reason', f.session_end_reason);
    set(doc, 'panw.panos.url.category', f.category);
    const elapsed = toInt(f.elapsed);
    if (elapsed !== undefined) setField(doc, 'event.duration', elapsed * 1e9);
  } else {
    setField(doc, 'event.kind', 'alert');
    appendUnique(doc, 'event.category', 'intrusion_detection', 'threat');
    setField(doc, 'event.action', THREAT_ACTIONS[f.subtype] ?? f.subtype);
    appendUnique(doc, 'event.type', allowed ? 'allowed' : 'denied');
    setField(doc, 'event.outcome', 'success');
    set(doc, 'log.level', f.severity);
    setField(doc, 'event.severity', SEVERITY[f.severity]);
    const threat = /^(.*?)\s*\((\d+)\)$/.exec(f.threatid ?? '');
    if (threat) {
      set(doc, 'panw.panos.threat.id', threat[2]);
      set(doc, 'panw.panos.threat.name', threat[1] || (f.subtype === 'url' ? 'URL-filtering' : undefined));
    }
    if (f.direction === 'client-to-server') setField(doc, 'network.direction', 'inbound');
    else if (f.direction === 'server-to-client') setField(doc, 'network.direction', 'outbound');
    if (f.subtype === 'url' && f.misc) {
      setUrl(doc, f.misc);
      const domain = /^(?:[a-z]+:\/\/)?([^/:?]+)/i.exec(f.misc)?.[1];
      if (domain && !isIp(domain)) setField(doc, 'destination.domain', domain);
      set(doc, 'panw.panos.url.category', f.category);
    } else if (f.misc) {
      setField(doc, 'file.name', f.misc);
    }
    set(doc, 'file.hash.sha256', f.filedigest);
    set(doc, 'user_agent.original', f.user_agent);
    set(doc, 'http.request.method', f.http_method?.toUpperCase());
    set(doc, 'http.request.referrer', f.referer);
    set(doc, 'panw.panos.threat_category', f.thr_category);
    set(doc, 'panw.panos.content_version', f.contentver);
  }
}

/** Palo Alto Networks PAN-OS syslog CSV: TRAFFIC, THREAT, SYSTEM, CONFIG and GLOBALPROTECT logs. */
export const panosConnector: Connector = {
  id: 'panos',
  name: 'Palo Alto Networks PAN-OS',
  vendor: 'Palo Alto Networks',
  product: 'PAN-OS',
  logsources: [
    { category: 'firewall', product: 'paloalto' },
    { product: 'paloalto', service: 'globalprotect' },
  ],
  formats: ['syslog', 'csv'],
  elasticFixtures: ['panw/panos'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const m = START.exec(text.slice(0, 300));
    return m && PANOS_FIELDS[m[2]] ? 0.95 : 0;
  },
};
