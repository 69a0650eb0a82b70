import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../connector.js';
import { getField } from '../../util/ecs.js';
import { linuxAuthConnector as c } from './linux-auth.connector.js';

const ctx: ParseContext = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

function ev(line: string, context = ctx) {
  const out = c.parse(line, context);
  if (out.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(out)}`);
  return out.event;
}

describe('linux-auth connector', () => {
  it('maps sshd accepted and failed logins', () => {
    const ok = ev(
      'May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2',
    );
    expect(getField(ok, 'event.outcome')).toBe('success');
    expect(getField(ok, 'user.name')).toBe('deploy');
    expect(getField(ok, 'source.ip')).toBe('198.51.100.23');
    expect(getField(ok, 'source.port')).toBe(40222);
    expect(getField(ok, 'process.pid')).toBe(2211);
    expect(getField(ok, 'vigie.logsource')).toEqual({ product: 'linux', service: 'sshd' });
    const bad = ev(
      'May 12 07:01:09 bastion sshd[2215]: Failed password for invalid user oracle from 203.0.113.9 port 5555 ssh2',
    );
    expect(getField(bad, 'event.outcome')).toBe('failure');
    expect(getField(bad, 'user.name')).toBe('oracle');
  });

  it('maps sudo, useradd and faillock', () => {
    const sudo = ev(
      'May 12 08:00:00 app1 sudo[300]:    carol : TTY=pts/1 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/systemctl restart app',
    );
    expect(getField(sudo, 'user.name')).toBe('carol');
    expect(getField(sudo, 'user.effective.name')).toBe('root');
    expect(getField(sudo, 'system.auth.sudo.command')).toBe('/usr/bin/systemctl restart app');
    expect(getField(sudo, 'vigie.logsource')).toEqual({ product: 'linux', service: 'sudo' });
    const add = ev(
      'May 12 08:01:00 app1 useradd[301]: new user: name=svc_x, UID=1005, GID=1005, home=/home/svc_x, shell=/bin/bash',
    );
    expect(getField(add, 'event.type')).toEqual(['user', 'creation']);
    const lock = ev(
      '2024-05-12T08:02:00.000000+02:00 app1 sshd[302]: pam_faillock(sshd:auth): Consecutive login failures for user dave account temporarily locked',
    );
    expect(getField(lock, 'event.action')).toBe('account-locked');
    expect(getField(lock, '@timestamp')).toBe('2024-05-12T06:02:00.000Z');
  });

  it('applies the timezone option to zone-less timestamps', () => {
    const e = ev('May 12 07:01:02 bastion sshd[2211]: Invalid user test from 192.0.2.1 port 22', {
      ...ctx,
      options: { timezone: 'Europe/Paris' },
    });
    expect(getField(e, '@timestamp')).toBe('2024-05-12T05:01:02.000Z');
  });

  it('rejects a line without a syslog header', () => {
    const out = c.parse('this is not syslog', ctx);
    expect(out.kind).toBe('reject');
    if (out.kind === 'reject') expect(out.reason).toMatch(/syslog timestamp/);
  });
});
