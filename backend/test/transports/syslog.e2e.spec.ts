/**
 * Syslog end to end with real senders: rsyslogd (its own config, work dir and pid file, in the foreground) reads
 * test files and forwards them over UDP, TCP with octet-counted framing, and TLS (gtls, self-signed certificate
 * made with openssl); util-linux `logger` sends over TCP with both framings. The events are then found in storage.
 */
import { createConnection } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  daemon,
  deadLetters,
  found,
  removeDir,
  run,
  selfSignedCert,
  sendersAvailable,
  startApp,
  transports,
  type Running,
} from './support.js';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const ready = await sendersAvailable('syslog transports', [
  { path: RSYSLOGD, pkg: 'rsyslog' },
  { path: '/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so', pkg: 'rsyslog-gnutls' },
  { path: '/usr/bin/logger', pkg: 'bsdutils' },
  { path: '/usr/bin/openssl', pkg: 'openssl' },
]);

const sshd = (user: string, ip: string) => `Accepted password for ${user} from ${ip} port 50000 ssh2`;

describe.skipIf(!ready)('syslog listeners with rsyslog and logger', () => {
  let vigie: Running;
  let rsyslog: ReturnType<typeof daemon> | undefined;
  const work = mkdtempSync(join(tmpdir(), 'vigie-rsyslog-'));

  beforeAll(async () => {
    const { cert, key } = await selfSignedCert(work);
    vigie = await startApp({
      SYSLOG_UDP_PORT: '0',
      SYSLOG_TCP_PORT: '0',
      SYSLOG_TLS_PORT: '0',
      SYSLOG_TLS_CERT: cert,
      SYSLOG_TLS_KEY: key,
      SYSLOG_MAX_FRAME_BYTES: '4096',
      SYSLOG_FLUSH_MS: '100',
    });
    const { udp, tcp, tls } = vigie.ports;
    expect(udp && tcp && tls).toBeTruthy();
    mkdirSync(join(work, 'spool'));
    writeFileSync(
      join(work, 'udp.log'),
      `${sshd('udp_user', '10.1.0.1')}\n${sshd('udp_user2', '10.1.0.2')}\n`,
    );
    writeFileSync(
      join(work, 'tcp.log'),
      `${sshd('tcp_user', '10.2.0.1')}\n${sshd('tcp_user2', '10.2.0.2')}\n`,
    );
    writeFileSync(join(work, 'tls.log'), `${sshd('tls_user', '10.3.0.1')}\n`);
    const conf = `
global(workDirectory="${work}/spool" defaultNetstreamDriverCAFile="${cert}" maxMessageSize="64k")
module(load="imfile" mode="polling" pollingInterval="1")
template(name="rfc5424" type="string" string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% web01 sshd 4242 - - %msg%\\n")
input(type="imfile" file="${work}/udp.log" tag="sshd" ruleset="udp" freshStartTail="off")
input(type="imfile" file="${work}/tcp.log" tag="sshd" ruleset="tcp" freshStartTail="off")
input(type="imfile" file="${work}/tls.log" tag="sshd" ruleset="tls" freshStartTail="off")
ruleset(name="udp") { action(type="omfwd" target="127.0.0.1" port="${udp}" protocol="udp" template="rfc5424") }
ruleset(name="tcp") { action(type="omfwd" target="127.0.0.1" port="${tcp}" protocol="tcp" tcp_framing="octet-counted" template="rfc5424") }
ruleset(name="tls") { action(type="omfwd" target="127.0.0.1" port="${tls}" protocol="tcp" streamDriver="gtls" streamDriverMode="1" streamDriverAuthMode="anon" template="rfc5424") }
`;
    writeFileSync(join(work, 'rsyslog.conf'), conf);
    const check = await run(RSYSLOGD, ['-N1', '-f', join(work, 'rsyslog.conf')]);
    if (check.code !== 0) throw new Error(`rsyslog config refused: ${check.stderr}${check.stdout}`);
    rsyslog = daemon(RSYSLOGD, ['-n', '-f', join(work, 'rsyslog.conf'), '-i', join(work, 'rsyslogd.pid')]);
  });

  afterAll(async () => {
    await rsyslog?.stop();
    await vigie?.close();
    removeDir(work);
    if (vigie) removeDir(vigie.dir);
  });

  it('receives rsyslog over UDP and parses it with the auto-detected connector', async () => {
    // UDP: wait for each line on its own (a loaded CI machine may deliver them seconds apart).
    const r = await found(vigie.base, 'user.name:udp_user', 1, 'acme', 30_000);
    const r2 = await found(vigie.base, 'user.name:udp_user2', 1, 'acme', 30_000);
    expect(r.total, rsyslog?.output()).toBeGreaterThanOrEqual(1);
    expect(r2.total, rsyslog?.output()).toBeGreaterThanOrEqual(1);
    const doc = r.hits[0].doc;
    expect(doc).toMatchObject({
      // The header names the host; the sender's address is only kept in the envelope.
      vigie: { tenant: 'acme', connector: 'linux-auth', transport: { type: 'syslog', host: '127.0.0.1' } },
      host: { name: 'web01' },
      source: { ip: '10.1.0.1' },
    });
    expect(doc.event.original).toMatch(
      /^<\d+>1 \S+ web01 sshd 4242 - - Accepted password for udp_user from 10\.1\.0\.1/,
    );
  });

  it('receives rsyslog over TCP with octet-counted framing', async () => {
    const r = await found(vigie.base, 'user.name:tcp_user OR user.name:tcp_user2', 2);
    expect(r.total, rsyslog?.output()).toBe(2);
    expect(r.hits.map((h) => h.doc.source.ip).sort()).toEqual(['10.2.0.1', '10.2.0.2']);
    const stats = await transports(vigie.base);
    expect(stats.transports['syslog.tcp'].records).toBeGreaterThanOrEqual(2);
  });

  it('receives rsyslog over TLS (RFC 5425)', async () => {
    const r = await found(vigie.base, 'user.name:tls_user');
    expect(r.total, rsyslog?.output()).toBe(1);
    expect(r.hits[0].doc.event.original).toContain('Accepted password for tls_user from 10.3.0.1');
  });

  it('receives logger over TCP, octet-counted and LF-framed', async () => {
    const port = String(vigie.ports.tcp);
    const a = await run('/usr/bin/logger', [
      '-n',
      '127.0.0.1',
      '-P',
      port,
      '-T',
      '--octet-count',
      '--rfc5424',
      '-t',
      'sshd',
      '--id=77',
      sshd('logger_oc', '10.4.0.1'),
    ]);
    const b = await run('/usr/bin/logger', [
      '-n',
      '127.0.0.1',
      '-P',
      port,
      '-T',
      '--rfc3164',
      '-t',
      'sshd',
      '--id=78',
      sshd('logger_lf', '10.4.0.2'),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const r = await found(vigie.base, 'user.name:logger_oc OR user.name:logger_lf', 2);
    expect(r.hits.map((h) => h.doc.user.name).sort()).toEqual(['logger_lf', 'logger_oc']);
  });

  it('names the host by the sender’s address when the message has no hostname (logger --rfc5424=nohost, UDP)', async () => {
    const sent = await run('/usr/bin/logger', [
      '-n',
      '127.0.0.1',
      '-P',
      String(vigie.ports.udp),
      '-d',
      '--rfc5424=nohost',
      '-t',
      'sshd',
      '--id=80',
      sshd('nohost_user', '10.4.0.3'),
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    const r = await found(vigie.base, 'user.name:nohost_user', 1, 'acme', 30_000);
    expect(r.hits[0].doc.event.original).toMatch(/^<\d+>1 \S+ - sshd 80 /);
    expect(r.hits[0].doc).toMatchObject({
      host: { name: '127.0.0.1' },
      vigie: { connector: 'linux-auth', transport: { type: 'syslog', host: '127.0.0.1' } },
    });
  });

  it('dead-letters an oversize frame with its reason, and a garbage connection does not disturb another one', async () => {
    const port = vigie.ports.tcp!;
    const garbage = createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((r) => garbage.once('connect', () => r()));
    garbage.write(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a]));
    garbage.write(`<13>${'A'.repeat(5000)}\n`);
    const good = await run('/usr/bin/logger', [
      '-n',
      '127.0.0.1',
      '-P',
      String(port),
      '-T',
      '--octet-count',
      '-t',
      'sshd',
      '--id=79',
      sshd('after_garbage', '10.5.0.1'),
    ]);
    expect(good.code).toBe(0);
    garbage.write('still here, no newline yet');
    expect((await found(vigie.base, 'user.name:after_garbage')).total).toBe(1);
    garbage.end();
    const dl = await deadLetters(vigie.base);
    const oversize = dl.find((d) => /(exceeds the|longer than) 4096.byte/.test(d.doc.reason));
    expect(oversize?.doc.raw.startsWith('<13>AAAA')).toBe(true);
  });
});
