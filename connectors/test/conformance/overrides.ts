/**
 * Per-file adjustments the corpus manifest documents in its `notes` (config stored at another commit than the
 * expected file, and so on). Keyed by the raw file path relative to the corpus folder. Keep each one justified.
 */
import type { ConnectorOptions } from '../../src/connector.js';

export interface FixtureOverride {
  options?: ConnectorOptions;
  /** Core fields left out of the comparison for this file. */
  ignore?: string[];
  reason: string;
}

export const fixtureOverrides: Record<string, FixtureOverride> = {
  'panw/panos/test-panw-panos-threat-url-no-xff-sample.log': {
    options: { timezone: '+09:30' },
    reason: 'manifest note: the stored config is older than the expected file, which implies a +09:30 time zone',
  },
  'cisco_ftd/log/test-ftd-fix-message-113005-user-auth-rejected.log': {
    ignore: ['@timestamp', 'process.name'],
    reason: "manifest note: Elastic's output encodes a header-parsing quirk (no @timestamp, process.name '01')",
  },
  'auditd/log/test-auditd-preparsed-user-login.log': {
    ignore: ['source.ip'],
    reason: 'the config injects pre-parsed fields (addr=127.0.0.1) that differ from the raw line (addr=1.2.3.4)',
  },
  'sysmon_linux/log/test-sysmon.json': {
    ignore: ['process.name'],
    reason: "manifest note: Elastic's process.name is 'sysmon' (the syslog app name), a pipeline quirk",
  },
};
