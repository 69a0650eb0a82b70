/**
 * Raw records in the formats our connectors read, as the real shippers produce them: Winlogbeat JSON for Windows
 * (Security, System, Sysmon), RFC 3164 syslog lines for Linux auth, nginx "combined" access lines, Squid native
 * access.log lines and CloudTrail records.
 */
import { DNS_SUFFIX } from './company.js';

export type RawRecord = string | Record<string, unknown>;

const CHANNEL = {
  security: 'Security',
  system: 'System',
  sysmon: 'Microsoft-Windows-Sysmon/Operational',
} as const;
const PROVIDER = {
  security: 'Microsoft-Windows-Security-Auditing',
  system: 'Service Control Manager',
  sysmon: 'Microsoft-Windows-Sysmon',
} as const;

let recordId = 100_000;
let trailId = 0;

/** Restarts the record and event-id counters, so that a scenario is the same whenever it is generated. */
export function resetRawCounters(): void {
  recordId = 100_000;
  trailId = 0;
}

export function winlogbeat(
  log: keyof typeof CHANNEL,
  at: Date,
  host: string,
  eventId: number,
  data: Record<string, string>,
): Record<string, unknown> {
  const fqdn = host.includes('.') ? host : `${host}.${DNS_SUFFIX}`;
  return {
    '@timestamp': at.toISOString(),
    agent: { type: 'winlogbeat', version: '8.15.0' },
    host: { name: fqdn },
    winlog: {
      channel: CHANNEL[log],
      provider_name: PROVIDER[log],
      event_id: eventId,
      computer_name: fqdn,
      record_id: recordId++,
      event_data: data,
    },
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `sysmonUtc(d)` = Sysmon's UtcTime (`2024-05-01 10:00:00.000`). */
export const sysmonUtc = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** RFC 3164 line, UTC wall clock: `May  1 10:00:00 web01 sshd[123]: …`. */
export function syslogLine(at: Date, host: string, tag: string, message: string): string {
  const day = String(at.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[at.getUTCMonth()]} ${day} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} ${host} ${tag}: ${message}`;
}

/** nginx `combined` format. */
export function nginxLine(
  at: Date,
  ip: string,
  method: string,
  path: string,
  status: number,
  bytes: number,
  ua: string,
  referrer = '-',
): string {
  const d = `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
  return `${ip} - - [${d}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "${referrer}" "${ua}"`;
}

/** Squid native access.log. */
export function squidLine(
  at: Date,
  clientIp: string,
  user: string,
  method: string,
  url: string,
  status: number,
  bytes: number,
  serverIp: string,
  elapsedMs: number,
): string {
  const ts = (at.getTime() / 1000).toFixed(3);
  const code = method === 'CONNECT' ? 'TCP_TUNNEL' : status >= 400 ? 'TCP_DENIED' : 'TCP_MISS';
  return `${ts} ${String(elapsedMs).padStart(6, ' ')} ${clientIp} ${code}/${status} ${bytes} ${method} ${url} ${user} HIER_DIRECT/${serverIp} -`;
}

export function cloudTrail(
  at: Date,
  user: string,
  eventSource: string,
  eventName: string,
  sourceIp: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  trailId++;
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${user.toUpperCase().replace(/[^A-Z]/g, '')}`,
      arn: `arn:aws:iam::210987654321:user/${user}`,
      accountId: '210987654321',
      userName: user,
    },
    eventTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: 'eu-west-3',
    sourceIPAddress: sourceIp,
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    eventID: `5e1c0000-0000-4000-8000-${String(trailId).padStart(12, '0')}`,
    eventType: eventSource === 'signin.amazonaws.com' ? 'AwsConsoleSignIn' : 'AwsApiCall',
    recipientAccountId: '210987654321',
    ...extra,
  };
}
