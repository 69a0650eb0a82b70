import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { parseKv } from '../../formats/kv.parser.js';
import {
  baseEvent,
  isIp,
  isIpv4,
  isIpv6,
  rawInput,
  setEndpoint,
  setIP,
  setTimestamp,
  setUser,
} from './net.js';

const LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
const ACTIONS: Record<string, string> = {
  forward: 'packet-forwarded',
  drop: 'packet-dropped',
  deny: 'packet-denied',
  mgmt: 'management',
};
const CATEGORIES: Record<string, string> = {
  '1': 'System',
  '2': 'Log',
  '3': 'Security Services',
  '4': 'Users',
  '5': 'VPN',
  '6': 'Firewall Settings',
  '7': 'Network',
  '8': 'Firewall',
  '9': 'High Availability',
  '10': 'Wireless',
  '11': 'DPI-SSL',
  '12': 'VoIP',
};

/** `ip:port:iface[:host]` (IPv4) or `[ipv6]:port`. */
function endpoint(v: string | undefined): { ip?: string; port?: string; iface?: string; host?: string } {
  if (!v) return {};
  const v6 = /^\[([^\]]+)\](?::(\d+))?(?::([^:]+))?$/.exec(v);
  if (v6) return { ip: v6[1], port: v6[2], iface: v6[3] };
  const text: string = v;
  if (isIpv4(text) || isIpv6(text)) return { ip: text };
  const [ip, port, iface, host] = text.split(':');
  return { ip, port, iface, host };
}

function set(doc: EcsDocument, path: string, v: string | undefined): void {
  if (v !== undefined && v !== '') setField(doc, path, v);
}

function mac(v: string | undefined): string | undefined {
  return v && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v) ? v.toUpperCase().replace(/:/g, '-') : undefined;
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'sonicwall: record has no message text' };
  const pairs = parseKv(text.replace(/^<\d{1,3}>/, ''));
  const kv = pairs.ok ? pairs.fields : {};
  if (!kv.sn || !kv.time) return { kind: 'reject', reason: 'sonicwall: missing sn= or time= field' };
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'SonicWall', product: 'SonicOS', type: 'firewall' },
    { category: 'firewall', product: 'sonicwall' },
  );
  const ts = parseIsoLike(
    kv.time.replace(/ UTC$/, 'Z').replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3'),
    ctx.options.timezone,
  );
  if (!setTimestamp(doc, ts)) return { kind: 'reject', reason: `sonicwall: unparsable time "${kv.time}"` };
  if (ctx.options.timezone) setField(doc, 'event.timezone', ctx.options.timezone);
  set(doc, 'observer.name', kv.id);
  set(doc, 'observer.serial_number', kv.sn);
  if (isIp(kv.fw)) setField(doc, 'observer.ip', [kv.fw]);
  appendUnique(doc, 'related.ip', kv.fw);
  set(doc, 'event.code', kv.m);
  set(doc, 'event.sequence', kv.n);
  set(doc, 'event.severity', kv.pri);
  setField(doc, 'log.level', LEVELS[toInt(kv.pri) ?? -1]);
  set(doc, 'sonicwall.firewall.gcat', kv.gcat);
  setField(doc, 'sonicwall.firewall.event_group_category', CATEGORIES[kv.gcat ?? '']);
  set(doc, 'sonicwall.firewall.app', kv.app);
  const msg = [kv.msg, kv.note ? `(${kv.note})` : undefined].filter((x) => x !== undefined).join(' ');
  set(doc, 'message', msg);

  const src = endpoint(kv.src);
  const dst = endpoint(kv.dst);
  setEndpoint(doc, 'source', src.ip, src.port);
  setEndpoint(doc, 'destination', dst.ip, dst.port);
  set(doc, 'observer.ingress.interface.name', src.iface);
  set(doc, 'observer.egress.interface.name', dst.iface);
  set(doc, 'source.domain', src.host);
  set(doc, 'destination.domain', dst.host);
  set(doc, 'observer.ingress.zone', kv.srcZone);
  set(doc, 'observer.egress.zone', kv.dstZone);
  setField(doc, 'source.mac', mac(kv.srcMac));
  setField(doc, 'destination.mac', mac(kv.dstMac));
  for (const [key, side] of [
    ['natSrc', 'source'],
    ['natDst', 'destination'],
  ] as const) {
    const n = endpoint(kv[`${key}V6`] ?? kv[key]);
    if (isIp(n.ip)) {
      setIP(doc, `${side}.nat.ip`, n.ip);
      setField(doc, `${side}.nat.port`, toInt(n.port));
    }
  }
  const proto = /^(\w+)(?:\/(\S+))?$/.exec(kv.proto ?? '');
  if (proto) {
    setField(doc, 'network.transport', proto[1].toLowerCase());
    if (proto[2] && !/^\d+$/.test(proto[2])) setField(doc, 'network.protocol', proto[2].toLowerCase());
  }
  const sent = toInt(kv.sent);
  const rcvd = toInt(kv.rcvd);
  setField(doc, 'source.bytes', sent);
  setField(doc, 'destination.bytes', rcvd);
  if (sent !== undefined || rcvd !== undefined) setField(doc, 'network.bytes', (sent ?? 0) + (rcvd ?? 0));
  setField(
    doc,
    'event.action',
    ACTIONS[kv.fw_action ?? ''] ?? (kv.fw_action && kv.fw_action !== 'NA' ? kv.fw_action : undefined),
  );
  const user = kv.usr ?? kv.user;
  if (user && user !== 'Unknown') setUser(doc, user.replace(/^"|"$/g, ''));
  if (kv.rule) {
    const r = /^(\d+)\s*(?:\((.*)\))?$/.exec(kv.rule);
    setField(doc, 'rule.id', r?.[1] ?? kv.rule);
    setField(doc, 'rule.name', r?.[2]);
  }
  // Elastic's mapping leaves category/type unset for plain forwarded traffic; only denials are classified.
  if (kv.fw_action === 'drop' || kv.fw_action === 'deny') {
    appendUnique(doc, 'event.category', 'network');
    appendUnique(doc, 'event.type', 'connection', 'denied');
    setField(doc, 'event.outcome', 'failure');
  }
  if (/login|logged in|authentication/i.test(kv.msg ?? '')) {
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', /logged out|logout/i.test(kv.msg ?? '') ? 'end' : 'start');
    setField(doc, 'event.outcome', /fail|denied|invalid/i.test(kv.msg ?? '') ? 'failure' : 'success');
  }
  return { kind: 'event', event: doc };
}

/** SonicWall SonicOS key=value syslog (Enhanced syslog format). */
export const sonicwallConnector: Connector = {
  id: 'sonicwall',
  name: 'SonicWall SonicOS',
  vendor: 'SonicWall',
  product: 'SonicOS',
  logsources: [{ category: 'firewall', product: 'sonicwall' }],
  formats: ['syslog', 'kv'],
  elasticFixtures: ['sonicwall_firewall/log'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 300);
    return /\bid=\S+ sn=[0-9A-F]{12} time="/.test(head)
      ? 0.95
      : /\bsn=[0-9A-F]{12}\b/.test(head) && /\bfw=/.test(head)
        ? 0.7
        : 0;
  },
};
