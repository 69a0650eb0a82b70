/**
 * End-to-end support for the transport specs: the real app on a temp DuckDB with the in-process queue, real
 * senders found on the machine (missing ones skip the suite outside CI and fail it with CI=true), and helpers to
 * run them and find what they sent in storage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.schema.js';
import { SyslogServers } from '../../src/ingest/transports/index.js';
import { inCi } from '../support/services.js';

// The app's logger reads LOG_LEVEL once; keep test output readable unless asked otherwise.
process.env.LOG_LEVEL ??= 'silent';

export interface Tool {
  /** Absolute path of the executable (or a Python import check, see `python`). */
  path: string;
  /** Debian package providing it, for the message. */
  pkg: string;
  /** Extra check, e.g. a Python module import; resolves false when unusable. */
  check?: () => Promise<boolean>;
}

/** Whether every sender is installed; outside CI a missing one skips with a message, in CI it fails. */
export async function sendersAvailable(suite: string, tools: Tool[]): Promise<boolean> {
  const missing: string[] = [];
  for (const t of tools) {
    const ok = existsSync(t.path) && (t.check ? await t.check() : true);
    if (!ok) missing.push(`${t.path} (apt-get install -y ${t.pkg})`);
  }
  if (!missing.length) return true;
  const msg = `${suite}: real senders missing: ${missing.join(', ')}`;
  if (inCi) throw new Error(`${msg} — CI=true requires them (see .ci/run)`);
  console.warn(`SKIPPED ${msg}`);
  return false;
}

export interface Running {
  app: NestExpressApplication;
  base: string;
  dir: string;
  ports: Partial<Record<'udp' | 'tcp' | 'tls', number>>;
  close(): Promise<void>;
}

/** Starts the real HTTP app (role all: API, transports, in-process workers) on a temp data dir. */
export async function startApp(
  env: Record<string, string>,
  dir = mkdtempSync(join(tmpdir(), 'vigie-transports-')),
): Promise<Running> {
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', TENANT: 'acme', LOG_LEVEL: 'silent', ...env });
  let app: NestExpressApplication | undefined;
  try {
    app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app?.close().catch(() => undefined);
    removeDir(dir);
    throw err;
  }
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    base,
    dir,
    ports: app.get(SyslogServers).ports(),
    close: async () => {
      await app.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Hits {
  total: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  hits: { id: string; doc: Record<string, any> }[];
}

export async function search(base: string, q: string, tenant = 'acme'): Promise<Hits> {
  const res = await fetch(`${base}/api/events?tenant=${tenant}&size=100&q=${encodeURIComponent(q)}`);
  if (!res.ok) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Hits;
}

/** Waits until `q` matches `count` events (or the time runs out) and returns the hits. */
export function found(base: string, q: string, count = 1, tenant = 'acme', ms = 15_000): Promise<Hits> {
  return eventually(
    () => search(base, q, tenant),
    (r) => r.total >= count,
    ms,
  );
}

export interface TransportsAnswer {
  syslog_ports: Record<string, number>;
  transports: Record<
    string,
    {
      requests: number;
      records: number;
      bytes: number;
      rejects: number;
      dropped: number;
      connections: number;
      errors: number;
    }
  >;
}

/** GET /api/transports. */
export async function transports(base: string): Promise<TransportsAnswer> {
  return (await (await fetch(`${base}/api/transports`)).json()) as TransportsAnswer;
}

export async function deadLetters(
  base: string,
  tenant = 'acme',
): Promise<{ doc: { reason: string; raw: string; source: string } }[]> {
  const res = await fetch(`${base}/api/deadletters?tenant=${tenant}&size=100`);
  return ((await res.json()) as { items: { doc: { reason: string; raw: string; source: string } }[] }).items;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export function run(
  cmd: string,
  args: string[],
  opts: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${cmd}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(opts.input);
    }
  });
}

/** A long-running sender (rsyslogd in the foreground); `stop()` ends it and waits. */
export function daemon(
  cmd: string,
  args: string[],
): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/** A self-signed certificate for 127.0.0.1/localhost, generated with openssl into `dir`. */
export async function selfSignedCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  if (r.code !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { cert, key };
}
