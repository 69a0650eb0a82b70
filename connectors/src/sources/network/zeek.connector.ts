import type {
  Connector,
  ConnectorOptions,
  EcsDocument,
  ParseContext,
  ParseOutcome,
  RawRecord,
} from '../../connector.js';
import { appendUnique, getField, setField } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, isIp, rawInput, setEndpoint, setIP, setUrl, setUser } from './net.js';
import { parseJsonObject } from '../../formats/json.parser.js';

type Rec = Record<string, unknown>;

/** TSV headers (`#path`, `#fields`) seen in a stream, kept per options object of the ingest run. */
const tsvHeaders = new WeakMap<ConnectorOptions, { path?: string; fields?: string[]; separator: string }>();

const STATES: Record<string, [string, string[]]> = {
  S0: ['Connection attempt seen, no reply.', ['connection', 'start']],
  S1: ['Connection established, not terminated.', ['connection', 'start']],
  SF: ['Normal establishment and termination.', ['connection', 'start', 'end']],
  REJ: ['Connection attempt rejected.', ['connection', 'start', 'denied']],
  S2: [
    'Connection established and close attempt by originator seen (but no reply from responder).',
    ['connection', 'info'],
  ],
  S3: [
    'Connection established and close attempt by responder seen (but no reply from originator).',
    ['connection', 'info'],
  ],
  RSTO: ['Connection established, originator aborted (sent a RST).', ['connection', 'info']],
  RSTR: ['Responder sent a RST.', ['connection', 'info']],
  RSTOS0: [
    'Originator sent a SYN followed by a RST, we never saw a SYN-ACK from the responder.',
    ['connection', 'info'],
  ],
  RSTRH: [
    'Responder sent a SYN ACK followed by a RST, we never saw a SYN from the (purported) originator.',
    ['connection', 'info'],
  ],
  SH: [
    'Originator sent a SYN followed by a FIN, we never saw a SYN ACK from the responder (hence the connection was "half" open).',
    ['connection', 'info'],
  ],
  SHR: [
    'Responder sent a SYN ACK followed by a FIN, we never saw a SYN from the originator.',
    ['connection', 'info'],
  ],
  OTH: [
    'No SYN seen, just midstream traffic (a "partial connection" that was not later closed).',
    ['connection', 'info'],
  ],
};
const QCLASS: Record<string, string> = {
  C_INTERNET: 'IN',
  C_CHAOS: 'CH',
  C_HESIOD: 'HS',
  C_NONE: 'NONE',
  C_ANY: 'ANY',
};

/** Which Zeek log a record comes from, by `_path` or by its characteristic fields. */
export function zeekLogType(o: Rec, hint?: string): string | undefined {
  const path = (hint ?? o._path ?? o['log.path']) as string | undefined;
  if (typeof path === 'string' && path) return path.replace(/\.log$/, '').replace(/^.*\//, '');
  const has = (k: string) => k in o;
  if (has('conn_state') || (has('history') && has('orig_ip_bytes'))) return 'conn';
  if (has('trans_id') && (has('query') || has('qtype') || has('rcode'))) return 'dns';
  if (has('trans_depth') && (has('method') || has('status_code') || has('uri'))) return 'http';
  if (has('note') && (has('msg') || has('actions'))) return 'notice';
  if (has('certificate.subject') || (has('certificate') && typeof o.certificate === 'object')) return 'x509';
  if (has('fuid') && (has('mime_type') || has('tx_hosts') || has('seen_bytes') || has('source')))
    return 'files';
  if (
    has('cipher') ||
    has('server_name') ||
    has('ja3') ||
    (has('version') && has('established') && has('resumed'))
  )
    return 'ssl';
  if (has('auth_success') || has('auth_attempts') || (has('client') && has('server') && has('kex_alg')))
    return 'ssh';
  if (has('request_type') && has('client') && has('service')) return 'kerberos';
  if (has('named_pipe') || (has('operation') && has('endpoint'))) return 'dce_rpc';
  if (has('cookie') && has('security_protocol')) return 'rdp';
  if (has('action') && has('path') && has('name') && has('size')) return 'smb_files';
  if (has('id.orig_h') || (typeof o.id === 'object' && o.id !== null)) return 'conn';
  return undefined;
}

function get(o: Rec, key: string): unknown {
  return key in o ? o[key] : getField(o, key);
}

function str(o: Rec, key: string): string | undefined {
  const v = get(o, key);
  return typeof v === 'string' && v !== '' && v !== '-' && v !== '(empty)'
    ? v
    : typeof v === 'number'
      ? String(v)
      : undefined;
}

function num(o: Rec, key: string): number | undefined {
  const v = get(o, key);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

function arr(o: Rec, key: string): unknown[] | undefined {
  const v = get(o, key);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v !== '-' && v !== '(empty)') return v.split(',');
  return undefined;
}

function bool(o: Rec, key: string): boolean | undefined {
  const v = get(o, key);
  return typeof v === 'boolean' ? v : v === 'T' ? true : v === 'F' ? false : undefined;
}

function timestamp(v: unknown, ctx: ParseContext): Date | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) {
    const n = Number(v);
    return new Date(Math.floor(n * 1000));
  }
  return typeof v === 'string' ? parseIsoLike(v, ctx.options.timezone) : undefined;
}

function endpoints(o: Rec, doc: EcsDocument, transport?: string): void {
  const icmp = transport === 'icmp' || transport === 'icmp6';
  setEndpoint(doc, 'source', str(o, 'id.orig_h'), icmp ? undefined : num(o, 'id.orig_p'));
  setEndpoint(doc, 'destination', str(o, 'id.resp_h'), icmp ? undefined : num(o, 'id.resp_p'));
}

function conn(o: Rec, doc: EcsDocument): void {
  const proto = str(o, 'proto');
  setField(doc, 'network.transport', proto);
  endpoints(o, doc, proto);
  if (proto === 'icmp') {
    setField(doc, 'zeek.connection.icmp.type', num(o, 'id.orig_p'));
    setField(doc, 'zeek.connection.icmp.code', num(o, 'id.resp_p'));
  }
  const service = str(o, 'service');
  setField(doc, 'network.protocol', service?.split(',')[0]);
  const ob = num(o, 'orig_ip_bytes');
  const rb = num(o, 'resp_ip_bytes');
  const op = num(o, 'orig_pkts');
  const rp = num(o, 'resp_pkts');
  setField(doc, 'source.bytes', ob);
  setField(doc, 'destination.bytes', rb);
  setField(doc, 'source.packets', op);
  setField(doc, 'destination.packets', rp);
  if (ob !== undefined || rb !== undefined) setField(doc, 'network.bytes', (ob ?? 0) + (rb ?? 0));
  if (op !== undefined || rp !== undefined) setField(doc, 'network.packets', (op ?? 0) + (rp ?? 0));
  const lo = bool(o, 'local_orig');
  const lr = bool(o, 'local_resp');
  if (lo !== undefined && lr !== undefined)
    setField(doc, 'network.direction', lo && lr ? 'internal' : lo ? 'outbound' : lr ? 'inbound' : 'external');
  const state = str(o, 'conn_state');
  const [message, types] = STATES[state ?? ''] ?? [undefined, ['connection', 'info']];
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', ...types);
  setField(doc, 'zeek.connection.state', state);
  setField(doc, 'zeek.connection.state_message', message);
  setField(doc, 'zeek.connection.history', str(o, 'history'));
  setField(doc, 'zeek.connection.local_orig', lo);
  setField(doc, 'zeek.connection.local_resp', lr);
  setField(doc, 'zeek.connection.missed_bytes', num(o, 'missed_bytes'));
}

function dns(o: Rec, doc: EcsDocument): void {
  const proto = str(o, 'proto');
  setField(doc, 'network.transport', proto);
  setField(doc, 'network.protocol', 'dns');
  endpoints(o, doc, proto);
  setField(doc, 'dns.id', str(o, 'trans_id'));
  setField(doc, 'dns.question.name', str(o, 'query'));
  setField(doc, 'dns.question.type', str(o, 'qtype_name'));
  setField(doc, 'dns.question.class', QCLASS[str(o, 'qclass_name') ?? ''] ?? str(o, 'qclass_name'));
  setField(doc, 'dns.response_code', str(o, 'rcode_name'));
  const answers = arr(o, 'answers');
  const ttls = arr(o, 'TTLs');
  if (answers?.length) {
    setField(doc, 'dns.type', 'answer');
    setField(
      doc,
      'dns.answers',
      answers.map((a, i) => ({
        data: String(a),
        ...(ttls?.[i] !== undefined ? { ttl: Math.round(Number(ttls[i])) } : {}),
      })),
    );
    setField(
      doc,
      'dns.resolved_ip',
      answers.map(String).filter((a) => isIp(a)),
    );
  } else setField(doc, 'dns.type', 'query');
  const flags = (['AA', 'TC', 'RD', 'RA'] as const).filter((f) => bool(o, f));
  if (flags.length) setField(doc, 'dns.header_flags', flags);
  const rtt = num(o, 'rtt');
  if (rtt !== undefined) setField(doc, 'event.duration', Math.round(rtt * 1e9));
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', 'connection', 'protocol', 'info');
  const rcode = str(o, 'rcode_name');
  setField(doc, 'event.outcome', rcode === undefined || rcode === 'NOERROR' ? 'success' : 'failure');
}

function http(o: Rec, doc: EcsDocument): void {
  setField(doc, 'network.transport', 'tcp');
  endpoints(o, doc, 'tcp');
  const method = str(o, 'method');
  setField(doc, 'http.request.method', method);
  setField(doc, 'event.action', method?.toLowerCase());
  setField(doc, 'http.version', str(o, 'version'));
  const status = num(o, 'status_code');
  setField(doc, 'http.response.status_code', status);
  setField(doc, 'http.request.body.bytes', num(o, 'request_body_len'));
  setField(doc, 'http.response.body.bytes', num(o, 'response_body_len'));
  setField(doc, 'http.request.referrer', str(o, 'referrer'));
  setField(doc, 'user_agent.original', str(o, 'user_agent'));
  const uri = str(o, 'uri');
  if (uri) setUrl(doc, uri);
  setField(doc, 'url.domain', str(o, 'host'));
  const user = str(o, 'username');
  if (user) {
    setUser(doc, user);
    setField(doc, 'url.username', user);
  }
  appendUnique(doc, 'event.category', 'network', 'web');
  appendUnique(doc, 'event.type', 'connection', 'protocol', 'info');
  if (status !== undefined) setField(doc, 'event.outcome', status >= 400 ? 'failure' : 'success');
}

function ssl(o: Rec, doc: EcsDocument): void {
  setField(doc, 'network.transport', 'tcp');
  setField(doc, 'network.protocol', 'tls');
  endpoints(o, doc, 'tcp');
  const version = str(o, 'version');
  const v = version ? /^(TLS|SSL)v?(\d)(\d)?$/i.exec(version.replace(/\s/g, '')) : null;
  if (v) {
    setField(doc, 'tls.version_protocol', v[1].toLowerCase());
    setField(doc, 'tls.version', v[3] ? `${v[2]}.${v[3]}` : v[2]);
  }
  setField(doc, 'tls.cipher', str(o, 'cipher'));
  setField(doc, 'tls.curve', str(o, 'curve'));
  setField(doc, 'tls.client.server_name', str(o, 'server_name'));
  setField(doc, 'destination.domain', str(o, 'server_name'));
  setField(doc, 'tls.resumed', bool(o, 'resumed'));
  setField(doc, 'tls.established', bool(o, 'established'));
  setField(doc, 'tls.client.ja3', str(o, 'ja3'));
  setField(doc, 'tls.server.ja3s', str(o, 'ja3s'));
  setField(doc, 'tls.server.subject', str(o, 'subject'));
  setField(doc, 'tls.server.issuer', str(o, 'issuer'));
  setField(doc, 'tls.client.subject', str(o, 'client_subject'));
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', 'connection', 'protocol');
  const established = bool(o, 'established');
  if (established !== undefined) setField(doc, 'event.outcome', established ? 'success' : 'failure');
}

function files(o: Rec, doc: EcsDocument): void {
  setField(doc, 'event.id', str(o, 'fuid'));
  const tx = arr(o, 'tx_hosts');
  const rx = arr(o, 'rx_hosts');
  setIP(doc, 'source.ip', tx?.[0] as string | undefined);
  setIP(doc, 'destination.ip', rx?.[0] as string | undefined);
  setField(doc, 'file.mime_type', str(o, 'mime_type'));
  setField(doc, 'file.name', str(o, 'filename'));
  setField(doc, 'file.size', num(o, 'total_bytes') ?? num(o, 'seen_bytes'));
  setField(doc, 'file.hash.md5', str(o, 'md5'));
  setField(doc, 'file.hash.sha1', str(o, 'sha1'));
  setField(doc, 'file.hash.sha256', str(o, 'sha256'));
  setField(doc, 'network.protocol', str(o, 'source')?.toLowerCase());
  appendUnique(doc, 'related.hash', str(o, 'md5'), str(o, 'sha1'), str(o, 'sha256'));
  appendUnique(doc, 'event.category', 'file');
  appendUnique(doc, 'event.type', 'info');
  const uids = arr(o, 'conn_uids');
  if (uids?.length) setField(doc, 'zeek.files.session_ids', uids);
}

function notice(o: Rec, doc: EcsDocument): void {
  const proto = str(o, 'proto');
  setField(doc, 'network.transport', proto);
  endpoints(o, doc, proto);
  setIP(doc, 'source.ip', str(o, 'src'));
  setIP(doc, 'destination.ip', str(o, 'dst'));
  setField(doc, 'destination.port', num(o, 'p'));
  setField(doc, 'event.kind', 'alert');
  setField(doc, 'rule.name', str(o, 'note'));
  setField(doc, 'message', str(o, 'msg'));
  setField(doc, 'zeek.notice.sub', str(o, 'sub'));
  const actions = arr(o, 'actions');
  if (actions?.length) setField(doc, 'zeek.notice.actions', actions);
  appendUnique(doc, 'event.category', 'intrusion_detection');
  appendUnique(doc, 'event.type', 'info');
}

function x509(o: Rec, doc: EcsDocument): void {
  setField(doc, 'event.id', str(o, 'id'));
  setField(doc, 'x509.version_number', str(o, 'certificate.version'));
  setField(doc, 'x509.serial_number', str(o, 'certificate.serial'));
  setField(doc, 'x509.subject.distinguished_name', str(o, 'certificate.subject'));
  setField(doc, 'x509.issuer.distinguished_name', str(o, 'certificate.issuer'));
  const nb = num(o, 'certificate.not_valid_before');
  const na = num(o, 'certificate.not_valid_after');
  for (const [field, secs] of [
    ['x509.not_before', nb],
    ['x509.not_after', na],
  ] as const) {
    const d = secs === undefined ? undefined : new Date(secs * 1000);
    if (d && !Number.isNaN(d.getTime())) setField(doc, field, d.toISOString());
  }
  setField(doc, 'x509.public_key_algorithm', str(o, 'certificate.key_alg'));
  setField(doc, 'x509.signature_algorithm', str(o, 'certificate.sig_alg'));
  setField(doc, 'x509.public_key_size', num(o, 'certificate.key_length'));
  const dns = arr(o, 'san.dns');
  if (dns?.length) setField(doc, 'x509.alternative_names', dns);
  appendUnique(doc, 'event.category', 'file');
  appendUnique(doc, 'event.type', 'info');
}

function ssh(o: Rec, doc: EcsDocument): void {
  setField(doc, 'network.transport', 'tcp');
  setField(doc, 'network.protocol', 'ssh');
  endpoints(o, doc, 'tcp');
  const ok = bool(o, 'auth_success');
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', 'connection', 'protocol');
  if (ok !== undefined) {
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', 'info');
    setField(doc, 'event.outcome', ok ? 'success' : 'failure');
  }
  setField(doc, 'zeek.ssh.client', str(o, 'client'));
  setField(doc, 'zeek.ssh.server', str(o, 'server'));
  setField(doc, 'zeek.ssh.auth.attempts', num(o, 'auth_attempts'));
  setField(doc, 'zeek.ssh.direction', str(o, 'direction'));
  const dir = str(o, 'direction');
  if (dir === 'INBOUND' || dir === 'OUTBOUND') setField(doc, 'network.direction', dir.toLowerCase());
}

function generic(o: Rec, doc: EcsDocument): void {
  const proto = str(o, 'proto');
  setField(doc, 'network.transport', proto);
  endpoints(o, doc, proto);
  const user = str(o, 'client') ?? str(o, 'username');
  if (user && /^[\w.$@\\/-]+$/.test(user)) setUser(doc, user.split('/')[0]);
  setField(
    doc,
    'file.path',
    str(o, 'path') && str(o, 'name') ? `${str(o, 'path')}\\${str(o, 'name')}` : undefined,
  );
  setField(doc, 'file.name', str(o, 'name'));
  setField(doc, 'event.action', str(o, 'action') ?? str(o, 'operation') ?? str(o, 'request_type'));
  appendUnique(doc, 'event.category', 'network');
  appendUnique(doc, 'event.type', 'protocol');
}

const HANDLERS: Record<string, (o: Rec, doc: EcsDocument) => void> = {
  conn,
  dns,
  http,
  ssl,
  files,
  notice,
  x509,
  ssh,
};

function tsvRecord(line: string, ctx: ParseContext): ParseOutcome | Rec {
  const state = tsvHeaders.get(ctx.options) ?? { separator: '\t' };
  if (line.startsWith('#')) {
    const [directive, ...rest] = line.split(state.separator);
    if (directive.startsWith('#separator')) {
      const sep = line
        .slice('#separator '.length)
        .trim()
        .replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      state.separator = sep || '\t';
    } else if (directive === '#path') state.path = rest[0];
    else if (directive === '#fields') state.fields = rest;
    tsvHeaders.set(ctx.options, state);
    return { kind: 'skip', reason: `zeek: header line ${directive}` };
  }
  const names =
    state.fields ??
    (Array.isArray(ctx.options.zeekFields) ? (ctx.options.zeekFields as string[]) : undefined);
  if (!names)
    return {
      kind: 'reject',
      reason: 'zeek: TSV line without a preceding #fields header (or the zeekFields option)',
    };
  const values = line.split(state.separator);
  if (values.length !== names.length)
    return {
      kind: 'reject',
      reason: `zeek: TSV line has ${values.length} values for ${names.length} #fields`,
    };
  const o: Rec = {};
  names.forEach((n, i) => {
    if (values[i] !== '-' && values[i] !== '(empty)') o[n] = values[i];
  });
  const path = state.path ?? (typeof ctx.options.zeekPath === 'string' ? ctx.options.zeekPath : undefined);
  if (path) o._path = path;
  return o;
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const input = rawInput(raw);
  let o: Rec | undefined;
  let original: string | undefined;
  let host: string | undefined;
  if (input.text !== undefined) {
    original = input.text;
    const t = input.text.trim();
    if (t.startsWith('{')) {
      const parsed = parseJsonObject(t);
      if (!parsed.ok) return { kind: 'reject', reason: `zeek: ${parsed.reason}` };
      o = parsed.object;
    } else {
      const r = tsvRecord(input.text.replace(/\r?\n$/, ''), ctx);
      if ('kind' in r && typeof r.kind === 'string' && (r.kind === 'skip' || r.kind === 'reject'))
        return r as ParseOutcome;
      o = r as Rec;
    }
  } else o = input.obj;
  if (!o) return { kind: 'reject', reason: 'zeek: empty record' };
  // A Splunk export wrapper: {"result": {"_raw": "<zeek json>", "host": ...}}.
  const result = o.result as Rec | undefined;
  if (result && typeof result === 'object' && typeof result._raw === 'string') {
    host = typeof result.host === 'string' ? result.host : undefined;
    original = result._raw;
    const parsed = parseJsonObject(result._raw);
    if (!parsed.ok) return { kind: 'reject', reason: `zeek: Splunk _raw: ${parsed.reason}` };
    o = parsed.object;
  }
  const type = zeekLogType(o, typeof ctx.options.zeekPath === 'string' ? ctx.options.zeekPath : undefined);
  if (!type)
    return {
      kind: 'reject',
      reason: 'zeek: cannot tell which Zeek log this record belongs to (no _path, no known fields)',
    };
  const ts = timestamp(get(o, 'ts'), ctx);
  if (!ts || Number.isNaN(ts.getTime()))
    return { kind: 'reject', reason: `zeek: missing or invalid ts in ${type} record` };
  const doc = baseEvent(
    ctx,
    original ?? JSON.stringify(o),
    { vendor: 'Zeek', product: 'Zeek', type: 'ids' },
    { product: 'zeek', service: type },
  );
  // Elastic's Zeek mapping sets no observer; keep the sensor identity under zeek.* instead.
  delete doc.observer;
  setField(doc, 'zeek.observer', { vendor: 'Zeek', product: 'Zeek' });
  setField(doc, '@timestamp', ts.toISOString());
  const uid = str(o, 'uid');
  setField(doc, 'event.id', uid);
  setField(doc, 'zeek.session_id', uid);
  setField(doc, 'host.name', host);
  const dur = num(o, 'duration');
  if (dur !== undefined) setField(doc, 'event.duration', Math.round(dur * 1e9));
  (HANDLERS[type] ?? generic)(o, doc);
  setField(doc, `zeek.${type === 'conn' ? 'connection' : type}`, {
    ...(getField(doc, `zeek.${type === 'conn' ? 'connection' : type}`) as Rec),
    ...strip(o),
  });
  return { kind: 'event', event: doc };
}

/** The vendor record minus the fields mapped to ECS endpoints and time. */
function strip(o: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(o)) if (!/^(ts|uid|id\.(orig|resp)_[hp]|id|_path)$/.test(k)) out[k] = v;
  return out;
}

/** Zeek logs (conn, dns, http, ssl, files, notice, x509, ssh, and others generically) as JSON lines or TSV with #fields headers. */
export const zeekConnector: Connector = {
  id: 'zeek',
  name: 'Zeek (Bro) network monitor',
  vendor: 'Zeek',
  product: 'Zeek',
  logsources: [
    'conn',
    'dns',
    'http',
    'ssl',
    'files',
    'notice',
    'x509',
    'ssh',
    'kerberos',
    'dce_rpc',
    'rdp',
    'smb_files',
  ].map((service) => ({
    product: 'zeek',
    service,
  })),
  formats: ['ndjson', 'json', 'text'],
  elasticFixtures: ['zeek/connection', 'zeek/dns', 'zeek/http'],
  parse,
  detect(raw) {
    const input = rawInput(raw);
    const t = input.text?.slice(0, 300) ?? '';
    if (/^#(separator|fields|path)\b/.test(t)) return 0.9;
    if (t.startsWith('{') && /"uid":"C[A-Za-z0-9]{5,}"/.test(t) && /"id\.orig_h"/.test(t)) return 0.95;
    if (t.startsWith('{') && /"fuid":"F[A-Za-z0-9]{5,}"/.test(t)) return 0.9;
    if (!input.text && input.obj && 'id.orig_h' in input.obj && 'ts' in input.obj) return 0.9;
    return 0;
  },
};
