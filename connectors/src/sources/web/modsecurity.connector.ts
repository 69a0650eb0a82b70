/**
 * ModSecurity audit log: JSON (`SecAuditLogFormat JSON`, v3 `{"transaction":{client_ip, time_stamp, request,
 * response, producer, messages}}` and v2 `{"transaction":{…},"request":{request_line},"audit_data":{messages}}`)
 * and the native serial format (a whole record, parts `--id-A--` … `--id-Z--`, given as one multi-line record).
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome } from '../../connector.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';
import { MONTHS, parseIsoLike, wallClockToDate } from '../../util/time.js';
import {
  baseEvent,
  isIp,
  jsonOf,
  parseClfTime,
  reject,
  setRequestLine,
  setTimestamp,
  setUrl,
  unwrap,
} from './common.js';

const ID = 'modsecurity';
const NS = 'modsecurity';

function ctimeToDate(s: string, zone?: string): Date | undefined {
  const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(s.trim());
  if (!m) return parseIsoLike(s, zone) ?? parseClfTime(s, zone);
  const month = MONTHS[m[1].toLowerCase()];
  return month
    ? wallClockToDate({ year: +m[6], month, day: +m[2], hour: +m[3], minute: +m[4], second: +m[5] }, zone)
    : undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, unknown>))
    if (k.toLowerCase() === want && typeof v === 'string') return v;
  return undefined;
}

/** Rule facts from audit messages (`[id "942100"] [msg "…"]` text or v3 `details`). */
function applyMessages(
  doc: EcsDocument,
  messages: Array<{ text?: string; id?: string; msg?: string; severity?: string; tags?: string[] }>,
): void {
  if (!messages.length) return;
  const ids = messages.map((m) => m.id).filter((x): x is string => !!x);
  const names = messages.map((m) => m.msg).filter((x): x is string => !!x);
  if (ids.length) setField(doc, 'rule.id', ids.length === 1 ? ids[0] : ids);
  if (names.length) setField(doc, 'rule.name', names.length === 1 ? names[0] : names);
  setField(doc, `${NS}.audit.messages`, messages.map((m) => m.text ?? m.msg).filter(Boolean));
  const tags = messages.flatMap((m) => m.tags ?? []);
  if (tags.length) setField(doc, 'tags', [...new Set(tags)]);
  setField(doc, 'event.kind', 'alert');
  appendUnique(doc, 'event.category', 'intrusion_detection');
}

function fromText(line: string): {
  text: string;
  id?: string;
  msg?: string;
  severity?: string;
  tags?: string[];
} {
  const get = (k: string) => new RegExp(`\\[${k} "((?:[^"\\\\]|\\\\.)*)"\\]`).exec(line)?.[1];
  const tags = [...line.matchAll(/\[tag "((?:[^"\\]|\\.)*)"\]/g)].map((m) => m[1]);
  return {
    text: line.replace(/^Message: /, ''),
    id: get('id'),
    msg: get('msg'),
    severity: get('severity'),
    tags,
  };
}

function parseJson(doc: EcsDocument, obj: Record<string, unknown>, ctx: ParseContext): string | undefined {
  const t = obj.transaction as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') return 'no "transaction" object';
  const ts = (t.time_stamp ?? t.time) as string | undefined;
  if (typeof ts !== 'string' || !setTimestamp(doc, ctimeToDate(ts, ctx.options.timezone)))
    return `invalid or missing transaction time "${String(ts)}"`;
  const cip = (t.client_ip ?? t.remote_address) as string | undefined;
  const sip = (t.host_ip ?? t.local_address) as string | undefined;
  if (isIp(cip)) {
    setField(doc, 'source.ip', cip);
    appendUnique(doc, 'related.ip', cip);
  }
  setField(doc, 'source.port', toInt(t.client_port ?? t.remote_port));
  // The protected web server is `server.*` (client/server view of one HTTP transaction).
  if (isIp(sip)) {
    setField(doc, 'server.ip', sip);
    appendUnique(doc, 'related.ip', sip);
  }
  const port = toInt(t.host_port ?? t.local_port);
  setField(doc, 'server.port', port);
  setField(doc, 'transaction.id', t.unique_id ?? t.transaction_id);
  setField(doc, `${NS}.audit.server_id`, t.server_id);
  const req = (t.request ?? obj.request ?? {}) as Record<string, unknown>;
  const res = (t.response ?? obj.response ?? {}) as Record<string, unknown>;
  const headers = req.headers;
  const host = header(headers, 'host')?.replace(/:\d+$/, '');
  const scheme = port === 443 ? 'https' : 'http';
  if (typeof req.uri === 'string') {
    setField(doc, 'http.request.method', req.method);
    const v = req.http_version;
    if (v !== undefined)
      setField(doc, 'http.version', String(typeof v === 'number' && Number.isInteger(v) ? v.toFixed(1) : v));
    const target = req.uri;
    setUrl(
      doc,
      host && target.startsWith('/') ? `${scheme}://${host}${port ? `:${port}` : ''}${target}` : target,
    );
  } else if (typeof req.request_line === 'string') {
    setRequestLine(doc, req.request_line, { scheme, domain: host, port });
  }
  setField(doc, 'user_agent.original', header(headers, 'user-agent'));
  setField(doc, 'http.request.referrer', header(headers, 'referer'));
  const status = toInt(res.http_code ?? res.status);
  setField(doc, 'http.response.status_code', status);
  setField(doc, 'http.response.mime_type', header(res.headers, 'content-type')?.split(';')[0]);
  const producer = (t.producer ??
    (obj.audit_data as Record<string, unknown> | undefined)?.producer) as unknown;
  setField(doc, `${NS}.audit.producer`, producer);
  const raw = (t.messages ?? (obj.audit_data as Record<string, unknown> | undefined)?.messages) as unknown;
  if (Array.isArray(raw)) {
    applyMessages(
      doc,
      raw.flatMap((m) => {
        if (typeof m === 'string') return [fromText(m)];
        if (m === null || typeof m !== 'object' || Array.isArray(m)) return [];
        const o = m as Record<string, unknown>;
        const d =
          o.details !== null && typeof o.details === 'object'
            ? (o.details as Record<string, unknown>)
            : undefined;
        const message = typeof o.message === 'string' ? o.message : undefined;
        return [
          {
            text: message ?? '',
            id: typeof d?.ruleId === 'string' || typeof d?.ruleId === 'number' ? String(d.ruleId) : undefined,
            msg: message || undefined,
            severity:
              typeof d?.severity === 'string' || typeof d?.severity === 'number'
                ? String(d.severity)
                : undefined,
            tags: Array.isArray(d?.tags)
              ? (d.tags.filter((x) => typeof x === 'string') as string[])
              : undefined,
          },
        ];
      }),
    );
  }
  return undefined;
}

function parseSerial(doc: EcsDocument, text: string, ctx: ParseContext): string | undefined {
  const parts = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const b = /^--[0-9a-zA-Z]+-([A-Z])--$/.exec(line.trim());
    if (b) {
      cur = [];
      parts.set(b[1], cur);
    } else cur?.push(line);
  }
  const a = parts.get('A')?.find((l) => l.trim());
  const am = a ? /^\[([^\]]+)\] (\S+) (\S+) (\d+) (\S+) (\d+)/.exec(a.trim()) : null;
  if (!am) return 'serial audit record without a valid part A (`[time] id client port server port`)';
  if (!setTimestamp(doc, parseClfTime(am[1], ctx.options.timezone))) return `invalid part A time "${am[1]}"`;
  setField(doc, 'transaction.id', am[2]);
  if (isIp(am[3])) setField(doc, 'source.ip', am[3]);
  setField(doc, 'source.port', toInt(am[4]));
  if (isIp(am[5])) setField(doc, 'server.ip', am[5]);
  const port = toInt(am[6]);
  setField(doc, 'server.port', port);
  appendUnique(doc, 'related.ip', getField(doc, 'source.ip'), getField(doc, 'server.ip'));
  const b = (parts.get('B') ?? []).filter((l) => l.trim());
  const hdr = (n: string) =>
    b.map((l) => new RegExp(`^${n}:\\s*(.*)$`, 'i').exec(l)?.[1]).find((x) => x !== undefined);
  const host = hdr('Host')?.replace(/:\d+$/, '');
  if (b[0]) setRequestLine(doc, b[0], { scheme: port === 443 ? 'https' : 'http', domain: host, port });
  setField(doc, 'user_agent.original', hdr('User-Agent'));
  setField(doc, 'http.request.referrer', hdr('Referer'));
  const f = (parts.get('F') ?? []).find((l) => l.trim());
  const st = f ? /^HTTP\/[\d.]+ (\d{3})/.exec(f.trim()) : null;
  if (st) setField(doc, 'http.response.status_code', toInt(st[1]));
  const h = (parts.get('H') ?? []).filter((l) => l.startsWith('Message: '));
  applyMessages(doc, h.map(fromText));
  const action = (parts.get('H') ?? []).map((l) => /^Action: (.*)$/.exec(l)?.[1]).find(Boolean);
  if (action) setField(doc, 'event.action', action.toLowerCase());
  return undefined;
}

export const modsecurityConnector: Connector = {
  id: ID,
  name: 'ModSecurity audit log',
  vendor: 'Trustwave',
  product: 'ModSecurity',
  logsources: [{ category: 'waf', product: 'modsecurity' }],
  formats: ['json', 'text'],
  elasticFixtures: ['modsecurity/auditlog'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    const doc = baseEvent(ctx, text, modsecurityConnector.logsources[0]);
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', ['access']);
    let err: string | undefined;
    if (text !== undefined && /^--[0-9a-zA-Z]+-A--/.test(text.trim())) err = parseSerial(doc, text, ctx);
    else {
      const j = jsonOf(raw);
      if (!j.obj) return reject(ID, j.error ?? 'not JSON and not a serial audit record');
      if (text === undefined && ctx.options.keepOriginal !== false)
        setField(doc, 'event.original', JSON.stringify(j.obj));
      err = parseJson(doc, j.obj, ctx);
    }
    return err ? reject(ID, err) : { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    if (text && /^--[0-9a-zA-Z]+-A--/.test(text)) return 0.95;
    const probe = text ?? (obj ? JSON.stringify(obj).slice(0, 2000) : '');
    if (!probe.startsWith('{"transaction"') && !probe.includes('"transaction":{')) return 0;
    return /"(client_ip|remote_address)"/.test(probe) ? 0.9 : 0;
  },
};
