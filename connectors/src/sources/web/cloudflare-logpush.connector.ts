/**
 * Cloudflare Logpush `http_requests` dataset (JSON, one request per line). Timestamps are RFC 3339, Unix seconds or
 * Unix nanoseconds (Logpush `timestamp_format`). `url.*` is the request itself
 * (`ClientRequestScheme://ClientRequestHost` + `ClientRequestURI`), the referrer goes to `http.request.referrer`.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch, parseIsoLike } from '../../util/time.js';
import { baseEvent, isIp, jsonOf, reject, setTimestamp, setUrl, toNum, unwrap } from './common.js';

const ID = 'cloudflare-logpush';
const NS = 'cloudflare_logpush.http_request';
const str = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function cfTime(v: unknown): Date | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) return fromEpoch(v);
  return typeof v === 'string'
    ? (parseIsoLike(v) ?? (Number.isNaN(Date.parse(v)) ? undefined : new Date(v)))
    : undefined;
}

export const cloudflareLogpushConnector: Connector = {
  id: ID,
  name: 'Cloudflare Logpush HTTP requests',
  vendor: 'Cloudflare',
  product: 'Logpush',
  logsources: [{ category: 'waf', product: 'cloudflare' }],
  formats: ['json', 'ndjson'],
  elasticFixtures: ['cloudflare_logpush/http_request'],
  parse(raw, ctx): ParseOutcome {
    const j = jsonOf(raw);
    if (!j.obj) return reject(ID, j.error ?? 'not JSON');
    const o = j.obj;
    if (o.ClientRequestHost === undefined && o.ClientIP === undefined && o.RayID === undefined)
      return reject(ID, 'no ClientRequestHost/ClientIP/RayID (not an http_requests record)');
    const doc = baseEvent(
      ctx,
      j.text ?? unwrap(raw).text ?? JSON.stringify(o),
      cloudflareLogpushConnector.logsources[0],
    );
    const start = cfTime(o.EdgeStartTimestamp);
    const end = cfTime(o.EdgeEndTimestamp);
    if (!setTimestamp(doc, start ?? end))
      return reject(ID, `invalid or missing EdgeStartTimestamp "${String(o.EdgeStartTimestamp)}"`);
    if (start) setField(doc, 'event.start', start.toISOString());
    if (end) setField(doc, 'event.end', end.toISOString());
    if (start && end) setField(doc, 'event.duration', (end.getTime() - start.getTime()) * 1e6);
    setField(doc, 'event.category', ['network']);
    setField(doc, 'event.type', ['info']);
    setField(doc, 'network.protocol', 'http');
    const cip = str(o.ClientIP);
    if (cip && isIp(cip)) {
      setField(doc, 'source.ip', cip);
      appendUnique(doc, 'related.ip', cip);
    }
    const sport = toInt(o.ClientSrcPort);
    if (sport) setField(doc, 'source.port', sport);
    setField(doc, 'source.as.number', toInt(o.ClientASN));
    setField(doc, 'source.geo.country_iso_code', str(o.ClientCountry));
    const origin = str(o.OriginIP);
    if (origin && isIp(origin)) {
      setField(doc, 'destination.ip', origin);
      appendUnique(doc, 'related.ip', origin);
    }
    setField(doc, 'http.request.method', str(o.ClientRequestMethod));
    const proto = /^HTTP\/([\d.]+)$/i.exec(str(o.ClientRequestProtocol) ?? '');
    setField(doc, 'http.version', proto?.[1]);
    const scheme = str(o.ClientRequestScheme) ?? 'https';
    const host = str(o.ClientRequestHost);
    const uri = str(o.ClientRequestURI) ?? str(o.ClientRequestPath);
    if (host && uri) setUrl(doc, `${scheme}://${host}${uri.startsWith('/') ? uri : `/${uri}`}`);
    else if (uri) setUrl(doc, uri, { scheme, domain: host });
    setField(doc, 'http.request.referrer', str(o.ClientRequestReferer));
    setField(doc, 'user_agent.original', str(o.ClientRequestUserAgent));
    setField(doc, 'http.response.status_code', toInt(o.EdgeResponseStatus));
    setField(doc, 'http.request.bytes', toInt(o.ClientRequestBytes));
    setField(doc, 'http.response.bytes', toInt(o.EdgeResponseBytes));
    setField(doc, 'http.response.body.bytes', toInt(o.EdgeResponseBodyBytes));
    setField(doc, 'http.response.mime_type', str(o.EdgeResponseContentType));
    const tls = /^TLSv([\d.]+)$/i.exec(str(o.ClientSSLProtocol) ?? '');
    if (tls) {
      setField(doc, 'tls.version', tls[1]);
      setField(doc, 'tls.version_protocol', 'tls');
    }
    setField(doc, 'tls.cipher', str(o.ClientSSLCipher) !== 'NONE' ? str(o.ClientSSLCipher) : undefined);
    setField(doc, 'http.request.id', str(o.RayID));
    // Latency: time to first byte at the edge and the origin response time (ms).
    setField(doc, `${NS}.edge.time_to_first_byte.ms`, toNum(o.EdgeTimeToFirstByteMs));
    setField(doc, `${NS}.origin.response.duration.ms`, toNum(o.OriginResponseDurationMs));
    setField(doc, `${NS}.origin.response.status`, toInt(o.OriginResponseStatus));
    setField(doc, `${NS}.ray.id`, str(o.RayID));
    setField(doc, `${NS}.zone.name`, str(o.ZoneName));
    setField(doc, `${NS}.cache.status`, str(o.CacheCacheStatus));
    setField(doc, `${NS}.bot.score.value`, toInt(o.BotScore));
    setField(doc, `${NS}.bot.score.src`, str(o.BotScoreSrc));
    setField(doc, `${NS}.edge.server.ip`, str(o.EdgeServerIP));
    const wafAction = str(o.SecurityAction) ?? str(o.WAFAction);
    if (wafAction && wafAction !== 'unknown') setField(doc, 'event.action', wafAction);
    setField(doc, `${NS}.waf.action`, str(o.WAFAction));
    const ruleId = str(o.SecurityRuleID) ?? str(o.WAFRuleID);
    setField(doc, 'rule.id', ruleId);
    setField(doc, `${NS}.waf.rule.message`, str(o.WAFRuleMessage) ?? str(o.SecurityRuleDescription));
    if (wafAction && /^(block|drop|challenge|jschallenge|managed_challenge)$/.test(wafAction))
      setField(doc, 'event.kind', 'alert');
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    const probe = text ?? (obj ? JSON.stringify(obj).slice(0, 4000) : '');
    return probe.includes('"ClientRequestHost"') || probe.includes('"EdgeStartTimestamp"') ? 0.95 : 0;
  },
};
