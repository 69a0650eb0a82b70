/**
 * CrowdStrike Falcon Data Replicator (FDR) sensor events: one JSON event per line, named by `event_simpleName`
 * (ProcessRollup2, DnsRequest, NetworkConnectIP4, UserLogon, CommandHistory…). Process, DNS and network events
 * are also routed to the matching Sigma categories of their platform (windows/linux/macos).
 */
import type { EcsDocument, SigmaLogsource } from '../../connector.js';
import { setField, toInt } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import { basename, ip, isoTime, relatedHash, relatedIp, relatedUser, str, type Json } from './json-record.js';

const DEFAULT_LOGSOURCE: SigmaLogsource = { product: 'crowdstrike', service: 'fdr' };
const PLATFORMS: Record<string, string> = { Win: 'windows', Mac: 'macos', Lin: 'linux' };
const PROTOCOLS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };

interface Categorised {
  category?: string[];
  type?: string[];
  sigmaCategory?: string;
  outcome?: string;
}

function categorize(name: string): Categorised {
  if (/^(Synthetic)?ProcessRollup2$|^ProcessRollup2Stats$/.test(name))
    return { category: ['process'], type: ['start'], sigmaCategory: 'process_creation' };
  if (/^(EndOfProcess|TerminateProcess)$/.test(name)) return { category: ['process'], type: ['end'] };
  if (name === 'CommandHistory') return { category: ['process'], type: ['end', 'info'] };
  if (name === 'DnsRequest' || name === 'SuspiciousDnsRequest')
    return { category: ['network'], type: ['protocol', 'info'], sigmaCategory: 'dns_query' };
  if (/^Network(Connect|Accept)IP[46]$/.test(name))
    return { category: ['network'], type: ['connection', 'start'], sigmaCategory: 'network_connection' };
  if (/^NetworkListenIP[46]$/.test(name)) return { category: ['network'], type: ['start'] };
  if (/^UserLogon$|^UserLogonFailed2?$/.test(name))
    return {
      category: ['authentication'],
      type: ['start'],
      outcome: /Failed/.test(name) ? 'failure' : 'success',
    };
  if (name === 'UserLogoff') return { category: ['authentication'], type: ['end'] };
  if (/FileWritten$|^NewExecutableWritten$|^NewScriptWritten$/.test(name))
    return { category: ['file'], type: ['creation'], sigmaCategory: 'file_event' };
  if (/^FileDeleteInfo$|Deleted$/.test(name))
    return { category: ['file'], type: ['deletion'], sigmaCategory: 'file_delete' };
  if (
    /^(AsepValueUpdate|RegGenericValueUpdate|RegKeySecurityDecreased|RegSystemConfigValueUpdate)$/.test(name)
  )
    return { category: ['registry'], type: ['change'], sigmaCategory: 'registry_set' };
  if (/^(ImageHash|ClassifiedModuleLoad)$/.test(name))
    return { category: ['library'], type: ['start'], sigmaCategory: 'image_load' };
  return {};
}

function mapRecord(rec: Json): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const name = str(rec.event_simpleName);
  if (!name) return 'not a CrowdStrike FDR event (no event_simpleName)';
  const ts = isoTime(rec.timestamp) ?? isoTime(rec.ContextTimeStamp);
  if (!ts) return `unreadable timestamp ${JSON.stringify(rec.timestamp)}`;
  const c = categorize(name);
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'event');
  setField(doc, 'event.action', name);
  setField(doc, 'event.category', c.category);
  setField(doc, 'event.type', c.type);
  setField(doc, 'event.outcome', c.outcome ?? 'success');
  setField(doc, 'event.id', str(rec.id));
  const os = PLATFORMS[str(rec.event_platform) ?? ''];
  setField(doc, 'host.os.type', os);
  setField(doc, 'host.id', str(rec.aid));
  setField(doc, 'host.name', str(rec.ComputerName));
  setField(doc, 'observer.serial_number', str(rec.aid));
  setField(doc, 'observer.version', str(rec.ConfigBuild));
  const aip = ip(rec.aip);
  if (aip) {
    setField(doc, 'observer.ip', [aip]);
    setField(doc, 'observer.address', [aip]);
  }
  relatedIp(doc, aip);
  relatedHash(doc, rec.ConfigStateHash, rec.SHA256HashData, rec.MD5HashData, rec.SHA1HashData);

  const user = str(rec.UserName);
  setField(doc, 'user.name', user);
  setField(doc, 'user.id', str(rec.UserSid));
  setField(doc, 'user.domain', str(rec.LogonDomain));
  relatedUser(doc, user);

  // Process.
  const exe = str(rec.ImageFileName);
  setField(doc, 'process.executable', exe);
  setField(doc, 'process.name', basename(exe));
  setField(doc, 'process.pid', toInt(rec.RawProcessId));
  setField(doc, 'process.entity_id', str(rec.TargetProcessId) ?? str(rec.ContextProcessId));
  setField(doc, 'process.parent.entity_id', str(rec.ParentProcessId));
  setField(doc, 'process.parent.name', str(rec.ParentBaseFileName));
  setField(doc, 'process.hash.sha256', str(rec.SHA256HashData));
  setField(doc, 'process.hash.md5', str(rec.MD5HashData));
  setField(doc, 'process.user.name', user);
  if (name === 'CommandHistory') {
    const history = str(rec.CommandHistory);
    if (history) setField(doc, 'process.command_line', history.split('¶'));
    const logonType = toInt(rec.LogonType);
    if (logonType !== undefined) setField(doc, 'process.interactive', [2, 10, 11].includes(logonType));
  } else {
    setField(doc, 'process.command_line', str(rec.CommandLine));
  }

  // Network and DNS.
  const remote = ip(rec.RemoteAddressIP4) ?? ip(rec.RemoteAddressIP6);
  const local = ip(rec.LocalAddressIP4) ?? ip(rec.LocalAddressIP6);
  if (remote || local) {
    setField(doc, 'destination.ip', remote);
    setField(doc, 'destination.port', toInt(rec.RemotePort));
    setField(doc, 'source.ip', local);
    setField(doc, 'source.port', toInt(rec.LocalPort));
    setField(doc, 'network.transport', PROTOCOLS[str(rec.Protocol) ?? '']);
    setField(
      doc,
      'network.direction',
      name.startsWith('NetworkAccept') ? 'ingress' : name.startsWith('NetworkConnect') ? 'egress' : undefined,
    );
    relatedIp(doc, remote, local);
  }
  setField(doc, 'dns.question.name', str(rec.DomainName));
  setField(doc, 'file.path', str(rec.TargetFileName));
  setField(doc, 'file.name', basename(str(rec.TargetFileName)));

  const cs: Json = {};
  for (const [k, v] of Object.entries(rec)) if (v !== null && v !== '') cs[k] = v;
  setField(doc, 'crowdstrike', cs);
  const logsource: SigmaLogsource =
    c.sigmaCategory && os ? { product: os, category: c.sigmaCategory } : DEFAULT_LOGSOURCE;
  return { doc, logsource };
}

export const crowdstrikeFdrConnector = jsonConnector({
  id: 'crowdstrike-fdr',
  name: 'CrowdStrike Falcon Data Replicator',
  vendor: 'CrowdStrike',
  product: 'Falcon Data Replicator',
  logsources: [
    DEFAULT_LOGSOURCE,
    ...['windows', 'linux', 'macos'].flatMap((product) =>
      [
        'process_creation',
        'dns_query',
        'network_connection',
        'file_event',
        'file_delete',
        'registry_set',
        'image_load',
      ].map((category) => ({ product, category })),
    ),
  ],
  elasticFixtures: ['crowdstrike/fdr'],
  map: mapRecord,
  detect(text) {
    return /"event_simpleName"\s*:/.test(text) && /"aid"\s*:/.test(text)
      ? 0.95
      : /"event_simpleName"\s*:/.test(text)
        ? 0.7
        : 0;
  },
});
