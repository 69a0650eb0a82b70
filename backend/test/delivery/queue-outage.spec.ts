/**
 * The queue's Redis unreachable: ingest answers 503 at once (nothing is accepted that could not be queued) instead
 * of hanging, and 202 again once Redis is back. The API runs in the test (ROLE=api) behind a cuttable proxy to the
 * real Redis. Required in CI (Redis and Elasticsearch); skipped with a message locally when either is absent.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, partsForRole } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { elasticsearchUrl, redisUrl, serviceAvailable, uniqueName } from '../support/services.js';
import { authLines, cleanup, CuttableProxy } from './support.js';

const up = (await serviceAvailable('Redis')) && (await serviceAvailable('Elasticsearch'));

describe.skipIf(!up)('delivery: queue (Redis) outage', () => {
  const prefix = uniqueName('dlvq');
  const redis = new URL(redisUrl);
  const proxy = new CuttableProxy(redis.hostname, Number(redis.port || 6379));
  let app: NestExpressApplication | undefined;
  let base = '';

  beforeAll(async () => {
    await proxy.start();
    const proxied = new URL(redisUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const config = loadConfig({
      ROLE: 'api',
      STORAGE: 'elasticsearch',
      ELASTICSEARCH_URL: elasticsearchUrl,
      ELASTICSEARCH_INDEX_PREFIX: prefix,
      REDIS_URL: proxied.toString(),
      QUEUE_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DEMO: 'false',
    });
    app = await createHttpApp(config, partsForRole(config.ROLE));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await proxy.restore();
    await app?.close();
    await proxy.close();
    await cleanup(elasticsearchUrl, redisUrl, prefix, [`vigie:corr:${prefix}:*`, `vigie:bl:${prefix}:*`]);
  }, 60_000);

  const post = (tag: string) =>
    fetch(`${base}/api/ingest/linux-auth?tenant=${prefix}`, {
      method: 'POST',
      body: authLines(10, tag).join('\n'),
      headers: { 'content-type': 'text/plain' },
    });

  it('answers 503 while Redis is unreachable, then 202 when it is back', async () => {
    expect((await post('before')).status).toBe(202);
    await proxy.cut();
    const t0 = Date.now();
    const res = await post('during');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: { code: 'unavailable', message: expect.stringMatching(/queue unreachable/) },
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 100 && status !== 202; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await post(`after${i}`)).status;
    }
    expect(status).toBe(202);
  }, 60_000);
});
