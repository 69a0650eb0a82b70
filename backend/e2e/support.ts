import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser } from 'playwright-core';
import { createHttpApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.schema.js';
import { fileURLToPath } from 'node:url';
import { inCi } from '../test/support/services.js';

/** Debian's Chromium, driven by playwright-core (never a downloaded browser). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium on a closed network, as root, in a container. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

export const FRONTEND_OUT = fileURLToPath(new URL('../../frontend/out/', import.meta.url));

/** Whether the browser and the built workbench are there; in CI their absence is a failure, not a skip. */
export function e2eAvailable(): boolean {
  const problems = [
    existsSync(CHROMIUM) ? '' : `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
    existsSync(FRONTEND_OUT + 'index.html') ? '' : 'workbench not built (npm run build -w @vigie/frontend)',
  ].filter(Boolean);
  if (!problems.length) return true;
  if (inCi) throw new Error(`e2e prerequisites missing in CI: ${problems.join('; ')}`);
  console.warn(`SKIPPED e2e: ${problems.join('; ')}`);
  return false;
}

/** The whole stack in embedded mode (temp DuckDB, in-process workers, the exported workbench) and a Chromium. */
export interface E2eStack {
  app: NestExpressApplication;
  browser: Browser;
  base: string;
  stop(): Promise<void>;
}

export async function startStack(prefix: string, tenant = 'demo'): Promise<E2eStack> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const app = await createHttpApp(
    loadConfig({ DATA_DIR: dir, TENANT: tenant, FRONTEND_DIR: FRONTEND_OUT, LOG_LEVEL: 'warn' }),
  );
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    app,
    browser,
    base,
    async stop() {
      await browser.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
