#!/usr/bin/env node
/**
 * `npm start`: builds the workbench once (or again when its sources changed), then starts Vigie in one process
 * (ROLE=all; embedded DuckDB and in-process queue unless STORAGE / REDIS_URL say otherwise) and prints its URL.
 * In embedded mode it also seeds the `demo` tenant once with the demo scenario (DEMO=false to skip).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const frontend = join(root, 'frontend');
const built = join(frontend, 'out', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['app', 'components', 'lib'].map((d) => join(frontend, d)).filter(existsSync);
const stale =
  !existsSync(built) ||
  Math.max(...sources.map(newest), statSync(join(frontend, 'next.config.mjs')).mtimeMs) >
    statSync(built).mtimeMs;
if (stale) {
  process.stderr.write('Building the workbench (Next.js static export)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@vigie/frontend'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Embedded mode (no STORAGE=elasticsearch, no REDIS_URL): seed the `demo` tenant once with the demo scenario, and
// make it the workbench's default tenant, so a new user sees incidents within a minute. DEMO=false turns it off.
if ((process.env.STORAGE ?? 'embedded') === 'embedded' && !process.env.REDIS_URL) {
  process.env.DEMO ??= 'true';
  if (process.env.DEMO === 'true') process.env.TENANT ??= 'demo';
}

register({ tsconfig: join(root, 'backend', 'tsconfig.json') });
await import('../backend/src/main.ts');
