/**
 * Classification of Linux authentication messages (auth.log / secure): sshd, sudo, su, PAM (pam_unix,
 * pam_faillock, pam_tally), shadow-utils (useradd, groupadd, usermod, userdel, passwd, chpasswd), systemd-logind.
 * Each rule reads the message and fills ECS fields; the first matching rule wins.
 */
import type { EcsDocument } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';

export interface AuthClass {
  category: string[];
  type: string[];
  action?: string;
  outcome?: 'success' | 'failure';
  /** Sigma service (`sshd`, `sudo`, `auth`…). */
  service: string;
}

interface Rule {
  programs?: RegExp;
  re: RegExp;
  apply: (m: RegExpExecArray, doc: EcsDocument, program: string) => AuthClass;
}

function user(doc: EcsDocument, name: string | undefined, prefix = 'user'): void {
  if (!name) return;
  setField(doc, `${prefix}.name`, name);
  appendUnique(doc, 'related.user', name);
}

function source(doc: EcsDocument, ip: string | undefined, port?: string): void {
  if (!ip) return;
  setField(doc, 'source.ip', ip);
  setField(doc, 'source.port', toInt(port));
  appendUnique(doc, 'related.ip', ip);
}

const AUTH = 'authentication';

const RULES: Rule[] = [
  // sshd
  {
    programs: /^sshd/,
    re: /^(Accepted|Failed) (\S+) for (?:invalid user )?(\S*) from (\S+) port (\d+)(?: (ssh\d?))?/,
    apply: (m, doc) => {
      user(doc, m[3]);
      source(doc, m[4], m[5]);
      setField(doc, 'system.auth.ssh.method', m[2]);
      setField(doc, 'system.auth.ssh.event', m[1]);
      setField(doc, 'network.protocol', m[6] ? 'ssh' : undefined);
      const ok = m[1] === 'Accepted';
      return {
        category: [AUTH, 'session'],
        type: ok ? ['start', 'info'] : ['info'],
        action: 'ssh_login',
        outcome: ok ? 'success' : 'failure',
        service: 'sshd',
      };
    },
  },
  {
    programs: /^sshd/,
    re: /^Invalid user (\S*) from (\S+)(?: port (\d+))?/,
    apply: (m, doc) => {
      user(doc, m[1]);
      source(doc, m[2], m[3]);
      setField(doc, 'system.auth.ssh.event', 'Invalid');
      return { category: [AUTH], type: ['info'], action: 'ssh_login', outcome: 'failure', service: 'sshd' };
    },
  },
  {
    programs: /^sshd/,
    re: /^(?:Disconnected from|Received disconnect from|Connection closed by)(?: (?:invalid |authenticating )?user (\S+))? (\S+) port (\d+)/,
    apply: (m, doc) => {
      user(doc, m[1]);
      source(doc, m[2], m[3]);
      return { category: ['network'], type: ['end'], action: 'ssh_disconnect', service: 'sshd' };
    },
  },
  {
    programs: /^sshd/,
    re: /^Did not receive identification string from (\S+)(?: port (\d+))?/,
    apply: (m, doc) => {
      source(doc, m[1], m[2]);
      return {
        category: ['network'],
        type: ['info'],
        action: 'ssh_dropped_connection',
        outcome: 'failure',
        service: 'sshd',
      };
    },
  },
  // PAM faillock / tally
  {
    re: /^pam_faillock\(([^:)]+):\w+\): Consecutive login failures for user (\S+) account temporarily locked/,
    apply: (m, doc) => {
      user(doc, m[2]);
      return {
        category: [AUTH],
        type: ['info'],
        action: 'account-locked',
        outcome: 'failure',
        service: 'auth',
      };
    },
  },
  {
    re: /^pam_(?:tally2?|faillock)\(([^:)]+):\w+\): user (\S+) \(\d+\) tally \d+, deny \d+/,
    apply: (m, doc) => {
      user(doc, m[2]);
      return {
        category: [AUTH],
        type: ['info'],
        action: 'account-locked',
        outcome: 'failure',
        service: 'auth',
      };
    },
  },
  // pam_unix
  {
    re: /^pam_unix\(([^:)]+):session\): session (opened|closed) for user (\S+?)(?:\(uid=\d+\))?(?: by (\S*?)(?:\(uid=\d+\))?)?$/,
    apply: (m, doc) => {
      user(doc, m[3]);
      if (m[4]) user(doc, m[4], 'user.effective');
      const opened = m[2] === 'opened';
      return {
        category: ['session'],
        type: [opened ? 'start' : 'end'],
        action: opened ? 'session-opened' : 'session-closed',
        service: 'auth',
      };
    },
  },
  {
    re: /^pam_unix\(([^:)]+):auth\): authentication failure;.*?(?:ruser=(\S*))?.*?(?:rhost=(\S*))?(?:\s+user=(\S+))?\s*$/,
    apply: (m, doc) => {
      user(doc, m[3]);
      if (m[2] && /^[0-9a-f.:]+$/i.test(m[2])) source(doc, m[2]);
      return {
        category: [AUTH],
        type: ['info'],
        action: 'authentication-failure',
        outcome: 'failure',
        service: 'auth',
      };
    },
  },
  {
    re: /^pam_unix\(([^:)]+):chauthtok\): password changed for (\S+)/,
    apply: (m, doc) => {
      user(doc, m[2]);
      return {
        category: ['iam'],
        type: ['user', 'change'],
        action: 'password-changed',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  // sudo
  {
    programs: /^sudo$/,
    re: /^\s*(\S+) : (?:(\d+) incorrect password attempts? ; |(command not allowed|user NOT in sudoers) ; )?(?:TTY=(\S+) ; )?PWD=(.*?) ; USER=(\S+) ;(?: GROUP=\S+ ;)?(?: ENV=.*? ;)? COMMAND=(.*)$/,
    apply: (m, doc) => {
      user(doc, m[1]);
      user(doc, m[6], 'user.effective');
      setField(doc, 'system.auth.sudo.tty', m[4]);
      setField(doc, 'system.auth.sudo.pwd', m[5]);
      setField(doc, 'system.auth.sudo.user', m[6]);
      setField(doc, 'system.auth.sudo.command', m[7]);
      const failed = Boolean(m[2] || m[3]);
      if (m[2]) setField(doc, 'system.auth.sudo.error', `${m[2]} incorrect password attempts`);
      if (m[3]) setField(doc, 'system.auth.sudo.error', m[3]);
      return {
        category: ['process'],
        type: ['start'],
        outcome: failed ? 'failure' : undefined,
        action: failed ? 'sudo-denied' : undefined,
        service: 'sudo',
      };
    },
  },
  // su
  {
    programs: /^su$/,
    re: /^(?:\(to (\S+)\) (\S+) on (\S+)|(?:Successful|FAILED) su for (\S+) by (\S+))/,
    apply: (m, doc) => {
      const failed = /^FAILED/.test(m[0]);
      user(doc, m[2] ?? m[5]);
      user(doc, m[1] ?? m[4], 'user.effective');
      return {
        category: [AUTH],
        type: ['start'],
        action: 'su',
        outcome: failed ? 'failure' : 'success',
        service: 'su',
      };
    },
  },
  // shadow-utils
  {
    re: /^new user: name=([^,\s]+), UID=(\d+), GID=(\d+)(?:, home=([^,]+))?(?:, shell=([^,\s]+))?/,
    apply: (m, doc) => {
      user(doc, m[1]);
      setField(doc, 'user.id', m[2]);
      setField(doc, 'group.id', m[3]);
      return {
        category: ['iam'],
        type: ['user', 'creation'],
        action: 'user-created',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  {
    re: /^new group: name=([^,\s]+), GID=(\d+)/,
    apply: (m, doc) => {
      setField(doc, 'group.name', m[1]);
      setField(doc, 'group.id', m[2]);
      return {
        category: ['iam'],
        type: ['group', 'creation'],
        action: 'group-created',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  {
    re: /^failed adding user '([^']+)', exit code: (\d+)/,
    apply: (m, doc) => {
      user(doc, m[1]);
      return {
        category: ['iam'],
        type: ['user', 'creation'],
        action: 'user-creation-failed',
        outcome: 'failure',
        service: 'auth',
      };
    },
  },
  {
    re: /^delete user '([^']+)'/,
    apply: (m, doc) => {
      user(doc, m[1]);
      return {
        category: ['iam'],
        type: ['user', 'deletion'],
        action: 'user-deleted',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  {
    re: /^(?:removed group '([^']+)'|group '([^']+)' removed)/,
    apply: (m, doc) => {
      setField(doc, 'group.name', m[1] ?? m[2]);
      return {
        category: ['iam'],
        type: ['group', 'deletion'],
        action: 'group-deleted',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  {
    re: /^(?:change user '([^']+)'|add '([^']+)' to (?:shadow )?group '([^']+)'|changed user '([^']+)')/,
    apply: (m, doc) => {
      user(doc, m[1] ?? m[2] ?? m[4]);
      setField(doc, 'group.name', m[3]);
      return {
        category: ['iam'],
        type: m[3] ? ['group', 'change'] : ['user', 'change'],
        action: m[3] ? 'user-added-to-group' : 'user-changed',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  {
    programs: /^(passwd|chpasswd)$/,
    re: /^password (?:changed|for '?([^'\s]+)'? changed)(?: for (\S+))?/,
    apply: (m, doc) => {
      user(doc, m[1] ?? m[2]);
      return {
        category: ['iam'],
        type: ['user', 'change'],
        action: 'password-changed',
        outcome: 'success',
        service: 'auth',
      };
    },
  },
  // systemd-logind
  {
    programs: /^systemd-logind$/,
    re: /^New session (\S+) of user (\S+?)\.?$/,
    apply: (m, doc) => {
      user(doc, m[2]);
      setField(doc, 'session.id', m[1]);
      return { category: ['session'], type: ['start'], action: 'new-session', service: 'auth' };
    },
  },
  {
    programs: /^systemd-logind$/,
    re: /^Removed session (\S+?)\.?$/,
    apply: (m, doc) => {
      setField(doc, 'session.id', m[1]);
      return { category: ['session'], type: ['end'], action: 'removed-session', service: 'auth' };
    },
  },
];

/** Classifies one auth message; undefined when no rule knows it (the event is still kept, uncategorized). */
export function classifyAuth(program: string, message: string, doc: EcsDocument): AuthClass | undefined {
  for (const rule of RULES) {
    if (rule.programs && !rule.programs.test(program)) continue;
    const m = rule.re.exec(message);
    if (m) return rule.apply(m, doc, program);
  }
  return undefined;
}

/** Programs whose messages belong to the auth log. */
export const AUTH_PROGRAMS =
  /^(sshd|sudo|su|login|useradd|userdel|usermod|groupadd|groupdel|groupmod|passwd|chpasswd|chage|gpasswd|systemd-logind|unix_chkpwd|polkitd|pkexec|CRON|cron|crond|gdm-password\]?|sshd-session)$/;
