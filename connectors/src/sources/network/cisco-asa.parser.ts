/**
 * Shared parser of Cisco ASA and FTD syslog lines: `<pri>[timestamp] [host] [:] %ASA-6-302013: body`.
 * The header timestamp may carry a year and a trailing `Z`/`UTC`; zone-less times use `ctx.options.timezone`.
 */
import type { ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { inferYear, MONTHS, parseIsoLike, wallClockToDate } from '../../util/time.js';
import { applyAsaMessage } from './cisco-asa.messages.js';
import { baseEvent, rawInput, setTimestamp } from './net.js';

const TAG = /%(ASA|FTD|FWSM|PIX)-(\d)-(\d{6}):?\s*/;
const BSD =
  /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:\s*(Z|UTC|GMT)\b|\s+[A-Z]{3,5}\b)?/;
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const LEVELS = [
  'emergencies',
  'alert',
  'critical',
  'error',
  'warning',
  'notification',
  'informational',
  'debugging',
];

function headerTime(text: string, ctx: ParseContext): { date?: Date; rest: string } {
  const bsd = BSD.exec(text);
  if (bsd) {
    const month = MONTHS[bsd[1].toLowerCase()];
    if (!month) return { rest: text };
    const year = bsd[3] ? +bsd[3] : (ctx.options.year ?? inferYear(month, ctx.now));
    const zone = bsd[8] ? 'UTC' : ctx.options.timezone;
    const ms = bsd[7] ? +bsd[7].slice(0, 3).padEnd(3, '0') : 0;
    const date = wallClockToDate(
      { year, month, day: +bsd[2], hour: +bsd[4], minute: +bsd[5], second: +bsd[6], ms },
      zone,
    );
    return { date, rest: text.slice(bsd[0].length) };
  }
  const iso = ISO.exec(text);
  if (iso) return { date: parseIsoLike(iso[1], ctx.options.timezone), rest: text.slice(iso[0].length) };
  return { rest: text };
}

export function detectCisco(raw: RawRecord, family: 'ASA' | 'FTD'): number {
  const { text } = rawInput(raw);
  if (!text) return 0;
  const m = TAG.exec(text.slice(0, 400));
  if (!m) return 0;
  if (m[1] === family) return 0.95;
  if (family === 'ASA' && (m[1] === 'PIX' || m[1] === 'FWSM')) return 0.8;
  return 0.3;
}

export function parseCisco(raw: RawRecord, ctx: ParseContext, vendor: 'asa' | 'ftd'): ParseOutcome {
  const { text, obj } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: `cisco-${vendor}: record has no message text` };
  const line = text.trim();
  const tag = TAG.exec(line);
  if (!tag)
    return {
      kind: 'reject',
      reason: `cisco-${vendor}: no %${vendor.toUpperCase()}-<level>-<id> tag in line`,
    };
  let body = line.slice(tag.index + tag[0].length);
  // FTD may repeat the ASA tag after its own (`%FTD-6-113005: %ASA-6-113005: ...`).
  body = body.replace(/^%(?:ASA|FTD)-\d-\d{6}:\s*/, '');
  const [, , level, id] = tag;

  let header = line.slice(0, tag.index).trim();
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'Cisco', product: vendor, type: vendor === 'ftd' ? 'idps' : 'firewall' },
    {
      category: 'firewall',
      product: 'cisco',
    },
  );
  const pri = /^<(\d{1,3})>/.exec(header);
  if (pri) {
    const p = +pri[1];
    setField(doc, 'log.syslog.priority', p);
    setField(doc, 'log.syslog.facility.code', p >> 3);
    setField(doc, 'log.syslog.severity.code', p & 7);
    header = header.slice(pri[0].length).trim();
  }
  const { date, rest } = headerTime(header, ctx);
  const host = rest.replace(/:\s*$/, '').trim().split(/\s+/).pop();
  if (host && /^[\w.-]+$/.test(host) && !/^\d+$/.test(host)) {
    setField(doc, 'host.hostname', host);
    setField(doc, 'host.name', host);
    setField(doc, 'observer.hostname', host);
    appendUnique(doc, 'related.hosts', host);
  }
  if (!setTimestamp(doc, date)) {
    const fallback =
      obj && typeof obj['@timestamp'] === 'string' ? parseIsoLike(obj['@timestamp']) : undefined;
    if (!setTimestamp(doc, fallback))
      return { kind: 'reject', reason: `cisco-${vendor}: no parsable timestamp in header "${header}"` };
  }
  setField(doc, 'event.code', id);
  setField(doc, 'event.severity', +level);
  setField(doc, 'log.level', LEVELS[+level]);
  setField(doc, `cisco.${vendor}.message_id`, id);
  const result = applyAsaMessage(id, body, doc, vendor);
  setField(doc, 'message', body);
  if (result === 'unmatched')
    setField(doc, `cisco.${vendor}.parse_note`, `message ${id} did not match its documented format`);
  return { kind: 'event', event: doc };
}
