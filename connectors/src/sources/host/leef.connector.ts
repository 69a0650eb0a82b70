import type { Connector, EcsDocument } from '../../connector.js';
import { LEEF_TO_ECS, parseLeef } from '../../formats/leef.parser.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike, fromEpoch } from '../../util/time.js';
import { recordText } from './syslog-line.js';

const NUMERIC = new Set([
  'source.port',
  'destination.port',
  'source.nat.port',
  'destination.nat.port',
  'source.bytes',
  'destination.bytes',
  'network.bytes',
  'event.severity',
]);

/** Any IBM QRadar LEEF 1.0/2.0 source. */
export const leefConnector: Connector = {
  id: 'leef',
  name: 'Generic LEEF (QRadar Log Event Extended Format)',
  vendor: 'Generic',
  product: 'LEEF',
  logsources: [],
  formats: ['leef', 'syslog'],
  elasticFixtures: [],
  parse(raw, ctx) {
    const text = recordText(raw);
    if (text === undefined)
      return { kind: 'reject', reason: 'record has no text (expected a LEEF line or {message})' };
    const r = parseLeef(text);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    const rec = r.record;
    const doc: EcsDocument = {};
    setField(doc, 'observer.vendor', rec.vendor);
    setField(doc, 'observer.product', rec.product);
    setField(doc, 'observer.version', rec.productVersion);
    setField(doc, 'event.code', rec.eventId);
    for (const [k, v] of Object.entries(rec.attributes)) {
      setField(doc, `leef.attributes.${k}`, v);
      const field = LEEF_TO_ECS[k];
      if (!field || v === '') continue;
      if (field === '@timestamp') {
        const d = /^\d+$/.test(v) ? fromEpoch(v) : (parseIsoLike(v, ctx.options.timezone) ?? new Date(v));
        if (d && !Number.isNaN(d.getTime())) setField(doc, field, d.toISOString());
      } else
        setField(
          doc,
          field,
          NUMERIC.has(field) ? (toInt(v) ?? v) : field === 'network.transport' ? v.toLowerCase() : v,
        );
    }
    const header = rec.prefix ? parseSyslogHeader(`${rec.prefix} x`, ctx) : undefined;
    if (!doc['@timestamp']) setField(doc, '@timestamp', (header?.timestamp ?? ctx.now).toISOString());
    setField(doc, 'host.hostname', header?.hostname);
    for (const ip of [rec.attributes.src, rec.attributes.dst]) if (ip) appendUnique(doc, 'related.ip', ip);
    setField(doc, 'event.kind', 'event');
    if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', text);
    setField(doc, 'vigie.logsource', { product: rec.product.toLowerCase() || 'leef' });
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const text = recordText(raw);
    return text && /(?:^|[\s>:])LEEF:[12]\.0\|/.test(text.slice(0, 300)) ? 0.5 : 0;
  },
};
