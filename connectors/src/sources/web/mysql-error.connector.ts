/**
 * MySQL / MariaDB error log:
 *   5.5–5.6  `161209 14:18:50 [Warning] message` (also `2016-12-09 14:18:50 1234 [Note] message`)
 *   5.7      `2016-12-09T14:18:50.123456Z 0 [Note] message`
 *   8.0      `2020-08-06T14:25:03.109978Z 0 [System] [MY-010116] [Server] message`
 * Zone-less timestamps use `options.timezone`. Lines without a timestamp are continuation lines of a multi-line
 * message: join them to their first line before parsing (they are rejected alone).
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { parseIsoLike, wallClockToDate } from '../../util/time.js';
import { baseEvent, reject, setTimestamp, unwrap } from './common.js';

const ID = 'mysql-error';
const OLD = /^(\d{2})(\d{2})(\d{2}) {1,2}(\d{1,2}):(\d{2}):(\d{2}) (?:(\d+) )?(?:\[(\w+)\] )?([\s\S]*)$/;
const ISO =
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?) (?:(\d+) )?(?:\[(\w+)\] )?(?:\[(MY-\d+)\] )?(?:\[(\w+)\] )?([\s\S]*)$/;
const ERROR_LEVELS = new Set(['ERROR', 'FATAL']);

export const mysqlErrorConnector: Connector = {
  id: ID,
  name: 'MySQL error log',
  vendor: 'Oracle',
  product: 'MySQL',
  logsources: [{ category: 'database', product: 'mysql' }],
  formats: ['text'],
  elasticFixtures: ['mysql/error'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const line = text.trim();
    const doc = baseEvent(ctx, text, mysqlErrorConnector.logsources[0]);
    let level: string | undefined;
    let message: string;
    const iso = ISO.exec(line);
    const old = iso ? undefined : OLD.exec(line);
    if (iso) {
      if (!setTimestamp(doc, parseIsoLike(iso[1], ctx.options.timezone)))
        return reject(ID, `invalid timestamp "${iso[1]}"`);
      setField(doc, 'mysql.thread_id', toInt(iso[2]));
      level = iso[3];
      setField(doc, 'event.code', iso[4]);
      setField(doc, 'mysql.error.subsystem', iso[5]);
      message = iso[6];
    } else if (old) {
      const date = wallClockToDate(
        {
          year: 2000 + +old[1],
          month: +old[2],
          day: +old[3],
          hour: +old[4],
          minute: +old[5],
          second: +old[6],
        },
        ctx.options.timezone,
      );
      if (!setTimestamp(doc, date)) return reject(ID, `invalid timestamp in "${line.slice(0, 20)}"`);
      setField(doc, 'mysql.thread_id', toInt(old[7]));
      level = old[8];
      message = old[9];
    } else {
      return reject(ID, 'no MySQL timestamp (a continuation line: join it to the previous record)');
    }
    setField(doc, 'event.category', ['database']);
    setField(doc, 'event.type', ['info']);
    setField(doc, 'log.level', level);
    if (level && ERROR_LEVELS.has(level.toUpperCase())) setField(doc, 'event.type', ['error']);
    setField(doc, 'message', message);
    const denied = /^Access denied for user '([^']*)'@'([^']*)'/.exec(message);
    if (denied) {
      setField(doc, 'event.category', ['database', 'authentication']);
      setField(doc, 'event.type', ['start']);
      setField(doc, 'event.outcome', 'failure');
      setField(doc, 'user.name', denied[1]);
      setField(doc, 'source.address', denied[2]);
    }
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text) return 0;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z \d+ \[(Note|Warning|ERROR|System)\] /.test(text))
      return 0.9;
    if (/^\d{6} {1,2}\d{1,2}:\d{2}:\d{2} (\[\w+\] |InnoDB: |mysqld)/.test(text)) return 0.8;
    return 0;
  },
};
