/**
 * Microsoft Defender for Endpoint alerts (`/api/alerts`, one alert per record, or an API page `{"value":[…]}`
 * holding one alert; an empty page is skipped). The evidence entity (file, process, user, IP, URL) fills the
 * matching ECS fields.
 */
import type { EcsDocument, ParseContext, SigmaLogsource } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  ip,
  isObject,
  isoTime,
  relatedHash,
  relatedHost,
  relatedIp,
  relatedUser,
  setUrl,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'microsoft', service: 'defender_endpoint' };

function statusType(status: string | undefined): string[] {
  switch (status) {
    case 'New':
      return ['creation', 'start'];
    case 'InProgress':
      return ['change'];
    case 'Resolved':
      return ['end'];
    default:
      return ['info'];
  }
}

function mapRecord(
  rec: Json,
  ctx: ParseContext,
): { doc: EcsDocument; logsource: SigmaLogsource } | string | { skip: string } {
  if (Array.isArray(rec.value)) {
    if (rec.value.length === 0) return { skip: 'empty alerts API page' };
    if (rec.value.length > 1 || !isObject(rec.value[0]))
      return `an API page of ${rec.value.length} alerts: feed its "value" elements one by one`;
    rec = rec.value[0];
  }
  if (!str(rec.id) || !('alertCreationTime' in rec) || !('machineId' in rec))
    return 'not a Defender for Endpoint alert (no id/alertCreationTime/machineId)';
  const ts = isoTime(rec.alertCreationTime, ctx.options.timezone);
  if (!ts) return `unreadable alertCreationTime ${JSON.stringify(rec.alertCreationTime)}`;
  const evidence = isObject(rec.evidence)
    ? rec.evidence
    : Array.isArray(rec.evidence) && isObject(rec.evidence[0])
      ? rec.evidence[0]
      : {};
  const entityType = str(evidence.entityType);
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'alert');
  const category = ['host'];
  if (str(rec.category) === 'Malware') category.push('malware');
  if (entityType === 'Process') category.push('process');
  setField(doc, 'event.category', category);
  const type = statusType(str(rec.status));
  setField(doc, 'event.type', entityType === 'User' ? ['user', ...type] : type);
  setField(doc, 'event.action', str(rec.category));
  setField(doc, 'event.id', str(rec.id));
  setField(doc, 'event.provider', 'defender_endpoint');
  setField(doc, 'event.created', str(rec.alertCreationTime));
  setField(doc, 'event.start', str(rec.firstEventTime));
  setField(doc, 'event.end', str(rec.lastEventTime));
  setField(doc, 'event.severity_name', str(rec.severity));
  setField(doc, 'message', str(rec.title));
  setField(doc, 'rule.description', str(rec.description));
  setField(doc, 'threat.technique.name', str(rec.category));
  setField(doc, 'threat.framework', 'MITRE ATT&CK');
  const mitre = Array.isArray(rec.mitreTechniques) ? rec.mitreTechniques : [];
  for (const t of mitre) appendUnique(doc, 'threat.technique.id', str(t));

  const host = str(rec.computerDnsName);
  setField(doc, 'host.name', host);
  setField(doc, 'host.hostname', host);
  relatedHost(doc, host);
  setField(doc, 'cloud.provider', 'azure');
  setField(doc, 'cloud.account.id', str(rec.aadTenantId));
  setField(doc, 'cloud.instance.id', str(rec.machineId));
  setField(doc, 'observer.name', str(rec.detectionSource));

  const related = isObject(rec.relatedUser) ? rec.relatedUser : undefined;
  const userName = str(related?.userName) ?? str(evidence.accountName);
  setField(doc, 'user.name', userName);
  setField(doc, 'user.domain', str(related?.domainName) ?? str(evidence.domainName));
  setField(doc, 'user.id', str(evidence.userSid) ?? str(evidence.aadUserId));
  relatedUser(doc, userName);

  setField(doc, 'file.name', str(evidence.fileName));
  setField(doc, 'file.path', str(evidence.filePath));
  setField(doc, 'file.hash.sha1', str(evidence.sha1));
  setField(doc, 'file.hash.sha256', str(evidence.sha256));
  relatedHash(doc, evidence.sha1, evidence.sha256);
  setField(doc, 'process.pid', toInt(evidence.processId));
  setField(doc, 'process.command_line', str(evidence.processCommandLine));
  setField(doc, 'process.start', str(evidence.processCreationTime));
  setField(doc, 'process.parent.pid', toInt(evidence.parentProcessId));
  setField(doc, 'process.parent.start', str(evidence.parentProcessCreationTime));
  const evIp = ip(evidence.ipAddress);
  if (evIp) {
    setField(doc, 'destination.ip', evIp);
    relatedIp(doc, evIp);
  }
  if (str(evidence.url)) setUrl(doc, evidence.url);

  const m = (k: string, v: unknown) => setField(doc, `microsoft.defender_endpoint.${k}`, v);
  m('incidentId', str(rec.incidentId));
  m('investigationId', str(rec.investigationId));
  m('investigationState', str(rec.investigationState));
  m('assignedTo', str(rec.assignedTo));
  m('status', str(rec.status));
  m('classification', str(rec.classification));
  m('determination', str(rec.determination));
  m('threatFamilyName', str(rec.threatFamilyName));
  m('lastUpdateTime', str(rec.lastUpdateTime));
  m('resolvedTime', str(rec.resolvedTime));
  m('rbacGroupName', str(rec.rbacGroupName));
  m('evidence.entityType', entityType);
  m('evidence.userPrincipalName', str(evidence.userPrincipalName));
  return { doc, logsource: LOGSOURCE };
}

export const defenderEndpointConnector = jsonConnector({
  id: 'defender-endpoint',
  name: 'Microsoft Defender for Endpoint alerts',
  vendor: 'Microsoft',
  product: 'Defender for Endpoint',
  logsources: [LOGSOURCE],
  elasticFixtures: ['microsoft_defender_endpoint/log'],
  observer: { vendor: 'Microsoft', product: 'Defender for Endpoint', type: 'EDR' },
  map: mapRecord,
  detect(text) {
    if (/^\s*\{\s*"value"\s*:\s*\[\s*\]\s*\}\s*$/.test(text)) return 0.3;
    return text.includes('"alertCreationTime"') && text.includes('"machineId"') ? 0.95 : 0;
  },
});
