/** Locating the shared test corpora from a test file (they may be absent: tests then skip with a message). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/corpora` from the project root (backend/libs/sigma-ts/test → five levels up). */
export const CORPORA = fileURLToPath(new URL('../../../../../shared/corpora/', import.meta.url));
export const SIGMAHQ = CORPORA + 'sigmahq/';

export function corpusAvailable(dir: string, what: string): boolean {
  const ok = existsSync(dir);
  if (!ok) console.warn(`[sigma-ts] ${what}: corpus not found at ${dir}, tests skipped`);
  return ok;
}

/** Value lists for the placeholders used by SigmaHQ's rules-placeholder. */
export const TEST_PLACEHOLDERS: Record<string, string[]> = {
  Administrators: ['Administrator', 'adm_root'],
  Admins_Workstations: ['ADMIN-WS1'],
  ApprovedUserUpn: ['admin@example.org'],
  Approved_Inviters: ['admin@example.org'],
  DomainControllers: ['DC1$'],
  HomeTenantID: ['00000000-0000-0000-0000-000000000001'],
  Important_AppIds: ['00000000-0000-0000-0000-000000000002'],
  KNOWN_LOCATION: ['FR'],
  Known_Location: ['FR'],
  Legitimate_Countries: ['FR'],
  Legitimate_IP_Ranges: ['10.*'],
  ServerSystems: ['SRV1$'],
  UnApprovedDevice: ['dev-1'],
  UnApprovedIp: ['203.0.113.9'],
  UnLegitCountries: ['XX'],
  Workstations: ['WS1'],
  dc_ip_addresses: ['10.0.0.1'],
  dc_machine_accounts: ['DC1$'],
  domain_controller_hostnames: ['dc1.example.org'],
  internal_domains: ['example.org'],
  legit_ips: ['10.0.0.2'],
  legtimate_identifiers: ['example.org'],
  userdomain: ['EXAMPLE'],
  'DC-MACHINE-NAME': ['DC1$'],
  known_cdcs: ['CDC1'],
  LegitCountries: ['FR'],
  ClosingTime: ['18'],
};
