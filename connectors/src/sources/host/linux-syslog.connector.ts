import type { Connector, EcsDocument } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { looksLikeSyslog, peekProgram, readSyslog, recordText } from './syslog-line.js';

/** systemd unit state messages: `Started foo.service - Foo.` / `Stopped Foo.` (targets and slices excluded). */
function classifySystemd(message: string, doc: EcsDocument): void {
  const m = /^(Started|Stopped|Starting|Stopping|Failed to start) (.+?)\.?$/.exec(message);
  if (!m || /^(target|slice) /i.test(m[2]) || / (target|slice)$/i.test(m[2])) return;
  if (m[1] === 'Started') {
    setField(doc, 'event.category', ['process']);
    setField(doc, 'event.type', ['start']);
    setField(doc, 'event.action', 'service-start');
  } else if (m[1] === 'Stopped') {
    setField(doc, 'event.category', ['process']);
    setField(doc, 'event.type', ['end']);
    setField(doc, 'event.action', 'service-stop');
  } else if (m[1] === 'Failed to start') {
    setField(doc, 'event.category', ['process']);
    setField(doc, 'event.type', ['start']);
    setField(doc, 'event.action', 'service-start');
    setField(doc, 'event.outcome', 'failure');
  }
  const unit = /^(\S+\.(?:service|socket|timer|mount))\b/.exec(m[2])?.[1];
  setField(doc, 'systemd.unit', unit);
}

/** Generic Linux syslog (`/var/log/syslog`, `/var/log/messages`, journald forwarded): any program, systemd units. */
export const linuxSyslogConnector: Connector = {
  id: 'linux-syslog',
  name: 'Linux syslog',
  vendor: 'Linux',
  product: 'syslog',
  logsources: [{ product: 'linux', service: 'syslog' }],
  formats: ['syslog'],
  elasticFixtures: ['system/syslog'],
  parse(raw, ctx) {
    const r = readSyslog(raw, ctx);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    if (r.header.appName === 'systemd' || r.header.appName?.startsWith('systemd['))
      classifySystemd(r.header.message, r.doc);
    setField(r.doc, 'vigie.logsource', { product: 'linux', service: 'syslog' });
    return { kind: 'event', event: r.doc };
  },
  detect(raw) {
    const text = recordText(raw);
    if (!text || !looksLikeSyslog(text)) return 0;
    // Network devices also speak syslog; a Linux daemon name raises the confidence.
    const program = peekProgram(text) ?? '';
    if (
      /^(systemd(-\w+)?|kernel|cron|CRON|rsyslogd|dbus-daemon|NetworkManager|dhclient|anacron|snapd|containerd|dockerd|kubelet|auditd|named|postfix\/\w+|ntpd|chronyd)$/.test(
        program,
      )
    )
      return 0.6;
    return 0.35;
  },
};
