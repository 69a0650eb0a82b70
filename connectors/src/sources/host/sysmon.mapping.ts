/**
 * Sysmon classification per event id (Windows and Linux share the schema): ECS category/type, the task name
 * as `event.action`, the Sigma category, and the process, file, registry, network and DNS fields.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField } from '../../util/ecs.js';
import { parseIsoLike } from '../../util/time.js';
import type { WinEvent } from './windows-event.js';
import {
  basename,
  parseHashes,
  pidOf,
  setProcess,
  setUser,
  splitAccount,
  val,
  type WinMapping,
} from './windows-ecs.js';

type Row = [category: string[], type: string[], action: string, sigma?: string];

const EVENTS: Record<number, Row> = {
  1: [['process'], ['start'], 'Process Create', 'process_creation'],
  2: [['file'], ['change'], 'File creation time changed', 'file_change'],
  3: [['network'], ['connection', 'start'], 'Network connection detected', 'network_connection'],
  4: [['process'], ['change'], 'Sysmon service state changed', 'sysmon_status'],
  5: [['process'], ['end'], 'Process terminated', 'process_termination'],
  6: [['driver'], ['start'], 'Driver loaded', 'driver_load'],
  7: [['process', 'library'], ['change', 'start'], 'Image loaded', 'image_load'],
  8: [['process'], ['change'], 'CreateRemoteThread detected', 'create_remote_thread'],
  9: [['process'], ['access'], 'RawAccessRead detected', 'raw_access_thread'],
  10: [['process'], ['access'], 'Process accessed', 'process_access'],
  11: [['file'], ['creation'], 'File created', 'file_event'],
  12: [['configuration', 'registry'], ['change'], 'Registry object added or deleted', 'registry_add'],
  13: [['configuration', 'registry'], ['change'], 'Registry value set', 'registry_set'],
  14: [['configuration', 'registry'], ['change'], 'Registry object renamed', 'registry_rename'],
  15: [['file'], ['access'], 'File stream created', 'create_stream_hash'],
  16: [['configuration'], ['change'], 'Sysmon config state changed', 'sysmon_status'],
  17: [['file'], ['creation'], 'Pipe Created', 'pipe_created'],
  18: [['file'], ['access'], 'Pipe Connected', 'pipe_created'],
  19: [['process'], ['change'], 'WmiEventFilter activity detected', 'wmi_event'],
  20: [['process'], ['change'], 'WmiEventConsumer activity detected', 'wmi_event'],
  21: [['process'], ['change'], 'WmiEventConsumerToFilter activity detected', 'wmi_event'],
  22: [['network'], ['connection', 'protocol', 'info'], 'Dns query', 'dns_query'],
  23: [['file'], ['deletion'], 'File Delete archived', 'file_delete'],
  24: [['process'], ['change'], 'Clipboard changed'],
  25: [['process'], ['change'], 'Process Tampering', 'process_tampering'],
  26: [['file'], ['deletion'], 'File Delete logged', 'file_delete'],
  27: [['file'], ['denied'], 'File Block Executable', 'file_block'],
  28: [['file'], ['denied'], 'File Block Shredding', 'file_block'],
  29: [['file'], ['creation'], 'File Executable Detected', 'file_executable_detected'],
  255: [['process'], ['error'], 'Error report', 'sysmon_error'],
};

const HIVES: Record<string, string> = {
  HKLM: 'HKLM',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKU: 'HKU',
  HKEY_USERS: 'HKU',
  HKCR: 'HKCR',
  HKCU: 'HKCU',
  HKEY_CURRENT_USER: 'HKCU',
};

function registry(doc: EcsDocument, target: string | undefined, details: string | undefined): void {
  if (!target) return;
  setField(doc, 'registry.path', target);
  const m = /^\\?(HKLM|HKU|HKCR|HKCU|HKEY_[A-Z_]+)\\(.*)$/i.exec(target);
  if (m) {
    setField(doc, 'registry.hive', HIVES[m[1].toUpperCase()] ?? m[1]);
    const rest = m[2];
    const cut = rest.lastIndexOf('\\');
    setField(doc, 'registry.key', cut > 0 ? rest.slice(0, cut) : rest);
    setField(doc, 'registry.value', cut > 0 ? rest.slice(cut + 1) : undefined);
  }
  if (details) setField(doc, 'registry.data.strings', [details]);
}

function hashes(doc: EcsDocument, prefix: string, text: string | undefined): void {
  const h = parseHashes(text);
  if (!h) return;
  for (const [k, v] of Object.entries(h)) {
    setField(doc, `${prefix}.hash.${k}`, v);
    appendUnique(doc, 'related.hash', v);
  }
}

export function mapSysmon(win: WinEvent, doc: EcsDocument): WinMapping {
  const id = win.eventId;
  const row = EVENTS[id];
  const image = val(win, 'Image') ?? val(win, 'SourceImage');
  setProcess(doc, 'process', {
    executable: image,
    pid: pidOf(val(win, 'ProcessId') ?? val(win, 'SourceProcessId')),
    commandLine: val(win, 'CommandLine'),
    guid: val(win, 'ProcessGuid') ?? val(win, 'SourceProcessGuid') ?? val(win, 'SourceProcessGUID'),
  });
  if (id === 1) {
    setProcess(doc, 'process.parent', {
      executable: val(win, 'ParentImage'),
      pid: pidOf(val(win, 'ParentProcessId')),
      commandLine: val(win, 'ParentCommandLine'),
      guid: val(win, 'ParentProcessGuid'),
    });
    setField(doc, 'process.working_directory', val(win, 'CurrentDirectory'));
    setField(doc, 'process.pe.original_file_name', val(win, 'OriginalFileName'));
    setField(doc, 'process.pe.company', val(win, 'Company'));
    setField(doc, 'process.pe.description', val(win, 'Description'));
    setField(doc, 'process.pe.product', val(win, 'Product'));
    setField(doc, 'winlog.event_data.IntegrityLevel', val(win, 'IntegrityLevel'));
    hashes(doc, 'process', val(win, 'Hashes'));
  }
  if (id === 8 || id === 10) {
    setField(doc, 'sysmon.target.process.executable', val(win, 'TargetImage'));
    setField(doc, 'sysmon.target.process.pid', pidOf(val(win, 'TargetProcessId')));
  }
  const user = splitAccount(val(win, 'User'));
  setUser(doc, 'user', user.name, user.domain);

  switch (id) {
    case 2:
    case 11:
    case 15:
    case 23:
    case 26:
    case 27:
    case 28:
    case 29: {
      const path = val(win, 'TargetFilename');
      setField(doc, 'file.path', path);
      setField(doc, 'file.name', basename(path));
      hashes(doc, 'file', val(win, 'Hashes') ?? val(win, 'Hash'));
      break;
    }
    case 6:
    case 7: {
      const path = val(win, 'ImageLoaded');
      setField(doc, 'file.path', path);
      setField(doc, 'file.name', basename(path));
      setField(doc, 'file.code_signature.subject_name', val(win, 'Signature'));
      setField(doc, 'file.code_signature.status', val(win, 'SignatureStatus'));
      setField(doc, 'file.pe.original_file_name', val(win, 'OriginalFileName'));
      hashes(doc, 'file', val(win, 'Hashes'));
      break;
    }
    case 17:
    case 18:
      setField(doc, 'file.name', val(win, 'PipeName'));
      break;
    case 12:
    case 13:
    case 14:
      registry(doc, val(win, 'TargetObject'), val(win, 'Details') ?? val(win, 'NewName'));
      break;
    case 3: {
      setField(doc, 'source.ip', val(win, 'SourceIp'));
      setField(doc, 'source.port', pidOf(val(win, 'SourcePort')));
      setField(doc, 'source.domain', val(win, 'SourceHostname'));
      setField(doc, 'destination.ip', val(win, 'DestinationIp'));
      setField(doc, 'destination.port', pidOf(val(win, 'DestinationPort')));
      setField(doc, 'destination.domain', val(win, 'DestinationHostname'));
      setField(doc, 'network.transport', val(win, 'Protocol')?.toLowerCase());
      const initiated = val(win, 'Initiated');
      setField(
        doc,
        'network.direction',
        initiated === 'true' ? 'egress' : initiated === 'false' ? 'ingress' : undefined,
      );
      break;
    }
    case 22: {
      const name = val(win, 'QueryName');
      setField(doc, 'dns.question.name', name);
      setField(doc, 'dns.response_code', val(win, 'QueryStatus') === '0' ? 'NOERROR' : undefined);
      const results = val(win, 'QueryResults');
      if (results) {
        const ips = results
          .split(';')
          .map((s) => s.trim().replace(/^::ffff:/, ''))
          .filter((s) => (/^[0-9a-f.:]+$/i.test(s) && s.includes('.')) || /^[0-9a-f]*:[0-9a-f:]+$/i.test(s));
        if (ips.length) setField(doc, 'dns.resolved_ip', ips);
      }
      break;
    }
  }
  let sigma = row?.[3];
  if (id === 12) {
    const t = val(win, 'EventType');
    sigma = t === 'DeleteKey' || t === 'DeleteValue' ? 'registry_delete' : 'registry_add';
  }
  let action: string | string[] | undefined = row?.[2];
  if (id === 7) action = ['Image loaded', 'load'];
  setField(doc, 'rule.name', val(win, 'RuleName'));
  // Sysmon's own UtcTime is when the activity happened (TimeCreated is when it was logged).
  const utc = val(win, 'UtcTime');
  const at = utc ? parseIsoLike(utc, 'Z') : undefined;
  if (at) setField(doc, '@timestamp', at.toISOString());
  return { category: row?.[0], type: row?.[1], action, sigmaCategory: sigma };
}
