/**
 * End to end in a real browser: the whole stack in embedded mode (NestJS + DuckDB + in-process workers, serving
 * the exported workbench), Debian's Chromium driven by playwright-core. A line ingested through the API appears
 * on the Sources & events page; a screenshot is saved under test-artifacts/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, e2eAvailable, startStack, type E2eStack } from './support.js';

const available = e2eAvailable();

describe.skipIf(!available)('Sources & events page in Chromium', () => {
  let stack: E2eStack;
  let browser: E2eStack['browser'];
  let base: string;

  beforeAll(async () => {
    stack = await startStack('vigie-e2e-');
    ({ browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
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
