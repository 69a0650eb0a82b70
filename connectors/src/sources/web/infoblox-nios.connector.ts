/**
 * Infoblox NIOS over syslog: `httpd` audit lines (logins, object changes), `named` DNS queries/responses and
 * `dhcpd` lease traffic. Header: `<pri>Mmm dd hh:mm:ss [host] [ip] service[pid]: body`.
 *
 *   audit:    `2022-03-18 13:24:41.705Z [admin]: Login_Allowed - - to=AdminConnector ip=10.0.0.2 auth=LOCAL …`
 *   query:    `client 10.0.0.1#54153 (example.com): query: example.com IN A + (10.0.0.2)`
 *   response: `client 10.0.0.1#57398: UDP: query: example.com IN A response: NOERROR +A example.com. 28800 IN A 1.2.3.4;`
 *   dhcp:     `DHCPACK on 10.0.0.5 to 00:11:22:33:44:55 (host) via eth1 relay 10.0.0.1 lease-duration 600`
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { baseEvent, isIp, reject, setTimestamp, splitHostPort, unwrap } from './common.js';

const ID = 'infoblox-nios';
const NS = 'infoblox_nios.log';
/** `\040`-style octal escapes written by NIOS. */
const octal = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

const AUTH_ACTIONS: Record<string, { type?: string; outcome?: string }> = {
  login_allowed: { type: 'start', outcome: 'success' },
  login_denied: { outcome: 'failure' },
  logout: { type: 'end' },
};

function audit(doc: EcsDocument, body: string, ctx: ParseContext): boolean {
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?Z?) \[([^\]]*)\]: (\S+)(?: ([\s\S]*))?$/.exec(
    body,
  );
  if (!m) return false;
  setField(doc, `${NS}.type`, 'AUDIT');
  setTimestamp(doc, parseIsoLike(m[1], ctx.options.timezone));
  const user = octal(m[2]);
  setField(doc, 'user.name', user);
  appendUnique(doc, 'related.user', user);
  const action = m[3].toLowerCase();
  setField(doc, 'event.action', action);
  const rest = m[4] ?? '';
  const auth = AUTH_ACTIONS[action];
  if (auth) {
    setField(doc, 'event.category', ['authentication']);
    if (auth.type) setField(doc, 'event.type', [auth.type]);
    setField(doc, 'event.outcome', auth.outcome);
  }
  // Object changes (created/modified/deleted/called) keep only event.action, as Elastic's output does.
  if (/^- - /.test(rest) || rest === '- -') {
    for (const kv of rest.slice(4).matchAll(/(\w+)=(\S*)/g)) {
      const v = octal(kv[2]);
      setField(doc, `${NS}.audit.${kv[1]}`, v);
      if (kv[1] === 'ip' && isIp(v)) {
        setField(doc, 'source.ip', v);
        appendUnique(doc, 'related.ip', v);
      }
    }
  } else if (rest) {
    const obj = /^(?:- )?(\w+)(?: (\S+))?(?: ([\s\S]*))?$/.exec(rest);
    if (obj) {
      setField(doc, `${NS}.audit.object.name`, obj[1]);
      setField(doc, `${NS}.audit.object.value`, obj[2]?.replace(/:$/, ''));
      setField(doc, `${NS}.audit.message`, obj[3]);
    }
  }
  return true;
}

function dns(doc: EcsDocument, body: string): boolean {
  const m =
    /^client (?:@\S+ )?(\S+?)#(\d+)(?: \(([^)]*)\))?: (?:(UDP|TCP): )?(?:view \S+: )?query: (\S+) (\S+) (\S+)(?: (\S+))?(?: \(([^)]*)\))?(?: response: (\S+)(?: (\S+))?(?: ([\s\S]*))?)?$/.exec(
      body,
    );
  if (!m) return false;
  setField(doc, `${NS}.type`, 'DNS');
  setField(doc, 'event.category', ['network']);
  setField(doc, 'event.type', ['protocol']);
  setField(doc, 'network.protocol', 'dns');
  setField(doc, 'source.ip', isIp(m[1]) ? m[1] : undefined);
  setField(doc, 'source.port', toInt(m[2]));
  if (isIp(m[1])) appendUnique(doc, 'related.ip', m[1]);
  if (m[4]) setField(doc, 'network.transport', m[4].toLowerCase());
  setField(doc, 'dns.question.name', m[5].replace(/\.$/, ''));
  setField(doc, 'dns.question.class', m[6]);
  setField(doc, 'dns.question.type', m[7]);
  if (m[9] && isIp(m[9])) setField(doc, 'destination.ip', m[9]);
  if (m[10]) {
    setField(doc, 'dns.type', 'answer');
    setField(doc, 'event.action', 'dns-response');
    setField(doc, 'dns.response_code', m[10]);
    const answers = (m[12] ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const parsed = answers
      .map((a) => /^(\S+) (\d+) (\S+) (\S+) (.+)$/.exec(a))
      .filter((a): a is RegExpExecArray => a !== null)
      .map((a) => ({
        name: a[1].replace(/\.$/, ''),
        ttl: Number(a[2]),
        class: a[3],
        type: a[4],
        data: a[5],
      }));
    if (parsed.length) setField(doc, 'dns.answers', parsed);
    const ips = parsed.filter((a) => isIp(a.data)).map((a) => a.data);
    if (ips.length) {
      setField(doc, 'dns.resolved_ip', ips);
      appendUnique(doc, 'related.ip', ...ips);
    }
  } else {
    setField(doc, 'dns.type', 'query');
    setField(doc, 'event.action', 'dns-query');
    if (m[8]) setField(doc, `${NS}.dns.flags`, m[8]);
  }
  return true;
}

function dhcp(doc: EcsDocument, body: string): boolean {
  const m =
    /^(DHCP[A-Z]+)(?: (on|for) (\S+))?(?: (?:to|from) ([0-9a-fA-F:]{11,17}))?(?: \(([^)]*)\))?(?: via (\S+))?(?: relay (\S+))?(?: lease-duration (\d+))?/.exec(
      body,
    );
  if (!m) return false;
  setField(doc, `${NS}.type`, 'DHCP');
  setField(doc, 'event.category', ['network']);
  setField(doc, 'event.type', ['protocol']);
  setField(doc, 'network.protocol', 'dhcp');
  setField(doc, 'event.action', m[1].toLowerCase());
  if (m[3] && isIp(m[3])) {
    setField(doc, 'client.ip', m[3]);
    appendUnique(doc, 'related.ip', m[3]);
  }
  setField(doc, 'client.mac', m[4]?.toUpperCase().replace(/:/g, '-'));
  setField(doc, 'client.domain', m[5]);
  if (m[5]) appendUnique(doc, 'related.hosts', m[5]);
  setField(doc, `${NS}.dhcp.interface`, m[6]);
  setField(doc, `${NS}.dhcp.relay_ip`, m[7] && isIp(m[7]) ? m[7] : undefined);
  setField(doc, `${NS}.dhcp.lease_duration`, toInt(m[8]));
  return true;
}

export const infobloxNiosConnector: Connector = {
  id: ID,
  name: 'Infoblox NIOS',
  vendor: 'Infoblox',
  product: 'NIOS',
  logsources: [
    { category: 'dns', product: 'infoblox' },
    { product: 'infoblox', service: 'audit' },
    { product: 'infoblox', service: 'dhcp' },
  ],
  formats: ['syslog'],
  elasticFixtures: ['infoblox_nios/log'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const h = parseSyslogHeader(text.trim(), ctx);
    if (!h || h.format !== 'rfc3164' || !h.appName)
      return reject(ID, 'not an Infoblox NIOS syslog line (expected `<pri>Mmm dd hh:mm:ss host service: …`)');
    const service = h.appName;
    const body = h.message;
    const ls =
      service === 'httpd'
        ? { product: 'infoblox', service: 'audit' }
        : service === 'dhcpd'
          ? { product: 'infoblox', service: 'dhcp' }
          : { category: 'dns', product: 'infoblox' };
    const doc = baseEvent(ctx, text, ls);
    const created = h.timestamp;
    if (created && !Number.isNaN(created.getTime())) setField(doc, 'event.created', created.toISOString());
    setField(doc, 'log.syslog.priority', h.priority);
    for (const tok of [h.hostname, h.hostIp].filter((t): t is string => Boolean(t))) {
      const { host } = splitHostPort(tok);
      if (isIp(host)) {
        setField(doc, 'host.ip', host);
        appendUnique(doc, 'related.ip', host);
      } else {
        setField(doc, 'host.name', host);
        appendUnique(doc, 'related.hosts', host);
      }
    }
    setField(doc, `${NS}.service_name`, service);
    setField(doc, `${NS}.pid`, toInt(h.procId));
    const known =
      (service === 'httpd' && audit(doc, body, ctx)) ||
      (service === 'named' && dns(doc, body)) ||
      (service === 'dhcpd' && dhcp(doc, body));
    if (!known) setField(doc, 'message', body);
    if (!doc['@timestamp']) setTimestamp(doc, created);
    if (!doc['@timestamp']) return reject(ID, 'invalid syslog timestamp');
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^(<\d+>)?[A-Z][a-z]{2} +\d/.test(text)) return 0;
    if (/ httpd(\[\d*\])?: \d{4}-\d{2}-\d{2} [\d:.]+Z \[[^\]]*\]: /.test(text)) return 0.9;
    if (/ named\[\d+\]: client (@\S+ )?\S+#\d+/.test(text)) return 0.7;
    if (/ dhcpd\[\d+\]: DHCP[A-Z]+ /.test(text)) return 0.6;
    return 0;
  },
};
