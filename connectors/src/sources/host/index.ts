import type { Connector } from '../../connector.js';
import { auditdConnector } from './auditd.connector.js';
import { cefConnector } from './cef.connector.js';
import { jsonConnector } from './json.connector.js';
import { kvConnector } from './kv.connector.js';
import { leefConnector } from './leef.connector.js';
import { syslogConnector } from './syslog.connector.js';
import { linuxAuthConnector } from './linux-auth.connector.js';
import { linuxSyslogConnector } from './linux-syslog.connector.js';
import { powershellConnector } from './powershell.connector.js';
import { sysmonLinuxConnector } from './sysmon-linux.connector.js';
import { sysmonConnector } from './sysmon.connector.js';
import { windowsSecurityConnector } from './windows-security.connector.js';
import { windowsSystemConnector } from './windows-system.connector.js';

/** Connectors of the "host" family (Windows, Linux, generic formats); each lives in its own `<id>.connector.ts` file beside this index. */
export const hostConnectors: Connector[] = [
  windowsSecurityConnector,
  sysmonConnector,
  powershellConnector,
  windowsSystemConnector,
  linuxAuthConnector,
  linuxSyslogConnector,
  auditdConnector,
  sysmonLinuxConnector,
  syslogConnector,
  cefConnector,
  leefConnector,
  kvConnector,
  jsonConnector,
];
