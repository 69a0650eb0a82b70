/**
 * Akamai SIEM API (JSON, one security event per line). `attackData` rule fields are URL-encoded lists of
 * base64 values separated by `;`; request/response headers are URL-encoded `Name: value\r\n` blocks.
 */
import type { Connector, EcsDocument, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch } from '../../util/time.js';
import { baseEvent, isIp, jsonOf, reject, setTimestamp, setUrl, unwrap } from './common.js';

const ID = 'akamai-siem';
const NS = 'akamai.siem';

function urlDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%2B'));
  } catch {
    return s;
  }
}

/** `b64;b64;…` (URL-encoded) to decoded strings; undecodable items are kept as written. */
export function decodeRuleList(s: unknown): string[] {
  if (typeof s !== 'string' || !s) return [];
  return urlDecode(s)
    .split(';')
    .map((item) => {
      if (!item) return '';
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(item)) return item;
      const bin = Buffer.from(item, 'base64');
      const text = bin.toString('utf8');
      return text.includes('\uFFFD') ? item : text;
    });
}

function headers(s: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof s !== 'string') return out;
  for (const line of urlDecode(s).split(/\r?\n/)) {
    const m = /^([^:\s][^:]*):\s?(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

const str = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function applyRules(doc: EcsDocument, a: Record<string, unknown>): void {
  const cols = [
    'rules',
    'ruleVersions',
    'ruleMessages',
    'ruleTags',
    'ruleData',
    'ruleSelectors',
    'ruleActions',
  ] as const;
  const lists = Object.fromEntries(cols.map((c) => [c, decodeRuleList(a[c])])) as Record<
    (typeof cols)[number],
    string[]
  >;
  const n = Math.max(...cols.map((c) => lists[c].length));
  const rules: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, string> = {};
    for (const c of cols) if (lists[c][i]) r[c] = lists[c][i];
    if (Object.keys(r).length) rules.push(r);
  }
  if (rules.length) setField(doc, `${NS}.rules`, rules);
  const ids = lists.rules.filter(Boolean);
  if (ids.length) setField(doc, 'rule.id', ids.length === 1 ? ids[0] : ids);
  const msgs = lists.ruleMessages.filter(Boolean);
  if (msgs.length) setField(doc, `${NS}.rule_messages`, msgs);
  const actions = [...new Set(lists.ruleActions.filter(Boolean))];
  if (actions.length) setField(doc, `${NS}.rule_actions`, actions);
  const tags = [...new Set(lists.ruleTags.filter(Boolean).map((t) => t.toLowerCase()))];
  if (tags.length) setField(doc, `${NS}.rule_tags`, tags);
}

export const akamaiSiemConnector: Connector = {
  id: ID,
  name: 'Akamai SIEM (App & API Protector / Kona)',
  vendor: 'Akamai',
  product: 'SIEM API',
  logsources: [{ category: 'waf', product: 'akamai' }],
  formats: ['json'],
  elasticFixtures: ['akamai/siem'],
  parse(raw, ctx): ParseOutcome {
    const j = jsonOf(raw);
    if (!j.obj) return reject(ID, j.error ?? 'not JSON');
    const o = j.obj;
    const a = (o.attackData ?? {}) as Record<string, unknown>;
    const h = o.httpMessage as Record<string, unknown> | undefined;
    if (!h || typeof h !== 'object') return reject(ID, 'no "httpMessage" object (not an Akamai SIEM event)');
    const doc = baseEvent(
      ctx,
      j.text ?? unwrap(raw).text ?? JSON.stringify(o),
      akamaiSiemConnector.logsources[0],
      { vendor: 'akamai', type: 'proxy' },
    );
    if (!setTimestamp(doc, fromEpoch(h.start)))
      return reject(ID, `invalid httpMessage.start "${String(h.start)}"`);
    setField(doc, 'event.start', doc['@timestamp']);
    setField(doc, 'event.category', ['network']);
    setField(doc, 'network.transport', 'tcp');
    setField(doc, 'network.protocol', 'http');
    const cip = str(a.clientIP);
    if (cip && isIp(cip)) {
      for (const side of ['source', 'client']) {
        setField(doc, `${side}.ip`, cip);
        setField(doc, `${side}.address`, cip);
      }
      appendUnique(doc, 'related.ip', cip);
    }
    setField(doc, `${NS}.config_id`, str(a.configId));
    setField(doc, `${NS}.policy_id`, str(a.policyId));
    setField(doc, `${NS}.applied_action`, str(a.appliedAction));
    setField(doc, `${NS}.api_id`, str(a.apiId));
    applyRules(doc, a);
    const reqId = str(h.requestId);
    setField(doc, 'http.request.id', reqId);
    setField(doc, 'event.id', reqId);
    setField(doc, 'http.request.method', str(h.method));
    const proto = /^HTTP\/([\d.]+)$/i.exec(str(h.protocol) ?? '');
    setField(doc, 'http.version', proto?.[1]);
    const tls = /^tls(?:v)?([\d.]+)$/i.exec(str(h.tls) ?? '');
    if (tls) {
      setField(doc, 'tls.version', tls[1]);
      setField(doc, 'tls.version_protocol', 'tls');
    }
    const host = str(h.host);
    const port = toInt(h.port);
    const path = str(h.path) ?? '/';
    const query = str(h.query);
    const scheme = tls || port === 443 ? 'https' : 'http';
    if (host) {
      const portPart = port && port !== (scheme === 'https' ? 443 : 80) ? `:${port}` : '';
      setUrl(doc, `${scheme}://${host}${portPart}${path}${query ? `?${query}` : ''}`, { port });
      setField(doc, 'url.port', port);
      setField(doc, 'url.full', `${host}${path}${query ? `?${query}` : ''}`);
    }
    setField(doc, 'http.response.status_code', toInt(h.status));
    setField(doc, 'http.response.bytes', toInt(h.bytes));
    const reqH = headers(h.requestHeaders);
    const resH = headers(h.responseHeaders);
    for (const [k, v] of Object.entries(reqH)) setField(doc, `${NS}.request.headers.${k}`, v);
    for (const [k, v] of Object.entries(resH)) setField(doc, `${NS}.response.headers.${k}`, v);
    const ua = Object.entries(reqH).find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
    setField(doc, 'user_agent.original', ua);
    const geo = o.geo as Record<string, unknown> | undefined;
    if (geo) {
      setField(doc, 'source.as.number', toInt(geo.asn));
      setField(doc, 'source.geo.country_iso_code', str(geo.country));
      setField(doc, 'source.geo.city_name', str(geo.city));
    }
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    const probe = text ?? (obj ? JSON.stringify(obj).slice(0, 4000) : '');
    if (!probe.includes('"httpMessage"')) return 0;
    return probe.includes('"attackData"') ? 0.95 : 0.6;
  },
};
