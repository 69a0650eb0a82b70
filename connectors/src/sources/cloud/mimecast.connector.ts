/**
 * Mimecast SIEM logs (MTA receipt/process/delivery, AV, impersonation, URL protection, spam events) in the
 * JSON form of the SIEM API, or its legacy `key=value|key=value` line form. Mimecast's own field names
 * (Act, Dir, Rcpt, Sender, IP…) vary by log type; the common ones fill the ECS e-mail fields.
 */
import type { EcsDocument, ParseContext, ParseOutcome, RawRecord, SigmaLogsource } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { detectText, ip, isObject, isoTime, relatedIp, str, type Json } from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'mimecast', service: 'siem' };

/** Parses the legacy pipe-separated `key=value` form into a record. */
export function parseMimecastKv(line: string): Json | undefined {
  if (!/^\s*\w+=/.test(line) || !line.includes('|')) return undefined;
  const rec: Json = {};
  for (const part of line.split('|')) {
    const i = part.indexOf('=');
    if (i > 0) rec[part.slice(0, i).trim()] = part.slice(i + 1);
  }
  return 'datetime' in rec || 'acc' in rec ? rec : undefined;
}

function field(rec: Json, ...names: string[]): unknown {
  for (const n of names) if (rec[n] !== undefined && rec[n] !== null && rec[n] !== '') return rec[n];
  return undefined;
}

function mapRecord(rec: Json, ctx: ParseContext): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  if (!('datetime' in rec) || !('acc' in rec)) return 'not a Mimecast SIEM record (no datetime/acc)';
  const ts = isoTime(rec.datetime, ctx.options.timezone);
  if (!ts) return `unreadable datetime ${JSON.stringify(rec.datetime)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  // event.kind is left unset like Elastic's pipeline (the record type is known only from the API call).
  const delivered = rec.Delivered;
  setField(
    doc,
    'event.outcome',
    delivered === true || delivered === 'true'
      ? 'success'
      : delivered === false || delivered === 'false'
        ? 'failure'
        : 'unknown',
  );
  setField(doc, 'event.action', str(field(rec, 'Act', 'Action')));
  const src = ip(field(rec, 'IP', 'SourceIP', 'sourceIp'));
  setField(doc, 'source.ip', src);
  relatedIp(doc, src);
  setField(
    doc,
    'source.domain',
    str(field(rec, 'SenderDomain', 'senderDomain')) ??
      (rec.NewDomain !== undefined ? str(rec.NewDomain) : undefined),
  );
  const dir = str(field(rec, 'Dir', 'route'))?.toLowerCase();
  if (dir && ['inbound', 'outbound', 'internal', 'external'].includes(dir))
    setField(doc, 'email.direction', dir);
  for (const f of [rec.headerFrom, field(rec, 'Sender', 'sender')])
    appendUnique(doc, 'email.from.address', str(f));
  appendUnique(doc, 'email.to.address', str(field(rec, 'Rcpt', 'Recipient', 'recipient')));
  setField(doc, 'email.message_id', str(rec.MsgId));
  setField(doc, 'email.subject', str(rec.Subject));
  setField(doc, 'email.local_id', str(rec.aCode));
  setField(doc, 'rule.name', str(rec.Definition));
  const url = field(rec, 'URL', 'url');
  setField(doc, 'url.full', str(url));
  setField(doc, 'email.attachments.file.name', str(field(rec, 'AttNames', 'fileName')));
  const size = toInt(field(rec, 'AttSize', 'Size'));
  setField(doc, 'email.attachments.file.size', size);
  setField(doc, 'email.attachments.file.extension', str(rec.fileExt));
  setField(doc, 'email.attachments.file.mime_type', str(rec.fileMime));
  setField(doc, 'email.attachments.file.hash.md5', str(rec.md5));
  setField(doc, 'email.attachments.file.hash.sha1', str(rec.sha1));
  setField(doc, 'email.attachments.file.hash.sha256', str(rec.sha256));
  setField(doc, 'tls.cipher', str(rec.Cphr));
  setField(doc, 'threat.indicator.description', str(rec.Virus));
  const mc: Json = {};
  for (const [k, v] of Object.entries(rec)) if (v !== null && v !== '') mc[k] = v;
  setField(doc, 'mimecast', mc);
  return { doc, logsource: LOGSOURCE };
}

const base = jsonConnector({
  id: 'mimecast',
  name: 'Mimecast SIEM logs',
  vendor: 'Mimecast',
  product: 'Email Security',
  logsources: [LOGSOURCE],
  elasticFixtures: ['mimecast/siem_logs'],
  map: mapRecord,
  detect(text) {
    return /"acc"\s*:\s*"C\w+"/.test(text) && text.includes('"datetime"') ? 0.9 : 0;
  },
});

export const mimecastConnector = {
  ...base,
  formats: ['json', 'ndjson', 'kv'],
  parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
    const text =
      typeof raw === 'string'
        ? raw
        : isObject(raw) && typeof raw.message === 'string'
          ? raw.message
          : undefined;
    const kv = text !== undefined && !text.trimStart().startsWith('{') ? parseMimecastKv(text) : undefined;
    if (!kv) return base.parse(raw, ctx);
    const out = base.parse(kv, ctx);
    if (out.kind === 'event' && ctx.options.keepOriginal !== false)
      setField(out.event, 'event.original', text);
    return out;
  },
  detect(raw: RawRecord): number {
    const text = detectText(raw);
    if (!text.trimStart().startsWith('{'))
      return /^datetime=\d{4}-\d{2}-\d{2}T[^|]*\|aCode=/.test(text) ? 0.9 : 0;
    return base.detect(raw);
  },
} satisfies typeof base;
