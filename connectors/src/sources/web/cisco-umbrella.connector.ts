/**
 * Cisco Umbrella log exports (S3/CSV): DNS, proxy (SWG) and IP logs, told apart by their columns.
 *   DNS   `"ts","most granular identity","identities","internal ip","external ip","action","query type","rcode","domain","categories"[,…]`
 *   proxy `"ts","identities","internal ip","external ip","destination ip","content type","verdict","url","referer","user agent","status",…`
 *   IP    `"ts","identity","source ip","source port","destination ip","destination port","categories"`
 * Timestamps are UTC.
 */
import type { Connector, EcsDocument, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, dash, isIp, reject, setHttpStatus, setTimestamp, setUrl, unwrap } from './common.js';
import { parseCsvLine } from '../../formats/csv.parser.js';

const ID = 'cisco-umbrella';
const NS = 'cisco.umbrella';
const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function ip(doc: EcsDocument, side: string, v: string | undefined): void {
  if (!v || !isIp(v)) return;
  setField(doc, `${side}.address`, v);
  setField(doc, `${side}.ip`, v);
  appendUnique(doc, 'related.ip', v);
}

function action(doc: EcsDocument, verdict: string | undefined): void {
  const v = verdict?.toLowerCase();
  if (!v) return;
  setField(doc, 'event.action', v === 'blocked' ? 'blocked' : v === 'allowed' ? 'allowed' : v);
  setField(doc, `${NS}.action`, v);
  if (v === 'blocked') setField(doc, 'event.type', ['connection', 'denied']);
  if (v === 'allowed') setField(doc, 'event.type', ['connection', 'allowed']);
}

export const ciscoUmbrellaConnector: Connector = {
  id: ID,
  name: 'Cisco Umbrella (DNS, proxy, IP logs)',
  vendor: 'Cisco',
  product: 'Umbrella',
  logsources: [
    { category: 'dns', product: 'cisco_umbrella' },
    { category: 'proxy', product: 'cisco_umbrella' },
    { category: 'firewall', product: 'cisco_umbrella' },
  ],
  formats: ['csv'],
  elasticFixtures: ['cisco_umbrella/log'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const csv = parseCsvLine(text.trim(), { trim: true });
    if (csv.error) return reject(ID, `CSV: ${csv.error}`);
    const f = csv.fields;
    if (!TS.test(f[0] ?? ''))
      return reject(
        ID,
        `first column is not a "yyyy-mm-dd hh:mm:ss" timestamp: "${(f[0] ?? '').slice(0, 30)}"`,
      );
    let kind: 'ip' | 'dns' | 'proxy';
    if (f.length === 7 && /^\d+$/.test(f[3]) && /^\d+$/.test(f[5])) kind = 'ip';
    else if (f.length >= 10 && /^(Allowed|Blocked)$/i.test(f[5]) && /^\d+ \(|^[A-Z]+$/.test(f[6] ?? ''))
      kind = 'dns';
    else if (f.length >= 11 && /^(ALLOWED|BLOCKED|allowed|blocked|Allowed|Blocked|-)?$/.test(f[6] ?? ''))
      kind = 'proxy';
    else return reject(ID, `unrecognised Umbrella CSV layout (${f.length} columns)`);
    const ls = ciscoUmbrellaConnector.logsources[kind === 'dns' ? 0 : kind === 'proxy' ? 1 : 2];
    const doc = baseEvent(ctx, text, ls, {
      vendor: 'Cisco',
      product: 'Umbrella',
      type: kind === 'ip' ? 'firewall' : kind === 'dns' ? 'dns' : 'proxy',
    });
    if (!setTimestamp(doc, parseIsoLike(f[0], 'UTC'))) return reject(ID, `invalid timestamp "${f[0]}"`);
    if (kind === 'ip') {
      setField(doc, 'event.category', ['network']);
      setField(doc, 'event.type', ['connection']);
      setField(doc, `${NS}.identity`, dash(f[1]));
      ip(doc, 'source', f[2]);
      setField(doc, 'source.port', toInt(f[3]));
      ip(doc, 'destination', f[4]);
      setField(doc, 'destination.port', toInt(f[5]));
      setField(doc, `${NS}.categories`, dash(f[6]));
    } else if (kind === 'dns') {
      setField(doc, 'event.category', ['network']);
      setField(doc, 'event.type', ['connection']);
      setField(doc, 'network.protocol', 'dns');
      setField(doc, `${NS}.identity`, dash(f[1]));
      setField(doc, `${NS}.identities`, dash(f[2])?.split(','));
      ip(doc, 'source', f[3]);
      setField(doc, 'source.nat.ip', isIp(f[4]) ? f[4] : undefined);
      action(doc, f[5]);
      const qt = /^(\d+) \(([^)]+)\)$/.exec(f[6]);
      setField(doc, 'dns.question.type', qt ? qt[2] : dash(f[6]));
      setField(doc, 'dns.response_code', dash(f[7]));
      const domain = dash(f[8])?.replace(/\.$/, '');
      setField(doc, 'dns.question.name', domain);
      if (domain) appendUnique(doc, 'related.hosts', domain);
      setField(doc, 'dns.type', 'query');
      setField(doc, `${NS}.categories`, dash(f[9])?.split(','));
      setField(doc, `${NS}.identity_types`, dash(f[11])?.split(','));
      setField(doc, `${NS}.blocked_categories`, dash(f[12])?.split(','));
    } else {
      setField(doc, 'event.category', ['network', 'web']);
      setField(doc, 'event.type', ['connection']);
      setField(doc, `${NS}.identities`, dash(f[1])?.split(','));
      ip(doc, 'source', f[2]);
      setField(doc, 'source.nat.ip', isIp(f[3]) ? f[3] : undefined);
      ip(doc, 'destination', f[4]);
      setField(doc, 'http.response.mime_type', dash(f[5]));
      action(doc, f[6]);
      setUrl(doc, dash(f[7]));
      setField(doc, 'http.request.referrer', dash(f[8]));
      setField(doc, 'user_agent.original', dash(f[9]));
      setHttpStatus(doc, f[10]);
      setField(doc, 'http.request.bytes', toInt(f[11]));
      setField(doc, 'http.response.bytes', toInt(f[12]));
      setField(doc, 'http.response.body.bytes', toInt(f[13]));
      setField(doc, 'file.hash.sha256', dash(f[14]));
      setField(doc, `${NS}.categories`, dash(f[15])?.split(','));
      setField(doc, `${NS}.av_detections`, dash(f[16])?.split(','));
      setField(doc, `${NS}.amp.disposition`, dash(f[18]));
      setField(doc, `${NS}.amp.malware_name`, dash(f[19]));
      setField(doc, `${NS}.identity_types`, dash(f[21])?.split(','));
      setField(doc, `${NS}.blocked_categories`, dash(f[22])?.split(','));
      const host = (doc.url as { domain?: string } | undefined)?.domain;
      if (host) appendUnique(doc, 'related.hosts', host);
    }
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}","/.test(text)) return 0;
    return /","(Allowed|Blocked|ALLOWED|BLOCKED)","/.test(text) ||
      /^"[^"]+","[^"]*","[\d.:a-f]+","\d+","[\d.:a-f]+","\d+","/.test(text)
      ? 0.85
      : 0.4;
  },
};
