import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch, parseIsoLike } from '../../util/time.js';
import { parseKv } from '../../formats/kv.parser.js';
import {
  baseEvent,
  directionFromIps,
  ianaName,
  rawInput,
  setEndpoint,
  setIP,
  setTimestamp,
  setUrl,
  setUser,
} from './net.js';

const PREFIX = /^(?:<(\d{1,3})>)?\s*(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+\s+)?/;

/** Pairs mapped to ECS only (not repeated under fortinet.firewall.*). */
const UNPREFIXED = new Set([
  'date',
  'time',
  'devname',
  'devid',
  'srcip',
  'dstip',
  'srcport',
  'dstport',
  'msg',
  'hostname',
  'url',
  'agent',
  'httpmethod',
]);

function setKeyword(doc: EcsDocument, kv: Record<string, string>, key: string, path: string): void {
  const v = kv[key];
  if (v !== undefined && v !== '' && v !== 'N/A') setField(doc, path, v);
}

function timestamp(kv: Record<string, string>, ctx: ParseContext): Date | undefined {
  if (kv.date && kv.time) {
    const tz = kv.tz && /^[+-]\d{4}$/.test(kv.tz) ? kv.tz : ctx.options.timezone;
    const d = parseIsoLike(`${kv.date} ${kv.time}`, tz);
    if (d) return d;
  }
  return kv.eventtime ? fromEpoch(kv.eventtime) : undefined;
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'fortigate: record has no message text' };
  const prefix = PREFIX.exec(text);
  const body = text.slice(prefix?.[0].length ?? 0);
  const pairs = parseKv(body);
  const kv = pairs.ok ? pairs.fields : {};
  if (!kv.logid && !kv.devid && !(kv.date && kv.type))
    return { kind: 'reject', reason: 'fortigate: no logid/devid/date key=value pairs found' };
  const type = kv.type;
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'Fortinet', product: 'Fortigate', type: 'firewall' },
    {
      category: 'firewall',
      product: 'fortigate',
      service: type === 'event' ? 'event' : type,
    },
  );
  if (prefix?.[1]) {
    const p = +prefix[1];
    setField(doc, 'log.syslog.priority', p);
    setField(doc, 'log.syslog.facility.code', p >> 3);
    setField(doc, 'log.syslog.severity.code', p & 7);
  }
  if (!setTimestamp(doc, timestamp(kv, ctx)))
    return { kind: 'reject', reason: `fortigate: unparsable date/time "${kv.date} ${kv.time}"` };
  if (kv.tz) setField(doc, 'event.timezone', kv.tz);
  if (kv.eventtime) {
    const start = fromEpoch(kv.eventtime);
    if (start) setField(doc, 'event.start', start.toISOString());
  }
  setKeyword(doc, kv, 'devname', 'observer.name');
  setKeyword(doc, kv, 'devid', 'observer.serial_number');
  setKeyword(doc, kv, 'logid', 'event.code');
  setKeyword(doc, kv, 'level', 'log.level');
  setKeyword(doc, kv, 'msg', 'message');
  setKeyword(doc, kv, 'ref', 'event.reference');
  setKeyword(doc, kv, 'srcintf', 'observer.ingress.interface.name');
  setKeyword(doc, kv, 'dstintf', 'observer.egress.interface.name');
  setKeyword(doc, kv, 'policyid', 'rule.id');
  setKeyword(doc, kv, 'policyname', 'rule.name');
  setKeyword(doc, kv, 'profile', 'rule.ruleset');
  setKeyword(doc, kv, 'httpmethod', 'http.request.method');
  setKeyword(doc, kv, 'agent', 'user_agent.original');
  setKeyword(doc, kv, 'srcmac', 'source.mac');
  setKeyword(doc, kv, 'dstmac', 'destination.mac');
  setKeyword(doc, kv, 'srcname', 'source.domain');
  setKeyword(doc, kv, 'qname', 'dns.question.name');
  setKeyword(doc, kv, 'filename', 'file.name');
  setKeyword(doc, kv, 'virus', 'rule.name');

  setEndpoint(doc, 'source', kv.srcip ?? kv.remip, kv.srcport);
  setEndpoint(doc, 'destination', kv.dstip ?? kv.locip, kv.dstport);
  setIP(doc, 'source.nat.ip', kv.transip);
  setField(doc, 'source.nat.port', toInt(kv.transport));
  setIP(doc, 'destination.nat.ip', kv.tranip);
  setField(doc, 'destination.nat.port', toInt(kv.tranport));
  setField(doc, 'source.bytes', toInt(kv.sentbyte));
  setField(doc, 'destination.bytes', toInt(kv.rcvdbyte));
  setField(doc, 'source.packets', toInt(kv.sentpkt));
  setField(doc, 'destination.packets', toInt(kv.rcvdpkt));
  if (kv.proto) {
    setField(doc, 'network.iana_number', kv.proto);
    setField(doc, 'network.transport', ianaName(kv.proto));
  }
  if (kv.service && !/^\d/.test(kv.service)) setField(doc, 'network.protocol', kv.service.toLowerCase());
  const dir =
    kv.direction === 'outgoing'
      ? 'outbound'
      : kv.direction === 'incoming'
        ? 'inbound'
        : directionFromIps(kv.srcip, kv.dstip);
  setField(doc, 'network.direction', dir);

  const user = kv.user ?? kv.srcuser ?? kv.unauthuser;
  if (user && user !== 'N/A') setUser(doc, user);
  setKeyword(doc, kv, 'group', 'group.name');
  if (kv.hostname) setField(doc, 'url.domain', kv.hostname);
  if (kv.url) {
    if (/^[a-z]+:\/\//i.test(kv.url)) setUrl(doc, kv.url);
    else {
      const [path, query] = kv.url.split(/\?(.*)/s, 2);
      setField(doc, 'url.path', path);
      if (query !== undefined) setField(doc, 'url.query', query);
    }
  }

  const action = kv.action?.toLowerCase();
  const denied = /^(deny|block|blocked|dropped|drop)$/.test(action ?? '');
  appendUnique(doc, 'event.category', 'network');
  if (type === 'traffic') {
    setField(doc, 'event.action', kv.action);
    appendUnique(doc, 'event.type', 'connection', denied ? 'denied' : 'allowed');
    if (kv.action && !denied && action !== 'start') appendUnique(doc, 'event.type', 'end');
    setField(doc, 'event.outcome', denied ? 'failure' : 'success');
  } else if (type === 'utm') {
    setField(doc, 'event.action', kv.eventtype ?? kv.action);
    setField(doc, 'event.outcome', /block|deny|dropped/.test(action ?? '') ? 'failure' : 'success');
  } else if (type === 'event') {
    setField(doc, 'event.action', kv.action ?? kv.logdesc);
    const desc = `${kv.logdesc ?? ''} ${kv.action ?? ''}`.toLowerCase();
    if (/login|logon|auth|tunnel-up|tunnel-down/.test(desc)) {
      appendUnique(doc, 'event.category', 'authentication');
      appendUnique(doc, 'event.type', /logout|tunnel-down/.test(desc) ? 'end' : 'start');
    }
    const status = (kv.status ?? kv.result ?? '').toLowerCase();
    if (/fail|denied/.test(status) || /fail/.test(desc)) setField(doc, 'event.outcome', 'failure');
    else if (status === 'success' || /success/.test(desc)) setField(doc, 'event.outcome', 'success');
    setKeyword(doc, kv, 'logdesc', 'message');
  }
  // The remaining pairs under fortinet.firewall.*, written into one object (dotted keys still nest).
  const fw: Record<string, unknown> = {};
  let kept = 0;
  // From the pairs (an array) rather than a for-in over `kv` (a dictionary-mode object, slow to enumerate); the
  // first value of a repeated key wins, as in `kv`.
  const list = pairs.ok ? pairs.pairs : [];
  for (let i = 0; i < list.length; i++) {
    const k = list[i][0];
    const v = kv[k];
    if (v === '' || UNPREFIXED.has(k) || fw[k] !== undefined) continue;
    if (k.includes('.')) setField(fw, k, v);
    else fw[k] = v;
    kept++;
  }
  if (kept > 0) setField(doc, 'fortinet.firewall', fw);
  return { kind: 'event', event: doc };
}

/** FortiGate / FortiOS key=value syslog: traffic, UTM (IPS, web filter, AV, DNS…) and event logs. */
export const fortigateConnector: Connector = {
  id: 'fortigate',
  name: 'Fortinet FortiGate',
  vendor: 'Fortinet',
  product: 'FortiGate',
  logsources: [
    { category: 'firewall', product: 'fortigate' },
    { product: 'fortigate', service: 'event' },
  ],
  formats: ['syslog', 'kv'],
  elasticFixtures: ['fortinet_fortigate/log'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 600);
    if (/\blogid="?\d{10}"?/.test(head) && /\bdevid="?F/.test(head)) return 0.95;
    if (/\blogid="?\d{10}"?/.test(head) && /\btype="?(traffic|utm|event)"?/.test(head)) return 0.85;
    return 0;
  },
};
