import type { Connector, ParseContext, ParseOutcome, RawRecord } from '../../connector.js';
import { parseSyslogHeader } from '../../formats/syslog.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { inferYear, wallClockToDate } from '../../util/time.js';
import { baseEvent, directionFromIps, rawInput, setEndpoint, setTimestamp } from './net.js';

/**
 * `[gid:sid:rev] msg [**]? [Classification: c] [Priority: p] {PROTO} src[:port] -> dst[:port]`, matched in linear
 * time: the `[gid:sid:rev]` head, then the `{PROTO} src -> dst` tail anchored at the end, then the optional
 * `[Classification]`/`[Priority]` blocks taken off the end of what lies between (a single regex with a lazy
 * message retried from every head is quadratic on long lines).
 */
const HEAD = /\[(\d+):(\d+):(\d+)\]\s+/g;
const TAIL = /\{([^{}]+)\}\s+([0-9A-Fa-f.:]+?)(?::(\d+))?\s+->\s+([0-9A-Fa-f.:]+?)(?::(\d+))?\s*$/g;
const PRIORITY = /^\[Priority:\s*(\d+)\]$/;
const CLASSIFICATION = /^\[Classification:\s*([^\]]*)\]$/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

interface Alert {
  gid: string;
  sid: string;
  rev: string;
  msg: string;
  classification?: string;
  priority?: string;
  proto: string;
  src: string;
  sport?: string;
  dst: string;
  dport?: string;
}

/** Takes a `[Marker ...]` block off the end of `text`, when it is one. */
function takeSuffix(text: string, marker: string, re: RegExp): { rest: string; value?: string } {
  const at = text.lastIndexOf(marker);
  if (at < 0) return { rest: text };
  const m = re.exec(text.slice(at));
  return m ? { rest: text.slice(0, at).trimEnd(), value: m[1] } : { rest: text };
}

export function matchSnortAlert(s: string): Alert | undefined {
  let tail: RegExpExecArray | null = null;
  HEAD.lastIndex = 0;
  for (let h = HEAD.exec(s); h; h = HEAD.exec(s)) {
    const start = h.index + h[0].length;
    if (!tail || tail.index < start) {
      TAIL.lastIndex = start;
      tail = TAIL.exec(s);
      if (!tail) return undefined;
    }
    let mid = s.slice(start, tail.index).trimEnd();
    const p = takeSuffix(mid, '[Priority:', PRIORITY);
    const c = takeSuffix(p.rest, '[Classification:', CLASSIFICATION);
    mid = c.rest;
    if (mid.endsWith('[**]')) mid = mid.slice(0, -4).trimEnd();
    if (LINE_BREAK.test(mid)) {
      HEAD.lastIndex = h.index + 1;
      continue;
    }
    return {
      gid: h[1],
      sid: h[2],
      rev: h[3],
      msg: mid,
      classification: c.value,
      priority: p.value,
      proto: tail[1],
      src: tail[2],
      sport: tail[3],
      dst: tail[4],
      dport: tail[5],
    };
  }
  return undefined;
}

/** alert_fast timestamp: `MM/DD[/YY]-HH:MM:SS[.ffffff]`. */
const FAST_TS = /^(\d{2})\/(\d{2})(?:\/(\d{2}))?-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s+/;

function parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
  const { text } = rawInput(raw);
  if (text === undefined) return { kind: 'reject', reason: 'snort: record has no message text' };
  const line = text.trim();
  const doc = baseEvent(
    ctx,
    text,
    { vendor: 'snort', product: 'ids', type: 'ids' },
    { category: 'ids', product: 'snort' },
  );
  let body: string;
  const fast = FAST_TS.exec(line);
  if (fast) {
    const month = +fast[1];
    const year = fast[3] ? 2000 + +fast[3] : (ctx.options.year ?? inferYear(month, ctx.now));
    const ms = fast[7] ? +fast[7].slice(0, 3).padEnd(3, '0') : 0;
    const d = wallClockToDate(
      { year, month, day: +fast[2], hour: +fast[4], minute: +fast[5], second: +fast[6], ms },
      ctx.options.timezone,
    );
    if (!setTimestamp(doc, d)) return { kind: 'reject', reason: 'snort: invalid alert_fast timestamp' };
    body = line.slice(fast[0].length).replace(/^\[\*\*\]\s*/, '');
  } else {
    const h = parseSyslogHeader(line, ctx);
    if (!h) return { kind: 'reject', reason: 'snort: neither an alert_fast timestamp nor a syslog header' };
    if (!setTimestamp(doc, h.timestamp))
      return { kind: 'reject', reason: 'snort: unparsable syslog timestamp' };
    setField(doc, 'observer.name', h.hostname);
    setField(doc, 'process.name', h.appName);
    setField(doc, 'process.pid', toInt(h.procId));
    body = h.message;
  }
  if (ctx.options.timezone) setField(doc, 'event.timezone', ctx.options.timezone);
  const m = matchSnortAlert(body.trim());
  if (!m)
    return { kind: 'reject', reason: 'snort: no "[gid:sid:rev] msg ... {PROTO} src -> dst" alert in line' };
  const { gid, sid, rev, msg, classification, priority, proto, src, sport, dst, dport } = m;
  setField(doc, 'event.kind', 'alert');
  appendUnique(doc, 'event.category', 'network');
  setField(doc, 'rule.id', sid);
  setField(doc, 'rule.version', rev);
  setField(doc, 'rule.description', msg);
  setField(doc, 'rule.name', msg);
  setField(doc, 'rule.category', classification);
  setField(doc, 'snort.gid', toInt(gid));
  setField(doc, 'event.severity', toInt(priority));
  const transport = proto.toLowerCase();
  setField(doc, 'network.transport', transport === 'ipv6-icmp' ? 'ipv6-icmp' : transport);
  setEndpoint(doc, 'source', src, sport);
  setEndpoint(doc, 'destination', dst, dport);
  setField(doc, 'network.type', src.includes(':') ? 'ipv6' : 'ipv4');
  setField(doc, 'network.direction', directionFromIps(src, dst));
  return { kind: 'event', event: doc };
}

/** Snort alerts: alert_fast files and syslog output (`snort[pid]: [gid:sid:rev] msg ...`). */
export const snortConnector: Connector = {
  id: 'snort',
  name: 'Snort IDS alerts',
  vendor: 'Cisco',
  product: 'Snort',
  logsources: [{ category: 'ids', product: 'snort' }],
  formats: ['syslog', 'text'],
  elasticFixtures: ['snort/log'],
  parse,
  detect(raw) {
    const text = rawInput(raw).text;
    if (!text) return 0;
    const head = text.slice(0, 400);
    if (!/\[\d+:\d+:\d+\]/.test(head) || !/\{[A-Z0-9-]+\}\s+\S+\s+->\s+\S+/.test(text)) return 0;
    return /\bsnort(\[\d+\])?:/.test(head) || FAST_TS.test(head) ? 0.95 : 0.7;
  },
};
