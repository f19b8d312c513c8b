/**
 * Working the call-back list at 1280×720: three missed callers, "no answer" keeps one on the
 * list with the try shown, "left voicemail" takes one off, "reached" takes one off and Undo
 * puts them back; the order's rule shows on hover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const CALLERS = ['+13125550171', '+13125550172', '+13125550173'];

describe.skipIf(!HAVE_CHROMIUM)('the call-back list', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    for (const [i, from] of CALLERS.entries()) {
      await server.api('POST', '/salon/call', { event: 'started', call_sid: `CA-miss-${i}`, from, caller_name: `Caller ${i + 1}` });
      await server.api('POST', '/salon/call', { event: 'ended', call_sid: `CA-miss-${i}`, status: 'no-answer' });
    }
    ui = await openDashboard(server.url, { hash: '#calls', height: 720, connected: true });
    page = ui.page;
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  const row = (phone: string) => page.locator(`table.callbacks tr[data-phone="${phone}"]`);
  const listed = async () => (await server.dashboard()).callback_list.map((e) => e.phone).sort();

  it('three call-backs: no answer stays with the try counted, voicemail and reached leave, and Undo brings one back', async () => {
    await openTab(page, 'Calls', 'calls');
    for (const phone of CALLERS) await row(phone).waitFor();

    // The rule of the order, on hover.
    await page.getByTestId('rank-rule').hover();
    await page.getByRole('tooltip').filter({ hasText: 'stake × freshness' }).waitFor();

    await row(CALLERS[0]!).getByRole('button', { name: 'No answer' }).click();
    await page.getByTestId('callback-recorded').filter({ hasText: 'no answer' }).waitFor();
    await row(CALLERS[0]!).locator('td.attempts[data-tried-back="1"]').waitFor();
    await row(CALLERS[0]!).getByText('called back 1 time, no answer').waitFor();

    await row(CALLERS[1]!).getByRole('button', { name: 'Left voicemail' }).click();
    await row(CALLERS[1]!).waitFor({ state: 'detached' });
    await page.getByTestId('callback-recorded').filter({ hasText: 'voicemail left' }).waitFor();

    await row(CALLERS[2]!).getByRole('button', { name: 'Reached' }).click();
    await row(CALLERS[2]!).waitFor({ state: 'detached' });
    await page.getByTestId('callback-recorded').filter({ hasText: 'Caller 3: reached' }).waitFor();
    expect(await listed()).toEqual([CALLERS[0]]);
    await screenshot(page, 'callbacks-after-outcomes');

    await page.getByTestId('callback-recorded').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('callback-recorded').filter({ hasText: 'Undone: Caller 3 is back on the list' }).waitFor();
    await row(CALLERS[2]!).waitFor();
    expect(await listed()).toEqual([CALLERS[0], CALLERS[2]]);
    // The list is not a short scrolling box: it may take the height of the window.
    const box = await page.locator('.callback-wrap').evaluate((el) => getComputedStyle(el).maxHeight);
    expect(parseFloat(box)).toBeGreaterThan(500);
    await screenshot(page, 'callbacks-after-undo');
    expect(ui.problems).toEqual([]);
  });
});
