/**
 * System channel (and other Windows channels read generically): service installation and state changes,
 * log clearing, start/stop, and the Sigma service name of each well-known channel.
 */
import type { EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import type { WinEvent } from './windows-event.js';
import { setUser, splitAccount, val, type WinMapping } from './windows-ecs.js';

/** Sigma `service` of well-known channels (SigmaHQ windows logsource taxonomy). */
export const CHANNEL_SERVICES: Record<string, string> = {
  System: 'system',
  Application: 'application',
  'Microsoft-Windows-Windows Defender/Operational': 'windefend',
  'Microsoft-Windows-TaskScheduler/Operational': 'taskscheduler',
  'Microsoft-Windows-WMI-Activity/Operational': 'wmi',
  'Microsoft-Windows-Bits-Client/Operational': 'bits-client',
  'Microsoft-Windows-DNS-Client/Operational': 'dns-client',
  'DNS Server': 'dns-server',
  'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall': 'firewall-as',
  'Microsoft-Windows-CodeIntegrity/Operational': 'codeintegrity-operational',
  'Microsoft-Windows-AppLocker/EXE and DLL': 'applocker',
  'Microsoft-Windows-AppLocker/MSI and Script': 'applocker',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational':
    'terminalservices-localsessionmanager',
  'Microsoft-Windows-NTLM/Operational': 'ntlm',
  'Microsoft-Windows-LDAP-Client/Debug': 'ldap_debug',
  'Microsoft-Windows-Shell-Core/Operational': 'shell-core',
  'Microsoft-Windows-OpenSSH/Operational': 'openssh',
  'Microsoft-Windows-SMBClient/Security': 'smbclient-security',
  'Microsoft-Windows-PrintService/Admin': 'printservice-admin',
  'Microsoft-Windows-PrintService/Operational': 'printservice-operational',
  'Microsoft-Windows-Security-Mitigations/KernelMode': 'security-mitigations',
  'Microsoft-Windows-Sysmon/Operational': 'sysmon',
};

export function windowsService(channel: string | undefined): string | undefined {
  if (!channel) return undefined;
  return (
    CHANNEL_SERVICES[channel] ??
    channel
      .toLowerCase()
      .replace(/^microsoft-windows-/, '')
      .replace(/[/ ]+/g, '-')
  );
}

export function mapSystem(win: WinEvent, doc: EcsDocument): WinMapping {
  if (win.channel !== 'System') {
    const u = splitAccount(val(win, 'User') ?? val(win, 'UserName'));
    setUser(doc, 'user', u.name ?? win.user?.name, u.domain ?? win.user?.domain);
    return {};
  }
  switch (win.eventId) {
    case 7045: {
      setField(doc, 'service.name', val(win, 'ServiceName'));
      setField(doc, 'service.type', val(win, 'ServiceType'));
      setField(doc, 'file.path', val(win, 'ImagePath'));
      const u = splitAccount(val(win, 'AccountName'));
      setUser(doc, 'user', u.name, u.domain);
      return { category: ['configuration'], type: ['creation'], action: 'service-installed' };
    }
    case 7036:
      setField(doc, 'service.name', val(win, 'param1'));
      setField(doc, 'service.state', val(win, 'param2'));
      return { category: ['configuration'], type: ['change'], action: 'service-state-changed' };
    case 7040:
      setField(doc, 'service.name', val(win, 'param1'));
      return { category: ['configuration'], type: ['change'], action: 'service-start-type-changed' };
    case 104:
      setUser(doc, 'user', val(win, 'SubjectUserName'), val(win, 'SubjectDomainName'));
      return { category: ['iam'], type: ['admin', 'change'], action: 'audit-log-cleared' };
    case 6005:
      return { category: ['host'], type: ['start'], action: 'event-log-started' };
    case 6006:
      return { category: ['host'], type: ['end'], action: 'event-log-stopped' };
    case 1074:
      return { category: ['host'], type: ['end'], action: 'shutdown-initiated' };
    default:
      return {};
  }
}
