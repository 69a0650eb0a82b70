import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch, parseIsoLike } from '../../util/time.js';
import {
  baseEvent,
  directionFromIps,
  ianaName,
  rawInput,
  setEndpoint,
  setIP,
  setTimestamp,
  setUser,
  splitUser,
} from './net.js';

const HEADER = /^(?:<(\d{1,3})>)?1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
// The look-behind makes a key start only where a run of key characters starts: without it every position of a
// long run is retried (quadratic on a 1 MB token).
const PAIR = /(?<![\w.:-])([\w.:-]+?):"((?:[^"\\]|\\.)*)"/g;

/** `key:"value"; key:"value"` pairs of the Check Point Log Exporter syslog format. */
export function parseCheckpointFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m; m = PAIR.exec(text))
    if (!(m[1] in out)) out[m[1]] = m[2].replace(/\\(["\\\]])/g, '$1');
  return out;
}

function set(doc: EcsDocument, path: string, v: string | undefined): void {
  if (v !== undefined && v !== '') setField(doc, path, v);
}

function audit(doc: EcsDocument, f: Record<string, string>): void {
  const op = f.operation.toLowerCase();
  const failed = /fail/i.test(f.audit_status ?? '') || /failed/i.test(f.additional_info ?? '');
  const admin = f.administrator;
  if (admin) {
    const u = splitUser(admin.toLowerCase());
    setField(doc, 'user.name', u.name);
    setField(doc, 'source.user.name', u.name);
    const domain = u.domain ?? f.domain_name?.toLowerCase();
    setField(doc, 'user.domain', domain);
    setField(doc, 'source.user.domain', domain);
    setField(doc, 'user.email', u.email);
    setField(doc, 'source.user.email', u.email);
    appendUnique(doc, 'related.user', u.name, u.email);
  }
  set(doc, 'event.code', f.operation_number);
  set(doc, 'message', f.subject);
  set(doc, 'checkpoint.operation', f.operation);
  set(doc, 'checkpoint.administrator', admin);
  set(doc, 'checkpoint.additional_info', f.additional_info);
  set(doc, 'checkpoint.audit_status', f.audit_status);
  setIP(doc, 'source.ip', f.client_ip);
  if (f.machine && f.machine !== 'localhost') set(doc, 'source.domain', f.machine);
  if (/log ?in/.test(op)) {
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', 'start');
    setField(doc, 'event.action', failed ? 'logon-failed' : 'logged-in');
    const reason = /failed to log in:\s*(.*)$/i.exec(f.additional_info ?? '');
    if (reason && reason[1] && !/SIC Error/.test(reason[1])) setField(doc, 'event.reason', reason[1].trim());
  } else if (/log ?out/.test(op)) {
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', 'end');
    setField(doc, 'event.action', 'logged-out');
  } else {
    appendUnique(doc, 'event.category', 'configuration');
    appendUnique(doc, 'event.type', 'change');
    setField(doc, 'event.action', op.replace(/\s+/g, '-'));
  }
  setField(doc, 'event.outcome', failed ? 'failure' : 'success');
}

function traffic(doc: EcsDocument, f: Record<string, string>): void {
  setEndpoint(doc, 'source', f.src, f.s_port);
  setEndpoint(doc, 'destination', f.dst, f.service);
  setIP(doc, 'source.nat.ip', f.xlatesrc !== '0.0.0.0' ? f.xlatesrc : undefined);
  setIP(doc, 'destination.nat.ip', f.xlatedst !== '0.0.0.0' ? f.xlatedst : undefined);
  if (f.xlatesport && f.xlatesport !== '0') setField(doc, 'source.nat.port', toInt(f.xlatesport));
  if (f.xlatedport && f.xlatedport !== '0') setField(doc, 'destination.nat.port', toInt(f.xlatedport));
  if (f.proto) {
    setField(doc, 'network.iana_number', f.proto);
    setField(doc, 'network.transport', ianaName(f.proto));
  }
  set(doc, 'network.protocol', f.service_id?.toLowerCase());
  set(doc, 'network.application', f.appi_name);
  set(doc, 'rule.name', f.rule_name);
  set(doc, 'rule.id', f.rule_uid);
  set(doc, 'rule.ruleset', f.layer_name);
  set(doc, 'observer.ingress.interface.name', f.ifdir === 'inbound' ? f.ifname : undefined);
  set(doc, 'observer.egress.interface.name', f.ifdir === 'outbound' ? f.ifname : undefined);
  set(doc, 'source.bytes', f.client_outbound_bytes);
  set(doc, 'destination.bytes', f.client_inbound_bytes);
  const user = f.src_user_name ?? f.user;
  if (user) setUser(doc, user.replace(/\s*\(.*\)$/, ''));
  set(doc, 'dns.question.name', f.dns_query);
  set(doc, 'url.original', f.resource);
  const action = (f.action ?? '').toLowerCase();
  set(doc, 'event.action', action);
  const denied = /drop|reject|block|prevent/.test(action);
  if (f.attack || f.protection_name || f.malware_action || /prevent|detect/.test(action)) {
    setField(doc, 'event.kind', 'alert');
    appendUnique(doc, 'event.category', 'intrusion_detection');
    set(doc, 'rule.name', f.protection_name ?? f.attack);
  }
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', 'connection', denied ? 'denied' : 'allowed');
  setField(doc, 'event.outcome', denied ? 'failure' : 'success');
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'checkpoint: record has no message text' };
  const f = parseCheckpointFields(text);
  if (!f.loguid && !f.origin && !f.product)
    return {
      kind: 'reject',
      reason: 'checkpoint: no Log Exporter key:"value" fields (loguid/origin/product)',
    };
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'Checkpoint', product: f.product || 'Check Point', type: 'firewall' },
    {
      category: 'firewall',
      product: 'checkpoint',
    },
  );
  const h = HEADER.exec(text);
  let ts = h && h[2] !== '-' ? parseIsoLike(h[2], ctx.options.timezone) : undefined;
  if (!ts && f.time) ts = fromEpoch(f.time);
  if (!setTimestamp(doc, ts))
    return { kind: 'reject', reason: 'checkpoint: no RFC 5424 timestamp nor time field' };
  if (h?.[1]) setField(doc, 'log.syslog.priority', +h[1]);
  set(doc, 'observer.name', f.origin);
  set(doc, 'host.name', f.device_name);
  set(doc, 'event.id', f.loguid);
  setField(doc, 'event.sequence', toInt(f.sequencenum));
  if (f.ifdir === 'inbound' || f.ifdir === 'outbound') setField(doc, 'network.direction', f.ifdir);
  else setField(doc, 'network.direction', directionFromIps(f.src, f.dst));
  set(doc, 'checkpoint.origin_sic_name', f.originsicname);
  if (f.operation) audit(doc, f);
  else traffic(doc, f);
  return { kind: 'event', event: doc };
}

/** Check Point Log Exporter (syslog format): firewall/threat-prevention traffic logs and management audit logs. */
export const checkpointConnector: Connector = {
  id: 'checkpoint',
  name: 'Check Point (Log Exporter)',
  vendor: 'Check Point',
  product: 'Quantum / SmartCenter',
  logsources: [{ category: 'firewall', product: 'checkpoint' }],
  formats: ['syslog', 'kv'],
  elasticFixtures: ['checkpoint/firewall'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 400);
    if (/\bloguid:"\{0x/.test(head) || (/ CheckPoint \d+ /.test(head) && /\w+:"/.test(head))) return 0.95;
    if (/\borigin:"/.test(head) && /\bifdir:"/.test(head)) return 0.8;
    return 0;
  },
};
