/**
 * Proofpoint Targeted Attack Protection SIEM API records: clicks (blocked/permitted) and messages
 * (blocked/delivered). A single record does not say which list it came from: set the option
 * `tapStream` (`clicks_blocked`, `clicks_permitted`, `messages_blocked`, `messages_delivered`) when importing a
 * list; by default clicks count as blocked and messages as delivered.
 */
import type { EcsDocument, ParseContext, SigmaLogsource } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { ip, isObject, isoTime, relatedIp, setUrl, str, type Json } from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'proofpoint', service: 'tap' };

function mapClick(rec: Json, doc: EcsDocument, stream: string): void {
  setField(doc, 'event.type', [stream === 'clicks_permitted' ? 'allowed' : 'denied']);
  const sender = ip(rec.senderIP);
  const clicker = ip(rec.clickIP);
  setField(doc, 'source.ip', sender);
  setField(doc, 'destination.ip', clicker);
  relatedIp(doc, sender, clicker);
  setUrl(doc, rec.url, { originalField: 'full' });
  setField(doc, 'user_agent.original', str(rec.userAgent));
  setField(doc, 'email.from.address', str(rec.sender));
  setField(doc, 'email.to.address', str(rec.recipient));
  setField(doc, 'email.message_id', str(rec.messageID));
  setField(doc, 'threat.indicator.url.original', str(rec.threatURL));
}

function mapMessage(rec: Json, doc: EcsDocument, stream: string): void {
  setField(doc, 'event.type', [stream === 'messages_blocked' ? 'denied' : 'info']);
  const sender = ip(rec.senderIP);
  setField(doc, 'source.ip', sender);
  relatedIp(doc, sender);
  const from = Array.isArray(rec.fromAddress) ? rec.fromAddress : [rec.fromAddress ?? rec.sender];
  for (const f of from) appendUnique(doc, 'email.from.address', str(f));
  const to = Array.isArray(rec.recipient) ? rec.recipient : [rec.recipient];
  for (const t of to) appendUnique(doc, 'email.to.address', str(t));
  const cc = Array.isArray(rec.ccAddresses) ? rec.ccAddresses : [];
  for (const c of cc) appendUnique(doc, 'email.cc.address', str(c));
  setField(doc, 'email.subject', str(rec.subject));
  setField(doc, 'email.message_id', str(rec.messageID));
  setField(doc, 'email.x_mailer', str(rec.xmailer));
  setField(doc, 'email.sender.address', str(rec.sender));
  setField(doc, 'email.reply_to.address', Array.isArray(rec.replyToAddress) ? rec.replyToAddress : undefined);
  const threats = Array.isArray(rec.threatsInfoMap) ? rec.threatsInfoMap.filter(isObject) : [];
  for (const t of threats) appendUnique(doc, 'threat.indicator.description', str(t.classification));
}

function mapRecord(rec: Json, ctx: ParseContext): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const isClick = 'clickTime' in rec;
  const isMessage = 'messageTime' in rec;
  if (!isClick && !isMessage) return 'not a Proofpoint TAP record (no clickTime/messageTime)';
  const ts = isoTime(isClick ? rec.clickTime : rec.messageTime, ctx.options.timezone);
  if (!ts)
    return `unreadable ${isClick ? 'clickTime' : 'messageTime'} ${JSON.stringify(isClick ? rec.clickTime : rec.messageTime)}`;
  const stream =
    typeof ctx.options.tapStream === 'string'
      ? ctx.options.tapStream
      : isClick
        ? 'clicks_blocked'
        : 'messages_delivered';
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.category', ['email']);
  setField(doc, 'event.id', str(rec.id) ?? str(rec.GUID));
  if (isClick) mapClick(rec, doc, stream);
  else mapMessage(rec, doc, stream);
  const tap: Json = { stream };
  for (const [k, v] of Object.entries(rec)) if (v !== null && v !== '') tap[k] = v;
  setField(doc, 'proofpoint_tap', tap);
  return { doc, logsource: LOGSOURCE };
}

export const proofpointTapConnector = jsonConnector({
  id: 'proofpoint-tap',
  name: 'Proofpoint TAP',
  vendor: 'Proofpoint',
  product: 'Targeted Attack Protection',
  logsources: [LOGSOURCE],
  elasticFixtures: ['proofpoint_tap/clicks_blocked'],
  map: mapRecord,
  detect(text) {
    if (text.includes('"clickTime"') && /"(threatID|clickIP|campaignId)"/.test(text)) return 0.95;
    return text.includes('"messageTime"') && text.includes('"threatsInfoMap"') ? 0.95 : 0;
  },
});
