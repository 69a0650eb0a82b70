/**
 * Google Workspace Admin SDK Reports API activities (`admin#reports#activity`): the `login` application
 * (sign-ins, challenges, account warnings) and the `admin` console audit, plus the other applications
 * (drive, token, saml…) with generic mapping. One activity per record; its first event drives the ECS fields.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
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

interface Categorised {
  kind?: string;
  category: string[];
  type: string[];
  outcome?: string;
}

function paramValue(params: Json[], name: string): unknown {
  const p = params.find((x) => x.name === name);
  if (!p) return undefined;
  return p.value ?? p.intValue ?? p.boolValue ?? p.multiValue ?? p.multiIntValue;
}

function challengeOutcome(params: Json[]): string | undefined {
  const status = str(paramValue(params, 'login_challenge_status'))?.toLowerCase();
  if (!status) return undefined;
  return /passed/.test(status) ? 'success' : 'failure';
}

function loginCategory(name: string, params: Json[]): Categorised {
  switch (name) {
    case 'login_success':
      return { category: ['authentication', 'session'], type: ['start'], outcome: 'success' };
    case 'login_failure':
      return { category: ['authentication', 'session'], type: ['start'], outcome: 'failure' };
    case 'logout':
      return { category: ['authentication', 'session'], type: ['end'] };
    case 'login_challenge':
    case 'login_verification':
      return { category: ['authentication'], type: ['info'], outcome: challengeOutcome(params) };
    case 'gov_attack_warning':
      return { kind: 'alert', category: ['iam'], type: ['user'] };
    case 'account_disabled_password_leak':
      return { category: ['iam'], type: ['user', 'info'] };
    case 'risky_sensitive_action_allowed':
      return { category: ['configuration'], type: ['info'], outcome: 'success' };
    case 'risky_sensitive_action_blocked':
      return { category: ['configuration'], type: ['info'], outcome: 'failure' };
    default:
      if (name.startsWith('account_disabled_')) return { category: ['iam'], type: ['user', 'change'] };
      if (name.startsWith('suspicious_')) return { category: ['authentication'], type: ['info'] };
      if (/password_edit|recovery_|2sv_|titanium_/.test(name))
        return { category: ['iam'], type: ['user', 'change'] };
      return { category: ['authentication'], type: ['info'] };
  }
}

function adminCategory(type: string, name: string): Categorised {
  const verb = /^(CREATE|ADD|GRANT|ASSIGN)/.test(name)
    ? 'creation'
    : /^(DELETE|REMOVE|REVOKE|UNASSIGN)/.test(name)
      ? 'deletion'
      : 'change';
  if (/USER_SETTINGS|USER_/.test(type) || /_USER|USER_/.test(name))
    return { category: ['iam'], type: ['user', verb] };
  if (/GROUP/.test(type) || /GROUP/.test(name)) return { category: ['iam'], type: ['group', verb] };
  if (/ROLE|DELEGATED_ADMIN/.test(type) || /ROLE|ADMIN_PRIVILEGE/.test(name))
    return { category: ['iam'], type: ['admin', verb] };
  return { category: ['configuration'], type: [verb] };
}

function mapRecord(
  rec: Json,
): { doc: EcsDocument; logsource: { product: string; service: string } } | string {
  const app = str(get(rec, 'id', 'applicationName'));
  if (str(rec.kind) !== 'admin#reports#activity' && !app)
    return 'not a Google Workspace activity (kind/id.applicationName)';
  const events = Array.isArray(rec.events)
    ? rec.events.filter(isObject)
    : isObject(rec.events)
      ? [rec.events]
      : [];
  const first = events[0];
  if (!first) return 'Google Workspace activity without events';
  const ts = isoTime(get(rec, 'id', 'time'));
  if (!ts) return `unreadable id.time ${JSON.stringify(get(rec, 'id', 'time'))}`;
  const name = str(first.name) ?? '';
  const evType = str(first.type) ?? '';
  const params = Array.isArray(first.parameters) ? first.parameters.filter(isObject) : [];
  const c =
    app === 'login'
      ? loginCategory(name, params)
      : app === 'admin'
        ? adminCategory(evType, name)
        : { category: ['configuration'], type: ['info'] };
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', c.kind ?? 'event');
  setField(doc, 'event.category', c.category);
  setField(doc, 'event.type', c.type);
  setField(doc, 'event.outcome', c.outcome);
  setField(doc, 'event.action', name);
  setField(doc, 'event.provider', app);
  setField(doc, 'event.id', str(get(rec, 'id', 'uniqueQualifier')));

  const actorEmail = str(get(rec, 'actor', 'email'));
  const actorId = str(get(rec, 'actor', 'profileId'));
  const actor = splitEmail(actorEmail);
  if (actor) {
    setField(doc, 'user.name', actor.name);
    setField(doc, 'user.domain', actor.domain);
    setField(doc, 'source.user.name', actor.name);
    setField(doc, 'source.user.domain', actor.domain);
  }
  setField(doc, 'user.email', actorEmail);
  setField(doc, 'user.id', actorId);
  setField(doc, 'source.user.email', actorEmail);
  setField(doc, 'source.user.id', actorId);
  relatedUser(doc, actor?.name);
  const src = ip(rec.ipAddress);
  setField(doc, 'source.ip', src);
  relatedIp(doc, src);
  setField(doc, 'organization.id', str(get(rec, 'id', 'customerId')));

  const targetEmail =
    str(paramValue(params, 'affected_email_address')) ?? str(paramValue(params, 'USER_EMAIL'));
  const target = splitEmail(targetEmail);
  if (target) {
    setField(doc, 'user.target.name', target.name);
    setField(doc, 'user.target.domain', target.domain);
    setField(doc, 'user.target.email', targetEmail);
    relatedUser(doc, target.name);
  }
  const groupEmail = str(paramValue(params, 'GROUP_EMAIL'));
  setField(doc, 'group.name', groupEmail);

  const flatParams: Json = {};
  for (const p of params) if (typeof p.name === 'string') flatParams[p.name] = paramValue(params, p.name);
  const gw =
    app === 'login'
      ? 'google_workspace.login'
      : app === 'admin'
        ? 'google_workspace.admin'
        : `google_workspace.${app ?? 'activity'}`;
  setField(doc, `${gw}.type`, evType);
  if (Object.keys(flatParams).length) setField(doc, `${gw}.parameters`, flatParams);
  setField(doc, 'google_workspace.actor.type', str(get(rec, 'actor', 'callerType')));
  setField(doc, 'google_workspace.kind', str(rec.kind));
  setField(doc, 'google_workspace.organization.domain', str(rec.ownerDomain));
  if (events.length > 1) setField(doc, 'google_workspace.events', events);
  return {
    doc,
    logsource: { product: 'google_workspace', service: `google_workspace.${app ?? 'activity'}` },
  };
}

export const googleWorkspaceConnector = jsonConnector({
  id: 'google-workspace',
  name: 'Google Workspace audit (login, admin)',
  vendor: 'Google',
  product: 'Workspace',
  logsources: [
    { product: 'google_workspace', service: 'google_workspace.login' },
    { product: 'google_workspace', service: 'google_workspace.admin' },
  ],
  elasticFixtures: ['google_workspace/login'],
  map: mapRecord,
  detect(text) {
    if (text.includes('admin#reports#activity')) return 0.95;
    return text.includes('"applicationName"') && text.includes('"events"') ? 0.6 : 0;
  },
});
