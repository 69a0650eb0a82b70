/**
 * End to end in Chromium: an attack replay (raw sshd and sudo lines ingested through the API, detected by the
 * `vigie` rule pack in the pipeline) produces an incident, which an analyst opens from the queue, acknowledges,
 * and closes as a true positive. A second analyst's stale write shows the "changed by someone else" banner.
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStageRegistry } from '../src/pipeline/event-stage.js';
import { ARTIFACTS, e2eAvailable, startStack, type E2eStack } from './support.js';

const available = e2eAvailable();

/** A root login over SSH from the Internet, then an interactive root shell through sudo, on one server. */
const REPLAY = [
  'Mar 10 10:00:01 web01 sshd[4242]: Accepted password for root from 198.51.100.23 port 50123 ssh2',
  'Mar 10 10:02:11 web01 sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash',
].join('\n');

describe.skipIf(!available)('incident pages in Chromium', () => {
  let stack: E2eStack;
  let app: E2eStack['app'];
  let browser: E2eStack['browser'];
  let base: string;

  beforeAll(async () => {
    stack = await startStack('vigie-e2e-inc-');
    ({ app, browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('an attack replay becomes an incident that an analyst acknowledges and closes as a true positive', async () => {
    expect(
      app
        .get(EventStageRegistry)
        .list()
        .map((s) => s.name),
    ).toContain('detection');
    const res = await fetch(`${base}/api/ingest/auto`, { method: 'POST', body: REPLAY });
    expect(res.status).toBe(202);
    await expect
      .poll(async () => (await (await fetch(`${base}/api/incidents`)).json()).items?.[0]?.alert_count ?? 0, {
        timeout: 20_000,
      })
      .toBe(2);

    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/incidents/`);
    const queue = page.getByTestId('incidents');
    await expect.poll(() => queue.textContent(), { timeout: 10_000 }).toContain('web01');
    await expect.poll(() => page.getByTestId('count-status-new').textContent()).toBe('1');
    await page.screenshot({ path: join(ARTIFACTS, 'incidents-queue.png'), fullPage: true });

    await queue.getByRole('link').first().click();
    await page.waitForURL(/\/incidents\/view\/\?id=inc_/);
    await expect
      .poll(() => page.getByTestId('incident-status').textContent(), { timeout: 10_000 })
      .toBe('new');
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.textContent()).toContain('198.51.100.23');
    expect(await timeline.textContent()).toMatch(/SSH login as root/i);
    expect(await page.getByTestId('incident-summary').textContent()).toContain('web01');

    // A colleague changes the incident behind the analyst's back: the stale write is refused with a clear message.
    const id = new URL(page.url()).searchParams.get('id')!;
    const current = await (await fetch(`${base}/api/incidents/${id}`)).json();
    const other = await fetch(`${base}/api/incidents/${id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vigie-user': 'bob' },
      body: JSON.stringify({ text: 'I am on it too', version: current.version }),
    });
    expect(other.status).toBe(201);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(() => page.getByTestId('conflict').textContent(), { timeout: 10_000 })
      .toContain('changed by someone else');
    await page.screenshot({ path: join(ARTIFACTS, 'incident-conflict.png'), fullPage: true });
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByTestId('comments').textContent()).toContain('I am on it too');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(() => page.getByTestId('incident-status').textContent(), { timeout: 10_000 })
      .toBe('acknowledged');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByTestId('incident-assignee').textContent()).toBe('analyst');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('radio', { name: 'True positive', exact: true }).check();
    await page
      .getByLabel('Reason')
      .fill('Root login from the Internet followed by a root shell: confirmed compromise');
    await page.getByRole('button', { name: 'Confirm close' }).click();
    await expect
      .poll(() => page.getByTestId('incident-status').textContent(), { timeout: 10_000 })
      .toBe('closed');
    expect(await page.getByTestId('incident-verdict').textContent()).toContain('True positive');
    await page.screenshot({ path: join(ARTIFACTS, 'incident-closed.png'), fullPage: true });

    const closed = await (await fetch(`${base}/api/incidents/${id}`)).json();
    expect(closed.incident).toMatchObject({
      status: 'closed',
      assignee: 'analyst',
      verdict: { value: 'true_positive', by: 'analyst' },
    });
    expect(closed.incident.timestamps.acknowledged_at).toEqual(expect.any(String));
    expect(closed.incident.timestamps.closed_at).toEqual(expect.any(String));
    expect(
      closed.incident.audit.map((a: { actor: string; action: string }) => `${a.actor}:${a.action}`),
    ).toEqual(expect.arrayContaining(['bob:comment', 'analyst:transition', 'analyst:assign']));
    expect(pageErrors).toEqual([]);
  });
});
