/**
 * The envelope a record arrived in: what the transport knew about it besides its raw text (the sender's time and
 * host, Splunk's source/sourcetype/index, OTLP resource and log attributes…). It travels beside the record from the
 * transport through the queue to the pipeline, which uses it only where the record itself says nothing.
 */
import { z } from 'zod';

/** Transports that hand records with an envelope to `IngestService.ingestRecords`. */
export const RECORD_TRANSPORTS = ['hec', 'otlp', 'syslog', 'es-bulk'] as const;
export type RecordTransport = (typeof RECORD_TRANSPORTS)[number];

export interface RecordMeta {
  /** When the sender says the event happened, ISO 8601 in UTC (HEC `time`, OTLP `timeUnixNano`). */
  time?: string;
  /** The host the sender names (HEC `host`, OTLP resource `host.name`, the syslog peer's address). */
  host?: string;
  /** HEC `source` (a file path, a script…). */
  source?: string;
  /** HEC `sourcetype`. */
  sourcetype?: string;
  /** HEC `index`, or the Elasticsearch index a `_bulk` document was sent to. */
  index?: string;
  transport?: RecordTransport;
  /** ECS `labels`: keys without dots, keyword (string) values. */
  labels?: Record<string, string>;
  /** The sender's severity (OTLP `severityText`, else its `severityNumber` range name), for `log.level`. */
  level?: string;
  /** OTLP trace context, hex, for `trace.id` and `span.id`. */
  trace_id?: string;
  span_id?: string;
}

export const MAX_LABELS = 64;
const MAX_LABEL_KEY = 128;
const MAX_LABEL_VALUE = 1024;
const DOTS = /\./g;

/**
 * Flat scalar attributes → ECS `labels`: numbers and booleans are stringified, nested values (objects, arrays) and
 * nulls are ignored, dots in keys become `_` (ECS label keys must not contain dots, and a dotted key would be
 * expanded into an object by the stores). Keys already in `into` are kept (first wins); at most MAX_LABELS labels.
 */
export function toLabels(
  values: Record<string, unknown> | undefined,
  into?: Record<string, string>,
): Record<string, string> | undefined {
  if (!values) return into;
  let out = into;
  let n = out ? Object.keys(out).length : 0;
  for (const rawKey in values) {
    if (n >= MAX_LABELS) break;
    const v = values[rawKey];
    let text: string;
    if (typeof v === 'string') text = v;
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') text = String(v);
    else continue;
    const key = rawKey.trim().replace(DOTS, '_');
    if (key === '' || key.length > MAX_LABEL_KEY || text.length > MAX_LABEL_VALUE) continue;
    out ??= {};
    if (key in out) continue;
    out[key] = text;
    n++;
  }
  return out;
}

/** OTLP trace and span ids: 32 and 16 hex digits. */
export const TRACE_ID = /^[0-9a-f]{32}$/i;
export const SPAN_ID = /^[0-9a-f]{16}$/i;

const text = (max: number) => z.string().trim().min(1).max(max).optional().catch(undefined);

/**
 * Validation where the envelope enters ingest. Each field is checked on its own: a bad value (an unparsable time,
 * a 10 KB host) is dropped and the rest of the envelope — and the record — are kept.
 */
export const recordMetaSchema = z.object({
  time: z.iso
    .datetime({ offset: true })
    .transform((t) => new Date(t).toISOString())
    .optional()
    .catch(undefined),
  host: text(255),
  source: text(1024),
  sourcetype: text(256),
  index: text(256),
  transport: z.enum(RECORD_TRANSPORTS).optional().catch(undefined),
  level: text(64),
  trace_id: z
    .string()
    .regex(TRACE_ID)
    .transform((v) => v.toLowerCase())
    .optional()
    .catch(undefined),
  span_id: z
    .string()
    .regex(SPAN_ID)
    .transform((v) => v.toLowerCase())
    .optional()
    .catch(undefined),
  labels: z
    .record(z.string(), z.unknown())
    .transform((l) => toLabels(l))
    .optional()
    .catch(undefined),
});

const META_KEYS = [
  'time',
  'host',
  'source',
  'sourcetype',
  'index',
  'transport',
  'labels',
  'level',
  'trace_id',
  'span_id',
] as const;

/** A validated envelope with only the keys that have a value, or undefined when nothing valid is left. */
export function normalizeRecordMeta(input: unknown): RecordMeta | undefined {
  const r = recordMetaSchema.safeParse(input);
  if (!r.success) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const k of META_KEYS) {
    const v = r.data[k];
    if (v === undefined || (k === 'labels' && Object.keys(v as object).length === 0)) continue;
    out[k] = v;
    any = true;
  }
  return any ? (out as RecordMeta) : undefined;
}

/**
 * The envelopes of one batch, in the compact form of the queue payload: the distinct envelopes (`metas`) and, per
 * record, the index of its envelope or -1 (`metaIndex`). Nothing at all when no record has one, so batches without
 * envelopes keep the payload they always had. Records sharing an envelope object (one syslog connection, one `_bulk`
 * index) share one entry; `validated` caches the validation of each envelope object across the batches of a call.
 */
export function packRecordMetas(
  records: readonly { meta?: RecordMeta }[],
  validated: Map<RecordMeta, RecordMeta | undefined>,
): { metas: RecordMeta[]; metaIndex: number[] } | undefined {
  let metas: RecordMeta[] | undefined;
  let metaIndex: number[] | undefined;
  let slots: Map<RecordMeta, number> | undefined;
  for (let i = 0; i < records.length; i++) {
    const input = records[i].meta;
    if (!input) continue;
    let meta = validated.get(input);
    if (meta === undefined && !validated.has(input)) {
      meta = normalizeRecordMeta(input);
      validated.set(input, meta);
    }
    if (!meta) continue;
    slots ??= new Map();
    metas ??= [];
    let slot = slots.get(meta);
    if (slot === undefined) {
      slot = metas.push(meta) - 1;
      slots.set(meta, slot);
    }
    metaIndex ??= new Array<number>(records.length).fill(-1);
    metaIndex[i] = slot;
  }
  return metas && metaIndex ? { metas, metaIndex } : undefined;
}

type Doc = Record<string, unknown>;

const isObject = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasText = (o: unknown, k: string) =>
  isObject(o) && typeof o[k] === 'string' && (o[k] as string).trim() !== '';

/** Whether the event names its machine itself: `host.name`/`host.hostname`, or `observer.*` for network devices. */
function namesItsHost(doc: Doc): boolean {
  return (
    hasText(doc.host, 'name') ||
    hasText(doc.host, 'hostname') ||
    hasText(doc.observer, 'name') ||
    hasText(doc.observer, 'hostname')
  );
}

/** `doc[group][key] = value` unless the event already has a value there (or `group` is not an object). */
function setIfAbsent(doc: Doc, group: string, key: string, value: string): void {
  const g = doc[group];
  if (g === undefined) doc[group] = { [key]: value };
  else if (isObject(g) && (g[key] === undefined || g[key] === null || g[key] === '')) g[key] = value;
}

/**
 * Fills a stored (normalized, nested) event from its record's envelope, never overwriting what the connector read
 * from the record:
 * - `@timestamp` from `meta.time` only when the connector produced none (`hadTimestamp` false) — connectors that
 *   fall back to "now" were already given the envelope's time as their now;
 * - `host.name` from `meta.host` only when the event names no host (`host.name`, `host.hostname`) and no observer
 *   (`observer.name`, `observer.hostname`: a firewall's own name is the record's word on the machine);
 * - `log.level`, `trace.id`, `span.id` from the OTLP severity and trace context, where the event has none;
 * - `labels` from `meta.labels`, for the keys the event does not already have;
 * - `vigie.transport` = `{ type, host, source, sourcetype, index }` (present keys only), always: the envelope as
 *   received, so what was not copied into ECS fields stays visible.
 */
export function applyRecordMeta(doc: Doc, meta: RecordMeta, hadTimestamp: boolean): void {
  if (!hadTimestamp && meta.time) doc['@timestamp'] = meta.time;
  if (meta.host && !namesItsHost(doc)) {
    if (doc.host === undefined) doc.host = { name: meta.host };
    else if (isObject(doc.host)) doc.host.name = meta.host;
  }
  if (meta.level) setIfAbsent(doc, 'log', 'level', meta.level);
  if (meta.trace_id) setIfAbsent(doc, 'trace', 'id', meta.trace_id);
  if (meta.span_id) setIfAbsent(doc, 'span', 'id', meta.span_id);
  if (meta.labels) {
    if (doc.labels === undefined) doc.labels = { ...meta.labels };
    else if (isObject(doc.labels)) {
      const labels = doc.labels;
      for (const k in meta.labels) if (labels[k] === undefined) labels[k] = meta.labels[k];
    }
  }
  if (meta.transport || meta.host || meta.source || meta.sourcetype || meta.index) {
    const transport: Doc = {};
    if (meta.transport) transport.type = meta.transport;
    if (meta.host) transport.host = meta.host;
    if (meta.source) transport.source = meta.source;
    if (meta.sourcetype) transport.sourcetype = meta.sourcetype;
    if (meta.index) transport.index = meta.index;
    if (!isObject(doc.vigie)) doc.vigie = {};
    (doc.vigie as Doc).transport = transport;
  }
}
