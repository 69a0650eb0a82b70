/**
 * Graceful shutdown: frames buffered by the syslog listener (flush timer far away) are handed to the queue when
 * the app stops. With BullMQ the batch survives in Redis, so a second instance on the same data dir stores it.
 * The sender is util-linux `logger`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import {
  eventually,
  found,
  removeDir,
  run,
  search,
  sendersAvailable,
  startApp,
  transports,
  type Running,
} from './support.js';

const ready =
  (await sendersAvailable('syslog shutdown', [{ path: '/usr/bin/logger', pkg: 'bsdutils' }])) &&
  (await serviceAvailable('Redis'));

describe.skipIf(!ready)('syslog flush on shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-syslog-shutdown-'));
  const env = {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: uniqueName('vigiesyslog'),
    SYSLOG_TCP_PORT: '0',
    SYSLOG_FLUSH_MS: '60000',
  };
  let second: Running | undefined;

  afterAll(async () => {
    await second?.close();
    removeDir(dir);
  });

  it('hands buffered frames to the queue when the app stops', async () => {
    const first = await startApp(env, dir);
    try {
      const r = await run('/usr/bin/logger', [
        '-n',
        '127.0.0.1',
        '-P',
        String(first.ports.tcp),
        '-T',
        '--octet-count',
        '-t',
        'sshd',
        '--id=5',
        'Accepted password for shutdown_user from 10.9.0.1 port 9 ssh2',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const stats = await eventually(
        async () => (await transports(first.base)).transports['syslog.tcp'],
        (c) => c.records === 1,
      );
      expect(stats.records).toBe(1);
      // Not flushed yet: the timer is a minute away and the batch is far from full.
      await new Promise((res) => setTimeout(res, 300));
      expect((await search(first.base, 'user.name:shutdown_user')).total).toBe(0);
    } finally {
      await first.close();
    }
    second = await startApp(env, dir);
    expect((await found(second.base, 'user.name:shutdown_user')).total).toBe(1);
  });
});
