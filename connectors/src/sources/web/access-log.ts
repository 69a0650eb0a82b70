/**
 * The NCSA common/combined access-log line shared by Apache, NGINX, Tomcat and ingress-nginx, with the usual
 * variants: a leading virtual host (`%v` / `$host`, optionally `:port`), a list of client addresses
 * (`X-Forwarded-For` chains, `a, b, c`), and extra fields after the user agent.
 *
 *   [vhost[:port]] remote[, remote…] ident user [time] "request" status bytes ["referrer" "user-agent" extras…]
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import {
  dash,
  isIp,
  parseClfTime,
  setEndpoint,
  setHttpStatus,
  setRequestLine,
  setTimestamp,
  splitHostPort,
  tokenize,
} from './common.js';

export interface AccessLine {
  vhost?: string;
  remotes: string[];
  ident?: string;
  user?: string;
  time: string;
  request: string;
  status?: number;
  bytes?: number;
  referrer?: string;
  userAgent?: string;
  /** Tokens after the user agent (quoted/bracketed tokens unwrapped). */
  extras: string[];
  /** The raw text after the byte count. */
  tail: string;
}

const LINE =
  /^(.+?) \[(\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)? ?[+-]?\d{0,4})\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: (.*))?$/;

/** Parses one access line; returns a reason string when the line does not have the shape. */
export function parseAccessLine(line: string): AccessLine | string {
  const m = LINE.exec(line.trim());
  if (!m) return 'not an access-log line (expected `client ident user [time] "request" status bytes …`)';
  const prefix = tokenize(m[1]);
  if (prefix.length < 3)
    return `expected at least "client ident user" before the timestamp, got ${prefix.length} token(s)`;
  const user = prefix[prefix.length - 1];
  const ident = prefix[prefix.length - 2];
  // Group the address tokens: a token ending with ',' continues with the next one.
  const groups: string[][] = [];
  let current: string[] = [];
  for (const tok of prefix.slice(0, -2)) {
    const parts = tok
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    current.push(...parts);
    if (!tok.trim().endsWith(',')) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length) groups.push(current);
  let vhost: string | undefined;
  let remotes: string[];
  if (groups.length >= 2) {
    vhost = groups[0].join(',');
    remotes = groups.slice(1).flat();
  } else remotes = groups[0] ?? [];
  const tail = m[6] ? tokenize(m[6]) : [];
  return {
    vhost,
    remotes,
    ident: dash(ident),
    user: dash(user),
    time: m[2],
    request: m[3].replace(/\\"/g, '"'),
    status: toInt(m[4]),
    bytes: toInt(m[5]),
    referrer: tail[0],
    userAgent: tail[1],
    extras: tail.slice(2),
    tail: m[6] ?? '',
  };
}

/**
 * Writes the ECS fields of an access line: time, client/server addresses, user, request, status, bytes, referrer,
 * user agent, `event.category: web`. `type` is the `event.type` value. Returns false when the time is invalid.
 */
export function applyAccessLine(
  doc: EcsDocument,
  a: AccessLine,
  opts: { timezone?: string; type?: string | null } = {},
): boolean {
  if (!setTimestamp(doc, parseClfTime(a.time, opts.timezone))) return false;
  setField(doc, 'event.category', ['web']);
  if (opts.type !== null) setField(doc, 'event.type', [opts.type ?? 'access']);
  let domain: string | undefined;
  let port: number | undefined;
  if (a.vhost) {
    const hp = splitHostPort(a.vhost);
    if (isIp(hp.host)) setEndpoint(doc, 'destination', a.vhost);
    else {
      domain = hp.host;
      port = hp.port;
      setField(doc, 'destination.domain', domain);
      setField(doc, 'destination.port', port);
    }
  }
  const client = a.remotes.find((r) => isIp(splitHostPort(r).host)) ?? a.remotes[0];
  setEndpoint(doc, 'source', client);
  for (const r of a.remotes) if (isIp(r)) appendUnique(doc, 'related.ip', r);
  if (a.user) {
    setField(doc, 'user.name', a.user);
    appendUnique(doc, 'related.user', a.user);
  }
  setRequestLine(doc, a.request, { domain, port });
  setHttpStatus(doc, a.status);
  setField(doc, 'http.response.body.bytes', a.bytes);
  setField(doc, 'http.request.referrer', dash(a.referrer));
  setField(doc, 'user_agent.original', dash(a.userAgent));
  return true;
}

/** Cheap detection score for access lines: the `[dd/Mon/yyyy:` timestamp followed by a quoted request. */
export function looksLikeAccessLine(text: string): boolean {
  return /\[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}[^\]]*\] "/.test(text);
}
