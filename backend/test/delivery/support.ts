/**
 * Support for the delivery specs: real worker processes (`node --import tsx src/main.ts`, ROLE=worker), a TCP
 * proxy that can cut Elasticsearch away from them, raw log lines, and clean-up of the test's indices and Redis keys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../../src/queue/redis-options.js';

// The app's logger reads LOG_LEVEL once; keep test output readable unless asked otherwise.
process.env.LOG_LEVEL ??= 'silent';

export const backendDir = fileURLToPath(new URL('../..', import.meta.url));
/** The BullMQ queue name used by the adapter. */
export const QUEUE_NAME = 'vigie-jobs';

export interface WorkerProcess {
  proc: ChildProcess;
  pid: number;
  /** The BullMQ worker name (`host:pid`), as in a job's `processedBy`. */
  name: string;
  exited: Promise<number | null>;
  /** Last lines the process wrote on stderr (logs), for failure messages. */
  logTail(): string;
}

/** Spawns a worker process running the real entry point through tsx, with the backend's tsconfig. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: backendDir,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ...env,
      ROLE: 'worker',
      TSX_TSCONFIG_PATH: `${backendDir}tsconfig.json`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, pid: proc.pid!, name: `${hostname()}:${proc.pid}`, exited, logTail: () => lines.join('\n') };
}

/** Stops a worker: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopWorker(w: WorkerProcess, graceMs = 15_000): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  w.proc.kill('SIGTERM');
  const timer = setTimeout(() => w.proc.kill('SIGKILL'), graceMs);
  await w.exited;
  clearTimeout(timer);
}

export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(v)})`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A BullMQ handle on the test's queue, to see which worker holds which job. */
export function inspectQueue(redisUrl: string, prefix: string): Queue {
  return new Queue(QUEUE_NAME, { connection: redisOptionsFromUrl(redisUrl) as never, prefix });
}

/** Waits until the workers consume the queue (the test's queue prefix is its own, so its count is theirs). */
export async function waitForWorkers(
  queue: Queue,
  workers: WorkerProcess[],
  timeoutMs = 60_000,
): Promise<void> {
  await waitUntil(
    `${workers.length} worker processes to consume the queue`,
    async () => {
      for (const w of workers)
        if (w.proc.exitCode !== null)
          throw new Error(`worker ${w.pid} exited with ${w.proc.exitCode}:\n${w.logTail()}`);
      return queue.getWorkersCount();
    },
    (n) => n >= workers.length,
    timeoutMs,
    200,
  );
}

/**
 * `n` sshd lines (linux-auth) of varied users from private addresses, except one line in `alertEvery` (position
 * `i % alertEvery === 7`): an accepted password for `root` from the public 203.0.113.66, which the starter pack's
 * "SSH login as root from a public IP address" rule alerts on (one alert per such event).
 */
export function authLines(n: number, tag: string, alertEvery = 1000, offset = 0): string[] {
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const ss = String(i % 60).padStart(2, '0');
    const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const pid = 1000 + (i % 30000);
    return i % alertEvery === 7
      ? `Mar  9 10:${mm}:${ss} web${i % 7} sshd[${pid}]: Accepted password for root from 203.0.113.66 port ${20000 + (i % 40000)} ssh2`
      : `Mar  9 10:${mm}:${ss} web${i % 7} sshd[${pid}]: Accepted password for ${users[i % users.length]} from 10.${i % 200}.${(i >> 8) % 250}.${i % 250} port ${20000 + (i % 40000)} ssh2 ${tag}`;
  });
}

/** Lines of `authLines(n, …, alertEvery)` the root-from-public-IP rule alerts on. */
export const expectedRootAlerts = (n: number, alertEvery = 1000, offset = 0): number =>
  Array.from({ length: n }, (_, k) => k + offset).filter((i) => i % alertEvery === 7).length;

/** Deletes the test's data streams, indices and templates, and its Redis keys (`<prefix>:*` and `extraKeys`). */
export async function cleanup(
  esUrl: string,
  redisUrl: string,
  prefix: string,
  extraKeys: string[] = [],
): Promise<void> {
  const es = new Client({ node: esUrl });
  try {
    await es.indices
      .deleteDataStream({ name: `${prefix}-*`, expand_wildcards: 'all' })
      .catch(() => undefined);
    await es.indices
      .delete({
        index: `${prefix}-*`,
        ignore_unavailable: true,
        allow_no_indices: true,
        expand_wildcards: 'all',
      })
      .catch(() => undefined);
    await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
    await es.cluster.deleteComponentTemplate({ name: `${prefix}-*` }).catch(() => undefined);
  } finally {
    await es.close();
  }
  const redis = new Redis(redisOptionsFromUrl(redisUrl) as never);
  try {
    for (const pattern of [`${prefix}:*`, ...extraKeys]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * A TCP proxy to a real service. `cut()` refuses new connections and resets the open ones (the service is
 * unreachable, as when its host goes away); `restore()` listens again on the same port.
 */
export class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.start();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
