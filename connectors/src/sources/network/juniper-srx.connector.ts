import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { fromEpoch, parseIsoLike } from '../../util/time.js';
import { baseEvent, ianaName, rawInput, setEndpoint, setIP, setTimestamp, setUrl, setUser } from './net.js';

const LOOSE_5424 = /^(?:<(\d{1,3})>)?1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
// Keys start where a run of key characters starts (look-behind): retrying inside a long run is quadratic.
const SD_PAIR = /(?<![\w.-])([\w.-]+)="((?:[^"\\]|\\.)*)"/g;
const TAGS =
  /\b(RT_FLOW_SESSION_(?:CREATE|CLOSE|DENY)(?:_LS)?|RT_IDP|IDP_[A-Z_]+|RT_UTM|WEBFILTER_[A-Z_]+|AV_[A-Z_]+|ANTISPAM_[A-Z_]+|CONTENT_FILTERING_[A-Z_]+|RT_SCREEN_[A-Z_]+|RT_SECINTEL|SECINTEL_[A-Z_]+|AAMW_[A-Z_]+|APPTRACK_SESSION_[A-Z_]+)\b/;

function looseHeader(text: string, ctx: ParseContext) {
  const m = LOOSE_5424.exec(text);
  if (!m) return undefined;
  const nil = (v: string) => (v === '-' ? undefined : v);
  return {
    timestamp: m[2] === '-' ? undefined : parseIsoLike(m[2], ctx.options.timezone),
    hostname: nil(m[3]),
    appName: nil(m[4]),
    procId: nil(m[5]),
    msgId: nil(m[6]),
    message: text.slice(m[0].length),
  };
}

function pairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  SD_PAIR.lastIndex = 0;
  for (let m = SD_PAIR.exec(text); m; m = SD_PAIR.exec(text)) if (!(m[1] in out)) out[m[1]] = m[2];
  return out;
}

function na(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === 'N/A' || v === 'UNKNOWN' || v === 'None' ? undefined : v;
}

function flow(tag: string, f: Record<string, string>, doc: EcsDocument): void {
  setEndpoint(doc, 'source', f['source-address'], f['source-port']);
  setEndpoint(doc, 'destination', f['destination-address'], f['destination-port']);
  if (na(f['nat-source-address']) && f['nat-source-address'] !== f['source-address']) {
    setIP(doc, 'source.nat.ip', f['nat-source-address']);
    setField(doc, 'source.nat.port', toInt(f['nat-source-port']));
  }
  if (na(f['nat-destination-address']) && f['nat-destination-address'] !== f['destination-address']) {
    setIP(doc, 'destination.nat.ip', f['nat-destination-address']);
    setField(doc, 'destination.nat.port', toInt(f['nat-destination-port']));
  }
  const proto = f['protocol-id'] ?? f['protocol'];
  setField(doc, 'network.iana_number', proto);
  setField(doc, 'network.transport', ianaName(proto) ?? na(f['protocol-name'])?.toLowerCase());
  setField(doc, 'network.application', na(f.application)?.toLowerCase());
  setField(doc, 'rule.name', na(f['policy-name']) ?? na(f['rule-name']));
  setField(doc, 'observer.ingress.zone', na(f['source-zone-name']));
  setField(doc, 'observer.egress.zone', na(f['destination-zone-name']));
  setField(
    doc,
    'observer.ingress.interface.name',
    na(f['packet-incoming-interface']) ?? na(f['interface-name']),
  );
  setField(doc, 'juniper.srx.session_id_32', na(f['session-id-32']));
  setField(doc, 'juniper.srx.service_name', na(f['service-name']));
  setField(doc, 'event.reason', na(f.reason));
  const user = na(f.username);
  if (user) setUser(doc, user);
  const bytesOut = toInt(f['bytes-from-client']);
  const bytesIn = toInt(f['bytes-from-server']);
  setField(doc, 'source.bytes', bytesOut);
  setField(doc, 'destination.bytes', bytesIn);
  setField(doc, 'source.packets', toInt(f['packets-from-client']));
  setField(doc, 'destination.packets', toInt(f['packets-from-server']));
  if (bytesOut !== undefined && bytesIn !== undefined) setField(doc, 'network.bytes', bytesOut + bytesIn);
  const elapsed = toInt(f['elapsed-time']);
  if (elapsed !== undefined) setField(doc, 'event.duration', elapsed * 1e9);

  setField(doc, 'event.kind', 'event');
  appendUnique(doc, 'event.category', 'network');
  if (/CREATE/.test(tag)) {
    appendUnique(doc, 'event.type', 'connection', 'allowed', 'start');
    setField(doc, 'event.action', 'flow_started');
    setField(doc, 'event.outcome', 'success');
  } else if (/CLOSE/.test(tag)) {
    appendUnique(doc, 'event.type', 'connection', 'allowed', 'end');
    setField(doc, 'event.action', 'flow_close');
    setField(doc, 'event.outcome', 'success');
  } else if (/DENY/.test(tag)) {
    appendUnique(doc, 'event.type', 'connection', 'denied');
    setField(doc, 'event.action', 'flow_deny');
    setField(doc, 'event.outcome', 'failure');
  } else if (/^(RT_IDP|IDP_)/.test(tag)) {
    setField(doc, 'event.kind', 'alert');
    appendUnique(doc, 'event.category', 'intrusion_detection');
    const action = (f.action ?? '').toLowerCase();
    const blocked = /drop|close|block|reset/.test(action);
    appendUnique(doc, 'event.type', blocked ? 'denied' : 'allowed');
    setField(doc, 'event.action', 'security_threat');
    setField(doc, 'rule.name', na(f['attack-name']));
    setField(doc, 'rule.ruleset', na(f['rulebase-name']));
    setField(doc, 'event.severity', na(f['threat-severity']));
    const t = fromEpoch(f['epoch-time']);
    if (t) setField(doc, 'event.created', t.toISOString());
  } else if (/^(RT_SCREEN_)/.test(tag)) {
    setField(doc, 'event.kind', 'alert');
    appendUnique(doc, 'event.category', 'intrusion_detection');
    appendUnique(doc, 'event.type', 'denied');
    setField(doc, 'event.action', 'illegal_packet');
    setField(doc, 'rule.name', na(f['attack-name']));
  } else if (/^(RT_UTM|WEBFILTER_|AV_|ANTISPAM_|CONTENT_FILTERING_)/.test(tag)) {
    const blocked = /BLOCKED|DETECTED|DROPPED/.test(tag);
    if (/^AV_/.test(tag)) {
      setField(doc, 'event.kind', 'alert');
      appendUnique(doc, 'event.category', 'malware');
      setField(doc, 'rule.name', na(f.name));
      setField(doc, 'file.name', na(f.filename));
    }
    if (/^WEBFILTER_/.test(tag)) appendUnique(doc, 'event.category', 'web');
    appendUnique(doc, 'event.type', blocked ? 'denied' : 'allowed');
    setField(doc, 'event.action', tag.toLowerCase());
    setField(doc, 'event.outcome', blocked ? 'failure' : 'success');
    const url = na(f.url);
    if (url) {
      if (/^[a-z]+:\/\//i.test(url)) setUrl(doc, url);
      else {
        setField(doc, 'url.domain', url);
        const obj = na(f.obj);
        if (obj) setField(doc, 'url.path', obj);
      }
    }
    setField(doc, 'juniper.srx.category', na(f.category));
    setField(doc, 'juniper.srx.profile', na(f.profile));
  } else {
    appendUnique(doc, 'event.type', 'info');
    setField(doc, 'event.action', tag.toLowerCase());
  }
  for (const [k, v] of Object.entries(f)) setField(doc, `juniper.srx.${k.replace(/-/g, '_')}`, v);
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'juniper-srx: record has no message text' };
  const h = parseSyslogHeader(text, ctx) ?? looseHeader(text, ctx);
  if (!h) return { kind: 'reject', reason: 'juniper-srx: no syslog header' };
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'Juniper', product: 'SRX', type: 'firewall' },
    { category: 'firewall', product: 'juniper' },
  );
  // Only recognised security messages are classified; Junos system chatter keeps no event.kind (as Elastic does).
  delete (doc.event as Record<string, unknown>).kind;
  if (!setTimestamp(doc, h.timestamp))
    return { kind: 'reject', reason: 'juniper-srx: unparsable syslog timestamp' };
  setField(doc, 'observer.name', h.hostname);
  // The Junos daemon (kmd, rmopd, flowd…) is the syslog app name, not an observed process.
  setField(doc, 'log.syslog.appname', h.appName);
  setField(doc, 'log.syslog.procid', h.procId);
  const tagText = `${('msgId' in h ? h.msgId : '') ?? ''} ${h.message}`;
  const tag = TAGS.exec(tagText)?.[1];
  const sd = 'structuredData' in h && h.structuredData ? Object.values(h.structuredData)[0] : undefined;
  const fields = sd && Object.keys(sd).length ? sd : pairs(h.message);
  setField(doc, 'message', h.message.trim());
  if (tag && Object.keys(fields).length) {
    setField(doc, 'juniper.srx.tag', tag);
    flow(tag, fields, doc);
  } else {
    setField(
      doc,
      'juniper.srx.tag',
      ('msgId' in h ? h.msgId : undefined) ?? /^([A-Z][A-Z0-9_]{3,}):/.exec(h.message)?.[1],
    );
  }
  return { kind: 'event', event: doc };
}

/** Juniper SRX (Junos) syslog: RT_FLOW session create/close/deny, IDP, UTM (web filter, AV), SCREEN, plus system messages. */
export const juniperSrxConnector: Connector = {
  id: 'juniper-srx',
  name: 'Juniper SRX',
  vendor: 'Juniper',
  product: 'SRX',
  logsources: [{ category: 'firewall', product: 'juniper' }],
  formats: ['syslog'],
  elasticFixtures: ['juniper_srx/log'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 400);
    if (/\b(RT_FLOW|RT_IDP|RT_UTM|RT_SCREEN)\b/.test(head) || /\[junos@2636/.test(head)) return 0.95;
    if (/\b(PFE_FW_SYSLOG_IP|RT_SYSTEM|KMD_[A-Z_]+|KERN_ARP_ADDR_CHANGE)\b|kernel: FW: /.test(head))
      return 0.6;
    return 0;
  },
};
