/**
 * End to end in a real browser: the whole stack in embedded mode (NestJS + DuckDB + in-process workers, serving
 * the exported workbench), Debian's Chromium driven by playwright-core. A line ingested through the API appears
 * on the Sources & events page; a screenshot is saved under test-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.schema.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, e2eAvailable, FRONTEND_OUT } from './support.js';

const available = e2eAvailable();

describe.skipIf(!available)('Sources & events page in Chromium', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));

  beforeAll(async () => {
    const config = loadConfig({
      DATA_DIR: dir,
      TENANT: 'demo',
      FRONTEND_DIR: FRONTEND_OUT,
      LOG_LEVEL: 'warn',
    });
    app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows health, and an ingested line appears in the latest events', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sources\/$/);
    await expect
      .poll(() => page.getByTestId('health').textContent(), { timeout: 10_000 })
      .toContain('platform ok');

    const line =
      'Nov 23 09:15:42 bastion01 sshd[4242]: Failed password for invalid user e2e-tester from 198.51.100.77 port 61000 ssh2';
    const res = await fetch(`${base}/api/ingest/linux-auth`, { method: 'POST', body: line });
    expect(res.status).toBe(202);

    const events = page.getByTestId('events');
    await expect.poll(() => events.textContent(), { timeout: 10_000 }).toContain('e2e-tester');
    await expect
      .poll(() => page.getByTestId('sources').textContent(), { timeout: 10_000 })
      .toContain('linux-auth');
    await expect.poll(() => page.getByTestId('eps').textContent(), { timeout: 10_000 }).not.toBe('0.00');

    await page.getByRole('searchbox').or(page.getByLabel('KQL query')).fill('source.ip:198.51.100.77');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('total').textContent(), { timeout: 10_000 }).toContain('1 of 1');

    await page.screenshot({ path: join(ARTIFACTS, 'sources-page.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
