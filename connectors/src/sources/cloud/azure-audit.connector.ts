/**
 * Microsoft Entra ID (Azure AD) audit logs from Azure Monitor: directory changes (users, groups, roles,
 * applications) with the initiating user or app and the target resources.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { azureCategory, azureTime } from './azure.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isObject, num, relatedIp, relatedUser, splitEmail, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'azure', service: 'auditlogs' };

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const props = isObject(rec.properties) ? rec.properties : undefined;
  if (!props || azureCategory(rec) !== 'AuditLogs')
    return `not an Entra ID audit record (category ${JSON.stringify(azureCategory(rec))})`;
  const ts = azureTime(rec.time) ?? azureTime(props.activityDateTime);
  if (!ts) return `unreadable time ${JSON.stringify(rec.time)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', str(rec.operationName) ?? str(props.activityDisplayName));
  setField(doc, 'event.id', str(props.id));
  // operationType (Add/Assign/Update/Delete) stays a vendor fact (azure.auditlogs.operation_type): Elastic sets no
  // event.type for audit records.
  const result = (str(props.result) ?? '').toLowerCase();
  if (result)
    setField(
      doc,
      'event.outcome',
      result === 'success' ? 'success' : result === 'failure' ? 'failure' : 'unknown',
    );
  setField(doc, 'event.reason', str(props.resultReason));
  const dur = num(rec.durationMs);
  if (dur !== undefined) setField(doc, 'event.duration', dur * 1e6);
  setField(doc, 'log.level', str(rec.level ?? rec.Level));
  setField(doc, 'cloud.provider', 'azure');
  setField(doc, 'cloud.account.id', str(rec.tenantId));

  const caller = str(rec.callerIpAddress);
  setField(doc, 'source.address', caller);
  const initiator = isObject(props.initiatedBy) ? props.initiatedBy : {};
  const srcIp = ip(caller) ?? ip(get(initiator, 'user', 'ipAddress'));
  setField(doc, 'source.ip', srcIp);
  relatedIp(doc, srcIp);

  const user = isObject(initiator.user) ? initiator.user : undefined;
  const app = isObject(initiator.app) ? initiator.app : undefined;
  if (user) {
    const upn = str(user.userPrincipalName);
    setField(doc, 'user.name', upn ?? str(user.displayName));
    if (splitEmail(upn)) setField(doc, 'user.email', upn);
    setField(doc, 'user.id', str(user.id));
    relatedUser(doc, upn, user.id);
  }
  if (app) {
    setField(doc, 'azure.auditlogs.properties.initiated_by.app.display_name', str(app.displayName));
    setField(
      doc,
      'azure.auditlogs.properties.initiated_by.app.service_principal_id',
      str(app.servicePrincipalId),
    );
    setField(doc, 'azure.auditlogs.properties.initiated_by.app.app_id', str(app.appId));
    const sp = str(app.servicePrincipalId);
    if (sp) appendUnique(doc, 'related.entity', sp);
  }
  const targets = Array.isArray(props.targetResources) ? props.targetResources.filter(isObject) : [];
  for (const t of targets) {
    const id = str(t.id);
    if (id) appendUnique(doc, 'related.entity', id);
    if (str(t.type)?.toLowerCase() === 'user') {
      const tu = str(t.userPrincipalName) ?? str(t.displayName);
      setField(doc, 'user.target.name', tu);
      if (splitEmail(tu)) setField(doc, 'user.target.email', tu);
      setField(doc, 'user.target.id', id);
      relatedUser(doc, tu);
    } else if (str(t.type)?.toLowerCase() === 'group') {
      setField(doc, 'group.name', str(t.displayName));
      setField(doc, 'group.id', id);
    }
  }
  const additional = Array.isArray(props.additionalDetails) ? props.additionalDetails.filter(isObject) : [];
  // The client library named in additionalDetails is not the caller's browser: kept as a vendor field only.
  setField(doc, 'user_agent.original', str(props.userAgent));
  setField(
    doc,
    'azure.auditlogs.properties.additional_user_agent',
    str(additional.find((d) => d.key === 'User-Agent')?.value),
  );

  const az = (k: string, v: unknown) => setField(doc, `azure.auditlogs.${k}`, v);
  az('category', str(props.category));
  az('operation_name', str(rec.operationName));
  az('operation_type', str(props.operationType));
  az('result_signature', str(rec.resultSignature));
  az('result_description', str(rec.resultDescription));
  az('logged_by_service', str(props.loggedByService));
  az('identity', str(rec.identity));
  az('correlation_id', str(rec.correlationId));
  az('properties.target_resources', targets.length ? targets : undefined);
  az('properties.additional_details', additional.length ? additional : undefined);
  return { doc, logsource: LOGSOURCE };
}

export const azureAuditConnector = jsonConnector({
  id: 'azure-audit',
  name: 'Microsoft Entra ID audit logs',
  vendor: 'Microsoft',
  product: 'Entra ID',
  logsources: [LOGSOURCE],
  elasticFixtures: ['azure/auditlogs'],
  map: mapRecord,
  detect(text) {
    return /"category"\s*:\s*"AuditLogs"/.test(text) ? 0.95 : 0;
  },
});
