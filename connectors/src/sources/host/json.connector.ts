import type { Connector, EcsDocument } from '../../connector.js';
import { detectTimestamp, parseJsonObject } from '../../formats/json.parser.js';
import { getField, setField } from '../../util/ecs.js';
import { tooDeepReason, valueTooDeep } from '../../util/json-depth.js';

/** Any JSON object: kept as is (nested), with `@timestamp` taken from a common timestamp field. */
export const jsonConnector: Connector = {
  id: 'json',
  name: 'Generic JSON',
  vendor: 'Generic',
  product: 'JSON',
  logsources: [],
  formats: ['json', 'ndjson'],
  elasticFixtures: [],
  parse(raw, ctx) {
    let obj: Record<string, unknown>;
    let text: string | undefined;
    if (typeof raw === 'string') {
      const r = parseJsonObject(raw);
      if (!r.ok) return { kind: 'reject', reason: r.reason };
      obj = r.object;
      text = raw;
    } else {
      const msg = getField(raw, 'message');
      const inner = typeof msg === 'string' && msg.trim().startsWith('{') ? parseJsonObject(msg) : undefined;
      if (inner && !inner.ok && inner.reason === tooDeepReason())
        return { kind: 'reject', reason: `message: ${inner.reason}` };
      obj = inner?.ok ? inner.object : raw;
      text = inner?.ok ? (msg as string) : undefined;
      if (!inner && valueTooDeep(obj)) return { kind: 'reject', reason: tooDeepReason() };
    }
    const doc: EcsDocument = structuredClone(obj);
    const ts = detectTimestamp(obj, ctx.options.timezone);
    setField(doc, '@timestamp', (ts?.date ?? ctx.now).toISOString());
    setField(doc, 'event.kind', 'event');
    if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', text ?? JSON.stringify(obj));
    setField(doc, 'vigie.logsource', {});
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    if (typeof raw !== 'string') return 0.1;
    const t = raw.trim();
    return t.startsWith('{') && t.endsWith('}') ? 0.1 : 0;
  },
};
