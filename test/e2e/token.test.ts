/**
 * With a webhook token set, the page itself loads without it, then asks for the token once
 * (again if it is refused), keeps it, and sends it on every request and on the live feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openDashboard, screenshot, startE2eServer, waitForCard, type E2eBrowser, type E2eServer } from './support.js';

const TOKEN = 'front-desk-token-42';

describe.skipIf(!HAVE_CHROMIUM)('the dashboard of a server with a webhook token', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;

  beforeAll(async () => {
    server = await startE2eServer({ token: TOKEN });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('serves the page without the token, and refuses the API without it', async () => {
    expect((await fetch(server.url + '/')).status).toBe(200);
    expect((await fetch(server.url + '/salon/dashboard')).status).toBe(401);
  });

  it('asks once for the token, again when it is wrong, then keeps it', async () => {
    ui = await openDashboard(server.url);
    const { page } = ui;
    const dialog = page.getByRole('dialog', { name: 'This salon server asks for its token' });
    await dialog.waitFor();
    await screenshot(page, 'token-prompt');
    await dialog.getByLabel('Token').fill('not-the-token');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('The saved token was refused').waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('main[data-tab="overview"] .card[data-figure]').first().waitFor();
    // The live feed too: it carries the token in its query.
    await page.locator('[data-connection="open"]').waitFor({ timeout: 8000 });
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-tok', from: '+13125550133' });
    await waitForCard(page, 'calls_total', 1);
    expect(await page.evaluate(() => localStorage.getItem('salon.token'))).toBe(TOKEN);

    // A reload does not ask again.
    await page.reload();
    await page.locator('main[data-tab="overview"] .card[data-figure]').first().waitFor();
    expect(await dialog.count()).toBe(0);
    expect(ui.problems.filter((p) => !/WebSocket connection/.test(p))).toEqual([]);
  });
});
