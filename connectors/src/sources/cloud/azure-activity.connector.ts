/**
 * Azure Activity log (subscription control plane) from Azure Monitor: Administrative, Policy, Security,
 * ServiceHealth, ResourceHealth, Alert, Autoscale and Recommendation records. `operationName` is the action.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { ACTIVITY_CATEGORIES, azureCategory, azureTime } from './azure.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isObject, num, relatedIp, relatedUser, splitEmail, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'azure', service: 'activitylogs' };
const CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';

function outcomeOf(resultType: string | undefined): string | undefined {
  const r = resultType?.toLowerCase();
  if (!r) return undefined;
  if (r === 'success' || r === 'succeeded') return 'success';
  if (r === 'failure' || r === 'failed') return 'failure';
  return undefined;
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const category = azureCategory(rec);
  const operation = str(rec.operationName) ?? str(get(rec, 'operationName', 'value'));
  if (
    !operation ||
    !category ||
    !(ACTIVITY_CATEGORIES.has(category) || /^\/subscriptions\//i.test(str(rec.resourceId) ?? ''))
  ) {
    return `not an Azure Activity log record (category ${JSON.stringify(category)})`;
  }
  const ts = azureTime(rec.time);
  if (!ts) return `unreadable time ${JSON.stringify(rec.time)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', operation);
  if (category === 'Administrative' || category === 'Action') setField(doc, 'event.type', ['change']);
  setField(doc, 'event.outcome', outcomeOf(str(rec.resultType)));
  const dur = num(rec.durationMs);
  if (dur !== undefined) setField(doc, 'event.duration', dur * 1e6);
  setField(doc, 'log.level', str(rec.level ?? rec.Level));
  setField(doc, 'cloud.provider', 'azure');
  const sub = /^\/subscriptions\/([^/]+)/i.exec(str(rec.resourceId) ?? '')?.[1];
  setField(doc, 'cloud.account.id', sub);
  const callerIp = ip(rec.callerIpAddress);
  setField(doc, 'source.ip', callerIp);
  relatedIp(doc, callerIp);
  const resourceId = str(rec.resourceId);
  if (resourceId) appendUnique(doc, 'related.entity', resourceId);

  const identity = isObject(rec.identity) ? rec.identity : undefined;
  const claims = isObject(identity?.claims) ? identity.claims : {};
  const name =
    str(claims[`${CLAIM}name`]) ?? str(claims[`${CLAIM}upn`]) ?? str(claims.upn) ?? str(claims.unique_name);
  if (name) {
    setField(doc, 'user.name', name);
    if (splitEmail(name)) setField(doc, 'user.email', name);
    relatedUser(doc, name);
  }
  const given = str(claims[`${CLAIM}givenname`]);
  const surname = str(claims[`${CLAIM}surname`]);
  if (given || surname) setField(doc, 'user.full_name', [given, surname].filter(Boolean).join(' '));
  const principal =
    str(get(identity, 'authorization', 'evidence', 'principalId')) ??
    str(claims['http://schemas.microsoft.com/identity/claims/objectidentifier']);
  setField(doc, 'user.id', principal);
  if (principal) appendUnique(doc, 'related.entity', principal);

  const az = (k: string, v: unknown) => setField(doc, `azure.activitylogs.${k}`, v);
  az('category', category);
  az('operation_name', operation);
  az('result_type', str(rec.resultType));
  az('result_signature', str(rec.resultSignature));
  az('correlation_id', str(rec.correlationId));
  az('identity.authorization', identity?.authorization);
  az('identity.claims', Object.keys(claims).length ? claims : undefined);
  az('caller', str(rec.caller));
  az('properties', isObject(rec.properties) ? rec.properties : undefined);
  setField(doc, 'azure.resource.id', resourceId);
  return { doc, logsource: LOGSOURCE };
}

export const azureActivityConnector = jsonConnector({
  id: 'azure-activity',
  name: 'Azure Activity log',
  vendor: 'Microsoft',
  product: 'Azure',
  logsources: [LOGSOURCE],
  elasticFixtures: ['azure/activitylogs'],
  map: mapRecord,
  detect(text) {
    const m = /"category"\s*:\s*"(\w+)"/.exec(text);
    if (!m || !ACTIVITY_CATEGORIES.has(m[1]) || !text.includes('"operationName"')) return 0;
    return /"resourceId"\s*:\s*"\/subscriptions\//i.test(text) ? 0.9 : 0.7;
  },
});
