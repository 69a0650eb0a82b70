import { existsSync, mkdirSync } from 'node:fs';
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
