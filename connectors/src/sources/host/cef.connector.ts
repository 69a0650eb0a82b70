import type { Connector, EcsDocument } from '../../connector.js';
import { cefToEcs } from '../../formats/cef.ecs.js';
import { parseCef } from '../../formats/cef.parser.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { setField } from '../../util/ecs.js';
import { recordText } from './syslog-line.js';

/** Any ArcSight CEF source (optionally behind a syslog header), mapped with the CEF→ECS dictionary. */
export const cefConnector: Connector = {
  id: 'cef',
  name: 'Generic CEF (ArcSight Common Event Format)',
  vendor: 'Generic',
  product: 'CEF',
  logsources: [],
  formats: ['cef', 'syslog'],
  elasticFixtures: [],
  parse(raw, ctx) {
    const text = recordText(raw);
    if (text === undefined)
      return { kind: 'reject', reason: 'record has no text (expected a CEF line or {message})' };
    const r = parseCef(text);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    const doc: EcsDocument = {};
    const header = r.record.prefix ? parseSyslogHeader(`${r.record.prefix} x`, ctx) : undefined;
    cefToEcs(r.record, doc);
    if (!doc['@timestamp']) setField(doc, '@timestamp', (header?.timestamp ?? ctx.now).toISOString());
    setField(doc, 'host.hostname', header?.hostname);
    setField(doc, 'event.kind', 'event');
    if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', text);
    setField(doc, 'vigie.logsource', { product: r.record.deviceProduct.toLowerCase() || 'cef' });
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const text = recordText(raw);
    return text && /(?:^|[\s>:])CEF:\d+\|/.test(text.slice(0, 300)) ? 0.5 : 0;
  },
};
