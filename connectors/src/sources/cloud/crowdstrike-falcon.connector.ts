/**
 * CrowdStrike Falcon streaming API (Event Streams / SIEM connector) events: `{metadata:{eventType,…}, event:{…}}`
 * — detection and incident summaries, authentication and user activity audits, remote response sessions,
 * firewall matches.
 *
 * Import path: the SIEM connector writes one JSON object per line, but exports are often pretty-printed over many
 * lines. Feed `parse` the complete object text (a multi-line string is fine), e.g. by cutting the file with
 * `splitJsonObjects()` from `json-record.ts` or by joining lines on the multiline rule `^{` (Elastic's config).
 */
import type { EcsDocument, SigmaLogsource } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  basename,
  ip,
  isObject,
  isoTime,
  relatedHash,
  relatedIp,
  relatedUser,
  splitArgs,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'crowdstrike', service: 'falcon' };

interface Categorised {
  kind: string;
  action: string;
  category?: string[];
  type?: string[];
}

function categorize(eventType: string, ev: Json): Categorised {
  switch (eventType) {
    case 'DetectionSummaryEvent':
    case 'EppDetectionSummaryEvent':
      return { kind: 'alert', action: 'detection', category: ['malware'], type: ['info'] };
    case 'IncidentSummaryEvent':
      return { kind: 'alert', action: 'incident', category: ['malware'], type: ['info'] };
    case 'AuthActivityAuditEvent':
      return {
        kind: 'event',
        action: str(ev.OperationName) ?? 'authentication',
        category: ['authentication'],
        type: ['info'],
      };
    case 'UserActivityAuditEvent':
      return {
        kind: 'event',
        action: str(ev.OperationName) ?? 'user_activity',
        category: ['iam'],
        type: ['change'],
      };
    case 'RemoteResponseSessionStartEvent':
      return {
        kind: 'event',
        action: 'remote_response_session_start',
        category: ['session'],
        type: ['start'],
      };
    case 'RemoteResponseSessionEndEvent':
      return { kind: 'event', action: 'remote_response_session_end', category: ['session'], type: ['end'] };
    case 'FirewallMatchEvent':
      return { kind: 'event', action: 'firewall_match_event', category: ['network'], type: ['connection'] };
    case 'CustomerIOCEvent':
      return { kind: 'alert', action: 'ioc', category: ['threat'], type: ['indicator'] };
    default:
      return { kind: 'event', action: eventType };
  }
}

function outcomeOf(ev: Json): string {
  if (typeof ev.Success === 'boolean') return ev.Success ? 'success' : 'failure';
  return 'unknown';
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const meta = isObject(rec.metadata) ? rec.metadata : undefined;
  const ev = isObject(rec.event) ? rec.event : undefined;
  const eventType = str(meta?.eventType);
  if (!meta || !ev || !eventType) return 'not a Falcon streaming event (no metadata.eventType/event)';
  const ts = isoTime(meta.eventCreationTime) ?? isoTime(ev.UTCTimestamp) ?? isoTime(ev.timestamp);
  if (!ts) return `unreadable metadata.eventCreationTime ${JSON.stringify(meta.eventCreationTime)}`;
  const c = categorize(eventType, ev);
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', c.kind);
  setField(doc, 'event.action', c.action);
  setField(doc, 'event.category', c.category);
  setField(doc, 'event.type', c.type);
  setField(doc, 'event.outcome', outcomeOf(ev));
  setField(doc, 'event.url', str(ev.FalconHostLink));
  setField(doc, 'event.severity', typeof ev.Severity === 'number' ? ev.Severity : undefined);
  setField(doc, 'agent.type', 'falcon');
  setField(doc, 'agent.id', str(ev.SensorId) ?? str(ev.AgentIdString));

  const user = str(ev.UserName) ?? str(ev.UserId);
  setField(doc, 'user.name', user);
  relatedUser(doc, user);
  setField(doc, 'host.name', str(ev.ComputerName));
  setField(doc, 'host.domain', str(ev.MachineDomain));
  const localIp = ip(ev.LocalIP);
  if (localIp) setField(doc, 'host.ip', [localIp]);
  const srcIp = ip(ev.UserIp) ?? ip(ev.OriginSourceIpAddress);
  setField(doc, 'source.ip', srcIp);
  relatedIp(doc, srcIp);

  const cmd = str(ev.CommandLine);
  if (cmd) {
    const args = splitArgs(cmd);
    setField(doc, 'process.command_line', cmd);
    setField(doc, 'process.args', args);
    setField(doc, 'process.executable', args[0]);
  }
  const pid = toInt(ev.ProcessId);
  if (pid !== undefined && pid < 2 ** 31) setField(doc, 'process.pid', pid);
  setField(doc, 'process.parent.command_line', str(ev.ParentCommandLine));
  setField(doc, 'process.parent.name', basename(str(ev.ParentImageFileName)));
  setField(doc, 'file.hash.sha256', str(ev.SHA256String));
  setField(doc, 'file.hash.md5', str(ev.MD5String));
  relatedHash(
    doc,
    ev.SHA256String,
    ev.MD5String,
    ev.SHA1String !== '0000000000000000000000000000000000000000' ? ev.SHA1String : undefined,
  );
  setField(doc, 'threat.tactic.name', str(ev.Tactic));
  setField(doc, 'threat.technique.name', str(ev.Technique));
  setField(doc, 'message', str(ev.DetectDescription));

  setField(doc, 'crowdstrike.metadata', meta);
  setField(doc, 'crowdstrike.event', ev);
  return { doc, logsource: LOGSOURCE };
}

export const crowdstrikeFalconConnector = jsonConnector({
  id: 'crowdstrike-falcon',
  name: 'CrowdStrike Falcon streaming API',
  vendor: 'CrowdStrike',
  product: 'Falcon',
  logsources: [LOGSOURCE],
  elasticFixtures: ['crowdstrike/falcon'],
  map: mapRecord,
  detect(text) {
    return /"metadata"\s*:/.test(text) &&
      /"eventType"\s*:\s*"\w+(Event)"/.test(text) &&
      /"(customerIDString|eventCreationTime)"/.test(text)
      ? 0.95
      : 0;
  },
});
