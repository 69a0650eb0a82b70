/**
 * 1Password Events API: sign-in attempts (`/api/v1/signinattempts`) and item usage (`/api/v1/itemusages`).
 * Sign-in `category` is the result (`success`, `credentials_failed`, `mfa_failed`, `firewall_failed`…).
 */
import type { EcsDocument, ParseContext, SigmaLogsource } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { ip, isObject, isoTime, relatedIp, relatedUser, str, type Json } from './json-record.js';

const SIGNIN: SigmaLogsource = { product: '1password', service: 'signin_attempts' };
const ITEM_USAGE: SigmaLogsource = { product: '1password', service: 'item_usages' };

function setClient(doc: EcsDocument, client: unknown): void {
  if (!isObject(client)) return;
  const src = ip(client.ip_address);
  setField(doc, 'source.ip', src);
  relatedIp(doc, src);
  setField(doc, 'host.os.name', str(client.os_name));
  setField(doc, 'host.os.version', str(client.os_version));
  setField(doc, 'onepassword.client', client);
}

function setUser(doc: EcsDocument, user: unknown): void {
  if (!isObject(user)) return;
  setField(doc, 'user.id', str(user.uuid));
  setField(doc, 'user.full_name', str(user.name));
  setField(doc, 'user.email', str(user.email));
  relatedUser(doc, user.uuid, user.email, user.name);
}

function mapRecord(rec: Json, ctx: ParseContext): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const isSignin = 'session_uuid' in rec && ('target_user' in rec || 'category' in rec);
  const isItem = 'item_uuid' in rec && 'vault_uuid' in rec;
  if (!isSignin && !isItem)
    return 'not a 1Password sign-in attempt or item usage (no session_uuid/item_uuid)';
  const ts = isoTime(rec.timestamp, ctx.options.timezone);
  if (!ts) return `unreadable timestamp ${JSON.stringify(rec.timestamp)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.id', str(rec.uuid));
  setClient(doc, rec.client);
  if (isSignin) {
    const category = str(rec.category);
    setField(doc, 'event.category', ['authentication']);
    setField(doc, 'event.type', ['info']);
    setField(doc, 'event.action', category);
    setField(doc, 'event.outcome', category === 'success' ? 'success' : category ? 'failure' : undefined);
    setField(doc, 'event.reason', str(rec.type));
    setUser(doc, rec.target_user);
    setField(doc, 'source.geo.country_iso_code', str(rec.country));
    setField(doc, 'onepassword.session_uuid', str(rec.session_uuid));
    setField(doc, 'onepassword.type', str(rec.type));
    setField(doc, 'onepassword.category', category);
    setField(doc, 'onepassword.details', isObject(rec.details) ? rec.details : undefined);
    return { doc, logsource: SIGNIN };
  }
  setField(doc, 'event.category', ['file']);
  setField(doc, 'event.type', ['access']);
  setField(doc, 'event.action', str(rec.action) ?? 'item-usage');
  setField(doc, 'event.outcome', 'success');
  setUser(doc, rec.user);
  setField(doc, 'onepassword.item_uuid', str(rec.item_uuid));
  setField(doc, 'onepassword.vault_uuid', str(rec.vault_uuid));
  setField(
    doc,
    'onepassword.used_version',
    typeof rec.used_version === 'number' ? rec.used_version : undefined,
  );
  return { doc, logsource: ITEM_USAGE };
}

export const onePasswordConnector = jsonConnector({
  id: '1password',
  name: '1Password Events API',
  vendor: '1Password',
  product: '1Password Business',
  logsources: [SIGNIN, ITEM_USAGE],
  elasticFixtures: ['1password/signin_attempts'],
  map: mapRecord,
  detect(text) {
    if (text.includes('"session_uuid"') && text.includes('"target_user"')) return 0.95;
    return text.includes('"item_uuid"') && text.includes('"vault_uuid"') ? 0.95 : 0;
  },
});
