/**
 * Microsoft Entra ID (Azure AD) sign-in logs from Azure Monitor diagnostic settings: interactive,
 * non-interactive, service principal, managed identity and AD FS sign-ins. `resultType` 0 is a success.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { azureCategory, azureTime, SIGNIN_CATEGORIES } from './azure.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isObject, num, relatedIp, relatedUser, splitEmail, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'azure', service: 'signinlogs' };

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const category = azureCategory(rec);
  const props = isObject(rec.properties) ? rec.properties : undefined;
  if (!props || !(category && SIGNIN_CATEGORIES.has(category)))
    return `not an Entra ID sign-in record (category ${JSON.stringify(category)})`;
  const ts = azureTime(rec.time) ?? azureTime(props.createdDateTime);
  if (!ts) return `unreadable time ${JSON.stringify(rec.time)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.category', ['authentication']);
  setField(doc, 'event.type', ['info']);
  setField(doc, 'event.action', str(rec.operationName));
  setField(doc, 'event.id', str(props.id));
  setField(doc, 'event.duration', num(rec.durationMs) !== undefined ? num(rec.durationMs)! * 1e6 : undefined);
  const resultType = str(rec.resultType) ?? str(get(props, 'status', 'errorCode'));
  if (resultType !== undefined) setField(doc, 'event.outcome', resultType === '0' ? 'success' : 'failure');
  setField(doc, 'log.level', str(rec.level ?? rec.Level));
  setField(doc, 'cloud.provider', 'azure');
  setField(doc, 'cloud.account.id', str(rec.tenantId) ?? str(props.tenantId));

  const callerIp = ip(rec.callerIpAddress) ?? ip(props.ipAddress);
  setField(doc, 'source.address', str(rec.callerIpAddress) ?? str(props.ipAddress));
  setField(doc, 'source.ip', callerIp);
  setField(doc, 'client.ip', callerIp);
  relatedIp(doc, callerIp);
  const loc = isObject(props.location) ? props.location : {};
  setField(doc, 'source.geo.city_name', str(loc.city));
  setField(doc, 'source.geo.country_iso_code', str(loc.countryOrRegion));

  // The signed-in identity: a user principal, or an application/managed identity.
  const upn = str(props.userPrincipalName);
  const userId = str(props.userId);
  const displayName =
    str(props.userDisplayName) ?? (typeof rec.identity === 'string' ? str(rec.identity) : undefined);
  if (upn) {
    setField(doc, 'user.name', upn);
    if (splitEmail(upn)) setField(doc, 'user.email', upn);
  } else if (str(props.servicePrincipalName)) {
    setField(doc, 'user.name', str(props.servicePrincipalName));
  }
  setField(doc, 'user.id', userId ?? str(props.servicePrincipalId));
  setField(doc, 'user.full_name', displayName);
  relatedUser(doc, userId, upn, displayName);
  for (const e of [props.appId, props.resourceId, userId]) {
    const s = str(e);
    if (s) appendUnique(doc, 'related.entity', s);
  }
  setField(doc, 'service.name', str(props.appDisplayName));
  setField(doc, 'user_agent.original', str(props.userAgent));
  setField(doc, 'host.os.full', str(get(props, 'deviceDetail', 'operatingSystem')));
  setField(doc, 'host.id', str(get(props, 'deviceDetail', 'deviceId')));

  const az = (k: string, v: unknown) => setField(doc, `azure.signinlogs.${k}`, v);
  az('category', category);
  az('operation_name', str(rec.operationName));
  az('result_type', resultType);
  az('result_signature', str(rec.resultSignature));
  az('result_description', str(rec.resultDescription) ?? str(get(props, 'status', 'failureReason')));
  az('identity', typeof rec.identity === 'string' ? rec.identity : undefined);
  az('tenant_id', str(rec.tenantId));
  az('correlation_id', str(rec.correlationId));
  az('properties', props);
  return { doc, logsource: LOGSOURCE };
}

export const azureSigninConnector = jsonConnector({
  id: 'azure-signin',
  name: 'Microsoft Entra ID sign-in logs',
  vendor: 'Microsoft',
  product: 'Entra ID',
  logsources: [LOGSOURCE],
  elasticFixtures: ['azure/signinlogs'],
  map: mapRecord,
  detect(text) {
    const m = /"category"\s*:\s*"(\w+)"/.exec(text);
    return m && SIGNIN_CATEGORIES.has(m[1]) ? 0.95 : 0;
  },
});
