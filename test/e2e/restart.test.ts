/**
 * The connection drops and comes back by itself: the server stops (the page says it is
 * reconnecting), starts again on the same port over the same database (the state clears),
 * and a new call shows live, all without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openDashboard, screenshot, startE2eServer, waitForCard, type E2eBrowser, type E2eServer } from './support.js';

describe.skipIf(!HAVE_CHROMIUM)('the dashboard across a server restart', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-before', from: '+13125550111' });
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-before', status: 'completed', duration_sec: 60 });
    ui = await openDashboard(server.url, { connected: true });
    page = ui.page;
    await waitForCard(page, 'calls_total', 1);
    await page.evaluate(() => ((window as unknown as { __noReload: string }).__noReload = 'same page'));
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('shows “reconnecting…” while the server is down, recovers when it is back, and new calls show again', async () => {
    await server.stop();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 5000 });
    await page.getByTestId('reconnecting-banner').waitFor();
    expect(await page.locator('[data-connection]').textContent()).toContain('Reconnecting…');
    // The last figures stay on screen meanwhile.
    await waitForCard(page, 'calls_total', 1);
    await screenshot(page, 'reconnecting');

    await server.restart();
    await page.locator('[data-connection="open"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('reconnecting-banner').waitFor({ state: 'detached' });

    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-after', from: '+13125550112' });
    await page.locator('[data-testid="live-calls"] li[data-call-sid="CA-after"]').waitFor({ timeout: 1500 });
    await waitForCard(page, 'calls_total', 2);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: string }).__noReload)).toBe('same page');
    // Only "could not reach the server" while it was down; nothing else went wrong.
    expect(ui.problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(p))).toEqual([]);
  });
});
