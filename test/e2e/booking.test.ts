/**
 * The front desk's day at 1280×720: booking a ringing regular in three actions without
 * scrolling, booking and naming an unknown caller, rescheduling from the profile in three
 * actions, the no-show refused before the start (cancel and early completion ask first, undo
 * stays), and the Today panel above the fold on a Monday morning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Appointment, Customer } from '../../electron/contract/index.js';
import { addDays, instantToWall, wallToInstant } from '../../renderer/src/format.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, screenshot, startE2eServer, type E2eBrowser, type E2eServer } from './support.js';

const REGULAR = '+13125550101';
const STRANGER = '+13125550177';
const DAY_MS = 86_400_000;
/** How the page names a moment: "Thu, Dec 10, 2:00 PM" in the salon's zone. */
const shown = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: SALON_ZONE, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

describe.skipIf(!HAVE_CHROMIUM)('the front desk’s day at 1280×720', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let regularId: number;
  let today: string;

  const appointments = async () => (await server.api<{ items: Appointment[] }>('GET', '/salon/appointments?limit=1000')).body.items;
  const customerByPhone = async (phone: string) => (await server.api<{ items: Customer[] }>('GET', `/salon/customers?query=${encodeURIComponent(phone)}`)).body.items[0]!;
  const panel = () => page.getByRole('dialog', { name: 'Book an appointment' });
  const actions = { count: 0 };
  const act = async (step: Promise<void>) => {
    actions.count += 1;
    await step;
  };
  const scrollY = () => page.evaluate(() => window.scrollY);
  /** The first day from `from` on that the salon opens (Monday to Saturday by default). */
  const openDayFrom = (from: string) => (weekday(from) === 6 ? addDays(from, 1) : from);

  beforeAll(async () => {
    server = await startE2eServer();
    today = instantToWall(Date.now(), SALON_ZONE).date;
    // A regular: two colours and a haircut, all done.
    for (const [i, service, daysAgo] of [[1, 'Hair Color', 70], [2, 'Haircut', 50], [3, 'Hair Color', 30]] as const) {
      const start = wallToInstant(addDays(today, -daysAgo), '10:00', SALON_ZONE).toISOString();
      const res = await server.api('POST', '/salon/appointment', { appointment_id: `past-${i}`, customer: { phone: REGULAR, name: 'Maria Lopez' }, service, start });
      expect(res.status).toBe(200);
      expect((await server.api('PATCH', `/salon/appointments/past-${i}`, { status: 'completed' })).status).toBe(200);
    }
    regularId = (await customerByPhone(REGULAR)).id;
    ui = await openDashboard(server.url, { height: 720, connected: true });
    page = ui.page;
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('a ringing regular is booked in 3 actions, with their usual service and price, without scrolling', async () => {
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-regular', from: REGULAR });
    const card = page.locator('.caller-card[data-call-sid="CA-regular"]');
    await card.getByRole('button', { name: 'Book for Maria Lopez' }).waitFor();
    actions.count = 0;
    await act(card.getByRole('button', { name: 'Book for Maria Lopez' }).click());
    const form = panel();
    await form.waitFor();
    // Focus lands in the panel; their usual service (Hair Color, twice) at its price.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('aria-labelledby'))).toBe('booking-panel-title');
    await expect.poll(() => form.locator('select[name="service"]').inputValue()).toBe('Hair Color');
    expect(await form.locator('input[name="price"]').inputValue()).toBe('120.00');
    const slot = form.locator('.free-starts .slot').first();
    await slot.waitFor();
    await act(slot.click());
    const date = await form.locator('input[name="date"]').inputValue();
    const time = await form.locator('input[name="time"]').inputValue();
    const submit = form.getByRole('button', { name: 'Book appointment' });
    const box = (await submit.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await act(submit.click());
    await form.getByRole('status').getByText(/^Booked: Hair Color for Maria Lopez/).waitFor();
    expect(actions.count).toBeLessThanOrEqual(3);
    expect(await scrollY()).toBe(0);
    await screenshot(page, 'booking-known-caller');

    const booked = (await appointments()).find((a) => a.call_sid === 'CA-regular')!;
    expect(booked).toMatchObject({ customer_id: regularId, service: 'Hair Color', price_cents: 12000, status: 'scheduled' });
    expect(booked.start).toBe(wallToInstant(date, time, SALON_ZONE).toISOString());
    expect(Date.parse(booked.start)).toBeGreaterThan(Date.now());
    await form.getByRole('button', { name: 'Close', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('an unknown caller is named and booked; "New customer" keeps the number; a closed day needs "book anyway"', async () => {
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-stranger', from: STRANGER });
    const card = page.locator('.caller-card[data-call-sid="CA-stranger"]');
    await card.getByRole('button', { name: 'Book for this caller' }).click();
    const form = panel();
    await form.waitFor();
    // Focus lands on the name: the first thing to ask.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await form.getByLabel('New customer').check();
    expect(await form.locator('input[name="phone"]').inputValue()).toBe(STRANGER);

    // Sunday at 3:00 AM: closed, and outside the hours; booking waits for "Book anyway".
    let sunday = addDays(today, 7);
    while (weekday(sunday) !== 6) sunday = addDays(sunday, 1);
    await form.locator('input[name="date"]').fill(sunday);
    await form.locator('input[name="time"]').fill('03:00');
    const concerns = form.getByTestId('booking-concerns');
    await concerns.waitFor();
    expect(await concerns.textContent()).toContain('The salon is closed on Sun');
    const submit = form.getByRole('button', { name: 'Book appointment' });
    expect(await submit.isDisabled()).toBe(true);
    await form.getByLabel('Book anyway').check();
    expect(await submit.isDisabled()).toBe(false);
    await screenshot(page, 'booking-book-anyway');

    // An ordinary start instead: the concerns go.
    await form.locator('input[name="date"]').fill(openDayFrom(addDays(today, 1)));
    await form.locator('.free-starts .slot').first().click();
    await concerns.waitFor({ state: 'detached' });
    await form.locator('input[name="name"]').fill('Rosa Diaz');
    await submit.click();
    await form.getByRole('status').getByText(/^Booked: .* for Rosa Diaz/).waitFor();
    await screenshot(page, 'booking-unknown-caller');
    const stranger = await customerByPhone(STRANGER);
    expect(stranger.name).toBe('Rosa Diaz');
    expect((await appointments()).find((a) => a.call_sid === 'CA-stranger')).toMatchObject({ customer_id: stranger.id, customer_name: 'Rosa Diaz' });
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('rescheduling from the profile takes 3 actions and confirms the new time; a time outside the hours needs "Move anyway"', async () => {
    const booked = (await appointments()).find((a) => a.call_sid === 'CA-regular')!;
    await page.evaluate((id) => (window.location.hash = `#customers/${id}`), regularId);
    const row = page.locator(`.upcoming li[data-appointment-id="${booked.id}"]`);
    await row.waitFor();
    actions.count = 0;
    await act(row.getByRole('button', { name: 'Reschedule' }).click());
    const slot = row.locator('.reschedule .free-starts .slot').last();
    await slot.waitFor();
    await act(slot.click());
    const form = row.locator('form.reschedule');
    const start = wallToInstant(await form.locator('input[name="date"]').inputValue(), await form.locator('input[name="time"]').inputValue(), SALON_ZONE).toISOString();
    expect(start).not.toBe(booked.start);
    await act(form.getByRole('button', { name: 'Move', exact: true }).click());
    const confirmation = page.locator('.upcoming [role="status"]');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toBe(`Moved to ${shown(start)}`);
    expect(actions.count).toBeLessThanOrEqual(3);
    await screenshot(page, 'reschedule-from-profile');
    expect((await server.api('GET', `/salon/appointments/${booked.id}`)).body.start).toBe(start);

    // A time outside the hours moves only with "Move anyway".
    await row.getByRole('button', { name: 'Reschedule' }).click();
    await form.locator('input[name="time"]').fill('03:00');
    await form.getByTestId('booking-concerns').waitFor();
    expect(await form.getByRole('button', { name: 'Move', exact: true }).isDisabled()).toBe(true);
    await form.getByLabel('Move anyway').check();
    expect(await form.getByRole('button', { name: 'Move', exact: true }).isEnabled()).toBe(true);
    await form.getByRole('button', { name: 'Keep the time' }).click();
    expect((await server.api('GET', `/salon/appointments/${booked.id}`)).body.start).toBe(start);
  });

  it('a no-show is refused before the start; cancelling and completing early ask first, and undo stays', async () => {
    const booked = (await appointments()).find((a) => a.call_sid === 'CA-regular')!;
    const row = page.locator(`.upcoming li[data-appointment-id="${booked.id}"]`);
    const noShow = row.getByRole('button', { name: 'No-show' });
    expect(await noShow.isDisabled()).toBe(true);
    expect(await noShow.getAttribute('title')).toBe(`Not before it starts (${shown(booked.start).split(', ').pop()})`);
    const refused = await server.api('PATCH', `/salon/appointments/${booked.id}`, { status: 'no_show' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/^status: a no-show cannot be recorded before the appointment starts/);
    await screenshot(page, 'no-show-refused');

    // Completing hours ahead asks first; "Keep it" changes nothing.
    await row.getByRole('button', { name: 'Complete' }).click();
    await row.getByText('mark it completed now?').waitFor();
    await row.getByRole('button', { name: 'Keep it' }).click();
    // Cancelling asks first, then Undo sets it back.
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Yes, cancel it' }).click();
    await row.locator('.status-pill.cancelled').waitFor();
    expect((await server.api('GET', `/salon/appointments/${booked.id}`)).body.status).toBe('cancelled');
    await row.getByRole('button', { name: 'Undo' }).click();
    await row.getByRole('button', { name: 'Reschedule' }).waitFor();
    expect((await server.api('GET', `/salon/appointments/${booked.id}`)).body.status).toBe('scheduled');
    expect(ui.problems).toEqual([]);
  });

  it('the Today panel, above the fold on a Monday morning: today’s appointments, call-backs newest first, overdue regulars, last week', async () => {
    const monday = addDays(today, -weekday(today));
    const mondayTen = wallToInstant(monday, '10:00', SALON_ZONE);
    await server.api('POST', '/salon/appointment', { appointment_id: 'monday-1', customer: { phone: REGULAR }, service: 'Blowout', start: wallToInstant(monday, '11:30', SALON_ZONE).toISOString() });
    const missed = async (sid: string, from: string, hoursAgo: number) => {
      const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
      await server.api('POST', '/salon/call', { event: 'started', call_sid: sid, from, timestamp: at });
      await server.api('POST', '/salon/call', { event: 'ended', call_sid: sid, status: 'no-answer', timestamp: at });
    };
    await missed('CA-older', '+13125550190', 30);
    await missed('CA-newer', '+13125550191', 2);

    await page.clock.setFixedTime(mondayTen);
    await page.goto(`${server.url}/#overview`);
    const panelToday = page.locator('section[data-section="today"]');
    await panelToday.locator('.today-list li[data-appointment-id="monday-1"]').waitFor();
    await panelToday.getByTestId('last-week').waitFor();
    await panelToday.locator('[data-testid="overdue-regulars"]').waitFor();

    const phones = await panelToday.locator('[data-testid="today-callbacks"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-phone')));
    expect(phones).toEqual(['+13125550191', '+13125550190']);
    const due = await server.api<{ total: number }>('GET', '/salon/customers/due');
    expect(Number(await panelToday.getByTestId('overdue-regulars').getAttribute('data-count'))).toBe(due.body.total);
    // The appointment has not started at 10:00: no no-show yet.
    const row = panelToday.locator('li[data-appointment-id="monday-1"]');
    expect(await row.getByRole('button', { name: 'No-show' }).isDisabled()).toBe(true);
    // Last week's report is one click away.
    expect(await panelToday.locator('.report-links').getAttribute('data-week')).toBe(addDays(monday, -7));
    await panelToday.locator('a.report-link[data-format="html"]').waitFor();

    const box = (await panelToday.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    expect(await scrollY()).toBe(0);
    await screenshot(page, 'today-panel');
    expect(Date.now() - mondayTen.getTime()).toBeLessThan(8 * DAY_MS);
  });
});
