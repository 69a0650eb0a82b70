import type { ParseContext } from '../connector.js';
import { inferYear, MONTHS, parseIsoLike, wallClockToDate } from '../util/time.js';

/** The header fields of one syslog line (RFC 3164, RFC 5424, or the ISO-timestamped variant rsyslog writes). */
export interface SyslogHeader {
  format: 'rfc3164' | 'rfc5424';
  priority?: number;
  facility?: number;
  severity?: number;
  timestamp?: Date;
  /** The timestamp text as written, for sources that re-parse it. */
  timestampText?: string;
  hostname?: string;
  /** An address written after the host name, before the tag (Infoblox NIOS: `host 10.0.0.1 httpd: …`). */
  hostIp?: string;
  /** A severity word written before the tag (F5 BIG-IP: `host notice tmm[123]: …`). */
  level?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  /** RFC 5424 structured data, `{ "sdid": { "param": "value" } }`. */
  structuredData?: Record<string, Record<string, string>>;
  /** Everything after the header. */
  message: string;
}

const PRI = /^<(\d{1,3})>/;
const BSD_TS = /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(?:(\d{4})\s+)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s+/;
const ISO_TS = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\s+/;
const TAG = /^([^\s:[\]]{1,64})(?:\[([^\]\s]{0,32})\])?:\s?/;
/** An IPv4 or IPv6 address token followed by a tag (`10.0.0.1 httpd:`). */
const HOST_IP =
  /^(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*)\s+(?=[^\s:[\]]{1,64}(?:\[[^\]\s]{0,32}\])?:)/;
/** A severity keyword followed by a tag (`notice tmm[123]:`). */
const LEVEL =
  /^(emerg|alert|crit|err|error|warning|warn|notice|info|debug)\s+(?=[^\s:[\]]{1,64}(?:\[[^\]\s]{0,32}\])?:)/;

function splitPriority(line: string): { pri?: number; rest: string } {
  const m = PRI.exec(line);
  if (!m) return { rest: line };
  const pri = Number(m[1]);
  return pri <= 191 ? { pri, rest: line.slice(m[0].length) } : { rest: line };
}

function parseStructuredData(
  text: string,
): { sd?: Record<string, Record<string, string>>; rest: string } | undefined {
  if (text.startsWith('-')) return { rest: text.slice(1).replace(/^ /, '') };
  if (!text.startsWith('[')) return undefined;
  const sd: Record<string, Record<string, string>> = {};
  let i = 0;
  while (text[i] === '[') {
    const idEnd = text.slice(i + 1).search(/[ \]]/);
    if (idEnd < 0) return undefined;
    const id = text.slice(i + 1, i + 1 + idEnd);
    i += 1 + idEnd;
    const params: Record<string, string> = {};
    while (text[i] === ' ') {
      const m = /^ ([^= \]"]+)="((?:[^"\\]|\\.)*)"/.exec(text.slice(i));
      if (!m) return undefined;
      params[m[1]] = m[2].replace(/\\(["\\\]])/g, '$1');
      i += m[0].length;
    }
    if (text[i] !== ']') return undefined;
    i++;
    sd[id] = params;
  }
  return { sd, rest: text.slice(i).replace(/^ /, '') };
}

function parse5424(pri: number | undefined, rest: string): SyslogHeader | undefined {
  const m = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (!m) return undefined;
  const sd = parseStructuredData(rest.slice(m[0].length));
  if (!sd) return undefined;
  const nil = (v: string) => (v === '-' ? undefined : v);
  return {
    format: 'rfc5424',
    ...priorityFields(pri),
    timestamp: m[1] === '-' ? undefined : parseIsoLike(m[1]),
    timestampText: nil(m[1]),
    hostname: nil(m[2]),
    appName: nil(m[3]),
    procId: nil(m[4]),
    msgId: nil(m[5]),
    structuredData: sd.sd,
    message: sd.rest.replace(/^\uFEFF/, ''),
  };
}

function priorityFields(pri: number | undefined) {
  return pri === undefined ? {} : { priority: pri, facility: pri >> 3, severity: pri & 7 };
}

/**
 * Parses the syslog header of a line. Returns undefined when the line has no recognisable syslog timestamp.
 * Zone-less timestamps use `ctx.options.timezone` (UTC when unset); year-less ones use `ctx.options.year`
 * or the year closest to `ctx.now`.
 */
export function parseSyslogHeader(
  line: string,
  ctx: ParseContext,
  opts: { hostname?: boolean } = {},
): SyslogHeader | undefined {
  const { pri, rest } = splitPriority(line);
  if (rest.startsWith('1 ')) return parse5424(pri, rest);
  let body: string;
  let timestamp: Date | undefined;
  let timestampText: string;
  const bsd = BSD_TS.exec(rest);
  if (bsd) {
    const month = MONTHS[bsd[1].toLowerCase()];
    if (!month) return undefined;
    const year = bsd[3] ? Number(bsd[3]) : (ctx.options.year ?? inferYear(month, ctx.now));
    const ms = bsd[7] ? Number(bsd[7].slice(0, 3).padEnd(3, '0')) : 0;
    timestamp = wallClockToDate(
      { year, month, day: +bsd[2], hour: +bsd[4], minute: +bsd[5], second: +bsd[6], ms },
      ctx.options.timezone,
    );
    timestampText = bsd[0].trim();
    body = rest.slice(bsd[0].length);
  } else {
    const iso = ISO_TS.exec(rest);
    if (!iso) return undefined;
    timestamp = parseIsoLike(iso[1], ctx.options.timezone);
    timestampText = iso[1];
    body = rest.slice(iso[0].length);
  }
  let hostname: string | undefined;
  if (opts.hostname !== false) {
    const h = /^(\S+)\s+/.exec(body);
    // A token ending with ':' or carrying '[pid]' is the tag, not a host (some devices omit the host).
    if (h && !h[1].endsWith(':') && !/\[\d*\]:?$/.test(h[1])) {
      hostname = h[1];
      body = body.slice(h[0].length);
    }
  }
  let hostIp: string | undefined;
  const ip = hostname !== undefined ? HOST_IP.exec(body) : null;
  if (ip) {
    hostIp = ip[1];
    body = body.slice(ip[0].length);
  }
  let level: string | undefined;
  const lvl = LEVEL.exec(body);
  if (lvl) {
    level = lvl[1];
    body = body.slice(lvl[0].length);
  }
  const tag = TAG.exec(body);
  return {
    format: 'rfc3164',
    ...priorityFields(pri),
    timestamp,
    timestampText,
    hostname,
    ...(hostIp !== undefined ? { hostIp } : {}),
    ...(level !== undefined ? { level } : {}),
    appName: tag?.[1],
    procId: tag?.[2] || undefined,
    message: tag ? body.slice(tag[0].length) : body,
  };
}
