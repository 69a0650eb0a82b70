import type { RawRecord } from './raw-records.js';

/** One raw record of the scenario: the connector that reads it, its event time, and the step it belongs to. */
export interface DemoRecord {
  source:
    | 'windows-security'
    | 'windows-system'
    | 'sysmon'
    | 'linux-auth'
    | 'nginx-access'
    | 'squid'
    | 'aws-cloudtrail';
  at: Date;
  step: string;
  record: RawRecord;
}
