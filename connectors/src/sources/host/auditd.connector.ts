import type { Connector, EcsDocument } from '../../connector.js';
import { appendUnique, setField, toInt } from '../../util/ecs.js';
import { readAuditRecord, type AuditRecord } from './auditd.record.js';
import { recordText } from './syslog-line.js';

type Cls = [category: string[], type: string[], action: string];

/** Record types → ECS classification and action (auparse's normalized action names). */
const RECORD_TYPES: Record<string, Cls> = {
  USER_LOGIN: [['authentication'], ['start'], 'logged-in'],
  USER_LOGOUT: [['authentication'], ['end'], 'logged-out'],
  USER_AUTH: [['authentication'], ['info'], 'authenticated'],
  USER_ACCT: [['authentication'], ['info'], 'was-authorized'],
  USER_ERR: [['authentication'], ['info'], 'error'],
  CRED_ACQ: [['authentication'], ['info'], 'acquired-credentials'],
  CRED_DISP: [['authentication'], ['info'], 'disposed-credentials'],
  CRED_REFR: [['authentication'], ['info'], 'refreshed-credentials'],
  USER_START: [['session'], ['start'], 'started-session'],
  USER_END: [['session'], ['end'], 'ended-session'],
  LOGIN: [['authentication'], ['start'], 'changed-login-id-to'],
  USER_CMD: [['process'], ['start'], 'ran-command'],
  EXECVE: [['process'], ['start'], 'executed'],
  ADD_USER: [['iam'], ['user', 'creation'], 'added-user-account'],
  DEL_USER: [['iam'], ['user', 'deletion'], 'deleted-user-account'],
  ADD_GROUP: [['iam'], ['group', 'creation'], 'added-group-account'],
  DEL_GROUP: [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  USER_MGMT: [['iam'], ['user', 'change'], 'modified-user-account'],
  GRP_MGMT: [['iam'], ['group', 'change'], 'modified-group-account'],
  USER_CHAUTHTOK: [['iam'], ['user', 'change'], 'changed-password'],
  USER_ROLE_CHANGE: [['iam'], ['user', 'change'], 'changed-role'],
  SERVICE_START: [['process'], ['start'], 'started-service'],
  SERVICE_STOP: [['process'], ['end'], 'stopped-service'],
  DAEMON_START: [['process'], ['start'], 'started-audit'],
  DAEMON_END: [['process'], ['end'], 'stopped-audit'],
  CONFIG_CHANGE: [['configuration'], ['change'], 'changed-audit-configuration'],
  AVC: [['intrusion_detection'], ['denied'], 'violated-selinux-policy'],
  ANOM_PROMISCUOUS: [['network'], ['change'], 'changed-promiscuous-mode-on-device'],
  SYSTEM_BOOT: [['host'], ['start'], 'booted-system'],
  SYSTEM_SHUTDOWN: [['host'], ['end'], 'shutdown-system'],
  KERN_MODULE: [['driver'], ['start'], 'loaded-kernel-module'],
};

/** x86_64 syscall numbers of the calls worth naming when the record is not in the enhanced format. */
const X86_64_SYSCALLS: Record<number, string> = {
  2: 'open',
  42: 'connect',
  43: 'accept',
  49: 'bind',
  56: 'clone',
  57: 'fork',
  58: 'vfork',
  59: 'execve',
  62: 'kill',
  82: 'rename',
  84: 'rmdir',
  87: 'unlink',
  90: 'chmod',
  91: 'fchmod',
  92: 'chown',
  94: 'lchown',
  101: 'ptrace',
  105: 'setuid',
  165: 'mount',
  175: 'init_module',
  176: 'delete_module',
  257: 'openat',
  260: 'fchownat',
  263: 'unlinkat',
  264: 'renameat',
  268: 'fchmodat',
  288: 'accept4',
  313: 'finit_module',
  316: 'renameat2',
  322: 'execveat',
};

const SYSCALLS: Record<string, Cls> = {
  execve: [['process'], ['start'], 'executed'],
  execveat: [['process'], ['start'], 'executed'],
  unlink: [['file'], ['deletion'], 'deleted'],
  unlinkat: [['file'], ['deletion'], 'deleted'],
  rmdir: [['file'], ['deletion'], 'deleted'],
  rename: [['file'], ['change'], 'renamed'],
  renameat: [['file'], ['change'], 'renamed'],
  renameat2: [['file'], ['change'], 'renamed'],
  open: [['file'], ['access'], 'opened-file'],
  openat: [['file'], ['access'], 'opened-file'],
  chmod: [['file'], ['change'], 'changed-file-permissions-of'],
  fchmod: [['file'], ['change'], 'changed-file-permissions-of'],
  fchmodat: [['file'], ['change'], 'changed-file-permissions-of'],
  chown: [['file'], ['change'], 'changed-file-ownership-of'],
  lchown: [['file'], ['change'], 'changed-file-ownership-of'],
  fchownat: [['file'], ['change'], 'changed-file-ownership-of'],
  connect: [['network'], ['connection', 'start'], 'connected-to'],
  bind: [['network'], ['start'], 'bound-socket'],
  accept: [['network'], ['connection', 'start'], 'accepted-connection-from'],
  accept4: [['network'], ['connection', 'start'], 'accepted-connection-from'],
  init_module: [['driver'], ['start'], 'loaded-kernel-module'],
  finit_module: [['driver'], ['start'], 'loaded-kernel-module'],
  delete_module: [['driver'], ['end'], 'unloaded-kernel-module'],
  kill: [['process'], ['end'], 'killed-pid'],
  ptrace: [['process'], ['access'], 'traced-process'],
  mount: [['file'], ['creation'], 'mounted'],
};

const unset = (v: string | undefined) =>
  v === undefined || v === '?' || v === '(none)' || v === '' ? undefined : v;

function toEcs(rec: AuditRecord, doc: EcsDocument): void {
  const f = rec.fields;
  const i = rec.interpreted;
  setField(doc, 'auditd.log.record_type', rec.type);
  setField(doc, 'auditd.log.sequence', rec.sequence);
  setField(doc, 'auditd.log.node', rec.node);
  setField(doc, 'host.name', rec.node);
  if (rec.node) appendUnique(doc, 'related.hosts', rec.node);
  for (const [k, v] of Object.entries(f)) setField(doc, `auditd.log.${k.replace(/\./g, '_')}`, v);

  setField(doc, 'process.pid', toInt(f.pid));
  setField(doc, 'process.parent.pid', toInt(f.ppid));
  const exe = unset(f.exe);
  setField(doc, 'process.executable', exe);
  setField(doc, 'process.name', unset(f.comm));
  setField(doc, 'process.working_directory', unset(f.cwd));
  if (f.proctitle) setField(doc, 'process.title', f.proctitle);

  // User: acct (user-space records) or the interpreted/login uid; numeric ids as user.id.
  const acct = unset(f.acct);
  const name = acct ?? unset(i.AUID) ?? unset(i.UID);
  if (name && name !== 'unset') {
    setField(doc, 'user.name', name);
    appendUnique(doc, 'related.user', name);
  }
  setField(doc, 'user.id', unset(f.uid));
  setField(doc, 'user.audit.id', unset(f.auid) === '4294967295' ? undefined : unset(f.auid));
  setField(doc, 'user.effective.id', unset(f.euid));
  setField(doc, 'group.id', unset(f.gid));

  const addr = unset(f.addr);
  if (addr && /^[0-9a-f.:]+$/i.test(addr)) {
    setField(doc, 'source.ip', addr);
    appendUnique(doc, 'related.ip', addr);
  }
  setField(doc, 'source.address', unset(f.hostname));
  setField(doc, 'auditd.log.terminal', unset(f.terminal));

  if (rec.type === 'EXECVE') {
    const argc = toInt(f.argc) ?? 0;
    const args: string[] = [];
    for (let k = 0; k < argc; k++) if (f[`a${k}`] !== undefined) args.push(f[`a${k}`]);
    if (args.length) {
      setField(doc, 'process.args', args);
      setField(doc, 'process.command_line', args.join(' '));
    }
  }
  if (rec.type === 'PATH') setField(doc, 'file.path', unset(f.name));
}

/** Linux Audit daemon records (`/var/log/audit/audit.log`), raw and enhanced (interpreted) formats. */
export const auditdConnector: Connector = {
  id: 'auditd',
  name: 'Linux auditd',
  vendor: 'Linux',
  product: 'auditd',
  logsources: [{ product: 'linux', service: 'auditd' }],
  formats: ['kv'],
  elasticFixtures: ['auditd/log'],
  parse(raw, ctx) {
    const text = recordText(raw);
    if (text === undefined)
      return { kind: 'reject', reason: 'record has no text (expected an audit line or {message})' };
    // audispd/syslog forwarding may prefix the record: keep from `type=` (or `node=`) on.
    const start = text.search(/(?:node=\S+ )?type=[A-Z_0-9]+ msg=audit\(/);
    if (start < 0)
      return {
        kind: 'reject',
        reason: 'not an audit record (expected "type=… msg=audit(<time>:<serial>):")',
      };
    const r = readAuditRecord(text.slice(start).replace(/[\r\n]+$/, ''));
    if (!r.ok) return { kind: 'reject', reason: r.reason };
    const rec = r.record;
    const doc: EcsDocument = {};
    setField(doc, '@timestamp', rec.time.toISOString());
    setField(doc, 'event.kind', 'event');
    if (ctx.options.keepOriginal !== false) setField(doc, 'event.original', text);
    toEcs(rec, doc);
    let cls: Cls | undefined = RECORD_TYPES[rec.type];
    if (rec.type === 'SYSCALL') {
      const nr = toInt(rec.fields.syscall);
      const name =
        rec.interpreted.SYSCALL ??
        (nr !== undefined && rec.fields.arch === 'c000003e' ? X86_64_SYSCALLS[nr] : rec.fields.syscall);
      setField(doc, 'auditd.data.syscall', name);
      cls = name ? SYSCALLS[name] : undefined;
    }
    if (cls) {
      setField(doc, 'event.category', cls[0]);
      setField(doc, 'event.type', cls[1]);
      setField(doc, 'event.action', cls[2]);
    }
    // res= is the outcome of a user-space operation; a syscall's success= only says the call returned.
    const res = rec.fields.res ?? rec.fields.result;
    if (res)
      setField(
        doc,
        'event.outcome',
        /^(success|yes|1)$/.test(res) ? 'success' : /^(failed|no|0|fail)$/.test(res) ? 'failure' : undefined,
      );
    setField(doc, 'auditd.log.success', rec.fields.success);
    setField(doc, 'tags', rec.fields.key && rec.fields.key !== '(null)' ? [rec.fields.key] : undefined);
    setField(doc, 'vigie.logsource', { product: 'linux', service: 'auditd' });
    return { kind: 'event', event: doc };
  },
  detect(raw) {
    const text = recordText(raw);
    if (!text) return 0;
    return /(?:^|\s)type=[A-Z_0-9]+ msg=audit\(\d+(?:\.\d+)?:\d+\):/.test(text.slice(0, 200)) ? 0.98 : 0;
  },
};
