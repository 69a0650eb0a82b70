/**
 * OTLP/HTTP JSON logs (`ExportLogsServiceRequest`, protobuf JSON mapping): resourceLogs → scopeLogs → logRecords.
 * A record with a string body becomes that text (so a syslog line read by the collector is parsed like one sent
 * over syslog); a kvlist body becomes a JSON object. Resource attributes `vigie.tenant` / `vigie.source` route the
 * records of that resource.
 */
import type { RawRecord } from '@vigie/connectors';

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
