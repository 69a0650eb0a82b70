import type { Connector, EcsDocument, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { appendUnique, getField, setField, toInt } from '../../util/ecs.js';
import { applyFilterlog } from './pfsense.filterlog.js';
import { baseEvent, isIp, rawInput, setEndpoint, setIP, setTimestamp, setUrl, setUser } from './net.js';
import { parseJsonObject } from '../../formats/json.parser.js';

function squid(json: string, doc: EcsDocument): string | undefined {
  const parsed = parseJsonObject(json);
  if (!parsed.ok) return `squid: ${parsed.reason}`;
  const o = parsed.object;
  const method = getField(o, 'http.request.method');
  const status = toInt(
    getField(o, 'http.response.body.status_code') ?? getField(o, 'http.response.status_code'),
  );
  setField(doc, 'http.request.method', method);
  setField(doc, 'http.response.status_code', status);
  setField(doc, 'http.response.bytes', toInt(getField(o, 'http.response.bytes')));
  setField(doc, 'http.version', getField(o, 'http.version'));
  const url = getField(o, 'url.original');
  if (typeof url === 'string') setUrl(doc, url);
  const ip = getField(o, 'source.ip');
  if (isIp(ip)) {
    setIP(doc, 'source.ip', ip);
    setField(doc, 'network.type', ip.includes(':') ? 'ipv6' : 'ipv4');
  }
  setField(doc, 'user_agent.original', getField(o, 'user_agent.original'));
  const user = getField(o, 'user.name');
  if (typeof user === 'string') setUser(doc, user);
  setField(doc, 'squid.request_status', getField(o, 'labels.request_status'));
  setField(doc, 'squid.hierarchy_status', getField(o, 'labels.hierarchy_status'));
  appendUnique(doc, 'event.category', 'web');
  if (status !== undefined) setField(doc, 'event.outcome', status >= 400 ? 'failure' : 'success');
  setField(doc, 'vigie.logsource', { category: 'proxy', product: 'pfsense' });
  return undefined;
}

function auth(program: string, msg: string, doc: EcsDocument): void {
  const web =
    /(Successful login|authentication error|Failed login) for user '([^']*)' from:? ?([0-9A-Fa-f.:]+)/i.exec(
      msg,
    );
  const ssh = /^(Accepted|Failed) (\S+) for (?:invalid user )?(\S+) from ([0-9A-Fa-f.:]+) port (\d+)/.exec(
    msg,
  );
  if (web) {
    const ok = /success/i.test(web[1]);
    setUser(doc, web[2]);
    setIP(doc, 'source.ip', web[3]);
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', 'start');
    setField(doc, 'event.outcome', ok ? 'success' : 'failure');
    setField(doc, 'event.action', ok ? 'logged-in' : 'logon-failed');
  } else if (ssh) {
    const ok = ssh[1] === 'Accepted';
    setUser(doc, ssh[3]);
    setEndpoint(doc, 'source', ssh[4], ssh[5]);
    appendUnique(doc, 'event.category', 'authentication');
    appendUnique(doc, 'event.type', 'start');
    setField(doc, 'event.outcome', ok ? 'success' : 'failure');
    setField(doc, 'event.action', ok ? 'logged-in' : 'logon-failed');
    setField(doc, 'vigie.logsource', { product: 'pfsense', service: 'sshd' });
  } else if (program === 'dhcpd') {
    const d =
      /^(DHCP[A-Z]+) (?:on|for) ([0-9A-Fa-f.:]+) (?:(?:to|from) ([0-9a-f:]{17}))?(?: \(([^)]*)\))? via (\S+)/.exec(
        msg,
      );
    if (d) {
      setField(doc, 'event.action', d[1].toLowerCase());
      setIP(doc, 'client.ip', d[2]);
      setField(doc, 'client.mac', d[3]?.toUpperCase().replace(/:/g, '-'));
      setField(doc, 'client.domain', d[4]);
      setField(doc, 'observer.ingress.interface.name', d[5]);
      appendUnique(doc, 'event.category', 'network');
      appendUnique(doc, 'event.type', 'info');
    }
  } else if (program === 'unbound') {
    const q = /info: ([0-9A-Fa-f.:]+) (\S+?)\.? (\w+) IN$/.exec(msg);
    if (q) {
      setIP(doc, 'client.ip', q[1]);
      setField(doc, 'dns.question.name', q[2]);
      setField(doc, 'dns.question.type', q[3]);
      setField(doc, 'dns.type', 'query');
      appendUnique(doc, 'event.category', 'network');
      appendUnique(doc, 'event.type', 'protocol');
      setField(doc, 'vigie.logsource', { category: 'dns', product: 'pfsense' });
    }
  } else if (/^openvpn/.test(program)) {
    const u =
      /user '([^']+)' authenticated|([\w.@-]+)\/([0-9A-Fa-f.:]+):(\d+) (?:MULTI_sva|\[[^\]]*\] Peer Connection Initiated)/.exec(
        msg,
      );
    if (u) {
      setUser(doc, u[1] ?? u[2]);
      if (u[3]) setEndpoint(doc, 'source', u[3], u[4]);
      appendUnique(doc, 'event.category', 'network', 'authentication');
      appendUnique(doc, 'event.type', 'start');
      setField(doc, 'event.outcome', 'success');
    }
  } else if (program === 'nginx') {
    const a =
      /^([0-9A-Fa-f.:]+) - (\S+) \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)"/.exec(
        msg,
      );
    if (a) {
      setIP(doc, 'source.ip', a[1]);
      if (a[2] !== '-') setUser(doc, a[2]);
      setField(doc, 'http.request.method', a[3]);
      setUrl(doc, a[4]);
      setField(doc, 'http.response.status_code', toInt(a[5]));
      setField(doc, 'http.response.body.bytes', toInt(a[6]));
      if (a[8] !== '-') setField(doc, 'user_agent.original', a[8]);
      appendUnique(doc, 'event.category', 'web');
      setField(doc, 'event.outcome', +a[5] >= 400 ? 'failure' : 'success');
      setField(doc, 'vigie.logsource', { category: 'webserver', product: 'pfsense' });
    }
  }
}

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'pfsense: record has no message text' };
  const h = parseSyslogHeader(text, ctx);
  if (!h) return { kind: 'reject', reason: 'pfsense: no syslog header' };
  const program = (h.appName ?? '').replace(/^\((.*)\)$/, '$1');
  if (!program) return { kind: 'reject', reason: 'pfsense: no program name in syslog header' };
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'netgate', product: '', type: 'firewall' },
    { category: 'firewall', product: 'pfsense' },
  );
  if (!setTimestamp(doc, h.timestamp))
    return { kind: 'reject', reason: `pfsense: unparsable timestamp "${h.timestampText}"` };
  if (ctx.options.timezone) setField(doc, 'event.timezone', ctx.options.timezone);
  setField(doc, 'log.syslog.priority', h.priority);
  setField(doc, 'observer.name', h.hostname);
  setField(doc, 'process.name', program);
  setField(doc, 'process.pid', toInt(h.procId));
  setField(doc, 'message', h.message);
  const provider = program.replace(/-\d+$/, '');
  setField(doc, 'event.provider', provider);
  if (program === 'filterlog') {
    const err = applyFilterlog(h.message.trim(), doc);
    if (err) return { kind: 'reject', reason: `pfsense: ${err}` };
  } else if (provider === 'squid' && h.message.trim().startsWith('{')) {
    const err = squid(h.message.trim(), doc);
    if (err) return { kind: 'reject', reason: `pfsense: ${err}` };
  } else auth(program, h.message.trim(), doc);
  return { kind: 'event', event: doc };
}

/** pfSense / OPNsense syslog: filterlog (IPv4/IPv6 TCP/UDP/ICMP), squid JSON, webConfigurator/sshd logins, dhcpd, unbound, openvpn, nginx. */
export const pfsenseConnector: Connector = {
  id: 'pfsense',
  name: 'pfSense / OPNsense',
  vendor: 'Netgate',
  product: 'pfSense',
  logsources: [
    { category: 'firewall', product: 'pfsense' },
    { category: 'proxy', product: 'pfsense' },
    { category: 'dns', product: 'pfsense' },
  ],
  formats: ['syslog', 'csv'],
  elasticFixtures: ['pfsense/log'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 200);
    if (/ filterlog(?:\[\d+\])?: \d*,\d*,[^,]*,\w+,\w+,\w+,(?:pass|block|reject),(?:in|out),[46],/.test(head))
      return 0.95;
    if (/ \(squid-\d+\)\[\d+\]: \{/.test(head)) return 0.8;
    return 0;
  },
};
