import type { Connector, EcsDocument } from '../../connector.js';
import { parseKv } from '../../formats/kv.parser.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { setField } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { recordText } from './syslog-line.js';

/** Any key=value line (quoted values allowed), optionally behind a syslog header; pairs kept under `kv.*`. */
export const kvConnector: Connector = {
  id: 'kv',
  name: 'Generic key=value',
  vendor: 'Generic',
  product: 'key=value',
  logsources: [],
  formats: ['kv'],
  elasticFixtures: [],
  parse(raw, ctx) {
    const text = recordText(raw);
    if (text === undefined)
      return { kind: 'reject', reason: 'record has no text (expected a key=value line or {message})' };
    const header = parseSyslogHeader(text, ctx);
    const body = header ? header.message : text;
    const r = parseKv(body);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    const doc: EcsDocument = {};
    for (const [k, v] of Object.entries(r.fields)) setField(doc, `kv.${k.replace(/\./g, '_')}`, v);
    const tsText =
      r.fields.timestamp ??
      r.fields.time ??
      r.fields.ts ??
      (r.fields.date && r.fields.time ? `${r.fields.date} ${r.fields.time}` : undefined);
    const ts =
      (tsText ? parseIsoLike(tsText, ctx.options.timezone) : undefined) ?? header?.timestamp ?? ctx.now;
    setField(doc, '@timestamp', ts.toISOString());
    setField(doc, 'host.name', header?.hostname);
    setField(doc, 'host.hostname', header?.hostname);
    setField(doc, 'process.name', header?.appName);
    setField(doc, 'event.kind', 'event');
    if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', text);
    setField(doc, 'vigie.logsource', {});
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const text = recordText(raw);
    if (!text) return 0;
    const pairs = text.slice(0, 400).match(/(?:^|\s)[A-Za-z_][\w.-]*=("[^"]*"|\S*)/g);
    return pairs && pairs.length >= 3 ? 0.2 : 0;
  },
};
