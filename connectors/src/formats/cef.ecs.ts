/**
 * The CEF extension dictionary mapped to ECS (ArcSight key → ECS field), reusable by every family that receives
 * CEF (firewalls, WAFs, proxies). Unknown keys and custom labels stay under `cef.extensions.*`.
 */
import type { EcsDocument } from '../connector.js';
import { appendUnique, setField, toInt } from '../util/ecs.js';
import type { CefRecord } from './cef.parser.js';

const NUMERIC = new Set([
  'spt',
  'dpt',
  'in',
  'out',
  'cnt',
  'spid',
  'dpid',
  'cn1',
  'cn2',
  'cn3',
  'sourceTranslatedPort',
  'destinationTranslatedPort',
]);

/** CEF key → ECS field. */
export const CEF_TO_ECS: Record<string, string> = {
  src: 'source.ip',
  spt: 'source.port',
  shost: 'source.domain',
  smac: 'source.mac',
  suser: 'source.user.name',
  suid: 'source.user.id',
  sntdom: 'source.user.domain',
  spid: 'source.process.pid',
  sproc: 'source.process.name',
  sourceTranslatedAddress: 'source.nat.ip',
  sourceTranslatedPort: 'source.nat.port',
  dst: 'destination.ip',
  dpt: 'destination.port',
  dhost: 'destination.domain',
  dmac: 'destination.mac',
  duser: 'destination.user.name',
  duid: 'destination.user.id',
  dntdom: 'destination.user.domain',
  dpid: 'process.pid',
  dproc: 'process.name',
  destinationTranslatedAddress: 'destination.nat.ip',
  destinationTranslatedPort: 'destination.nat.port',
  proto: 'network.transport',
  app: 'network.protocol',
  in: 'source.bytes',
  out: 'destination.bytes',
  deviceDirection: 'network.direction',
  request: 'url.original',
  requestMethod: 'http.request.method',
  requestClientApplication: 'user_agent.original',
  requestContext: 'http.request.referrer',
  act: 'event.action',
  outcome: 'event.outcome',
  msg: 'message',
  reason: 'event.reason',
  cat: 'event.category_text',
  fname: 'file.name',
  filePath: 'file.path',
  fsize: 'file.size',
  fileHash: 'file.hash.sha256',
  dvc: 'observer.ip',
  dvchost: 'observer.hostname',
  deviceExternalId: 'observer.serial_number',
  dvcmac: 'observer.mac',
  deviceInboundInterface: 'observer.ingress.interface.name',
  deviceOutboundInterface: 'observer.egress.interface.name',
  rt: '@timestamp',
  start: 'event.start',
  end: 'event.end',
  cnt: 'event.count',
  externalId: 'event.id',
};

function cefTime(v: string): string | undefined {
  if (/^\d{10,13}$/.test(v)) return new Date(v.length === 13 ? Number(v) : Number(v) * 1000).toISOString();
  const d = new Date(
    v.replace(/^(\w{3} \d{1,2} \d{4} \d{2}:\d{2}:\d{2})(?:\.\d+)?(?: (\w+))?$/, '$1 $2').trim(),
  );
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const SEVERITY_WORDS: Record<string, number> = { low: 3, medium: 5, high: 8, 'very-high': 10, unknown: 0 };

/** Writes the ECS fields of a CEF record into `doc` (does not set `vigie.logsource`). */
export function cefToEcs(rec: CefRecord, doc: EcsDocument): void {
  setField(doc, 'observer.vendor', rec.deviceVendor);
  setField(doc, 'observer.product', rec.deviceProduct);
  setField(doc, 'observer.version', rec.deviceVersion);
  setField(doc, 'event.code', rec.signatureId);
  setField(doc, 'message', rec.name);
  setField(doc, 'cef.version', rec.version);
  setField(doc, 'cef.name', rec.name);
  const sev = toInt(rec.severity) ?? SEVERITY_WORDS[rec.severity.toLowerCase()];
  setField(doc, 'event.severity', sev);
  for (const [k, v] of Object.entries(rec.extensions)) {
    setField(doc, `cef.extensions.${k}`, v);
    const field = CEF_TO_ECS[k];
    if (!field || v === '') continue;
    if (field === '@timestamp' || field === 'event.start' || field === 'event.end')
      setField(doc, field, cefTime(v));
    else if (NUMERIC.has(k) || field === 'file.size') setField(doc, field, toInt(v) ?? v);
    else if (field === 'network.transport' || field === 'network.protocol')
      setField(doc, field, v.toLowerCase());
    else setField(doc, field, v);
  }
  // Custom labels: cs1Label=Rule cs1=Block-All → cef.extensions.Rule? keep as labels.<label>.
  for (let n = 1; n <= 6; n++) {
    const label = rec.extensions[`cs${n}Label`];
    const value = rec.extensions[`cs${n}`];
    if (label && value !== undefined) setField(doc, `labels.${label.replace(/[^\w]+/g, '_')}`, value);
  }
  const ruleLabel = Object.entries(rec.extensions).find(
    ([k, v]) => /^cs\dLabel$/.test(k) && /^(rule|rule ?name|policy)$/i.test(v),
  );
  if (ruleLabel) setField(doc, 'rule.name', rec.extensions[ruleLabel[0].replace('Label', '')]);
  const suser = rec.extensions.suser ?? rec.extensions.duser;
  if (suser) setField(doc, 'user.name', suser);
  for (const ip of [rec.extensions.src, rec.extensions.dst]) if (ip) appendUnique(doc, 'related.ip', ip);
  for (const u of [rec.extensions.suser, rec.extensions.duser]) if (u) appendUnique(doc, 'related.user', u);
}
