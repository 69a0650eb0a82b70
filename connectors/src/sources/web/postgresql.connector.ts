/**
 * PostgreSQL server log (stderr/syslog text with the default or a common `log_line_prefix`):
 *   `2025-04-03 22:32:14.322 CEST [31225] user@db LOG:  message`
 *   `2025-04-03 22:32:14 UTC [31225-1] user@db,app=psql,client=1.2.3.4 ERROR:  message`
 * The zone is written as an abbreviation (see `tz-abbrev.ts`); without one, `options.timezone` applies.
 */
import type { Connector, ParseOutcome } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import { baseEvent, firstLine, reject, setEndpoint, setTimestamp, toNum, unwrap } from './common.js';
import { zoneForAbbreviation } from './tz-abbrev.js';

const ID = 'postgresql';
const LINE =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: ([A-Za-z]{1,6}|[+-]\d{2}(?::?\d{2})?))? \[(\d+)(?:-(\d+))?\]:? (?:\[?(?:(\S*?)@(\S*?))\]?(?:,\S*)? )?(?:\[[^\]]*\] )?([A-Z]+\d?):\s+([\s\S]*)$/;
const ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'PANIC']);

export const postgresqlConnector: Connector = {
  id: ID,
  name: 'PostgreSQL server log',
  vendor: 'PostgreSQL',
  product: 'PostgreSQL',
  logsources: [{ category: 'database', product: 'postgresql' }],
  formats: ['text'],
  elasticFixtures: ['postgresql/log'],
  parse(raw, ctx): ParseOutcome {
    const { text } = unwrap(raw);
    if (!text?.trim()) return reject(ID, 'empty record');
    const m = LINE.exec(text.trim());
    if (!m)
      return reject(
        ID,
        'not a PostgreSQL log line (expected `yyyy-mm-dd hh:mm:ss[.ms] [TZ] [pid] … LEVEL:  message`)',
      );
    let zone = ctx.options.timezone;
    if (m[2]) {
      zone = zoneForAbbreviation(m[2], ctx.options);
      if (!zone) return reject(ID, `unknown time-zone abbreviation "${m[2]}" (map it with options.tzMap)`);
    }
    const doc = baseEvent(ctx, text, postgresqlConnector.logsources[0]);
    if (!setTimestamp(doc, parseIsoLike(m[1], zone))) return reject(ID, `invalid timestamp "${m[1]}"`);
    if (m[2]) setField(doc, 'event.timezone', m[2]);
    setField(doc, 'postgresql.log.timestamp', m[2] ? `${m[1]} ${m[2]}` : m[1]);
    setField(doc, 'event.category', ['database']);
    setField(doc, 'event.type', ['info']);
    setField(doc, 'process.pid', toInt(m[3]));
    setField(doc, 'postgresql.log.session_line_number', toInt(m[4]));
    if (m[5]) {
      setField(doc, 'user.name', m[5]);
      appendUnique(doc, 'related.user', m[5]);
    }
    setField(doc, 'postgresql.log.database', m[6] || undefined);
    const level = m[7];
    setField(doc, 'log.level', level);
    if (ERROR_LEVELS.has(level)) setField(doc, 'event.outcome', 'failure');
    const msg = m[8];
    setField(doc, 'message', msg);
    const client = /client=([\w.:[\]-]+)/.exec(firstLine(text));
    if (client) setEndpoint(doc, 'client', client[1]);
    const dur = /^duration: ([\d.]+) ms(?:\s+(?:statement|execute [^:]*): ([\s\S]*))?$/.exec(msg);
    if (dur) {
      const ms = toNum(dur[1]);
      if (ms !== undefined) setField(doc, 'event.duration', Math.round(ms * 1e6));
      setField(doc, 'postgresql.log.query', dur[2]?.trim());
    } else {
      const st = /^statement: ([\s\S]*)$/.exec(msg);
      if (level === 'STATEMENT' || st) setField(doc, 'postgresql.log.query', (st ? st[1] : msg).trim());
    }
    const auth =
      /^(password|connection) authentication failed for user "([^"]+)"/.exec(msg) ??
      /authentication failed for user "([^"]+)"/.exec(msg);
    if (auth) {
      setField(doc, 'event.category', ['database', 'authentication']);
      setField(doc, 'event.type', ['info']);
      setField(doc, 'event.outcome', 'failure');
    }
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const { text } = unwrap(raw);
    if (!text || !/^\d{4}-\d{2}-\d{2} \d/.test(text)) return 0;
    return / \[\d+(-\d+)?\]:? .*\b(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|STATEMENT|DETAIL|HINT|INFO|DEBUG\d?): {2}/.test(
      text,
    )
      ? 0.85
      : 0;
  },
};
