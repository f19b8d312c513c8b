/**
 * A tab opened while the server is unreachable: its code cannot load, so it says so with
 * "Try again" (the window is never blank), and it loads by itself once the server is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openDashboard, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

describe.skipIf(!HAVE_CHROMIUM)('a tab recovering after the server comes back', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    ui = await openDashboard(server.url, { height: 720, connected: true });
    page = ui.page;
    await page.locator('main[data-tab="overview"] .panel').first().waitFor();
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('shows the error with "Try again" while the server is down, and the tab once it is back, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __noReload: string }).__noReload = 'same page'));
    await server.stop();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 5000 });

    await page.getByRole('tab', { name: 'Growth & Insights' }).click();
    const failed = page.getByTestId('tab-failed');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toContain('The Growth & Insights tab could not be shown');
    await failed.getByRole('button', { name: 'Try again' }).waitFor();
    // Trying again while still down fails again, and says so: never a blank window.
    await failed.getByRole('button', { name: 'Try again' }).click();
    await failed.waitFor({ timeout: 15_000 });
    expect((await page.locator('h1').textContent())).toBe('Salon Front Desk');
    await screenshot(page, 'tab-failed-server-down');

    await server.restart();
    await page.locator('[data-connection="open"]').waitFor({ timeout: 10_000 });
    await page.locator('main[data-tab="growth"] .panel:not(.tab-failed)').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('tab-failed').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: string }).__noReload)).toBe('same page');
    await screenshot(page, 'tab-recovered');
    // Only "could not reach the server" while it was down.
    expect(ui.problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection|Failed to fetch dynamically imported module/.test(p))).toEqual([]);
  });
});
