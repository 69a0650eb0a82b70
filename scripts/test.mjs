#!/usr/bin/env node
/**
 * `npm test`: every package's tests through Nx (one package at a time: the machine has 2 cores), then one
 * closing line with the totals read from the Vitest JSON reports in test-results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
const extra = process.argv.slice(2);
rmSync(results, { recursive: true, force: true });

const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...extra],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const perSuite = [];
if (existsSync(results)) {
  for (const f of readdirSync(results).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(results, f), 'utf8'));
    const p = r.numPassedTests ?? 0;
    // A spec file that fails outside any test (e.g. in beforeAll) counts as one failure.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    const x = (r.numFailedTests ?? 0) + brokenFiles;
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    perSuite.push(`${f.replace(/\.json$/, '')}: ${p} passed, ${x} failed, ${s} skipped`);
    passed += p;
    failed += x;
    skipped += s;
  }
}
process.stdout.write(`\n${perSuite.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(nx.status !== 0 || failed > 0 ? 1 : 0);
