/**
 * Imperva SecureSphere (on-prem WAF/DAM) CEF alerts and system events: `CEF:0|Imperva Inc.|SecureSphere|…`, raw or
 * behind a syslog header, or already CEF-decoded objects (`{cef:{extensions:{sourceAddress…}}}` as Filebeat's
 * decode_cef writes them). Custom strings are read by their labels (`Policy`, `ServerGroup`, `ServiceName`,
 * `ApplicationName`, `Description`, `URL`…).
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';
import { MONTHS, parseIsoLike, wallClockToDate } from '../../util/time.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { baseEvent, isIp, reject, setTimestamp, setUrl, unwrap } from './common.js';
import { cefCustomLabels, parseCef, type CefRecord } from '../../formats/cef.parser.js';

const ID = 'imperva-waf';
const NS = 'imperva.securesphere';
/** Filebeat decode_cef long names to CEF short keys. */
const LONG: Record<string, string> = {
  sourceAddress: 'src',
  sourcePort: 'spt',
  destinationAddress: 'dst',
  destinationPort: 'dpt',
  deviceAction: 'act',
  destinationUserName: 'duser',
  sourceUserName: 'suser',
  transportProtocol: 'proto',
  deviceReceiptTime: 'rt',
  deviceEventCategory: 'cat',
  requestUrl: 'request',
  requestMethod: 'requestMethod',
  requestClientApplication: 'requestClientApplication',
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6].flatMap((n) => [
      [`deviceCustomString${n}`, `cs${n}`],
      [`deviceCustomString${n}Label`, `cs${n}Label`],
    ]),
  ),
};
const SEVERITY: Record<string, number> = {
  low: 3,
  medium: 5,
  high: 7,
  'very-high': 9,
  'very high': 9,
  informative: 1,
};

function cefTime(s: string | undefined, zone?: string): Date | undefined {
  if (!s) return undefined;
  if (/^\d{12,13}$/.test(s)) return new Date(Number(s));
  const m = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(?: (\S+))?$/.exec(
    s.trim(),
  );
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    if (!month) return undefined;
    const fields = {
      year: +m[3],
      month,
      day: +m[2],
      hour: +m[4],
      minute: +m[5],
      second: +m[6],
      ms: Number(m[7] ?? 0),
    };
    // The zone named in the record may be anything (`rt=Oct 5 2023 18:35:08 t`): an unknown one makes the time unusable.
    if (m[8] === undefined) return wallClockToDate(fields, zone);
    try {
      return wallClockToDate(fields, m[8]);
    } catch {
      return undefined;
    }
  }
  return parseIsoLike(s, zone);
}

export const impervaWafConnector: Connector = {
  id: ID,
  name: 'Imperva SecureSphere',
  vendor: 'Imperva',
  product: 'SecureSphere',
  logsources: [{ category: 'waf', product: 'imperva' }],
  formats: ['cef', 'syslog', 'json'],
  elasticFixtures: ['imperva/securesphere'],
  parse(raw, ctx): ParseOutcome {
    const u = unwrap(raw);
    const orig = u.obj ? getField(u.obj, 'event.original') : undefined;
    const cefText =
      typeof orig === 'string' && orig.includes('CEF:')
        ? orig
        : u.text?.includes('CEF:')
          ? u.text
          : undefined;
    let header: Pick<
      CefRecord,
      'deviceVendor' | 'deviceProduct' | 'deviceVersion' | 'signatureId' | 'name' | 'severity'
    >;
    let x: Record<string, string>;
    let prefix = '';
    if (cefText) {
      const parsed = parseCef(cefText);
      if (!parsed.ok) return reject(ID, parsed.reason);
      const c = parsed.record;
      header = c;
      x = c.extensions;
      prefix = c.prefix;
    } else if (u.obj && typeof getField(u.obj, 'cef.extensions') === 'object') {
      const cef = u.obj.cef as Record<string, unknown>;
      const dev = (cef.device ?? {}) as Record<string, unknown>;
      header = {
        deviceVendor: String(dev.vendor ?? ''),
        deviceProduct: String(dev.product ?? ''),
        deviceVersion: String(dev.version ?? ''),
        signatureId: String(dev.event_class_id ?? ''),
        name: String(cef.name ?? ''),
        severity: String(cef.severity ?? ''),
      };
      x = {};
      for (const [k, v] of Object.entries(cef.extensions as Record<string, unknown>))
        if (v !== null && v !== undefined) x[LONG[k] ?? k] = String(v);
    } else return reject(ID, 'no CEF text and no decoded cef.extensions');
    if (!/imperva/i.test(header.deviceVendor))
      return reject(ID, `CEF vendor "${header.deviceVendor}" is not Imperva`);
    const doc = baseEvent(ctx, cefText ?? u.text, impervaWafConnector.logsources[0], {
      vendor: header.deviceVendor,
      product: header.deviceProduct,
    });
    const h = prefix ? parseSyslogHeader(`${prefix} x`, ctx) : undefined;
    const given = u.obj ? getField(u.obj, '@timestamp') : undefined;
    const date =
      cefTime(x.rt, ctx.options.timezone) ??
      h?.timestamp ??
      (typeof given === 'string' ? new Date(given) : undefined);
    if (!setTimestamp(doc, date)) return reject(ID, `no usable time (rt "${x.rt ?? ''}")`);
    setField(doc, 'observer.version', header.deviceVersion);
    setField(doc, 'event.code', header.signatureId);
    setField(doc, `${NS}.name`, header.name);
    setField(doc, 'message', header.name);
    setField(doc, `${NS}.severity`, header.severity);
    const sev = SEVERITY[header.severity.toLowerCase()] ?? toInt(header.severity);
    setField(doc, 'event.severity', sev);
    const host = u.obj ? getField(u.obj, 'host.name') : undefined;
    setField(doc, 'host.name', typeof host === 'string' ? host : (x.dvchost ?? h?.hostname));
    const cat = x.cat;
    setField(doc, `${NS}.device.event.category`, cat);
    if (cat && /alert|violation/i.test(cat)) setField(doc, 'event.kind', 'alert');
    if (isIp(x.src)) setField(doc, 'source.ip', x.src);
    setField(doc, 'source.port', toInt(x.spt));
    if (isIp(x.dst)) setField(doc, 'destination.ip', x.dst);
    setField(doc, 'destination.port', toInt(x.dpt));
    appendUnique(doc, 'related.ip', isIp(x.dst) ? x.dst : undefined, isIp(x.src) ? x.src : undefined);
    setField(doc, 'network.transport', x.proto?.toLowerCase());
    setField(doc, 'event.action', x.act);
    if (x.suser) {
      setField(doc, 'source.user.name', x.suser);
      appendUnique(doc, 'related.user', x.suser);
    }
    if (x.duser) {
      setField(doc, 'destination.user.name', x.duser);
      appendUnique(doc, 'related.user', x.duser);
    }
    const labels = cefCustomLabels(x);
    for (const [label, value] of Object.entries(labels))
      setField(doc, `${NS}.custom.${label.replace(/\W+/g, '_').toLowerCase()}`, value);
    setField(doc, 'rule.ruleset', labels.Policy);
    setField(doc, 'service.name', labels.ServiceName);
    const url = x.request ?? labels.URL ?? labels.Url;
    if (url) setUrl(doc, url);
    setField(doc, 'http.request.method', x.requestMethod ?? labels.Method);
    setField(
      doc,
      'user_agent.original',
      x.requestClientApplication ?? labels['User-Agent'] ?? labels.UserAgent,
    );
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text, obj } = unwrap(raw);
    if (text?.includes('CEF:0|Imperva Inc.|SecureSphere|')) return 0.95;
    const orig = obj ? getField(obj, 'event.original') : undefined;
    if (typeof orig === 'string' && orig.includes('CEF:0|Imperva')) return 0.95;
    return obj && getField(obj, 'cef.device.vendor') === 'Imperva Inc.' ? 0.9 : 0;
  },
};
