import type { Connector } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { looksLikeSyslog, readSyslog, recordText } from './syslog-line.js';

/** Generic RFC 3164 / RFC 5424 syslog: header fields to ECS (`log.syslog.*`, `host.*`, `process.*`, `message`). */
export const syslogConnector: Connector = {
  id: 'syslog',
  name: 'Generic syslog (RFC 3164 / 5424)',
  vendor: 'Generic',
  product: 'syslog',
  logsources: [],
  formats: ['syslog'],
  elasticFixtures: [],
  parse(raw, ctx) {
    const r = readSyslog(raw, ctx);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    setField(r.doc, 'vigie.logsource', {});
    return { kind: 'event', event: r.doc };
  },
  detect(raw) {
    const text = recordText(raw);
    return text && looksLikeSyslog(text) ? 0.25 : 0;
  },
};
