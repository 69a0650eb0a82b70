/**
 * Okta System Log API events (`/api/v1/logs`, LogEvent objects). Implemented from Okta's documented schema:
 * `eventType` is the action, `actor` the principal, `client` the source, `outcome.result` the outcome
 * (SUCCESS/ALLOW → success, FAILURE/DENY → failure), `target[]` the affected users, groups and apps.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  get,
  ip,
  isObject,
  isoTime,
  relatedIp,
  relatedUser,
  splitEmail,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE = { product: 'okta', service: 'okta' };

interface Categorised {
  kind?: string;
  category?: string[];
  type?: string[];
}

/** ECS categorisation of an Okta eventType. */
export function oktaCategorize(eventType: string): Categorised {
  if (/^user\.session\.start$|^user\.authentication\./.test(eventType))
    return { category: ['authentication', 'session'], type: ['start'] };
  if (eventType === 'user.session.end') return { category: ['authentication', 'session'], type: ['end'] };
  if (/^user\.mfa\./.test(eventType)) return { category: ['authentication'], type: ['info'] };
  if (eventType === 'user.lifecycle.create') return { category: ['iam'], type: ['user', 'creation'] };
  if (eventType === 'user.lifecycle.delete.initiated' || eventType === 'user.lifecycle.delete.completed')
    return { category: ['iam'], type: ['user', 'deletion'] };
  if (/^user\.(lifecycle|account)\./.test(eventType)) return { category: ['iam'], type: ['user', 'change'] };
  if (/^group\.user_membership\./.test(eventType)) return { category: ['iam'], type: ['group', 'change'] };
  if (/^group\.lifecycle\.create/.test(eventType)) return { category: ['iam'], type: ['group', 'creation'] };
  if (/^group\.lifecycle\.delete/.test(eventType)) return { category: ['iam'], type: ['group', 'deletion'] };
  if (/^(user\.account\.privilege|group\.privilege|iam\.)/.test(eventType))
    return { category: ['iam'], type: ['admin', 'change'] };
  if (/^(security\.threat\.detected|security\.attack\.|security\.breached_credential)/.test(eventType))
    return { kind: 'alert', category: ['intrusion_detection'], type: ['info'] };
  if (/^(policy|system|application|zone|network_zone|org)\./.test(eventType)) {
    const verb = /\.(create|add)/.test(eventType)
      ? 'creation'
      : /\.(delete|remove)/.test(eventType)
        ? 'deletion'
        : 'change';
    return { category: ['configuration'], type: [verb] };
  }
  if (/^app\./.test(eventType)) return { category: ['configuration'], type: ['info'] };
  return {};
}

function outcomeOf(result: string | undefined): string | undefined {
  switch (result?.toUpperCase()) {
    case 'SUCCESS':
    case 'ALLOW':
      return 'success';
    case 'FAILURE':
    case 'DENY':
      return 'failure';
    case undefined:
      return undefined;
    default:
      return 'unknown';
  }
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const eventType = str(rec.eventType);
  if (!eventType || !isObject(rec.actor)) return 'not an Okta System Log event (no eventType/actor)';
  const ts = isoTime(rec.published);
  if (!ts) return `unreadable published ${JSON.stringify(rec.published)}`;
  const doc: EcsDocument = {};
  const c = oktaCategorize(eventType);
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', c.kind ?? 'event');
  setField(doc, 'event.category', c.category);
  setField(doc, 'event.type', c.type);
  setField(doc, 'event.action', eventType);
  setField(doc, 'event.id', str(rec.uuid));
  const result = str(get(rec, 'outcome', 'result'));
  setField(doc, 'event.outcome', outcomeOf(result));
  setField(doc, 'event.reason', str(get(rec, 'outcome', 'reason')));
  setField(doc, 'message', str(rec.displayMessage));

  const actor = rec.actor as Json;
  const login = str(actor.alternateId);
  const actorType = str(actor.type);
  if (login && login !== 'unknown') {
    setField(doc, 'user.name', login);
    const email = splitEmail(login);
    if (email) {
      setField(doc, 'user.email', login);
      setField(doc, 'user.domain', email.domain);
    }
  }
  setField(doc, 'user.id', str(actor.id));
  setField(doc, 'user.full_name', str(actor.displayName));
  relatedUser(doc, login !== 'unknown' ? login : undefined, actor.displayName);

  const client = isObject(rec.client) ? rec.client : {};
  const src = ip(client.ipAddress) ?? ip(get(rec, 'request', 'ipChain', '0', 'ip'));
  setField(doc, 'source.ip', src);
  setField(doc, 'client.ip', src);
  relatedIp(doc, src);
  const chain = get(rec, 'request', 'ipChain');
  if (Array.isArray(chain)) for (const hop of chain) if (isObject(hop)) relatedIp(doc, hop.ip);
  const geo = isObject(client.geographicalContext) ? client.geographicalContext : {};
  setField(doc, 'source.geo.city_name', str(geo.city));
  setField(doc, 'source.geo.region_name', str(geo.state));
  setField(doc, 'source.geo.country_name', str(geo.country));
  setField(doc, 'source.geo.postal_code', str(geo.postalCode));
  const lat = get(geo, 'geolocation', 'lat');
  const lon = get(geo, 'geolocation', 'lon');
  if (typeof lat === 'number' && typeof lon === 'number') setField(doc, 'source.geo.location', { lat, lon });
  setField(
    doc,
    'source.as.number',
    typeof get(rec, 'securityContext', 'asNumber') === 'number'
      ? get(rec, 'securityContext', 'asNumber')
      : undefined,
  );
  setField(doc, 'source.as.organization.name', str(get(rec, 'securityContext', 'asOrg')));
  setField(doc, 'source.domain', str(get(rec, 'securityContext', 'domain')));
  setField(doc, 'user_agent.original', str(get(client, 'userAgent', 'rawUserAgent')));

  const targets = Array.isArray(rec.target) ? rec.target.filter(isObject) : [];
  for (const t of targets) {
    const type = str(t.type);
    if (type === 'User') {
      setField(doc, 'user.target.name', str(t.alternateId));
      setField(doc, 'user.target.id', str(t.id));
      setField(doc, 'user.target.full_name', str(t.displayName));
      if (splitEmail(t.alternateId)) setField(doc, 'user.target.email', str(t.alternateId));
      relatedUser(doc, t.alternateId);
    } else if (type === 'UserGroup') {
      setField(doc, 'user.target.group.name', str(t.displayName));
      setField(doc, 'user.target.group.id', str(t.id));
    }
    if (str(t.id)) appendUnique(doc, 'related.entity', str(t.id));
  }

  const o = (k: string, v: unknown) => setField(doc, `okta.${k}`, v);
  o('uuid', str(rec.uuid));
  o('event_type', eventType);
  o('legacy_event_type', str(rec.legacyEventType));
  o('display_message', str(rec.displayMessage));
  o('severity', str(rec.severity));
  o('outcome.result', result);
  o('outcome.reason', str(get(rec, 'outcome', 'reason')));
  o('actor.id', str(actor.id));
  o('actor.type', actorType);
  o('actor.alternate_id', login);
  o('actor.display_name', str(actor.displayName));
  o('client.zone', str(client.zone));
  o('client.device', str(client.device));
  o('client.id', str(client.id));
  o('authentication_context', isObject(rec.authenticationContext) ? rec.authenticationContext : undefined);
  o('security_context', isObject(rec.securityContext) ? rec.securityContext : undefined);
  o('debug_context.debug_data', get(rec, 'debugContext', 'debugData'));
  o('transaction', isObject(rec.transaction) ? rec.transaction : undefined);
  o('target', targets.length ? targets : undefined);
  return { doc, logsource: LOGSOURCE };
}

export const oktaConnector = jsonConnector({
  id: 'okta',
  name: 'Okta System Log',
  vendor: 'Okta',
  product: 'Okta Identity Cloud',
  logsources: [LOGSOURCE],
  elasticFixtures: [],
  map: mapRecord,
  detect(text) {
    return text.includes('"eventType"') &&
      text.includes('"published"') &&
      /"(displayMessage|legacyEventType)"/.test(text)
      ? 0.95
      : 0;
  },
});
