/**
 * Real services for medium tests. Outside CI a missing service skips the suite with a message; with CI=true it
 * fails, so a green CI always means the real Elasticsearch and Redis were exercised.
 */
import { createConnection } from 'node:net';

export const inCi = process.env.CI === 'true';

export const elasticsearchUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : u.protocol.startsWith('redis') ? 6379 : 80));
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port, timeout: 1500 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Resolves whether the service can be used; throws in CI when it cannot. */
export async function serviceAvailable(name: 'Elasticsearch' | 'Redis'): Promise<boolean> {
  const url = name === 'Elasticsearch' ? elasticsearchUrl : redisUrl;
  if (await reachable(url)) return true;
  const msg = `${name} is not reachable at ${url}`;
  if (inCi) throw new Error(`${msg} — CI=true requires it (see .ci/run)`);
  console.warn(
    `SKIPPED: ${msg}; set ${name === 'Elasticsearch' ? 'ELASTICSEARCH_URL' : 'REDIS_URL'} or start it (deploy/es-runner/start.sh, redis-server) to run these tests.`,
  );
  return false;
}

/** A unique lowercase name for this test run (index prefixes, queue names, key prefixes). */
export function uniqueName(base: string): string {
  return `${base}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toLowerCase();
}
