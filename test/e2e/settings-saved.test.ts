/**
 * Settings answer a save: new hours tell first how many past calls they re-count; "Saved" stays once the form is drawn again from the new settings,
 * until the next edit; the time zone is searched in the list of IANA zones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

describe.skipIf(!HAVE_CHROMIUM)('settings confirm a save', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    ui = await openDashboard(server.url, { height: 720, connected: true });
    page = ui.page;
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('"Business hours saved." stays after the save until the next edit; the time zone offers the IANA zones', async () => {
    await openTab(page, 'Settings', 'settings');
    const hours = page.getByRole('form', { name: 'Business hours' });
    await hours.getByLabel('Monday closes').fill('17:00');
    // Before the save: what it would re-count.
    await expect.poll(() => hours.getByTestId('recount-preview').textContent()).toMatch(/^Saving these hours (re-counts \d+ past calls?|changes no past call)/);
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await hours.getByText('Business hours saved.').waitFor();
    expect((await server.api('GET', '/salon/settings')).body.business_hours[0]).toEqual({ open: '09:00', close: '17:00' });
    // The settings come back (the form is drawn again from them) and the confirmation is still there.
    await page.waitForTimeout(1000);
    expect(await hours.getByText('Business hours saved.').isVisible()).toBe(true);
    await hours.getByRole('button', { name: 'Save hours' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-saved');
    await hours.getByLabel('Monday closes').fill('18:00');
    await hours.getByText('Business hours saved.').waitFor({ state: 'detached' });

    const zone = page.getByRole('form', { name: 'Time zone and region' }).getByLabel(/Time zone/);
    expect(await zone.getAttribute('list')).toBe('zones');
    const options = await page.locator('datalist#zones option').count();
    expect(options).toBeGreaterThan(300);
    expect(await page.locator('datalist#zones option[value="America/Chicago"]').count()).toBe(1);
    expect(ui.problems).toEqual([]);
  });
});
