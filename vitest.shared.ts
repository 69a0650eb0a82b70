import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Shared Vitest settings. Unit specs sit beside the code (`src/**\/*.spec.ts`), medium specs on real
 * services under `test/medium`, end-to-end specs under `e2e/`. Each package writes a JSON report to
 * `test-results/<name>.json`, which `scripts/test-summary.mjs` totals.
 */
export function vigieVitestConfig(options: { name: string; include?: string[]; timeoutMs?: number }) {
  return defineConfig({
    test: {
      name: options.name,
      include: options.include ?? ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      testTimeout: options.timeoutMs ?? 30_000,
      hookTimeout: 180_000,
      pool: 'forks',
      // Quiet structured logs in tests (a spec that needs them sets LOG_LEVEL itself).
      env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      reporters: ['default', 'json'],
      outputFile: { json: `${root}test-results/${options.name}.json` },
    },
  });
}
