/**
 * Several calls at once at 1280×720: at most three cards, all within the window with their name,
 * × and buttons reachable, "+N more" for the rest; the cards sit in a rail of their own and
 * cover none of the page's buttons; an answered call's card fades 60 s after it ended (the
 * page's clock is driven by the test), a missed call's card stays until dismissed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HAVE_CHROMIUM, openDashboard, openTab, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const PHONES = ['+13125550181', '+13125550182', '+13125550183', '+13125550184'];

describe.skipIf(!HAVE_CHROMIUM)('caller cards', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startE2eServer();
    // A regular with a visit behind her and one coming: her card has the most to show.
    const start = new Date(Date.now() + 2 * 3600_000).toISOString();
    await server.api('POST', '/salon/appointment', { appointment_id: 'ext-past', customer: { name: 'Ana Ruiz', phone: PHONES[0] }, service: 'Haircut', start: new Date(Date.now() - 9 * 86_400_000).toISOString() });
    await server.api('PATCH', '/salon/appointments/ext-past', { status: 'completed' });
    await server.api('POST', '/salon/appointment', { appointment_id: 'ext-next', customer: { name: 'Ana Ruiz', phone: PHONES[0] }, service: 'Hair Color', start });
    ui = await openDashboard(server.url, { hash: '#appointments', height: 720 });
    page = ui.page;
    await page.clock.install();
    await page.reload();
    await page.locator('[data-connection="open"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  const card = (sid: string) => page.locator(`.caller-card[data-call-sid="${sid}"]`);

  /** The element is inside the window and is what a click at its centre reaches. */
  async function reachable(target: Locator): Promise<void> {
    const box = (await target.boundingBox())!;
    expect(box.y, await target.textContent() ?? '').toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit !== null && (hit === el || el.contains(hit));
    })).toBe(true);
  }

  it('four calls ring at once: three cards in the window, every one reachable, "+1 more", and no button of the page covered', async () => {
    // They started ringing half a minute ago, so a missed one has rung out, past the 15 s a hang-up takes.
    const ringingSince = (i: number) => new Date(Date.now() - 30_000 + (3 - i) * 1000).toISOString();
    for (const i of [3, 2, 1, 0]) {
      await server.api('POST', '/salon/call', { event: 'started', call_sid: `CA-ring-${i}`, from: PHONES[i], timestamp: ringingSince(i), ...(i === 0 ? {} : { caller_name: `Caller ${i}` }) });
    }
    // Ana rings last: her card, the newest, is on top with her history; the first caller waits behind "+1 more".
    for (const sid of ['CA-ring-0', 'CA-ring-1', 'CA-ring-2']) await card(sid).waitFor();
    await card('CA-ring-0').getByTestId('caller-visits').waitFor();
    expect(await page.locator('.caller-card').count()).toBe(3);
    const more = page.getByRole('button', { name: '+1 more' });
    await more.waitFor();
    for (const sid of ['CA-ring-0', 'CA-ring-1', 'CA-ring-2']) {
      await reachable(card(sid).locator('.caller-name'));
      await reachable(card(sid).getByRole('button', { name: 'Dismiss' }));
      await reachable(card(sid).getByRole('button', { name: /^Book for/ }));
    }
    await reachable(more);
    // The page's own buttons (the booking form, the appointments' actions) are never under a card.
    await openTab(page, 'Appointments', 'appointments');
    await page.locator('main button').first().waitFor();
    const covered = await page.locator('main button:visible').evaluateAll((buttons) =>
      buttons
        .filter((b) => {
          const r = b.getBoundingClientRect();
          if (r.bottom < 0 || r.top > window.innerHeight) return false;
          const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return hit !== null && hit.closest('.caller-cards') !== null;
        })
        .map((b) => b.textContent),
    );
    expect(covered).toEqual([]);
    await screenshot(page, 'caller-cards-three-at-once');

    await more.click();
    await card('CA-ring-3').waitFor();
    expect(await card('CA-ring-3').locator('.caller-name').textContent()).toContain('Caller 3');
    await card('CA-ring-0').getByTestId('caller-visits').waitFor();
    await reachable(page.getByRole('button', { name: 'Show the newest 3 only' }));
  });

  it('an answered call’s card fades 60 s after the end; a missed call’s card stays until dismissed', async () => {
    await server.api('POST', '/salon/call', { event: 'answered', call_sid: 'CA-ring-0' });
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-ring-0', status: 'completed', duration_sec: 60 });
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-ring-1', status: 'no-answer' });
    await card('CA-ring-0').locator('.call-state', { hasText: 'answered' }).waitFor();
    await card('CA-ring-1').locator('.call-state', { hasText: 'missed — rang out' }).waitFor();
    await page.clock.fastForward(30_000);
    expect(await card('CA-ring-0').count()).toBe(1);
    await page.clock.fastForward(31_000);
    await card('CA-ring-0').waitFor({ state: 'detached' });
    await page.clock.fastForward(10 * 60_000);
    expect(await card('CA-ring-1').count()).toBe(1);
    await screenshot(page, 'caller-cards-after-fade');
    await card('CA-ring-1').getByRole('button', { name: 'Dismiss' }).click();
    await card('CA-ring-1').waitFor({ state: 'detached' });
    expect(ui.problems).toEqual([]);
  });
});
