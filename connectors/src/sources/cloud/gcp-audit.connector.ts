/**
 * Google Cloud audit logs (Cloud Logging `LogEntry` with a `google.cloud.audit.AuditLog` protoPayload):
 * admin activity, data access, system event and policy logs. `methodName` is the action; a non-zero
 * `status.code` (gRPC code) makes the outcome a failure.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isObject, isoTime, num, relatedIp, relatedUser, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'gcp', service: 'gcp.audit' };

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const proto = isObject(rec.protoPayload) ? rec.protoPayload : undefined;
  if (!proto || !/google\.cloud\.audit\.AuditLog/.test(str(proto['@type']) ?? ''))
    return 'not a GCP audit LogEntry (no AuditLog protoPayload)';
  const ts = isoTime(rec.timestamp) ?? isoTime(rec.receiveTimestamp);
  if (!ts) return `unreadable timestamp ${JSON.stringify(rec.timestamp)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', str(proto.methodName));
  setField(doc, 'event.id', str(rec.insertId));
  setField(doc, 'event.provider', str(proto.serviceName));
  const code = num(get(proto, 'status', 'code'));
  setField(doc, 'event.outcome', code === undefined || code === 0 ? 'success' : 'failure');
  setField(doc, 'event.category', ['network', 'configuration']);
  const authz = Array.isArray(proto.authorizationInfo) ? proto.authorizationInfo.filter(isObject) : [];
  if (authz.length) {
    const granted = authz.every((a) => a.granted === true);
    setField(doc, 'event.type', ['access', granted ? 'allowed' : 'denied']);
  } else {
    setField(doc, 'event.type', ['access']);
  }

  const meta = isObject(proto.requestMetadata) ? proto.requestMetadata : {};
  const callerIp = ip(meta.callerIp);
  setField(doc, 'source.ip', callerIp);
  relatedIp(doc, callerIp);
  setField(doc, 'user_agent.original', str(meta.callerSuppliedUserAgent));
  const principal = str(get(proto, 'authenticationInfo', 'principalEmail'));
  setField(doc, 'user.email', principal);
  relatedUser(doc, principal);

  const labels = isObject(get(rec, 'resource', 'labels')) ? (get(rec, 'resource', 'labels') as Json) : {};
  setField(doc, 'cloud.provider', 'gcp');
  setField(doc, 'cloud.project.id', str(labels.project_id));
  const location = str(labels.location) ?? str(labels.zone) ?? str(labels.region);
  if (location && /-[a-z]$/.test(location)) {
    setField(doc, 'cloud.availability_zone', location);
    setField(doc, 'cloud.region', location.replace(/-[a-z]$/, ''));
  } else setField(doc, 'cloud.region', location);

  const g = (k: string, v: unknown) => setField(doc, `gcp.audit.${k}`, v);
  g('type', str(proto['@type']));
  g('log_name', str(rec.logName));
  g('method_name', str(proto.methodName));
  g('service_name', str(proto.serviceName));
  g('resource_name', str(proto.resourceName));
  g('resource_location.current_locations', get(proto, 'resourceLocation', 'currentLocations'));
  g('num_response_items', num(proto.numResponseItems));
  g('status.code', code);
  g('status.message', str(get(proto, 'status', 'message')));
  g('authentication_info.principal_email', principal);
  g('authentication_info.authority_selector', str(get(proto, 'authenticationInfo', 'authoritySelector')));
  g('authorization_info', authz.length ? authz : undefined);
  g('request', isObject(proto.request) ? proto.request : undefined);
  g('response', isObject(proto.response) ? proto.response : undefined);
  g('resource.type', str(get(rec, 'resource', 'type')));
  g('resource.labels', Object.keys(labels).length ? labels : undefined);
  g('operation', isObject(rec.operation) ? rec.operation : undefined);
  return { doc, logsource: LOGSOURCE };
}

export const gcpAuditConnector = jsonConnector({
  id: 'gcp-audit',
  name: 'Google Cloud audit logs',
  vendor: 'Google',
  product: 'Cloud Audit Logs',
  logsources: [LOGSOURCE],
  elasticFixtures: ['gcp/audit'],
  map: mapRecord,
  detect(text) {
    return text.includes('"protoPayload"') && text.includes('google.cloud.audit.AuditLog') ? 0.95 : 0;
  },
});
