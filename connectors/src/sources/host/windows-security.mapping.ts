/**
 * Security-channel classification per event id (the facts Winlogbeat's security module uses: categories, types
 * and action names), plus the user, logon source, process and file fields of the common events.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import type { WinEvent } from './windows-event.js';
import { pidOf, setProcess, setUser, val, type WinMapping } from './windows-ecs.js';

type Row = [category: string[], type: string[], action: string, sigma?: string];

const IAM_USER_CHANGE: [string[], string[]] = [['iam'], ['user', 'change']];
const IAM_GROUP_CHANGE: [string[], string[]] = [['iam'], ['group', 'change']];

const EVENTS: Record<number, Row> = {
  1100: [['process'], ['end'], 'logging-service-shutdown'],
  1102: [['iam'], ['admin', 'change'], 'audit-log-cleared'],
  1104: [['iam'], ['admin', 'info'], 'logging-full'],
  4608: [['host'], ['start'], 'windows-started-up'],
  4616: [['host'], ['change'], 'system-time-changed'],
  4624: [['authentication'], ['start'], 'logged-in'],
  4625: [['authentication'], ['start'], 'logon-failed'],
  4627: [['iam'], ['info'], 'group-membership-info'],
  4634: [['authentication'], ['end'], 'logged-out'],
  4647: [['authentication'], ['end'], 'logged-out'],
  4648: [['authentication'], ['start'], 'logged-in-explicit'],
  4656: [['file'], ['access'], 'object-handle-requested'],
  4657: [['configuration'], ['change'], 'registry-value-modified'],
  4658: [['file'], ['access'], 'object-handle-closed'],
  4660: [['file'], ['deletion'], 'object-deleted'],
  4663: [['file'], ['access'], 'object-access-attempted'],
  4670: [['iam', 'configuration'], ['admin', 'change'], 'permissions-changed'],
  4672: [['iam'], ['admin'], 'logged-in-special'],
  4673: [['iam'], ['admin'], 'privileged-service-called'],
  4674: [['iam'], ['admin'], 'privileged-operation'],
  4688: [['process'], ['start'], 'created-process', 'process_creation'],
  4689: [['process'], ['end'], 'exited-process'],
  4697: [['iam', 'configuration'], ['admin', 'change'], 'service-installed'],
  4698: [['iam', 'configuration'], ['creation', 'admin'], 'scheduled-task-created'],
  4699: [['iam', 'configuration'], ['deletion', 'admin'], 'scheduled-task-deleted'],
  4700: [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-enabled'],
  4701: [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-disabled'],
  4702: [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-updated'],
  4703: [['iam'], ['admin', 'change'], 'token-right-adjusted'],
  4719: [['iam', 'configuration'], ['admin', 'change'], 'changed-audit-config'],
  4720: [['iam'], ['user', 'creation'], 'added-user-account'],
  4722: [...IAM_USER_CHANGE, 'enabled-user-account'],
  4723: [...IAM_USER_CHANGE, 'changed-password'],
  4724: [...IAM_USER_CHANGE, 'reset-password'],
  4725: [...IAM_USER_CHANGE, 'disabled-user-account'],
  4726: [['iam'], ['user', 'deletion'], 'deleted-user-account'],
  4727: [['iam'], ['group', 'creation'], 'added-group-account'],
  4728: [...IAM_GROUP_CHANGE, 'added-member-to-group'],
  4729: [...IAM_GROUP_CHANGE, 'removed-member-from-group'],
  4730: [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  4731: [['iam'], ['group', 'creation'], 'added-group-account'],
  4732: [...IAM_GROUP_CHANGE, 'added-member-to-group'],
  4733: [...IAM_GROUP_CHANGE, 'removed-member-from-group'],
  4734: [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  4735: [...IAM_GROUP_CHANGE, 'modified-group-account'],
  4737: [...IAM_GROUP_CHANGE, 'modified-group-account'],
  4738: [...IAM_USER_CHANGE, 'modified-user-account'],
  4740: [...IAM_USER_CHANGE, 'locked-out-user-account'],
  4741: [['iam'], ['creation', 'admin'], 'added-computer-account'],
  4742: [['iam'], ['change', 'admin'], 'changed-computer-account'],
  4743: [['iam'], ['deletion', 'admin'], 'deleted-computer-account'],
  4754: [['iam'], ['group', 'creation'], 'added-group-account'],
  4755: [...IAM_GROUP_CHANGE, 'modified-group-account'],
  4756: [...IAM_GROUP_CHANGE, 'added-member-to-group'],
  4757: [...IAM_GROUP_CHANGE, 'removed-member-from-group'],
  4758: [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  4767: [...IAM_USER_CHANGE, 'unlocked-user-account'],
  4768: [['authentication'], ['start'], 'kerberos-authentication-ticket-requested'],
  4769: [['authentication'], ['start'], 'kerberos-service-ticket-requested'],
  4770: [['authentication'], ['start'], 'kerberos-service-ticket-renewed'],
  4771: [['authentication'], ['start'], 'kerberos-preauth-failed'],
  4776: [['authentication'], ['start'], 'credential-validated'],
  4778: [['authentication', 'session'], ['start'], 'session-reconnected'],
  4779: [['authentication', 'session'], ['end'], 'session-disconnected'],
  4781: [...IAM_USER_CHANGE, 'renamed-user-account'],
  4798: [['iam'], ['user', 'info'], 'group-membership-enumerated'],
  4799: [['iam'], ['group', 'info'], 'user-member-enumerated'],
  4964: [['iam'], ['group', 'info'], 'logged-in-special'],
  5140: [['network', 'file'], ['info', 'access'], 'network-share-object-accessed'],
  5142: [['network', 'file'], ['info', 'creation'], 'network-share-object-added'],
  5143: [['network', 'file'], ['info', 'change'], 'network-share-object-modified'],
  5144: [['network', 'file'], ['info', 'deletion'], 'network-share-object-deleted'],
  5145: [['network', 'file'], ['info', 'access'], 'network-share-object-access-checked'],
  5156: [['network'], ['connection', 'allowed'], 'windows-filtering-platform-connection-allowed'],
  5157: [['network'], ['connection', 'denied'], 'windows-filtering-platform-connection-blocked'],
  5158: [['network'], ['connection', 'allowed'], 'windows-filtering-platform-bind-allowed'],
};

/** Events whose `user.*` is the account that logged on (Target*), not the subject that reported it. */
const TARGET_USER_EVENTS = new Set([
  4624, 4625, 4627, 4634, 4647, 4768, 4769, 4770, 4771, 4776, 4778, 4779, 4964,
]);
const FAILURE_EVENTS = new Set([4625, 4771]);

function sourceEndpoint(win: WinEvent, doc: EcsDocument): void {
  const ip = val(win, 'IpAddress') ?? val(win, 'SourceAddress') ?? val(win, 'ClientAddress');
  const cleaned = ip?.replace(/^::ffff:/i, '');
  if (cleaned && /^[0-9a-f:.]+$/i.test(cleaned)) setField(doc, 'source.ip', cleaned);
  const port = pidOf(val(win, 'IpPort') ?? val(win, 'SourcePort') ?? val(win, 'ClientPort'));
  if (port) setField(doc, 'source.port', port);
  setField(doc, 'source.domain', val(win, 'WorkstationName') ?? val(win, 'Workstation'));
  if (win.eventId >= 5156 && win.eventId <= 5159) {
    setField(doc, 'destination.ip', val(win, 'DestAddress'));
    setField(doc, 'destination.port', pidOf(val(win, 'DestPort')));
    const proto = val(win, 'Protocol');
    setField(
      doc,
      'network.transport',
      proto === '6' ? 'tcp' : proto === '17' ? 'udp' : proto === '1' ? 'icmp' : undefined,
    );
    const dir = val(win, 'Direction');
    setField(
      doc,
      'network.direction',
      dir === '%%14592' ? 'inbound' : dir === '%%14593' ? 'outbound' : undefined,
    );
  }
}

export function mapSecurity(win: WinEvent, doc: EcsDocument): WinMapping {
  const row = EVENTS[win.eventId];
  const subject = {
    name: val(win, 'SubjectUserName'),
    domain: val(win, 'SubjectDomainName'),
    id: val(win, 'SubjectUserSid'),
  };
  const target = {
    name: val(win, 'TargetUserName'),
    domain: val(win, 'TargetDomainName'),
    id: val(win, 'TargetUserSid') ?? val(win, 'TargetSid'),
  };
  const primary = TARGET_USER_EVENTS.has(win.eventId)
    ? target.name
      ? target
      : subject
    : subject.name
      ? subject
      : target;
  setUser(doc, 'user', primary.name, primary.domain, primary.id);
  if (primary === subject && target.name && win.eventId >= 4720 && win.eventId <= 4799) {
    setUser(doc, 'user.target', target.name, target.domain, target.id);
  }
  if (win.eventId === 4648) setUser(doc, 'user.target', target.name, target.domain);
  setField(doc, 'winlog.logon.type', val(win, 'LogonType'));
  setField(doc, 'winlog.logon.id', val(win, 'TargetLogonId') ?? val(win, 'SubjectLogonId'));
  sourceEndpoint(win, doc);

  if (win.eventId === 4688) {
    setProcess(doc, 'process', {
      executable: val(win, 'NewProcessName'),
      pid: pidOf(val(win, 'NewProcessId')),
      commandLine: val(win, 'CommandLine'),
    });
    setProcess(doc, 'process.parent', {
      executable: val(win, 'ParentProcessName'),
      pid: pidOf(val(win, 'ProcessId')),
    });
  } else if (win.eventId === 4689) {
    setProcess(doc, 'process', { executable: val(win, 'ProcessName'), pid: pidOf(val(win, 'ProcessId')) });
  } else {
    const exe = val(win, 'ProcessName') ?? val(win, 'Application');
    if (exe && /[\\/]/.test(exe))
      setProcess(doc, 'process', { executable: exe, pid: pidOf(val(win, 'ProcessId')) });
  }
  if (win.eventId === 5145 || win.eventId === 5140) {
    const base = val(win, 'ShareLocalPath');
    const rel = val(win, 'RelativeTargetName');
    if (base)
      setField(doc, 'file.path', rel ? `${base.replace(/\\$/, '')}\\${rel.replace(/^\\/, '')}` : base);
    setField(doc, 'file.name', rel?.split('\\').pop());
  } else if ([4656, 4658, 4660, 4663].includes(win.eventId) && val(win, 'ObjectType') === 'File') {
    setField(doc, 'file.path', val(win, 'ObjectName'));
  } else if (win.eventId === 4657) {
    setField(doc, 'registry.path', val(win, 'ObjectName'));
    setField(doc, 'registry.value', val(win, 'ObjectValueName'));
  }
  if (win.eventId >= 4698 && win.eventId <= 4702)
    setField(doc, 'winlog.scheduled_task.name', val(win, 'TaskName'));
  if (win.eventId === 4697) {
    setField(doc, 'service.name', val(win, 'ServiceName'));
    setField(doc, 'file.path', val(win, 'ServiceFileName'));
  }

  const status = val(win, 'Status');
  const failure =
    FAILURE_EVENTS.has(win.eventId) || (win.eventId === 4776 && status !== undefined && status !== '0x0');
  return {
    category: row?.[0],
    type: row?.[1],
    action: row?.[2],
    outcome: failure ? 'failure' : undefined,
    sigmaCategory: row?.[3],
  };
}
