/**
 * Microsoft IIS W3C extended log (web and FTP sites).
 *
 * Column layout: the `#Fields:` header defines the columns. A connector parses one line at a time, so the layout
 * is remembered per *layout key*: when a `#Fields:` line is parsed it is stored under
 * `options.layoutKey` (or `options.source`, else `default`) and used for the following data lines with the same
 * key; `#` lines themselves return `skip`. `options.fields` (a `#Fields:` value, space-separated) forces a layout.
 * Without either, the layout is chosen by column count among IIS's known defaults (web 14/15/17/18 columns,
 * FTP 13 columns).
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, dash, isIp, reject, setHttpStatus, setTimestamp, setUrl, unwrap } from './common.js';

const ID = 'iis';

const WEB_15 =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const WEB_14 =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const WEB_17 =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken';
const WEB_18 = `${WEB_17} X-Forwarded-For`;
const FTP_13 =
  'date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath';
/** Default layouts by column count. */
const DEFAULTS = new Map<number, string[]>(
  [WEB_14, WEB_15, WEB_17, WEB_18, FTP_13].map((f) => [f.split(' ').length, f.split(' ')]),
);

/** Last `#Fields:` seen per layout key (bounded). */
const layouts = new Map<string, string[]>();
const MAX_LAYOUTS = 1000;

function layoutKey(ctx: ParseContext): string {
  const k = ctx.options.layoutKey ?? ctx.options.source;
  return typeof k === 'string' ? k : 'default';
}

/** Forgets remembered `#Fields:` layouts (tests, or a new file on the same key). */
export function resetIisLayouts(): void {
  layouts.clear();
}

const plus = (v: string | undefined) => dash(v)?.replace(/\+/g, ' ');

function apply(
  doc: EcsDocument,
  f: Record<string, string | undefined>,
  ctx: ParseContext,
): string | undefined {
  const date = f['date'];
  const time = f['time'];
  if (!date || !time) return 'no date/time column';
  // IIS writes UTC unless "local time rollover" is configured; options.timezone covers that case.
  if (!setTimestamp(doc, parseIsoLike(`${date} ${time}`, ctx.options.timezone ?? 'UTC')))
    return `invalid date/time "${date} ${time}"`;
  const ftp = f['x-session'] !== undefined || f['x-fullpath'] !== undefined;
  setField(doc, 'event.category', ['web', 'network']);
  setField(doc, 'event.type', ['connection']);
  const cip = dash(f['c-ip']);
  const sip = dash(f['s-ip']);
  for (const [side, ip] of [
    ['source', cip],
    ['destination', sip],
  ] as const) {
    if (!ip) continue;
    setField(doc, `${side}.address`, ip);
    if (isIp(ip)) {
      setField(doc, `${side}.ip`, ip);
      appendUnique(doc, 'related.ip', ip);
    } else setField(doc, `${side}.domain`, ip);
  }
  setField(doc, 'destination.port', toInt(f['s-port']));
  setField(doc, 'source.port', toInt(f['c-port']));
  const user = dash(f['cs-username']);
  if (user) {
    const at = /^([^@\\]+)@(.+)$/.exec(user);
    const bs = /^([^\\]+)\\(.+)$/.exec(user);
    const name = at ? at[1] : bs ? bs[2] : user;
    setField(doc, 'user.name', name);
    setField(doc, 'user.domain', at ? at[2] : bs?.[1]);
    appendUnique(doc, 'related.user', name);
  }
  setField(doc, 'http.request.method', dash(f['cs-method']));
  const stem = dash(f['cs-uri-stem']);
  const query = dash(f['cs-uri-query']);
  if (stem && !ftp) {
    setUrl(doc, query ? `${stem}?${query}` : stem);
    setField(doc, 'url.original', stem);
  } else if (stem) setField(doc, 'file.path', dash(f['x-fullpath']) ?? stem);
  setField(doc, 'url.domain', dash(f['cs-host']));
  setField(doc, 'user_agent.original', plus(f['cs(User-Agent)']));
  setField(doc, 'http.request.referrer', dash(f['cs(Referer)']));
  setField(doc, 'iis.access.cookie', dash(f['cs(Cookie)']));
  if (!ftp) setHttpStatus(doc, f['sc-status']);
  else setField(doc, 'iis.access.ftp_status', toInt(f['sc-status']));
  setField(doc, 'iis.access.sub_status', toInt(f['sc-substatus']));
  setField(doc, 'iis.access.win32_status', toInt(f['sc-win32-status']));
  setField(doc, 'http.response.body.bytes', toInt(f['sc-bytes']));
  setField(doc, 'http.request.body.bytes', toInt(f['cs-bytes']));
  const taken = toInt(f['time-taken']);
  if (taken !== undefined) setField(doc, 'event.duration', taken * 1e6);
  setField(doc, 'iis.access.site_name', dash(f['s-sitename']));
  setField(doc, 'iis.access.server_name', dash(f['s-computername']));
  setField(doc, 'host.name', dash(f['s-computername']));
  setField(doc, 'iis.access.session_id', dash(f['x-session']));
  const xff = dash(f['X-Forwarded-For'] ?? f['x-forwarded-for'] ?? f['cs(X-Forwarded-For)']);
  if (xff) setField(doc, 'network.forwarded_ip', xff.split(/,\s*/)[0]);
  if (f['cs-version']) setField(doc, 'http.version', f['cs-version'].replace(/^HTTP\//, ''));
  return undefined;
}

export const iisConnector: Connector = {
  id: ID,
  name: 'Microsoft IIS (W3C extended)',
  vendor: 'Microsoft',
  product: 'IIS',
  logsources: [{ category: 'webserver', product: 'windows', service: 'iis' }],
  formats: ['w3c'],
  elasticFixtures: ['iis/access'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const line = text.trim();
    if (line.startsWith('#')) {
      const fields = /^#Fields:\s*(.+)$/.exec(line);
      if (fields) {
        if (layouts.size >= MAX_LAYOUTS && !layouts.has(layoutKey(ctx)))
          layouts.delete(layouts.keys().next().value as string);
        layouts.set(layoutKey(ctx), fields[1].trim().split(/\s+/));
      }
      return {
        kind: 'skip',
        reason: fields ? 'W3C #Fields header (layout remembered)' : 'W3C directive line',
      };
    }
    const values = line.split(/\s+/);
    const forced =
      typeof ctx.options.fields === 'string'
        ? ctx.options.fields
            .replace(/^#Fields:\s*/, '')
            .trim()
            .split(/\s+/)
        : undefined;
    const names = forced ?? layouts.get(layoutKey(ctx)) ?? DEFAULTS.get(values.length);
    if (!names)
      return reject(
        ID,
        `${values.length} columns and no #Fields header seen (known default layouts: ${[...DEFAULTS.keys()].join('/')} columns)`,
      );
    if (names.length !== values.length)
      return reject(ID, `${values.length} columns but the #Fields layout has ${names.length}`);
    const f: Record<string, string> = {};
    names.forEach((n, i) => (f[n] = values[i]));
    const doc = baseEvent(ctx, text, iisConnector.logsources[0]);
    const err = apply(doc, f, ctx);
    return err ? reject(ID, err) : { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text) return 0;
    if (/^#(Software: Microsoft Internet Information Services|Fields: date time )/.test(text)) return 0.95;
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ /.test(text)) return 0;
    const n = text.trim().split(/\s+/).length;
    return DEFAULTS.has(n) && !/"/.test(text) ? 0.6 : 0;
  },
};
