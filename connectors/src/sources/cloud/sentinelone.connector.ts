/**
 * SentinelOne Singularity alerts (Cloud Funnel / `/web/api/v2.1/cloud-detection/alerts`): the alert, the rule
 * that fired, the source process and its parent, the target process/file, and the agent (host).
 */
import type { EcsDocument, SigmaLogsource } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  get,
  ip,
  isObject,
  isoTime,
  relatedHash,
  relatedHost,
  relatedIp,
  relatedUser,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'sentinelone', service: 'alert' };
const OS_TYPES = new Set(['windows', 'linux', 'macos']);

function setProcess(doc: EcsDocument, prefix: string, p: Json): void {
  setField(doc, `${prefix}.pid`, toInt(p.pid));
  setField(doc, `${prefix}.name`, str(p.name));
  setField(doc, `${prefix}.executable`, str(p.filePath));
  setField(doc, `${prefix}.command_line`, str(p.commandline));
  setField(doc, `${prefix}.start`, isoTime(p.pidStarttime));
  setField(doc, `${prefix}.entity_id`, str(p.uniqueId));
  setField(doc, `${prefix}.hash.md5`, str(p.fileHashMd5));
  setField(doc, `${prefix}.hash.sha1`, str(p.fileHashSha1));
  setField(doc, `${prefix}.hash.sha256`, str(p.fileHashSha256));
  setField(doc, `${prefix}.code_signature.signing_id`, str(p.fileSignerIdentity));
  setField(doc, `${prefix}.user.name`, str(p.user));
  relatedHash(doc, p.fileHashSha1, p.fileHashMd5, p.fileHashSha256);
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const alert = isObject(rec.alertInfo) ? rec.alertInfo : undefined;
  if (!alert || !isObject(rec.ruleInfo)) return 'not a SentinelOne alert (no alertInfo/ruleInfo)';
  const ts = isoTime(alert.createdAt) ?? isoTime(alert.reportedAt);
  if (!ts) return `unreadable alertInfo.createdAt ${JSON.stringify(alert.createdAt)}`;
  const rule = rec.ruleInfo as Json;
  const agent = isObject(rec.agentDetectionInfo) ? rec.agentDetectionInfo : {};
  const realtime = isObject(rec.agentRealtimeInfo) ? rec.agentRealtimeInfo : {};
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.category', ['malware']);
  setField(doc, 'event.type', ['info']);
  setField(doc, 'event.id', str(alert.alertId));
  setField(doc, 'event.severity_name', str(rule.severity));

  const src = ip(alert.srcIp);
  const dst = ip(alert.dstIp);
  setField(doc, 'source.ip', src);
  setField(doc, 'source.port', toInt(alert.srcPort));
  setField(doc, 'destination.ip', dst);
  setField(doc, 'destination.port', toInt(alert.dstPort));
  const machineIp = ip(alert.srcMachineIp);
  if (machineIp) setField(doc, 'host.ip', [machineIp]);
  relatedIp(doc, src, dst, machineIp);
  setField(doc, 'dns.question.name', str(alert.dnsRequest));

  setField(doc, 'user.name', str(alert.loginsUserName));
  setField(doc, 'user.domain', str(alert.loginAccountDomain));
  setField(doc, 'user.id', str(alert.loginAccountSid));
  relatedUser(doc, alert.loginsUserName);

  const hostName = str(agent.name) ?? str(realtime.name);
  setField(doc, 'host.name', hostName);
  relatedHost(doc, hostName);
  setField(doc, 'host.id', str(realtime.id));
  setField(doc, 'host.type', str(agent.machineType));
  setField(doc, 'host.os.family', str(agent.osFamily));
  setField(doc, 'host.os.name', str(agent.osName));
  setField(doc, 'host.os.version', str(agent.osRevision));
  const os = str(agent.osFamily)?.toLowerCase();
  if (os && OS_TYPES.has(os)) setField(doc, 'host.os.type', os);
  setField(doc, 'observer.serial_number', str(agent.uuid));
  setField(doc, 'observer.version', str(agent.version));

  if (isObject(rec.sourceProcessInfo)) setProcess(doc, 'process', rec.sourceProcessInfo);
  if (isObject(rec.sourceParentProcessInfo)) setProcess(doc, 'process.parent', rec.sourceParentProcessInfo);
  const target = isObject(rec.targetProcessInfo) ? rec.targetProcessInfo : {};
  setField(doc, 'file.created', isoTime(target.tgtFileCreatedAt));
  setField(doc, 'file.mtime', isoTime(target.tgtFileModifiedAt));
  setField(doc, 'file.hash.sha1', str(target.tgtFileHashSha1));
  setField(doc, 'file.hash.sha256', str(target.tgtFileHashSha256));

  setField(doc, 'rule.name', str(rule.name));
  setField(doc, 'rule.id', str(rule.id));
  setField(doc, 'rule.description', str(rule.description));

  const s1 = (k: string, v: unknown) => setField(doc, `sentinel_one.alert.${k}`, v);
  s1('info', alert);
  s1('rule', rule);
  s1('target', Object.keys(target).length ? target : undefined);
  s1('agent.site_id', str(agent.siteId));
  s1('agent.account_id', str(agent.accountId));
  s1('container', get(rec, 'containerInfo'));
  s1('kubernetes', get(rec, 'kubernetesInfo'));
  return { doc, logsource: LOGSOURCE };
}

export const sentineloneConnector = jsonConnector({
  id: 'sentinelone',
  name: 'SentinelOne alerts',
  vendor: 'SentinelOne',
  product: 'Singularity',
  logsources: [LOGSOURCE],
  elasticFixtures: ['sentinel_one/alert'],
  map: mapRecord,
  detect(text) {
    return text.includes('"alertInfo"') && text.includes('"ruleInfo"') ? 0.95 : 0;
  },
});
