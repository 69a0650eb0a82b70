/**
 * pfSense / OPNsense `filterlog` CSV (pfSense "Filter Log Format"):
 * rule,subrule,anchor,tracker,interface,reason,action,direction,ipversion, then IPv4 fields
 * (tos,ecn,ttl,id,offset,flags,protoid,proto,length,src,dst) or IPv6 fields
 * (class,flowlabel,hoplimit,proto,protoid,length,src,dst), then protocol fields (TCP/UDP ports…).
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { isIp, setEndpoint } from './net.js';

export function applyFilterlog(csv: string, doc: EcsDocument): string | undefined {
  const f = csv.split(',');
  if (f.length < 9) return `filterlog: expected at least 9 comma-separated fields, got ${f.length}`;
  const [rule, , , tracker, iface, reason, action, dir, ver] = f;
  let rest: string[];
  let proto: string;
  let protoId: string;
  let length: string;
  let src: string;
  let dst: string;
  if (ver === '4') {
    if (f.length < 20) return 'filterlog: truncated IPv4 record';
    [, , , , , , protoId, proto, length, src, dst] = f.slice(9);
    setField(doc, 'pfsense.ip.tos', f[9]);
    setField(doc, 'pfsense.ip.ttl', toInt(f[11]));
    setField(doc, 'pfsense.ip.id', toInt(f[12]));
    setField(doc, 'pfsense.ip.flags', f[14]);
    rest = f.slice(20);
    setField(doc, 'network.type', 'ipv4');
  } else if (ver === '6') {
    if (f.length < 17) return 'filterlog: truncated IPv6 record';
    [, , , proto, protoId, length, src, dst] = f.slice(9);
    setField(doc, 'pfsense.ip.tos', f[9]);
    setField(doc, 'pfsense.ip.flow_label', f[10]);
    setField(doc, 'pfsense.ip.flags', f[11]);
    rest = f.slice(17);
    setField(doc, 'network.type', 'ipv6');
  } else return `filterlog: unknown IP version "${ver}"`;
  if (!isIp(src) || !isIp(dst)) return `filterlog: invalid addresses "${src}" / "${dst}"`;
  setField(doc, 'rule.id', tracker || rule);
  setField(doc, 'observer.ingress.interface.name', iface);
  setField(doc, 'event.reason', reason);
  setField(doc, 'event.action', action);
  setField(doc, 'network.direction', dir === 'in' ? 'inbound' : dir === 'out' ? 'outbound' : undefined);
  setField(doc, 'network.transport', proto?.toLowerCase());
  setField(doc, 'network.iana_number', protoId);
  setField(doc, 'network.bytes', toInt(length));
  const p = proto?.toLowerCase();
  if (p === 'tcp' || p === 'udp') {
    setEndpoint(doc, 'source', src, rest[0]);
    setEndpoint(doc, 'destination', dst, rest[1]);
    if (p === 'tcp') setField(doc, 'pfsense.tcp.flags', rest[3]);
    else setField(doc, 'pfsense.udp.length', toInt(rest[2]));
  } else {
    setEndpoint(doc, 'source', src);
    setEndpoint(doc, 'destination', dst);
    const dl = /^datalength=(\d+)$/.exec(rest[0] ?? '');
    if (dl) setField(doc, 'pfsense.ip.data_length', toInt(dl[1]));
    if (p === 'icmp' && rest[0]) setField(doc, 'pfsense.icmp.type', rest[0]);
  }
  appendUnique(doc, 'event.category', 'network');
  const allowed = action === 'pass';
  appendUnique(doc, 'event.type', 'connection', allowed ? 'allowed' : 'denied');
  return undefined;
}
