/**
 * OTLP/HTTP JSON logs (`ExportLogsServiceRequest`, protobuf JSON mapping): resourceLogs → scopeLogs → logRecords.
 * A record with a string body becomes that text (so a syslog line read by the collector is parsed like one sent
 * over syslog); a kvlist body becomes a JSON object. Resource attributes `vigie.tenant` / `vigie.source` route the
 * records of that resource. Each record's envelope (`meta`): `timeUnixNano` (else `observedTimeUnixNano`) → time,
 * resource `host.name` → host, the record's attributes and the resource's `service.name` → labels, `severityText`
 * (else the `severityNumber` range) → level, `traceId`/`spanId` → trace context.
 */
import type { RawRecord } from '@vigie/connectors';
import { SPAN_ID, TRACE_ID, toLabels, type RecordMeta } from '../../record-meta.js';

export interface OtlpLogRecord {
  position: number;
  record?: RawRecord;
  reject?: { raw: string; reason: string };
  /** From the resource attributes. */
  tenant?: string;
  source?: string;
  timeUnixNano?: string;
  severityText?: string;
  attributes: Record<string, unknown>;
  /** The record's envelope for the pipeline (see record-meta.ts). */
  meta: RecordMeta;
}

export type OtlpParse = { ok: true; records: OtlpLogRecord[] } | { ok: false; reason: string };

type AnyValue = Record<string, unknown>;

/** AnyValue → plain JSON value. */
export function anyValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  const a = v as AnyValue;
  if ('stringValue' in a) return String(a.stringValue);
  if ('boolValue' in a) return Boolean(a.boolValue);
  if ('intValue' in a) {
    const n = Number(a.intValue);
    return Number.isSafeInteger(n) ? n : String(a.intValue);
  }
  if ('doubleValue' in a) return Number(a.doubleValue);
  if ('bytesValue' in a) return String(a.bytesValue);
  if ('arrayValue' in a) {
    const values = (a.arrayValue as { values?: unknown[] } | undefined)?.values;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ('kvlistValue' in a) return keyValues((a.kvlistValue as { values?: unknown } | undefined)?.values);
  return undefined;
}

/** `[{key, value: AnyValue}]` → object. */
export function keyValues(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (kv && typeof kv === 'object' && typeof (kv as { key?: unknown }).key === 'string') {
      out[(kv as { key: string }).key] = anyValue((kv as { value?: unknown }).value);
    }
  }
  return out;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Latest instant an ISO 8601 string with a four-digit year can name. */
const MAX_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const NANOS_PER_MS = BigInt(1_000_000);
const UNSIGNED = /^\d{1,20}$/;

/**
 * OTLP `fixed64` nanoseconds since the epoch (a decimal string in the JSON mapping, sometimes a number) → ISO 8601,
 * truncated to the millisecond; undefined for 0 (OTLP's "unknown"), garbage and instants no ISO string can hold.
 */
export function unixNanoToIso(v: unknown): string | undefined {
  let ms: number;
  if (typeof v === 'string' && UNSIGNED.test(v)) ms = Number(BigInt(v) / NANOS_PER_MS);
  else if (typeof v === 'number' && Number.isFinite(v)) ms = Math.round(v / 1e6);
  else return undefined;
  if (ms <= 0 || ms > MAX_ISO_MS) return undefined;
  return new Date(ms).toISOString();
}

/** The envelope of one log record; `host` and `service` come from its resource. */
function otlpMeta(
  rec: Record<string, unknown>,
  attributes: Record<string, unknown>,
  host: string | undefined,
  service: Record<string, unknown> | undefined,
): RecordMeta {
  const meta: RecordMeta = { transport: 'otlp' };
  const time = unixNanoToIso(rec.timeUnixNano) ?? unixNanoToIso(rec.observedTimeUnixNano);
  if (time) meta.time = time;
  if (host) meta.host = host;
  // The record's own attributes first: a record-level `service.name` wins over the resource's.
  const labels = toLabels(service, toLabels(attributes));
  if (labels) meta.labels = labels;
  const level = severityOf(rec);
  if (level) meta.level = level;
  const traceId = otlpId(rec.traceId, TRACE_ID);
  if (traceId) meta.trace_id = traceId;
  const spanId = otlpId(rec.spanId, SPAN_ID);
  if (spanId) meta.span_id = spanId;
  return meta;
}

/** All-zero ids are OTLP's "no trace". */
const ZERO = /^0+$/;

/** A trace or span id in lower case, or undefined when it is malformed or all zeros. */
function otlpId(v: unknown, shape: RegExp): string | undefined {
  return typeof v === 'string' && shape.test(v) && !ZERO.test(v) ? v.toLowerCase() : undefined;
}
/** OTLP SeverityNumber ranges (1–4 TRACE … 21–24 FATAL). */
const SEVERITY_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** `severityText` as sent (lower-cased), else the name of the `severityNumber` range. */
function severityOf(rec: Record<string, unknown>): string | undefined {
  if (typeof rec.severityText === 'string' && rec.severityText.trim() !== '')
    return rec.severityText.trim().toLowerCase();
  const n = Number(rec.severityNumber);
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  return SEVERITY_NAMES[Math.floor((n - 1) / 4)];
}

export function parseOtlpLogs(body: unknown): OtlpParse {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, reason: 'body is not an ExportLogsServiceRequest JSON object' };
  const resourceLogs = (body as { resourceLogs?: unknown }).resourceLogs;
  if (resourceLogs !== undefined && !Array.isArray(resourceLogs))
    return { ok: false, reason: 'resourceLogs is not an array' };
  const records: OtlpLogRecord[] = [];
  for (const rl of arr(resourceLogs)) {
    const resource = keyValues((rl as { resource?: { attributes?: unknown } })?.resource?.attributes);
    const tenant = typeof resource['vigie.tenant'] === 'string' ? resource['vigie.tenant'] : undefined;
    const source = typeof resource['vigie.source'] === 'string' ? resource['vigie.source'] : undefined;
    const host =
      typeof resource['host.name'] === 'string' && resource['host.name'] !== ''
        ? resource['host.name']
        : undefined;
    const service =
      resource['service.name'] !== undefined ? { 'service.name': resource['service.name'] } : undefined;
    for (const sl of arr((rl as { scopeLogs?: unknown })?.scopeLogs)) {
      for (const lr of arr((sl as { logRecords?: unknown })?.logRecords)) {
        const position = records.length;
        const rec = (lr ?? {}) as Record<string, unknown>;
        const attributes = keyValues(rec.attributes);
        const base = {
          position,
          tenant,
          source,
          timeUnixNano: rec.timeUnixNano !== undefined ? String(rec.timeUnixNano) : undefined,
          severityText: typeof rec.severityText === 'string' ? rec.severityText : undefined,
          attributes,
          meta: otlpMeta(rec, attributes, host, service),
        };
        const value = anyValue(rec.body);
        if (typeof value === 'string' && value.trim() !== '') records.push({ ...base, record: value });
        else if (value && typeof value === 'object' && !Array.isArray(value))
          records.push({ ...base, record: value as Record<string, unknown> });
        else {
          const reason =
            rec.body === undefined
              ? 'log record has no body'
              : `log record body is ${Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'empty' : `a ${typeof value}`}, not text or a kvlist`;
          records.push({ ...base, reject: { raw: JSON.stringify(lr).slice(0, 64 * 1024), reason } });
        }
      }
    }
  }
  return { ok: true, records };
}
