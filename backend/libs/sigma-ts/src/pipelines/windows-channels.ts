/** Windows event channels → Sigma service, and event ids → Sigma category (facts of the Sigma taxonomy appendix). */

export const CHANNEL_SERVICE: Record<string, string> = Object.fromEntries([
  ['Application', 'application'],
  ['Microsoft-Windows-Application-Experience/Program-Telemetry', 'application-experience'],
  ['Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant', 'application-experience'],
  ['Microsoft-Windows-AppLocker/MSI and Script', 'applocker'],
  ['Microsoft-Windows-AppLocker/EXE and DLL', 'applocker'],
  ['Microsoft-Windows-AppLocker/Packaged app-Deployment', 'applocker'],
  ['Microsoft-Windows-AppLocker/Packaged app-Execution', 'applocker'],
  ['Microsoft-Windows-AppModel-Runtime/Admin', 'appmodel-runtime'],
  ['Microsoft-Windows-AppXDeploymentServer/Operational', 'appxdeployment-server'],
  ['Microsoft-Windows-AppxPackaging/Operational', 'appxpackaging-om'],
  ['Microsoft-Windows-BitLocker/BitLocker Management', 'bitlocker'],
  ['Microsoft-Windows-Bits-Client/Operational', 'bits-client'],
  ['Microsoft-Windows-CAPI2/Operational', 'capi2'],
  [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
    'certificateservicesclient-lifecycle-system',
  ],
  ['Microsoft-Windows-CodeIntegrity/Operational', 'codeintegrity-operational'],
  ['Microsoft-Windows-DHCP-Server/Operational', 'dhcp'],
  ['Microsoft-Windows-Diagnosis-Scripted/Operational', 'diagnosis-scripted'],
  ['Microsoft-Windows-DNS Client Events/Operational', 'dns-client'],
  ['DNS Server', 'dns-server'],
  ['Microsoft-Windows-DNS-Server/Analytical', 'dns-server-analytic'],
  ['Microsoft-Windows-DNS-Server/Audit', 'dns-server-audit'],
  ['Microsoft-Windows-DriverFrameworks-UserMode/Operational', 'driver-framework'],
  ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall', 'firewall-as'],
  ['Microsoft-Windows-Hyper-V-Worker', 'hyper-v-worker'],
  ['Microsoft-IIS-Configuration/Operational', 'iis-configuration'],
  ['Microsoft-Windows-Kernel-EventTracing', 'kernel-event-tracing'],
  ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'kernel-shimengine'],
  ['WinEventLog:Microsoft-Windows-Kernel-ShimEngine/Diagnostic', 'kernel-shimengine'],
  ['Microsoft-Windows-LDAP-Client/Debug', 'ldap'],
  ['Microsoft-Windows-LSA/Operational', 'lsa-server'],
  ['MSExchange Management', 'msexchange-management'],
  ['Microsoft-Windows-Ntfs/Operational', 'ntfs'],
  ['Microsoft-Windows-NTLM/Operational', 'ntlm'],
  ['OpenSSH/Operational', 'openssh'],
  ['Microsoft-Windows-PowerShell/Operational', 'powershell'],
  ['Windows PowerShell', 'powershell-classic'],
  ['Microsoft-Windows-PrintService/Admin', 'printservice-admin'],
  ['Microsoft-Windows-PrintService/Operational', 'printservice-operational'],
  ['Security', 'security'],
  ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'security-mitigations'],
  ['Microsoft-Windows-Security-Mitigations/User Mode', 'security-mitigations'],
  ['Microsoft-Windows-SENSE/Operational', 'sense'],
  ['Microsoft-ServiceBus-Client/Operational', 'servicebus-client'],
  ['Microsoft-ServiceBus-Client/Admin', 'servicebus-client'],
  ['Microsoft-Windows-Shell-Core/Operational', 'shell-core'],
  ['Microsoft-Windows-SmbClient/Security', 'smbclient-security'],
  ['Microsoft-Windows-Sysmon/Operational', 'sysmon'],
  ['System', 'system'],
  ['Microsoft-Windows-TaskScheduler/Operational', 'taskscheduler'],
  [
    'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
    'terminalservices-localsessionmanager',
  ],
  ['Microsoft-Windows-VHDMP/Operational', 'vhdmp'],
  ['Microsoft-Windows-Windows Defender/Operational', 'windefend'],
  ['Microsoft-Windows-WMI-Activity/Operational', 'wmi'],
  ['PowerShellCore/Operational', 'powershell'],
]);

/** Sysmon event id → Sigma categories. */
export const SYSMON_CATEGORIES: Record<number, string[]> = {
  1: ['process_creation'],
  2: ['file_change'],
  3: ['network_connection'],
  4: ['sysmon_status'],
  5: ['process_termination'],
  6: ['driver_load'],
  7: ['image_load'],
  8: ['create_remote_thread'],
  9: ['raw_access_thread'],
  10: ['process_access'],
  11: ['file_event'],
  12: ['registry_add', 'registry_delete', 'registry_event'],
  13: ['registry_set', 'registry_event'],
  14: ['registry_rename', 'registry_event'],
  15: ['create_stream_hash'],
  16: ['sysmon_status'],
  17: ['pipe_created'],
  18: ['pipe_created'],
  19: ['wmi_event'],
  20: ['wmi_event'],
  21: ['wmi_event'],
  22: ['dns_query'],
  23: ['file_delete'],
  24: ['clipboard_capture'],
  25: ['process_tampering'],
  26: ['file_delete', 'file_delete_detected'],
  27: ['file_block', 'file_block_executable'],
  28: ['file_block', 'file_block_shredding'],
  29: ['file_executable_detected'],
  255: ['sysmon_error'],
};

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/** Categories of a Windows event from its channel, provider and event id. */
export function windowsCategories(
  channel: string | undefined,
  provider: string | undefined,
  eventId: number,
): string[] {
  if (channel === SYSMON_CHANNEL || provider === 'Microsoft-Windows-Sysmon')
    return SYSMON_CATEGORIES[eventId] ?? [];
  if (channel === 'Microsoft-Windows-PowerShell/Operational' || channel === 'PowerShellCore/Operational') {
    if (eventId === 4103) return ['ps_module'];
    if (eventId === 4104) return ['ps_script'];
    return [];
  }
  if (channel === 'Windows PowerShell') {
    if (eventId === 400) return ['ps_classic_start'];
    if (eventId === 600) return ['ps_classic_provider_start'];
    if (eventId === 800) return ['ps_classic_script'];
    return [];
  }
  if (channel === 'Security' && eventId === 4688) return ['process_creation'];
  return [];
}

export function windowsService(channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  return CHANNEL_SERVICE[channel] ?? CHANNEL_SERVICE[channel.replace(/^WinEventLog:/, '')];
}
