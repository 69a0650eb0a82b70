/**
 * Zscaler Internet Access web logs from an NSS feed: JSON (`{"sourcetype":"zscalernss-web","event":{…}}` or the
 * bare event object) or `key=value` with the same NSS field names (`time`, `login`, `cip`, `sip`, `eurl`,
 * `reqmethod`, `respcode`, `ua`, `action`, `urlcat`, `rulelabel`…). `time` is in the feed's zone (`options.timezone`,
 * default UTC).
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { MONTHS, parseIsoLike, wallClockToDate } from '../../util/time.js';
import { baseEvent, isIp, jsonOf, reject, setTimestamp, setUrl, unwrap } from './common.js';
import { parseKv } from '../../formats/kv.parser.js';

const ID = 'zscaler-zia';
const NS = 'zscaler_zia.web';
const none = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' && v !== 'None' && v !== 'NA'
    ? v
    : typeof v === 'number'
      ? String(v)
      : undefined;

function zTime(s: string, zone?: string): Date | undefined {
  const ctime = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(s);
  if (ctime) {
    const month = MONTHS[ctime[1].toLowerCase()];
    return month
      ? wallClockToDate(
          { year: +ctime[6], month, day: +ctime[2], hour: +ctime[3], minute: +ctime[4], second: +ctime[5] },
          zone,
        )
      : undefined;
  }
  return parseIsoLike(s, zone ?? 'UTC');
}

export const zscalerZiaConnector: Connector = {
  id: ID,
  name: 'Zscaler Internet Access web logs (NSS)',
  vendor: 'Zscaler',
  product: 'Internet Access',
  logsources: [{ category: 'proxy', product: 'zscaler' }],
  formats: ['json', 'kv'],
  elasticFixtures: ['zscaler_zia/web'],
  parse(raw, ctx): ParseOutcome {
    const j = jsonOf(raw);
    let e: Record<string, unknown> | undefined;
    if (j.obj) {
      const inner = j.obj.event;
      e =
        inner && typeof inner === 'object' && !Array.isArray(inner) && 'time' in (inner as object)
          ? (inner as Record<string, unknown>)
          : j.obj;
    } else if (j.text && !j.text.trim().startsWith('{')) {
      const pairs = parseKv(j.text, { greedy: true, delimiters: ',;' });
      e = pairs.ok ? pairs.fields : undefined;
    } else return reject(ID, j.error ?? 'empty record');
    if (!e) return reject(ID, 'neither JSON nor key=value');
    const time = none(e.time);
    if (!time) return reject(ID, 'no "time" field (not an NSS web record)');
    const doc = baseEvent(
      ctx,
      j.text ?? unwrap(raw).text ?? JSON.stringify(e),
      zscalerZiaConnector.logsources[0],
    );
    if (!setTimestamp(doc, zTime(time, ctx.options.timezone))) return reject(ID, `invalid time "${time}"`);
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', ['info']);
    const action = none(e.action)?.toLowerCase();
    setField(doc, 'event.action', action);
    const login = none(e.login);
    if (login?.includes('@')) setField(doc, 'user.email', login);
    else setField(doc, 'user.name', login);
    if (login) appendUnique(doc, 'related.user', login);
    setField(doc, 'source.user.name', none(e.deviceowner));
    const cip = none(e.cip);
    const sip = none(e.sip);
    if (cip && isIp(cip)) {
      setField(doc, 'source.ip', cip);
      setField(doc, 'source.nat.ip', cip);
      appendUnique(doc, 'related.ip', cip);
    }
    if (sip && isIp(sip)) {
      setField(doc, 'destination.ip', sip);
      appendUnique(doc, 'related.ip', sip);
    }
    const proto = none(e.proto)?.toLowerCase();
    setField(doc, 'network.protocol', proto === 'https' || proto === 'ssl' ? 'https' : proto);
    const eurl = none(e.eurl) ?? none(e.url);
    if (eurl) {
      const scheme = proto === 'https' || proto === 'ssl' ? 'https' : 'http';
      const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(eurl)
        ? eurl
        : `${scheme}://${eurl.includes('/') ? eurl : `${eurl}/`}`;
      setUrl(doc, full);
      setField(doc, 'url.full', full);
    }
    setField(doc, 'http.request.method', none(e.reqmethod));
    setField(doc, 'http.response.status_code', toInt(none(e.respcode)));
    setField(doc, 'http.request.bytes', toInt(none(e.reqsize)));
    setField(doc, 'http.response.bytes', toInt(none(e.respsize)));
    setField(doc, 'http.request.mime_type', none(e.contenttype));
    setField(doc, 'http.request.referrer', none(e.ereferer) ?? none(e.referer));
    setField(doc, 'user_agent.original', none(e.ua));
    setField(doc, 'rule.name', none(e.rulelabel));
    setField(doc, 'rule.ruleset', none(e.ruletype));
    setField(doc, 'event.risk_score', toInt(none(e.riskscore)));
    const host = none(e.devicehostname);
    setField(doc, `${NS}.device.hostname`, host);
    if (host) appendUnique(doc, 'related.hosts', host);
    setField(doc, `${NS}.app.name`, none(e.appname));
    setField(doc, `${NS}.app.class`, none(e.appclass));
    setField(doc, `${NS}.url.class`, none(e.urlclass));
    setField(doc, `${NS}.url.category.super`, none(e.urlsupercat));
    setField(doc, `${NS}.url.category.sub`, none(e.urlcat));
    setField(doc, `${NS}.malware.category`, none(e.malwarecat));
    setField(doc, `${NS}.threat.name`, none(e.threatname));
    setField(doc, `${NS}.location`, none(e.location));
    setField(doc, `${NS}.department`, none(e.dept));
    setField(doc, `${NS}.dlp.engine`, none(e.dlpeng));
    setField(doc, `${NS}.dlp.dictionaries`, none(e.dlpdict));
    setField(doc, 'file.hash.md5', none(e.bamd5));
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    if (text && text.includes('zscalernss-web')) return 0.95;
    const probe = text ?? (obj ? JSON.stringify(obj).slice(0, 4000) : '');
    return /"?reqmethod"?[=:]/.test(probe) && /"?urlcat"?[=:]/.test(probe) ? 0.8 : 0;
  },
};
