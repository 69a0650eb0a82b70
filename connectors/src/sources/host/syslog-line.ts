/**
 * Shared reading of a syslog line for the host connectors: the raw text (a line, or `{message}`), the header
 * (via the lead's `parseSyslogHeader`), and the common ECS fields (`@timestamp`, `host.*`, `process.*`,
 * `log.syslog.*`, `message`, `event.original`).
 */
import type { EcsDocument, ParseContext, RawRecord } from '../../connector.js';
import { parseSyslogHeader, type SyslogHeader } from '../../formats/syslog.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { rawParts } from '../../util/raw.js';

/** The text of a record: the line itself, or its `message` / `event.original`. */
export function recordText(raw: RawRecord): string | undefined {
  return rawParts(raw).text;
}

export type SyslogRead =
  { ok: true; header: SyslogHeader; text: string; doc: EcsDocument } | { ok: false; reason: string };

export function readSyslog(raw: RawRecord, ctx: ParseContext): SyslogRead {
  const text = recordText(raw);
  if (text === undefined)
    return { ok: false, reason: 'record has no text (expected a syslog line or {message})' };
  const line = text.replace(/[\r\n]+$/, '');
  if (!line.trim()) return { ok: false, reason: 'empty line' };
  const header = parseSyslogHeader(line, ctx);
  if (!header)
    return {
      ok: false,
      reason: `no syslog timestamp at the start of the line: ${JSON.stringify(line.slice(0, 60))}`,
    };
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', (header.timestamp ?? ctx.now).toISOString());
  setField(doc, 'event.kind', 'event');
  if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', line);
  if (ctx.options.timezone) setField(doc, 'event.timezone', ctx.options.timezone);
  if (header.hostname) {
    setField(doc, 'host.hostname', header.hostname);
    setField(doc, 'host.name', header.hostname);
    appendUnique(doc, 'related.hosts', header.hostname);
  }
  setField(doc, 'process.name', header.appName);
  setField(doc, 'process.pid', toInt(header.procId));
  setField(doc, 'log.syslog.priority', header.priority);
  setField(doc, 'log.syslog.facility.code', header.facility);
  setField(doc, 'log.syslog.severity.code', header.severity);
  setField(doc, 'log.syslog.hostname', header.hostname);
  setField(doc, 'log.syslog.appname', header.appName);
  setField(doc, 'log.syslog.procid', header.procId);
  setField(doc, 'log.syslog.msgid', header.msgId);
  if (header.structuredData && Object.keys(header.structuredData).length) {
    setField(doc, 'log.syslog.structured_data', header.structuredData);
  }
  setField(doc, 'message', header.message);
  return { ok: true, header, text: line, doc };
}

/** Cheap check: does the text start like a syslog line (PRI, BSD or ISO timestamp, RFC 5424 version)? */
export function looksLikeSyslog(text: string): boolean {
  return /^(?:<\d{1,3}>)?(?:1 \d{4}-|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} |\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.test(
    text,
  );
}

/** The program tag of a syslog line without parsing it fully (`sshd`, `sudo`…). */
export function peekProgram(text: string): string | undefined {
  const m =
    /^(?:<\d{1,3}>)?(?:1 \S+ \S+ (\S+)|(?:[A-Z][a-z]{2} [ \d]\d (?:\d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d+)?|\d{4}-\d{2}-\d{2}[T ]\S+) (?:\S+ )?([^\s:[]+)(?:\[\d+\])?:)/.exec(
      text,
    );
  return m ? (m[1] ?? m[2]) : undefined;
}
