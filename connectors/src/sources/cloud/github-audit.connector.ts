/**
 * GitHub audit log events (organization/enterprise audit log API or audit log streaming): `action` such as
 * `repo.create`, `org.update_member`, `api.request`; `actor` is the user who did it.
 */
import type { EcsDocument, ParseContext } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { get, ip, isoTime, relatedIp, relatedUser, str, type Json } from './json-record.js';

const LOGSOURCE = { product: 'github', service: 'audit' };

function typeOf(action: string): string {
  const verb = action.slice(action.lastIndexOf('.') + 1);
  if (/^(create|add|add_member|invite|generate|clone|fork|upload)/.test(verb)) return 'creation';
  if (/^(destroy|delete|remove|revoke)/.test(verb)) return 'deletion';
  if (/^(access|view|download|read|login)/.test(verb)) return 'access';
  return 'change';
}

function mapRecord(rec: Json, ctx: ParseContext): { doc: EcsDocument; logsource: typeof LOGSOURCE } | string {
  const action = str(rec.action);
  if (!action || (rec.actor === undefined && rec.actor_id === undefined))
    return 'not a GitHub audit event (no action/actor)';
  const ts =
    isoTime(rec['@timestamp'], ctx.options.timezone) ?? isoTime(rec.created_at, ctx.options.timezone);
  if (!ts) return `unreadable @timestamp ${JSON.stringify(rec['@timestamp'])}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', action);
  setField(doc, 'event.id', str(rec._document_id));
  setField(doc, 'event.category', ['configuration', 'web']);
  setField(doc, 'event.type', [typeOf(action)]);
  const actor = str(rec.actor);
  const actorId = str(rec.actor_id);
  setField(doc, 'user.name', actor);
  setField(doc, 'user.id', actorId);
  relatedUser(doc, actor, actorId);
  const target = str(rec.user);
  if (target) {
    setField(doc, 'user.target.name', target);
    setField(doc, 'user.target.id', str(rec.user_id));
    relatedUser(doc, target);
  }
  const src = ip(rec.actor_ip);
  setField(doc, 'source.ip', src);
  relatedIp(doc, src);
  setField(doc, 'source.geo.country_iso_code', str(get(rec, 'actor_location', 'country_code')));
  setField(doc, 'user_agent.original', str(rec.user_agent));
  setField(doc, 'organization.name', str(rec.org));
  setField(doc, 'organization.id', str(rec.org_id));
  const g = (k: string, v: unknown) => setField(doc, `github.${k}`, v);
  g('category', action.split('.')[0]);
  g('actor_is_bot', typeof rec.actor_is_bot === 'boolean' ? rec.actor_is_bot : undefined);
  g('business', str(rec.business));
  g('org', str(rec.org));
  g('repo', str(rec.repo));
  g('repository_public', typeof rec.public_repo === 'boolean' ? rec.public_repo : undefined);
  g('visibility', str(rec.visibility));
  g('operation_type', str(rec.operation_type));
  g('team', str(rec.team));
  g('permission', str(rec.permission));
  g('hashed_token', str(rec.hashed_token));
  g('token_scopes', str(rec.token_scopes));
  g('programmatic_access_type', str(rec.programmatic_access_type));
  // api.request events: the REST call made with the token (kept as vendor facts, as Elastic does).
  g('request_method', str(rec.request_method));
  g('route', str(rec.route));
  g('status_code', typeof rec.status_code === 'number' ? rec.status_code : undefined);
  return { doc, logsource: LOGSOURCE };
}

export const githubAuditConnector = jsonConnector({
  id: 'github-audit',
  name: 'GitHub audit log',
  vendor: 'GitHub',
  product: 'GitHub',
  logsources: [LOGSOURCE],
  elasticFixtures: ['github/audit'],
  map: mapRecord,
  detect(text) {
    if (!/"action"\s*:\s*"[a-z_]+\.[a-z_.]+"/.test(text) || !text.includes('"actor')) return 0;
    return /"(_document_id|business|org|repo|actor_location|hashed_token)"/.test(text) ? 0.9 : 0.5;
  },
});
