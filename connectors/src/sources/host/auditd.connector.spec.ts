import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';
import { auditdConnector as c } from './auditd.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('auditd connector', () => {
  it('maps a user-space login record with its nested msg', () => {
    const out = c.parse(
      `type=USER_LOGIN msg=audit(1715500000.250:881): pid=4100 uid=0 auid=1000 ses=3 msg='op=login acct="erin" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.77 terminal=ssh res=failed'`,
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(getField(out.event, '@timestamp')).toBe('2024-05-12T07:46:40.250Z');
    expect(getField(out.event, 'user.name')).toBe('erin');
    expect(getField(out.event, 'source.ip')).toBe('192.0.2.77');
    expect(getField(out.event, 'event.outcome')).toBe('failure');
    expect(getField(out.event, 'event.category')).toEqual(['authentication']);
    expect(getField(out.event, 'vigie.logsource')).toEqual({ product: 'linux', service: 'auditd' });
  });

  it('names syscalls (raw number or enhanced form) and decodes hex fields', () => {
    const raw = c.parse(
      'type=SYSCALL msg=audit(1715500001.000:882): arch=c000003e syscall=59 success=yes exit=0 pid=77 ppid=1 uid=0 comm="curl" exe="/usr/bin/curl" key="exec"',
      ctx,
    );
    expect(raw.kind === 'event' && getField(raw.event, 'event.action')).toBe('executed');
    const enh = c.parse(
      'node=h1 type=SYSCALL msg=audit(1715500002.000:883): arch=c000003e syscall=263 success=yes pid=78 comm=726D exe="/bin/rm"\x1dARCH=x86_64 SYSCALL=unlinkat AUID="frank" UID="root"',
      ctx,
    );
    expect(enh.kind).toBe('event');
    if (enh.kind !== 'event') return;
    expect(getField(enh.event, 'event.type')).toEqual(['deletion']);
    expect(getField(enh.event, 'process.name')).toBe('rm');
    expect(getField(enh.event, 'user.name')).toBe('frank');
    const exec = c.parse('type=EXECVE msg=audit(1715500003.000:884): argc=3 a0="ls" a1="-la" a2="/tmp"', ctx);
    expect(exec.kind === 'event' && getField(exec.event, 'process.command_line')).toBe('ls -la /tmp');
  });

  it('rejects a line that is not an audit record', () => {
    expect(c.parse('type=FOO without header', ctx)).toMatchObject({ kind: 'reject' });
  });
});
