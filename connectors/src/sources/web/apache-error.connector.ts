/**
 * Apache HTTP Server error log, 2.2 (`[Mon Dec 26 16:22:08 2016] [error] [client 1.2.3.4] msg`) and 2.4
 * (`[Wed Oct 20 19:20:59.121211 2021] [module:level] [pid N:tid T] file(line): [client ip:port] AHnnnnn: msg`).
 * The timestamp carries no zone: `options.timezone` applies.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { MONTHS, wallClockToDate } from '../../util/time.js';
import { baseEvent, firstLine, reject, setEndpoint, setTimestamp, unwrap } from './common.js';

const ID = 'apache-error';
const HEAD =
  /^\[(?:[A-Z][a-z]{2}) ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?(\w+)\] (.*)$/;
const ERROR_LEVELS = new Set(['emerg', 'alert', 'crit', 'error']);

export const apacheErrorConnector: Connector = {
  id: ID,
  name: 'Apache HTTP Server error log',
  vendor: 'Apache',
  product: 'HTTP Server',
  logsources: [{ category: 'webserver', product: 'apache', service: 'error' }],
  formats: ['text'],
  elasticFixtures: ['apache/error'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const m = HEAD.exec(firstLine(text).trim());
    if (!m)
      return reject(ID, 'not an Apache error line (expected `[Www Mmm dd hh:mm:ss yyyy] [module:level] …`)');
    const month = MONTHS[m[1].toLowerCase()];
    const ms = m[6] ? Number(m[6].slice(0, 3).padEnd(3, '0')) : 0;
    const date = month
      ? wallClockToDate(
          { year: +m[7], month, day: +m[2], hour: +m[3], minute: +m[4], second: +m[5], ms },
          ctx.options.timezone,
        )
      : undefined;
    const doc = baseEvent(ctx, text, apacheErrorConnector.logsources[0]);
    if (!setTimestamp(doc, date)) return reject(ID, `invalid timestamp in "${m[0].slice(0, 40)}"`);
    const level = m[9].toLowerCase();
    setField(doc, 'log.level', m[9]);
    setField(doc, 'apache.error.module', m[8]);
    setField(doc, 'event.category', ['web']);
    setField(doc, 'event.type', [ERROR_LEVELS.has(level) ? 'error' : 'info']);
    let rest = m[10];
    const pid = /^\[pid (\d+)(?::tid (\d+))?\] /.exec(rest);
    if (pid) {
      setField(doc, 'process.pid', toInt(pid[1]));
      setField(doc, 'process.thread.id', toInt(pid[2]));
      rest = rest.slice(pid[0].length);
    }
    const src = /^([\w.-]+\.c)\((\d+)\): /.exec(rest);
    if (src) {
      setField(doc, 'log.origin.file.name', src[1]);
      setField(doc, 'log.origin.file.line', toInt(src[2]));
      rest = rest.slice(src[0].length);
    }
    const client = /^\[client ([^\]]+)\] /.exec(rest);
    if (client) {
      // The client of an error line is context (as in Elastic's output), kept out of source.* so that
      // access-log detections do not fire on error lines.
      setEndpoint(doc, 'client', client[1]);
      rest = rest.slice(client[0].length);
    }
    const code = /^(AH\d{5}): /.exec(rest);
    if (code) setField(doc, 'error.code', code[1]);
    setField(doc, 'message', rest);
    const file = /File does not exist: (\S+)/.exec(rest);
    if (file) setField(doc, 'file.path', file[1].replace(/,$/, ''));
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || text[0] !== '[') return 0;
    return HEAD.test(firstLine(text)) ? 0.9 : 0;
  },
};
