/**
 * Cisco ASA / FTD message bodies (`%ASA-6-302013: <body>`), by message id, per Cisco's "Syslog Messages"
 * reference. Each handler fills ECS fields from the body; unknown ids keep the header fields only.
 * Direction semantics follow the message: "Built outbound" connections have the inside (local) host as
 * source, the outside (foreign) host as destination, and the global (mapped) address as source NAT.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseColonPairs } from '../../formats/kv.parser.js';
import { isIp, setEndpoint, setIP, setUrl, setUser } from './net.js';

type Handler = (m: RegExpExecArray, doc: EcsDocument, vendor: string) => void;

interface Rule {
  ids: string[];
  re: RegExp;
  fn: Handler;
}

/** `iface:addr/port`, `addr/port`, `iface/addr(port)`: interface, address and port. */
interface Addr {
  iface?: string;
  ip?: string;
  port?: string;
}

function addr(text: string | undefined): Addr {
  if (!text) return {};
  let t = text.trim();
  let iface: string | undefined;
  const m = /^([A-Za-z][\w.-]*):(.+)$/.exec(t);
  // `inside:2001:db8::1/443`: an interface name has no ':'; a bare IPv6 address is not an interface.
  if (m && !isIp(t.replace(/[/(].*$/, ''))) {
    iface = m[1];
    t = m[2];
  }
  const p = /^(.+?)(?:\/(\d+)|\((\d+)\))?$/.exec(t);
  if (!p) return { iface };
  return { iface, ip: p[1], port: p[2] ?? p[3] };
}

function ns(vendor: string): string {
  return `cisco.${vendor}`;
}

function side(doc: EcsDocument, which: 'source' | 'destination', a: Addr, vendor: string): void {
  setEndpoint(doc, which, a.ip, a.port);
  setField(doc, `${ns(vendor)}.${which}_interface`, a.iface);
}

function categorize(
  doc: EcsDocument,
  category: string,
  types: string[],
  outcome?: string,
  action?: string,
): void {
  appendUnique(doc, 'event.category', category);
  appendUnique(doc, 'event.type', ...types);
  setField(doc, 'event.outcome', outcome);
  setField(doc, 'event.action', action);
}

function transport(doc: EcsDocument, proto?: string): void {
  if (!proto) return;
  const p = proto.toLowerCase();
  setField(doc, 'network.transport', /^\d+$/.test(p) ? undefined : p);
  if (/^\d+$/.test(p)) setField(doc, 'network.iana_number', p);
}

function deny(
  doc: EcsDocument,
  v: string,
  proto: string | undefined,
  src: Addr,
  dst: Addr,
  rule?: string,
): void {
  transport(doc, proto);
  side(doc, 'source', src, v);
  side(doc, 'destination', dst, v);
  if (rule) {
    setField(doc, 'rule.name', rule);
    setField(doc, `${ns(v)}.rule_name`, rule);
  }
  categorize(doc, 'network', ['connection', 'denied'], 'failure', 'firewall-rule');
}

function duration(doc: EcsDocument, hms?: string): void {
  const m = hms ? /^(\d+):(\d{2}):(\d{2})$/.exec(hms) : null;
  if (m) setField(doc, 'event.duration', ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1e9);
}

const GROUP_USER_IP = String.raw`Group\s*<?([^>]*?)>?\s+User\s*<?([^>]*?)>?\s+IP\s*<?([0-9A-Fa-f.:]+)>?`;

const rules: Rule[] = [
  {
    ids: ['302013', '302015', '302303'],
    re: /^Built (inbound|outbound)? ?(\S+) connection (\d+) for (\S+) \(([^)]*)\)(?: \(([^)]*)\))? to (\S+) \(([^)]*)\)(?: \(([^)]*)\))?/,
    fn: (m, doc, v) => {
      const [, dir, proto, id, a, aMapped, aUser, b, bMapped, bUser] = m;
      const first = addr(a);
      const firstMapped = addr(aMapped);
      const second = addr(b);
      const secondMapped = addr(bMapped);
      transport(doc, proto);
      setField(doc, `${ns(v)}.connection_id`, id);
      setField(doc, 'network.direction', dir);
      // Outbound: the second (local) host initiated the connection.
      const [src, srcMapped, srcUser, dst, dstMapped, dstUser] =
        dir === 'outbound'
          ? [second, secondMapped, bUser, first, firstMapped, aUser]
          : [first, firstMapped, aUser, second, secondMapped, bUser];
      side(doc, 'source', src, v);
      side(doc, 'destination', dst, v);
      if (srcMapped.ip && srcMapped.ip !== src.ip) setIP(doc, 'source.nat.ip', srcMapped.ip);
      if (srcMapped.port && srcMapped.port !== src.port)
        setField(doc, 'source.nat.port', toInt(srcMapped.port));
      if (dstMapped.ip && dstMapped.ip !== dst.ip) setIP(doc, 'destination.nat.ip', dstMapped.ip);
      if (dstMapped.port && dstMapped.port !== dst.port)
        setField(doc, 'destination.nat.port', toInt(dstMapped.port));
      setField(doc, `${ns(v)}.mapped_source_ip`, srcMapped.ip);
      setField(doc, `${ns(v)}.mapped_source_port`, toInt(srcMapped.port));
      setField(doc, `${ns(v)}.mapped_destination_ip`, dstMapped.ip);
      setField(doc, `${ns(v)}.mapped_destination_port`, toInt(dstMapped.port));
      if (srcUser && !/^[\d.:]+\/\d+$/.test(srcUser)) setUser(doc, srcUser, 'source.user');
      if (dstUser && !/^[\d.:]+\/\d+$/.test(dstUser)) setUser(doc, dstUser, 'destination.user');
      categorize(doc, 'network', ['connection', 'start'], 'success', 'flow-creation');
    },
  },
  {
    ids: ['302014', '302016', '302304'],
    re: /^Teardown (\S+) connection (\d+) for (\S+)(?: \(([^)]*)\))? to (\S+)(?: \(([^)]*)\))? duration (\d+:\d{2}:\d{2}) bytes (\d+)(?: (.*?))?(?: \(([^)]*)\))?$/,
    fn: (m, doc, v) => {
      const [, proto, id, a, aUser, b, bUser, dur, bytes, reason, user] = m;
      transport(doc, proto);
      setField(doc, `${ns(v)}.connection_id`, id);
      side(doc, 'source', addr(a), v);
      side(doc, 'destination', addr(b), v);
      if (aUser) setUser(doc, aUser, 'source.user');
      if (bUser) setUser(doc, bUser, 'destination.user');
      if (user) setUser(doc, user);
      duration(doc, dur);
      setField(doc, 'network.bytes', toInt(bytes));
      setField(doc, 'event.reason', reason?.trim());
      categorize(doc, 'network', ['connection', 'end'], 'success', 'flow-expiration');
    },
  },
  {
    ids: ['302020', '302021'],
    re: /^(Built|Teardown) ?(inbound|outbound)? (\S+) connection for faddr (\S+)(?: \(([^)]*)\))? gaddr (\S+) laddr (\S+)(?: \(([^)]*)\))?(?: \(([^)]*)\))?(?: type (\d+) code (\d+))?/,
    fn: (m, doc, v) => {
      const [, verb, dir, proto, faddr, fUser, gaddr, laddr, lUser, , type, code] = m;
      transport(doc, proto);
      setField(doc, 'network.direction', dir);
      const f = addr(faddr).ip;
      const g = addr(gaddr).ip;
      const l = addr(laddr).ip;
      if (dir === 'outbound') {
        setIP(doc, 'source.ip', l);
        setIP(doc, 'destination.ip', f);
        if (g && g !== l) setIP(doc, 'source.nat.ip', g);
        setField(doc, `${ns(v)}.mapped_source_ip`, g);
        if (lUser) setUser(doc, lUser, 'source.user');
      } else {
        setIP(doc, 'source.ip', f);
        setIP(doc, 'destination.ip', l);
        if (g && g !== l) setIP(doc, 'destination.nat.ip', g);
        setField(doc, `${ns(v)}.mapped_destination_ip`, g);
        if (fUser) setUser(doc, fUser, 'source.user');
      }
      setField(doc, `${ns(v)}.icmp_type`, toInt(type));
      setField(doc, `${ns(v)}.icmp_code`, toInt(code));
      if (verb === 'Built') categorize(doc, 'network', ['connection', 'start'], 'success', 'flow-creation');
      else categorize(doc, 'network', ['connection', 'end'], 'success', 'flow-expiration');
    },
  },
  {
    ids: ['106001'],
    re: /^Inbound (\S+) connection denied from (\S+) to (\S+) flags (.*?) on interface (\S+)/,
    fn: (m, doc, v) => {
      deny(doc, v, m[1], addr(m[2]), addr(m[3]));
      setField(doc, `${ns(v)}.tcp_flags`, m[4]);
      setField(doc, 'observer.ingress.interface.name', m[5]);
      setField(doc, 'network.direction', 'inbound');
    },
  },
  {
    ids: ['106002'],
    re: /^(\S+) Connection denied by outbound list (\S+) src (\S+) dest (\S+)/,
    fn: (m, doc, v) => {
      deny(doc, v, m[1], addr(m[3]), addr(m[4]), m[2]);
      setField(doc, 'network.direction', 'outbound');
    },
  },
  {
    ids: ['106006', '106007', '106015'],
    re: /^Deny (inbound )?(\S+) (?:\(no connection\) )?from (\S+) to (\S+?)\.?(?: flags (.*?))?(?: on interface (\S+?)\.?| due to .*)?$/,
    fn: (m, doc, v) => {
      deny(doc, v, m[2], addr(m[3]), addr(m[4]));
      if (m[1]) setField(doc, 'network.direction', 'inbound');
      setField(doc, `${ns(v)}.tcp_flags`, m[5]);
      setField(doc, 'observer.ingress.interface.name', m[6]);
    },
  },
  {
    ids: ['106010', '106014'],
    re: /^Deny (inbound|outbound) (\S+) src (\S+)(?: \([^)]*\))? dst (\S+)(?: \([^)]*\))?(?: \(type (\d+), code (\d+)\))?/,
    fn: (m, doc, v) => {
      deny(doc, v, m[2], addr(m[3]), addr(m[4]));
      setField(doc, 'network.direction', m[1]);
      setField(doc, `${ns(v)}.icmp_type`, toInt(m[5]));
      setField(doc, `${ns(v)}.icmp_code`, toInt(m[6]));
    },
  },
  {
    ids: ['106012', '106016', '106017', '106020', '106021', '106022'],
    re: /^Deny (\S+) .*?from \(?([0-9A-Fa-f.:]+)\)? to ([0-9A-Fa-f.:]+)(?:.*? on interface (\S+))?/,
    fn: (m, doc, v) => {
      deny(doc, v, m[1] === 'IP' ? undefined : m[1], addr(m[2]), addr(m[3]));
      setField(doc, 'observer.ingress.interface.name', m[4]);
    },
  },
  {
    ids: ['106023'],
    re: /^Deny (\S+) src (\S+)(?: \([^)]*\))? dst (\S+)(?: \([^)]*\))?(?: \(?type (\d+), code (\d+)\)?)? by access-group "([^"]*)"/,
    fn: (m, doc, v) => {
      deny(doc, v, m[1], addr(m[2]), addr(m[3]), m[6]);
      setField(doc, `${ns(v)}.icmp_type`, toInt(m[4]));
      setField(doc, `${ns(v)}.icmp_code`, toInt(m[5]));
    },
  },
  {
    ids: ['106027'],
    re: /^Deny src \[?(\S+?)\]? dst \[?(\S+?)\]? by access-group "([^"]*)"/,
    fn: (m, doc, v) => deny(doc, v, undefined, addr(m[1]), addr(m[2]), m[3]),
  },
  {
    ids: ['106100', '106103'],
    re: /^access-list (\S+) (permitted|denied|est-allowed) (\S+)(?: for user '?([^' ]+)'?)? (\S+?)\/([0-9A-Fa-f.:]+)\((\d+)\)(?: \([^)]*\))? -> (\S+?)\/([0-9A-Fa-f.:]+)\((\d+)\)(?: \([^)]*\))? hit-cnt (\d+)/,
    fn: (m, doc, v) => {
      const [, acl, verdict, proto, user, sIf, sIp, sPort, dIf, dIp, dPort] = m;
      transport(doc, proto);
      side(doc, 'source', { iface: sIf, ip: sIp, port: sPort }, v);
      side(doc, 'destination', { iface: dIf, ip: dIp, port: dPort }, v);
      setField(doc, 'rule.name', acl);
      setField(doc, `${ns(v)}.rule_name`, acl);
      if (user) setUser(doc, user);
      if (verdict === 'denied')
        categorize(doc, 'network', ['connection', 'denied'], 'failure', 'firewall-rule');
      else categorize(doc, 'network', ['connection', 'allowed'], 'success', 'firewall-rule');
    },
  },
  {
    ids: ['313001'],
    re: /^Denied ICMP type=(\d+), code=(\d+) from ([0-9A-Fa-f.:]+) on interface (\S+)/,
    fn: (m, doc, v) => {
      deny(doc, v, 'icmp', addr(m[3]), {});
      setField(doc, `${ns(v)}.icmp_type`, toInt(m[1]));
      setField(doc, `${ns(v)}.icmp_code`, toInt(m[2]));
      setField(doc, 'observer.ingress.interface.name', m[4]);
    },
  },
  {
    ids: ['313004'],
    re: /^Denied ICMP type=(\d+), from laddr ([0-9A-Fa-f.:]+) on interface (\S+) to ([0-9A-Fa-f.:]+)/,
    fn: (m, doc, v) => {
      deny(doc, v, 'icmp', addr(m[2]), addr(m[4]));
      setField(doc, `${ns(v)}.icmp_type`, toInt(m[1]));
      setField(doc, 'observer.ingress.interface.name', m[3]);
    },
  },
  {
    ids: ['313005'],
    re: /icmp src (\S+)(?: \([^)]*\))? dst (\S+)(?: \([^)]*\))? \(type (\d+), code (\d+)\)/,
    fn: (m, doc, v) => {
      deny(doc, v, 'icmp', addr(m[1]), addr(m[2]));
      setField(doc, `${ns(v)}.icmp_type`, toInt(m[3]));
      setField(doc, `${ns(v)}.icmp_code`, toInt(m[4]));
    },
  },
  {
    ids: ['710002', '710003', '710005', '710006'],
    re: /^(\S+) (?:access (permitted|denied)(?: by ACL)?|request discarded) from (\S+) to (\S+)/,
    fn: (m, doc, v) => {
      const dst = addr(m[4]);
      transport(doc, m[1]);
      side(doc, 'source', addr(m[3]), v);
      setIP(doc, 'destination.ip', dst.ip);
      setField(doc, `${ns(v)}.destination_interface`, dst.iface);
      if (dst.port) setField(doc, 'destination.port', toInt(dst.port));
      else if (/\/(\w+)$/.test(m[4]))
        setField(doc, 'network.protocol', /\/(\w+)$/.exec(m[4])?.[1]?.toLowerCase());
      if (m[2] === 'permitted')
        categorize(doc, 'network', ['connection', 'allowed'], 'success', 'firewall-rule');
      else categorize(doc, 'network', ['connection', 'denied'], 'failure', 'firewall-rule');
    },
  },
  {
    ids: ['305011', '305012'],
    re: /^(Built|Teardown) (dynamic|static) (\S+) translation from (\S+?)(?: \(([^)]*)\))?:([0-9A-Fa-f.:]+)\/(\d+)(?: \([^)]*\))? to (\S+?):([0-9A-Fa-f.:]+)\/(\d+)(?: duration (\S+))?/,
    fn: (m, doc, v) => {
      const [, verb, , proto, sIf, , sIp, sPort, dIf, nIp, nPort, dur] = m;
      transport(doc, proto);
      side(doc, 'source', { iface: sIf, ip: sIp, port: sPort }, v);
      setIP(doc, 'source.nat.ip', nIp);
      setField(doc, 'source.nat.port', toInt(nPort));
      setField(doc, `${ns(v)}.destination_interface`, dIf);
      duration(doc, dur);
      if (verb === 'Built')
        categorize(doc, 'network', ['connection', 'start'], 'success', 'translation-creation');
      else categorize(doc, 'network', ['connection', 'end'], 'success', 'translation-expiration');
    },
  },
  {
    ids: ['113004', '113012'],
    re: /^AAA user (authentication|authorization|accounting) Successful :(?: server =\s*([0-9A-Fa-f.:]+) :)?(?: local database :)? user =\s*(.+?)\s*$/,
    fn: (m, doc) => {
      setIP(doc, 'destination.ip', m[2]);
      setUser(doc, m[3], 'source.user');
      setUser(doc, m[3]);
      categorize(
        doc,
        m[1] === 'authentication' ? 'authentication' : 'iam',
        ['info'],
        'success',
        m[1] === 'authentication' ? 'logged-in' : `${m[1]}-successful`,
      );
    },
  },
  {
    ids: ['113005', '113015'],
    re: /^AAA user authentication Rejected : reason = (.*?) :(?: server = ([0-9A-Fa-f.:]+) :)?(?: local database :)? user = (.*?)\s*:\s*user IP = ([0-9A-Fa-f.:]+)/,
    fn: (m, doc) => {
      setField(doc, 'event.reason', m[1]);
      setIP(doc, 'destination.ip', m[2]);
      if (m[3] && !/^\*+$/.test(m[3])) setUser(doc, m[3], 'source.user');
      setIP(doc, 'source.ip', m[4]);
      categorize(doc, 'authentication', ['info'], 'failure', 'logon-failed');
    },
  },
  {
    ids: ['113008', '113009', '113010', '113011'],
    re: /user = (\S+)/,
    fn: (m, doc) => {
      setUser(doc, m[1]);
    },
  },
  {
    ids: ['113019'],
    re: /^Group = ([^,]*), Username = ([^,]*), IP = ([0-9A-Fa-f.:]+), Session disconnected\. Session Type: ([^,]*), Duration: ([^,]*), Bytes xmt: (\d+), Bytes rcv: (\d+), Reason: (.*)$/,
    fn: (m, doc, v) => {
      setField(doc, `${ns(v)}.group_policy`, m[1]);
      setUser(doc, m[2], 'source.user');
      setUser(doc, m[2]);
      setIP(doc, 'source.ip', m[3]);
      setField(doc, `${ns(v)}.session_type`, m[4]);
      setField(doc, 'source.bytes', toInt(m[6]));
      setField(doc, 'destination.bytes', toInt(m[7]));
      setField(doc, 'event.reason', m[8]);
      categorize(doc, 'network', ['connection', 'end'], 'success', 'vpn-session-end');
      appendUnique(doc, 'event.category', 'session');
    },
  },
  {
    ids: [
      '113039',
      '716001',
      '716002',
      '722022',
      '722023',
      '722028',
      '722032',
      '722033',
      '722034',
      '722037',
      '722041',
      '722051',
    ],
    re: new RegExp(`^${GROUP_USER_IP}(.*)$`),
    fn: (m, doc, v) => {
      setField(doc, `${ns(v)}.group_policy`, m[1]);
      setUser(doc, m[2], 'source.user');
      setUser(doc, m[2]);
      setIP(doc, 'source.ip', m[3]);
      const rest = m[4];
      const assigned = /IPv4 Address <?([\d.]+)>?/.exec(rest);
      if (assigned) setField(doc, `${ns(v)}.assigned_ip`, assigned[1]);
      if (/started|established|assigned/.test(rest))
        categorize(doc, 'session', ['start'], 'success', 'vpn-session-start');
      else if (/terminated|closing|disconnect/i.test(rest)) {
        categorize(doc, 'session', ['end'], 'success', 'vpn-session-end');
        const r = /(?:terminated|closing connection):\s*(.*?)\.?$/.exec(rest);
        setField(doc, 'event.reason', r?.[1]);
      }
      appendUnique(doc, 'event.category', 'network');
    },
  },
  {
    ids: ['751025'],
    re: /^Local:\s*(\S+) Remote:\s*(\S+) Username:\s*(\S+)(?: (IKEv[12]))? Group:\s*(\S+) IPv4 Address=(\S+) IPv6 address=(\S+) assigned to session/,
    fn: (m, doc, v) => {
      const split = (s: string) => {
        const i = s.lastIndexOf(':');
        return i > 0 ? { ip: s.slice(0, i), port: s.slice(i + 1) } : { ip: s };
      };
      const local = split(m[1]);
      const remote = split(m[2]);
      setEndpoint(doc, 'source', local.ip, local.port);
      setEndpoint(doc, 'destination', remote.ip, remote.port);
      const user = m[3];
      setUser(doc, user, 'source.user');
      const d = /@(.+)$/.exec(user);
      if (d) appendUnique(doc, 'related.hosts', d[1]);
      setField(doc, `${ns(v)}.group_policy`, m[5]);
      if (isIp(m[6])) setField(doc, `${ns(v)}.assigned_ip`, m[6]);
      if (isIp(m[7]) && m[7] !== '0.0.0.0') setField(doc, `${ns(v)}.assigned_ipv6`, m[7]);
      appendUnique(doc, 'event.category', 'network');
    },
  },
  {
    ids: ['605004', '605005'],
    re: /^Login (denied|permitted) from ([0-9A-Fa-f.:]+)\/(\d+) to (\S+?):([0-9A-Fa-f.:]+)\/(\S+) for user "([^"]*)"/,
    fn: (m, doc, v) => {
      setEndpoint(doc, 'source', m[2], m[3]);
      setIP(doc, 'destination.ip', m[5]);
      setField(doc, 'network.protocol', m[6].toLowerCase());
      setField(doc, `${ns(v)}.destination_interface`, m[4]);
      setUser(doc, m[7]);
      if (m[1] === 'permitted') categorize(doc, 'authentication', ['start'], 'success', 'logged-in');
      else categorize(doc, 'authentication', ['start'], 'failure', 'logon-failed');
    },
  },
  {
    ids: ['611101', '611102'],
    re: /^User authentication (succeeded|failed): (?:IP address: ([0-9A-Fa-f.:]+), )?Uname: (.+?)\s*$/,
    fn: (m, doc) => {
      setIP(doc, 'source.ip', m[2]);
      setUser(doc, m[3]);
      categorize(
        doc,
        'authentication',
        ['start'],
        m[1] === 'succeeded' ? 'success' : 'failure',
        m[1] === 'succeeded' ? 'logged-in' : 'logon-failed',
      );
    },
  },
  {
    ids: ['611103'],
    re: /^User logged out: Uname: (.+?)\s*$/,
    fn: (m, doc) => {
      setUser(doc, m[1]);
      categorize(doc, 'authentication', ['end'], 'success', 'logged-out');
    },
  },
  {
    ids: ['315011'],
    re: /^SSH session from ([0-9A-Fa-f.:]+) on interface (\S+) for user "?([^" ]+)"? (disconnected by .*)$/,
    fn: (m, doc) => {
      setIP(doc, 'source.ip', m[1]);
      setUser(doc, m[3]);
      setField(doc, 'event.reason', m[4]);
      categorize(doc, 'session', ['end'], 'success', 'ssh-session-end');
    },
  },
  {
    ids: ['111008', '111009', '111010'],
    re: /^User '?([^',]+)'?,?(?: running '?(.*?)'? from IP ([0-9A-Fa-f.:]+)\s*,)? executed (?:the )?'?(.*?)'?(?: command)?\.?$/,
    fn: (m, doc) => {
      setUser(doc, m[1]);
      setIP(doc, 'source.ip', m[3]);
      setField(doc, 'process.command_line', m[4]);
      categorize(doc, 'configuration', ['change'], 'success', 'command-executed');
    },
  },
  {
    ids: ['502103'],
    re: /^User priv level changed: Uname: (\S+) From: (\d+) To: (\d+)/,
    fn: (m, doc, v) => {
      setUser(doc, m[1]);
      setField(doc, `${ns(v)}.privilege.old`, m[2]);
      setField(doc, `${ns(v)}.privilege.new`, m[3]);
      categorize(doc, 'iam', ['user', 'change'], 'success', 'privilege-changed');
    },
  },
  {
    ids: ['609001', '609002'],
    re: /^(Built|Teardown) local-host (\S+?):([0-9A-Fa-f.:]+)/,
    fn: (m, doc, v) => {
      setIP(doc, 'source.ip', m[3]);
      setField(doc, `${ns(v)}.source_interface`, m[2]);
      categorize(
        doc,
        'network',
        [m[1] === 'Built' ? 'start' : 'end'],
        'success',
        m[1] === 'Built' ? 'host-creation' : 'host-expiration',
      );
    },
  },
  {
    ids: ['304001'],
    re: /^(?:(\S+)@)?([0-9A-Fa-f.:]+)(?:\(\S*\))? Accessed (?:JAVA )?URL ([0-9A-Fa-f.:]+):(.*)$/,
    fn: (m, doc) => {
      if (m[1]) setUser(doc, m[1]);
      setIP(doc, 'source.ip', m[2]);
      setIP(doc, 'destination.ip', m[3]);
      setUrl(doc, m[4].trim().replace(/\.$/, ''));
      categorize(doc, 'web', ['access'], 'success', 'url-accessed');
      appendUnique(doc, 'event.category', 'network');
    },
  },
  {
    ids: ['733100'],
    re: /^\[\s*(.*?)\s*\] drop rate-(\d+) exceeded/,
    fn: (m, doc, v) => {
      setField(doc, `${ns(v)}.threat_category`, m[1]);
      setField(doc, 'event.kind', 'alert');
      categorize(doc, 'intrusion_detection', ['info'], undefined, 'drop-rate-exceeded');
    },
  },
  {
    ids: ['733101', '733102', '733103'],
    re: /([0-9A-Fa-f.:]+) is (targeted|attacking)/,
    fn: (m, doc) => {
      setIP(doc, m[2] === 'targeted' ? 'destination.ip' : 'source.ip', m[1]);
      setField(doc, 'event.kind', 'alert');
      categorize(doc, 'intrusion_detection', ['info'], undefined, 'threat-detected');
    },
  },
  {
    ids: ['400000', '400013', '400014', '400023', '400025', '400032', '400033', '400041', '400044', '400050'],
    re: /^IPS:(\d+) (.*?) from ([0-9A-Fa-f.:]+) to ([0-9A-Fa-f.:]+) on interface (\S+)/,
    fn: (m, doc) => {
      setField(doc, 'rule.id', m[1]);
      setField(doc, 'rule.name', m[2]);
      setIP(doc, 'source.ip', m[3]);
      setIP(doc, 'destination.ip', m[4]);
      setField(doc, 'observer.ingress.interface.name', m[5]);
      setField(doc, 'event.kind', 'alert');
      categorize(doc, 'intrusion_detection', ['info'], undefined, 'ips-signature');
    },
  },
  {
    ids: ['430001', '430002', '430003', '430004', '430005'],
    re: /^(.*)$/,
    fn: (m, doc, v) => ftdEvent(m[1], doc, v),
  },
];

/** FTD connection / intrusion / file events: `Key: value, Key: value`. */
function ftdEvent(body: string, doc: EcsDocument, v: string): void {
  const kv = parseColonPairs(body);
  const n = ns(v);
  const get = (k: string) => (kv[k] === undefined || kv[k] === '' ? undefined : kv[k]);
  setEndpoint(doc, 'source', get('SrcIP'), get('SrcPort'));
  setEndpoint(doc, 'destination', get('DstIP'), get('DstPort'));
  const proto = get('Protocol');
  if (proto) transport(doc, proto);
  setField(doc, 'observer.ingress.interface.name', get('IngressInterface'));
  setField(doc, 'observer.egress.interface.name', get('EgressInterface'));
  setField(doc, 'observer.ingress.zone', get('IngressZone'));
  setField(doc, 'observer.egress.zone', get('EgressZone'));
  setField(doc, 'rule.name', get('AccessControlRuleName'));
  setField(doc, 'rule.ruleset', get('ACPolicy'));
  setField(doc, `${n}.rule_name`, get('AccessControlRuleName'));
  setField(doc, `${n}.rule_action`, get('AccessControlRuleAction'));
  setField(doc, 'dns.question.name', get('DNSQuery'));
  setField(doc, 'http.response.status_code', toInt(get('HTTPResponse')));
  setField(doc, 'user_agent.original', get('UserAgent'));
  setField(doc, 'network.application', get('ApplicationProtocol')?.toLowerCase());
  setField(doc, `${n}.web_application`, get('WebApplication'));
  setField(doc, `${n}.url_category`, get('URLCategory'));
  setField(doc, 'source.packets', toInt(get('InitiatorPackets')));
  setField(doc, 'destination.packets', toInt(get('ResponderPackets')));
  setField(doc, 'source.bytes', toInt(get('InitiatorBytes')));
  setField(doc, 'destination.bytes', toInt(get('ResponderBytes')));
  const url = get('URL');
  if (url) setUrl(doc, url);
  const user = get('User');
  if (user && !/^(No Authentication Required|Unknown|Not Found)/i.test(user)) setUser(doc, user);
  const action = get('AccessControlRuleAction')?.toLowerCase();
  if (get('SID') || get('GID') || get('Message')) {
    setField(doc, 'event.kind', 'alert');
    setField(doc, 'rule.id', get('SID'));
    setField(doc, 'rule.name', get('Message'));
    setField(doc, 'rule.category', get('Classification'));
    setField(doc, `${n}.inline_result`, get('InlineResult'));
    const blocked = /block/i.test(get('InlineResult') ?? '');
    categorize(doc, 'intrusion_detection', [blocked ? 'denied' : 'info'], undefined, 'intrusion-detected');
    appendUnique(doc, 'event.category', 'network');
  } else if (get('FileName') || get('FileSHA256') || get('SHA256')) {
    setField(doc, 'file.name', get('FileName'));
    setField(doc, 'file.hash.sha256', get('FileSHA256') ?? get('SHA256'));
    setField(doc, 'file.size', toInt(get('FileSize')));
    setField(doc, 'file.type', get('FileType'));
    const malware = /malware/i.test(get('SHA_Disposition') ?? '') || !!get('ThreatName');
    if (malware) setField(doc, 'event.kind', 'alert');
    categorize(
      doc,
      malware ? 'malware' : 'file',
      ['info'],
      undefined,
      malware ? 'malware-detected' : 'file-detected',
    );
    appendUnique(doc, 'event.category', 'network');
  } else {
    const denied = /block|deny|reset/.test(action ?? '');
    categorize(
      doc,
      'network',
      ['connection', denied ? 'denied' : 'allowed'],
      denied ? 'failure' : 'success',
      'firewall-rule',
    );
  }
}

const byId = new Map<string, Rule[]>();
for (const r of rules) for (const id of r.ids) byId.set(id, [...(byId.get(id) ?? []), r]);

/** Fills `doc` from a message body. Returns false when the id is known but the body did not match its format. */
export function applyAsaMessage(
  id: string,
  body: string,
  doc: EcsDocument,
  vendor: 'asa' | 'ftd',
): 'parsed' | 'unmatched' | 'unknown' {
  const candidates = byId.get(id);
  if (!candidates) return 'unknown';
  const text = body.trim();
  for (const r of candidates) {
    const m = r.re.exec(text);
    if (m) {
      r.fn(m, doc, vendor);
      return 'parsed';
    }
  }
  return 'unmatched';
}

export const knownAsaMessageIds: readonly string[] = [...byId.keys()].sort();
