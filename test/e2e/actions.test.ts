/**
 * Front-desk actions from the page: booking (new and existing customer, price defaulting from
 * the service), completing and cancelling change the figures; a bad input shows the server's
 * error and stores nothing; notes are saved; a missed caller is marked as called back.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Appointment, Dashboard } from '../../electron/contract/index.js';
import { wallToInstant } from '../../renderer/src/format.js';
import { tableCounts } from '../support/child.js';
import { HAVE_CHROMIUM, SALON_ZONE, openDashboard, openTab, screenshot, startE2eServer, waitForCard, type E2eBrowser, type E2eServer } from './support.js';

describe.skipIf(!HAVE_CHROMIUM)('front-desk actions from the dashboard', { timeout: 60_000 }, () => {
  let server: E2eServer;
  let ui: E2eBrowser;
  let page: Page;
  let week: Dashboard['week'];

  const counts = () => {
    const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
    try {
      return tableCounts(db);
    } finally {
      db.close();
    }
  };
  const booking = () => page.locator('dialog.booking-panel form.booking');
  /** The week's first day may be past by now: a past start asks for "Book anyway". */
  const bookAnywayIfAsked = async () => {
    if (await booking().getByTestId('booking-concerns').count()) await booking().getByLabel('Book anyway').check();
  };
  const appointments = async () => (await server.api<{ items: Appointment[] }>('GET', '/salon/appointments?limit=100')).body.items;

  beforeAll(async () => {
    server = await startE2eServer();
    week = (await server.dashboard()).week;
    ui = await openDashboard(server.url, { hash: '#appointments', connected: true });
    page = ui.page;
    await page.getByRole('button', { name: 'Book an appointment' }).click();
    await booking().locator('select[name="service"] option').first().waitFor({ state: 'attached' });
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    await server?.dispose();
  });

  it('a bad phone number shows the server’s error as it said it, and nothing is stored', async () => {
    const before = counts();
    const form = booking();
    await form.getByLabel('New customer').check();
    await form.locator('input[name="name"]').fill('Bad Number');
    await form.locator('input[name="phone"]').fill('12');
    await form.locator('input[name="date"]').fill(week.start);
    await form.locator('input[name="time"]').fill('10:00');
    await bookAnywayIfAsked();
    await form.getByRole('button', { name: 'Book appointment' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    // The same request straight to the API answers the same message.
    const direct = await server.api('POST', '/salon/appointment', {
      customer: { phone: '12', name: 'Bad Number' },
      service: 'Blowout',
      start: wallToInstant(week.start, '10:00', SALON_ZONE).toISOString(),
    });
    expect(direct.status).toBe(400);
    expect(await alert.locator('.error-message').textContent()).toBe(direct.body.error);
    await screenshot(page, 'booking-error');
    // A price that is not an amount: refused by the server too.
    await form.locator('input[name="phone"]').fill('(312) 555-0101');
    await form.locator('input[name="price"]').fill('-5');
    await bookAnywayIfAsked();
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await expect.poll(() => alert.textContent()).toContain('price');
    expect(counts()).toEqual(before);
    expect(await appointments()).toHaveLength(0);
  });

  it('booking a new customer, then an existing one, changes the figures', async () => {
    const form = booking();
    await form.locator('input[name="price"]').fill('');
    await form.locator('select[name="service"]').selectOption('Haircut');
    // The price follows the service until the desk types its own.
    await expect.poll(() => form.locator('input[name="price"]').inputValue()).toBe('45.00');
    await form.locator('input[name="name"]').fill('Ana Ruiz');
    await form.locator('input[name="phone"]').fill('(312) 555-0101');
    await form.locator('input[name="date"]').fill(week.start);
    await form.locator('input[name="time"]').fill('10:00');
    await bookAnywayIfAsked();
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await form.getByText(/^Booked: Haircut for Ana Ruiz/).waitFor();
    await waitForCard(page, 'appointments_booked', 1);
    await waitForCard(page, 'appointments_scheduled', 1);
    const [first] = await appointments();
    expect(first).toMatchObject({ customer_name: 'Ana Ruiz', customer_phone: '+13125550101', service: 'Haircut', price_cents: 4500, status: 'scheduled' });
    expect(first!.start).toBe(wallToInstant(week.start, '10:00', SALON_ZONE).toISOString());

    // An existing customer, found by a fragment of the number, with a price of the desk's own.
    await form.getByLabel('Existing customer').check();
    await form.locator('input[name="customer-search"]').fill('555-0101');
    await form.locator('ul.matches button', { hasText: 'Ana Ruiz' }).click();
    await form.locator('select[name="service"]').selectOption('Blowout');
    await expect.poll(() => form.locator('input[name="price"]').inputValue()).toBe('35.00');
    await form.locator('input[name="price"]').fill('40');
    await form.locator('input[name="date"]').fill(week.start);
    await form.locator('input[name="time"]').fill('14:30');
    await bookAnywayIfAsked();
    await form.getByRole('button', { name: 'Book appointment' }).click();
    await form.getByText(/^Booked: Blowout for Ana Ruiz/).waitFor();
    await waitForCard(page, 'appointments_booked', 2);
    const all = await appointments();
    expect(all).toHaveLength(2);
    expect(all.find((a) => a.service === 'Blowout')).toMatchObject({ customer_id: first!.customer_id, price_cents: 4000 });
    await form.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('completing and cancelling from the list change the figures', async () => {
    const all = await appointments();
    const haircut = all.find((a) => a.service === 'Haircut')!;
    const blowout = all.find((a) => a.service === 'Blowout')!;
    const haircutRow = page.locator(`tr[data-appointment-id="${haircut.id}"]`);
    await haircutRow.getByRole('button', { name: 'Complete' }).click();
    // More than 15 minutes before its start, completing asks first.
    if (Date.parse(haircut.start) - Date.now() > 15 * 60_000) await haircutRow.getByRole('button', { name: 'Yes, completed' }).click();
    await waitForCard(page, 'appointments_completed', 1);
    await waitForCard(page, 'revenue_cents', 4500);
    await page.locator(`tr[data-appointment-id="${blowout.id}"]`).getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`tr[data-appointment-id="${blowout.id}"]`).getByRole('button', { name: 'Yes, cancel it' }).click();
    await waitForCard(page, 'cancellations', 1);
    await waitForCard(page, 'cancellation_rate', 0.5);
    const d = await server.dashboard();
    expect(d.figures).toMatchObject({ appointments_completed: 1, cancellations: 1, revenue_cents: 4500, revenue_per_appointment_cents: 4500, cancellation_rate: 0.5 });
    expect(await page.locator(`tr[data-appointment-id="${haircut.id}"] [data-status]`).getAttribute('data-status')).toBe('completed');
    await screenshot(page, 'appointments-after-actions');
  });

  it('a customer’s notes are edited and saved', async () => {
    const [a] = await appointments();
    await page.locator(`tr[data-appointment-id="${a!.id}"]`).getByRole('button', { name: 'Ana Ruiz' }).click();
    const profile = page.locator(`.profile[data-customer-id="${a!.customer_id}"]`);
    await profile.waitFor();
    await profile.locator('textarea[name="notes"]').fill('Allergic to ammonia; likes Maria');
    await profile.getByRole('button', { name: 'Save' }).click();
    await profile.getByText('Saved.').waitFor();
    const customer = await server.api('GET', `/salon/customers/${a!.customer_id}`);
    expect(customer.body.notes).toBe('Allergic to ammonia; likes Maria');
  });

  it('a missed caller is marked as reached and leaves the list', async () => {
    await server.api('POST', '/salon/call', { event: 'started', call_sid: 'CA-missed-1', from: '+13125550177' });
    await server.api('POST', '/salon/call', { event: 'ended', call_sid: 'CA-missed-1', status: 'no-answer' });
    await openTab(page, 'Calls', 'calls');
    const row = page.locator('table.callbacks tr[data-phone="+13125550177"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Reached' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await server.dashboard()).callback_list).toEqual([]);
    expect(ui.problems).toEqual([]);
  });
});
