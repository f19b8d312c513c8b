/**
 * Live, without a reload: a call posted to the webhook shows in the live calls within a
 * second, a caller card tells who is calling, the Overview counts follow as the call ends,
 * and a test call from the empty state shows (marked "test") without counting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Dashboard } from '../../electron/contract/index.js';
import { HAVE_CHROMIUM, openDashboard, openTab, readCards, screenshot, startE2eServer, waitForCard, type E2eBrowser, type E2eServer } from './support.js';

const NEW_CALLER = '+13125550142';
const KNOWN_CALLER = '+13125550199';

async function noReloadMarker(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __noReload?: string }).__noReload);
}

describe.skipIf(!HAVE_CHROMIUM)('live updates on the dashboard', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    ui = await openDashboard(server.url, { connected: true });
    page = ui.page;
    await page.evaluate(() => ((window as unknown as { __noReload: string }).__noReload = 'still the same page'));
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('an empty salon says how to connect the phone system, with the webhook URL and a test-call button', async () => {
    await page.getByText('No call has reached the desk yet.').waitFor();
    expect(await page.getByTestId('webhook-url').textContent()).toBe(`${server.url}/salon/call`);
    await page.getByRole('button', { name: 'Send a test call' }).waitFor();
    await screenshot(page, 'overview-empty');
  });

  it('a call posted to the webhook shows in the live calls within a second, with a caller card, and the counts follow', async () => {
    const before = await server.dashboard();
    expect(before.figures.calls_total).toBe(0);
    const posted = await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-live-1', from: NEW_CALLER, direction: 'inbound' });
    expect(posted.status).toBe(200);
    const sent = Date.now();
    await page.locator('[data-testid="live-calls"] li[data-call-sid="CA-live-1"]').waitFor({ timeout: 1000 });
    expect(Date.now() - sent).toBeLessThan(1000);
    await waitForCard(page, 'calls_total', 1);

    // Who is calling: nobody the salon knows yet, number formatted.
    const card = page.locator('.caller-card[data-call-sid="CA-live-1"]');
    await card.waitFor({ timeout: 1000 });
    await card.getByText('New caller').waitFor();
    expect(await card.locator('.caller-phone').textContent()).toBe('(312) 555-0142');
    await screenshot(page, 'caller-card-new');

    // It ends unanswered: out of the live list, counted as missed; every card equals the API's.
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-live-1', status: 'no-answer', duration_sec: 0 });
    await page.getByTestId('no-live-calls').waitFor({ timeout: 2000 });
    await waitForCard(page, 'calls_missed', 1);
    const after: Dashboard = await server.dashboard();
    const cards = await readCards(page);
    for (const [name, c] of Object.entries(cards)) expect(c.value, name).toBe(after.figures[name as keyof Dashboard['figures']]);
    expect(await noReloadMarker(page)).toBe('still the same page');
    await card.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('a known caller’s card shows their last visit, visits, no-shows and notes, and books for them in one click', async () => {
    const lastWeek = new Date(Date.now() - 8 * 86_400_000).toISOString();
    const booked = await server.api('POST', '/salon/appointment', {
      appointment_id: 'ext-maria-1',
      customer: { name: 'Maria Lopez', phone: KNOWN_CALLER },
      service: 'Hair Color',
      start: lastWeek,
    });
    expect(booked.status).toBe(200);
    await server.api('PATCH', '/salon/appointments/ext-maria-1', { status: 'completed' });
    const customerId = booked.body.appointment.customer_id as number;
    await server.api('PATCH', `/salon/customers/${customerId}`, { notes: 'Prefers Maria on Saturdays' });

    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-live-2', from: KNOWN_CALLER });
    const card = page.locator('.caller-card[data-call-sid="CA-live-2"]');
    await card.waitFor({ timeout: 1000 });
    await card.getByText('Prefers Maria on Saturdays').waitFor();
    expect(await card.locator('.caller-name').textContent()).toContain('Maria Lopez');
    expect(await card.getByTestId('caller-visits').textContent()).toBe('1');
    expect(await card.textContent()).toContain('Hair Color');
    await screenshot(page, 'caller-card-known');

    await card.getByRole('button', { name: 'Book for Maria Lopez' }).click();
    const panel = page.getByRole('dialog', { name: 'Book an appointment' });
    await panel.waitFor();
    expect(await panel.getByTestId('chosen-customer').textContent()).toContain('Maria Lopez');
    await panel.getByText('Booked during this call').waitFor();
    await page.keyboard.press('Escape');
    expect(await noReloadMarker(page)).toBe('still the same page');
  });

  it('a test call shows live with a “test” mark and counts in no figure', async () => {
    await openTab(page, 'Settings', 'settings');
    const before = await server.dashboard();
    await page.getByRole('button', { name: 'Send a test call' }).click();
    await page.getByText(/Test call .* sent/).waitFor();
    await openTab(page, 'Overview', 'overview');
    const row = page.locator('[data-testid="live-calls"] li.test');
    await row.waitFor({ timeout: 2000 });
    expect(await row.textContent()).toContain('test');
    const after = await server.dashboard();
    expect(after.figures.calls_total).toBe(before.figures.calls_total);
    expect(after.live_calls.some((c) => c.is_test)).toBe(true);
    expect(ui.problems).toEqual([]);
  });
});
