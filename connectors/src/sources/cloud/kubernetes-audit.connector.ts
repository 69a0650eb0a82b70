/**
 * Kubernetes API server audit events (`audit.k8s.io/v1` Event), one JSON object per line as the log backend
 * writes them, or wrapped in an Azure Monitor diagnostic record (AKS `kube-audit`, the event in `properties.log`).
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  get,
  ip,
  isObject,
  isoTime,
  num,
  parseJsonObject,
  relatedIp,
  relatedUser,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE = { product: 'kubernetes', service: 'audit' };

/** The audit Event inside an AKS diagnostic record, or the record itself. */
function unwrap(rec: Json): { event: Json; envelope?: Json } | string {
  const log = get(rec, 'properties', 'log');
  if (typeof log === 'string') {
    const ev = parseJsonObject(log);
    return typeof ev === 'string' ? `AKS properties.log: ${ev}` : { event: ev, envelope: rec };
  }
  return { event: rec };
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const u = unwrap(rec);
  if (typeof u === 'string') return u;
  const ev = u.event;
  if (str(ev.kind) !== 'Event' || !/^audit\.k8s\.io\//.test(str(ev.apiVersion) ?? ''))
    return 'not a Kubernetes audit Event (kind/apiVersion)';
  const ts = isoTime(ev.stageTimestamp) ?? isoTime(ev.requestReceivedTimestamp) ?? isoTime(u.envelope?.time);
  if (!ts) return 'no readable stageTimestamp/requestReceivedTimestamp';
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', str(ev.verb));
  setField(doc, 'event.id', str(ev.auditID));
  const code = num(get(ev, 'responseStatus', 'code'));
  if (code !== undefined) setField(doc, 'event.outcome', code < 400 ? 'success' : 'failure');
  const ips = (Array.isArray(ev.sourceIPs) ? ev.sourceIPs : []).map(ip).filter((x): x is string => !!x);
  if (ips.length) setField(doc, 'source.ip', ips);
  relatedIp(doc, ...ips);
  const user = str(get(ev, 'user', 'username'));
  setField(doc, 'user.name', user);
  setField(doc, 'user.id', str(get(ev, 'user', 'uid')));
  const groups = get(ev, 'user', 'groups');
  if (Array.isArray(groups)) for (const g of groups) appendUnique(doc, 'user.group.name', str(g));
  relatedUser(doc, user);
  setField(doc, 'user_agent.original', str(ev.userAgent));

  const k = (key: string, v: unknown) => setField(doc, `kubernetes.audit.${key}`, v);
  k('level', str(ev.level));
  k('stage', str(ev.stage));
  k('requestURI', str(ev.requestURI));
  k('verb', str(ev.verb));
  k('user', isObject(ev.user) ? ev.user : undefined);
  k('impersonatedUser', isObject(ev.impersonatedUser) ? ev.impersonatedUser : undefined);
  k('objectRef', isObject(ev.objectRef) ? ev.objectRef : undefined);
  k('responseStatus', isObject(ev.responseStatus) ? ev.responseStatus : undefined);
  k('annotations', isObject(ev.annotations) ? ev.annotations : undefined);
  k('requestObject', isObject(ev.requestObject) ? ev.requestObject : undefined);
  setField(doc, 'orchestrator.type', 'kubernetes');
  setField(doc, 'orchestrator.namespace', str(get(ev, 'objectRef', 'namespace')));
  setField(doc, 'orchestrator.resource.type', str(get(ev, 'objectRef', 'resource')));
  setField(doc, 'orchestrator.resource.name', str(get(ev, 'objectRef', 'name')));
  if (u.envelope) {
    setField(doc, 'cloud.provider', 'azure');
    setField(doc, 'azure.resource.id', str(u.envelope.resourceId));
    setField(doc, 'container.id', str(get(u.envelope, 'properties', 'containerID')));
  }
  return { doc, logsource: LOGSOURCE };
}

export const kubernetesAuditConnector = jsonConnector({
  id: 'kubernetes-audit',
  name: 'Kubernetes audit log',
  vendor: 'CNCF',
  product: 'Kubernetes',
  logsources: [LOGSOURCE],
  elasticFixtures: ['kubernetes/audit_logs'],
  map: mapRecord,
  detect(text) {
    if (text.includes('audit.k8s.io/v1') && /\\?"auditID\\?"/.test(text)) return 0.95;
    return /"category"\s*:\s*"kube-audit"/.test(text) ? 0.9 : 0;
  },
});
