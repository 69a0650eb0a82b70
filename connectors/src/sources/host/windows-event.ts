/**
 * One Windows event, read from any of the shapes Vigie receives: Winlogbeat JSON (`winlog.*`), Winlogbeat 6.x JSON
 * (`event_id`, `log_name`, `event_data` at the top level), NXLog JSON with
 * the event data flattened at the top level (`EventID`, `Channel`, `Hostname`…), rendered/WEF event XML
 * (`<Event xmlns=…>`), and EVTX records in evtx_dump JSON (`{"Event":{"System":…,"EventData":…}}`).
 */
import { XMLParser } from 'fast-xml-parser';
import type { ParseContext, RawRecord } from '../../connector.js';
import { getField, toInt } from '../../util/ecs.js';
import { tooDeepReason, valueTooDeep } from '../../util/json-depth.js';
import { parseIsoLike } from '../../util/time.js';

export type WinInputShape = 'winlogbeat' | 'winlogbeat6' | 'nxlog' | 'xml' | 'evtx-json';

export interface WinEvent {
  shape: WinInputShape;
  channel?: string;
  provider?: string;
  providerGuid?: string;
  eventId: number;
  version?: number;
  level?: string;
  task?: string;
  opcode?: string;
  keywords?: string[];
  computer?: string;
  recordId?: number;
  processId?: number;
  threadId?: number;
  userSid?: string;
  /** Resolved account of the System/Security element, when the shipper gives it (NXLog, Winlogbeat). */
  user?: { name?: string; domain?: string; type?: string };
  time?: Date;
  /** EventData (or UserData) fields, values as strings. */
  eventData: Record<string, string>;
  /** The rendered message, when present. */
  message?: string;
  /** The input document for shapes that already carry ECS fields (Winlogbeat: `host.name`, `@timestamp`). */
  source?: Record<string, unknown>;
  /** The raw text (XML or JSON line) when the input was text. */
  text?: string;
}

export type WinReadResult = { ok: true; event: WinEvent } | { ok: false; reason: string };

/** NXLog keys that describe the record, not the event data. */
const NXLOG_META = new Set([
  'tags',
  '@version',
  '@timestamp',
  'EventType',
  'Version',
  'ThreadID',
  'EventTime',
  'Task',
  'Channel',
  'SourceName',
  'OpcodeValue',
  'Opcode',
  'Hostname',
  'Message',
  'SourceModuleName',
  'EventReceivedTime',
  'port',
  'ExecutionProcessID',
  'host',
  'Severity',
  'SeverityValue',
  'EventID',
  'ProviderGuid',
  'RecordNumber',
  'SourceModuleType',
  'Keywords',
  'AccountType',
  'AccountName',
  'Domain',
  'UserID',
  'Category',
  'EventTypeOrignal',
  'ActivityID',
  'RelatedActivityID',
  'ERROR_EVT_UNRESOLVED',
  'Level',
  'type',
  'beat',
  'offset',
  'input_type',
]);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === 'Data' || name === 'Keyword',
});

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('#text' in o) return str(o['#text']);
    return undefined;
  }
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  return str(o[`@_${name}`]) ?? str((o['#attributes'] as Record<string, unknown> | undefined)?.[name]);
}

function dataValues(obj: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!obj || typeof obj !== 'object') return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (k.startsWith('@_') || k === '#attributes') continue;
    if (k === 'Data') {
      const items = Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        const name = attr(item, 'Name') ?? `param${i + 1}`;
        const value = typeof item === 'object' && item !== null ? str(item) : str(item);
        out[name] = value ?? '';
      });
      continue;
    }
    if (k === 'Binary') continue;
    if (v !== null && typeof v === 'object' && !('#text' in (v as object))) {
      // UserData: one wrapper element holding the fields.
      Object.assign(out, dataValues(v));
      continue;
    }
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function fromSystem(shape: WinInputShape, event: unknown): WinReadResult {
  if (!isObject(event))
    return { ok: false, reason: 'Windows event has no <System> element ("Event" is not an object)' };
  const system = event.System as Record<string, unknown> | undefined;
  if (!system || typeof system !== 'object')
    return { ok: false, reason: 'Windows event has no <System> element' };
  const eventId = toInt(str(system.EventID));
  if (eventId === undefined)
    return { ok: false, reason: `Windows event has no numeric EventID (${JSON.stringify(system.EventID)})` };
  const timeText = attr(system.TimeCreated, 'SystemTime');
  const rendering = isObject(event.RenderingInfo) ? event.RenderingInfo : undefined;
  const keywords = isObject(rendering?.Keywords) ? rendering.Keywords : undefined;
  const kw = keywords?.Keyword;
  return {
    ok: true,
    event: {
      shape,
      channel: str(system.Channel),
      provider: attr(system.Provider, 'Name'),
      providerGuid: attr(system.Provider, 'Guid'),
      eventId,
      version: toInt(str(system.Version)),
      level: str(rendering?.Level) ?? str(system.Level),
      task: str(rendering?.Task) ?? str(system.Task),
      opcode: str(rendering?.Opcode) ?? str(system.Opcode),
      keywords: kw ? (Array.isArray(kw) ? kw : [kw]).map((k) => str(k) ?? '').filter(Boolean) : undefined,
      computer: str(system.Computer),
      recordId: toInt(str(system.EventRecordID)),
      processId: toInt(attr(system.Execution, 'ProcessID')),
      threadId: toInt(attr(system.Execution, 'ThreadID')),
      userSid: attr(system.Security, 'UserID'),
      time: timeText ? (parseIsoLike(timeText) ?? dateOrUndefined(timeText)) : undefined,
      eventData: { ...dataValues(event.UserData), ...dataValues(event.EventData) },
      message: str(rendering?.Message),
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** EventData/UserData objects of a JSON shipper, values as strings (objects as their JSON). */
function jsonData(...sources: unknown[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const src of sources) {
    if (!isObject(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      let s = str(v);
      if (s === undefined && v !== null && typeof v === 'object') {
        try {
          s = JSON.stringify(v);
        } catch {
          s = undefined;
        }
      }
      if (s !== undefined) data[k] = s;
    }
  }
  return data;
}

function dateOrUndefined(text: string): Date | undefined {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function fromWinlogbeat(doc: Record<string, unknown>): WinReadResult {
  if (!isObject(doc.winlog)) {
    if (isWinlogbeat6(doc)) return fromWinlogbeat6(doc);
    return {
      ok: false,
      reason: `winlog document: "winlog" is ${doc.winlog === null ? 'null' : typeof doc.winlog}, not an object`,
    };
  }
  const w = doc.winlog;
  const eventId = toInt(str(w.event_id) ?? str(getField(doc, 'event.code')));
  if (eventId === undefined) return { ok: false, reason: 'winlog document has no numeric winlog.event_id' };
  const data = jsonData(w.user_data, w.event_data);
  const user = isObject(w.user) ? w.user : undefined;
  const timeText = str(w.time_created) ?? str(doc['@timestamp']);
  const kw = w.keywords;
  return {
    ok: true,
    event: {
      shape: 'winlogbeat',
      channel: str(w.channel),
      provider: str(w.provider_name) ?? str(getField(doc, 'event.provider')),
      providerGuid: str(w.provider_guid),
      eventId,
      version: toInt(str(w.version)),
      level: str(w.level) ?? str(getField(doc, 'log.level')),
      task: str(w.task),
      opcode: str(w.opcode),
      keywords: Array.isArray(kw) ? kw.map((k) => str(k) ?? '').filter(Boolean) : undefined,
      computer: str(w.computer_name),
      recordId: toInt(str(w.record_id)),
      processId: toInt(str(getField(w, 'process.pid'))),
      threadId: toInt(str(getField(w, 'process.thread.id'))),
      userSid: str(user?.identifier),
      user: user ? { name: str(user.name), domain: str(user.domain), type: str(user.type) } : undefined,
      time: timeText ? (parseIsoLike(timeText) ?? dateOrUndefined(timeText)) : undefined,
      eventData: data,
      message: str(doc.message),
      source: doc,
    },
  };
}

/** Winlogbeat 6.x: the event fields at the top level (`event_id`, `log_name`, `source_name`, `event_data`…). */
function isWinlogbeat6(doc: Record<string, unknown>): boolean {
  return 'event_id' in doc && ('log_name' in doc || 'source_name' in doc);
}

function fromWinlogbeat6(doc: Record<string, unknown>): WinReadResult {
  const eventId = toInt(str(doc.event_id));
  if (eventId === undefined) return { ok: false, reason: 'Winlogbeat 6 document has no numeric event_id' };
  const user = isObject(doc.user) ? doc.user : undefined;
  const timeText = str(doc['@timestamp']);
  const kw = doc.keywords;
  return {
    ok: true,
    event: {
      shape: 'winlogbeat6',
      channel: str(doc.log_name),
      provider: str(doc.source_name),
      providerGuid: str(doc.provider_guid),
      eventId,
      version: toInt(str(doc.version)),
      level: str(doc.level),
      task: str(doc.task),
      opcode: str(doc.opcode),
      keywords: Array.isArray(kw) ? kw.map((k) => str(k) ?? '').filter(Boolean) : undefined,
      // `host.name` of 6.x is the shipper (often a WEC collector); the event's machine is `computer_name`.
      computer: str(doc.computer_name),
      recordId: toInt(str(doc.record_number)),
      processId: toInt(str(doc.process_id)),
      threadId: toInt(str(doc.thread_id)),
      userSid: str(user?.identifier),
      user: user ? { name: str(user.name), domain: str(user.domain), type: str(user.type) } : undefined,
      time: timeText ? (parseIsoLike(timeText) ?? dateOrUndefined(timeText)) : undefined,
      eventData: jsonData(doc.user_data, doc.event_data),
      message: str(doc.message),
    },
  };
}

function fromNxlog(doc: Record<string, unknown>, ctx: ParseContext): WinReadResult {
  const eventId = toInt(str(doc.EventID));
  if (eventId === undefined) return { ok: false, reason: 'NXLog record has no numeric EventID' };
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (NXLOG_META.has(k)) continue;
    const s = str(v);
    if (s !== undefined) data[k] = s;
  }
  // EventTime is the collector's wall clock: use it with a configured zone, else the shipper's @timestamp.
  const eventTime = str(doc.EventTime);
  const stamp = str(doc['@timestamp']);
  let time: Date | undefined;
  if (eventTime && ctx.options.timezone) time = parseIsoLike(eventTime, ctx.options.timezone);
  time ??= stamp ? (parseIsoLike(stamp) ?? dateOrUndefined(stamp)) : undefined;
  time ??= eventTime ? parseIsoLike(eventTime) : undefined;
  return {
    ok: true,
    event: {
      shape: 'nxlog',
      channel: str(doc.Channel),
      provider: str(doc.SourceName),
      providerGuid: str(doc.ProviderGuid),
      eventId,
      version: toInt(str(doc.Version)),
      level: str(doc.Severity)?.toLowerCase(),
      task: str(doc.Category) ?? str(doc.Task),
      opcode: str(doc.Opcode),
      computer: str(doc.Hostname),
      recordId: toInt(str(doc.RecordNumber)),
      processId: toInt(str(doc.ExecutionProcessID)),
      threadId: toInt(str(doc.ThreadID)),
      userSid: str(doc.UserID),
      user: doc.AccountName
        ? { name: str(doc.AccountName), domain: str(doc.Domain), type: str(doc.AccountType) }
        : undefined,
      time,
      eventData: data,
      message: str(doc.Message),
    },
  };
}

/** The XML text of an input, when it is (or wraps) a rendered `<Event>`. */
function xmlText(raw: RawRecord): string | undefined {
  const candidates =
    typeof raw === 'string'
      ? [raw]
      : [getField(raw, 'message'), getField(raw, 'event.original')].filter((x) => typeof x === 'string');
  for (const c of candidates as string[]) {
    const t = c.trimStart();
    const at = t.search(/<Event[\s>]/);
    if (at >= 0 && at < 512 && t.includes('</Event>'))
      return t.slice(at, t.lastIndexOf('</Event>') + '</Event>'.length);
  }
  return undefined;
}

function parseJsonText(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Which shape an input has, cheaply, without parsing XML. */
export function winShape(raw: RawRecord): WinInputShape | undefined {
  if (typeof raw === 'string') {
    const t = raw.trimStart();
    if (t.startsWith('<Event') || (/<Event[\s>]/.test(t.slice(0, 512)) && t.includes('<System>')))
      return 'xml';
    if (!t.startsWith('{')) return undefined;
    if (/^\{\s*"Event"\s*:/.test(t)) return 'evtx-json';
    if (t.includes('"winlog"')) return 'winlogbeat';
    if (t.includes('"event_id"') && (t.includes('"log_name"') || t.includes('"source_name"')))
      return 'winlogbeat6';
    if (t.includes('"EventID"') && t.includes('"Channel"')) return 'nxlog';
    return undefined;
  }
  if (raw.winlog && typeof raw.winlog === 'object') return 'winlogbeat';
  if (isWinlogbeat6(raw)) return 'winlogbeat6';
  if (raw.Event && typeof raw.Event === 'object') return 'evtx-json';
  if ('EventID' in raw && ('Channel' in raw || 'SourceName' in raw)) return 'nxlog';
  if (xmlText(raw)) return 'xml';
  return undefined;
}

/** The channel of an input, cheaply (for detect()). */
export function peekChannel(raw: RawRecord): string | undefined {
  if (typeof raw === 'string') {
    const m = /<Channel>([^<]*)<\/Channel>|"(?:channel|Channel|log_name)"\s*:\s*"([^"]*)"/.exec(raw);
    return m ? (m[1] ?? m[2]) : undefined;
  }
  return (
    str(getField(raw, 'winlog.channel')) ??
    str(getField(raw, 'Event.System.Channel')) ??
    str(raw.Channel) ??
    str(raw.log_name) ??
    (xmlText(raw) ? /<Channel>([^<]*)<\/Channel>/.exec(xmlText(raw)!)?.[1] : undefined)
  );
}

export function readWinEvent(raw: RawRecord, ctx: ParseContext): WinReadResult {
  if (typeof raw !== 'string' && valueTooDeep(raw))
    return { ok: false, reason: `Windows event: ${tooDeepReason()}` };
  const shape = winShape(raw);
  if (!shape)
    return {
      ok: false,
      reason: 'not a Windows event (expected Winlogbeat/NXLog JSON, event XML or EVTX JSON)',
    };
  if (shape === 'xml') {
    const text = xmlText(raw)!;
    let doc: Record<string, unknown>;
    try {
      doc = xml.parse(text) as Record<string, unknown>;
    } catch (err) {
      return { ok: false, reason: `malformed event XML: ${(err as Error).message.split('\n')[0]}` };
    }
    const event = doc.Event as Record<string, unknown> | undefined;
    if (!event) return { ok: false, reason: 'event XML has no <Event> root' };
    const r = fromSystem('xml', event);
    if (r.ok) {
      r.event.text = text;
      if (typeof raw !== 'string') r.event.source = raw;
    }
    return r;
  }
  const doc = typeof raw === 'string' ? parseJsonText(raw) : raw;
  if (!doc) return { ok: false, reason: 'malformed JSON Windows event' };
  const r =
    shape === 'winlogbeat'
      ? fromWinlogbeat(doc)
      : shape === 'winlogbeat6'
        ? isWinlogbeat6(doc)
          ? fromWinlogbeat6(doc)
          : { ok: false as const, reason: 'Winlogbeat 6 document without top-level event_id and log_name' }
        : shape === 'nxlog'
          ? fromNxlog(doc, ctx)
          : fromSystem('evtx-json', doc.Event);
  if (r.ok && typeof raw === 'string') r.event.text = raw;
  return r;
}
