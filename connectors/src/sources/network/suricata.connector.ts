import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, isIp, rawInput, setEndpoint, setUrl } from './net.js';
import { parseJsonObject } from '../../formats/json.parser.js';

type Rec = Record<string, unknown>;

function s(o: unknown, path: string): string | undefined {
  const v = getField(o, path);
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function n(o: unknown, path: string): number | undefined {
  const v = getField(o, path);
  return typeof v === 'number' ? v : toInt(v);
}

function dn(text: string | undefined, key: string): string[] {
  if (!text) return [];
  const re = new RegExp(`(?:^|,\\s*)${key}=([^,]+)`, 'g');
  return [...text.matchAll(re)].map((m) => m[1].trim());
}

function tls(e: Rec, doc: EcsDocument, ctx: ParseContext): void {
  const t = (e.tls ?? {}) as Rec;
  setField(doc, 'network.protocol', 'tls');
  const version = /^(TLS|SSL)[ v]*(\d(?:\.\d)?)/i.exec(s(t, 'version') ?? '');
  if (version) {
    setField(doc, 'tls.version_protocol', version[1].toLowerCase());
    setField(doc, 'tls.version', version[2]);
  }
  const sni = s(t, 'sni');
  setField(doc, 'tls.client.server_name', sni);
  setField(doc, 'destination.domain', sni);
  setField(doc, 'tls.resumed', getField(t, 'session_resumed'));
  const issuer = s(t, 'issuerdn');
  setField(doc, 'tls.server.issuer', issuer);
  setField(doc, 'tls.server.subject', s(t, 'subject'));
  const fp = s(t, 'fingerprint');
  const sha1 = fp?.replace(/:/g, '').toUpperCase();
  setField(doc, 'tls.server.hash.sha1', sha1);
  setField(doc, 'tls.client.ja3', s(t, 'ja3.hash'));
  setField(doc, 'tls.server.ja3s', s(t, 'ja3s.hash'));
  appendUnique(doc, 'related.hash', sha1, s(t, 'ja3.hash'), s(t, 'ja3s.hash'));
  for (const [field, key] of [
    ['not_before', 'notbefore'],
    ['not_after', 'notafter'],
  ] as const) {
    const d = s(t, key) ? parseIsoLike(s(t, key) as string, 'UTC') : undefined;
    if (d) {
      setField(doc, `tls.server.${field}`, d.toISOString());
      setField(doc, `tls.server.x509.${field}`, d.toISOString());
    }
  }
  const serial = s(t, 'serial');
  setField(doc, 'tls.server.x509.serial_number', serial?.replace(/:/g, ''));
  const map: [string, string][] = [
    ['common_name', 'CN'],
    ['country', 'C'],
    ['organization', 'O'],
    ['organizational_unit', 'OU'],
  ];
  for (const [field, key] of map) {
    const iv = dn(issuer, key);
    if (iv.length) setField(doc, `tls.server.x509.issuer.${field}`, iv);
    const sv = dn(s(t, 'subject'), key);
    if (sv.length) setField(doc, `tls.server.x509.subject.${field}`, sv);
  }
  void ctx;
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const input = rawInput(raw);
  if (input.error) return { kind: 'reject', reason: `suricata: ${input.error}` };
  let e: Rec | undefined;
  let original = input.text;
  if (input.text !== undefined) {
    const parsed = parseJsonObject(input.text.trim().replace(/^.*?(?=\{)/, ''));
    if (!parsed.ok) return { kind: 'reject', reason: `suricata: ${parsed.reason}` };
    e = parsed.object;
  } else {
    e = input.obj;
    original = JSON.stringify(e);
  }
  if (!e || typeof e.event_type !== 'string')
    return { kind: 'reject', reason: 'suricata: not an EVE record (no event_type)' };
  const type = e.event_type;
  const ts = typeof e.timestamp === 'string' ? parseIsoLike(e.timestamp, ctx.options.timezone) : undefined;
  if (!ts) return { kind: 'reject', reason: `suricata: missing or invalid timestamp in ${type} record` };
  const doc = baseEvent(
    ctx,
    original,
    { vendor: 'OISF', product: 'Suricata', type: 'ids' },
    { category: 'ids', product: 'suricata' },
  );
  // Elastic's Suricata mapping sets no observer (the sensor is host.name); follow it.
  delete doc.observer;
  setField(doc, '@timestamp', ts.toISOString());
  const proto = s(e, 'proto')?.toLowerCase();
  const icmp = proto === 'icmp' || proto === 'ipv6-icmp';
  setEndpoint(doc, 'source', s(e, 'src_ip'), icmp ? undefined : e.src_port);
  setEndpoint(doc, 'destination', s(e, 'dest_ip'), icmp ? undefined : e.dest_port);
  setField(doc, 'network.transport', proto);
  setField(doc, 'network.protocol', s(e, 'app_proto')?.toLowerCase());
  setField(
    doc,
    'network.type',
    isIp(e.src_ip) ? (String(e.src_ip).includes(':') ? 'ipv6' : 'ipv4') : undefined,
  );
  setField(doc, 'network.community_id', s(e, 'community_id'));
  setField(doc, 'observer.ingress.interface.name', s(e, 'in_iface'));
  // The sensor name: EVE's `host`, or the shipper's host.name on already structured input.
  setField(doc, 'host.name', s(e, 'host') ?? (input.obj ? s(input.obj, 'host.name') : undefined));
  setField(doc, 'suricata.eve.event_type', type);
  setField(doc, 'suricata.eve.flow_id', s(e, 'flow_id'));
  setField(doc, 'suricata.eve.in_iface', s(e, 'in_iface'));
  const flow = e.flow as Rec | undefined;
  if (flow) {
    const bs = n(flow, 'bytes_toserver');
    const bc = n(flow, 'bytes_toclient');
    setField(doc, 'source.bytes', bs);
    setField(doc, 'destination.bytes', bc);
    setField(doc, 'source.packets', n(flow, 'pkts_toserver'));
    setField(doc, 'destination.packets', n(flow, 'pkts_toclient'));
    if (bs !== undefined && bc !== undefined) setField(doc, 'network.bytes', bs + bc);
    const start = s(flow, 'start') ? parseIsoLike(s(flow, 'start') as string) : undefined;
    if (start) setField(doc, 'event.start', start.toISOString());
    const end = s(flow, 'end') ? parseIsoLike(s(flow, 'end') as string) : undefined;
    if (end) setField(doc, 'event.end', end.toISOString());
  }
  const http = e.http as Rec | undefined;
  if (http) {
    setField(doc, 'http.request.method', s(http, 'http_method'));
    setField(doc, 'http.response.status_code', n(http, 'status'));
    setField(doc, 'http.response.body.bytes', n(http, 'length'));
    setField(doc, 'http.request.referrer', s(http, 'http_refer'));
    setField(doc, 'http.version', s(http, 'protocol')?.replace(/^HTTP\//, ''));
    setField(doc, 'user_agent.original', s(http, 'http_user_agent'));
    const url = s(http, 'url');
    if (url) setUrl(doc, url);
    setField(doc, 'url.domain', s(http, 'hostname'));
  }
  const dns = e.dns as Rec | undefined;
  if (dns) {
    const q = Array.isArray(dns.queries) ? (dns.queries[0] as Rec) : dns;
    setField(doc, 'dns.question.name', s(q, 'rrname'));
    setField(doc, 'dns.question.type', s(q, 'rrtype'));
    setField(doc, 'dns.id', s(dns, 'id'));
    setField(doc, 'dns.type', s(dns, 'type') === 'query' ? 'query' : s(dns, 'type') ? 'answer' : undefined);
    setField(doc, 'dns.response_code', s(dns, 'rcode'));
    const answers = Array.isArray(dns.answers) ? (dns.answers as Rec[]) : [];
    const resolved = answers.map((a) => s(a, 'rdata')).filter((x): x is string => isIp(x));
    if (resolved.length) setField(doc, 'dns.resolved_ip', resolved);
  }
  if (e.tls) tls(e, doc, ctx);
  appendUnique(doc, 'event.category', 'network');
  if (type === 'alert') {
    const a = (e.alert ?? {}) as Rec;
    setField(doc, 'event.kind', 'alert');
    appendUnique(doc, 'event.category', 'intrusion_detection');
    const blocked = /block|drop|reject/i.test(s(a, 'action') ?? '');
    appendUnique(doc, 'event.type', blocked ? 'denied' : 'allowed');
    setField(doc, 'event.outcome', undefined);
    setField(doc, 'rule.name', s(a, 'signature'));
    setField(doc, 'rule.id', s(a, 'signature_id'));
    setField(doc, 'rule.category', s(a, 'category'));
    setField(doc, 'rule.version', s(a, 'rev'));
    setField(doc, 'event.severity', n(a, 'severity'));
    setField(doc, 'suricata.eve.alert', a);
  } else if (type === 'flow' || type === 'netflow') {
    appendUnique(doc, 'event.type', 'connection', 'end');
    setField(doc, 'event.reason', s(flow, 'reason'));
  } else if (type === 'fileinfo') {
    const f = (e.fileinfo ?? {}) as Rec;
    appendUnique(doc, 'event.category', 'file');
    appendUnique(doc, 'event.type', 'info');
    setField(doc, 'file.name', s(f, 'filename')?.replace(/^.*[\\/]/, ''));
    setField(doc, 'file.size', n(f, 'size'));
    setField(doc, 'file.mime_type', s(f, 'mimetype'));
    setField(doc, 'file.hash.md5', s(f, 'md5'));
    setField(doc, 'file.hash.sha1', s(f, 'sha1'));
    setField(doc, 'file.hash.sha256', s(f, 'sha256'));
  } else if (type === 'anomaly') {
    appendUnique(doc, 'event.type', 'info');
    setField(doc, 'rule.name', s(e, 'anomaly.event'));
    setField(doc, 'event.reason', s(e, 'anomaly.type'));
  } else if (type === 'stats') {
    setField(doc, 'event.kind', 'metric');
  } else {
    if (type === 'http') appendUnique(doc, 'event.category', 'web');
    appendUnique(doc, 'event.type', 'protocol');
  }
  return { kind: 'event', event: doc };
}

/** Suricata EVE JSON: alert, flow, dns, http, tls, fileinfo, anomaly and other protocol records. */
export const suricataConnector: Connector = {
  id: 'suricata',
  name: 'Suricata EVE JSON',
  vendor: 'OISF',
  product: 'Suricata',
  logsources: [{ category: 'ids', product: 'suricata' }],
  formats: ['ndjson', 'json'],
  elasticFixtures: ['suricata/eve'],
  parse,
  detect(raw) {
    const input = rawInput(raw);
    const t = input.text?.slice(0, 400) ?? '';
    if (/"event_type":\s*"\w+"/.test(t) && /"(flow_id|src_ip|timestamp)"/.test(t)) return 0.95;
    if (!input.text && input.obj && typeof input.obj.event_type === 'string' && 'timestamp' in input.obj)
      return 0.9;
    return 0;
  },
};
