import type { Connector } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { AUTH_PROGRAMS, classifyAuth } from './linux-auth.rules.js';
import { looksLikeSyslog, peekProgram, readSyslog, recordText } from './syslog-line.js';

/**
 * Linux authentication log (`/var/log/auth.log`, `/var/log/secure`): sshd logins, sudo, su, PAM sessions and
 * lockouts, account management (useradd/usermod/userdel/groupadd/passwd), systemd-logind sessions.
 */
export const linuxAuthConnector: Connector = {
  id: 'linux-auth',
  name: 'Linux auth log',
  vendor: 'Linux',
  product: 'auth.log / secure',
  logsources: [
    { product: 'linux', service: 'auth' },
    { product: 'linux', service: 'sshd' },
    { product: 'linux', service: 'sudo' },
  ],
  formats: ['syslog'],
  elasticFixtures: ['system/auth'],
  parse(raw, ctx) {
    const r = readSyslog(raw, ctx);
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    const { doc, header } = r;
    const program = header.appName ?? '';
    const cls = classifyAuth(program, header.message, doc);
    if (cls) {
      setField(doc, 'event.category', cls.category);
      setField(doc, 'event.type', cls.type);
      setField(doc, 'event.action', cls.action);
      setField(doc, 'event.outcome', cls.outcome);
    }
    const service = cls?.service ?? (/^sshd/.test(program) ? 'sshd' : program === 'sudo' ? 'sudo' : 'auth');
    setField(doc, 'vigie.logsource', { product: 'linux', service });
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const text = recordText(raw);
    if (!text || !looksLikeSyslog(text)) return 0;
    const program = peekProgram(text);
    if (!program) return 0;
    if (AUTH_PROGRAMS.test(program)) return 0.85;
    return /pam_\w+\(/.test(text) ? 0.8 : 0;
  },
};
